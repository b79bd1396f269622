#!/usr/bin/python3
"""DDL commit time over the wire (docs/wal.md "Schema changes"): BIN serve on
a fresh data directory, ROWS rows (bigint key + text) loaded, a writer
committing single-row upserts in a thread; prints each DDL COMMIT's time and
the longest writer commit overlapping it.  bench/ddl_commit.py BIN ROWS"""
import os, re, subprocess, sys, tempfile, threading, time
import psycopg2
BIN, ROWS = sys.argv[1], int(sys.argv[2])
work = tempfile.mkdtemp(prefix="ddlbench.")
log = open(os.path.join(work, "log"), "w")
p = subprocess.Popen([BIN, "serve", "--data", os.path.join(work, "data"), "--port", "0"], stdout=log, stderr=log)
port = None
for _ in range(600):
    text = open(os.path.join(work, "log")).read()
    m = re.search(r"port (\d+)\n", text)
    if m and "ready to accept connections" in text:
        port = int(m.group(1)); break
    time.sleep(0.05)
def connect():
    c = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres"); c.autocommit = True; return c
c = connect(); cur = c.cursor()
cur.execute("CREATE TABLE t (id bigint PRIMARY KEY, v text)")
for f in range(1, ROWS + 1, 100000):
    cur.execute("INSERT INTO t SELECT g, 'value ' || g FROM generate_series(%d, %d) g" % (f, min(ROWS, f + 99999)))
stop = False; commits = []
def writer():
    w = connect().cursor(); i = 0
    while not stop:
        s = time.monotonic()
        w.execute("INSERT INTO t VALUES (%s, 'upsert') ON CONFLICT (id) DO UPDATE SET v = excluded.v", (1 + (i * 7919) % ROWS,))
        commits.append((s, time.monotonic())); i += 1
th = threading.Thread(target=writer); th.start(); time.sleep(0.5)
for sql in ["CREATE TABLE small (x int)", "ALTER TABLE small ADD COLUMN y int DEFAULT 0", "CREATE INDEX small_x ON small (x)", "TRUNCATE small"]:
    cur.execute("BEGIN"); cur.execute(sql)
    t0 = time.monotonic(); cur.execute("COMMIT"); t1 = time.monotonic()
    time.sleep(0.3)
    over = [e - s for s, e in list(commits) if not (e < t0 or s > t1)]
    print("%d rows, %-45s COMMIT %7.1f ms; longest writer commit overlapping %7.1f ms" % (ROWS, sql, (t1 - t0) * 1000, max(over or [0]) * 1000))
stop = True; th.join(); p.terminate(); p.wait(); subprocess.run(["rm", "-rf", work])

#!/usr/bin/python3
"""Crash test: `upsertdb serve` under a concurrent write load, killed with
SIGKILL at random moments and restarted on the same data directory, cycle
after cycle. Each client records every commit the server acknowledged; after
each restart:
  - every acknowledged commit is present (events, upserts);
  - nothing is present that no client attempted, and no client has more than
    its one in-flight (unacknowledged) commit applied;
  - multi-statement transfers balance: the total never changes;
  - unique and primary keys hold (no duplicates);
  - sequences never hand out an acknowledged value twice;
  - schema changes (one client creates, fills, indexes, alters, rewrites and
    drops tables of its own while the others write) are there exactly as
    far as they were acknowledged, plus at most the one in flight.

  crash_test.py BUILD_DIR [CYCLES] [SEED]
CRASH_SERVER_ARGS adds server options (e.g. "-c synchronous_commit=off", under
which the test must fail: acknowledged commits are lost by design).
Uses Debian's python3-psycopg2. Exits non-zero on the first violation.
"""
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

import psycopg2

BIN = os.path.join(sys.argv[1] if len(sys.argv) > 1 else "build/release", "upsertdb")
CYCLES = int(sys.argv[2]) if len(sys.argv) > 2 else 5
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else int(time.time())
WORKERS = 6
ACCOUNTS = 20
TOTAL = ACCOUNTS * 1000
rng = random.Random(SEED)


class Server:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.proc = None
        self.port = None
        self.log_path = os.path.join(os.path.dirname(data_dir), "server.log")

    def start(self):
        log = open(self.log_path, "a")
        offset = log.tell()
        extra = os.environ.get("CRASH_SERVER_ARGS", "").split()
        self.proc = subprocess.Popen([BIN, "serve", "--data", self.data_dir, "--port", "0"] + extra,
                                     stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("server exited at start (code %s); log:\n%s" % (self.proc.returncode, open(self.log_path).read()))
            with open(self.log_path) as f:
                f.seek(offset)
                text = f.read()
            m = re.search(r'port (\d+)\n', text)
            if m and "ready to accept connections" in text:
                self.port = int(m.group(1))
                return
            time.sleep(0.05)
        raise SystemExit("server did not start; log:\n" + open(self.log_path).read())

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def connect(self):
        c = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", connect_timeout=10)
        c.autocommit = True
        return c


class Worker(threading.Thread):
    """One client. `acked` holds what the server acknowledged; `attempt` the
    commit in flight when the connection died (it may or may not have landed)."""

    def __init__(self, server, wid, state):
        super().__init__(daemon=True)
        self.server, self.wid, self.state = server, wid, state
        self.r = random.Random(SEED * 100 + wid + state["cycle"] * 1000)

    def run(self):
        st = self.state
        try:
            conn = self.server.connect()
            cur = conn.cursor()
            while not st["stop"]:
                op = self.r.random()
                if op < 0.35:   # a transfer in one transaction: two updates, one commit
                    a, b = self.r.sample(range(1, ACCOUNTS + 1), 2)
                    amount = self.r.randint(1, 50)
                    cur.execute("BEGIN")
                    cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, a))
                    cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, b))
                    cur.execute("COMMIT")
                elif op < 0.7:  # an event with a client-chosen unique key and a serial id
                    seq = st["next_seq"][self.wid]
                    st["attempt_event"][self.wid] = seq
                    cur.execute("INSERT INTO events (client, seq) VALUES (%s, %s) RETURNING id", (self.wid, seq))
                    (eid,) = cur.fetchone()
                    st["acked_events"][(self.wid, seq)] = eid
                    st["next_seq"][self.wid] = seq + 1
                    st["attempt_event"][self.wid] = None
                else:           # an upsert on this client's own keys
                    k = self.wid * 100 + self.r.randint(0, 9)
                    v = self.r.randint(1, 10 ** 9)
                    st["attempt_kv"][self.wid] = (k, v)
                    cur.execute("INSERT INTO kv (k, v) VALUES (%s, %s) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, n = kv.n + 1",
                                (k, v))
                    st["acked_kv"][k] = v
                    st["attempt_kv"][self.wid] = None
        except psycopg2.Error:
            pass   # the server went away mid-statement: expected
        except OSError:
            pass


# The schema-change client's steps on its table ddl_N; after step 6 the
# previous table is dropped (step 6 of table N is the drop of table N-1).
DDL_STEPS = [
    "CREATE TABLE ddl_{n} (id int PRIMARY KEY, v text)",
    "INSERT INTO ddl_{n} SELECT g, 'v' || g FROM generate_series(1, 50) g",
    "CREATE UNIQUE INDEX ddl_{n}_lower ON ddl_{n} (lower(v))",
    "ALTER TABLE ddl_{n} ADD COLUMN w int DEFAULT {n}",
    "ALTER TABLE ddl_{n} ALTER COLUMN id TYPE bigint",
    "DROP TABLE IF EXISTS ddl_{prev}",
]


class DdlWorker(threading.Thread):
    """Schema changes under the others' load. state["ddl"] = (table, steps
    acknowledged on it); state["ddl_attempt"] = the step in flight."""

    def __init__(self, server, state):
        super().__init__(daemon=True)
        self.server, self.state = server, state

    def run(self):
        st = self.state
        try:
            conn = self.server.connect()
            cur = conn.cursor()
            while not st["stop"]:
                n, done = st["ddl"]
                if done == len(DDL_STEPS):
                    n, done = n + 1, 0
                    st["ddl"] = (n, 0)
                st["ddl_attempt"] = (n, done + 1)
                cur.execute(DDL_STEPS[done].format(n=n, prev=n - 1))
                st["ddl"] = (n, done + 1)
                st["ddl_attempt"] = None
                time.sleep(0.02)
        except (psycopg2.OperationalError, psycopg2.InterfaceError, OSError):
            pass   # the server went away mid-statement: expected
        except psycopg2.Error as e:
            st["ddl_error"] = "%s: %s" % (e.pgcode, e)


def observed_ddl_steps(cur, n):
    """How many of DDL_STEPS table ddl_N shows (step 6 shows on ddl_{N-1})."""
    cur.execute("SELECT relname FROM pg_class WHERE relname IN (%s, %s, %s)",
                ("ddl_%d" % n, "ddl_%d_lower" % n, "ddl_%d" % (n - 1)))
    rels = {r for (r,) in cur.fetchall()}
    if "ddl_%d" % n not in rels:
        return 0
    cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
                ("ddl_%d" % n,))
    cols = dict(cur.fetchall())
    cur.execute("SELECT count(*), count(DISTINCT lower(v)) FROM ddl_%d" % n)
    rows, distinct = cur.fetchone()
    if rows not in (0, 50) or distinct != rows:
        fail("ddl_%d has %d rows (%d distinct)" % (n, rows, distinct))
    steps = 1 + (rows == 50) + ("ddl_%d_lower" % n in rels) + ("w" in cols) + (cols.get("id") == "bigint")
    if "w" in cols:
        cur.execute("SELECT count(*) FROM ddl_%d WHERE w = %d" % (n, n))
        if cur.fetchone()[0] != rows:
            fail("ddl_%d: column w lost its default %d" % (n, n))
    if steps == 5 and n > 0 and "ddl_%d" % (n - 1) not in rels:
        steps = 6
    return steps


def verify_ddl(cur, state):
    if state["ddl_error"]:
        fail("schema change failed: " + state["ddl_error"])
    n, acked = state["ddl"]
    seen = observed_ddl_steps(cur, n)
    attempt = state["ddl_attempt"]
    allowed = {acked} | ({attempt[1]} if attempt and attempt[0] == n else set())
    if seen not in allowed:
        fail("table ddl_%d shows %d schema steps after restart; acknowledged %d, in flight %s" % (n, seen, acked, attempt))
    if seen < len(DDL_STEPS):   # the previous table stays until step 6
        cur.execute("SELECT count(*) FROM pg_class WHERE relname = %s", ("ddl_%d" % (n - 1),))
        if cur.fetchone()[0] != 1 or observed_ddl_steps(cur, n - 1) != len(DDL_STEPS):
            fail("table ddl_%d (completed earlier) is not whole after restart" % (n - 1))
    state["ddl"] = (n, seen)
    state["ddl_attempt"] = None


def fail(msg):
    print("FAIL (seed %d): %s" % (SEED, msg))
    sys.exit(1)


def verify(server, state):
    conn = server.connect()
    cur = conn.cursor()
    cur.execute("SELECT count(*), sum(balance) FROM accounts")
    n, total = cur.fetchone()
    if n != ACCOUNTS or total != TOTAL:
        fail("accounts: %s rows, total %s (expected %d, %d)" % (n, total, ACCOUNTS, TOTAL))

    cur.execute("SELECT client, seq, id FROM events")
    rows = cur.fetchall()
    present = {(c, s): i for c, s, i in rows}
    if len(present) != len(rows):
        fail("duplicate (client, seq) in events")
    if len({i for _, _, i in rows}) != len(rows):
        fail("duplicate event ids")
    for key, eid in state["acked_events"].items():
        if present.get(key) != eid:
            fail("acknowledged event %s (id %d) is %s after restart" % (key, eid, present.get(key)))
    for (c, s) in present:
        if (c, s) not in state["acked_events"]:
            if state["attempt_event"].get(c) != s:
                fail("event %s is present but was never acknowledged nor in flight" % ((c, s),))
            # It landed: the client just never heard. Count it as acknowledged from now on.
            state["acked_events"][(c, s)] = present[(c, s)]
            state["next_seq"][c] = s + 1
    for c, s in list(state["attempt_event"].items()):
        if s is not None and (c, s) not in present:
            state["attempt_event"][c] = None

    cur.execute("SELECT k, v FROM kv")
    kv = dict(cur.fetchall())
    for k, v in state["acked_kv"].items():
        if kv.get(k) != v:
            inflight = [a for a in state["attempt_kv"].values() if a and a[0] == k]
            if not (inflight and kv.get(k) == inflight[0][1]):
                fail("kv[%d] = %s after restart, acknowledged %d" % (k, kv.get(k), v))
            state["acked_kv"][k] = kv[k]
    for k, v in kv.items():
        if k not in state["acked_kv"]:
            inflight = [a for a in state["attempt_kv"].values() if a and a[0] == k]
            if not (inflight and inflight[0][1] == v):
                fail("kv[%d] = %d present but never acknowledged" % (k, v))
            state["acked_kv"][k] = v
    for w in state["attempt_kv"]:
        state["attempt_kv"][w] = None
    verify_ddl(cur, state)
    conn.close()
    return len(present), len(kv)


def main():
    work = tempfile.mkdtemp(prefix="upsertdb-crash.")
    server = Server(os.path.join(work, "data"))
    server.start()
    conn = server.connect()
    cur = conn.cursor()
    cur.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)")
    cur.execute("INSERT INTO accounts SELECT g, 1000 FROM generate_series(1, %d) g" % ACCOUNTS)
    cur.execute("CREATE TABLE events (id bigserial PRIMARY KEY, client int NOT NULL, seq int NOT NULL, UNIQUE (client, seq))")
    cur.execute("CREATE TABLE kv (k int PRIMARY KEY, v bigint NOT NULL, n int NOT NULL DEFAULT 0)")
    for step in DDL_STEPS[:-1]:   # ddl_0, whole: the first table the schema client drops
        cur.execute(step.format(n=0, prev=None))
    conn.close()

    state = {"stop": False, "cycle": 0, "acked_events": {}, "acked_kv": {},
             "next_seq": {w: 0 for w in range(WORKERS)}, "attempt_event": {w: None for w in range(WORKERS)},
             "attempt_kv": {w: None for w in range(WORKERS)}, "ddl": (1, 0), "ddl_attempt": None, "ddl_error": None}
    print("crash test: %d cycles, %d clients, seed %d" % (CYCLES, WORKERS, SEED))
    for cycle in range(1, CYCLES + 1):
        state["stop"] = False
        state["cycle"] = cycle
        workers = [Worker(server, w, state) for w in range(WORKERS)] + [DdlWorker(server, state)]
        for w in workers:
            w.start()
        time.sleep(rng.uniform(0.3, 2.0))
        server.kill()
        state["stop"] = True
        for w in workers:
            w.join(timeout=30)
        t0 = time.time()
        server.start()
        events, keys = verify(server, state)
        print("cycle %d: killed, restarted in %.2f s; %d events, %d keys, balances hold; schema at ddl_%d step %d" %
              (cycle, time.time() - t0, events, keys, state["ddl"][0], state["ddl"][1]))
    server.proc.send_signal(signal.SIGTERM)
    server.proc.wait(timeout=60)
    subprocess.run(["rm", "-rf", work])
    print("crash test: %d cycles passed" % CYCLES)


if __name__ == "__main__":
    main()

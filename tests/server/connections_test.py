"""Many clients at once, and `upsertdb serve --config FILE`.

    /usr/bin/python3 connections_test.py PATH/TO/upsertdb

Starts a server whose settings come from a postgresql.conf-style file (with a
-c on the command line that overrides one of them), opens 120 connections at
once, each its own session, checks they all work and see the file's settings,
measures what the idle connections cost in server memory, checks that
max_connections refuses the next one with PostgreSQL's 53300 and that the
server carries on, that SIGTERM tells idle clients why they are disconnected
(FATAL 57P01) without waiting for them, and that a malformed file stops the server from starting
with PostgreSQL's syntax-error text. Prints one line per check."""
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients"))
from checks import check, finish  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="upsertdb-conn.")
CONNECTIONS = 120


def raw_idle_client(port):
    """A protocol-3 client that has logged in and sits idle; returns its socket."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    params = b"user\0postgres\0database\0postgres\0\0"
    sock.sendall(struct.pack("!ii", 8 + len(params), 196608) + params)
    got = b""
    while not got.endswith(b"Z\0\0\0\x05I"):
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("server closed the connection during startup")
        got += chunk
    return sock


def read_until_closed(sock):
    got = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        got += chunk
    sock.close()
    return got


def start(args):
    log = os.path.join(WORK, "server.log")
    proc = subprocess.Popen([BIN, "serve", "--data", os.path.join(WORK, "data"), "--port", "0"] + args,
                            stderr=open(log, "w"))
    deadline = time.time() + 30
    while time.time() < deadline:
        text = open(log).read()
        m = re.search(r'port (\d+)\n', text)
        if m and "ready to accept connections" in text:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError("server did not start:\n" + open(log).read())


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


conf = os.path.join(WORK, "upsertdb.conf")
with open(conf, "w") as f:
    f.write("# settings for this test\n"
            "max_connections = 121          # 120 clients and the probe\n"
            "statement_timeout = '5s'\n"
            "application_name = 'from file'\n"
            "fsync = off\n")
proc, port = start(["--config", conf, "-c", "application_name=from command line"])
try:
    def connect():
        return psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")

    probe = connect()
    probe.autocommit = True
    cur = probe.cursor()
    cur.execute("select current_setting('statement_timeout'), current_setting('application_name')")
    check("--config settings reach sessions; -c wins over the file", cur.fetchone(), ("5s", "from command line"))
    cur.execute("create table hits (conn int primary key, pid int not null)")

    before = rss_kb(proc.pid)
    conns, errors = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(CONNECTIONS)

    def client(i):
        try:
            c = connect()
            c.autocommit = True
            with lock:
                conns.append(c)
            barrier.wait(timeout=60)
            cc = c.cursor()
            cc.execute("insert into hits values (%s, pg_backend_pid()) returning conn", (i,))
            cc.fetchone()
        except Exception as e:
            errors.append(str(e).strip())

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("%d connections at once: no errors" % CONNECTIONS, errors[:2], [])
    cur.execute("select count(*), count(distinct pid) from hits")
    check("each connection is its own session (distinct backend pids)", cur.fetchone(), (CONNECTIONS, CONNECTIONS))

    time.sleep(0.5)
    per_conn_kb = (rss_kb(proc.pid) - before) / CONNECTIONS
    print("     idle connection cost: %.0f kB of server RSS each (%d connections)" % (per_conn_kb, CONNECTIONS))
    # PostgreSQL forks a backend of several MB per connection; a thread and a session must stay well below 1 MB.
    check("an idle connection costs under 1 MB of server memory", per_conn_kb < 1024, True)

    try:
        connect()
        check("max_connections refuses the next client", "connected", "53300")
    except psycopg2.OperationalError as e:
        check("max_connections refuses the next client with 53300's text",
              "sorry, too many clients already" in str(e), True)
    for c in conns:
        c.close()
    time.sleep(0.3)
    again = connect()
    check("after the clients leave, new connections are accepted", again.closed, 0)
    again.close()
    probe.close()

    # A clean stop with clients sitting idle: each is told why, as PostgreSQL
    # tells it (FATAL 57P01), and the server does not wait for them. Raw
    # sockets, because libpq may lose the message to the connection reset.
    idle = [raw_idle_client(port) for _ in range(3)]
    started = time.time()
    proc.send_signal(signal.SIGTERM)
    told = [read_until_closed(s) for s in idle]
    proc.wait(timeout=30)
    check("SIGTERM with idle clients connected: the server exits within 5 s", time.time() - started < 5, True)
    check("each idle client is sent FATAL 57P01 'terminating connection due to administrator command'",
          [b"C57P01\0" in t and b"terminating connection due to administrator command" in t for t in told], [True] * 3)
finally:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)

bad = os.path.join(WORK, "bad.conf")
with open(bad, "w") as f:
    f.write("max_connections = 10\nstatement_timeout = '5s\n")
res = subprocess.run([BIN, "serve", "--data", os.path.join(WORK, "data2"), "--port", "0", "--config", bad],
                     capture_output=True, text=True, timeout=30)
check("a malformed --config file: exit 2 with the file, line and PostgreSQL's wording",
      (res.returncode, res.stderr.strip()),
      (2, 'FATAL:  syntax error in file "%s" line 2, near end of line' % bad))
res = subprocess.run([BIN, "serve", "--data", os.path.join(WORK, "data3"), "--port", "0", "--config",
                      os.path.join(WORK, "missing.conf")], capture_output=True, text=True, timeout=30)
check("a missing --config file: exit 2, says why", (res.returncode, "could not open configuration file" in res.stderr),
      (2, True))

shutil.rmtree(WORK, ignore_errors=True)
finish("connections")

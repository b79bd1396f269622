#!/usr/bin/python3
"""Disk-full test on a real full file system (not injected): `upsertdb serve`
with its data directory on an 8 MB tmpfs mounted for the test.

  1. A ballast file leaves ~1.5 MB free: CHECKPOINT of a ~3 MB image fails with
     53100 (disk_full) "could not write to file ...: No space left on device",
     leaves no temporary file behind, and commits go on.
  2. A write load fills the disk: the commit whose log write fails gets 53100;
     every later commit is refused (53100, "no further commits are accepted"),
     even once space is free again (a failed log write is never retried);
     reads go on and the server keeps running and accepting connections.
  3. Space freed (ballast removed), the server restarted: every acknowledged
     commit is there, at most the one in flight besides, and commits work.

  disk_full_test.py BUILD_DIR
Needs root and mount(2). Exits 77 (and says why) when a tmpfs cannot be
mounted, 0 when every check passed, 1 on the first failed check.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import psycopg2

BIN = os.path.join(sys.argv[1] if len(sys.argv) > 1 else "build/release", "upsertdb")
SKIP = 77


def fail(msg):
    print("FAIL: " + msg)
    raise SystemExit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
    print("ok   " + msg)


class Server:
    def __init__(self, data_dir, log_path):
        self.data_dir, self.log_path = data_dir, log_path

    def start(self):
        log = open(self.log_path, "a")
        offset = log.tell()
        self.proc = subprocess.Popen([BIN, "serve", "--data", self.data_dir, "--port", "0"], stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                fail("server exited at start (code %s); log:\n%s" % (self.proc.returncode, self.log_tail()))
            with open(self.log_path) as f:
                f.seek(offset)
                text = f.read()
            m = re.search(r"port (\d+)\n", text)
            if m and "ready to accept connections" in text:
                self.port = int(m.group(1))
                return
            time.sleep(0.05)
        fail("server did not start; log:\n" + self.log_tail())

    def connect(self):
        c = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", connect_timeout=10)
        c.autocommit = True
        return c

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)

    def log_tail(self):
        with open(self.log_path) as f:
            return f.read()[-2000:]


def main():
    work = tempfile.mkdtemp(prefix="upsertdb-diskfull.")
    mnt = os.path.join(work, "mnt")
    os.mkdir(mnt)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt], capture_output=True, text=True)
    if r.returncode != 0:
        print("SKIP: cannot mount a tmpfs here (%s); the disk-full path is covered only by the injected "
              "unit tests (Durability.FailingFsync*, Wal.Failed*)" % (r.stderr.strip() or "mount exit %d" % r.returncode))
        os.rmdir(mnt)
        os.rmdir(work)
        return SKIP
    server = None
    try:
        data = os.path.join(mnt, "data")
        server = Server(data, os.path.join(work, "server.log"))
        server.start()
        conn = server.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE t (id int PRIMARY KEY, pad text NOT NULL)")
        acked = set()
        next_id = 0

        def insert_batch(n=20):
            nonlocal next_id
            ids = list(range(next_id, next_id + n))
            next_id += n
            cur.execute("INSERT INTO t SELECT g, repeat(md5(g::text), 16) FROM generate_series(%s, %s) g",
                        (ids[0], ids[-1]))
            acked.update(ids)
            return ids

        # ~3 MB of rows (512-byte pads), then a ballast leaving ~1.5 MB free.
        while next_id < 6000:
            insert_batch(500)
        st = os.statvfs(mnt)
        free = st.f_bavail * st.f_frsize
        ballast = os.path.join(mnt, "ballast")
        with open(ballast, "wb") as f:
            f.write(b"\0" * max(0, free - 1536 * 1024))
        try:
            cur.execute("CHECKPOINT")
            fail("CHECKPOINT of a ~3 MB image succeeded with ~1.5 MB free")
        except psycopg2.Error as e:
            check(e.pgcode == "53100", "CHECKPOINT on a full disk: %s %s" % (e.pgcode, str(e).strip()))
            check("No space left on device" in str(e), "its message names the cause")
        check(not [n for n in os.listdir(data) if n.endswith(".tmp")], "no temporary checkpoint file left behind")
        insert_batch()
        check(True, "commits go on after the failed checkpoint")

        # Fill the disk through the log.
        in_flight = None
        error = None
        for _ in range(100000):
            try:
                in_flight = list(range(next_id, next_id + 20))
                insert_batch()
                in_flight = None
            except psycopg2.Error as e:
                error = e
                break
        check(error is not None, "the write load filled the disk (%d rows acknowledged)" % len(acked))
        check(error.pgcode == "53100", "the commit that hit the full disk: %s %s" % (error.pgcode, str(error).strip()))
        check("No space left on device" in str(error), "its message names the cause")
        try:
            cur.execute("INSERT INTO t VALUES (-1, 'after')")
            fail("a commit was acknowledged after a failed log write")
        except psycopg2.Error as e:
            check(e.pgcode == "53100" and "no further commits are accepted" in str(e),
                  "later commits are refused: %s %s" % (e.pgcode, str(e).strip()))
        cur.execute("SELECT count(*) FROM t WHERE id >= 0")
        check(cur.fetchone()[0] >= len(acked), "reads go on")
        check(server.proc.poll() is None, "the server keeps running")
        other = server.connect()
        ocur = other.cursor()
        ocur.execute("SELECT 1")
        check(ocur.fetchone() == (1,), "and accepts new connections")

        os.remove(ballast)
        try:
            ocur.execute("INSERT INTO t VALUES (-2, 'space is back')")
            fail("a commit was accepted after the failure once space was freed")
        except psycopg2.Error as e:
            check(e.pgcode == "53100", "space freed: commits still refused until a restart (the failed write is never retried)")
        other.close()
        conn.close()

        server.stop()
        server.start()
        conn = server.connect()
        cur = conn.cursor()
        cur.execute("SELECT id FROM t")
        present = {i for (i,) in cur.fetchall()}
        missing = acked - present
        check(not missing, "after the restart every acknowledged row is there (%d rows)" % len(acked))
        extra = present - acked
        check(not extra or (in_flight and extra <= set(in_flight)),
              "nothing else but the batch in flight (%d extra rows)" % len(extra))
        check(not (present & {-1, -2}), "the refused commits are not there")
        cur.execute("INSERT INTO t VALUES (-3, 'after the restart')")
        check(True, "commits work again after the restart")
        conn.close()
        server.stop()
        print("disk-full test: passed")
        return 0
    finally:
        if server and server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        subprocess.run(["umount", mnt])
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())

"""Roles, authentication, access rules and TLS of `upsertdb serve`, end to end.

    /usr/bin/python3 auth_test.py PATH/TO/upsertdb

Starts throwaway servers (port 0, a fresh data directory, an --hba file and a
self-signed certificate made with the openssl CLI) and checks, with psql,
psycopg2 and a raw protocol client (to see SQLSTATEs and auth request codes):
SCRAM-SHA-256, md5 (real md5, and md5 falling back to SCRAM), cleartext
password, trust; PostgreSQL 15's errors for a wrong password, an unknown role,
a role without LOGIN, a rejecting rule and no matching rule; that nothing is
answered before authentication; TLS with sslmode=require (channel binding
with SCRAM-SHA-256-PLUS), and a clean refusal without a certificate; roles and
passwords surviving a restart. Prints one line per check; exits 1 on a failure."""
import hashlib
import base64
import hmac
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

import psycopg2

BIN = os.path.abspath(sys.argv[1])
PSQL = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
WORK = tempfile.mkdtemp(prefix="upsertdb-auth-")
failures = 0


def check(name, cond, info=""):
    global failures
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else "   -- " + str(info)))
    if not cond:
        failures += 1


class Server:
    def __init__(self, data, extra):
        self.log = os.path.join(WORK, "server-%d.log" % time.time_ns())
        self.proc = subprocess.Popen([BIN, "serve", "--data", data, "--port", "0", "-c", "fsync=off"] + extra,
                                     stderr=open(self.log, "w"))
        deadline = time.time() + 30
        self.port = None
        while time.time() < deadline:
            text = open(self.log).read()
            m = re.search(r'port (\d+)\n', text)
            if m and "ready to accept connections" in text:
                self.port = int(m.group(1))
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("server did not start:\n" + open(self.log).read())

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


# ---- a raw protocol client -----------------------------------------------------

def cstr(s):
    return s.encode() + b"\0"


def frame(kind, body):
    return kind + struct.pack("!I", len(body) + 4) + body


class Raw:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""

    def startup(self, user, database="postgres"):
        body = struct.pack("!I", 196608) + cstr("user") + cstr(user) + cstr("database") + cstr(database) + b"\0"
        self.sock.sendall(struct.pack("!I", len(body) + 4) + body)

    def read(self):
        while True:
            if len(self.buf) >= 5:
                (n,) = struct.unpack("!I", self.buf[1:5])
                if len(self.buf) >= n + 1:
                    kind, body, self.buf = self.buf[:1], self.buf[5:n + 1], self.buf[n + 1:]
                    return kind, body
            chunk = self.sock.recv(65536)
            if not chunk:
                return None, b""
            self.buf += chunk

    def error_fields(self, body):
        out = {}
        for part in body.split(b"\0"):
            if part:
                out[chr(part[0])] = part[1:].decode()
        return out

    def until_error_or_ready(self):
        """(kinds seen, error fields or None)."""
        kinds = []
        while True:
            kind, body = self.read()
            if kind is None:
                return kinds, None
            kinds.append(kind.decode())
            if kind == b"E":
                return kinds, self.error_fields(body)
            if kind == b"Z":
                return kinds, None


def scram_login(port, user, password, database="postgres"):
    """SCRAM-SHA-256 as libpq does it; returns (auth codes seen, error fields or None)."""
    c = Raw(port)
    c.startup(user, database)
    codes = []
    kind, body = c.read()
    if kind == b"E":
        return codes, c.error_fields(body)
    (code,) = struct.unpack("!I", body[:4])
    codes.append(code)
    if code != 10:
        return codes, None
    nonce = base64.b64encode(os.urandom(18)).decode()
    first_bare = "n=,r=" + nonce
    data = ("n,," + first_bare).encode()
    c.sock.sendall(frame(b"p", cstr("SCRAM-SHA-256") + struct.pack("!i", len(data)) + data))
    kind, body = c.read()
    if kind == b"E":
        return codes, c.error_fields(body)
    codes.append(struct.unpack("!I", body[:4])[0])
    server_first = body[4:].decode()
    attrs = dict(a.split("=", 1) for a in server_first.split(","))
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    without_proof = "c=biws,r=" + attrs["r"]
    auth_message = (first_bare + "," + server_first + "," + without_proof).encode()
    signature = hmac.new(hashlib.sha256(client_key).digest(), auth_message, "sha256").digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    c.sock.sendall(frame(b"p", (without_proof + ",p=" + base64.b64encode(proof).decode()).encode()))
    kinds, err = c.until_error_or_ready()
    return codes, err


def password_login(port, user, password, database="postgres"):
    """Answers a cleartext (3) or md5 (5) request; returns (auth codes, error fields or None)."""
    c = Raw(port)
    c.startup(user, database)
    kind, body = c.read()
    if kind == b"E":
        return [], c.error_fields(body)
    (code,) = struct.unpack("!I", body[:4])
    if code == 3:
        c.sock.sendall(frame(b"p", cstr(password)))
    elif code == 5:
        inner = hashlib.md5((password + user).encode()).hexdigest()
        c.sock.sendall(frame(b"p", cstr("md5" + hashlib.md5(inner.encode() + body[4:8]).hexdigest())))
    elif code != 0:
        return [code], None
    kinds, err = c.until_error_or_ready()
    return [code], err


def psql(port, user, password, sql, sslmode="disable", extra=""):
    env = dict(os.environ, PGPASSWORD=password, PGCONNECT_TIMEOUT="10")
    conninfo = "host=127.0.0.1 port=%d user=%s dbname=postgres sslmode=%s %s" % (port, user, sslmode, extra)
    p = subprocess.run([PSQL, "-X", "-A", "-t", "-w", conninfo, "-c", sql], env=env, capture_output=True, text=True,
                       timeout=60)
    return p.returncode, (p.stdout + p.stderr).strip()


def pg_connect(port, user, password, **kw):
    return psycopg2.connect(host="127.0.0.1", port=port, user=user, password=password, dbname="postgres",
                            connect_timeout=10, **kw)


def err_text(e):
    return "%s: %s" % (e["C"], e["M"]) if e else "no error"


# ---- setup -----------------------------------------------------------------------

cert, key = os.path.join(WORK, "server.crt"), os.path.join(WORK, "server.key")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                "-keyout", key, "-out", cert], check=True, capture_output=True)
hba = os.path.join(WORK, "hba.conf")
with open(hba, "w") as f:
    f.write("""# test rules
host     all       postgres   127.0.0.1/32   trust
host     all       ghost      127.0.0.1/32   trust
host     all       nolog      127.0.0.1/32   trust
host     all       md5u,md5old,md5new 127.0.0.1/32  md5
host     all       pwu        127.0.0.1/32   password
host     all       rej        127.0.0.1/32   reject
hostnossl all      sslonly    127.0.0.1/32   reject
host     postgres  all        127.0.0.1/32   scram-sha-256
""")
data = os.path.join(WORK, "data")
server = Server(data, ["--hba", hba, "--tls-cert", cert, "--tls-key", key])
port = server.port

try:
    admin = pg_connect(port, "postgres", "")
    admin.autocommit = True
    cur = admin.cursor()
    md5old_hash = "md5" + hashlib.md5(b"xmd5old").hexdigest()
    for sql in ["CREATE ROLE alice LOGIN PASSWORD 'secret'", "CREATE USER md5u PASSWORD 'md5pass'",
                "CREATE USER md5old PASSWORD '%s'" % md5old_hash, "CREATE USER pwu PASSWORD 'pw'",
                "CREATE ROLE nolog PASSWORD 'n'", "CREATE USER rej PASSWORD 'r'", "CREATE USER sslonly PASSWORD 's'",
                "CREATE ROLE boss SUPERUSER LOGIN PASSWORD 'b'"]:
        cur.execute(sql)
    check("superuser over trust: is_superuser on", admin.get_parameter_status("is_superuser") == "on")

    # SCRAM with psycopg2 and psql.
    c = pg_connect(port, "alice", "secret")
    cc = c.cursor()
    cc.execute("SELECT current_user, session_user")
    row = cc.fetchone()
    check("psycopg2 SCRAM login; current_user, session_user", row == ("alice", "alice"), row)
    check("ParameterStatus session_authorization = alice", c.get_parameter_status("session_authorization") == "alice")
    check("ParameterStatus is_superuser = off", c.get_parameter_status("is_superuser") == "off")
    cc.execute("SHOW is_superuser")
    check("SHOW is_superuser = off", cc.fetchone()[0] == "off")
    c.close()
    rc, out = psql(port, "alice", "secret", "SELECT current_user || '/' || session_user")
    check("psql SCRAM login", rc == 0 and out == "alice/alice", out)
    c = pg_connect(port, "boss", "b")
    check("superuser role: is_superuser on", c.get_parameter_status("is_superuser") == "on")
    c.close()

    codes, e = scram_login(port, "alice", "secret")
    check("raw SCRAM: SASL, SASLContinue, then ready", codes == [10, 11] and e is None, (codes, e))
    codes, e = scram_login(port, "alice", "wrong")
    check("wrong SCRAM password: 28P01", err_text(e) == '28P01: password authentication failed for user "alice"',
          err_text(e))
    codes, e = scram_login(port, "nosuch", "x")
    check("unknown role under SCRAM: a full exchange, then 28P01", codes == [10, 11] and
          err_text(e) == '28P01: password authentication failed for user "nosuch"', (codes, err_text(e)))
    try:
        pg_connect(port, "alice", "wrong")
        check("psycopg2 wrong password refused", False, "connected")
    except psycopg2.OperationalError as ex:
        check("psycopg2 wrong password refused", 'password authentication failed for user "alice"' in str(ex), ex)
    rc, out = psql(port, "alice", "wrong", "SELECT 1")
    check("psql wrong password refused", rc != 0 and 'FATAL:  password authentication failed for user "alice"' in out,
          out)

    # md5 rule: real md5 for an md5 hash, SCRAM for a SCRAM verifier.
    codes, e = password_login(port, "md5old", "x")
    check("md5 rule, md5 hash stored: md5 challenge, login", codes == [5] and e is None, (codes, err_text(e)))
    codes, e = password_login(port, "md5old", "y")
    check("md5 wrong password: 28P01", codes == [5] and
          err_text(e) == '28P01: password authentication failed for user "md5old"', err_text(e))
    codes, e = scram_login(port, "md5u", "md5pass")
    check("md5 rule, SCRAM verifier stored: SCRAM instead", codes == [10, 11] and e is None, (codes, err_text(e)))
    c = pg_connect(port, "md5u", "md5pass")
    c.close()
    c = pg_connect(port, "md5old", "x")
    c.close()
    check("psycopg2 over md5 (both kinds)", True)

    # cleartext password rule.
    codes, e = password_login(port, "pwu", "pw")
    check("password rule: cleartext request, login", codes == [3] and e is None, (codes, err_text(e)))
    codes, e = password_login(port, "pwu", "nope")
    check("password rule wrong password: 28P01",
          err_text(e) == '28P01: password authentication failed for user "pwu"', err_text(e))
    rc, out = psql(port, "pwu", "pw", "SELECT current_user")
    check("psql over password rule", rc == 0 and out == "pwu", out)

    # Errors after AuthenticationOk and refusals by rule.
    codes, e = password_login(port, "ghost", "")
    check("trust, unknown role: 28000 after AuthenticationOk", codes == [0] and
          err_text(e) == '28000: role "ghost" does not exist', (codes, err_text(e)))
    codes, e = password_login(port, "nolog", "")
    check("role without LOGIN: 28000", err_text(e) == '28000: role "nolog" is not permitted to log in', err_text(e))
    codes, e = password_login(port, "rej", "r")
    check("reject rule: 28000", err_text(e) == '28000: pg_hba.conf rejects connection for host "127.0.0.1", '
          'user "rej", database "postgres", no encryption', err_text(e))
    codes, e = password_login(port, "alice", "secret", database="otherdb")
    check("no matching rule: 28000", err_text(e) == '28000: no pg_hba.conf entry for host "127.0.0.1", '
          'user "alice", database "otherdb", no encryption', err_text(e))
    codes, e = password_login(port, "postgres", "", database="otherdb")
    check("trust, unknown database: 3D000", err_text(e) == '3D000: database "otherdb" does not exist', err_text(e))

    # Nothing is answered before authentication: a query instead of the SASL response.
    r = Raw(port)
    r.startup("alice")
    r.read()
    r.sock.sendall(frame(b"Q", cstr("SELECT 1")))
    kinds, e = r.until_error_or_ready()
    check("query before authentication: 08P01, no rows", kinds == ["E"] and
          err_text(e) == "08P01: expected SASL response, got message type 81", (kinds, err_text(e)))
    # Plain bytes queued behind an SSLRequest are refused (CVE-2021-23214).
    r = Raw(port)
    startup = struct.pack("!I", 196608) + cstr("user") + cstr("postgres") + b"\0"
    r.sock.sendall(struct.pack("!II", 8, 80877103) + struct.pack("!I", len(startup) + 4) + startup)
    answer = r.sock.recv(1)
    r.buf = b""
    kinds, e = r.until_error_or_ready()
    check("unencrypted data after SSLRequest: 'S' then 08P01", answer == b"S" and
          err_text(e) == "08P01: received unencrypted data after SSL request", (answer, err_text(e)))

    # TLS.
    rc, out = psql(port, "alice", "secret", "SELECT current_user", sslmode="require", extra="channel_binding=require")
    check("psql sslmode=require, SCRAM-SHA-256-PLUS (channel_binding=require)", rc == 0 and out == "alice", out)
    rc, out = psql(port, "alice", "secret", "SELECT 1", sslmode="verify-ca", extra="sslrootcert=" + cert)
    check("psql sslmode=verify-ca against the test certificate", rc == 0 and out == "1", out)
    c = pg_connect(port, "alice", "secret", sslmode="require")
    check("psycopg2 sslmode=require: ssl in use", c.info.ssl_in_use and c.info.ssl_attribute("protocol")
          in ("TLSv1.2", "TLSv1.3"), c.info.ssl_attribute("protocol"))
    cc = c.cursor()
    cc.execute("SELECT current_user, count(*) FROM generate_series(1, 50000)")
    check("psycopg2 over TLS: a query", cc.fetchone() == ("alice", 50000))
    c.close()
    try:
        pg_connect(port, "sslonly", "s", sslmode="disable")
        check("hostnossl reject without TLS", False, "connected")
    except psycopg2.OperationalError as ex:
        check("hostnossl reject without TLS", "pg_hba.conf rejects connection" in str(ex), ex)
    c = pg_connect(port, "sslonly", "s", sslmode="require")
    c.close()
    check("same role over TLS passes", True)
    rc, out = psql(port, "alice", "wrong", "SELECT 1", sslmode="require")
    check("wrong password over TLS: 28P01 text", rc != 0 and 'password authentication failed for user "alice"' in out,
          out)

    # node-postgres (when tests/clients has installed it): SCRAM in plain text and over TLS.
    node_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "node")
    if shutil.which("node") and os.path.isdir(os.path.join(node_dir, "node_modules", "pg")):
        script = """
const { Client } = require('pg');
async function one(ssl, password) {
  const c = new Client({ host: '127.0.0.1', port: %d, user: 'alice', password, database: 'postgres', ssl });
  try { await c.connect(); const r = await c.query('SELECT current_user AS u'); await c.end(); return r.rows[0].u; }
  catch (e) { return 'error ' + e.code + ' ' + e.message; }
}
(async () => {
  console.log(await one(false, 'secret'));
  console.log(await one({ rejectUnauthorized: false }, 'secret'));
  console.log(await one(false, 'wrong'));
})();
""" % port
        p = subprocess.run(["node", "-e", script], cwd=node_dir, capture_output=True, text=True, timeout=60)
        lines = p.stdout.strip().split("\n")
        check("node-postgres: SCRAM login, plain and TLS", lines[:2] == ["alice", "alice"], p.stdout + p.stderr)
        check("node-postgres: wrong password 28P01", len(lines) > 2 and
              lines[2] == 'error 28P01 password authentication failed for user "alice"', p.stdout + p.stderr)
    else:
        print("skip node-postgres (run tests/clients/run.sh once to install it)")

    # SASLprep: libpq maps a no-break space to a space and drops a soft hyphen; so do we.
    cur.execute("CREATE ROLE uni LOGIN PASSWORD U&'pass\\00A0wo\\00ADrd'")
    rc, out = psql(port, "uni", "pass word", "SELECT current_user")
    check("SASLprep: psql logs in with the mapped password", rc == 0 and out == "uni", out)
    rc, out = psql(port, "uni", "pass\u00a0word", "SELECT current_user")
    check("SASLprep: psql logs in with the unmapped password", rc == 0 and out == "uni", out)

    # VALID UNTIL in the past: the password no longer works.
    cur.execute("CREATE ROLE oldie LOGIN PASSWORD 'o' VALID UNTIL '2001-01-01'")
    codes, e = scram_login(port, "oldie", "o")
    check("expired password (VALID UNTIL): 28P01", err_text(e).startswith("28P01"), err_text(e))
    cur.execute("ALTER ROLE oldie VALID UNTIL 'infinity'")
    codes, e = scram_login(port, "oldie", "o")
    check("VALID UNTIL infinity: login", e is None, err_text(e))

    # CONNECTION LIMIT: counted after authentication, superusers exempt.
    cur.execute("CREATE ROLE lim LOGIN PASSWORD 'l' CONNECTION LIMIT 1")
    first = pg_connect(port, "lim", "l")
    codes, e = scram_login(port, "lim", "l")
    check("CONNECTION LIMIT 1, second session: 53300",
          err_text(e) == '53300: too many connections for role "lim"', err_text(e))
    first.close()
    time.sleep(0.2)
    codes, e = scram_login(port, "lim", "l")
    check("CONNECTION LIMIT: a slot again once the first left", e is None, err_text(e))

    # psql's \password and libpq's PQencryptPasswordConn read password_encryption.
    c = pg_connect(port, "alice", "secret")
    c.autocommit = True
    from psycopg2.extensions import encrypt_password
    verifier = encrypt_password("viaclient", "alice", c)
    check("PQencryptPasswordConn makes a SCRAM verifier", verifier.startswith("SCRAM-SHA-256$4096:"), verifier)
    c.cursor().execute("ALTER ROLE alice PASSWORD %s", (verifier,))
    c.close()
    codes, e = scram_login(port, "alice", "viaclient")
    check("a client-made verifier is stored as is and works", e is None, err_text(e))
    cur.execute("SET password_encryption = 'md5'")
    cur.execute("CREATE ROLE md5new LOGIN PASSWORD 'm'")
    cur.execute("RESET password_encryption")
    codes, e = password_login(port, "md5new", "m")
    check("SET password_encryption = md5: stored as md5 (md5 challenge, login)", codes == [5] and e is None,
          (codes, err_text(e)))
    cur.execute("ALTER ROLE alice PASSWORD 'secret'")

    # Changes and restart.
    cur.execute("ALTER ROLE alice PASSWORD 'secret2'")
    cur.execute("DROP ROLE pwu")
    admin.close()
    server.stop()
    server = Server(data, ["--hba", hba])
    port = server.port
    c = pg_connect(port, "alice", "secret2")
    cc = c.cursor()
    cc.execute("SELECT current_user")
    check("after restart: the new password works", cc.fetchone()[0] == "alice")
    c.close()
    codes, e = scram_login(port, "alice", "secret")
    check("after restart: the old password fails", err_text(e).startswith("28P01"), err_text(e))
    codes, e = password_login(port, "pwu", "pw")
    check("after restart: the dropped role stays dropped",
          err_text(e) == '28P01: password authentication failed for user "pwu"', err_text(e))
    rc, out = psql(port, "alice", "secret2", "SELECT 1", sslmode="require")
    check("no certificate: sslmode=require fails cleanly",
          rc != 0 and "server does not support SSL, but SSL was required" in out, out)
    rc, out = psql(port, "alice", "secret2", "SELECT 1", sslmode="prefer")
    check("no certificate: sslmode=prefer falls back to plain text", rc == 0 and out == "1", out)
    server.stop()

    # The default rules: trust from loopback, so PGPASSWORD is not even asked for;
    # -c ssl=on takes server.crt / server.key from the data directory.
    shutil.copy(cert, os.path.join(data, "server.crt"))
    shutil.copy(key, os.path.join(data, "server.key"))
    server = Server(data, ["-c", "ssl=on"])
    rc, out = psql(server.port, "alice", "", "SELECT current_user")
    check("default rules: loopback is trusted", rc == 0 and out == "alice", out)
    rc, out = psql(server.port, "alice", "", "SELECT current_user", sslmode="require")
    check("-c ssl=on with the data directory's server.crt: sslmode=require", rc == 0 and out == "alice", out)
    server.stop()
    os.remove(os.path.join(data, "server.key"))
    p = subprocess.run([BIN, "serve", "--data", data, "--port", "0", "-c", "ssl=on"], capture_output=True, text=True,
                       timeout=30)
    check("-c ssl=on without a key file: refuses to start", p.returncode == 2 and
          "could not load private key file" in p.stderr, p.stderr)
finally:
    try:
        server.stop()
    except Exception:
        pass
    shutil.rmtree(WORK, ignore_errors=True)

print("%d failed" % failures)
sys.exit(1 if failures else 0)

"""Protocol conversations with a server, printed as a transcript.

    python3 wire_test.py PORT [--self-checks] > transcript

The expected transcript (wire_test.expected) is this script's output against
PostgreSQL 15 (TimeZone UTC), followed by the --self-checks sections, which
check UpsertDB's own choices (GSSENCRequest refused: PostgreSQL built with
GSSAPI offers it) and that abusive clients leave the server running.
UpsertDB must produce the whole file line for line."""
import socket
import struct
import sys
import threading
import time

from wire_client import (Conn, bind, close, describe, execute, flush, msg, parse, query, sync)

PORT = int(sys.argv[1])


def section(title):
    print("== " + title)


def show(lines):
    for line in lines:
        print("  " + line)


def startup_lines(lines):
    # ParameterStatus order and server_version's suffix differ between builds.
    out = []
    for line in lines:
        if line.startswith("ParameterStatus server_version="):
            line = line.split(" (")[0]
        out.append(line)
    return sorted(l for l in out if l.startswith("ParameterStatus")) + [l for l in out if not l.startswith("ParameterStatus")]


def run():
    section("startup")
    c = Conn(PORT, startup=False)
    show(startup_lines(c.startup({"user": "postgres", "database": "postgres", "application_name": "wire_test",
                                  "options": "-c search_path=public"})))
    c.send(query("show search_path"))
    show(c.until_ready())

    section("simple query: several statements, an error stops the rest")
    c.send(query("drop table if exists w; create table w (id int primary key, name varchar(10), amount numeric(8,2));"
                 "insert into w values (1, 'one', 1.5), (2, 'two', 2.25) on conflict (id) do nothing returning id;"
                 "select * from w order by id"))
    show(c.until_ready())
    c.send(query("select count(*) from w; insert into w values (1, 'dup', 0); select 'not reached'"))
    show(c.until_ready())
    c.send(query("drop table if exists nosuch"))
    show(c.until_ready())

    section("empty query")
    c.send(query(""))
    show(c.until_ready())
    c.send(query(";"))
    show(c.until_ready())

    section("transaction status and warnings")
    c.send(query("begin"))
    show(c.until_ready())
    c.send(query("begin"))
    show(c.until_ready())
    c.send(query("select 1/0"))
    show(c.until_ready())
    c.send(query("select 1"))
    show(c.until_ready())
    c.send(query("rollback"))
    show(c.until_ready())
    c.send(query("rollback"))
    show(c.until_ready())

    section("extended: parse, describe, bind, execute")
    c.send(parse("s1", "select id, name, amount from w where id >= $1 order by id", [23]),
           describe(b"S", "s1"), bind("", "s1", ["1"]), describe(b"P", ""), execute(""), sync())
    show(c.until_ready())

    section("extended: inferred parameter types and DML")
    c.send(parse("", "insert into w (id, name, amount) values ($1, $2, $3) on conflict (id) do update set name = excluded.name"),
           describe(b"S", ""), bind("", "", ["3", "three", "3.75"]), execute(""), sync())
    show(c.until_ready())
    c.send(parse("", "update w set amount = amount + $1 where id = $2 returning id, amount"),
           bind("", "", ["1", "3"]), describe(b"P", ""), execute(""), sync())
    show(c.until_ready())

    section("extended: utility statements through a portal")
    c.send(parse("", "show search_path"), bind("", ""), describe(b"P", ""), execute(""), sync())
    show(c.until_ready())
    c.send(parse("", "set application_name = 'from_extended'"), bind("", ""), describe(b"P", ""), execute(""), sync())
    show(c.until_ready())

    section("extended: row limit and PortalSuspended")
    c.send(parse("s2", "select id from w order by id"), bind("p", "s2"), execute("p", 2), execute("p", 2), sync())
    show(c.until_ready())

    section("extended: an error skips everything until Sync")
    # (1/$1 with $1 = 0 would fail at Bind in PostgreSQL: its planner folds constants.)
    c.send(parse("", "select 1/(id - $1::int) from w where id = 1"), bind("", "", ["1"]), execute(""),
           parse("", "select 'skipped'"), bind("", ""), execute(""), sync(),
           parse("", "select 'after sync'"), bind("", ""), execute(""), sync())
    show(c.until_ready())
    show(c.until_ready())

    section("extended: a deferred unique check fails at Sync, after CommandComplete")
    c.send(query("create table wd (id int, unique (id) deferrable initially deferred); insert into wd values (1)"))
    show(c.until_ready())
    # Sync in the same packet (the server may commit at Execute), then in a
    # later one (it commits at Sync), then two Executes before one Sync.
    c.send(parse("", "insert into wd values ($1)"), bind("", "", ["1"]), execute(""), sync())
    show(c.until_ready())
    c.send(bind("", "", ["1"]), execute(""), flush())
    for _ in range(2):
        kind, body = c.read_message()
        print("  before Sync: " + {b"2": "BindComplete", b"C": "CommandComplete"}.get(kind, kind.decode()))
    c.send(sync())
    show(c.until_ready())
    c.send(bind("", "", ["2"]), execute(""), bind("", "", ["2"]), execute(""), sync())
    show(c.until_ready())
    c.send(bind("", "", ["3"]), execute(""), sync(), query("select array_agg(id order by id) from wd; drop table wd"))
    show(c.until_ready())
    show(c.until_ready())

    section("extended: protocol errors")
    c.send(parse("s1", "select 1"), sync())
    show(c.until_ready())
    c.send(bind("", "nosuch"), sync())
    show(c.until_ready())
    c.send(execute("nosuch"), sync())
    show(c.until_ready())
    c.send(bind("", "s1", ["1", "2"]), sync())
    show(c.until_ready())
    c.send(bind("", "s1", ["abc"]), sync())
    show(c.until_ready())
    c.send(parse("", "selec 1"), sync())
    show(c.until_ready())
    c.send(parse("", "select nosuchcol from w"), sync())
    show(c.until_ready())

    section("extended: close, flush, empty statement")
    c.send(close(b"S", "s1"), close(b"S", "never"), close(b"P", "p"), bind("", "s1"), sync())
    show(c.until_ready())
    c.send(parse("", ""), bind("", ""), describe(b"P", ""), execute(""), sync())
    show(c.until_ready())
    c.send(parse("", "select 7"), flush())
    kind, body = c.read_message()
    print("  after Flush: " + ("ParseComplete" if kind == b"1" else kind.decode()))
    c.send(sync())
    show(c.until_ready())

    section("binary formats")
    c.send(parse("", "select 42::int2, 42::int4, 42::int8, 1.5::float4, 1.5::float8, true, 'hi'::text, "
                     "'hi'::varchar(5), '\\x0102'::bytea, -12.50::numeric, 0.00001::numeric, "
                     "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '2024-02-29'::date, "
                     "'2024-02-29 12:34:56.5'::timestamp, '2024-02-29 12:34:56.5+00'::timestamptz, null::int4"),
           bind("", "", [], [], [1]), describe(b"P", ""), execute(""), sync())
    show(c.until_ready())
    c.send(parse("", "select $1::int4 + 1, $2::int8 * 2, $3::text || '!', $4::numeric + 1, $5::bool, $6::float8"),
           bind("", "", [struct.pack("!i", 41), struct.pack("!q", 21), b"bin", bytes.fromhex("0002000040000002000c1388"),
                         b"\x01", struct.pack("!d", 0.25)], [1]), execute(""), sync())
    show(c.until_ready())
    c.send(parse("", "select $1::int4"), bind("", "", [b"\x00\x01"], [1]), execute(""), sync())
    show(c.until_ready())
    c.send(parse("", "select 1"), bind("", "", [], [], [2]), execute(""), sync())
    show(c.until_ready())

    section("a vanished client's open transaction is rolled back")
    c.send(query("create table abandoned (id int primary key)"))
    show(c.until_ready())
    a = Conn(PORT)
    a.send(query("begin; insert into abandoned values (1)"))
    show(a.until_ready())
    a.sock.close()
    time.sleep(0.3)
    c.send(query("insert into abandoned values (1); drop table abandoned"))
    show(c.until_ready())

    section("90 concurrent connections upserting")
    c.send(query("create table hits (k int primary key, n int not null)"))
    show(c.until_ready())
    barrier = threading.Barrier(90)
    problems = []

    def worker(i):
        try:
            w = Conn(PORT)
            barrier.wait(timeout=30)
            for j in range(20):
                w.send(parse("", "insert into hits values ($1, 1) on conflict (k) do update set n = hits.n + 1"),
                       bind("", "", [str((i + j) % 10)]), execute(""), sync())
                lines = w.until_ready()
                if lines != ["ParseComplete", "BindComplete", "CommandComplete INSERT 0 1", "ReadyForQuery I"]:
                    problems.append(lines)
            w.close()
        except Exception as e:   # noqa: BLE001
            problems.append(repr(e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(90)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("  problems: %d %s" % (len(problems), problems[:2]))
    c.send(query("select count(*), sum(n) from hits; drop table hits"))
    show(c.until_ready())

    section("CancelRequest cancels the running statement")
    k = Conn(PORT, startup=False)
    body = struct.pack("!I", 196608) + b"user\0postgres\0database\0postgres\0\0"
    k.send_raw(struct.pack("!I", len(body) + 4) + body)
    pid = key = None
    while True:
        kind, b = k.read_message()
        if kind == b"K":
            pid, key = struct.unpack("!ii", b)
        if kind == b"Z":
            break
    k.send(query("select count(*) from generate_series(1, 100000) a, generate_series(1, 100000) b"))
    time.sleep(0.5)
    wrong = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    wrong.sendall(struct.pack("!IIii", 16, 80877102, pid, key ^ 1))   # wrong key: ignored
    wrong.recv(1)
    wrong.close()
    time.sleep(0.2)
    canceller = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    canceller.sendall(struct.pack("!IIii", 16, 80877102, pid, key))
    print("  cancel connection closed without reply: %s" % (canceller.recv(1) == b""))
    canceller.close()
    show(k.until_ready())
    k.send(query("select 'still usable'"))
    show(k.until_ready())
    k.close()

    section("terminate")
    c.send(query("drop table w"))
    show(c.until_ready())
    c.close()

    section("other databases and users")
    d = Conn(PORT, startup=False)
    try:
        d.startup({"user": "postgres", "database": "nosuchdb"})
    except EOFError:
        pass
    body = struct.pack("!I", 196608) + b"user\0postgres\0database\0nosuchdb\0\0"
    e = Conn(PORT, startup=False)
    e.send_raw(struct.pack("!I", len(body) + 4) + body)
    show(e.read_until_eof())
    body = struct.pack("!I", 196608) + b"user\0nosuchrole\0\0"
    e = Conn(PORT, startup=False)
    e.send_raw(struct.pack("!I", len(body) + 4) + body)
    show(e.read_until_eof())
    body = struct.pack("!I", 196608) + b"database\0postgres\0\0"
    e = Conn(PORT, startup=False)
    e.send_raw(struct.pack("!I", len(body) + 4) + body)
    show(e.read_until_eof())
    body = struct.pack("!I", 2 << 16) + b"user\0postgres\0\0"
    e = Conn(PORT, startup=False)
    e.send_raw(struct.pack("!I", len(body) + 4) + body)
    show(e.read_until_eof())

    section("SSLRequest is refused with N")
    s = Conn(PORT, startup=False)
    s.send_raw(struct.pack("!II", 8, 80877103))
    print("  SSLRequest -> " + s.read_exact(1).decode())
    show(s.startup({"user": "postgres"})[-1:])
    s.send(query("select 'plain text works'"))
    show(s.until_ready())
    s.close()

    section("unknown message type after startup")
    u = Conn(PORT)
    u.send_raw(b"G" + struct.pack("!I", 4))
    show(u.read_until_eof())


def survives(title, action):
    """Runs `action` (which abuses a connection), then checks the server still answers."""
    try:
        action()
    except OSError:
        pass
    time.sleep(0.1)
    try:
        c = Conn(PORT)
        c.send(query("select 'alive'"))
        ok = any(l == "DataRow alive" for l in c.until_ready())
        c.close()
    except Exception as e:   # noqa: BLE001 - any failure means the server is gone
        ok = False
    print("  %s: %s" % (title, "server still answers" if ok else "SERVER DOWN"))


def self_checks():
    """Checks of UpsertDB's own choices (not recorded from PostgreSQL)."""
    section("self checks: GSSENCRequest is refused with N")
    s = Conn(PORT, startup=False)
    s.send_raw(struct.pack("!II", 8, 80877104))
    print("  GSSENCRequest -> " + s.read_exact(1).decode())
    show(s.startup({"user": "postgres"})[-1:])
    s.close()

    section("self checks: bad input must not take the server down")

    def garbage_before_startup():
        s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * 3)
        try:
            s.recv(1000)
        except OSError:
            pass
        s.close()
    survives("garbage before startup", garbage_before_startup)

    def huge_length():
        c = Conn(PORT)
        c.send_raw(b"Q" + struct.pack("!I", 0xFFFFFFF0))
        c.read_until_eof()
    survives("message claiming 4 GiB", huge_length)

    def truncated():
        c = Conn(PORT)
        c.send_raw(b"Q" + struct.pack("!I", 100) + b"select")
        c.sock.close()
    survives("truncated message then close", truncated)

    def bad_body():
        c = Conn(PORT)
        c.send(msg(b"B", b"\x00"))   # Bind with a portal name and nothing else
        c.send(sync())
        c.until_ready()
        c.close()
    survives("malformed Bind body", bad_body)

    def vanish_mid_query():
        c = Conn(PORT)
        c.send(query("select g, repeat('x', 100) from generate_series(1, 200000) g"))
        c.sock.close()
    survives("client vanishing mid-query", vanish_mid_query)


if __name__ == "__main__":
    run()
    if "--self-checks" in sys.argv:
        self_checks()

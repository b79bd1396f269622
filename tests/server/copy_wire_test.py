"""COPY over the raw protocol, printed as a transcript (see wire_test.py).

    python3 copy_wire_test.py HOST PORT > transcript

HOST may be a Unix socket directory (PostgreSQL's oracle listens on one).
copy_wire_test.expected is this script's output against PostgreSQL 15;
UpsertDB must produce it line for line. Covers CopyInResponse / CopyData /
CopyDone / CopyFail and CopyOutResponse in the simple and the extended query
protocol (as libpq drives them: Sync sent before the data), rows split
across CopyData messages, an error part way through the data (the rest of
the data is ignored), and a stray message during COPY."""
import socket
import struct
import sys

import wire_client
from wire_client import Conn, bind, describe, execute, msg, parse, query, sync

HOST, PORT = sys.argv[1], int(sys.argv[2])


class CopyConn(Conn):
    def __init__(self):
        if HOST.startswith("/"):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(10)
            self.sock.connect("%s/.s.PGSQL.%d" % (HOST, PORT))
        else:
            self.sock = socket.create_connection((HOST, PORT), timeout=10)
        self.buf = b""
        self.startup({"user": "postgres", "database": "postgres", "options": "-c search_path=public"})

    def until(self, kinds):
        """Reads messages up to one of `kinds` (bytes of type letters); returns rendered lines."""
        lines = []
        while True:
            kind, body = self.read_message()
            line = render(kind, body)
            if line is not None:
                lines.append(line)
            if kind in kinds:
                return lines


def render(kind, body):
    k = kind.decode()
    if k in ("G", "H"):
        fmt, n = struct.unpack("!bh", body[:3])
        cols = struct.unpack("!%dh" % n, body[3:3 + 2 * n])
        return "%s format=%d columns=%s" % ("CopyInResponse" if k == "G" else "CopyOutResponse", fmt, list(cols))
    if k == "d":
        return "CopyData " + repr(body.decode())
    if k == "c":
        return "CopyDone"
    if k == "S":
        return None   # ParameterStatus: covered by wire_test.py
    return wire_client.render(kind, body)


def copy_data(text):
    return msg(b"d", text.encode())


def copy_done():
    return msg(b"c")


def copy_fail(reason):
    return msg(b"f", reason.encode() + b"\0")


def section(title):
    print("== " + title)


def show(lines):
    for line in lines:
        print("  " + line)


def main():
    c = CopyConn()
    c.send(query("drop table if exists cw; create table cw (id int primary key, t text, n numeric default 1)"))
    c.until(b"Z")

    section("simple query: COPY FROM STDIN, rows split across CopyData messages")
    c.send(query("copy cw (id, t) from stdin"))
    show(c.until(b"G"))
    c.send(copy_data("1\tone\n2\tt"), copy_data("wo\n3"), copy_data("\t\\N\n"), copy_data("4\tfour"), copy_done())
    show(c.until(b"Z"))

    section("simple query: COPY TO STDOUT, text and csv")
    c.send(query("copy cw to stdout"))
    show(c.until(b"Z"))
    c.send(query("copy (select id, t from cw where id < 3 order by id) to stdout with (format csv, header)"))
    show(c.until(b"Z"))

    section("an error part way: the rest of the data is ignored, nothing is kept")
    c.send(query("copy cw (id, t) from stdin"))
    show(c.until(b"G"))
    c.send(copy_data("5\tfive\nsix\tbad\n7\tseven\n"))
    show(c.until(b"Z"))
    c.send(copy_data("8\tlate\n"), copy_done(), query("select count(*) from cw"))
    show(c.until(b"Z"))

    section("csv data, end marker, data after it ignored")
    c.send(query("copy cw (id, t) from stdin csv"))
    show(c.until(b"G"))
    c.send(copy_data('10,"multi\nline, quoted"\n11,\n\\.\n12,after the marker\n'), copy_done())
    show(c.until(b"Z"))

    section("CopyFail")
    c.send(query("copy cw (id, t) from stdin"))
    show(c.until(b"G"))
    c.send(copy_data("20\ttwenty\n"), copy_fail("client gave up"))
    show(c.until(b"Z"))

    section("several statements in one Query, COPY in the middle")
    c.send(query("select 1 as before; copy cw (id, t) from stdin; select count(*) from cw"))
    show(c.until(b"G"))
    c.send(copy_data("30\tthirty\n"), copy_done())
    show(c.until(b"Z"))

    section("transaction block: a failed COPY aborts it")
    c.send(query("begin"))
    show(c.until(b"Z"))
    c.send(query("copy cw (id) from stdin"))
    show(c.until(b"G"))
    c.send(copy_data("40\n40\n"), copy_done())
    show(c.until(b"Z"))
    c.send(query("rollback"))
    show(c.until(b"Z"))

    section("extended protocol, as libpq sends it: Sync before the data, another after CopyDone")
    c.send(parse("", "copy cw (id, t) from stdin"), bind("", ""), describe(b"P", ""), execute(""), sync())
    show(c.until(b"G"))
    c.send(copy_data("50\tfifty\n51\tfifty-one\n"), copy_done(), sync())
    show(c.until(b"Z"))
    c.send(parse("s1", "copy (select id, t from cw where id >= 50 order by id) to stdout csv"), bind("", "s1"),
           describe(b"P", ""), execute(""), sync())
    show(c.until(b"Z"))
    c.send(describe(b"S", "s1"), sync())
    show(c.until(b"Z"))

    section("extended protocol: an error during COPY FROM")
    c.send(parse("", "copy cw (id, t) from stdin"), bind("", ""), execute(""), sync())
    show(c.until(b"G"))
    c.send(copy_data("60\tok\n61\t\\xff\n"), copy_done(), sync())
    show(c.until(b"Z"))
    c.send(query("select count(*) from cw where id >= 60"))
    show(c.until(b"Z"))

    section("a stray message during COPY")
    c.send(query("copy cw (id, t) from stdin"))
    show(c.until(b"G"))
    c.send(copy_data("70\tseventy\n"), describe(b"S", "s1"))
    show(render_until_eof(c))
    c = CopyConn()
    c.send(query("select count(*) from cw where id >= 70; drop table cw"))
    show(c.until(b"Z"))
    c.close()


def render_until_eof(c):
    lines = []
    try:
        while True:
            kind, body = c.read_message()
            line = render(kind, body)
            if line is not None:
                lines.append(line)
    except (EOFError, ConnectionError, socket.timeout):
        lines.append("<closed>")
    return lines


main()

"""A minimal PostgreSQL protocol-v3 client for tests: sends raw frontend
messages and renders backend messages as one stable text line each, so the
same conversation can be compared between PostgreSQL 15 and UpsertDB.
Only what differs legitimately between servers is left out: BackendKeyData
values, table OIDs in RowDescription, and ErrorResponse fields other than
severity, SQLSTATE, message, detail, hint, position and constraint."""
import socket
import struct


def cstr(s):
    return s.encode() + b"\0"


def msg(kind, body=b""):
    return kind + struct.pack("!I", len(body) + 4) + body


class Conn:
    def __init__(self, port, host="127.0.0.1", startup=True, **params):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.buf = b""
        if startup:
            p = {"user": "postgres", "database": "postgres"}
            p.update(params)
            self.startup(p)

    def startup(self, params):
        body = struct.pack("!I", 196608) + b"".join(cstr(k) + cstr(v) for k, v in params.items()) + b"\0"
        self.send_raw(struct.pack("!I", len(body) + 4) + body)
        return self.until_ready()

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, *messages):
        self.sock.sendall(b"".join(messages))

    def read_exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("server closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_message(self):
        head = self.read_exact(5)
        kind = head[:1]
        (length,) = struct.unpack("!I", head[1:])
        return kind, self.read_exact(length - 4)

    def until_ready(self):
        """Reads messages up to and including ReadyForQuery; returns rendered lines."""
        lines = []
        while True:
            kind, body = self.read_message()
            line = render(kind, body)
            if line is not None:
                lines.append(line)
            if kind == b"Z":
                return lines

    def read_until_eof(self):
        lines = []
        try:
            while True:
                kind, body = self.read_message()
                line = render(kind, body)
                if line is not None:
                    lines.append(line)
        except (EOFError, ConnectionError, socket.timeout):
            lines.append("<closed>")
        return lines

    def close(self):
        try:
            self.sock.sendall(msg(b"X"))
        except OSError:
            pass
        self.sock.close()


# ---- frontend messages -------------------------------------------------------------

def query(sql):
    return msg(b"Q", cstr(sql))


def parse(name, sql, oids=()):
    return msg(b"P", cstr(name) + cstr(sql) + struct.pack("!h", len(oids)) + b"".join(struct.pack("!I", o) for o in oids))


def bind(portal, stmt, params=(), param_formats=(), result_formats=()):
    body = cstr(portal) + cstr(stmt)
    body += struct.pack("!h", len(param_formats)) + b"".join(struct.pack("!h", f) for f in param_formats)
    body += struct.pack("!h", len(params))
    for p in params:
        if p is None:
            body += struct.pack("!i", -1)
        else:
            data = p if isinstance(p, bytes) else str(p).encode()
            body += struct.pack("!i", len(data)) + data
    body += struct.pack("!h", len(result_formats)) + b"".join(struct.pack("!h", f) for f in result_formats)
    return msg(b"B", body)


def describe(kind, name):
    return msg(b"D", kind + cstr(name))


def execute(portal, max_rows=0):
    return msg(b"E", cstr(portal) + struct.pack("!i", max_rows))


def close(kind, name):
    return msg(b"C", kind + cstr(name))


def sync():
    return msg(b"S")


def flush():
    return msg(b"H")


# ---- rendering -----------------------------------------------------------------------

def split_cstrings(data):
    parts = data.split(b"\0")
    return [p.decode() for p in parts]


def render_fields(body):
    fields = {}
    i = 0
    while i < len(body) and body[i] != 0:
        code = chr(body[i])
        end = body.index(b"\0", i + 1)
        fields[code] = body[i + 1:end].decode()
        i = end + 1
    keep = [("S", ""), ("C", ""), ("M", ""), ("D", "detail="), ("H", "hint="), ("P", "position="),
            ("s", "schema="), ("t", "table="), ("c", "column="), ("n", "constraint=")]
    return " | ".join(prefix + fields[c] for c, prefix in keep if c in fields)


def render(kind, body):
    k = kind.decode()
    if k == "R":
        return "Authentication %d" % struct.unpack("!I", body[:4])
    if k == "K":
        return None   # BackendKeyData: values differ
    if k == "S":
        name, value = split_cstrings(body)[:2]
        return "ParameterStatus %s=%s" % (name, value)
    if k == "Z":
        return "ReadyForQuery " + body.decode()
    if k == "T":
        (n,) = struct.unpack("!h", body[:2])
        pos = 2
        cols = []
        for _ in range(n):
            end = body.index(b"\0", pos)
            name = body[pos:end].decode()
            pos = end + 1
            _table, attnum, typ, typlen, typmod, fmt = struct.unpack("!IhIhih", body[pos:pos + 18])
            pos += 18
            cols.append("%s:att%d:%d/%d/%d/fmt%d" % (name, attnum, typ, typlen, typmod, fmt))
        return "RowDescription " + " ".join(cols)
    if k == "D":
        (n,) = struct.unpack("!h", body[:2])
        pos = 2
        vals = []
        for _ in range(n):
            (ln,) = struct.unpack("!i", body[pos:pos + 4])
            pos += 4
            if ln < 0:
                vals.append("NULL")
            else:
                raw = body[pos:pos + ln]
                pos += ln
                try:
                    text = raw.decode()
                    vals.append(text if text.isprintable() else "\\x" + raw.hex())
                except UnicodeDecodeError:
                    vals.append("\\x" + raw.hex())
        return "DataRow " + "|".join(vals)
    if k == "C":
        return "CommandComplete " + split_cstrings(body)[0]
    if k in ("E", "N"):
        return ("ErrorResponse " if k == "E" else "NoticeResponse ") + render_fields(body)
    if k == "t":
        (n,) = struct.unpack("!h", body[:2])
        oids = struct.unpack("!%dI" % n, body[2:2 + 4 * n])
        return "ParameterDescription " + " ".join(str(o) for o in oids)
    names = {"1": "ParseComplete", "2": "BindComplete", "3": "CloseComplete", "n": "NoData",
             "I": "EmptyQueryResponse", "s": "PortalSuspended"}
    if k in names:
        return names[k]
    return "Message %s %s" % (k, body.hex())

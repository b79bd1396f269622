#!/usr/bin/python3
"""Isolation tester: runs permutation specs against a server over the wire.

    isolation_tester.py --dsn DSN [--target upsertdb|postgres] [--record] [--results DIR] SPEC...

A spec (see docs/isolation-tests.md) names sessions, their steps, and
permutations of those steps. For each permutation the runner opens one
connection per session (psycopg2 in async mode), runs the global setup on a
control connection, then sends the steps in order. A step that has not finished
within STEP_WAIT seconds counts as blocked: its line ends with `<waiting ...>`
and the runner goes on with the next step; when a blocked step finishes later,
the runner prints `step NAME: <... completed>` and its result. A step whose
session is still blocked is sent only after that session's earlier step ends.

The output imitates PostgreSQL's isolation tester, with two additions: errors
show their SQLSTATE and DETAIL (a deadlock's DETAIL names process and
transaction numbers that differ between runs and systems, so its numbers are
replaced by N), and INSERT/UPDATE/DELETE/MERGE print their command tag.

Expected output: expected/NAME.out, recorded from PostgreSQL 15 with
`--target postgres --record`. Where UpsertDB differs on purpose the spec says
why, and expected/NAME_upsertdb.out holds what UpsertDB must print; a spec
whose first line is `#@upsertdb-only` (a feature PostgreSQL 15 lacks) has only
that file. Without --record the runner compares and prints a unified diff.
Ends with "isolation: N passed, N failed"; exits non-zero when any failed.

Against PostgreSQL the sessions run with deadlock_timeout = 10ms, so that the
session whose wait closes a cycle is the one that finds it and fails, as in
UpsertDB, which checks for a cycle the moment a wait begins.
"""
import argparse
import difflib
import itertools
import os
import re
import select
import sys
import time

import psycopg2
import psycopg2.extensions as ext

HERE = os.path.dirname(os.path.abspath(__file__))
STEP_WAIT = float(os.environ.get("ISOLATION_STEP_WAIT", "0.3"))  # blocked after this long
STEP_LIMIT = float(os.environ.get("ISOLATION_STEP_LIMIT", "20"))  # a hang after this long
NUMERIC_OIDS = {20, 21, 23, 26, 700, 701, 1700}

# Every value arrives as the server's text, exactly as it was sent.
for _oid in list(ext.string_types.keys()):
    ext.register_type(ext.new_type((_oid,), "RAW_%d" % _oid, lambda value, cursor: value))


# ---- spec parsing ------------------------------------------------------------------

class SpecError(Exception):
    pass


class Step:
    def __init__(self, name, sql, session):
        self.name, self.sql, self.session = name, sql, session


class Session:
    def __init__(self, name):
        self.name = name
        self.setup = []
        self.teardown = []
        self.steps = []


class Spec:
    def __init__(self):
        self.setup = []
        self.teardown = []
        self.sessions = []
        self.permutations = []
        self.upsertdb_only = False


def tokenize(text):
    """Yields ('word', s), ('sql', s) tokens; '#' starts a comment outside { }."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c == "{":
            # The block ends at the first '}' outside quotes ('...', "...").
            j, quote = i + 1, None
            while j < n:
                if quote:
                    if text[j] == quote:
                        quote = None
                elif text[j] in "'\"":
                    quote = text[j]
                elif text[j] == "}":
                    break
                j += 1
            if j >= n:
                raise SpecError("unterminated { block")
            yield ("sql", text[i + 1:j].strip())
            i = j + 1
        elif c == '"':
            j = text.find('"', i + 1)
            if j < 0:
                raise SpecError("unterminated quoted name")
            yield ("word", text[i + 1:j])
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '{}#"':
                j += 1
            yield ("word", text[i:j])
            i = j


def parse_spec(text):
    spec = Spec()
    spec.upsertdb_only = text.startswith("#@upsertdb-only")
    tokens = list(tokenize(text))
    pos = 0

    def take(kind):
        nonlocal pos
        if pos >= len(tokens) or tokens[pos][0] != kind:
            got = tokens[pos][1] if pos < len(tokens) else "end of file"
            raise SpecError("expected %s, got %r" % ("{ sql }" if kind == "sql" else "a name", got))
        pos += 1
        return tokens[pos - 1][1]

    def peek():
        return tokens[pos] if pos < len(tokens) else (None, None)

    steps = {}
    while pos < len(tokens):
        word = take("word")
        if word == "setup" and not spec.sessions:
            spec.setup.append(take("sql"))
        elif word == "teardown" and not spec.sessions:
            spec.teardown.append(take("sql"))
        elif word == "session":
            session = Session(take("word"))
            spec.sessions.append(session)
            while peek()[0] == "word" and peek()[1] in ("setup", "teardown", "step"):
                kind = take("word")
                if kind == "setup":
                    session.setup.append(take("sql"))
                elif kind == "teardown":
                    session.teardown.append(take("sql"))
                else:
                    name = take("word")
                    if name in steps:
                        raise SpecError("step %s defined twice" % name)
                    steps[name] = Step(name, take("sql"), session)
                    session.steps.append(steps[name])
        elif word == "permutation":
            perm = []
            while peek()[0] == "word" and peek()[1] not in ("permutation", "session", "setup", "teardown"):
                name = take("word")
                if name not in steps:
                    raise SpecError("permutation names an unknown step %s" % name)
                perm.append(steps[name])
            if not perm:
                raise SpecError("empty permutation")
            spec.permutations.append(perm)
        else:
            raise SpecError("unexpected %r" % word)
    if not spec.sessions:
        raise SpecError("no sessions")
    if not spec.permutations:
        spec.permutations = all_interleavings([s.steps for s in spec.sessions])
    return spec


def all_interleavings(step_lists):
    """Every merge of the sessions' step lists that keeps each session's order."""
    lists = [l for l in step_lists if l]
    if not lists:
        return [[]]
    out = []
    for i, l in enumerate(lists):
        rest = lists[:i] + [l[1:]] + lists[i + 1:]
        out += [[l[0]] + tail for tail in all_interleavings(rest)]
    return out


# ---- running -----------------------------------------------------------------------

def normalize_detail(sqlstate, detail):
    if sqlstate == "40P01":
        return re.sub(r"\d+", "N", detail)
    return detail


def format_error(e):
    if e.pgcode is None:  # a libpq-level failure, e.g. the server closed the connection
        first = str(e).strip().splitlines()[0]
        return [first if re.match(r"(FATAL|PANIC|ERROR):  ", first) else "ERROR:  " + first]
    lines = ["%s:  %s: %s" % (e.diag.severity or "ERROR", e.pgcode, e.diag.message_primary)]
    if e.diag.message_detail:
        lines += ("DETAIL:  " + normalize_detail(e.pgcode, e.diag.message_detail)).splitlines()
    if e.diag.message_hint:
        lines += ("HINT:  " + e.diag.message_hint).splitlines()
    return lines


def format_rows(cursor):
    names = [d.name for d in cursor.description]
    right = [d.type_code in NUMERIC_OIDS for d in cursor.description]
    rows = [["" if v is None else v for v in row] for row in cursor.fetchall()]
    widths = [max([len(names[i])] + [len(r[i]) for r in rows]) for i in range(len(names))]

    def line(cells, align):
        return "|".join(c.rjust(w) if a else c.ljust(w) for c, w, a in zip(cells, widths, align)).rstrip()

    out = [line(names, [False] * len(names)), "+".join("-" * w for w in widths)]
    out += [line(r, right) for r in rows]
    out.append("(%d row%s)" % (len(rows), "" if len(rows) == 1 else "s"))
    return out


class Connection:
    """One async psycopg2 connection: send a statement, then poll for its end."""

    def __init__(self, dsn, options):
        self.conn = psycopg2.connect(dsn, async_=1, options=options or None)
        self.wait(STEP_LIMIT)
        self.cursor = self.conn.cursor()
        self.notices_seen = 0

    def send(self, sql):
        self.cursor.execute(sql)

    def wait(self, timeout):
        """None while still running after `timeout` s; else (error or None)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                state = self.conn.poll()
            except psycopg2.Error as e:
                return (e,)
            if state == ext.POLL_OK:
                return (None,)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            fd = self.conn.fileno()
            if state == ext.POLL_WRITE:
                select.select([], [fd], [], remaining)
            else:
                select.select([fd], [], [], remaining)

    def outcome(self, done):
        """The lines a finished statement prints."""
        lines = ["%s" % n.strip() for n in self.conn.notices[self.notices_seen:]]
        self.notices_seen = len(self.conn.notices)
        error = done[0]
        if error is not None:
            return lines + format_error(error)
        if self.cursor.description is not None:
            return lines + format_rows(self.cursor)
        tag = self.cursor.statusmessage or ""
        if tag.split(" ")[0] in ("INSERT", "UPDATE", "DELETE", "MERGE"):
            lines.append(tag)
        return lines

    def run(self, sql):
        self.send(sql)
        done = self.wait(STEP_LIMIT)
        if done is None:
            self.conn.cancel()
            done = self.wait(STEP_LIMIT) or (psycopg2.OperationalError("hung"),)
        return self.outcome(done)

    def close(self):
        try:
            self.conn.close()
        except psycopg2.Error:
            pass


class PermutationRun:
    def __init__(self, spec, dsn, options, out):
        self.spec, self.dsn, self.options, self.out = spec, dsn, options, out
        self.conns = {}
        self.active = {}   # session name -> the step it is running
        self.waiting = []  # steps reported <waiting ...>, oldest first

    def emit(self, lines):
        self.out.extend(lines)

    def finish(self, step, done):
        self.emit(["step %s: <... completed>" % step.name] + self.conns[step.session.name].outcome(done))
        self.waiting.remove(step)
        del self.active[step.session.name]

    def wait_for(self, step):
        """Blocks until a waiting step ends; a step still running after STEP_LIMIT is cancelled."""
        conn = self.conns[step.session.name]
        done = conn.wait(STEP_LIMIT)
        if done is None:
            self.emit(["step %s: <... still waiting after %g s: cancelled>" % (step.name, STEP_LIMIT)])
            conn.conn.cancel()
            done = conn.wait(STEP_LIMIT) or (psycopg2.OperationalError("did not end after cancel"),)
        self.finish(step, done)

    def collect_finished(self, window):
        """Gives waiting steps `window` seconds to end; reports those that did, oldest first."""
        deadline = time.monotonic() + window
        finished = {}
        while True:
            for step in self.waiting:
                if step.name not in finished:
                    done = self.conns[step.session.name].wait(0)
                    if done is not None:
                        finished[step.name] = done
            pending = [s for s in self.waiting if s.name not in finished]
            remaining = deadline - time.monotonic()
            if not pending or remaining <= 0:
                break
            select.select([self.conns[s.session.name].conn.fileno() for s in pending], [], [], remaining)
        for step in list(self.waiting):
            if step.name in finished:
                self.finish(step, finished[step.name])

    def run(self, perm):
        self.emit(["", "starting permutation: " + " ".join(s.name for s in perm)])
        control = Connection(self.dsn, self.options)
        try:
            for sql in self.spec.setup:
                self.report_setup("setup", control.run(sql))
            for session in self.spec.sessions:
                self.conns[session.name] = Connection(self.dsn, self.options)
                for sql in session.setup:
                    self.report_setup(session.name + " setup", self.conns[session.name].run(sql))
            for step in perm:
                name = step.session.name
                if name in self.active:
                    self.wait_for(self.active[name])
                    self.collect_finished(0)
                conn = self.conns[name]
                conn.send(step.sql)
                done = conn.wait(STEP_WAIT)
                if done is None:
                    self.emit(["step %s: %s <waiting ...>" % (step.name, step.sql)])
                    self.active[name] = step
                    self.waiting.append(step)
                else:
                    self.emit(["step %s: %s" % (step.name, step.sql)] + conn.outcome(done))
                if self.waiting:
                    self.collect_finished(STEP_WAIT)
            while self.waiting:
                self.wait_for(self.waiting[0])
            for session in self.spec.sessions:
                for sql in session.teardown:
                    self.report_setup(session.name + " teardown", self.conns[session.name].run(sql))
        finally:
            for conn in self.conns.values():
                conn.close()
            for sql in self.spec.teardown:
                self.report_setup("teardown", control.run(sql))
            control.close()

    def report_setup(self, what, lines):
        # Setup and teardown print only when something goes wrong (or they return rows).
        if lines and not all(re.match(r"(INSERT|UPDATE|DELETE|MERGE) ", l) for l in lines):
            self.emit(["%s: %s" % (what, l) for l in lines])


def run_spec(spec, dsn, options):
    out = ["Parsed test spec with %d sessions" % len(spec.sessions)]
    for perm in spec.permutations:
        PermutationRun(spec, dsn, options, out).run(perm)
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dsn", required=True, help="libpq connection string")
    ap.add_argument("--target", choices=("upsertdb", "postgres"), default="upsertdb")
    ap.add_argument("--record", action="store_true", help="write the expected file instead of comparing")
    ap.add_argument("--results", help="directory for the actual outputs")
    ap.add_argument("specs", nargs="+")
    args = ap.parse_args()
    options = "-c deadlock_timeout=10ms" if args.target == "postgres" else None

    passed = failed = 0
    for path in args.specs:
        name = os.path.splitext(os.path.basename(path))[0]
        expected_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(path))), "expected")
        spec = parse_spec(open(path).read())
        if spec.upsertdb_only and args.target == "postgres":
            print("skip %s (upsertdb-only)" % name)
            continue
        started = time.monotonic()
        try:
            actual = run_spec(spec, args.dsn, options)
        except (psycopg2.Error, SpecError) as e:
            actual = "runner failed: %s\n" % str(e).strip()
        took = time.monotonic() - started
        if args.results:
            os.makedirs(args.results, exist_ok=True)
            with open(os.path.join(args.results, name + ".out"), "w") as f:
                f.write(actual)
        variant = os.path.join(expected_dir, name + "_upsertdb.out")
        # Recording never overwrites PostgreSQL's NAME.out with UpsertDB's output.
        if args.target == "upsertdb" and (spec.upsertdb_only or os.path.exists(variant) or args.record):
            expected_path = variant
        else:
            expected_path = os.path.join(expected_dir, name + ".out")
        if args.record:
            os.makedirs(expected_dir, exist_ok=True)
            with open(expected_path, "w") as f:
                f.write(actual)
            print("recorded %s (%.1f s)" % (os.path.relpath(expected_path), took))
            continue
        expected = open(expected_path).read() if os.path.exists(expected_path) else ""
        if actual == expected:
            passed += 1
            print("ok   %s (%.1f s)" % (name, took))
        else:
            failed += 1
            print("FAIL %s (%.1f s): differs from %s" % (name, took, os.path.relpath(expected_path)))
            diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                        "expected", "actual", lineterm="")
            for line in itertools.islice(diff, 200):
                print("  " + line)
    if not args.record:
        print("isolation: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

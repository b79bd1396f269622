#!/usr/bin/env python3
"""Helpers of psql_diff_test.sh for the tests/sql directives (tests/README.md).

  psql_diff_filter.py prepare SRC DST   copy a scenario, marking where each
                                        --@skip-diff statement ends
  psql_diff_filter.py canon < OUT       psql's output with --@sort results sorted
                                        and --@skip-diff results left out

psql runs the file with -a (echo all input), so the directive comments appear in its
output just before the statement they govern. A --@skip-diff statement still runs
(later statements may depend on it); only what psql prints for it is dropped, the
statement text included, and replaced by one placeholder line. Its end is the first
line ending in ';' (outside quotes) from the directive on: the scenarios put one
statement per line or end a multi-line one with ';' at a line's end.
"""
import sys

SKIP_END = r"\echo @@psql-diff:skip-end"


def statement_ends(line, state):
    """Scans one line, tracking quotes across lines in `state`; True at a final ';'."""
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if state["quote"]:
            if c == state["quote"]:
                state["quote"] = None
        elif c in ("'", '"'):
            state["quote"] = c
        elif line.startswith("--", i):
            break
        i += 1
    return state["quote"] is None and line.split("--")[0].rstrip().endswith(";")


def prepare(src, dst):
    out = []
    skipping = False
    state = {"quote": None}
    for line in open(src, encoding="utf-8").read().splitlines():
        out.append(line)
        if line.strip() == "--@skip-diff":
            skipping = True
            state = {"quote": None}
            continue
        if skipping and not line.lstrip().startswith("--") and statement_ends(line, state):
            out.append(SKIP_END)
            skipping = False
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def canon(lines):
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == "--@skip-diff":
            out.append("--@skip-diff (output not compared)")
            # -a echoes the \echo command itself, then its output: drop through both.
            while i < len(lines) and lines[i] != "@@psql-diff:skip-end":
                i += 1
            i += 1
            continue
        out.append(line)
        i += 1
        if line == "--@sort":
            # The statement's echo, the header and its ---+--- rule, then the rows up
            # to "(N rows)": sort the rows bytewise, as the embedded runner does.
            while i < len(lines) and not (lines[i].startswith("-") and set(lines[i]) <= set("-+")):
                out.append(lines[i])
                i += 1
            if i < len(lines):
                out.append(lines[i])
                i += 1
            rows = []
            while i < len(lines) and not (lines[i].startswith("(") and lines[i].endswith(("row)", "rows)"))):
                rows.append(lines[i])
                i += 1
            out.extend(sorted(rows, key=lambda s: s.encode("utf-8")))
    return out


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2 and sys.argv[1] == "canon":
        text = sys.stdin.read()
        sys.stdout.write("\n".join(canon(text.split("\n"))))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()

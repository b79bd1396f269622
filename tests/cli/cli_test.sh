#!/usr/bin/env bash
# End-to-end checks of the upsertdb binary: subcommands, help, exit codes, and
# psql-identical output for -c, -f and standard input. Expected texts were
# captured from psql 15 running the same SQL against PostgreSQL 15 (minus
# psql's "psql:FILE:LINE: " prefix on errors, which upsertdb does not print).
#
#   bash tests/cli/cli_test.sh BUILD_DIR
set -u

BUILD_DIR=${1:?usage: cli_test.sh BUILD_DIR}
BIN="$BUILD_DIR/upsertdb"
if [[ ! -x "$BIN" ]]; then
  echo "cli: $BIN not found or not executable" >&2
  exit 1
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/upsertdb

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0

# check NAME EXPECTED_RC EXPECTED_STDOUT_FILE EXPECTED_STDERR_FILE
# Compares $WORK/out, $WORK/err and $WORK/rc of the last run.
check() {
  local name=$1 want_rc=$2 want_out=$3 want_err=$4 ok=1
  if [[ $(cat "$WORK/rc") != "$want_rc" ]]; then
    echo "  $name: exit status $(cat "$WORK/rc"), expected $want_rc"
    ok=0
  fi
  if [[ -n "$want_out" ]] && ! diff -u "$want_out" "$WORK/out" >"$WORK/diff"; then
    echo "  $name: stdout differs:"; sed 's/^/    /' "$WORK/diff"
    ok=0
  fi
  if [[ -n "$want_err" ]] && ! diff -u "$want_err" "$WORK/err" >"$WORK/diff"; then
    echo "  $name: stderr differs:"; sed 's/^/    /' "$WORK/diff"
    ok=0
  fi
  if ((ok)); then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
}

# check_grep NAME EXPECTED_RC STREAM(out|err) REGEX
check_grep() {
  local name=$1 want_rc=$2 stream=$3 regex=$4 ok=1
  if [[ $(cat "$WORK/rc") != "$want_rc" ]]; then
    echo "  $name: exit status $(cat "$WORK/rc"), expected $want_rc"
    ok=0
  fi
  if ! grep -Eq -- "$regex" "$WORK/$stream"; then
    echo "  $name: std$stream does not match /$regex/:"; sed 's/^/    /' "$WORK/$stream"
    ok=0
  fi
  if ((ok)); then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
}

# run ARGS... [< input]: runs the binary, capturing stdout, stderr and status.
run() {
  "$BIN" "$@" >"$WORK/out" 2>"$WORK/err"
  echo $? >"$WORK/rc"
}

expect() { cat >"$WORK/$1"; echo "$WORK/$1"; }
EMPTY=$(printf '' | expect empty)

# ---- help, version, usage errors -------------------------------------------------

run --help
check_grep "--help" 0 out '^Usage:'
check_grep "--help lists shell" 0 out '^  shell'
check_grep "--help lists sql" 0 out '^  sql'
run shell --help
check_grep "shell --help" 0 out 'upsertdb shell \[DIR\]'
run sql --help
check_grep "sql --help" 0 out 'upsertdb sql \[DIR\]'
run --version
check_grep "--version" 0 out '^upsertdb [0-9]+\.[0-9]+\.[0-9]+$'
run
check_grep "no command" 2 err '^Usage:'
run frobnicate
check_grep "unknown command" 2 err 'unknown command "frobnicate"'
check "unknown command prints nothing on stdout" 2 "$EMPTY" ""
run serve --help
check_grep "serve --help" 0 out 'upsertdb serve \[--data DIR\]'
run serve --bogus
check_grep "serve unknown option" 2 err 'unknown option "--bogus"'
run sql --bogus
check_grep "sql unknown option" 2 err 'unknown option "--bogus"'

# ---- sql -c ---------------------------------------------------------------------

run sql -c 'select 1 as one' -c "select 'x' as a, 2.50::numeric as b"
check "sql -c twice" 0 "$(expect c1.out <<'EOF'
 one 
-----
   1
(1 row)

 a |  b   
---+------
 x | 2.50
(1 row)

EOF
)" "$EMPTY"

run sql -c 'selec 1'
check "sql -c syntax error" 1 "$EMPTY" "$(expect c2.err <<'EOF'
ERROR:  syntax error at or near "selec"
LINE 1: selec 1
        ^
EOF
)"

# ---- sql -f: the read-receipts incident, errors in the middle ----------------------

cat >"$WORK/script1.sql" <<'EOF'
-- read receipts, SCENARIOS.md incident 1
CREATE TABLE read_receipts (
  message_id bigint NOT NULL,
  user_id bigint NOT NULL,
  device text,
  CONSTRAINT read_receipts_once UNIQUE (message_id, user_id)
);
INSERT INTO read_receipts VALUES (1, 42, 'phone'), (2, 42, NULL);
INSERT INTO read_receipts VALUES (1, 42, 'laptop');
INSERT INTO read_receipts VALUES (1, 42, 'laptop')
  ON CONFLICT ON CONSTRAINT read_receipts_once DO NOTHING;
SELECT message_id, user_id, device, 'semi;colon' AS note
  FROM read_receipts ORDER BY message_id;
UPDATE read_receipts SET device = 'tablet' WHERE message_id = 2 RETURNING message_id, device;
BEGIN;
SELECT 1/0;
SELECT 1;
COMMIT;
SELECT count(*) FROM read_receipts;
EOF
SCRIPT1_OUT=$(expect s1.out <<'EOF'
CREATE TABLE
INSERT 0 2
INSERT 0 0
 message_id | user_id | device |    note    
------------+---------+--------+------------
          1 |      42 | phone  | semi;colon
          2 |      42 |        | semi;colon
(2 rows)

 message_id | device 
------------+--------
          2 | tablet
(1 row)

UPDATE 1
BEGIN
ROLLBACK
 count 
-------
     2
(1 row)

EOF
)
SCRIPT1_ERR=$(expect s1.err <<'EOF'
ERROR:  duplicate key value violates unique constraint "read_receipts_once"
DETAIL:  Key (message_id, user_id)=(1, 42) already exists.
ERROR:  division by zero
ERROR:  current transaction is aborted, commands ignored until end of transaction block
EOF
)
run sql -f "$WORK/script1.sql"
check "sql -f keeps going and exits 1" 1 "$SCRIPT1_OUT" "$SCRIPT1_ERR"

# ---- standard input ------------------------------------------------------------------

run sql <"$WORK/script1.sql"
check "sql from stdin" 1 "$SCRIPT1_OUT" "$SCRIPT1_ERR"

run shell <"$WORK/script1.sql"
check "shell from a non-tty stdin (no prompts)" 0 "$SCRIPT1_OUT" "$SCRIPT1_ERR"

printf 'select 1 +\n  nosuch;\n' >"$WORK/pos.sql"
run sql <"$WORK/pos.sql"
check "error position on the second line" 1 "$EMPTY" "$(expect pos.err <<'EOF'
ERROR:  column "nosuch" does not exist
LINE 2:   nosuch;
          ^
EOF
)"

printf 'select 1 as a' >"$WORK/noterm.sql"
run sql -f "$WORK/noterm.sql"
check "unterminated last statement still runs" 0 "$(expect noterm.out <<'EOF'
 a 
---
 1
(1 row)

EOF
)" "$EMPTY"

run sql -f "$WORK/does-not-exist.sql"
check_grep "missing -f file" 1 err 'does-not-exist.sql'

# ---- meta-commands ---------------------------------------------------------------------

cat >"$WORK/meta.sql" <<'EOF'
CREATE TABLE read_receipts (
  message_id bigint NOT NULL,
  user_id bigint NOT NULL,
  device text,
  CONSTRAINT read_receipts_once UNIQUE (message_id, user_id)
);
\dt
\d read_receipts
\d nosuch
\foo
\q
SELECT 'not reached';
EOF
run sql -f "$WORK/meta.sql"
check "\\dt, \\d, unknown relation, invalid command, \\q" 1 "$(expect meta.out <<'EOF'
CREATE TABLE
             List of relations
 Schema |     Name      | Type  |  Owner   
--------+---------------+-------+----------
 public | read_receipts | table | postgres
(1 row)

             Table "public.read_receipts"
   Column   |  Type  | Collation | Nullable | Default 
------------+--------+-----------+----------+---------
 message_id | bigint |           | not null | 
 user_id    | bigint |           | not null | 
 device     | text   |           |          | 
Indexes:
    "read_receipts_once" UNIQUE CONSTRAINT, btree (message_id, user_id)

EOF
)" "$(expect meta.err <<'EOF'
Did not find any relation named "nosuch".
invalid command \foo
Try \? for help.
EOF
)"

run sql -c '\timing' -c 'select 1 as x'
check_grep "\\timing prints Time:" 0 out '^Time: [0-9]+\.[0-9]{3} ms$'

# ---- a data directory keeps its data between processes ------------------------------------

DIR="$WORK/data"
run sql "$DIR" -c "create table kv (k int primary key, v text); insert into kv values (1, 'one'), (2, 'two');"
check "DIR: first process writes" 0 "$(expect dir1.out <<'EOF'
CREATE TABLE
INSERT 0 2
EOF
)" "$EMPTY"
run sql "$DIR" -c 'select k, v from kv order by k'
check "DIR: second process reads" 0 "$(expect dir2.out <<'EOF'
 k |  v  
---+-----
 1 | one
 2 | two
(2 rows)

EOF
)" "$EMPTY"

# ---- COPY ... FROM stdin with inline data, as pg_dump writes it (output as psql prints it) ----

cat >"$WORK/copy.sql" <<'EOF'
create table pd (id int primary key, name text, note text);
COPY public.pd (id, name, note) FROM stdin;
1	alpha	\N
2	tab\there	x
\.
copy pd to stdout;
copy pd (id) from stdin; select count(*) from pd;
3
\.
copy pd to stdout with (format csv, header);
EOF
run sql -f "$WORK/copy.sql"
check "sql -f: COPY FROM stdin with inline data" 0 "$(expect copy.out <<'EOF'
CREATE TABLE
COPY 2
1	alpha	\N
2	tab\there	x
COPY 1
 count 
-------
     3
(1 row)

id,name,note
1,alpha,
2,tab	here,x
3,,
EOF
)" "$EMPTY"

echo "cli: $passed passed, $failed failed"
((failed == 0))

#!/usr/bin/env bash
# `upsertdb dump` end to end:
#   1. tests/dump/schema.sql builds a mixed database (the five incidents' tables,
#      tricky values, serial/identity columns, partial and expression unique
#      indexes, deferrable constraints, foreign keys with actions, CHECKs);
#      it is dumped and the script is loaded into a throwaway PostgreSQL 15
#      (psql -v ON_ERROR_STOP=1), into a fresh UpsertDB (upsertdb sql -f) and
#      into a fresh `upsertdb serve` (psql -v ON_ERROR_STOP=1); then
#      tests/dump/queries.sql (ordered SELECTs, nextval, constraint probes) runs
#      through psql on the original and on the three copies: all four outputs
#      must be identical. The UpsertDB copy dumps back to the same script.
#   2. an empty database dumps to a script both load, with no objects in it;
#   3. a running server holds the directory lock: dump fails with a clear error;
#   plus usage errors.
#
#   bash tests/dump/dump_test.sh BUILD_DIR
set -u

BUILD_DIR=${1:?usage: dump_test.sh BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(cd "$BUILD_DIR" && pwd)/upsertdb
[[ -x "$BIN" ]] || { echo "dump: $BIN not built"; exit 1; }
PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
[[ -x "$PSQL" ]] || { echo "dump: psql not found"; exit 1; }
HERE="$ROOT/tests/dump"

WORK=$(mktemp -d /tmp/upsertdb-dump.XXXXXX)
ORACLE=""
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [[ -n "$ORACLE" ]] && bash "$ROOT/scripts/pg-oracle.sh" stop "$ORACLE" >/dev/null 2>&1
  [[ -n "$ORACLE" ]] && rm -rf "$ORACLE"
  rm -rf "$WORK"
}
trap cleanup EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; shift; for f in "$@"; do sed 's/^/  /' "$f" | head -n 60; done; }
finish() { echo "dump: $passed passed, $failed failed"; [[ $failed -eq 0 ]]; exit $?; }

# same NAME FILE1 FILE2: passes when the files are identical.
same() {
  if diff -u "$2" "$3" >"$WORK/diff"; then pass "$1"; else fail "$1" "$WORK/diff"; fi
}

# start_server DATA_DIR: `upsertdb serve` on a free port; sets PORT and SERVER_PID.
start_server() {
  local log="$WORK/server.$(basename "$1").log"
  "$BIN" serve --data "$1" --port 0 2>"$log" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^LOG:  listening on address ".*", port \([0-9]*\)$/\1/p' "$log")
    [[ -n "$PORT" ]] && grep -q 'ready to accept connections' "$log" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "could not start upsertdb serve on $1:"; sed 's/^/  /' "$log"
  return 1
}
stop_server() {
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; SERVER_PID=""
}
server_psql() {  # psql args... against the running upsertdb serve
  PGCONNECT_TIMEOUT=10 timeout 120 "$PSQL" -X -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"
}
oracle_psql() {  # DBNAME psql args...
  local db=$1; shift
  PGCONNECT_TIMEOUT=10 timeout 120 "$PSQL" -X "host=$ORACLE port=$ORACLE_PORT user=postgres dbname=$db" "$@"
}
# The queries, run from inside $HERE so psql's "psql:queries.sql:N:" prefixes match.
queries_via() {  # function-name [args]: runs queries.sql through that psql wrapper
  (cd "$HERE" && "$@" -v ON_ERROR_STOP=0 -f queries.sql 2>&1)
}

# ---- usage errors ------------------------------------------------------------------

"$BIN" dump >"$WORK/out" 2>"$WORK/err"; rc=$?
if [[ $rc == 2 ]] && grep -q 'no data directory given' "$WORK/err"; then pass "dump without DIR"; else fail "dump without DIR (rc $rc)" "$WORK/err"; fi
"$BIN" dump "$WORK/missing" >"$WORK/out" 2>"$WORK/err"; rc=$?
if [[ $rc == 1 ]] && grep -q "data directory \"$WORK/missing\" does not exist" "$WORK/err" && [[ ! -e "$WORK/missing" ]]; then
  pass "dump of a missing directory fails and creates nothing"
else
  fail "dump of a missing directory (rc $rc)" "$WORK/err"
fi
"$BIN" dump --help >"$WORK/out" 2>&1
if grep -q 'upsertdb dump DIR' "$WORK/out" && grep -q -- '-h, --host=HOST' "$WORK/out"; then pass "dump --help"; else fail "dump --help" "$WORK/out"; fi
"$BIN" dump "$WORK/x" -p 5432 >"$WORK/out" 2>&1; rc=$?
if [[ $rc == 2 ]] && grep -q 'not both' "$WORK/out"; then pass "dump DIR with -p: usage error"; else fail "dump DIR -p (rc $rc)" "$WORK/out"; fi
"$BIN" dump -h 127.0.0.1 -p 1 >"$WORK/out" 2>"$WORK/err"; rc=$?
if [[ $rc == 1 && ! -s "$WORK/out" ]] && grep -q 'port 1 failed' "$WORK/err"; then pass "dump with no server there: libpq's error"
else fail "dump -p 1 (rc $rc)" "$WORK/err"; fi
"$BIN" --help >"$WORK/out" 2>&1
if grep -q '^  dump DIR' "$WORK/out"; then pass "--help lists dump"; else fail "--help lists dump" "$WORK/out"; fi

# ---- the PostgreSQL oracle ----------------------------------------------------------

ORACLE=$(mktemp -d /tmp/upsertdb-dump-oracle.XXXXXX)
ORACLE_PORT=""
for p in 55301 55311 55321 55331; do
  if bash "$ROOT/scripts/pg-oracle.sh" start "$ORACLE" "$p" >/dev/null 2>&1; then ORACLE_PORT=$p; break; fi
done
if [[ -z "$ORACLE_PORT" ]]; then echo "FAIL could not start PostgreSQL 15"; failed=$((failed + 1)); finish; fi
oracle_psql postgres -q -c 'create database dump_copy' -c 'create database empty_copy' >"$WORK/out" 2>&1 \
  || { fail "create oracle databases" "$WORK/out"; finish; }
"$BIN" dump -h "$ORACLE" -p "$ORACLE_PORT" -U postgres >"$WORK/out" 2>"$WORK/err"; rc=$?
if [[ $rc == 1 && ! -s "$WORK/out" ]] && grep -q 'function upsertdb_dump_script() does not exist' "$WORK/err" \
   && grep -q "The server is not UpsertDB; use PostgreSQL's pg_dump for it." "$WORK/err"; then
  pass "dump pointed at PostgreSQL says to use pg_dump"
else
  fail "dump against PostgreSQL (rc $rc)" "$WORK/err"
fi

# ---- 1. mixed schema: dump, load three ways, same answers ----------------------------------

"$BIN" sql "$WORK/orig" -f "$HERE/schema.sql" >"$WORK/schema.out" 2>&1; rc=$?
if [[ $rc == 0 ]]; then pass "schema.sql loads into UpsertDB"; else fail "schema.sql (rc $rc)" "$WORK/schema.out"; fi

"$BIN" dump "$WORK/orig" -f "$WORK/dump.sql" 2>"$WORK/dump.err"; rc=$?
if [[ $rc == 0 ]] && grep -qx 'dump: table label: 3 rows' "$WORK/dump.err" \
   && grep -qx 'dump: table Mixed Case: 5 rows' "$WORK/dump.err"; then
  pass "dump -f writes the script, progress per table on stderr"
else
  fail "dump -f (rc $rc)" "$WORK/dump.err"
fi
"$BIN" dump "$WORK/orig" -q >"$WORK/dump.stdout.sql" 2>"$WORK/dump.q.err"; rc=$?
if [[ $rc == 0 && ! -s "$WORK/dump.q.err" ]]; then pass "dump -q is silent"; else fail "dump -q (rc $rc)" "$WORK/dump.q.err"; fi
same "dump to stdout equals dump -f" "$WORK/dump.sql" "$WORK/dump.stdout.sql"

oracle_psql dump_copy -q -v ON_ERROR_STOP=1 -f "$WORK/dump.sql" >"$WORK/pg.load" 2>&1; rc=$?
if [[ $rc == 0 ]]; then pass "PostgreSQL 15 loads the dump (ON_ERROR_STOP)"; else fail "PostgreSQL load (rc $rc)" "$WORK/pg.load"; fi

"$BIN" sql "$WORK/copy" -f "$WORK/dump.sql" >"$WORK/copy.load" 2>"$WORK/copy.err"; rc=$?
if [[ $rc == 0 && ! -s "$WORK/copy.err" ]]; then pass "upsertdb sql -f loads the dump"; else fail "upsertdb sql load (rc $rc)" "$WORK/copy.err"; fi

"$BIN" dump "$WORK/copy" -q >"$WORK/redump.sql" 2>"$WORK/redump.err"
same "the loaded copy dumps back to the same script" "$WORK/dump.sql" "$WORK/redump.sql"

queries_via oracle_psql dump_copy >"$WORK/q.pg"

if start_server "$WORK/served"; then
  server_psql -q -v ON_ERROR_STOP=1 -f "$WORK/dump.sql" >"$WORK/served.load" 2>&1; rc=$?
  if [[ $rc == 0 ]]; then pass "psql loads the dump into upsertdb serve"; else fail "serve load (rc $rc)" "$WORK/served.load"; fi
  queries_via server_psql >"$WORK/q.served"
  stop_server
fi

if start_server "$WORK/orig"; then
  # ---- 3. the directory lock ---------------------------------------------------------
  "$BIN" dump "$WORK/orig" >"$WORK/out" 2>"$WORK/err"; rc=$?
  if [[ $rc == 1 ]] && grep -q 'could not lock data directory' "$WORK/err" \
     && grep -q 'dump through the server (-h HOST -p PORT)' "$WORK/err" && [[ ! -s "$WORK/out" ]]; then
    pass "dump while the server runs: lock error"
  else
    fail "dump while the server runs (rc $rc)" "$WORK/err" "$WORK/out"
  fi
  # ---- 4. through the running server: the same script as from the directory -------------
  "$BIN" dump -h 127.0.0.1 -p "$PORT" -U postgres -f "$WORK/served-dump.sql" 2>"$WORK/served-dump.err"; rc=$?
  if [[ $rc == 0 ]] && grep -qx 'dump: table Mixed Case: 5 rows' "$WORK/served-dump.err"; then
    pass "dump -h -p through the server, progress on stderr"
  else
    fail "dump through the server (rc $rc)" "$WORK/served-dump.err"
  fi
  same "dump through the server equals the directory dump" "$WORK/dump.sql" "$WORK/served-dump.sql"
  "$BIN" dump -q --dbname="postgresql://postgres@127.0.0.1:$PORT/postgres" >"$WORK/served-uri.sql" 2>"$WORK/err"; rc=$?
  if [[ $rc == 0 && ! -s "$WORK/err" ]]; then same "dump -d URI equals the directory dump" "$WORK/dump.sql" "$WORK/served-uri.sql"
  else fail "dump -d URI (rc $rc)" "$WORK/err"; fi
  queries_via server_psql >"$WORK/q.orig"
  stop_server
fi
if start_server "$WORK/copy"; then
  queries_via server_psql >"$WORK/q.copy"
  stop_server
fi

if grep -q 'ERROR' "$WORK/q.orig" 2>/dev/null && grep -q '(5 rows)' "$WORK/q.orig"; then
  pass "queries ran on the original (rows and constraint errors)"
else
  fail "queries on the original" "$WORK/q.orig"
fi
same "PostgreSQL copy answers as the original" "$WORK/q.orig" "$WORK/q.pg"
same "UpsertDB copy (sql -f) answers as the original" "$WORK/q.orig" "$WORK/q.copy"
same "UpsertDB copy (psql into serve) answers as the original" "$WORK/q.orig" "$WORK/q.served"

# ---- 5. through a server under writes: one snapshot across tables --------------------------
# Each writer transaction moves one unit from `a` to `z`; the table between
# them (`m_pad`) keeps the dump busy between the two COPYs. A dump that read
# the tables at different moments would not balance.
if start_server "$WORK/moving"; then
  server_psql -q -c 'create table a (id int primary key, n int)' -c 'create table z (id int primary key, n int)' \
    -c 'create table m_pad (id int)' -c 'insert into m_pad select g from generate_series(1, 300000) g' \
    -c 'insert into a values (1, 1000000000)' -c 'insert into z values (1, 0)' >"$WORK/out" 2>&1
  yes 'begin; update a set n = n - 1 where id = 1; update z set n = n + 1 where id = 1; commit;' \
    | server_psql -q >/dev/null 2>&1 &
  MOVER=$!
  sleep 0.3
  snap_ok=1
  for k in 1 2 3; do
    "$BIN" dump -q -h 127.0.0.1 -p "$PORT" -U postgres >"$WORK/moving.$k.sql" 2>"$WORK/err" || snap_ok=0
    rm -rf "$WORK/moving.copy.$k"
    "$BIN" sql "$WORK/moving.copy.$k" -f "$WORK/moving.$k.sql" >/dev/null 2>>"$WORK/err" || snap_ok=0
    "$BIN" sql "$WORK/moving.copy.$k" -c 'select a.n + z.n as total, z.n as moved from a, z' >"$WORK/moving.$k.out" 2>>"$WORK/err"
    cat "$WORK/moving.$k.out" >>"$WORK/moving.log"
    grep -Eq '^ *1000000000 \| *[1-9][0-9]*$' "$WORK/moving.$k.out" || snap_ok=0
  done
  kill "$MOVER" 2>/dev/null; wait "$MOVER" 2>/dev/null
  if [[ $snap_ok == 1 ]]; then pass "dumps under concurrent writes are one snapshot (3 dumps balance)"
  else fail "dump under concurrent writes" "$WORK/moving.log" "$WORK/err"; fi
  stop_server
fi

# ---- 2. empty database ------------------------------------------------------------------

"$BIN" sql "$WORK/empty" -c 'select 1' >/dev/null 2>&1
"$BIN" dump "$WORK/empty" >"$WORK/empty.sql" 2>"$WORK/empty.err"; rc=$?
if [[ $rc == 0 && ! -s "$WORK/empty.err" ]] && ! grep -Eq '^(CREATE|COPY|ALTER|SELECT)' "$WORK/empty.sql"; then
  pass "empty database dumps to a script without objects"
else
  fail "empty dump (rc $rc)" "$WORK/empty.err" "$WORK/empty.sql"
fi
oracle_psql empty_copy -q -v ON_ERROR_STOP=1 -f "$WORK/empty.sql" >"$WORK/out" 2>&1; rc=$?
oracle_psql empty_copy -Atc "select count(*) from pg_class where relnamespace = 'public'::regnamespace" >>"$WORK/out" 2>&1
if [[ $rc == 0 ]] && [[ $(tail -n 1 "$WORK/out") == 0 ]]; then pass "PostgreSQL loads the empty dump"; else fail "empty dump into PostgreSQL (rc $rc)" "$WORK/out"; fi
"$BIN" sql "$WORK/empty_copy" -f "$WORK/empty.sql" >"$WORK/out" 2>&1; rc=$?
"$BIN" dump "$WORK/empty_copy" >"$WORK/empty2.sql" 2>/dev/null
if [[ $rc == 0 ]]; then pass "UpsertDB loads the empty dump"; else fail "empty dump into UpsertDB (rc $rc)" "$WORK/out"; fi
same "empty dump round trip" "$WORK/empty.sql" "$WORK/empty2.sql"

# ---- progress on a large table -------------------------------------------------------

"$BIN" sql "$WORK/big" -c 'create table big (id integer)' \
  -c 'insert into big select g from generate_series(1, 1000001) g' >"$WORK/out" 2>&1
"$BIN" dump "$WORK/big" -f "$WORK/big.sql" 2>"$WORK/big.err"; rc=$?
printf 'dump: table big: 1000000 rows\ndump: table big: 1000001 rows\n' >"$WORK/big.want"
if [[ $rc == 0 ]]; then same "progress every 1M rows" "$WORK/big.want" "$WORK/big.err"; else fail "large dump (rc $rc)" "$WORK/big.err"; fi
rows=$(sed -n '/^COPY big (id) FROM stdin;$/,/^\\\.$/p' "$WORK/big.sql" | wc -l)
if [[ $rows == 1000003 ]]; then pass "large table: every row in the COPY block"; else fail "large table: $rows lines in the COPY block" "$WORK/big.err"; fi

finish

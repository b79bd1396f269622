#!/usr/bin/env bash
# The tests/sql scenarios over the wire: each tests/sql/*.sql runs through psql 15
# (-X -a, no ON_ERROR_STOP) against a fresh database of a throwaway PostgreSQL 15
# (scripts/pg-oracle.sh, CREATE DATABASE per file) and against a fresh
# `upsertdb serve` (new data directory, --port 0, one server per file: it starts in
# ~0.15 s); the two outputs must be identical, byte for byte. Unlike `sqltest diff`
# this compares everything psql prints: error LINE/caret positions, DETAIL, HINT,
# CONTEXT, NOTICEs, command tags, column alignment, the psql:FILE:LINE: prefixes.
#
# Files whose first line is --@upsertdb-only are left out (deliberate differences).
# --@sort results are sorted and --@skip-diff statements run but are not compared
# (tests/server/psql_diff_filter.py). EXCLUDED below lists files kept out, with why.
#
#   bash tests/server/psql_diff_test.sh BUILD_DIR [NAME...]   (NAME: only these files)
# Prints "psql-diff: N passed, N failed, N excluded"; exits non-zero on any failure.
set -u

BUILD_DIR=${1:?usage: psql_diff_test.sh BUILD_DIR [NAME...]}
shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(cd "$BUILD_DIR" && pwd)/upsertdb
[[ -x "$BIN" ]] || { echo "psql-diff: $BIN not built"; exit 1; }
PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
FILTER="/usr/bin/python3 $ROOT/tests/server/psql_diff_filter.py"

# Files kept out of the comparison: NAME -> why (a difference not fixed yet).
declare -A EXCLUDED=(
)

WORK=$(mktemp -d /tmp/upsertdb-psql-diff.XXXXXX)
chmod 755 "$WORK"   # the oracle runs as another user under root
ORACLE="$WORK/oracle"
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  bash "$ROOT/scripts/pg-oracle.sh" stop "$ORACLE" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# Ports 5541-5549 keep clear of the other suites' oracles (the socket lives in $ORACLE).
port=""
for p in ${UPSERTDB_ORACLE_PORT:-} 5541 5542 5543 5544 5545 5546 5547 5548 5549; do
  if bash "$ROOT/scripts/pg-oracle.sh" start "$ORACLE" "$p" >/dev/null 2>&1; then port=$p; break; fi
done
[[ -n "$port" ]] || { echo "psql-diff: could not start the PostgreSQL oracle"; exit 1; }

# start_server: a fresh data directory on a free port; sets UPORT and SERVER_PID.
start_server() {
  rm -rf "$WORK/data"
  "$BIN" serve --data "$WORK/data" --port 0 2>"$WORK/server.log" &
  SERVER_PID=$!
  UPORT=""
  for _ in $(seq 1 200); do
    UPORT=$(sed -n 's/^LOG:  listening on address ".*", port \([0-9]*\)$/\1/p' "$WORK/server.log")
    [[ -n "$UPORT" ]] && grep -q 'ready to accept connections' "$WORK/server.log" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "psql-diff: could not start upsertdb serve:"; sed 's/^/  /' "$WORK/server.log"
  return 1
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}

# run_psql OUT ARGS...: the script at tests/sql/NAME.sql relative to $WORK, so the
# psql:FILE:LINE: prefixes name the scenario the same way on both sides.
run_psql() {
  local out=$1; shift
  (cd "$WORK" && timeout 60 "$PSQL" -X -a -v ON_ERROR_STOP=0 -U postgres "$@" >"$out.raw" 2>&1)
  $FILTER canon <"$out.raw" >"$out"
}

mkdir -p "$WORK/tests/sql" "$WORK/out"
passed=0; failed=0; excluded=0
files=()
if [[ $# -gt 0 ]]; then
  for n in "$@"; do files+=("$ROOT/tests/sql/$n.sql"); done
else
  files=("$ROOT"/tests/sql/*.sql)
fi
for sql in "${files[@]}"; do
  name=$(basename "$sql" .sql)
  [[ "$(head -n 1 "$sql")" == "--@upsertdb-only"* ]] && continue
  if [[ -n "${EXCLUDED[$name]:-}" ]]; then
    excluded=$((excluded + 1)); echo "skip $name: ${EXCLUDED[$name]}"; continue
  fi
  $FILTER prepare "$sql" "$WORK/tests/sql/$name.sql"
  db="psqldiff_$name"
  "$PSQL" -X -q -h "$ORACLE" -p "$port" -U postgres -d postgres \
    -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1
  run_psql "$WORK/out/$name.pg" -h "$ORACLE" -p "$port" -d "$db" -f "tests/sql/$name.sql"
  "$PSQL" -X -q -h "$ORACLE" -p "$port" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
  if start_server; then
    run_psql "$WORK/out/$name.up" -h 127.0.0.1 -p "$UPORT" -d postgres -f "tests/sql/$name.sql"
    stop_server
  else
    echo "server start failed" >"$WORK/out/$name.up"
  fi
  if cmp -s "$WORK/out/$name.pg" "$WORK/out/$name.up"; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name (- PostgreSQL 15, + UpsertDB)"
    diff -u "$WORK/out/$name.pg" "$WORK/out/$name.up" | tail -n +3 | head -60 | sed 's/^/  /'
  fi
done
echo "psql-diff: $passed passed, $failed failed, $excluded excluded"
[[ $failed -eq 0 ]]

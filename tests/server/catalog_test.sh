#!/usr/bin/env bash
# Differential test of psql's describe commands: tests/server/catalog/*.sql run
# through psql 15 against a throwaway PostgreSQL 15 (scripts/pg-oracle.sh) and
# against `upsertdb serve`; the outputs must be identical.
#   bash tests/server/catalog_test.sh BUILD_DIR
set -u
BUILD_DIR=${1:?usage: catalog_test.sh BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(cd "$BUILD_DIR" && pwd)/upsertdb
PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
WORK=$(mktemp -d /tmp/upsertdb-catalog-test.XXXXXX)
chmod 755 "$WORK"   # the oracle runs as another user under root
ORACLE="$WORK/oracle"
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  bash "$ROOT/scripts/pg-oracle.sh" stop "$ORACLE" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
port=""
for p in ${UPSERTDB_ORACLE_PORT:-} 54369 54379 54389; do
  if bash "$ROOT/scripts/pg-oracle.sh" start "$ORACLE" "$p" >/dev/null 2>&1; then port=$p; break; fi
done
[[ -n "$port" ]] || { echo "catalog: could not start the PostgreSQL oracle"; exit 1; }
"$BIN" serve --data "$WORK/data" --port 0 2>"$WORK/server.log" &
SERVER_PID=$!
UPORT=""
for _ in $(seq 1 100); do
  UPORT=$(sed -n 's/^LOG:  listening on address ".*", port \([0-9]*\)$/\1/p' "$WORK/server.log")
  [[ -n "$UPORT" ]] && grep -q 'ready to accept connections' "$WORK/server.log" && break
  sleep 0.1
done
[[ -n "$UPORT" ]] || { echo "catalog: could not start upsertdb serve"; cat "$WORK/server.log"; exit 1; }

passed=0; failed=0
for sql in "$ROOT"/tests/server/catalog/*.sql; do
  name=$(basename "$sql" .sql)
  # Each run gets a fresh database on the oracle so OIDs and names start clean.
  "$PSQL" -X -q -h "$ORACLE" -p "$port" -U postgres -d postgres -c "DROP DATABASE IF EXISTS cat_$name" -c "CREATE DATABASE cat_$name" >/dev/null 2>&1
  expected=$(timeout 60 "$PSQL" -X -h "$ORACLE" -p "$port" -U postgres -d "cat_$name" -f "$sql" 2>&1 | sed '/^LOCATION:/d')
  actual=$(timeout 60 "$PSQL" -X -h 127.0.0.1 -p "$UPORT" -U postgres -d postgres -f "$sql" 2>&1 | sed '/^LOCATION:/d')
  if [[ "$expected" == "$actual" ]]; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"
    diff <(echo "$expected") <(echo "$actual") | head -40 | sed 's/^/  /'
  fi
done
echo "catalog: $passed passed, $failed failed"
[[ $failed -eq 0 ]]

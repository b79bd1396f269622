#!/usr/bin/env bash
# Issue 5's concurrency tests against a fresh `upsertdb serve`:
#   isolation_tester.py  every tests/isolation/specs/*.spec vs its expected output
#   stress.py            16 connections, random mix for STRESS_SECONDS (default 20), invariants
#   batch_deadlock.py    opposite-order batch upserts, 100 rounds: 0 deadlocks
#
#   bash tests/isolation/run.sh BUILD_DIR
# Prints "isolation suite: N passed, N failed"; exits non-zero when any part failed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${1:-build/release}
BIN="$BUILD_DIR/upsertdb"
WORK=$(mktemp -d /tmp/upsertdb-isolation.XXXXXX)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" serve --data "$WORK/data" --port 0 2>"$WORK/server.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 100); do
  PORT=$(sed -n 's/^LOG:  listening on address ".*", port \([0-9]*\)$/\1/p' "$WORK/server.log")
  [ -n "$PORT" ] && grep -q 'ready to accept connections' "$WORK/server.log" && break
  PORT=""; sleep 0.1
done
if [ -z "$PORT" ]; then
  echo "could not start the server:"; sed 's/^/  /' "$WORK/server.log"
  echo "isolation suite: 0 passed, 1 failed"; exit 1
fi
DSN="host=127.0.0.1 port=$PORT user=postgres dbname=postgres"

passed=0
failed=0
result() {  # name status
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

timeout 600 /usr/bin/python3 "$HERE/isolation_tester.py" --dsn "$DSN" "$HERE"/specs/*.spec | sed 's/^/  /'
result "isolation specs" "${PIPESTATUS[0]}"
timeout 300 /usr/bin/python3 "$HERE/stress.py" --dsn "$DSN" --seconds "${STRESS_SECONDS:-20}" | sed 's/^/  /'
result "stress, 16 connections" "${PIPESTATUS[0]}"
timeout 300 /usr/bin/python3 "$HERE/batch_deadlock.py" --dsn "$DSN" --rounds 100 | sed 's/^/  /'
result "opposite-order batch upserts, 100 rounds" "${PIPESTATUS[0]}"

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "FAIL the server died:"; tail -n 20 "$WORK/server.log" | sed 's/^/  /'; failed=$((failed + 1))
fi
echo "isolation suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

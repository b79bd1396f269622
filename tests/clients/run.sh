#!/usr/bin/env bash
# Real client drivers against `upsertdb serve`, each on a fresh server:
#   psycopg2       (Debian's python3-psycopg2: libpq, simple query protocol)
#   node-postgres  (npm package `pg`, installed into tests/clients/node: extended protocol)
#   TypeORM 0.3    (npm, same folder: incident 5's deferrable unique through save())
#   race_test.py   the incidents' races, 8 psycopg2 connections at once
#   psycopg 3      (Debian's python3-psycopg: server-side binding, prepared, binary, pipeline)
#   SQLAlchemy     (Debian's python3-sqlalchemy 1.4: create_all, incident 2 verbatim, 8 pods)
#   PgJDBC         (Debian's libpostgresql-jdbc-java: incident 3, batches, generated keys)
#
#   bash tests/clients/run.sh BUILD_DIR
# Prints "clients: N passed, N failed"; exits non-zero when any client failed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${1:-build/release}
BIN="$BUILD_DIR/upsertdb"
WORK=$(mktemp -d /tmp/upsertdb-clients.XXXXXX)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

passed=0
failed=0
result() {  # name status
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

# start_server NAME: a fresh data directory on a free port; sets PORT and SERVER_PID.
start_server() {
  local log="$WORK/$1.log"
  "$BIN" serve --data "$WORK/$1-data" --port 0 2>"$log" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 100); do
    PORT=$(sed -n 's/^LOG:  listening on address ".*", port \([0-9]*\)$/\1/p' "$log")
    [ -n "$PORT" ] && grep -q 'ready to accept connections' "$log" && return 0
    sleep 0.1
  done
  echo "could not start the server:"; sed 's/^/  /' "$log"
  return 1
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}

# psycopg2: the Debian package is importable by the system interpreter.
if start_server psycopg2; then
  /usr/bin/python3 "$HERE/psycopg2_test.py" "$PORT" | sed 's/^/  /'
  result psycopg2 "${PIPESTATUS[0]}"
  /usr/bin/python3 "$HERE/psycopg2_copy_test.py" "$PORT" | sed 's/^/  /'
  result "psycopg2 COPY" "${PIPESTATUS[0]}"
  /usr/bin/python3 "$HERE/race_test.py" "$PORT" | sed 's/^/  /'
  result "races, 8 connections (psycopg2)" "${PIPESTATUS[0]}"
  /usr/bin/python3 "$HERE/psycopg3_test.py" "$PORT" | sed 's/^/  /'
  result "psycopg 3" "${PIPESTATUS[0]}"
  stop_server
else
  result psycopg2 1
fi

# SQLAlchemy: on its own server (its tables are the incidents', as the others').
if start_server sqlalchemy; then
  /usr/bin/python3 "$HERE/sqlalchemy_test.py" "$PORT" | sed 's/^/  /'
  result "SQLAlchemy 1.4 Core" "${PIPESTATUS[0]}"
  stop_server
else
  result "SQLAlchemy 1.4 Core" 1
fi

# PgJDBC: Debian's jar, the test run as a single-file Java program.
if start_server jdbc; then
  java -cp /usr/share/java/postgresql.jar "$HERE/jdbc/JdbcTest.java" "$PORT" | sed 's/^/  /'
  result "PgJDBC" "${PIPESTATUS[0]}"
  stop_server
else
  result PgJDBC 1
fi

# node-postgres: installed from the npm registry into tests/clients/node.
if (cd "$HERE/node" && { { [ -d node_modules/pg ] && [ -d node_modules/typeorm ]; } ||
                        npm install --no-audit --no-fund --loglevel=error >/dev/null; }) && start_server node; then
  node "$HERE/node/pg_test.js" "$PORT" | sed 's/^/  /'
  result node-postgres "${PIPESTATUS[0]}"
  stop_server
  if start_server typeorm; then
    node "$HERE/node/typeorm_test.js" "$PORT" | sed 's/^/  /'
    result "TypeORM 0.3 (incident 5)" "${PIPESTATUS[0]}"
    stop_server
  else
    result "TypeORM 0.3 (incident 5)" 1
  fi
else
  result node-postgres 1
fi

echo "clients: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# End-to-end tests of `upsertdb serve` with real clients:
#   - psql runs tests/server/psql/*.sql; output must equal the .out file beside
#     it, recorded from psql 15 against PostgreSQL 15 (psql's LOCATION lines,
#     which name PostgreSQL's C source, are dropped on both sides);
#   - tests/server/wire_test.py speaks the protocol directly (extended query,
#     binary formats, startup errors, abusive clients); its transcript must
#     equal wire_test.expected; copy_wire_test.py likewise for COPY;
#   - pgbench with a custom upsert script in simple, extended and prepared mode;
#   - the command itself: garbage connections, port already taken, data
#     directory already in use, SIGTERM/SIGINT shutdown keeping the data,
#     -c max_connections (53300) and -c session defaults;
#   - a libFuzzer run over the message decoder (tests/server/fuzz), 10 s by
#     default (UPSERTDB_FUZZ_SECONDS), when clang++ is installed.
#
#   bash tests/server/psql_test.sh BUILD_DIR
# Prints "server: N passed, N failed"; exits non-zero when anything failed.
set -u

BUILD_DIR=${1:?usage: psql_test.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN="$BUILD_DIR/upsertdb"
if [[ ! -x "$BIN" ]]; then
  echo "server: $BIN not found or not executable" >&2
  exit 1
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/upsertdb
PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
if [[ ! -x "$PSQL" ]]; then
  echo "server: psql not found (scripts/install-deps.sh installs postgresql-15)" >&2
  exit 1
fi

WORK=$(mktemp -d /tmp/upsertdb-server-test.XXXXXX)
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; shift; for line in "$@"; do echo "  $line"; done; }

# start_server DATA_DIR LOG: starts on a free port (--port 0) and sets PORT and SERVER_PID.
start_server() {
  local data=$1 log=$2
  "$BIN" serve --data "$data" --port 0 2>"$log" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^LOG:  listening on address ".*", port \([0-9]*\)$/\1/p' "$log")
    [[ -n "$PORT" ]] && grep -q 'ready to accept connections' "$log" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "server: could not start the server:"; sed 's/^/  /' "$log"
  return 1
}

# stop_server SIGNAL: sends the signal and waits; sets STOP_RC.
stop_server() {
  kill -"$1" "$SERVER_PID"
  wait "$SERVER_PID"
  STOP_RC=$?
  SERVER_PID=""
}

run_psql() {  # extra psql args...
  PGOPTIONS='-c search_path=public' PGAPPNAME=psql_test PGCONNECT_TIMEOUT=10 \
    timeout 60 "$PSQL" -X -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=0 "$@" 2>&1 | sed '/^LOCATION:/d'
}

alive() {
  [[ "$(run_psql -d postgres -Atc "select 'alive'")" == alive ]]
}

start_server "$WORK/data" "$WORK/server.log" || { echo "server: 0 passed, 1 failed"; exit 1; }

# ---- psql scripts ------------------------------------------------------------------
for sql in "$HERE"/psql/*.sql; do
  name=$(basename "$sql" .sql)
  run_psql -d postgres <"$sql" >"$WORK/$name.actual"
  if diff -u "$HERE/psql/$name.out" "$WORK/$name.actual" >"$WORK/diff"; then
    pass "psql $name"
  else
    fail "psql $name" "$(cat "$WORK/diff")"
  fi
done

out=$(run_psql -d nosuchdb -c 'select 1')
if [[ "$out" == *'FATAL:  database "nosuchdb" does not exist'* ]]; then
  pass "psql: unknown database is 3D000"
else
  fail "psql: unknown database is 3D000" "$out"
fi

# ---- raw protocol ----------------------------------------------------------------------
if command -v python3 >/dev/null; then
  if (cd "$HERE" && timeout 120 python3 wire_test.py "$PORT" --self-checks) >"$WORK/wire.actual" 2>&1 &&
    diff -u "$HERE/wire_test.expected" "$WORK/wire.actual" >"$WORK/diff"; then
    pass "wire protocol transcript"
  else
    fail "wire protocol transcript" "$(cat "$WORK/diff" 2>/dev/null)" "$(tail -5 "$WORK/wire.actual")"
  fi
else
  fail "wire protocol transcript" "python3 not found"
fi

# ---- COPY over the raw protocol (copy_wire_test.expected recorded from PostgreSQL 15) --------
if command -v python3 >/dev/null; then
  if (cd "$HERE" && timeout 120 python3 copy_wire_test.py 127.0.0.1 "$PORT") >"$WORK/copy_wire.actual" 2>&1 &&
    diff -u "$HERE/copy_wire_test.expected" "$WORK/copy_wire.actual" >"$WORK/diff"; then
    pass "COPY protocol transcript"
  else
    fail "COPY protocol transcript" "$(cat "$WORK/diff" 2>/dev/null)" "$(tail -5 "$WORK/copy_wire.actual")"
  fi
fi

# ---- pgbench: a custom upsert script, 8 clients, each query mode ---------------------------
PGBENCH=$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)
if [[ -x "$PGBENCH" ]]; then
  run_psql -d postgres -qc "create table counters (id int primary key, n int not null)" >/dev/null
  for mode in simple extended prepared; do
    if timeout 120 "$PGBENCH" -h 127.0.0.1 -p "$PORT" -U postgres -n -M "$mode" -c 8 -j 2 -t 50 \
        -f "$HERE/pgbench_upsert.sql" postgres >"$WORK/pgbench.out" 2>&1 &&
      grep -q 'number of failed transactions: 0 ' "$WORK/pgbench.out"; then
      pass "pgbench -M $mode -c 8"
    else
      fail "pgbench -M $mode -c 8" "$(tail -5 "$WORK/pgbench.out")"
    fi
  done
  # Every upsert counted once: 3 modes x 8 clients x 50 transactions.
  out=$(run_psql -d postgres -Atc "select sum(n) from counters; drop table counters")
  if [[ "$out" == 1200* ]]; then
    pass "pgbench upserts all counted"
  else
    fail "pgbench upserts all counted" "$out"
  fi
else
  fail "pgbench" "pgbench not found (postgresql-15 ships it)"
fi

# ---- garbage on a raw connection -----------------------------------------------------------
if exec 3<>"/dev/tcp/127.0.0.1/$PORT"; then
  printf '\x00\x00\x00\x10garbage-garbage!\xff\xff\xff\xff' >&3
  timeout 5 cat <&3 >"$WORK/garbage.out"
  exec 3<&-
fi
if alive && kill -0 "$SERVER_PID" 2>/dev/null; then
  pass "garbage bytes leave the server running"
else
  fail "garbage bytes leave the server running" "$(tail -5 "$WORK/server.log")"
fi

# ---- the command ----------------------------------------------------------------------------
"$BIN" serve --data "$WORK/other" --port "$PORT" >"$WORK/taken.out" 2>&1
rc=$?
if [[ $rc -eq 1 ]] && grep -q "could not listen on 127.0.0.1:$PORT: Address already in use" "$WORK/taken.out"; then
  pass "port already taken: clear error, exit 1"
else
  fail "port already taken: clear error, exit 1" "exit $rc" "$(cat "$WORK/taken.out")"
fi

timeout 10 "$BIN" serve --data "$WORK/data" --port 0 >"$WORK/locked.out" 2>&1
rc=$?
if [[ $rc -eq 1 ]] && grep -q 'could not lock data directory' "$WORK/locked.out"; then
  pass "data directory in use: clear error, exit 1"
else
  fail "data directory in use: clear error, exit 1" "exit $rc" "$(cat "$WORK/locked.out")"
fi

run_psql -d postgres -qc "create table kept (id int primary key, note text); insert into kept values (1, 'survives restart')" >/dev/null
stop_server TERM
if [[ $STOP_RC -eq 0 ]] && grep -q 'database system is shut down' "$WORK/server.log"; then
  pass "SIGTERM shuts down cleanly"
else
  fail "SIGTERM shuts down cleanly" "exit $STOP_RC" "$(tail -5 "$WORK/server.log")"
fi

start_server "$WORK/data" "$WORK/server2.log" || { echo "server: $passed passed, $((failed + 1)) failed"; exit 1; }
out=$(run_psql -d postgres -Atc "select note from kept")
if [[ "$out" == "survives restart" ]]; then
  pass "data kept across a restart"
else
  fail "data kept across a restart" "$out"
fi
# An idle client is told why it is being disconnected.
( exec 4<>"/dev/tcp/127.0.0.1/$PORT"; sleep 5 ) &
idle=$!
sleep 0.2
stop_server INT
kill "$idle" 2>/dev/null; wait "$idle" 2>/dev/null
if [[ $STOP_RC -eq 0 ]] && grep -q 'database system is shut down' "$WORK/server2.log"; then
  pass "SIGINT shuts down cleanly with a client connected"
else
  fail "SIGINT shuts down cleanly with a client connected" "exit $STOP_RC" "$(tail -5 "$WORK/server2.log")"
fi

# ---- serve -c: max_connections and session defaults ----------------------------------------
start_server_args=(-c max_connections=2 -c search_path=from_server)
"$BIN" serve --data "$WORK/data3" --port 0 "${start_server_args[@]}" 2>"$WORK/server3.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/^LOG:  listening on address ".*", port \([0-9]*\)$/\1/p' "$WORK/server3.log")
  [[ -n "$PORT" ]] && break
  sleep 0.1
done
out=$(PGCONNECT_TIMEOUT=10 timeout 30 "$PSQL" -X -h 127.0.0.1 -p "$PORT" -U postgres -Atc 'show search_path' 2>&1)
if [[ "$out" == "from_server" ]]; then
  pass "serve -c sets session defaults"
else
  fail "serve -c sets session defaults" "$out"
fi
( exec 5<>"/dev/tcp/127.0.0.1/$PORT" 6<>"/dev/tcp/127.0.0.1/$PORT"; sleep 5 ) &
holders=$!
sleep 0.3
out=$(PGCONNECT_TIMEOUT=10 timeout 30 "$PSQL" -X -h 127.0.0.1 -p "$PORT" -U postgres -Atc 'select 1' 2>&1)
kill "$holders" 2>/dev/null; wait "$holders" 2>/dev/null
if [[ "$out" == *"FATAL:  sorry, too many clients already"* ]]; then
  pass "max_connections enforced with 53300"
else
  fail "max_connections enforced with 53300" "$out"
fi
sleep 0.3
if alive; then
  pass "connections accepted again below max_connections"
else
  fail "connections accepted again below max_connections"
fi
# A client that asked for a big result and stopped reading must not stall shutdown.
stuck=""
if command -v python3 >/dev/null; then
  (cd "$HERE" && exec python3 -c "
import sys, time
from wire_client import Conn, query
c = Conn($PORT)
c.send(query(\"select g, repeat('x', 100) from generate_series(1, 300000) g\"))
time.sleep(60)") &
  stuck=$!
  sleep 1
fi
start=$(date +%s)
stop_server TERM
elapsed=$(($(date +%s) - start))
[[ -n "$stuck" ]] && kill "$stuck" 2>/dev/null && wait "$stuck" 2>/dev/null
if [[ $STOP_RC -eq 0 && $elapsed -lt 30 ]]; then
  pass "SIGTERM with a client that stopped reading (${elapsed}s)"
else
  fail "SIGTERM with a client that stopped reading" "exit $STOP_RC after ${elapsed}s"
fi
"$BIN" serve --data "$WORK/data4" --port 0 -c no_such_setting=1 >"$WORK/badset.out" 2>&1
rc=$?
if [[ $rc -eq 2 ]] && grep -q 'unrecognized configuration parameter "no_such_setting"' "$WORK/badset.out"; then
  pass "serve -c with an unknown setting fails at startup"
else
  fail "serve -c with an unknown setting fails at startup" "exit $rc" "$(cat "$WORK/badset.out")"
fi

# ---- libFuzzer on the message decoder, for a fixed short budget ----------------------------
if command -v clang++ >/dev/null; then
  ROOT=$(cd "$HERE/../.." && pwd)
  if clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -I"$ROOT/src" \
      "$HERE/fuzz/message_decoder_fuzz.cc" "$ROOT/src/server/message_decoder.cc" \
      "$ROOT/src/server/message_reader.cc" "$ROOT/src/server/startup_packet.cc" \
      -o "$WORK/decoder_fuzz" >"$WORK/fuzz_build.log" 2>&1; then
    mkdir -p "$WORK/corpus" && cp "$HERE"/fuzz/seeds/* "$WORK/corpus/"
    if timeout 120 "$WORK/decoder_fuzz" -max_total_time="${UPSERTDB_FUZZ_SECONDS:-10}" -max_len=4096 \
        "$WORK/corpus" >"$WORK/fuzz.log" 2>&1; then
      pass "decoder fuzzing ($(grep -o 'Done [0-9]* runs' "$WORK/fuzz.log"))"
    else
      fail "decoder fuzzing" "$(grep -E 'ERROR|SUMMARY|runtime error' "$WORK/fuzz.log" | head -5)"
    fi
  else
    fail "decoder fuzzing: build" "$(tail -5 "$WORK/fuzz_build.log")"
  fi
else
  # scripts/install-deps.sh installs clang: its absence is a broken setup, not a skip.
  fail "decoder fuzzing: clang++ not installed (run scripts/install-deps.sh)" ""
fi

echo "server: $passed passed, $failed failed"
[[ $failed -eq 0 ]]

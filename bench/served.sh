#!/usr/bin/env bash
# Served benchmark (issue 7): pgbench against `upsertdb serve` and a throwaway
# PostgreSQL 15, both started here on spare ports, over TCP on 127.0.0.1.
#
#   bench/served.sh BUILD_DIR RAW_FILE
#
# Appends one line per measurement to RAW_FILE (format in bench/report.py):
#   result section=served engine=E workload=W clients=C protocol=P sync=S run=N
#          rate=TPS unit=tps p50_ms=.. p99_ms=.. mem_mb=..
#   error  ... :: message        (pgbench failed; the message is its first error)
#   note   section=served :: text
#
# Settings (environment): BENCH_SECONDS per pgbench run, BENCH_RUNS runs per
# engine (alternating UpsertDB, PostgreSQL, UpsertDB, ...), BENCH_CLIENTS with
# synchronous_commit=on, BENCH_SYNC_OFF_CLIENTS with synchronous_commit=off,
# BENCH_PROTOCOLS, BENCH_WORKLOADS, BENCH_COPY_ROWS, BENCH_FOOTPRINT_ROWS,
# BENCH_PORT_BASE (UpsertDB listens on +1, PostgreSQL on +2).
set -euo pipefail
BUILD_DIR=$1
RAW=$2
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
source "$HERE/served/workloads.sh"

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SECONDS_PER_RUN=${BENCH_SECONDS:-8}
RUNS=${BENCH_RUNS:-3}
CLIENTS=${BENCH_CLIENTS:-1 8 32}
SYNC_OFF_CLIENTS=${BENCH_SYNC_OFF_CLIENTS:-8}
PROTOCOLS=${BENCH_PROTOCOLS:-simple prepared}
WORKLOADS=${BENCH_WORKLOADS:-$SERVED_WORKLOADS copy}
COPY_ROWS=${BENCH_COPY_ROWS:-1000000}
FOOTPRINT_ROWS=${BENCH_FOOTPRINT_ROWS:-10000000}
PORT_BASE=${BENCH_PORT_BASE:-55200}
U_PORT=$((PORT_BASE + 1))
P_PORT=$((PORT_BASE + 2))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/upsertdb-served-XXXXXX")
chmod 755 "$WORK"
U_PID=""
P_DATA="$WORK/pgdata"

# PostgreSQL refuses to run as root: as root, run it as an unprivileged user.
PG_USER=""
if [ "$(id -u)" -eq 0 ]; then
  PG_USER=${BENCH_PG_USER:-pgtest}
  id "$PG_USER" >/dev/null 2>&1 || useradd -m "$PG_USER"
fi
as_pg() { if [ -n "$PG_USER" ]; then su "$PG_USER" -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

cleanup() {
  [ -n "$U_PID" ] && kill "$U_PID" 2>/dev/null && wait "$U_PID" 2>/dev/null || true
  [ -f "$P_DATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl -D $P_DATA -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

note() { echo "note section=served :: $*" >>"$RAW"; echo "  $*" >&2; }

wait_ready() {
  for _ in $(seq 100); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$1" && return 0
    sleep 0.1
  done
  echo "served: server on port $1 did not start" >&2
  return 1
}

start_upsertdb() {
  "$BUILD_DIR/upsertdb" serve --data "$WORK/upsertdb-data" --port "$U_PORT" -c max_connections=200 \
    2>"$WORK/upsertdb.log" &
  U_PID=$!
  wait_ready "$U_PORT"
}

start_postgres() {
  mkdir -p "$P_DATA"
  [ -n "$PG_USER" ] && chown "$PG_USER" "$P_DATA" "$WORK"
  as_pg "$PGBIN/initdb -D $P_DATA -U postgres --no-locale -E UTF8 -A trust" >/dev/null
  as_pg "$PGBIN/pg_ctl -D $P_DATA -l $P_DATA/log -w start -o \"-p $P_PORT -k $P_DATA -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c full_page_writes=on\"" >/dev/null
  wait_ready "$P_PORT"
}

# A crashed `upsertdb serve` is recorded and restarted on a fresh data
# directory, so one crash costs one measurement, not the rest of the suite.
ensure_upsertdb() {
  kill -0 "$U_PID" 2>/dev/null && return 0
  wait "$U_PID" 2>/dev/null || true
  echo "error section=served engine=upsertdb workload=server :: upsertdb serve died (before $1): $(tail -3 "$WORK/upsertdb.log" | tr '\n' ' ')" >>"$RAW"
  echo "    upsertdb serve died; restarting" >&2
  mv "$WORK/upsertdb-data" "$WORK/upsertdb-data.crashed.$$.$RANDOM" 2>/dev/null || true
  start_upsertdb
}

port_of() { [ "$1" = upsertdb ] && echo "$U_PORT" || echo "$P_PORT"; }
pid_of() { [ "$1" = upsertdb ] && echo "$U_PID" || head -1 "$P_DATA/postmaster.pid"; }

sql() {   # sql ENGINE TEXT: runs TEXT, stops at the first error
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(port_of "$1")" -U postgres -d postgres -c "$2" >/dev/null
}

# Proportional set size of a server and its direct children (PostgreSQL's
# backends), in kB: shared memory is counted once, not once per process.
tree_pss_kb() {
  local total=0 p v
  for p in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# Largest tree_pss_kb of server $1 while process $2 runs, written to $3.
sample_memory() {
  local max=0 v
  while kill -0 "$2" 2>/dev/null; do
    v=$(tree_pss_kb "$1")
    [ "$v" -gt "$max" ] && max=$v && echo "$max" >"$3"
    sleep 1
  done
}

run_pgbench() {   # engine workload clients protocol sync run
  local engine=$1 w=$2 c=$3 proto=$4 sync=$5 run=$6
  local key="section=served engine=$engine workload=$w clients=$c protocol=$proto sync=$sync run=$run"
  local out="$WORK/pgbench.out" logs="$WORK/logs" jobs=1
  [ "$engine" = upsertdb ] && ensure_upsertdb "$w c=$c $proto"
  [ "$c" -gt 1 ] && jobs=2
  if ! sql "$engine" "$(workload_setup_sql "$w")" 2>"$WORK/setup.err"; then
    echo "error $key :: setup: $(head -1 "$WORK/setup.err")" >>"$RAW"
    return
  fi
  rm -rf "$logs" && mkdir -p "$logs"
  echo 0 >"$WORK/mem"
  local status=0
  PGOPTIONS="-c synchronous_commit=$sync" "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$(port_of "$engine")" -U postgres \
    -T "$SECONDS_PER_RUN" -c "$c" -j "$jobs" -M "$proto" --log --log-prefix="$logs/tx" \
    $(workload_pgbench_args "$w" "$WORK") postgres >"$out" 2>&1 &
  local bench_pid=$!
  sample_memory "$(pid_of "$engine")" "$bench_pid" "$WORK/mem" &
  local sampler=$!
  wait "$bench_pid" || status=$?
  kill "$sampler" 2>/dev/null || true   # it would sleep up to a second more
  wait "$sampler" 2>/dev/null || true
  local tps failed
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
  if [ "$status" -ne 0 ] || [ -z "$tps" ]; then
    local msg
    msg=$(grep -m1 -E 'ERROR|FATAL|aborted|error' "$out" || tail -1 "$out")
    echo "error $key :: $msg" >>"$RAW"
    echo "    $engine $w c=$c $proto sync=$sync: FAILED: $msg" >&2
    return
  fi
  local lat
  lat=$("$PYTHON" "$HERE/report.py" latency "$logs"/tx*)
  echo "result $key rate=$tps unit=tps $lat mem_mb=$(awk -v k="$(cat "$WORK/mem")" 'BEGIN {printf "%.1f", k / 1024}') failed=${failed:-0}" >>"$RAW"
  echo "    $engine $w c=$c $proto sync=$sync run $run: tps=$tps $lat" >&2
  if [ "$engine" = upsertdb ] && [ -z "${DATA_DIR_CHECKED:-}" ]; then
    # Bytes the committed transactions left in the data directory while the
    # server runs: 0 means commits are not logged (not durable).
    DATA_DIR_CHECKED=1
    echo "metric section=served engine=upsertdb name=data_dir_bytes_after_commit value=$(find "$WORK/upsertdb-data" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')" >>"$RAW"
  fi
}

run_copy() {   # engine sync run
  local engine=$1 sync=$2 run=$3
  local key="section=served engine=$engine workload=copy clients=1 protocol=simple sync=$sync run=$run"
  [ "$engine" = upsertdb ] && ensure_upsertdb copy
  sql "$engine" "$(workload_setup_sql copy)"
  local start end status=0
  start=$(date +%s.%N)
  PGOPTIONS="-c synchronous_commit=$sync" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(port_of "$engine")" \
    -U postgres -d postgres -c "\\copy cp FROM '$WORK/copy.tsv'" >"$WORK/copy.out" 2>&1 || status=$?
  end=$(date +%s.%N)
  if [ "$status" -ne 0 ]; then
    local msg; msg=$(head -1 "$WORK/copy.out")
    echo "skip $key :: COPY not supported: $msg" >>"$RAW"
    echo "    $engine copy: skipped: COPY not supported ($msg)" >&2
    return
  fi
  local n
  n=$("$PGBIN/psql" -X -At -h 127.0.0.1 -p "$(port_of "$engine")" -U postgres -d postgres -c "SELECT count(*) FROM cp")
  if [ "$n" != "$COPY_ROWS" ]; then
    echo "error $key :: COPY loaded $n rows, expected $COPY_ROWS" >>"$RAW"
    return
  fi
  echo "result $key rate=$(awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN {printf "%.0f", n / (e - s)}') unit=rows/s mem_mb=$(awk -v k="$(tree_pss_kb "$(pid_of "$engine")")" 'BEGIN {printf "%.1f", k / 1024}')" >>"$RAW"
  echo "    $engine copy run $run: $n rows in $(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", e - s}') s" >&2
}

# PostgreSQL's on-disk bytes per row of the footprint table (the peer of
# embedded_bench's `footprint` mode): same columns, same values.
postgres_footprint() {
  sql postgres "CREATE TABLE fp (k bigint PRIMARY KEY, v text, n int);
    INSERT INTO fp SELECT g, 'val0-' || lpad((g % 10000000)::text, 7, '0'), g % 1000 FROM generate_series(0, $FOOTPRINT_ROWS - 1) AS g;"
  local bytes
  bytes=$("$PGBIN/psql" -X -At -h 127.0.0.1 -p "$P_PORT" -U postgres -d postgres -c "SELECT pg_total_relation_size('fp')")
  echo "metric section=footprint engine=postgres name=disk_bytes_per_row rows=$FOOTPRINT_ROWS value=$(awk -v b="$bytes" -v n="$FOOTPRINT_ROWS" 'BEGIN {printf "%.2f", b / n}')" >>"$RAW"
  sql postgres "DROP TABLE fp"
}

echo "served: starting upsertdb serve on $U_PORT and PostgreSQL 15 on $P_PORT (work dir $WORK)" >&2
start_upsertdb
start_postgres
note "PostgreSQL 15 ($("$PGBIN/postgres" --version | awk '{print $3}')): fsync=on, full_page_writes=on, shared_buffers=128MB (default), synchronous_commit per run via PGOPTIONS"
note "UpsertDB serve: default settings, synchronous_commit per run via PGOPTIONS (what commits write to the data directory is measured: data_dir_bytes_after_commit)"
note "pgbench: -T $SECONDS_PER_RUN s, -j 2 above 1 client, TCP 127.0.0.1, both servers up for the whole run; latency from pgbench --log; memory = peak PSS of the server process tree"

if [[ " $WORKLOADS " == *" copy "* ]]; then
  awk -v n="$COPY_ROWS" 'BEGIN { for (i = 0; i < n; i++) printf "%d\tval%07d\t%d\n", i, i % 10000000, i % 1000 }' >"$WORK/copy.tsv"
  chmod 644 "$WORK/copy.tsv"
fi

for sync in on off; do
  clients=$CLIENTS; [ "$sync" = off ] && clients=$SYNC_OFF_CLIENTS
  [ -z "$clients" ] && continue
  for w in $WORKLOADS; do
    if [ "$w" = copy ]; then
      echo "  copy ($COPY_ROWS rows), synchronous_commit=$sync" >&2
      for run in $(seq "$RUNS"); do
        for engine in upsertdb postgres; do run_copy "$engine" "$sync" "$run"; done
      done
      continue
    fi
    for c in $clients; do
      for proto in $PROTOCOLS; do
        echo "  $w, $c clients, -M $proto, synchronous_commit=$sync" >&2
        for run in $(seq "$RUNS"); do
          for engine in upsertdb postgres; do run_pgbench "$engine" "$w" "$c" "$proto" "$sync" "$run"; done
        done
      done
    done
  done
done

if [ "$FOOTPRINT_ROWS" -gt 0 ]; then
  echo "  footprint: PostgreSQL table of $FOOTPRINT_ROWS rows" >&2
  postgres_footprint
fi
if ! kill -0 "$U_PID" 2>/dev/null; then
  echo "error section=served engine=upsertdb workload=server :: upsertdb serve exited during the run: $(tail -3 "$WORK/upsertdb.log" | tr '\n' ' ')" >>"$RAW"
fi

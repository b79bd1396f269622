#!/usr/bin/env bash
# `make bench`: issue 7's benchmark suite. UpsertDB against SQLite (embedded)
# and PostgreSQL 15 (served, pgbench), medians of alternating runs, ratios
# UpsertDB / peer, targets marked met or not met. Writes bench/results/latest.md,
# latest.csv, latest.png (when gnuplot or matplotlib is installed) and the raw
# measurements latest.raw.
#
#   bench/run.sh [BUILD_DIR] [quick|full] [embedded|served|all]
#
# Environment (defaults full / quick):
#   BENCH_RUNS              runs per engine and workload, alternating (3 / 3)
#   BENCH_ROWS              embedded rows for (a)-(d) (1000000 / 100000)
#   BENCH_AUTOCOMMIT_ROWS   embedded autocommit upserts for (e) (20000 / 5000)
#   BENCH_SECONDS           seconds per pgbench run (8 / 1)
#   BENCH_CLIENTS           pgbench client counts, synchronous_commit=on ("1 8 32")
#   BENCH_SYNC_OFF_CLIENTS  client counts repeated with synchronous_commit=off ("8")
#   BENCH_PROTOCOLS         pgbench -M values ("simple prepared")
#   BENCH_WORKLOADS         served workloads (all of bench/served/workloads.sh, and copy)
#   BENCH_COPY_ROWS         rows per COPY run (1000000 / 100000)
#   BENCH_FOOTPRINT_ROWS    rows of the bytes-per-row table (10000000 / 1000000)
#   BENCH_PORT_BASE         UpsertDB serves on +1, PostgreSQL on +2 (55200)
# The full suite takes about 40 minutes on a 2-core machine; quick about 10.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=build/release
MODE=full
PARTS=all
for a in "$@"; do
  case "$a" in
    quick | full) MODE=$a ;;
    embedded | served | all) PARTS=$a ;;
    *) BUILD_DIR=$a ;;
  esac
done

if [ "$MODE" = quick ]; then
  : "${BENCH_ROWS:=100000}" "${BENCH_AUTOCOMMIT_ROWS:=5000}" "${BENCH_SECONDS:=1}"
  : "${BENCH_COPY_ROWS:=100000}" "${BENCH_FOOTPRINT_ROWS:=1000000}"
fi
export BENCH_RUNS=${BENCH_RUNS:-3}
export BENCH_ROWS=${BENCH_ROWS:-1000000}
export BENCH_AUTOCOMMIT_ROWS=${BENCH_AUTOCOMMIT_ROWS:-20000}
export BENCH_SECONDS=${BENCH_SECONDS:-8}
export BENCH_COPY_ROWS=${BENCH_COPY_ROWS:-1000000}
export BENCH_FOOTPRINT_ROWS=${BENCH_FOOTPRINT_ROWS:-10000000}

# report.py draws the chart with matplotlib when its interpreter has it: prefer
# Debian's python3 (python3-matplotlib installs there), else whatever python3 is.
PYTHON=python3
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then PYTHON=/usr/bin/python3; fi
export PYTHON

EMBEDDED="$BUILD_DIR/embedded_bench"
for bin in "$EMBEDDED" "$BUILD_DIR/upsertdb"; do
  [ -x "$bin" ] || { echo "bench: $bin not built (needs libsqlite3-dev; run make build)" >&2; exit 2; }
done

RESULTS="$HERE/results"
mkdir -p "$RESULTS"
RAW="$RESULTS/latest.raw"
: >"$RAW"
echo "note section=suite :: mode=$MODE runs=$BENCH_RUNS rows=$BENCH_ROWS autocommit_rows=$BENCH_AUTOCOMMIT_ROWS seconds=$BENCH_SECONDS copy_rows=$BENCH_COPY_ROWS footprint_rows=$BENCH_FOOTPRINT_ROWS; $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo ?)" >>"$RAW"
START=$(date +%s)

if [ "$PARTS" != served ]; then
  echo "bench: embedded, $BENCH_ROWS rows, $BENCH_AUTOCOMMIT_ROWS autocommit upserts, $BENCH_RUNS alternating runs" >&2
  for run in $(seq "$BENCH_RUNS"); do
    for engine in upsertdb sqlite; do
      if ! out=$("$EMBEDDED" "$engine" suite "$BENCH_ROWS" "$BENCH_AUTOCOMMIT_ROWS" 2>&1); then
        echo "error section=embedded engine=$engine workload=a_insert run=$run :: $(echo "$out" | tail -1)" >>"$RAW"
        echo "  $engine run $run FAILED: $(echo "$out" | tail -1)" >&2
      fi
      echo "$out" | sed -n "s/^\(result\|metric\|note\) /\1 section=embedded run=$run /p" >>"$RAW"
      echo "  $engine run $run: $(echo "$out" | sed -n 's/^result .*workload=\([a-z_]*\).* rate=\([0-9]*\).*/\1=\2/p' | tr '\n' ' ')" >&2
    done
  done
  echo "bench: footprint, $BENCH_FOOTPRINT_ROWS rows in UpsertDB" >&2
  if ! out=$("$EMBEDDED" upsertdb footprint "$BENCH_FOOTPRINT_ROWS" 2>&1); then
    echo "error section=footprint engine=upsertdb workload=footprint :: $(echo "$out" | tail -1)" >>"$RAW"
  fi
  echo "$out" | sed -n "s/^metric /metric section=footprint /p" >>"$RAW"
fi

if [ "$PARTS" != embedded ]; then
  echo "bench: served, pgbench $BENCH_SECONDS s per run, $BENCH_RUNS alternating runs" >&2
  # PostgreSQL's footprint table is loaded only when UpsertDB's was measured.
  if [ "$PARTS" = served ]; then export BENCH_FOOTPRINT_ROWS=0; fi
  bash "$HERE/served.sh" "$BUILD_DIR" "$RAW"
fi

"$PYTHON" "$HERE/report.py" summarize "$RAW" "$RESULTS"
echo "bench: done in $(( $(date +%s) - START )) s; wrote $RESULTS/latest.md and latest.csv" >&2
cat "$RESULTS/latest.md"

#!/usr/bin/env bash
# `make bench`: runs each benchmark several times and prints medians and the
# UpsertDB / SQLite throughput ratio. These machines are small and noisy, so
# every number is the median of REPEATS runs, each engine in its own process.
#
#   bench/run.sh BUILD_DIR [ROWS] [REPEATS]
set -euo pipefail
BUILD_DIR=${1:-build/release}
ROWS=${2:-1000000}
REPEATS=${3:-5}
BIN="$BUILD_DIR/insert_bench"
[ -x "$BIN" ] || { echo "bench: $BIN not built" >&2; exit 2; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

u_rate=(); s_rate=(); u_bytes=()
for i in $(seq "$REPEATS"); do
  u=$("$BIN" "$ROWS" upsertdb)
  s=$("$BIN" "$ROWS" sqlite)
  echo "run $i: $u | $s"
  u_rate+=("$(echo "$u" | field rows_per_s)")
  u_bytes+=("$(echo "$u" | field bytes_per_row)")
  s_rate+=("$(echo "$s" | field rows_per_s)")
done
ur=$(printf '%s\n' "${u_rate[@]}" | median)
sr=$(printf '%s\n' "${s_rate[@]}" | median)
ub=$(printf '%s\n' "${u_bytes[@]}" | median)
echo
echo "insert, $ROWS prepared single-row INSERTs in one transaction (median of $REPEATS):"
echo "  upsertdb: $ur rows/s, $ub bytes/row resident (table + primary key)"
echo "  sqlite:   $sr rows/s"
awk -v u="$ur" -v s="$sr" 'BEGIN { printf "  ratio upsertdb/sqlite: %.2f\n", u / s }'

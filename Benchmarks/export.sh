#!/usr/bin/env bash
# Export benchmark (issue 11): `hubaudit export` against DuckDB's COPY over the same events in
# DuckDB's own native table, writing NDJSON to a file: one month, and everything; and hubaudit's
# `--format ecs` against its canonical NDJSON ("not available" until that format exists).
# Runs alternate (A B A B …); the table gives medians of wall time and the ratio A/B.
#
#   bash Benchmarks/export.sh [--events N] [--runs R] [--work DIR]
#
# Defaults: 1,000,000 events (seed 1, 365 days from 2024-01-01), 5 runs each, work directory
# /tmp/hubaudit-export-N (generated data, store and DuckDB file are kept and reused).
# HUBAUDIT=PATH uses that binary instead of building one; SWIFT_FLAGS are passed to
# `swift build -c release`. DuckDB comes from Benchmarks/engines/install.sh (installed when missing).
set -euo pipefail
BENCH=export runs=5
# shellcheck source=engines/setup.sh
. "$(dirname "$0")/engines/setup.sh"
out="$work/out"
trap 'rm -rf "$out"' EXIT

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

if [ ! -d "$work/store" ]; then
  echo "== importing into hubaudit" >&2
  t=$(now_ns); "$HUBAUDIT" import --store "$work/store" "$work/events.ndjson" 2>/dev/null
  echo "$(ms_since "$t")" > "$work/hubaudit.load_ms"
fi
if [ ! -s "$work/events.duckdb" ]; then
  echo "== loading into a DuckDB native table" >&2
  t=$(now_ns)
  "$DUCKDB" "$work/events.duckdb" -c "CREATE TABLE events AS SELECT * FROM read_json('$work/events.ndjson', format = 'newline_delimited',
     columns = {account: 'VARCHAR', action: 'VARCHAR', name: 'VARCHAR', actor: 'VARCHAR', data: 'JSON',
                \"timestamp\": 'TIMESTAMP', action_description: 'VARCHAR'})"
  echo "$(ms_since "$t")" > "$work/duckdb.load_ms"
fi

# The second month of the data: a whole month, away from the start.
month=$("$DUCKDB" -noheader -csv "$work/events.duckdb" -c \
  "SELECT strftime(date_trunc('month', min(timestamp)) + INTERVAL 1 MONTH, '%Y-%m-%d') FROM events")
next=$("$DUCKDB" -noheader -csv -c "SELECT strftime(DATE '$month' + INTERVAL 1 MONTH, '%Y-%m-%d')")

mkdir -p "$out"
run_case() { # NAME OUTFILE COMMAND…: runs it, prints milliseconds; a failure prints "fail"
  local file=$1; shift
  local t; t=$(now_ns)
  if "$@" >"$file" 2>"$file.err"; then ms_since "$t"; else echo fail; fi
}
median() { sort -n | awk '{a[NR]=$1} END { if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2) }'; }

rows=()
compare() { # LABEL CMD_A -- CMD_B  (each a string run by bash -c; $OUT is its output file)
  local label=$1 a=$2 b=$3 i ta tb as=() bs=() failed=""
  for ((i = 0; i < runs; i++)); do
    ta=$(run_case "$out/a" bash -c "$a")
    tb=$(run_case "$out/b" bash -c "$b")
    [ "$ta" = fail ] && failed="a" && break
    [ "$tb" = fail ] && failed="b" && break
    as+=("$ta"); bs+=("$tb")
  done
  local lines_a lines_b
  if [ -n "$failed" ]; then
    rows+=("$label|not available ($(head -c 120 "$out/$failed.err" | tr '\n' ' '))|||")
    return
  fi
  lines_a=$(wc -l < "$out/a"); lines_b=$(wc -l < "$out/b")
  local ma mb
  ma=$(printf '%s\n' "${as[@]}" | median); mb=$(printf '%s\n' "${bs[@]}" | median)
  rows+=("$label|$ma|$mb|$(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')|$lines_a / $lines_b")
}

H="'$HUBAUDIT' export --store '$work/store'"
D="'$DUCKDB' -readonly '$work/events.duckdb' -c"
echo "== timing ($runs runs each, alternating)" >&2
compare "month $month (NDJSON): hubaudit export --from/--to vs DuckDB COPY … WHERE" \
  "$H --from $month --to $next" \
  "$D \"COPY (SELECT * FROM events WHERE timestamp >= TIMESTAMP '$month' AND timestamp < TIMESTAMP '$next' ORDER BY timestamp) TO '/dev/stdout' (FORMAT JSON)\""
compare "everything (NDJSON): hubaudit export vs DuckDB COPY … ORDER BY timestamp" \
  "$H" \
  "$D \"COPY (SELECT * FROM events ORDER BY timestamp) TO '/dev/stdout' (FORMAT JSON)\""
compare "everything: hubaudit --format ecs vs --format ndjson" \
  "$H --format ecs" \
  "$H --format ndjson"

store_bytes=$(du -sb "$work/store" | cut -f1)
duck_bytes=$(stat -c %s "$work/events.duckdb")
echo
echo "$events events ($(date -u +%Y-%m-%d), $(nproc) cores; medians of $runs alternating runs, wall time, output to a file)"
echo
echo "| export | A: hubaudit ms | B: other ms | A/B | lines A / B |"
echo "|---|---:|---:|---:|---:|"
for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
echo
echo "| load | ms | bytes on disk | bytes/event |"
echo "|---|---:|---:|---:|"
echo "| hubaudit import | $(cat "$work/hubaudit.load_ms" 2>/dev/null || echo n/a) | $store_bytes | $((store_bytes / events)) |"
echo "| DuckDB CREATE TABLE … read_json | $(cat "$work/duckdb.load_ms" 2>/dev/null || echo n/a) | $duck_bytes | $((duck_bytes / events)) |"

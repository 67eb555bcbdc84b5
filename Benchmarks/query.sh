#!/bin/sh
# Query benchmark: 10M generated events, hubaudit (release) against DuckDB over the same events
# in its own native table. Prints both timings and the ratio.
#
#   sh Benchmarks/query.sh [WORKDIR]     (default: /tmp/hubaudit-query-bench; reused between runs)
#
# Needs python3; installs duckdb with pip when missing. Set EVENTS to change the size.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/hubaudit-query-bench}
events=${EVENTS:-10000000}
scratch=${SCRATCH:-$root/.build}
mkdir -p "$work"

echo "== building hubaudit (release)" >&2
(cd "$root" && swift build -c release --scratch-path "$scratch" --product hubaudit >&2)
bin="$scratch/release/hubaudit"

if [ ! -s "$work/events.ndjson" ]; then
    echo "== generating $events events" >&2
    "$bin" generate --events "$events" --seed 1 --output "$work/events.ndjson"
fi
if [ ! -d "$work/store" ]; then
    echo "== importing" >&2
    "$bin" import --store "$work/store" "$work/events.ndjson" >&2
fi
python3 -c "import duckdb" 2>/dev/null || pip install --quiet duckdb >&2
exec python3 "$here/query/bench.py" "$bin" "$work"

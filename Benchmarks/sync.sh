#!/usr/bin/env bash
# End-to-end sync speed: `hubaudit emulate` (no limits, no faults) on loopback, then a first
# `hubaudit sync` of all its events into an empty store; prints events per second.
#
#   Benchmarks/sync.sh [EVENTS] [CONCURRENCY]        (defaults: 1000000 events, 4 windows in flight)
#   SCRATCH=.build-sync Benchmarks/sync.sh            (build directory; default .build)
#   FAULTS=1 Benchmarks/sync.sh 100000                (the issue's fault mix instead: slower, checks exactness)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
CONCURRENCY=${2:-4}
SCRATCH=${SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product hubaudit >/dev/null
BIN="$SCRATCH/release/hubaudit"
WORK=$(mktemp -d)
trap 'kill $EMU 2>/dev/null || true; rm -rf "$WORK"' EXIT
EXTRA=()
if [[ "${FAULTS:-0}" == 1 ]]; then
  EXTRA=(--fail-rate 0.1 --reset-rate 0.05 --truncate-rate 0.05 --arrivals 50/s --rate-limit 600/min)
fi
"$BIN" emulate --port 0 --generate "$EVENTS" --seed 1 "${EXTRA[@]}" >"$WORK/url" 2>"$WORK/emulate.log" &
EMU=$!
for _ in $(seq 1 600); do [[ -s "$WORK/url" ]] && break; sleep 0.1; done
URL=$(head -1 "$WORK/url")
export HUBAUDIT_USERNAME=demo HUBAUDIT_TOKEN=demo-token
START=$(date +%s.%N)
"$BIN" sync --store "$WORK/store" --hub-url "$URL" --account acme --settle 0 --concurrency "$CONCURRENCY" --log-format text \
  2>"$WORK/sync.log"
END=$(date +%s.%N)
tail -2 "$WORK/sync.log"
STORED=$("$BIN" info --store "$WORK/store" --format json | sed -E 's/.*"events":([0-9]+).*/\1/')
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'synced {sys.argv[3]} events in {s:.2f} s: {int(sys.argv[3])/s:,.0f} events/s end to end')" "$START" "$END" "$STORED"

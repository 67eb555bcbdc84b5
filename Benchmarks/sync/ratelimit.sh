#!/usr/bin/env bash
# Sync against `hubaudit emulate --rate-limit 60/min` and count the 429s (expect a handful at most:
# the client paces on X-RateLimit-*). Takes about a minute per 60 requests.
#
#   Benchmarks/sync/ratelimit.sh [EVENTS]        (SCRATCH=.build-sync to use another build dir)
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-3000}
SCRATCH=${SCRATCH:-.build}
swift build --scratch-path "$SCRATCH" --product hubaudit >/dev/null
BIN="$SCRATCH/debug/hubaudit"
WORK=$(mktemp -d)
trap 'kill $EMU 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN" emulate --port 0 --generate "$EVENTS" --seed 5 --rate-limit 60/min --retry-header x-retry-after >"$WORK/url" 2>/dev/null &
EMU=$!
for _ in $(seq 1 300); do [[ -s "$WORK/url" ]] && break; sleep 0.1; done
HUBAUDIT_USERNAME=demo HUBAUDIT_TOKEN=demo-token "$BIN" sync --store "$WORK/store" --hub-url "$(head -1 "$WORK/url")" \
  --account acme --settle 0 --log-format text 2>&1 | tail -2

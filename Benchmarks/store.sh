#!/usr/bin/env bash
# Store benchmark (issue 2): compactness against zstd -19 and gzip -9 of the same NDJSON, import
# speed on one core, peak memory at 1M and 10M events, the export round trip, and verify.
#
#   bash Benchmarks/store.sh            # 1M events (+ a 10M import, piped, for memory and speed)
#   EVENTS=200000 BIG=0 bash Benchmarks/store.sh   # quick run
#
# Needs: zstd, gzip, GNU time (/usr/bin/time), taskset (util-linux).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
BIG=${BIG:-10000000}
SEED=${SEED:-7}
OUT=${OUT:-/tmp/hubaudit-bench-store}
rm -rf "$OUT" && mkdir -p "$OUT"

swift build -c release >/dev/null 2>&1 || swift build -c release
BIN="$(swift build -c release --show-bin-path)/hubaudit"
TIME=/usr/bin/time
command -v taskset >/dev/null && ONE_CORE="taskset -c 0" || ONE_CORE=""

echo "== generating $EVENTS events (seed $SEED, 365 days)"
$BIN generate --events "$EVENTS" --seed "$SEED" --start 2024-01-01 --days 365 --output "$OUT/events.ndjson"
ndjson=$(stat -c %s "$OUT/events.ndjson")

echo "== reference compressors (single-threaded)"
zstd19=$(zstd -19 -T1 -q -c "$OUT/events.ndjson" | wc -c)
gzip9=$(gzip -9 -c "$OUT/events.ndjson" | wc -c)

echo "== import on one core"
$ONE_CORE $TIME -f "%e %M" -o "$OUT/import.time" "$BIN" import --store "$OUT/store" "$OUT/events.ndjson" 2>/dev/null
read -r seconds rss_kb < "$OUT/import.time"
info=$("$BIN" info --store "$OUT/store" --format json)
disk=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["bytes_on_disk"])' "$info")

echo "== export round trip and verify"
"$BIN" export --store "$OUT/store" --output "$OUT/exported.ndjson" 2>/dev/null
if cmp -s "$OUT/events.ndjson" "$OUT/exported.ndjson"; then roundtrip="identical"; else roundtrip="DIFFERENT"; fi
if "$BIN" verify --store "$OUT/store" 2>/dev/null; then verify="clean"; else verify="FAILED"; fi
export_seconds=$( { $TIME -f "%e" "$BIN" export --store "$OUT/store" >/dev/null; } 2>&1 | tail -n1)

python3 - "$EVENTS" "$ndjson" "$zstd19" "$gzip9" "$disk" "$seconds" "$rss_kb" "$roundtrip" "$verify" "$export_seconds" <<'PY'
import sys
n, ndjson, z, g, disk, secs, rss, rt, ver, exp = sys.argv[1:]
n, ndjson, z, g, disk, secs, rss, exp = int(n), int(ndjson), int(z), int(g), int(disk), float(secs), int(rss), float(exp)
print(f"events                 {n:>12,}")
print(f"NDJSON                 {ndjson:>12,} bytes  {ndjson/n:7.2f} B/event")
print(f"gzip -9                {g:>12,} bytes  {g/n:7.2f} B/event")
print(f"zstd -19               {z:>12,} bytes  {z/n:7.2f} B/event")
print(f"hubaudit store         {disk:>12,} bytes  {disk/n:7.2f} B/event  = {disk/z:.3f} x zstd -19, {disk/g:.3f} x gzip -9")
print(f"import (1 core)        {secs:>12.2f} s      {n/secs:,.0f} events/s, peak RSS {rss/1024:.0f} MiB")
print(f"export                 {exp:>12.2f} s      {n/exp:,.0f} events/s")
print(f"round trip             {rt}; verify {ver}")
PY

if [ "$BIG" -gt 0 ]; then
  echo "== $BIG events, generated into a pipe and imported on one core (memory must not grow with input)"
  "$BIN" generate --events "$BIG" --seed "$SEED" --start 2024-01-01 --days 365 \
    | $ONE_CORE $TIME -f "%e %M" -o "$OUT/big.time" "$BIN" import --store "$OUT/big" - 2>/dev/null
  read -r bseconds brss < "$OUT/big.time"
  binfo=$("$BIN" info --store "$OUT/big" --format json)
  python3 - "$BIG" "$bseconds" "$brss" "$binfo" <<'PY'
import json, sys
n, secs, rss, info = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
print(f"import {n:,} events: {secs:.1f} s, {n/secs:,.0f} events/s, peak RSS {rss/1024:.0f} MiB, "
      f"{info['bytes_per_event']} B/event on disk, {info['blocks']} blocks, {info['segments']} segments")
PY
  "$BIN" verify --store "$OUT/big" 2>&1 | tail -n1
fi

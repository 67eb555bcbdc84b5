#!/usr/bin/env bash
# hubaudit side by side with DuckDB, SQLite and chDB (ClickHouse's engine) over the same
# generated events (issue 14, point 5): load time, bytes per event, and a few questions answered
# by each as whole processes (median of RUNS alternating runs), answers checked to agree.
#
#   bash Benchmarks/compare.sh [--events N] [--runs R] [--work DIR]
#
# Defaults: 1,000,000 events (seed 1, 365 days from 2024-01-01), 3 runs, work directory
# /tmp/hubaudit-compare-N (data and loaded engines are kept and reused). HUBAUDIT=PATH uses that
# binary instead of building one (SWIFT_FLAGS go to `swift build -c release`). Needs sqlite3
# (installed from Debian when missing); DuckDB and chDB come from Benchmarks/engines/install.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
events=1000000
runs=3
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
work=${work:-/tmp/hubaudit-compare-$events}
mkdir -p "$work"

# shellcheck source=engines/install.sh
. "$here/engines/install.sh"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
if [ -z "${HUBAUDIT:-}" ]; then
  echo "== building hubaudit (release)" >&2
  # shellcheck disable=SC2086
  (cd "$root" && swift build -c release ${SWIFT_FLAGS:-} --product hubaudit >&2)
  # shellcheck disable=SC2086
  HUBAUDIT="$(cd "$root" && swift build -c release ${SWIFT_FLAGS:-} --show-bin-path)/hubaudit"
fi
if [ ! -s "$work/events.ndjson" ]; then
  echo "== generating $events events" >&2
  "$HUBAUDIT" generate --events "$events" --seed 1 --start 2024-01-01 --days 365 --output "$work/events.ndjson"
fi
exec python3 "$here/compare/compare.py" "$HUBAUDIT" "$DUCKDB" "$ENGINES_PYTHON" "$work" "$runs"

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
BENCH=compare runs=3
# shellcheck source=engines/setup.sh
. "$(dirname "$0")/engines/setup.sh"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
exec python3 "$here/compare/compare.py" "$HUBAUDIT" "$DUCKDB" "$ENGINES_PYTHON" "$work" "$runs"

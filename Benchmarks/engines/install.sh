#!/usr/bin/env bash
# The real engines the tests (Tests/EngineTests) and the benchmarks (Benchmarks/export.sh,
# Benchmarks/compare.sh) check hubaudit against; test-only tools, never needed to use hubaudit:
#   - ClickHouse 18.16 server and client: Debian's clickhouse-server, clickhouse-client
#   - DuckDB's command line and chDB: PyPI's duckdb-cli and chdb-core (pinned below), in a venv
#     outside the clone ($HUBAUDIT_ENGINES_VENV, default ~/.cache/hubaudit/engines-venv), so a
#     machine downloads them once (chdb-core is a ~150 MB wheel). chdb-core is installed without
#     its pandas/pyarrow dependencies: SQL in, text out needs neither.
# Installs only what is missing; quiet unless it fails. Run it (`bash …/install.sh`), or source
# it from a bash script to also get DUCKDB (the binary, without the Python launcher),
# ENGINES_PYTHON (a python3 that imports chdb) and ENGINES_VENV.
ENGINES_VENV=${HUBAUDIT_ENGINES_VENV:-$HOME/.cache/hubaudit/engines-venv}
ENGINES_PIP_PINS="duckdb-cli==1.5.6 chdb-core==26.9.0"

engines_install() {
  local need=() pkg
  for pkg in clickhouse-server clickhouse-client; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    { apt-get update -qq && apt-get install -y -qq "${need[@]}"; } >/dev/null || return 1
  fi
  local site
  site=$(ls -d "$ENGINES_VENV"/lib/python3*/site-packages 2>/dev/null | head -n 1)
  if [ -z "$site" ] || [ ! -d "$site/duckdb_cli-1.5.6.dist-info" ] || [ ! -d "$site/chdb_core-26.9.0.dist-info" ]; then
    { [ -x "$ENGINES_VENV/bin/pip" ] || python3 -m venv "$ENGINES_VENV"; } || return 1
    # shellcheck disable=SC2086
    "$ENGINES_VENV/bin/pip" install -q --no-deps $ENGINES_PIP_PINS || return 1
    site=$(ls -d "$ENGINES_VENV"/lib/python3*/site-packages | head -n 1)
  fi
  DUCKDB="$site/duckdb_cli/duckdb"
  ENGINES_PYTHON="$ENGINES_VENV/bin/python3"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  engines_install || { echo "installing the test engines failed" >&2; exit 1; }
else
  engines_install || { echo "installing the test engines failed" >&2; return 1; }
fi

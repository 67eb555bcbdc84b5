# Sourced by the engine benchmarks (export.sh, compare.sh): reads --events N --runs R --work DIR
# (defaults: events=1000000, the caller's $runs, /tmp/hubaudit-$BENCH-N), installs the engines
# (install.sh: DUCKDB, ENGINES_PYTHON), builds hubaudit in release unless HUBAUDIT=PATH is given
# (SWIFT_FLAGS go to swift build), and generates WORK/events.ndjson once (seed 1, 365 days from
# 2024-01-01). `--help` prints the caller's header comment.
events=1000000
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
work=${work:-/tmp/hubaudit-$BENCH-$events}
mkdir -p "$work"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

# shellcheck source=install.sh
. "$here/engines/install.sh"
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

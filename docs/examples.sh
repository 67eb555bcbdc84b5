#!/bin/sh
# Runs the examples of docs/query-language.md against a generated store and checks (or, with
# --update, rewrites) the output printed under each of them.
#
#   sh docs/examples.sh [--update] [HUBAUDIT]     (HUBAUDIT: default .build/debug/hubaudit)
#
# An example is a fenced block tagged `hq` (a query that runs) or `hq-error` (a query that fails
# with exit status 2), optionally followed by more options on the tag line (`hq --format csv`),
# and optionally followed by a `text` block: what the query prints (standard output for `hq`,
# run with --format table unless the tag line says otherwise; standard error for `hq-error`).
# Every query runs as
#   hubaudit query --store $STORE --now 2026-01-01 --format table OPTIONS 'QUERY'
# over the store of `hubaudit generate --events 200000 --seed 7`, built once into $STORE
# (default /tmp/hubaudit-docs-store). The unit test DocumentationTests checks, without a store,
# that every `hq` example parses and every `hq-error` one fails with the message shown.
set -eu
mode=check
if [ "${1:-}" = "--update" ]; then mode=update; shift; fi
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../.build/debug/hubaudit}
store=${STORE:-/tmp/hubaudit-docs-store}
doc="$here/query-language.md"
if [ ! -f "$store/catalog.sqlite" ]; then
    "$bin" generate --events 200000 --seed 7 > "$store.ndjson"
    "$bin" import --store "$store" "$store.ndjson" >/dev/null 2>&1
    rm -f "$store.ndjson"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# Runs the example whose query is in $work/query with options $work/options; prints its output.
cat > "$work/run.sh" <<'EOF'
#!/bin/sh
kind=$1 bin=$2 store=$3 dir=$4
query=$(cat "$dir/query"; printf x); query=${query%x}; query=${query%
}
# shellcheck disable=SC2046
# CSV ends its lines in CRLF; the document shows them with LF.
if [ "$kind" = hq ]; then
    "$bin" query --store "$store" --now 2026-01-01 --format table $(cat "$dir/options") "$query" 2>&1 || echo "(exit status $?)"
else
    status=0
    "$bin" query --store "$store" --now 2026-01-01 --format table $(cat "$dir/options") "$query" 2>&1 >/dev/null || status=$?
    [ "$status" = 2 ] || echo "(exit status $status, expected 2)"
fi | tr -d '\r'
EOF

awk -v mode="$mode" -v work="$work" -v bin="$bin" -v store="$store" '
function flush_run(   cmd, line, out) {
    cmd = "sh \"" work "/run.sh\" " kind " \"" bin "\" \"" store "\" \"" work "\""
    out = ""
    while ((cmd | getline line) > 0) out = out line "\n"
    close(cmd)
    return out
}
BEGIN { state = "text"; pending = 0; failures = 0; examples = 0 }
{
    if (state == "text") {
        if ($0 ~ /^```hq(-error)?( |$)/) {
            kind = ($0 ~ /^```hq-error/) ? "hq-error" : "hq"
            options = $0; sub(/^```hq(-error)? ?/, "", options)
            printf "%s", "" > (work "/query"); close(work "/query")
            print options > (work "/options"); close(work "/options")
            state = "query"; examples++; start = NR
            if (mode == "update") print
            next
        }
        if (pending && $0 ~ /^```text$/) {
            state = "output"; expected = ""
            if (mode == "update") print
            next
        }
        if (pending && $0 !~ /^[ \t]*$/) {
            if (kind == "hq-error") { actual = flush_run(); if (actual !~ /^error: /) { failures++; print "line " start ": expected an error, got: " actual > "/dev/stderr" } }
            else { actual = flush_run(); if (actual ~ /\(exit status/) { failures++; print "line " start ": " actual > "/dev/stderr" } }
            pending = 0
        }
        if (mode == "update") print
        next
    }
    if (state == "query") {
        if ($0 == "```") { state = "text"; pending = 1; if (mode == "update") print; next }
        print >> (work "/query"); close(work "/query")
        if (mode == "update") print
        next
    }
    if (state == "output") {
        if ($0 == "```") {
            actual = flush_run()
            if (mode == "update") { printf "%s", actual; print }
            else if (actual != expected) {
                failures++
                print "line " start ": the output differs\n--- documented\n" expected "--- actual\n" actual > "/dev/stderr"
            }
            state = "text"; pending = 0
            next
        }
        expected = expected $0 "\n"
        next
    }
}
END {
    if (mode == "check") print examples " examples, " failures " failures" > "/dev/stderr"
    if (failures > 0) exit 1
}' "$doc" > "$work/doc.md"
if [ "$mode" = update ]; then cp "$work/doc.md" "$doc"; fi

#!/usr/bin/env bash
# Checks `hubaudit emulate` against the Docker Hub spec with schemathesis (from PyPI):
# the operations a sync uses (login, 2FA login, audit logs, actions), filtered out of
# ../shared/docker-hub-api.yaml (the whole spec is not strictly valid).
#
#   Benchmarks/sync/schemathesis.sh [SPEC]      (SCRATCH=.build-sync to use another build dir)
set -euo pipefail
cd "$(dirname "$0")/../.."
SPEC=${1:-../shared/docker-hub-api.yaml}
SCRATCH=${SCRATCH:-.build}
WORK=$(mktemp -d)
trap 'kill $EMU 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q schemathesis pyyaml
"$WORK/venv/bin/python" - "$SPEC" "$WORK/spec.yaml" <<'PY'
import sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
keep = ["/v2/users/login", "/v2/users/2fa-login", "/v2/auditlogs/{account}", "/v2/auditlogs/{account}/actions"]
spec["paths"] = {p: spec["paths"][p] for p in keep}
spec.pop("tags", None)
spec["servers"] = [{"url": "/"}]
yaml.safe_dump(spec, open(sys.argv[2], "w"), sort_keys=False)
PY
swift build --scratch-path "$SCRATCH" --product hubaudit >/dev/null
"$SCRATCH/debug/hubaudit" emulate --port 0 --generate 2000 >"$WORK/url" 2>"$WORK/emulate.log" &
EMU=$!
for _ in $(seq 1 300); do [[ -s "$WORK/url" ]] && break; sleep 0.1; done
URL=$(head -1 "$WORK/url")
TOKEN=$(curl -s -X POST "$URL/v2/users/login" -H 'Content-Type: application/json' \
  -d '{"username":"demo","password":"demo-token"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# Fuzz with an organisation that exists, so the audit-log operations are reached.
printf '[parameters]\n"path.account" = "acme"\n' >"$WORK/schemathesis.toml"
"$WORK/venv/bin/schemathesis" --config-file "$WORK/schemathesis.toml" run "$WORK/spec.yaml" --url "$URL" -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples 50 --phases examples,coverage,fuzzing

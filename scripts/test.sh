#!/usr/bin/env bash
# Every test, in the order a failure is cheapest to find: lint, types, unit,
# integration, security and the hostile-input fuzz (against a throwaway
# PostgreSQL 15 started here), then the browser tests against the app as
# `npm start` runs it. Ends with one line that adds up every runner's count.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
REPORTS=$(mktemp -d /tmp/one-roof-reports.XXXXXX)
trap 'rm -rf "$REPORTS"' EXIT

step() { printf '\n[test] == %s ==\n' "$*"; }
vitest() { npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$REPORTS/$1.json"; }

step lint;        npx biome check .
step typecheck;   npx tsc --noEmit
step unit;        vitest unit
# The fuzz (FUZZ_RUNS cases, 3,000 by default) reuses the build the security tests made and the same PostgreSQL.
step "integration, security and fuzz"; bash scripts/with-postgres.sh bash -c "$(declare -f vitest); REPORTS=$REPORTS; vitest integration && vitest security && vitest fuzz"
step e2e;         bash scripts/ensure-chromium.sh && PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/e2e.json" npx playwright test --reporter=list,json

node scripts/sum-test-reports.mjs "$REPORTS"

#!/usr/bin/env bash
# Every test, in the order a failure is cheapest to find: lint, types, unit,
# integration (against a throwaway PostgreSQL 15 started here), then the
# browser tests against the app as `npm start` runs it. Ends with one line
# that adds up every runner's count.
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
step "integration and security"; bash scripts/with-postgres.sh bash -c "$(declare -f vitest); REPORTS=$REPORTS; vitest integration && vitest security"
step e2e;         bash scripts/ensure-chromium.sh && PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/e2e.json" npx playwright test --reporter=list,json

node scripts/sum-test-reports.mjs "$REPORTS"

#!/usr/bin/env bash
# Every test, in the order a failure is cheapest to find: lint, types, unit,
# integration (against a throwaway PostgreSQL 15 started here), then the
# browser tests against the app as `npm start` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n[test] == %s ==\n' "$*"; }

step lint;        npx biome check .
step typecheck;   npx tsc --noEmit
step unit;        npx vitest run --project unit
step integration; bash scripts/with-postgres.sh npx vitest run --project integration
step e2e;         bash scripts/ensure-chromium.sh && npx playwright test

#!/usr/bin/env bash
# The test command (npm test): install/build, typecheck, lint, unit tests, then integration tests
# against real server processes and real kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent typecheck
npm run --silent lint
# Unit tests first (fast), then integration tests one file at a time (they start real processes).
mapfile -t units < <(find dist/src -name '*.test.js' | sort)
mapfile -t integration < <(find dist/test -name '*.test.js' | sort)
# --test-force-exit: a file whose tests all finished but that left a handle open (a leak, a bug to fix)
# ends instead of hanging the run
node --test --test-concurrency=1 --test-force-exit "${units[@]}" "${integration[@]}"

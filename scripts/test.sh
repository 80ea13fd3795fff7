#!/usr/bin/env bash
# Sets up (idempotently) and runs every test suite: Java unit, integration and acceptance tests
# (Maven verify: they start their own Hardhat node and js-libp2p peers on free loopback ports), then the
# Hardhat contract tests, then the scale benchmark's small variant (scripts/scale.sh 4 --ci, under a minute).
# Format and module-boundary checks run as part of verify.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh" --skip-build
step "Hardhat contract tests"
npx hardhat test
step "Java tests (unit, integration, acceptance)"
"${MVN[@]}" verify
step "scale benchmark, N=4, one round (separate network namespaces as root, else loopback: it says which)"
scripts/scale.sh 4 --ci
step "all tests passed"

#!/usr/bin/env bash
# Regenerates the web3j contract wrappers in chain/src/main/java/io/d2ora/chain/contracts from Hardhat's
# artifacts (no solc download: Hardhat compiles with the npm solc, web3j codegen reads the artifact JSON).
# Commit the result; ContractWrappersIT fails when a wrapper no longer matches its artifact.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "compiling the contracts"
npx hardhat compile --quiet
step "generating wrappers with web3j codegen"
"${MVN[@]}" -q -pl chain -Pgenerate-wrappers generate-sources
"${MVN[@]}" -q -pl chain spotless:apply
step "wrappers written to chain/src/main/java/io/d2ora/chain/contracts"

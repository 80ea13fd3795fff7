#!/usr/bin/env bash
# Scale benchmark: a Hardhat chain and N real nodes (`d2ora node run`), each in a network namespace of its own (veth
# pairs to one bridge, as scripts/netns-round.sh builds them, with its optional loss and user-space delay), each with
# its own data shard (disjoint slices of the three domains' training sentences) and a tiny training budget (real
# MiniLM, 16 sentences of 16 tokens). Peer 1 creates two rounds in turn (--rounds); all take part in each. Afterwards
# `d2ora verify round` checks each round, and scripts/scale/report.mjs prints per phase p50/max across peers, bytes
# each peer sent and received (its veth; the chain RPC share apart), peak RSS per node, gossip propagation p50/p90,
# gas per transaction type (from the receipts), round overhead (wall time minus the slowest peer's training), and
# the verdicts.
#
# Without root (or with --loopback) every process shares the host's loopback instead: the script says so, and the
# figures that need namespaces (bytes per peer, loss, delay) are left out. scripts/test.sh runs N=4 with
# --ci (tighter windows). Everything goes to .d2ora/scale/; namespaces, bridge and processes are removed on exit.
#
# --ci runs one round, not two, with tighter windows: a round moves on once joining closed and everyone committed
# (about 16 s here), but node start-up and verification dominate the run (35 s in all, minutes on a loaded machine).
#
# --train-samples S, --seq-len L and --epochs E give each peer more training (at most 50 sentences a peer): round
# overhead only means something against a training time of realistic length.
#
# Usage: scripts/scale.sh N [--delay-ms D] [--jitter-ms J] [--loss-pct L] [--loopback] [--ci] [--rounds R]
#                           [--join-seconds S] [--commit-seconds S] [--finalize-seconds S]
#                           [--train-samples S] [--seq-len L] [--epochs E]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

[ $# -ge 1 ] || die "usage: scripts/scale.sh N [options] (see --help)"
[[ "$1" = -h || "$1" = --help ]] && { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
PEERS="$1"; shift
[[ "$PEERS" =~ ^[0-9]+$ && "$PEERS" -ge 2 && "$PEERS" -le 16 ]] \
  || die "N must be 2..16 (the round's participant cap of the node's defaults), got '$PEERS'"
DELAY=0 JITTER=0 LOSS=0 LOOPBACK=false CI=false ROUNDS=""
JOIN="" COMMIT="" FINALIZE="" TRAIN_SAMPLES=16 SEQ_LEN=16 EPOCHS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --delay-ms) DELAY="$2"; shift 2 ;;
    --jitter-ms) JITTER="$2"; shift 2 ;;
    --loss-pct) LOSS="$2"; shift 2 ;;
    --loopback) LOOPBACK=true; shift ;;
    --ci) CI=true; shift ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --join-seconds) JOIN="$2"; shift 2 ;;
    --commit-seconds) COMMIT="$2"; shift 2 ;;
    --finalize-seconds) FINALIZE="$2"; shift 2 ;;
    --train-samples) TRAIN_SAMPLES="$2"; shift 2 ;;
    --seq-len) SEQ_LEN="$2"; shift 2 ;;
    --epochs) EPOCHS="$2"; shift 2 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$LOSS" =~ ^[0-9]+(\.[0-9])?$ ]] || die "--loss-pct must be a percentage like 1 or 0.5, got '$LOSS'"
[[ "$DELAY" =~ ^[0-9]+$ && "$JITTER" =~ ^[0-9]+$ ]] || die "--delay-ms and --jitter-ms are whole milliseconds"
[ "$JITTER" -le "$DELAY" ] || die "--jitter-ms ($JITTER) must not exceed --delay-ms ($DELAY)"
# The registry's minimum commit and finalize windows are 60 s each. Past that, windows grow with N: N trainers
# share the machine's cores, and every peer's chain traffic shares one RPC endpoint.
if $CI; then
  JOIN="${JOIN:-12}" COMMIT="${COMMIT:-60}" FINALIZE="${FINALIZE:-60}" ROUNDS="${ROUNDS:-1}"
else
  ROUNDS="${ROUNDS:-2}"
  JOIN="${JOIN:-$((10 + PEERS))}" COMMIT="${COMMIT:-$((PEERS > 10 ? 20 + 4 * PEERS : 60))}"
  FINALIZE="${FINALIZE:-$((PEERS > 7 ? 30 + 4 * PEERS : 60))}"
fi
[[ "$ROUNDS" =~ ^[1-9]$ ]] || die "--rounds must be 1..9, got '$ROUNDS'"
[[ "$TRAIN_SAMPLES" =~ ^[0-9]+$ && "$TRAIN_SAMPLES" -ge 1 && "$TRAIN_SAMPLES" -le 50 ]] \
  || die "--train-samples must be 1..50 (a peer's shard), got '$TRAIN_SAMPLES'"
[[ "$SEQ_LEN" =~ ^[0-9]+$ && "$SEQ_LEN" -ge 8 && "$SEQ_LEN" -le 128 ]] || die "--seq-len must be 8..128, got '$SEQ_LEN'"
[[ "$EPOCHS" =~ ^[0-9]+$ && "$EPOCHS" -ge 1 && "$EPOCHS" -le 50 ]] || die "--epochs must be 1..50, got '$EPOCHS'"
for w in "$JOIN" "$COMMIT" "$FINALIZE"; do [[ "$w" =~ ^[0-9]+$ ]] || die "windows are whole seconds, got '$w'"; done
[ -d node/app/target/lib ] || die "the node is not built yet: run scripts/setup.sh"

MODE=netns
if $LOOPBACK; then
  MODE=loopback
  WHY="--loopback given"
elif [ "$(id -u)" != 0 ]; then
  MODE=loopback
  WHY="not root: network namespaces need root"
elif ! command -v nft >/dev/null; then
  MODE=loopback
  WHY="nftables is missing (apt-get install nftables)"
elif ! ip netns add d2s-probe 2>/dev/null; then
  MODE=loopback
  WHY="ip netns add is not permitted here"
else
  ip netns del d2s-probe
fi
if [ "$MODE" = loopback ]; then
  [ "$DELAY" = 0 ] && [ "$LOSS" = 0 ] || die "--delay-ms and --loss-pct need network namespaces ($WHY)"
  echo "== LOOPBACK MODE: $WHY; all $PEERS peers and the chain share 127.0.0.1, so bytes per peer are not measured"
fi
# Memory: a node peaks at 0.9 to 1.25 GiB RSS here, mostly off the Java heap (ND4J, OpenBLAS, JIT, threads); 16 of
# them, with other jobs, left this 24 GB machine 140 MiB available. The run refuses to start when the machine has
# less available than N nodes plus the chain and a verifier need. Each node's heap is capped at 512 MiB (the JVM's
# default ceiling, a quarter of the machine, let it grow to 1.6 GiB RSS) unless D2ORA_JAVA_OPTS says otherwise.
export D2ORA_JAVA_OPTS="${D2ORA_JAVA_OPTS:--Xmx512m}"
NODE_MIB=1280
AVAILABLE_MIB=$(($(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo) / 1024))
[ "$AVAILABLE_MIB" -ge $((PEERS * NODE_MIB + 1024)) ] \
  || die "this machine has $AVAILABLE_MIB MiB available (/proc/meminfo); $PEERS nodes need about $((PEERS * NODE_MIB)) MiB (${NODE_MIB} MiB each at D2ORA_JAVA_OPTS='$D2ORA_JAVA_OPTS') plus 1024 for the chain and a verifier"
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)" || die "python3 is missing"

WORK="$ROOT/.d2ora/scale"
NET=10.78.0
BRIDGE=d2s-br
PERMILLE="$(awk -v p="$LOSS" 'BEGIN { printf "%d", p * 10 }')"
DOMAINS=(imdb yelp amazon)
NAMESPACES=()
PIDS=()
RELAYS=()
SAMPLER=""

cleanup() {
  for pid in "${PIDS[@]}"; do [ "$pid" = done ] || stop "$pid"; done
  for pid in "${RELAYS[@]}"; do stop "$pid"; done
  [ -n "$SAMPLER" ] && kill -TERM "$SAMPLER" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -f "$WORK/devnet.json" ]; then
    if [ "$MODE" = netns ]; then
      ip netns exec d2s-chain scripts/devnet.sh --stop --out "$WORK/devnet.json" >/dev/null 2>&1 || true
    else
      scripts/devnet.sh --stop --out "$WORK/devnet.json" >/dev/null 2>&1 || true
    fi
  fi
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  [ "$MODE" = netns ] && ip link del "$BRIDGE" 2>/dev/null || true
}
source scripts/netns/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM
json() { node -e "const j=JSON.parse(require('fs').readFileSync('$1','utf8')); console.log($2)"; }
# Runs "$@" in peer or chain namespace $1 (netns mode), or on the host (loopback).
at() { local ns="$1"; shift; if [ "$MODE" = netns ]; then ip netns exec "$ns" "$@"; else "$@"; fi; }
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

rm -rf "$WORK" && mkdir -p "$WORK"
START=$(date +%s)
echo "$MODE" >"$WORK/mode"
cat /proc/loadavg >"$WORK/load-before"

# 1. The chain (and, in namespaces, the network).
if [ "$MODE" = netns ]; then
  step "namespaces: chain $NET.1, peers $NET.11..$NET.$((10 + PEERS)); loss $LOSS %, delay $DELAY +/- $JITTER ms"
  # What an interrupted run may have left (our names only).
  for ns in $(ip netns list | grep -o '^d2s-[a-z0-9]*' || true); do ip netns del "$ns"; done
  ip link del "$BRIDGE" 2>/dev/null || true
  ip link add "$BRIDGE" type bridge
  ip link set "$BRIDGE" up
  namespace d2s-chain 1
  for i in $(seq 1 "$PEERS"); do namespace "d2s-p$i" $((10 + i)); done
  CHAIN_PORT=8545
  at d2s-chain scripts/devnet.sh --port 8545 --out "$WORK/devnet.json" --stake 100 --accounts $((PEERS + 1)) \
    >"$WORK/devnet.out"
  [ "$DELAY" -gt 0 ] && relay d2s-chain "$NET.1:8545" "127.0.0.1:8545" "$WORK/relay-chain.json"
  RPC="http://$NET.1:8545"
else
  CHAIN_PORT="$(free_port)"
  scripts/devnet.sh --port "$CHAIN_PORT" --out "$WORK/devnet.json" --stake 100 --accounts $((PEERS + 1)) \
    >"$WORK/devnet.out"
  RPC="http://127.0.0.1:$CHAIN_PORT"
fi
REGISTRY="$(json "$WORK/devnet.json" j.registryAddress)"
if [ "$MODE" = netns ] && [ "$DELAY" = 0 ]; then
  # Without a relay the chain answers on its namespace's loopback only: forward its veth address there.
  at d2s-chain sysctl -qw net.ipv4.conf.eth0.route_localnet=1
  at d2s-chain nft -f - <<NFT
table ip d2s-rpc {
  chain prerouting { type nat hook prerouting priority -100; iifname "eth0" tcp dport 8545 dnat to 127.0.0.1:8545; }
}
NFT
fi

cat >"$WORK/round.json" <<JSON
{"aggregation": "fedavg",
 "training": {"base_model": "all-minilm-l6-v2", "lora_r": 2, "lora_alpha": 4, "lora_dropout": 0.0, "use_dora": true,
  "target_modules": ["query", "value"], "learning_rate": 0.003, "num_epochs": $EPOCHS, "batch_size": 8,
  "max_seq_len": $SEQ_LEN, "max_train_samples": $TRAIN_SAMPLES, "seed": 7}}
JSON

# 2. The peers. Peer i trains on domain (i-1) mod 3, slice (i-1) div 3 of 50 sentences: no two peers share one.
start_peer() {
  local i="$1" ns="d2s-p$1" d="${DOMAINS[$((($1 - 1) % 3))]}" slice=$((($1 - 1) / 3)) create=false listen
  [ "$i" = 1 ] && create=true
  if [ "$MODE" = netns ]; then
    listen="/ip4/$NET.$((10 + i))/tcp/4001"
    # Counts the peer's chain RPC bytes apart from the rest of its traffic (its p2p).
    in_ns "$ns" nft -f - <<NFT
table inet d2s-acct {
  chain out { type filter hook output priority 0; oifname "eth0" tcp dport 8545 counter; }
  chain in { type filter hook input priority 0; iifname "eth0" tcp sport 8545 counter; }
}
NFT
    if [ "$DELAY" -gt 0 ]; then
      redirect "$ns" 4001 4002
      relay "$ns" "0.0.0.0:4002" "$NET.$((10 + i)):4001" "$WORK/relay-p$i.json"
    fi
  else
    listen="/ip4/127.0.0.1/tcp/$(free_port)"
  fi
  json "$WORK/devnet.json" "j.accountPrivateKeys[$i]" >"$WORK/p$i.key"
  mkdir -p "$WORK/data-p$i"
  cp ".cache/data/$d/validation.jsonl" ".cache/data/$d/test.jsonl" "$WORK/data-p$i/"
  sed -n "$((slice * 50 + 1)),$((slice * 50 + 50))p" ".cache/data/$d/train.jsonl" >"$WORK/data-p$i/train.jsonl"
  at "$ns" scripts/d2ora node run --json --data-dir "$WORK/p$i" --chain-rpc-url "$RPC" \
    --chain-registry "$REGISTRY" --chain-key-file "$WORK/p$i.key" --round-config "$WORK/round.json" \
    --data-path "$WORK/data-p$i" --p2p-listen "$listen" --rounds "$ROUNDS" \
    --round-create-enabled="$create" --round-join-seconds "$JOIN" --round-commit-seconds "$COMMIT" \
    --round-finalize-seconds "$FINALIZE" --poll-millis 1000 >"$WORK/p$i.log" 2>"$WORK/p$i.err" &
  PIDS+=($!)
}

# The node's JVM: `ip netns exec` forks scripts/d2ora, which execs it (after a short-lived `java -version` of its
# own: a JVM whose parent is not a d2ora script is not the node). Empty while there is none yet.
java_of() {
  local p="$1" parent="$1" comm
  while [ -n "$p" ]; do
    comm="$(cat "/proc/$p/comm" 2>/dev/null || true)"
    if [ "$comm" = java ]; then
      [ "$(cat "/proc/$parent/comm" 2>/dev/null || true)" = d2ora ] || { echo "$p"; return; }
      return
    fi
    parent="$p"
    p="$(pgrep -P "$p" 2>/dev/null | head -n 1 || true)"
  done
}

# Peak RSS: each node's VmHWM (the kernel's high-water mark), read every second while it runs.
sample_rss() {
  while :; do
    local alive=0
    for i in $(seq 1 "$PEERS"); do
      local pid="${PIDS[$((i - 1))]:-done}"
      [ "$pid" != done ] && [ -r "/proc/$pid/status" ] || continue
      alive=1
      pid="$(java_of "$pid")"
      [ -n "$pid" ] || continue
      awk -v p="p$i" '/^VmHWM/ { print p, $2 }' "/proc/$pid/status" >"$WORK/rss-p$i.tmp" 2>/dev/null \
        && mv "$WORK/rss-p$i.tmp" "$WORK/rss-p$i"
    done
    cat /proc/loadavg >>"$WORK/load-during"
    sleep 1
  done
}

step "starting $PEERS peers (windows: join $JOIN s, commit $COMMIT s, finalize $FINALIZE s; $ROUNDS round(s))"
for i in $(seq 2 "$PEERS"); do start_peer "$i"; done
for i in $(seq 2 "$PEERS"); do
  for _ in $(seq 1 360); do
    grep -q '"event":"started"' "$WORK/p$i.log" 2>/dev/null && break
    kill -0 "${PIDS[$((i - 2))]}" 2>/dev/null || die "peer $i exited at start; see $WORK/p$i.err"
    sleep 0.5
  done
done
start_peer 1
sample_rss &
SAMPLER=$!
# Waits for every node; the first one to fail stops the rest (a round cannot end without its creator).
FAILED=""
LEFT="$PEERS"
while [ "$LEFT" -gt 0 ] && [ -z "$FAILED" ]; do
  sleep 1
  for i in $(seq 1 "$PEERS"); do
    pid="${PIDS[$((i - 1))]}"
    [ "$pid" != done ] && ! kill -0 "$pid" 2>/dev/null || continue
    wait "$pid" || FAILED="$FAILED p$i"
    PIDS[$((i - 1))]=done
    LEFT=$((LEFT - 1))
  done
done
for pid in "${PIDS[@]}"; do [ "$pid" = done ] || stop "$pid"; done
PIDS=()
kill -TERM "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=""
END=$(date +%s)

# 3. Verify every round from a peer's namespace (in parallel); count bytes; read every receipt's gas.
verify() {
  at d2s-p2 scripts/d2ora verify round "$1" --json --chain-rpc-url "$RPC" --chain-registry "$REGISTRY" \
    --round-config "$WORK/round.json" --data-dir "$WORK/p2" >"$WORK/verify-$1.json" 2>"$WORK/verify-$1.err"
  echo $? >"$WORK/verify-$1.exit"
}
VERIFIERS=()
for r in $(seq 1 "$ROUNDS"); do verify "$r" & VERIFIERS+=($!); done
wait "${VERIFIERS[@]}"
if [ "$MODE" = netns ]; then
  for ns in "${NAMESPACES[@]}"; do
    echo "$ns $(at "$ns" cat /sys/class/net/eth0/statistics/rx_bytes /sys/class/net/eth0/statistics/tx_bytes \
      | tr '\n' ' ') $(at "$ns" nft list table inet d2s-acct 2>/dev/null | grep -o 'bytes [0-9]*' | tr '\n' ' ')"
  done >"$WORK/bytes.txt"
fi
at d2s-chain node scripts/scale/gas.mjs "http://127.0.0.1:$CHAIN_PORT" >"$WORK/gas.json"
for pid in "${RELAYS[@]}"; do stop "$pid"; done
RELAYS=()
cat /proc/loadavg >"$WORK/load-after"

node scripts/scale/report.mjs "$WORK" "$PEERS" "$ROUNDS" "$JOIN" "$((END - START))" "$MODE" "$LOSS" "$DELAY" "$JITTER" \
  | tee "$WORK/report.txt"
[ -z "$FAILED" ] || die "node(s)$FAILED exited with an error; see $WORK/p*.err"
for r in $(seq 1 "$ROUNDS"); do
  [ "$(cat "$WORK/verify-$r.exit")" = 0 ] || die "verify round $r exited $(cat "$WORK/verify-$r.exit"); see $WORK/verify-$r.json"
done

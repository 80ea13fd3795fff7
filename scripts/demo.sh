#!/usr/bin/env bash
# The D2ORA demo: three peers (imdb, yelp, amazon; one data domain each) fine-tune Theia together over a local
# Hardhat chain and libp2p on loopback, then every round is verified from the chain, and the result is compared
# with a centrally trained model and with each peer's local-only model (same budget).
#
# Usage: scripts/demo.sh [--skip-setup] [--stop-chain]
# The Hardhat chain keeps running after the demo (Hardhat cannot save its state), so that the one command
# scripts/dashboard.sh shows the finished run; scripts/dashboard.sh --stop-chain stops it (or run the demo with
# --stop-chain). The next demo run stops a chain an earlier one left.
# Budget knobs (environment): D2ORA_DEMO_ROUNDS (3), D2ORA_DEMO_SAMPLES (training sentences per peer and round, 96),
# D2ORA_DEMO_EPOCHS (passes over a round's sentences, 1), D2ORA_DEMO_LR (peak learning rate, 0.009),
# D2ORA_DEMO_MAX_SEQ_LEN (32), D2ORA_DEMO_COMMIT_SECONDS (commit window per round, 100),
# D2ORA_DEMO_STRATEGY (fedavg), D2ORA_DEMO_REWARD_POOL (tokens the creating peer funds per round, 3),
# D2ORA_DEMO_CONTINUITY (true: one learning-rate schedule over all rounds, round k trains window k of each peer's
# shard in a round-seeded order, AdamW moments kept by each peer; false: every round a fresh run on the same sentences).
# The baselines get the same budget: exactly the sentences the peers trained on, for the same passes.
# Rounds finalize when two thirds of the committed peers attest the same recomputed aggregate, and the peers
# settle them: rewards paid, every reserved stake released. Everything it writes goes to .d2ora/demo/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
START=$(date +%s)
ROUNDS="${D2ORA_DEMO_ROUNDS:-3}"
SAMPLES="${D2ORA_DEMO_SAMPLES:-96}"
SEQ="${D2ORA_DEMO_MAX_SEQ_LEN:-32}"
EPOCHS="${D2ORA_DEMO_EPOCHS:-1}"
LR="${D2ORA_DEMO_LR:-0.009}"
CONTINUITY="${D2ORA_DEMO_CONTINUITY:-true}"
COMMIT="${D2ORA_DEMO_COMMIT_SECONDS:-100}"
STRATEGY="${D2ORA_DEMO_STRATEGY:-fedavg}"
POOL_TOKENS="${D2ORA_DEMO_REWARD_POOL:-3}"
[[ "$POOL_TOKENS" =~ ^[0-9]$ ]] || die "D2ORA_DEMO_REWARD_POOL must be 0..9 whole tokens, got '$POOL_TOKENS'"
[[ "$CONTINUITY" =~ ^(true|false)$ ]] || die "D2ORA_DEMO_CONTINUITY must be true or false, got '$CONTINUITY'"
# What one peer trains on over all rounds: with continuity the first ROUNDS x SAMPLES sentences of its shard (window k
# in round k), each for EPOCHS passes; without, the first SAMPLES sentences for ROUNDS x EPOCHS passes.
if [ "$CONTINUITY" = true ]; then SEEN=$((ROUNDS * SAMPLES)); PASSES=$EPOCHS; else SEEN=$SAMPLES; PASSES=$((ROUNDS * EPOCHS)); fi
[ "$SEEN" -le 580 ] || die "ROUNDS x SAMPLES ($SEEN) exceeds the smallest training shard (587 sentences)"
CONTINUITY_KEYS=""
[ "$CONTINUITY" = true ] && CONTINUITY_KEYS=", \"schedule_rounds\": $ROUNDS, \"rotate_data_windows\": true,
  \"shuffle_by_round\": true, \"keep_optimizer_state\": true"
DOMAINS=(imdb yelp amazon)
WORK="$ROOT/.d2ora/demo"

SKIP_SETUP=false; KEEP_CHAIN=true
for arg in "$@"; do
  case "$arg" in
    --skip-setup) SKIP_SETUP=true ;;
    --stop-chain) KEEP_CHAIN=false ;;
    *) die "unknown option '$arg' (usage: scripts/demo.sh [--skip-setup] [--stop-chain])" ;;
  esac
done
$SKIP_SETUP || scripts/setup.sh
# A chain an earlier run left running is stopped before its files go.
[ -s "$WORK/devnet.json" ] && scripts/devnet.sh --stop --out "$WORK/devnet.json" >/dev/null 2>&1 || true
rm -rf "$WORK" && mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if $KEEP_CHAIN; then
    echo "the chain keeps running for the dashboard: scripts/dashboard.sh (stop it: scripts/dashboard.sh --stop-chain)" >&2
  else
    scripts/devnet.sh --stop --out "$WORK/devnet.json" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
json() { node -e "const j=JSON.parse(require('fs').readFileSync('$1','utf8')); console.log($2)"; }

# 1. A local chain with the registry deployed and the first five accounts funded and staked.
PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
scripts/devnet.sh --port "$PORT" --out "$WORK/devnet.json" --stake 100
RPC="$(json "$WORK/devnet.json" j.rpcUrl)"
REGISTRY="$(json "$WORK/devnet.json" j.registryAddress)"

# 2. The round config every peer agrees on (its keccak-256 goes on chain); each peer brings its own data.
cat >"$WORK/round.json" <<JSON
{"aggregation": "$STRATEGY",
 "training": {"base_model": "all-minilm-l6-v2", "lora_r": 4, "lora_alpha": 8, "lora_dropout": 0.0, "use_dora": true,
  "target_modules": ["query", "value"], "learning_rate": $LR, "num_epochs": $EPOCHS, "batch_size": 16,
  "max_seq_len": $SEQ, "max_train_samples": $SAMPLES, "seed": 42$CONTINUITY_KEYS}}
JSON

# 3. Three peers; the imdb peer creates the rounds (funding each one's reward pool) and proposes their results
#    first; every peer attests the result only if its own recomputation agrees, and settles the round.
step "starting 3 peers for $ROUNDS rounds ($SAMPLES sentences x $EPOCHS epochs each, max_seq_len $SEQ, lr $LR, $STRATEGY, continuity $CONTINUITY)"
for i in 0 1 2; do
  d="${DOMAINS[$i]}"
  json "$WORK/devnet.json" "j.accountPrivateKeys[$((i + 1))]" >"$WORK/$d.key"
  create=false; pool=0; [ "$i" = 0 ] && create=true && pool="${POOL_TOKENS}000000000000000000"
  scripts/d2ora node run --json --data-dir "$WORK/peer-$d" --chain-rpc-url "$RPC" --chain-registry "$REGISTRY" \
    --chain-key-file "$WORK/$d.key" --round-config "$WORK/round.json" --data-path ".cache/data/$d" \
    --rounds "$ROUNDS" --round-create-enabled="$create" --round-join-seconds 20 \
    --round-commit-seconds "$COMMIT" --round-finalize-seconds 120 --round-reward-pool "$pool" \
    >"$WORK/peer-$d.log" 2>"$WORK/peer-$d.err" &
  PIDS+=($!)
done
for i in 0 1 2; do
  wait "${PIDS[$i]}" || die "peer ${DOMAINS[$i]} failed; see $WORK/peer-${DOMAINS[$i]}.err and .log"
done
PIDS=()

# 4. Verify every round from the chain alone (updates re-read from the yelp peer's store and re-hashed), and show
#    that settling released every peer's stake.
for r in $(seq 1 "$ROUNDS"); do
  set +e
  scripts/d2ora verify round "$r" --json --chain-rpc-url "$RPC" --chain-registry "$REGISTRY" \
    --round-config "$WORK/round.json" --data-dir "$WORK/peer-yelp" >"$WORK/verify-$r.json" 2>"$WORK/verify-$r.err"
  echo $? >"$WORK/verify-$r.exit"
  set -e
done
for d in "${DOMAINS[@]}"; do
  scripts/d2ora stake show --json --chain-rpc-url "$RPC" --chain-registry "$REGISTRY" --chain-key-file "$WORK/$d.key" \
    >"$WORK/stake-$d.json" 2>"$WORK/stake-$d.err" || die "reading the stake of peer $d failed; see $WORK/stake-$d.err"
done

# 5. Baselines with the same budget: central on the union of the peers' sentences, local-only per peer.
step "training the baselines (central on the union of the $SEEN sentences each peer saw, local-only per peer; $PASSES passes)"
mkdir -p "$WORK/union"
for d in "${DOMAINS[@]}"; do head -n "$SEEN" ".cache/data/$d/train.jsonl"; done >"$WORK/union/train.jsonl"
for d in "${DOMAINS[@]}"; do head -n "$SAMPLES" ".cache/data/$d/validation.jsonl"; done >"$WORK/union/validation.jsonl"
baseline() { # name dataset samples: one run, one schedule, the round recipe otherwise
  node -e "const j=JSON.parse(require('fs').readFileSync('$WORK/round.json','utf8')).training;
    for (const k of ['schedule_rounds','rotate_data_windows','shuffle_by_round','keep_optimizer_state']) delete j[k];
    Object.assign(j,{dataset_path:'$2',num_epochs:$PASSES,max_train_samples:$3,output_dir:'$WORK/$1'});
    console.log(JSON.stringify(j))" >"$WORK/$1.json"
  scripts/d2ora train --config "$WORK/$1.json" --json >"$WORK/$1.log" 2>"$WORK/$1.err" || die "training $1 failed; see $WORK/$1.err"
}
baseline central "$WORK/union" $((3 * SEEN)) &
PIDS+=($!)
for d in "${DOMAINS[@]}"; do baseline "local-$d" ".cache/data/$d" "$SEEN"; done
wait "${PIDS[0]}"; PIDS=()

# 6. Score every model on every domain's test split, in one JVM.
ARGS=()
for r in $(seq 1 "$ROUNDS"); do ARGS+=(--adapter "round-$r=$WORK/peer-imdb/aggregates/round-$r.safetensors"); done
ARGS+=(--adapter "central=$WORK/central/adapter_model.safetensors")
for d in "${DOMAINS[@]}"; do
  ARGS+=(--adapter "local-$d=$WORK/local-$d/adapter_model.safetensors" --data "$d=.cache/data/$d/test.jsonl")
done
scripts/d2ora demo score --max-seq-len "$SEQ" "${ARGS[@]}" >"$WORK/scores.json" 2>"$WORK/scores.err" \
  || die "scoring failed; see $WORK/scores.err"

node scripts/demo-report.mjs "$WORK" "$ROUNDS" "$(( $(date +%s) - START ))"

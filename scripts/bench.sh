#!/usr/bin/env bash
# Runs one benchmark. Benchmarks print figures and assert nothing (they are not tests); they live in
# <module>/src/bench/java, compile with the tests and never run in a test suite. A new one: put it there,
# give it a main (or JMH @Benchmark methods) and a case below.
#
# Usage: scripts/bench.sh <name> [args...]
#   dora-step        one DoRA/LoRA/frozen layer training step (512 tokens), ND4J (JMH) and PyTorch interleaved,
#                    BENCH_ROUNDS times; medians and ratios. BENCH_THREADS=2: JMH, BLAS on 2 threads (an idle
#                    machine); BENCH_THREADS=1: wall + CPU time (a shared machine). The PyTorch column needs
#                    Debian's python3-torch and libopenblas0-pthread (without OpenBLAS torch is 10-30x slower).
#   train-step       one training step of the real model, batch 16 x 32 tokens; JSON [--steps N --warmup W --batch B
#                    --seq T --targets qv|all --mode dora|lora --dropout P --threads N]
#   train-vs-torch   train-step and PyTorch's PEFT-style step interleaved, q,v and all linear maps, DoRA and
#                    LoRA, after 20 warm-up steps each; table of step time, tokens/s, peak RSS, warm-up time
#                    and ratios (scripts/bench-train.sh)
#   aggregation      aggregation and update codec at all-MiniLM-L6-v2 scale, 3 peers
#   p2p-throughput   64 MiB over loopback, Java/js-libp2p both ways, 1 and 8 streams, and handshake latency
#   gossip-latency   gossipsub delivery latency to 8 Java peers on a ring [messages]
#   federated-quality federated (the node's training + aggregation, R rounds) vs central on the union vs
#                    local-only, same budget; test accuracy with 95% intervals [--strategy S --rounds R --samples N
#                    --epochs E --lr X --rank r --mode dora|lora --seq T --eval-seq T --continuity true|false]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

usage() { sed -n '6,20p' "$0" | sed 's/^# \{0,1\}//'; }

# Compiles <module> (and what it uses) with its tests, then prints a classpath of private copies of its
# classes, so a concurrent `mvn test` that recompiles them cannot break a running benchmark.
bench_classpath() {
  local module="$1" out="$2"
  step "building $module (tests and benchmarks)" >&2
  "${MVN[@]}" -q -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
  mkdir -p "$out"
  rm -rf "$out/classes" "$out/test-classes"
  cp -r "$module/target/classes" "$module/target/test-classes" "$out/"
  echo "$out/test-classes:$out/classes:$(cat "$module/target/bench.cp")"
}

run_main() {
  local module="$1" main="$2"
  shift 2
  local cp
  cp="$(bench_classpath "$module" "$ROOT/$module/target/bench")"
  java $(jvm_flags) -cp "$cp" "$main" "$@"
}

dora_step() {
  local rounds="${BENCH_ROUNDS:-3}" threads="${BENCH_THREADS:-2}" out="${BENCH_OUT:-$ROOT/node/core/target/bench-dora}"
  local python=/usr/bin/python3 cp have_torch=true
  cp="$(bench_classpath node/core "$out")"
  rm -f "$out"/*.json "$out"/*.jsonl
  # ND4J: element-wise ops on one OpenMP thread, BLAS on $threads threads. ND4J sets the BLAS thread
  # count from OMP_NUM_THREADS unless ND4J_SKIP_BLAS_THREADS is set (then OpenBLAS reads its own).
  # PyTorch: torch.set_num_threads($threads); Debian's torch calls the system OpenBLAS, same variable.
  export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE ND4J_SKIP_BLAS_THREADS=1 OPENBLAS_NUM_THREADS="$threads"
  "$python" -c "import torch" 2>/dev/null || { have_torch=false; echo "warning: no python3-torch; ND4J only" >&2; }
  for round in $(seq 1 "$rounds"); do
    if [ "$threads" = 1 ]; then
      # One thread: wall and CPU time from a plain loop (CPU time survives a busy shared machine).
      step "round $round/$rounds: ND4J (wall + CPU time)"
      java $(jvm_flags) -cp "$cp" io.d2ora.core.dora.DoraStepCpuBenchmark 2>/dev/null > "$out/nd4j-$round.jsonl"
    else
      step "round $round/$rounds: ND4J (JMH)"
      java $(jvm_flags) -cp "$cp" org.openjdk.jmh.Main DoraStepBenchmark \
        -f 1 -wi 5 -w 300ms -i 15 -r 300ms -rf json -rff "$out/jmh-$round.json" \
        -jvmArgsAppend "$(jvm_flags)" > "$out/jmh-$round.log"
    fi
    if $have_torch; then
      step "round $round/$rounds: PyTorch"
      "$python" scripts/reference/bench_dora_torch.py --threads "$threads" --seconds 3 > "$out/torch-$round.jsonl"
    fi
  done
  "$python" scripts/reference/bench_table.py "$out"
}

[ $# -ge 1 ] || { usage; exit 2; }
name="$1"
shift
case "$name" in
  dora-step) dora_step ;;
  train-step) run_main node/core io.d2ora.core.train.TrainStepBenchmark "$@" ;;
  train-vs-torch) exec "$ROOT/scripts/bench-train.sh" "$@" ;;
  aggregation) run_main node/core io.d2ora.core.aggregate.AggregationBenchmark "$@" ;;
  p2p-throughput) run_main p2p io.d2ora.p2p.bench.ThroughputBenchmark "$@" ;;
  gossip-latency) run_main p2p io.d2ora.p2p.pubsub.GossipLatencyBenchmark "$@" ;;
  federated-quality) run_main node/app io.d2ora.app.bench.FederatedQualityBenchmark "$@" ;;
  -h|--help|list) usage ;;
  *) echo "error: unknown benchmark '$name'" >&2; usage >&2; exit 2 ;;
esac

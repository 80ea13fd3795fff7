#!/usr/bin/env bash
# One DoRA/LoRA/frozen layer training step (512 tokens, forward + backward + AdamW), ND4J (JMH) and
# PyTorch interleaved, BENCH_ROUNDS times; prints medians and ratios. Figures, not assertions.
#   BENCH_ROUNDS=3 BENCH_THREADS=2 scripts/bench-dora.sh   JMH, BLAS on 2 threads (an idle machine)
#   BENCH_ROUNDS=3 BENCH_THREADS=1 scripts/bench-dora.sh   one thread, wall + CPU time (a shared machine)
# Needs Debian's python3-torch for the PyTorch column (apt-get install python3-torch libopenblas0-pthread;
# without OpenBLAS, Debian's torch falls back to the reference BLAS and is 10-30x slower).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ROUNDS="${BENCH_ROUNDS:-3}"
THREADS="${BENCH_THREADS:-2}"
OUT="${BENCH_OUT:-$ROOT/node/core/target/bench-dora}"
PYTHON=/usr/bin/python3
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.jsonl

step "building the JMH benchmark (-Pbench)"
"${MVN[@]}" -q -Pbench -pl node/core -am test-compile
"${MVN[@]}" -q -Pbench -pl node/core dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
# Private copies, so a concurrent `mvn test` (which recompiles without the benchmark) cannot break a run.
rm -rf "$OUT/classes" "$OUT/test-classes"
cp -r node/core/target/classes node/core/target/test-classes "$OUT/"
CP="$OUT/test-classes:$OUT/classes:$(cat node/core/target/bench.cp)"

# ND4J: element-wise ops on one OpenMP thread, BLAS on $THREADS threads. ND4J sets the BLAS thread
# count from OMP_NUM_THREADS unless ND4J_SKIP_BLAS_THREADS is set (then OpenBLAS reads its own).
# PyTorch: torch.set_num_threads($THREADS); Debian's torch calls the system OpenBLAS, same variable.
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE ND4J_SKIP_BLAS_THREADS=1 OPENBLAS_NUM_THREADS="$THREADS"

have_torch=true
"$PYTHON" -c "import torch" 2>/dev/null || { have_torch=false; echo "warning: no python3-torch; ND4J only" >&2; }

for round in $(seq 1 "$ROUNDS"); do
  if [ "$THREADS" = 1 ]; then
    # One thread: wall and CPU time from a plain loop (CPU time survives a busy shared machine).
    step "round $round/$ROUNDS: ND4J (wall + CPU time)"
    java $(jvm_flags) -cp "$CP" io.d2ora.core.dora.DoraStepCpuBench 2>/dev/null > "$OUT/nd4j-$round.jsonl"
  else
    step "round $round/$ROUNDS: ND4J (JMH)"
    java $(jvm_flags) -cp "$CP" org.openjdk.jmh.Main DoraStepBenchmark \
      -f 1 -wi 5 -w 300ms -i 15 -r 300ms -rf json -rff "$OUT/jmh-$round.json" \
      -jvmArgsAppend "$(jvm_flags)" > "$OUT/jmh-$round.log"
  fi
  if $have_torch; then
    step "round $round/$ROUNDS: PyTorch"
    "$PYTHON" scripts/reference/bench_dora_torch.py --threads "$THREADS" --seconds 3 > "$OUT/torch-$round.jsonl"
  fi
done

"$PYTHON" scripts/reference/bench_table.py "$OUT"

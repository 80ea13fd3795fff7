#!/usr/bin/env bash
# One training step of the real classifier (batch 16 x 32 tokens, r = 8), ND4J (TrainStepBenchmark,
# node/core/src/bench/java) and PyTorch 1.13 with PEFT-style adapters
# (scripts/reference/bench_bert_torch.py), run back to back
# for each configuration, BENCH_ROUNDS times, each measuring BENCH_STEPS steps after BENCH_WARMUP
# (default 20: the JVM compiles the Java kernels during the first 10-20 steps of a run, which a
# training run of hundreds of steps pays once); prints medians, the ND4J/PyTorch speed ratio of each
# interleaved pair and the DoRA/LoRA step-time ratio, with the 1-minute load average of the runs.
# Figures, not assertions. On a shared machine trust the ratios of interleaved pairs, not absolutes.
#   BENCH_ROUNDS=3 BENCH_THREADS=2 scripts/bench-train.sh
#   BENCH_CONFIGS="qv:dora qv:lora" scripts/bench-train.sh      a subset (targets:mode)
# Needs Debian's python3-torch for the PyTorch side (apt-get install python3-torch libopenblas0-pthread;
# without OpenBLAS, Debian's torch falls back to the reference BLAS and is 10-30x slower).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ROUNDS="${BENCH_ROUNDS:-3}"
THREADS="${BENCH_THREADS:-2}"
STEPS="${BENCH_STEPS:-10}"
WARMUP="${BENCH_WARMUP:-20}"
CONFIGS="${BENCH_CONFIGS:-qv:dora qv:lora all:dora all:lora}"
OUT="${BENCH_OUT:-$ROOT/node/core/target/bench-train}"
PYTHON=/usr/bin/python3
mkdir -p "$OUT"
rm -f "$OUT"/*.jsonl

step "building node/core (tests and benchmarks)"
"${MVN[@]}" -q -pl node/core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-train.cp -Dmdep.includeScope=test
# Private copies, so a concurrent build of the worktree cannot change the classes mid-run.
rm -rf "$OUT/classes" "$OUT/test-classes"
cp -r node/core/target/classes node/core/target/test-classes "$OUT/"
CP="$OUT/test-classes:$OUT/classes:$(cat node/core/target/bench-train.cp)"

# ND4J: element-wise ops on one OpenMP thread, BLAS on $THREADS threads (ND4J would set BLAS threads
# from OMP_NUM_THREADS unless ND4J_SKIP_BLAS_THREADS is set). PyTorch: torch.set_num_threads($THREADS);
# Debian's torch calls the system OpenBLAS, which reads the same variable.
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE ND4J_SKIP_BLAS_THREADS=1 OPENBLAS_NUM_THREADS="$THREADS"

have_torch=true
"$PYTHON" -c "import torch" 2>/dev/null || { have_torch=false; echo "warning: no python3-torch; ND4J only" >&2; }

load() { cut -d' ' -f1 /proc/loadavg; }
# Appends the run's JSON line with the round and the load average at its start. A failed run is
# reported (its stderr kept in $OUT/failed-<n>.log) and left out of the table; the rounds go on.
failures=0
record() {
  local round="$1" file="$2"; shift 2
  local before line
  before="$(load)"
  if line="$("$@" 2>"$OUT/stderr.log" | grep '^{' | tail -1)" && [ -n "$line" ]; then
    echo "${line%\}},\"round\":$round,\"load\":$before}" >> "$file"
  else
    failures=$((failures + 1))
    cp "$OUT/stderr.log" "$OUT/failed-$failures.log"
    echo "warning: no result from: $* (stderr in $OUT/failed-$failures.log)" >&2
  fi
}

for round in $(seq 1 "$ROUNDS"); do
  for config in $CONFIGS; do
    targets="${config%%:*}" mode="${config##*:}"
    step "round $round/$ROUNDS: $targets $mode, ND4J (load $(load))"
    record "$round" "$OUT/results.jsonl" java $(jvm_flags) -Dd2ora.home="$ROOT" -cp "$CP" \
      io.d2ora.core.train.TrainStepBenchmark --steps "$STEPS" --warmup "$WARMUP" --threads "$THREADS" \
      --targets "$targets" --mode "$mode"
    if $have_torch; then
      step "round $round/$ROUNDS: $targets $mode, PyTorch (load $(load))"
      record "$round" "$OUT/results.jsonl" "$PYTHON" scripts/reference/bench_bert_torch.py \
        --threads "$THREADS" --steps "$STEPS" --warmup "$WARMUP" --targets "$targets" --mode "$mode"
    fi
  done
done

"$PYTHON" - "$OUT/results.jsonl" <<'EOF'
import collections, json, statistics, sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
by = collections.defaultdict(list)
for r in runs:
    by[(r["targets"], r["mode"], "nd4j" if r["impl"] == "nd4j" else "torch")].append(r)

def med(key, field):
    values = [r[field] for r in by.get(key, []) if r.get(field) is not None]
    return statistics.median(values) if values else None

def paired(targets, mode, field="median_step_ms"):
    """Median over rounds of torch step time / ND4J step time (speed of ND4J relative to torch)."""
    nd = {r["round"]: r[field] for r in by.get((targets, mode, "nd4j"), [])}
    th = {r["round"]: r[field] for r in by.get((targets, mode, "torch"), [])}
    ratios = [th[k] / nd[k] for k in nd if k in th]
    return (statistics.median(ratios), min(ratios), max(ratios)) if ratios else None

def seconds(key):
    """Median warm-up time of a configuration's runs, in seconds."""
    ms = med(key, "warmup_ms")
    return None if ms is None else ms / 1e3

def fmt(v, spec):
    return "-" if v is None else format(v, spec)

rounds = max((r["round"] for r in runs), default=0)
r0 = runs[0] if runs else {}
print(f"\nTraining step, batch {r0.get('batch')} x {r0.get('seq')} tokens, r = 8, "
      f"{r0.get('threads')} threads, {r0.get('warmup_steps')} warm-up steps; medians of {rounds} interleaved "
      "round(s)")
head = ("targets", "mode", "ND4J ms", "best", "cpu", "tok/s", "RSS MB", "bufs", "torch ms", "best", "cpu",
        "tok/s", "RSS MB", "ND4J/torch", "(min-max)", "best/best", "cpu/cpu", "warm-up s", "load avg")
row = ("{:<7} {:<5} {:>8} {:>6} {:>6} {:>6} {:>7} {:>5} {:>9} {:>6} {:>6} {:>6} {:>7} {:>10} {:>11}"
       " {:>9} {:>7} {:>11} {:>8}")
print(row.format(*head))
for targets, mode in sorted({(k[0], k[1]) for k in by}, key=lambda k: (k[0] != "qv", k[1])):
    nd, th = (targets, mode, "nd4j"), (targets, mode, "torch")
    ratio = paired(targets, mode)
    loads = [r["load"] for k in (nd, th) for r in by.get(k, [])]
    rss = lambda k: None if med(k, "peak_rss_bytes") is None else med(k, "peak_rss_bytes") / 2**20
    best = paired(targets, mode, "best_step_ms")
    cpu = paired(targets, mode, "median_step_cpu_ms")
    print(row.format(
        targets, mode, fmt(med(nd, "median_step_ms"), ".1f"), fmt(med(nd, "best_step_ms"), ".0f"),
        fmt(med(nd, "median_step_cpu_ms"), ".0f"),
        fmt(med(nd, "tokens_per_second"), ".0f"), fmt(rss(nd), ".0f"),
        fmt(med(nd, "native_allocations_per_step"), ".0f"),
        fmt(med(th, "median_step_ms"), ".1f"), fmt(med(th, "best_step_ms"), ".0f"),
        fmt(med(th, "median_step_cpu_ms"), ".0f"),
        fmt(med(th, "tokens_per_second"), ".0f"), fmt(rss(th), ".0f"),
        "-" if ratio is None else f"{ratio[0]:.2f}x",
        "-" if ratio is None else f"{ratio[1]:.2f}-{ratio[2]:.2f}",
        "-" if best is None else f"{best[0]:.2f}x",
        "-" if cpu is None else f"{cpu[0]:.2f}x",
        f"{fmt(seconds(nd), '.1f')}/{fmt(seconds(th), '.1f')}",
        f"{statistics.median(loads):.1f}" if loads else "-"))
for impl in ("nd4j", "torch"):
    parts = []
    for targets in ("qv", "all"):
        d, l = med((targets, "dora", impl), "median_step_ms"), med((targets, "lora", impl), "median_step_ms")
        if d and l:
            parts.append(f"{targets} {d / l:.2f}")
    if parts:
        print(f"DoRA/LoRA step time, {impl}: " + ", ".join(parts))
print("ND4J/torch: torch step time over ND4J step time of each interleaved pair (>1: ND4J faster),")
print("  median over rounds of the per-run medians; best/best: the same for each run's fastest step;")
print("  cpu/cpu: the same for CPU time per step (process-wide; spinning BLAS workers count).")
print("warm-up s: ND4J/torch wall time of the warm-up steps before the measured ones (the JVM compiles")
print("  the kernels then: with 3 warm-up steps ND4J's median still holds compilation).")
print("bufs: native ND4J buffers registered per steady-state step. RSS: peak resident, whole process.")
EOF

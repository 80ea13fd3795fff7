#!/usr/bin/python3
"""Table for scripts/bench.sh dora-step: medians over rounds of ND4J (JMH json) and PyTorch samples."""
import glob
import json
import os
import statistics
import sys


def load(directory, field):
    """(impl, variant, shape, rank) -> median over rounds of each round's median, in ms."""
    times = {}
    if field == "samples_ms":
        for path in sorted(glob.glob(os.path.join(directory, "jmh-*.json"))):
            for result in json.load(open(path)):
                p = result["params"]
                samples = [v for fork in result["primaryMetric"]["rawData"] for v in fork]
                key = ("nd4j", p["variant"], p["shape"], int(p["rank"]))
                times.setdefault(key, []).append(statistics.median(samples))
    for path in sorted(glob.glob(os.path.join(directory, "*.jsonl"))):
        for line in open(path):
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            if field in r:
                key = (r["impl"], r["variant"], r["shape"], int(r["rank"]))
                times.setdefault(key, []).append(statistics.median(r[field]))
    if not times:
        return None, 0
    return {k: statistics.median(v) for k, v in times.items()}, max(len(v) for v in times.values())


def main():
    for field, label in (("samples_ms", "wall time"), ("cpu_ms", "CPU time of the stepping thread")):
        med, rounds = load(sys.argv[1], field)
        if med:
            table(med, rounds, label)


def table(med, rounds, label):
    def get(*key):
        return med.get(key)
    def fmt(v, digits=2):
        return "-" if v is None else f"{v:.{digits}f}"
    def ratio(a, b):
        return None if a is None or b is None else a / b
    print(f"\nOne training step, 512 tokens, float32; {label}; medians of {rounds} round(s), ms")
    header = ("shape", "r", "variant", "nd4j", "torch", "nd4j/torch", "nd4j/torch-fused")
    print("{:<9} {:>3} {:<7} {:>8} {:>8} {:>11} {:>17}".format(*header))
    for shape in ("384x384", "384x1536"):
        for rank in (8, 16):
            for variant in ("FROZEN", "LORA", "DORA"):
                n = get("nd4j", variant, shape, rank)
                t = get("torch", variant, shape, rank)
                tf = get("torch", "DORA_FUSED", shape, rank) if variant == "DORA" else None
                print("{:<9} {:>3} {:<7} {:>8} {:>8} {:>11} {:>17}".format(
                    shape, rank, variant, fmt(n), fmt(t), fmt(ratio(n, t)), fmt(ratio(n, tf))))
    print("\nDoRA step / LoRA step (issue 14: <= 1.15 for ND4J)")
    for shape in ("384x384", "384x1536"):
        for rank in (8, 16):
            n = ratio(get("nd4j", "DORA", shape, rank), get("nd4j", "LORA", shape, rank))
            t = ratio(get("torch", "DORA", shape, rank), get("torch", "LORA", shape, rank))
            print(f"  {shape:<9} r={rank:<3} nd4j {fmt(n)}   torch(PEFT-style) {fmt(t)}")


if __name__ == "__main__":
    main()

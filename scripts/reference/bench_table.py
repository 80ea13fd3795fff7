#!/usr/bin/python3
"""Table for scripts/bench-dora.sh: medians over rounds of ND4J (JMH json) and PyTorch samples."""
import glob
import json
import os
import statistics
import sys


def load(directory):
    times = {}  # (impl, variant, shape, rank) -> list of per-round medians in ms
    for path in sorted(glob.glob(os.path.join(directory, "jmh-*.json"))):
        for result in json.load(open(path)):
            p = result["params"]
            samples = [v for fork in result["primaryMetric"]["rawData"] for v in fork]
            key = ("nd4j", p["variant"], p["shape"], int(p["rank"]))
            times.setdefault(key, []).append(statistics.median(samples))
    for path in sorted(glob.glob(os.path.join(directory, "torch-*.jsonl"))):
        for line in open(path):
            r = json.loads(line)
            key = ("torch", r["variant"], r["shape"], int(r["rank"]))
            times.setdefault(key, []).append(statistics.median(r["samples_ms"]))
    return {k: statistics.median(v) for k, v in times.items()}, max(len(v) for v in times.values())


def main():
    med, rounds = load(sys.argv[1])
    def get(*key):
        return med.get(key)
    def fmt(v, digits=2):
        return "-" if v is None else f"{v:.{digits}f}"
    def ratio(a, b):
        return None if a is None or b is None else a / b
    print(f"\nOne training step, 512 tokens, float32; medians of {rounds} round(s), ms per step")
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
    print("\nDoRA step / LoRA step (target <= 1.25 for ND4J)")
    for shape in ("384x384", "384x1536"):
        for rank in (8, 16):
            n = ratio(get("nd4j", "DORA", shape, rank), get("nd4j", "LORA", shape, rank))
            t = ratio(get("torch", "DORA", shape, rank), get("torch", "LORA", shape, rank))
            print(f"  {shape:<9} r={rank:<3} nd4j {fmt(n)}   torch(PEFT-style) {fmt(t)}")


if __name__ == "__main__":
    main()

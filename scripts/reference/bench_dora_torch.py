#!/usr/bin/python3
"""PyTorch side of scripts/bench.sh dora-step: one float32 training step of one layer, 512 tokens.

Step = zero grads, forward, backward (input gradient included, as inside a network), AdamW step,
for the same shapes and ranks as node/core/src/bench/java/.../DoraStepBenchmark.java:
  FROZEN      y = x @ W.T + b (no optimizer)
  LORA        PEFT lora.Linear: y = base(x) + lora_B(lora_A(x)) * s
  DORA        PEFT DoraLinearLayer (use_dora=True, detached norm):
              y = base(x) + (m / ||W + s·B·A||_row - 1) * (x @ W.T) + (m / ||.||) * lora_B(lora_A(x)) * s
  DORA_FUSED  the same function written like the Java layer: y = (m / n) * (x @ V.T) + b
Prints one JSON object per configuration: {"impl": "torch", "variant", "shape", "rank", "samples_ms",
"cpu_ms"} (wall and this thread's CPU time per step).
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

TOKENS = 512


def make_step(variant, inp, out, rank):
    g = torch.Generator().manual_seed(1)
    w = torch.randn(out, inp, generator=g) / math.sqrt(inp)
    b = torch.zeros(out)
    x = torch.randn(TOKENS, inp, generator=g).requires_grad_()
    grad_out = torch.randn(TOKENS, out, generator=g)
    if variant == "FROZEN":
        def step():
            x.grad = None
            F.linear(x, w, b).backward(grad_out)
        return step
    s = 2.0 * rank / rank
    a = torch.empty(rank, inp).uniform_(-1 / math.sqrt(inp), 1 / math.sqrt(inp), generator=g)
    a.requires_grad_()
    bb = (0.01 * torch.randn(out, rank, generator=g)).requires_grad_()
    m = torch.linalg.norm(w, dim=1).requires_grad_()
    params = [a, bb] if variant == "LORA" else [a, bb, m]
    optimizer = torch.optim.AdamW(params, lr=1e-4)

    def forward():
        if variant == "LORA":
            return F.linear(x, w, b) + F.linear(F.linear(x, a), bb) * s
        if variant == "DORA":
            base = F.linear(x, w, b)
            base_result = base - b
            lora_weight = bb @ a
            norm = torch.linalg.norm(w + s * lora_weight, dim=1).detach()
            scale = (m / norm).view(1, -1)
            lora_result = F.linear(F.linear(x, a), bb)
            return base + (scale - 1) * base_result + scale * lora_result * s
        v = w + s * (bb @ a)
        norm = torch.linalg.norm(v, dim=1).detach()
        return F.linear(x, v) * (m / norm) + b

    def step():
        optimizer.zero_grad(set_to_none=False)
        x.grad = None
        forward().backward(grad_out)
        optimizer.step()
    return step


def measure_interleaved(steps, seconds):
    """Wall and this thread's CPU time per step (CPU time is meaningful with one thread)."""
    deadline = time.perf_counter() + seconds / 4
    while time.perf_counter() < deadline:
        for step in steps:
            step()
    wall, cpu = [[] for _ in steps], [[] for _ in steps]
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for i, step in enumerate(steps):
            c0, t0 = time.thread_time(), time.perf_counter()
            step()
            wall[i].append((time.perf_counter() - t0) * 1e3)
            cpu[i].append((time.thread_time() - c0) * 1e3)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=2.0, help="per variant")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    variants = ("FROZEN", "LORA", "DORA", "DORA_FUSED")
    for shape in ("384x384", "384x1536"):
        inp, out = map(int, shape.split("x"))
        for rank in (8, 16):
            # Interleaved like DoraStepCpuBenchmark: one step of each variant in turn.
            steps = [make_step(v, inp, out, rank) for v in variants]
            wall, cpu = measure_interleaved(steps, args.seconds * len(variants))
            for i, variant in enumerate(variants):
                print(json.dumps(dict(impl="torch", variant=variant, shape=shape, rank=rank,
                                      threads=args.threads, samples_ms=wall[i], cpu_ms=cpu[i])),
                      flush=True)


if __name__ == "__main__":
    main()

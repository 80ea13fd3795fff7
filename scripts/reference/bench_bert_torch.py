#!/usr/bin/env python3
"""PyTorch CPU reference for one D2ORA training step (Debian python3-torch, no downloads).

Same shapes as `TrainStepBenchmark` on the Java side: a BERT encoder (6 layers, hidden 384, 12 heads,
FFN 1536, vocab 30522; random weights, since speed does not depend on values), frozen, with DoRA
(or LoRA) r=8 alpha=16 on query and value (--targets qv) or on all six linear maps of every layer
(--targets all), mean pooling over real tokens and a Linear(384, 2) head; batch 16 x 32 tokens; one
step = forward, cross-entropy, backward, clipping, AdamW. Prints the median step time, tokens/s and
the process's peak resident memory.

DoRA forward in PEFT's formulation (peft/tuners/lora/layer.py, DoraLinearLayer, norm detached):
  result = base(x) + (m/n - 1) * (x W0^T) + (m/n) * s * B(A(x)),  n = ||W0 + s B A||_row (detached)
which costs the base matmul twice; --dora fused computes (m/n) * (x V^T) + bias with one matmul.
LoRA (--mode lora) is PEFT's lora.Linear: base(x) + lora_B(lora_A(x)) * s.

Usage: /usr/bin/python3 scripts/reference/bench_bert_torch.py [--threads 2] [--steps 10] [--warmup 20]
       [--dora peft|fused] [--mode dora|lora] [--targets qv|all]
"""
import argparse
import json
import math
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DoraLinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int, alpha: float, fused: bool):
        super().__init__()
        self.base = base
        for p in base.parameters():
            p.requires_grad_(False)
        self.scaling = alpha / r
        self.fused = fused
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
        self.magnitude = nn.Parameter(base.weight.detach().norm(dim=1))

    def forward(self, x):
        w0 = self.base.weight
        delta = self.scaling * (self.lora_B @ self.lora_A)
        norm = (w0 + delta).norm(dim=1).detach()
        scale = (self.magnitude / norm).view(1, -1)
        if self.fused:
            return scale * F.linear(x, w0 + delta) + self.base.bias
        result = self.base(x)
        lora = F.linear(F.linear(x, self.lora_A), self.lora_B) * self.scaling
        return result + (scale - 1) * F.linear(x, w0) + scale * lora


class LoraLinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int, alpha: float):
        super().__init__()
        self.base = base
        for p in base.parameters():
            p.requires_grad_(False)
        self.scaling = alpha / r
        self.lora_A = nn.Linear(base.in_features, r, bias=False)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        self.lora_B = nn.Linear(r, base.out_features, bias=False)
        nn.init.zeros_(self.lora_B.weight)

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(x)) * self.scaling


class Layer(nn.Module):
    def __init__(self, h, heads, ffn):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.out = nn.Linear(h, h)
        self.ln1 = nn.LayerNorm(h, eps=1e-12)
        self.inter, self.output = nn.Linear(h, ffn), nn.Linear(ffn, h)
        self.ln2 = nn.LayerNorm(h, eps=1e-12)

    def forward(self, x, mask_bias):
        b, t, h = x.shape
        d = h // self.heads

        def split(y):
            return y.view(b, t, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + mask_bias
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, h)
        x = self.ln1(x + self.out(ctx))
        return self.ln2(x + self.output(F.gelu(self.inter(x))))


class Classifier(nn.Module):
    def __init__(self, vocab=30522, h=384, layers=6, heads=12, ffn=1536, labels=2):
        super().__init__()
        self.word = nn.Embedding(vocab, h)
        self.pos = nn.Embedding(512, h)
        self.token_type = nn.Embedding(2, h)
        self.ln = nn.LayerNorm(h, eps=1e-12)
        self.layers = nn.ModuleList(Layer(h, heads, ffn) for _ in range(layers))
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(h, labels)

    def forward(self, ids, mask):
        t = ids.shape[1]
        x = self.ln(self.word(ids) + self.pos.weight[:t] + self.token_type.weight[0])
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return self.head(self.dropout(pooled))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq", type=int, default=32)
    ap.add_argument("--dora", choices=["peft", "fused"], default="peft")
    ap.add_argument("--mode", choices=["dora", "lora"], default="dora")
    ap.add_argument("--targets", choices=["qv", "all"], default="qv")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = Classifier()
    for p in model.parameters():
        p.requires_grad_(False)
    names = ["query", "value"] if args.targets == "qv" else [
        "query", "key", "value", "out", "inter", "output"]
    for layer in model.layers:
        for name in names:
            base = getattr(layer, name)
            if args.mode == "lora":
                wrapped = LoraLinear(base, 8, 16)
            else:
                wrapped = DoraLinear(base, 8, 16, args.dora == "fused")
            setattr(layer, name, wrapped)
    for p in model.head.parameters():
        p.requires_grad_(True)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01)
    ids = torch.randint(1000, 20000, (args.batch, args.seq))
    mask = torch.ones(args.batch, args.seq)
    labels = torch.randint(0, 2, (args.batch,))
    times, cpu_times, warmup = [], [], 0.0
    for step in range(args.steps + args.warmup):
        start = time.perf_counter()
        cpu_start = time.process_time()
        opt.zero_grad()
        loss = F.cross_entropy(model(ids, mask), labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if step >= args.warmup:
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        else:
            warmup += time.perf_counter() - start
    median = statistics.median(times)
    impl = "torch-" + (args.dora if args.mode == "dora" else "peft")
    print(json.dumps({
        "impl": impl, "mode": args.mode, "targets": args.targets, "torch": torch.__version__,
        "threads": args.threads, "batch": args.batch, "seq": args.seq,
        "warmup_steps": args.warmup, "warmup_ms": round(warmup * 1e3),
        "median_step_ms": round(median * 1e3, 1), "best_step_ms": round(min(times) * 1e3, 1),
        "median_step_cpu_ms": round(statistics.median(cpu_times) * 1e3, 1),
        "tokens_per_second": round(args.batch * args.seq / median, 1),
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Golden values for DoraReferenceTest: DoRA / LoRA forward, gradients, clipping and two AdamW steps.

The layer math is Hugging Face PEFT's (peft/tuners/lora/layer.py, DoraLinearLayer.forward and
lora.Linear.forward, dropout = identity), written out in torch so that only torch is needed:

    result = base_layer(x)                                   # x @ W0.T + bias
    weight_norm = ||W0 + s * B @ A||_row   (detached unless detach_norm is False)
    mag_norm_scale = m / weight_norm
    result += (mag_norm_scale - 1) * (x @ W0.T) + mag_norm_scale * (x @ A.T @ B.T) * s

Gradients come from autograd of L = sum(y * grad_output); the optimizer is torch.optim.AdamW and
clipping torch.nn.utils.clip_grad_norm_. Everything runs in float64. Run with Debian's python3-torch:

    /usr/bin/python3 scripts/reference/dora_golden.py > node/core/src/test/resources/golden/dora_golden.json
"""
import json
import math
import sys

import torch

CASES = [
    dict(name="dora_detached", mode="DORA", rank=3, alpha=6.0, rs_lora=False, detach_norm=True,
         bias=True, max_grad_norm=None, rows=4, inp=7, out=5, lr=1e-2, weight_decay=0.01),
    dict(name="dora_full_norm_rslora_clipped", mode="DORA", rank=4, alpha=8.0, rs_lora=True,
         detach_norm=False, bias=True, max_grad_norm=0.5, rows=6, inp=5, out=8, lr=5e-3,
         weight_decay=0.1),
    dict(name="lora", mode="LORA", rank=2, alpha=4.0, rs_lora=False, detach_norm=True,
         bias=False, max_grad_norm=None, rows=3, inp=6, out=4, lr=1e-2, weight_decay=0.01),
    dict(name="magnitude_only", mode="MAGNITUDE_ONLY", rank=2, alpha=4.0, rs_lora=False,
         detach_norm=True, bias=True, max_grad_norm=None, rows=5, inp=4, out=6, lr=2e-2,
         weight_decay=0.0),
]


def forward(case, w0, bias, a, b, m, x):
    s = case["alpha"] / (math.sqrt(case["rank"]) if case["rs_lora"] else case["rank"])
    base = x @ w0.T
    result = base + bias if bias is not None else base
    lora = (x @ a.T) @ b.T
    if case["mode"] == "LORA":
        return result + lora * s
    norm = torch.linalg.norm(w0 + s * (b @ a), dim=1)
    if case["detach_norm"]:
        norm = norm.detach()
    scale = (m / norm).view(1, -1)
    return result + (scale - 1) * base + scale * lora * s


def merged_weight(case, w0, a, b, m):
    s = case["alpha"] / (math.sqrt(case["rank"]) if case["rs_lora"] else case["rank"])
    v = w0 + s * (b @ a)
    if case["mode"] == "LORA":
        return v
    return (m / torch.linalg.norm(v, dim=1)).view(-1, 1) * v


def tolist(t):
    return t.detach().tolist()


def run(case, generator):
    out, inp, r, rows = case["out"], case["inp"], case["rank"], case["rows"]
    w0 = torch.randn(out, inp, generator=generator, dtype=torch.float64)
    bias = torch.randn(out, generator=generator, dtype=torch.float64) if case["bias"] else None
    a = torch.empty(r, inp, dtype=torch.float64)
    bound = 1 / math.sqrt(inp)  # kaiming_uniform_(a=sqrt(5)) on [r, in]
    a.uniform_(-bound, bound, generator=generator)
    b = 0.5 * torch.randn(out, r, generator=generator, dtype=torch.float64)
    m = torch.linalg.norm(w0, dim=1) * (0.5 + torch.rand(out, generator=generator, dtype=torch.float64))
    x = torch.randn(rows, inp, generator=generator, dtype=torch.float64)
    g = torch.randn(rows, out, generator=generator, dtype=torch.float64)
    inputs = dict(w0=tolist(w0), bias=None if bias is None else tolist(bias), lora_A=tolist(a),
                  lora_B=tolist(b), magnitude=tolist(m), x=tolist(x), grad_output=tolist(g))

    a, b, m = a.clone().requires_grad_(), b.clone().requires_grad_(), m.clone().requires_grad_()
    trainable = {"MAGNITUDE_ONLY": [("magnitude", m)], "LORA": [("lora_A", a), ("lora_B", b)],
                 "DORA": [("lora_A", a), ("lora_B", b), ("magnitude", m)]}[case["mode"]]
    optimizer = torch.optim.AdamW([p for _, p in trainable], lr=case["lr"],
                                  weight_decay=case["weight_decay"])
    expected = {}
    for step in (1, 2):
        optimizer.zero_grad()
        xg = x.clone().requires_grad_()
        y = forward(case, w0, bias, a, b, m, xg)
        (y * g).sum().backward()
        if step == 1:
            expected["y"] = tolist(y)
            expected["grad_x"] = tolist(xg.grad)
            for name, p in trainable:
                expected["grad_" + name] = tolist(p.grad)
            expected["merged_weight"] = tolist(merged_weight(case, w0, a, b, m))
        if case["max_grad_norm"] is not None:
            norm = torch.nn.utils.clip_grad_norm_([p for _, p in trainable], case["max_grad_norm"])
            if step == 1:
                expected["grad_norm"] = float(norm)
        optimizer.step()
        expected["after_step%d" % step] = {name: tolist(p) for name, p in trainable}
    return dict(case, inputs=inputs, expected=expected)


def main():
    torch.set_default_dtype(torch.float64)
    generator = torch.Generator().manual_seed(20240214)
    golden = dict(generator="scripts/reference/dora_golden.py", torch_version=torch.__version__,
                  dtype="float64", cases=[run(case, generator) for case in CASES])
    json.dump(golden, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

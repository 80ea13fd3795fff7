#!/usr/bin/python3
"""Logits of a D2ORA adapter on all-MiniLM-L6-v2, computed with numpy only: the reference for `d2ora predict`.

Reads the base model's weights from the ONNX file (python3-onnx, only to parse the protobuf), the adapter from its
safetensors file (parsed here), tokenizes with the model's tokenizer.json (BERT normalizer, pre-tokenizer and
WordPiece, written out below), and runs in float64:

    BERT encoder with each DoRA-adapted Linear replaced by its merged weight
        W' = m / ||W0 + s * B @ A||_row * (W0 + s * B @ A),   s = alpha / r  (alpha / sqrt(r) with rsLoRA)
    mean of the last hidden states over the tokens, then the `classifier` head (the PEFT modules_to_save Linear).

Prints one JSON object per text: {"text", "token_ids", "logits": {label: value}} (the fields `predict --json`
prints). Run with Debian's python3 (python3-numpy, python3-onnx; scripts/setup.sh installs them):

    /usr/bin/python3 scripts/reference/peft_logits_numpy.py --adapter out/smoke --text "Great food!"
"""
import argparse
import json
import math
import os
import struct
import sys
import unicodedata

import numpy as np
import onnx
from onnx import numpy_helper

HEADS = 12  # all-MiniLM-L6-v2: hidden 384 = 12 heads of 32
LAYER_NORM_EPS = 1e-12  # the constant the ONNX graph adds before its LayerNorm Sqrt
DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = data[8 + size + begin:8 + size + end]
        tensors[name] = np.frombuffer(raw, dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
    return tensors, metadata


def read_onnx_weights(path):
    """Base weights by BERT module name; MatMul weights are named after the bias their Add uses."""
    graph = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in graph.initializer}
    users = {}
    for node in graph.node:
        for x in node.input:
            users.setdefault(x, []).append(node)
    weights = {k: v for k, v in inits.items() if not k.startswith("onnx::")}
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            continue
        biases = [x for add in users.get(node.output[0], []) if add.op_type == "Add"
                  for x in add.input if x in inits and x.endswith(".bias")]
        if len(biases) != 1:
            sys.exit(f"error: MatMul {node.name} is not followed by one bias Add")
        module = biases[0][:-len(".bias")]
        weights[module + ".weight"] = inits[node.input[1]].T  # ONNX holds [in, out]; torch [out, in]
    return weights


class WordPiece:
    """tokenizer.json's BertNormalizer (lowercase, strip accents), BertPreTokenizer and WordPiece."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        self.vocab = spec["model"]["vocab"]
        self.unk = self.vocab[spec["model"]["unk_token"]]
        self.max_chars = spec["model"]["max_input_chars_per_word"]
        self.cls, self.sep = self.vocab["[CLS]"], self.vocab["[SEP]"]

    @staticmethod
    def _normalize(text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in "\t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif _is_chinese(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = unicodedata.normalize("NFD", "".join(out).lower())
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")

    @staticmethod
    def _pre_tokenize(text):
        words = []
        for chunk in text.split():
            word = ""
            for ch in chunk:
                if _is_punctuation(ch):
                    if word:
                        words.append(word)
                    words.append(ch)
                    word = ""
                else:
                    word += ch
            if word:
                words.append(word)
        return words

    def _word_piece(self, word):
        if len(word) > self.max_chars:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    ids.append(self.vocab[piece])
                    break
                end -= 1
            if end == start:
                return [self.unk]
            start = end
        return ids

    def encode(self, text, max_len):
        ids = [i for w in self._pre_tokenize(self._normalize(text)) for i in self._word_piece(w)]
        return [self.cls] + ids[:max_len - 2] + [self.sep]


def _is_chinese(cp):
    ranges = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
              (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]
    return any(lo <= cp <= hi for lo, hi in ranges)


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def merge_dora(weights, adapter, config):
    """Replaces each adapted Linear's weight by its DoRA (or LoRA) merged weight."""
    r, alpha = config["r"], config["lora_alpha"]
    scale = alpha / math.sqrt(r) if config.get("use_rslora") else alpha / r
    prefix = "base_model.model.bert."
    merged = dict(weights)
    for name in adapter:
        if not name.endswith(".lora_A.weight"):
            continue
        module = name[len(prefix):-len(".lora_A.weight")]
        a = adapter[name].astype(np.float64)
        b = adapter[prefix + module + ".lora_B.weight"].astype(np.float64)
        v = weights[module + ".weight"] + scale * (b @ a)
        magnitude = adapter.get(prefix + module + ".lora_magnitude_vector")
        if magnitude is not None:
            v = (magnitude.astype(np.float64) / np.linalg.norm(v, axis=1))[:, None] * v
        merged[module + ".weight"] = v
    return merged


def layer_norm(x, w, name):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * w[name + ".weight"] + w[name + ".bias"]


def linear(x, w, name):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def encode(ids, w):
    t = len(ids)
    h = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t]
         + w["embeddings.token_type_embeddings.weight"][0])
    h = layer_norm(h, w, "embeddings.LayerNorm")
    layer = 0
    while f"encoder.layer.{layer}.attention.self.query.weight" in w:
        p = f"encoder.layer.{layer}."
        d = h.shape[-1] // HEADS
        q, k, v = (linear(h, w, p + "attention.self." + n).reshape(t, HEADS, d).transpose(1, 0, 2)
                   for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(1, 0, 2).reshape(t, -1)
        h = layer_norm(linear(context, w, p + "attention.output.dense") + h, w, p + "attention.output.LayerNorm")
        inner = gelu(linear(h, w, p + "intermediate.dense"))
        h = layer_norm(linear(inner, w, p + "output.dense") + h, w, p + "output.LayerNorm")
        layer += 1
    return h


def head(adapter, part):
    names = [n for n in adapter if n.endswith("classifier." + part) or n.endswith("classifier.modules_to_save." + part)]
    if len(names) != 1:
        sys.exit(f"error: the adapter holds no single classifier {part}: {names}")
    return adapter[names[0]].astype(np.float64)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--adapter", required=True, help="adapter_model.safetensors or its directory")
    parser.add_argument("--model-dir", default=os.path.join(os.path.dirname(__file__), "../../.cache/models/all-minilm-l6-v2"))
    parser.add_argument("--max-seq-len", type=int, default=128)
    parser.add_argument("--text", action="append", required=True)
    args = parser.parse_args()
    path = args.adapter
    if os.path.isdir(path):
        path = os.path.join(path, "adapter_model.safetensors")
    adapter, metadata = read_safetensors(path)
    config = json.loads(metadata["peft_config"])
    labels = json.loads(metadata["d2ora.labels"])
    weights = merge_dora(read_onnx_weights(os.path.join(args.model_dir, "model.onnx")), adapter, config)
    tokenizer = WordPiece(os.path.join(args.model_dir, "tokenizer.json"))
    w_head, b_head = head(adapter, "weight"), head(adapter, "bias")
    for text in args.text:
        ids = tokenizer.encode(text, args.max_seq_len)
        pooled = encode(ids, weights).mean(axis=0)  # one text, no padding: every token is real
        logits = w_head @ pooled + b_head
        print(json.dumps({"text": text, "token_ids": ids,
                          "logits": {label: float(z) for label, z in zip(labels, logits)}}))


if __name__ == "__main__":
    main()

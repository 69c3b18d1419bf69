"""`nucleus bench --json` on small workloads, and bench/make_random_checkpoint.py's checkpoints.

The FLOP and KV-cache figures are recomputed here from the model's shapes and the prompts' token
counts (an independent twin of Sources/Benchmarking/BenchFLOPs.swift's formula)."""
import json
import struct
import subprocess
import sys

import numpy as np

from conftest import REPO, run

# SmolLM2-135M: 30 layers, width 576, MLP 1536, 9 query / 3 KV heads of 64, vocabulary 49152.
SMOL = dict(layers=30, width=576, mlp=1536, heads=9, kv_heads=3, head=64, vocab=49152)


def step_flops(shape, cached, new, logit_rows=1):
    """2 FLOPs per multiply-add: every layer's projections per new token, the head per logits row,
    q·k and p·v over each new token's visible positions."""
    s = shape
    attention = s["width"] * (s["heads"] + 2 * s["kv_heads"]) * s["head"] + s["heads"] * s["head"] * s["width"]
    layer = s["layers"] * (attention + 3 * s["width"] * s["mlp"])
    visible = sum(cached + t + 1 for t in range(new))
    return 2 * new * layer + 2 * logit_rows * s["vocab"] * s["width"] + 4 * s["layers"] * s["heads"] * s["head"] * visible


def bench(nucleus, model, *args):
    result = run(nucleus, "bench", "--model", model, "--prompts", REPO / "bench/prompts-64.jsonl", "--threads", 2,
                 "--json", *args)
    return json.loads(result.stdout)


def prompt_lengths(nucleus, model, count):
    lines = (REPO / "bench/prompts-64.jsonl").read_text().splitlines()[:count]
    lengths = []
    for line in lines:
        out = run(nucleus, "tokenize", "--model", model, "--text", json.loads(line)["prompt"]).stdout
        lengths.append(len(json.loads(out)))
    return lengths


def test_bench_json_reports_the_phases(nucleus, model):
    lengths = prompt_lengths(nucleus, model, 4)
    report = bench(nucleus, model, "--prompt-count", 4, "--max-new-tokens", 6, "--batch-size", 4, "--ignore-eos",
                   "--warm-up-tokens", 0)
    assert report["prompts"] == 4 and report["batch_size"] == 4 and report["ignore_eos"] is True
    assert report["prompt_tokens"] == sum(lengths)
    assert report["generated_tokens"] == 4 * 6
    # One prefill step of every prompt, then 5 decode steps of 4 tokens; no mixed step.
    assert report["prefill"]["steps"] == 1 and report["prefill"]["tokens"] == sum(lengths)
    assert report["decode"]["steps"] == 5 and report["decode"]["tokens"] == 4 * 5
    assert report["mixed"]["steps"] == 0
    prefill = sum(step_flops(SMOL, 0, n) for n in lengths)
    decode = sum(step_flops(SMOL, n + t, 1) for n in lengths for t in range(5))
    assert abs(report["prefill"]["gflop"] - prefill / 1e9) < 1e-9 * prefill
    assert abs(report["decode"]["gflop"] - decode / 1e9) < 1e-9 * decode
    for phase in ("prefill", "decode", "end_to_end"):
        assert report[phase]["seconds"] > 0 and report[phase]["tok_per_s"] > 0 and report[phase]["gflop_per_s"] > 0
    e2e = report["end_to_end"]
    assert abs(e2e["tok_per_s"] - 24 / e2e["seconds"]) < 1e-6 * e2e["tok_per_s"]
    assert e2e["seconds"] >= report["prefill"]["seconds"] + report["decode"]["seconds"]
    # KV cache: each slot holds its prompt and 6 new tokens, float32 keys and values of 30 layers × 192.
    assert report["kv_cache_bytes"] == sum(n + 6 for n in lengths) * 30 * 2 * 192 * 4
    assert report["weight_file_bytes"] == model.stat().st_size
    assert report["peak_rss_bytes"] > report["weight_file_bytes"]
    assert report["hf_reference_tok_per_s"] is None
    assert 0 < report["cpu_seconds"] and abs(report["cpu_utilisation"] - report["cpu_seconds"] / (2 * e2e["seconds"])) < 1e-9


def test_bench_fixed_prompt_length_and_table(nucleus, model):
    report = bench(nucleus, model, "--prompt-count", 3, "--prompt-tokens", 16, "--max-new-tokens", 3,
                   "--batch-size", 2, "--ignore-eos", "--warm-up-tokens", 1)
    assert report["prompt_tokens"] == 3 * 16 and report["generated_tokens"] == 3 * 3
    # Slots 0 and 1 finish together; the third prompt is prefilled alone.
    assert report["prefill"]["steps"] == 2 and report["prefill"]["tokens"] == 48
    assert report["decode"]["tokens"] == 3 * 2
    text = run(nucleus, "bench", "--model", model, "--prompts", REPO / "bench/prompts-64.jsonl", "--threads", 2,
               "--prompt-count", 2, "--max-new-tokens", 2, "--batch-size", 2, "--warm-up-tokens", 0).stdout
    lines = text.splitlines()
    assert lines[0].startswith("nucleus bench: SmolLM2-135M-Instruct.Q4_1.gguf (llama, 134.5 M parameters), 2 threads, batch 2")
    assert lines[2].split() == ["phase", "tokens", "seconds", "tok/s", "GFLOP/s"]
    assert [line.split()[0] for line in lines[3:5]] == ["prefill", "decode"]
    assert lines[5].startswith("end to end") and "peak RSS" in text


def test_bench_rejects_bad_counts(nucleus, model):
    result = run(nucleus, "bench", "--model", model, "--prompt-count", 0, check=False)
    assert result.returncode != 0 and "--prompt-count must be at least 1" in result.stderr


def test_kernel_bench_measures_every_weight_format(nucleus):
    result = run(nucleus, "kernel-bench", "--shapes", "w1", "--rows", "1,4", "--threads", 1, "--seconds", 0.01,
                 "--weights", "f32,bf16,q8_0,q4_1,q6_k")
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("W1 ")]
    formats = {}
    for row in rows:
        name, shape, weights, rates = " ".join(row[:2]), row[2], row[3], [float(v) for v in row[4:]]
        assert len(rates) == 2 and all(rate > 0 for rate in rates), row
        formats.setdefault(weights, []).append(shape)
    # Q6_K's 256-input blocks fit only W1's 1536-wide down projection; the others every shape.
    assert formats["q6_k"] == ["576×1536"]
    for weights in ("f32", "bf16", "q8_0", "q4_1"):
        assert len(formats[weights]) == 5, formats
    bad = run(nucleus, "kernel-bench", "--weights", "f32,q3_k", check=False)
    assert bad.returncode != 0 and "--weights must be a comma-separated list of" in bad.stderr


def read_safetensors_header(path):
    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(size)), 8 + size


def make_checkpoint(out, *extra):
    args = [out, "--layers", 2, "--hidden", 64, "--intermediate", 96, "--heads", 4, "--kv-heads", 2, "--seed", 3, *extra]
    subprocess.run([sys.executable, str(REPO / "bench/make_random_checkpoint.py"), *map(str, args)], check=True,
                   capture_output=True)


def test_random_checkpoint_loads_in_nucleus(nucleus, tmp_path):
    out = tmp_path / "w8tiny"
    make_checkpoint(out, "--gguf")
    config = json.loads((out / "config.json").read_text())
    assert config["model_type"] == "llama" and config["num_hidden_layers"] == 2 and config["vocab_size"] == 49152
    header, data_start = read_safetensors_header(out / "model.safetensors")
    assert header["model.layers.1.mlp.down_proj.weight"] == {
        "dtype": "BF16", "shape": [64, 96], "data_offsets": header["model.layers.1.mlp.down_proj.weight"]["data_offsets"]}
    # bf16 values: N(0, 0.02²) matrices, norms exactly 1.
    begin, end = header["model.embed_tokens.weight"]["data_offsets"]
    raw = np.fromfile(out / "model.safetensors", dtype=np.uint16, count=(end - begin) // 2, offset=data_start + begin)
    values = (raw.astype(np.uint32) << 16).view(np.float32)
    assert abs(values.std() - 0.02) < 0.001 and abs(values.mean()) < 0.001
    begin, end = header["model.norm.weight"]["data_offsets"]
    norm = np.fromfile(out / "model.safetensors", dtype=np.uint16, count=64, offset=data_start + begin)
    assert (norm == 0x3F80).all()
    # Same seed, same bytes; another seed, other bytes.
    again = tmp_path / "again"
    make_checkpoint(again)
    assert (again / "model.safetensors").read_bytes() == (out / "model.safetensors").read_bytes()
    make_checkpoint(again, "--seed", 4)
    assert (again / "model.safetensors").read_bytes() != (out / "model.safetensors").read_bytes()

    report = bench(nucleus, out, "--prompt-count", 2, "--max-new-tokens", 4, "--batch-size", 2, "--ignore-eos",
                   "--warm-up-tokens", 0)
    params = 2 * 49152 * 64 + 2 * (64 * 64 * 2 + 2 * 64 * 32 + 3 * 64 * 96 + 2 * 64) + 64
    assert report["parameters"] == params
    assert report["generated_tokens"] == 8
    assert report["weight_file_bytes"] == (out / "model.safetensors").stat().st_size

    # The GGUF copy is the same model (llama.cpp's Q/K row order undone by Nucleus's GGUF loader):
    # the same logits from both files.
    logits = {}
    for name, path in (("hf", out), ("gguf", out / "model-bf16.gguf")):
        target = tmp_path / f"{name}.npy"
        run(nucleus, "logits", "--model", path, "--ids", "5,900,17,4000,23", "--all-positions", "--out", target, "--threads", 2)
        logits[name] = np.load(target)
    assert logits["hf"].shape == (5, 49152)
    assert np.abs(logits["hf"]).max() > 0.1  # not a degenerate model
    assert np.abs(logits["hf"] - logits["gguf"]).max() < 1e-4

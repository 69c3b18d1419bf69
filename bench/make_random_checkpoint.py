#!/usr/bin/env python3
"""Write a random-weight Llama checkpoint in Llama-3.1-8B's layer shapes (workload W8 of bench/README.md).

    python3 bench/make_random_checkpoint.py OUT [--layers N] [--seed S] [--gguf]
                                                [--hidden H] [--intermediate F] [--vocab V] [--heads H] [--kv-heads K]

OUT becomes a Hugging Face folder (config.json with model_type llama, model.safetensors in bfloat16,
tokenizer.json, tokenizer_config.json, generation_config.json) that `nucleus bench --model OUT` loads.
With --gguf it also gets OUT/model-bf16.gguf, the same weights for llama.cpp (Q and K rows permuted
the way llama.cpp's convert_hf_to_gguf.py does, so both files hold one model).

Defaults: hidden 4096, 32 layers, 32 query / 8 key-value heads of 128, MLP 14336 (Llama-3.1-8B),
vocabulary 49152 so that SmolLM2's tokenizer (Tests/Fixtures/smollm2-135m/tokenizer-smollm-digits)
serves it. Weights are N(0, 0.02²) rounded to bfloat16 (as Hugging Face initialises Llama: the
logits stay O(1) after the final RMSNorm), norm weights 1. Full size: 14.8 GB per file.

Needs numpy only (the gguf package for --gguf). Streamed: each tensor is generated and written in
blocks of rows, so memory stays near one block (≤ 64 MB of float32), never the checkpoint's size.
Deterministic: tensor i's values depend on (seed, i) only.
"""
import argparse
import json
import os
import shutil
import struct
import sys

import numpy as np

STD = 0.02
BLOCK_ELEMENTS = 1 << 24  # rows per block are chosen so a float32 block is at most 64 MB
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TOKENIZER = os.path.join(REPO, "Tests/Fixtures/smollm2-135m/tokenizer-smollm-digits/tokenizer.json")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", help="output folder (created; files in it are overwritten)")
    p.add_argument("--layers", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--gguf", action="store_true", help="also write OUT/model-bf16.gguf for llama.cpp (needs the gguf package)")
    p.add_argument("--hidden", type=int, default=4096)
    p.add_argument("--intermediate", type=int, default=14336)
    p.add_argument("--vocab", type=int, default=49152)
    p.add_argument("--heads", type=int, default=32)
    p.add_argument("--kv-heads", type=int, default=8)
    p.add_argument("--tokenizer", default=DEFAULT_TOKENIZER, help="tokenizer.json to copy (its vocabulary must fit --vocab)")
    args = p.parse_args(argv)
    for name in ("layers", "hidden", "intermediate", "vocab", "heads", "kv_heads"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.hidden % args.heads or args.heads % args.kv_heads:
        p.error("--hidden must be a multiple of --heads, and --heads a multiple of --kv-heads")
    if (args.hidden // args.heads) % 2:
        p.error("the head size (hidden / heads) must be even for RoPE")
    return args


def tensor_plan(a):
    """(name, shape, kind) in file order; kind is 'matrix' (random) or 'norm' (ones)."""
    d, f, v, hs = a.hidden, a.intermediate, a.vocab, a.hidden // a.heads
    plan = [("model.embed_tokens.weight", (v, d), "matrix")]
    for i in range(a.layers):
        p = f"model.layers.{i}."
        plan += [
            (p + "input_layernorm.weight", (d,), "norm"),
            (p + "self_attn.q_proj.weight", (a.heads * hs, d), "matrix"),
            (p + "self_attn.k_proj.weight", (a.kv_heads * hs, d), "matrix"),
            (p + "self_attn.v_proj.weight", (a.kv_heads * hs, d), "matrix"),
            (p + "self_attn.o_proj.weight", (d, a.heads * hs), "matrix"),
            (p + "post_attention_layernorm.weight", (d,), "norm"),
            (p + "mlp.gate_proj.weight", (f, d), "matrix"),
            (p + "mlp.up_proj.weight", (f, d), "matrix"),
            (p + "mlp.down_proj.weight", (d, f), "matrix"),
        ]
    plan += [("model.norm.weight", (d,), "norm"), ("lm_head.weight", (v, d), "matrix")]
    return plan


def to_bf16(x):
    """float32 → bfloat16 bit patterns (uint16), rounding to nearest even like torch's .to(bfloat16).
    Works in place on `x` (a scratch block), so a block costs no temporaries beyond the result."""
    bits = x.view(np.uint32)
    carry = bits >> 16
    carry &= 1
    carry += 0x7FFF
    bits += carry
    bits >>= 16
    return bits.astype(np.uint16)


def blocks(index, shape, kind, seed):
    """The tensor's bf16 values as consecutive row blocks (uint16 arrays)."""
    rows = shape[0]
    cols = shape[1] if len(shape) > 1 else 1
    if kind == "norm":
        yield np.full(shape, 0x3F80, dtype=np.uint16)  # bf16 1.0
        return
    rng = np.random.default_rng([seed, index])
    step = max(1, BLOCK_ELEMENTS // cols)
    for start in range(0, rows, step):
        n = min(step, rows - start)
        block = rng.standard_normal((n, cols), dtype=np.float32)
        block *= np.float32(STD)
        yield to_bf16(block)


def write_safetensors(path, plan, seed):
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, shape, _ in plan:
        size = 2 * int(np.prod(shape))
        header[name] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the data starts 8-byte aligned
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for index, (name, shape, kind) in enumerate(plan):
            for block in blocks(index, shape, kind, seed):
                out.write(block.tobytes())
    return offset


def llama_cpp_permute(matrix, heads):
    """HF's rotate-half Q/K rows → llama.cpp's interleaved pairs (convert_hf_to_gguf.py's permute)."""
    rows, cols = matrix.shape
    return matrix.reshape(heads, 2, rows // heads // 2, cols).swapaxes(1, 2).reshape(rows, cols)


def write_gguf(path, a, plan, seed, tokenizer_path):
    import gguf  # only --gguf needs it

    hs = a.hidden // a.heads
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("random-llama-3.1-8b-shapes")
    w.add_context_length(131072)
    w.add_embedding_length(a.hidden)
    w.add_block_count(a.layers)
    w.add_feed_forward_length(a.intermediate)
    w.add_head_count(a.heads)
    w.add_head_count_kv(a.kv_heads)
    w.add_rope_dimension_count(hs)
    w.add_rope_freq_base(500000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(a.vocab)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_BF16)
    tok = json.load(open(tokenizer_path, encoding="utf-8"))
    vocab = tok["model"]["vocab"]
    tokens = [""] * a.vocab
    types = [gguf.TokenType.UNUSED] * a.vocab
    for text, i in vocab.items():
        tokens[i], types[i] = text, gguf.TokenType.NORMAL
    for added in tok.get("added_tokens", []):
        tokens[added["id"]] = added["content"]
        types[added["id"]] = gguf.TokenType.CONTROL if added.get("special") else gguf.TokenType.USER_DEFINED
    for i in range(a.vocab):
        if not tokens[i]:
            tokens[i] = f"[PAD{i}]"
    merges = [m if isinstance(m, str) else " ".join(m) for m in tok["model"]["merges"]]
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("smollm")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(0)
    w.add_eos_token_id(0)
    w.add_add_bos_token(False)

    names = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
             "lm_head.weight": "output.weight"}
    layer_names = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
                   "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output", "post_attention_layernorm": "ffn_norm",
                   "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"}

    def gguf_name(name):
        if name in names:
            return names[name]
        _, _, index, rest = name.split(".", 3)
        return f"blk.{index}.{layer_names[rest.rsplit('.', 1)[0]]}.weight"

    # Norm vectors are float32, as convert_hf_to_gguf.py writes 1-D tensors (llama.cpp's CPU backend
    # cannot multiply float32 activations by a bf16 vector).
    for name, shape, kind in plan:
        if kind == "norm":
            w.add_tensor_info(gguf_name(name), shape, np.dtype(np.float32), 4 * int(np.prod(shape)),
                              raw_dtype=gguf.GGMLQuantizationType.F32)
        else:
            w.add_tensor_info(gguf_name(name), shape, np.dtype(np.uint16), 2 * int(np.prod(shape)),
                              raw_dtype=gguf.GGMLQuantizationType.BF16)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    # GGUFWriter.write_tensor_data takes a whole tensor; writing the padded blocks ourselves keeps
    # the stream (the layout is the same: each tensor's data starts aligned, then padding).
    fout = w.fout[0]
    for index, (name, shape, kind) in enumerate(plan):
        permute = {"self_attn.q_proj": a.heads, "self_attn.k_proj": a.kv_heads}.get(name.rsplit(".", 1)[0].split(".", 3)[-1])
        if permute:
            # Q and K (at most hidden × hidden) are permuted whole; every other tensor streams.
            parts = [llama_cpp_permute(np.concatenate(list(blocks(index, shape, kind, seed))), permute)]
        elif kind == "norm":
            parts = [np.ones(shape, dtype=np.float32)]
        else:
            parts = blocks(index, shape, kind, seed)
        w.write_padding(fout, fout.tell())
        for block in parts:
            block.tofile(fout)
        w.write_padding(fout, (4 if kind == "norm" else 2) * int(np.prod(shape)))
    w.close()


def main(argv):
    a = parse_args(argv)
    tok = json.load(open(a.tokenizer, encoding="utf-8"))
    ids = list(tok["model"]["vocab"].values()) + [t["id"] for t in tok.get("added_tokens", [])]
    if max(ids) >= a.vocab:
        sys.exit(f"make_random_checkpoint: {a.tokenizer} has token ids up to {max(ids)}, more than --vocab {a.vocab} rows")
    os.makedirs(a.out, exist_ok=True)
    hs = a.hidden // a.heads
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
        "hidden_size": a.hidden, "intermediate_size": a.intermediate, "num_hidden_layers": a.layers,
        "num_attention_heads": a.heads, "num_key_value_heads": a.kv_heads, "head_dim": hs,
        "vocab_size": a.vocab, "rms_norm_eps": 1e-5, "rope_theta": 500000.0,
        "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                         "original_max_position_embeddings": 8192},
        "max_position_embeddings": 131072, "tie_word_embeddings": False, "attention_bias": False, "mlp_bias": False,
        "bos_token_id": 0, "eos_token_id": 0, "torch_dtype": "bfloat16",
    }
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(a.out, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": 0, "eos_token_id": 0}, f, indent=2)
    with open(os.path.join(a.out, "tokenizer_config.json"), "w") as f:
        json.dump({"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "add_bos_token": False}, f, indent=2)
    shutil.copyfile(a.tokenizer, os.path.join(a.out, "tokenizer.json"))

    plan = tensor_plan(a)
    size = write_safetensors(os.path.join(a.out, "model.safetensors"), plan, a.seed)
    params = size // 2
    print(f"make_random_checkpoint: {a.out}/model.safetensors: {len(plan)} tensors, {params:,} parameters, {size / 1e9:.2f} GB bf16")
    if a.gguf:
        write_gguf(os.path.join(a.out, "model-bf16.gguf"), a, plan, a.seed, a.tokenizer)
        print(f"make_random_checkpoint: {a.out}/model-bf16.gguf written")


if __name__ == "__main__":
    main(sys.argv[1:])

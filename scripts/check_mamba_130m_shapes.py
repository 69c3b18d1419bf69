"""Mamba at mamba-130m's shapes against transformers: a manual check beside the tiny fixtures (README
"Mamba"), for a larger model than a test can carry.

    /work/hfvenv/bin/python scripts/check_mamba_130m_shapes.py FOLDER [NUCLEUS_BINARY]

Writes a MambaForCausalLM with mamba-130m's configuration and transformers' random initialisation
(seed 0, bf16 weights, 258 MB) and the tiny fixture's tokenizer into FOLDER, runs
`nucleus logits --all-positions` on a 64-token sequence, and prints the largest differences from
transformers in float32 and float64 and whether every position's argmax agrees.
Pinned: torch 2.15.0, transformers 5.23.0.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch
import transformers
from transformers import MambaConfig, MambaForCausalLM

PINNED = {"torch": "2.15.0", "transformers": "5.23.0"}
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKENIZER = os.path.join(REPO, "Tests", "TransformerTests", "Fixtures", "tiny", "mamba")


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: check_mamba_130m_shapes.py FOLDER [NUCLEUS_BINARY]")
    versions = {"torch": torch.__version__.split("+")[0], "transformers": transformers.__version__}
    if versions != PINNED:
        sys.exit(f"pinned {PINNED}, found {versions}")
    folder = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) == 3 else os.path.join(REPO, ".build", "release", "nucleus")
    torch.manual_seed(0)
    config = MambaConfig(vocab_size=50280, hidden_size=768, state_size=16, num_hidden_layers=24, expand=2,
                         conv_kernel=4, bos_token_id=3, eos_token_id=4)
    MambaForCausalLM(config).to(torch.bfloat16).save_pretrained(folder)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(TOKENIZER, name), os.path.join(folder, name))
    ids = [3] + [2] * 63
    references = {}
    for dtype in (torch.float32, torch.float64):
        model = MambaForCausalLM.from_pretrained(folder, dtype=dtype).eval()
        with torch.no_grad():
            references[dtype] = model(torch.tensor([ids]), use_cache=False).logits[0].numpy()
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "logits.npy")
        subprocess.run([binary, "logits", "--model", folder, "--ids", ",".join(map(str, ids)), "--all-positions",
                        "--out", out], check=True, stdout=subprocess.DEVNULL)
        ours = np.load(out)
    f32, f64 = references[torch.float32], references[torch.float64]
    print(f"largest |logit| {np.abs(f32).max():.4g}")
    print(f"Nucleus vs transformers f32: {np.abs(ours - f32).max():.4g}")
    print(f"Nucleus vs transformers f64: {np.abs(ours - f64).max():.4g}; transformers f32 vs f64: {np.abs(f32 - f64).max():.4g}")
    print(f"same argmax at {int((ours.argmax(1) == f32.argmax(1)).sum())} of {len(ids)} positions")


if __name__ == "__main__":
    main()

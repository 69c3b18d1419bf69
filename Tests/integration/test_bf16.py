"""`--compute bf16` on the command line against transformers running the tiny fixture models in
bfloat16 (Tests/TransformerTests/Fixtures/tiny_bf16, scripts/fixtures/tiny_bf16_references.py)."""
import json

import numpy as np
import pytest

from conftest import REPO, run

TINY = REPO / "Tests" / "TransformerTests" / "Fixtures"


@pytest.mark.parametrize("family", ["qwen3", "phi"])
def test_logits_ids_compute_bf16_is_transformers_bf16(nucleus, tmp_path, family):
    """`nucleus logits --ids` honours --compute: bf16 gives transformers' bf16 logits bit for bit,
    the default stays the float32 reference."""
    ids = ",".join(map(str, json.load(open(TINY / "tiny" / family / "ids.json"))["ids"]))
    bf16, f32 = tmp_path / "bf16.npy", tmp_path / "f32.npy"
    run(nucleus, "logits", "--model", TINY / "tiny" / family, "--ids", ids, "--all-positions",
        "--compute", "bf16", "--out", bf16)
    run(nucleus, "logits", "--model", TINY / "tiny" / family, "--ids", ids, "--all-positions", "--out", f32)
    assert np.array_equal(np.load(bf16), np.load(TINY / "tiny_bf16" / family / "logits.bf16.npy"))
    assert np.abs(np.load(f32) - np.load(TINY / "tiny" / family / "logits.f32.npy")).max() <= 1e-4


def test_unknown_compute_is_refused(nucleus):
    result = run(nucleus, "logits", "--model", TINY / "tiny" / "qwen3", "--ids", "1,2", "--compute", "fp8", check=False)
    assert result.returncode != 0
    assert "fp8" in result.stderr and "bf16" in result.stderr

"""A Mamba model (the tiny random-weight MambaForCausalLM of Tests/TransformerTests/Fixtures/tiny/mamba,
with its tokenizer; scripts/fixtures/tiny_mamba.py) through the real binary: logits, `generate`,
and a job whose unit files are the same under 1 process and under mpirun with 2 workers."""
import json
import os
import shutil
import subprocess

import h5py
import numpy as np
import pytest

from conftest import REPO, run

MAMBA = REPO / "Tests" / "TransformerTests" / "Fixtures" / "tiny" / "mamba"
GREEDY = json.loads((MAMBA / "greedy.json").read_text())


def test_logits_at_every_position_are_transformers(nucleus, tmp_path):
    ids = json.loads((MAMBA / "ids.json").read_text())["ids"]
    out = tmp_path / "logits.npy"
    run(nucleus, "logits", "--model", MAMBA, "--ids", ",".join(map(str, ids)), "--all-positions", "--out", out)
    assert np.abs(np.load(out) - np.load(MAMBA / "logits.f32.npy")).max() <= 1e-4


def test_generate_gives_transformers_greedy_tokens(nucleus):
    result = run(nucleus, "generate", "--model", MAMBA, "--prompt", GREEDY["text"], "--temperature", "0",
                 "--max-new-tokens", str(len(GREEDY["tokens"])), "--json")
    output = json.loads(result.stdout)
    assert output["prompt_ids"] == GREEDY["prompt"]
    assert output["ids"] == GREEDY["tokens"]
    assert len(output["steps"]) == len(GREEDY["tokens"])


def test_bf16_compute_is_refused_in_one_line(nucleus):
    result = run(nucleus, "logits", "--model", MAMBA, "--ids", "1,2", "--compute", "bf16", "--out", "/dev/null", check=False)
    assert result.returncode != 0
    assert "compute: bf16 is not supported for mamba models (use f32)" in result.stderr


def write_job(tmp_path):
    rows = tmp_path / "rows.jsonl"
    texts = [GREEDY["text"], "ab", "aab", "abab", "b"]
    rows.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts))
    job = tmp_path / "job.yaml"
    job.write_text(f"""name: mamba
output: out
seed: 5
unit_size: 2
batch_size: 2
models:
  - name: tiny-mamba
    path: {MAMBA}
datasets:
  - name: texts
    path: {rows}
    shape: custom
    columns: {{prompt: text}}
techniques: [completion]
generation: {{max_new_tokens: {len(GREEDY["tokens"])}, temperature: 0, stop: [], chat: false}}
""")
    return job


def tokens_by_row(folder):
    found = {}
    for path in sorted((folder / "units").glob("*/*.h5")):
        with h5py.File(path, "r") as f:
            offsets = f["prompts/token_offset"][:]
            for i, row in enumerate(f["prompts/row"][:]):
                found[int(row)] = {column: f["tokens"][column][offsets[i]:offsets[i + 1]]
                                   for column in ("token_id", "logprob", "entropy", "nucleus_size")}
    return found


@pytest.mark.skipif(shutil.which("mpirun") is None, reason="needs mpirun (openmpi-bin)")
def test_job_is_transformers_greedy_and_rank_independent(nucleus, tmp_path):
    job = write_job(tmp_path)
    single = tmp_path / "single"
    run(nucleus, "run", job, "--output", single, "--threads", "1")
    alone = tokens_by_row(single)
    assert sorted(alone) == [0, 1, 2, 3, 4]
    assert alone[0]["token_id"].tolist() == GREEDY["tokens"]
    assert alone[3]["token_id"].tolist() == GREEDY["tokens"]  # the same prompt again, in another unit

    env = {**os.environ, "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}
    ranks = tmp_path / "ranks"
    result = subprocess.run(["mpirun", "-np", "3", "--oversubscribe", str(nucleus), "run", str(job), "--output", str(ranks),
                             "--threads", "1"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    spread = tokens_by_row(ranks)
    assert sorted(spread) == sorted(alone)
    for row, columns in alone.items():
        for column, values in columns.items():
            assert np.array_equal(values, spread[row][column]), (row, column)

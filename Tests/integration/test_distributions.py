"""`analysis.store_distribution` on SmolLM2 (GGUF): /distributions read with h5py, chunked by token
rows with shuffle + gzip, one row per /tokens row; greedy tokens are the most probable entry of their
row and exp(logprob) agrees with the stored float16; top-N rows agree with the full ones; mpirun
with 2 ranks writes the same arrays as 1; bad settings are refused before anything is written."""
import os
import re
import shutil
import subprocess

import h5py
import numpy as np
import pytest

from conftest import REPO, run

V = 49152  # SmolLM2's vocabulary
TOP = 1000


def job(folder, analysis, name="dist", task=""):
    """Three math prompts, greedy, in slots of 2 (a slot is refilled; the chat prefix is shared)."""
    text = f"""
name: {name}
output: {folder / 'out'}
seed: 5
unit_size: 3
batch_size: 2
models:
  - name: smollm2-135m
    path: ${{NUCLEUS_MODELS:-{REPO / 'models'}}}/SmolLM2-135M-Instruct.Q4_1.gguf
    chat_template: auto
datasets:
  - name: math
    path: {REPO / 'data/smoke/math.jsonl'}
    shape: gsm8k
    limit: 3{task}
techniques: [baseline]
generation: {{max_new_tokens: 8, temperature: 0.0, chat: true}}
analysis: {{{analysis}}}
"""
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def unit_files(output):
    return sorted((output / "units").glob("*/*.h5"))


@pytest.fixture(scope="module")
def full_run(nucleus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("full")
    run(nucleus, "run", job(folder, "store_distribution: fp16"), "--output", folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def top_run(nucleus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("top")
    run(nucleus, "run", job(folder, f"store_distribution: fp16, store_distribution_top: {TOP}"), "--output", folder / "out")
    return folder / "out"


def test_full_distributions_are_chunked_rows_of_the_tokens(full_run):
    files = unit_files(full_run)
    assert files
    for path in files:
        with h5py.File(path, "r") as f:
            tokens = f["tokens"]["token_id"][:]
            logprob = f["tokens"]["logprob"][:]
            probability = f["distributions"]["probability"]
            assert probability.shape == (len(tokens), V) and probability.dtype == np.float16
            assert probability.compression == "gzip" and probability.shuffle
            rows_per_chunk, columns = probability.chunks
            assert columns == V and 1 <= rows_per_chunk <= max(1, (1 << 20) // (2 * V))
            assert "token_id" not in f["distributions"]
            p = probability[:].astype(np.float64)
            rows = np.arange(len(tokens))
            # Greedy: the chosen token holds the largest stored probability of its row.
            assert np.all(p[rows, tokens] == p.max(axis=1))
            # The statistics' ln p of the token, rounded to float16, is what the row stores.
            expected = np.exp(logprob).astype(np.float16).astype(np.float64)
            assert np.all(np.abs(p[rows, tokens] - expected) <= np.spacing(expected.astype(np.float16)).astype(np.float64))
            assert np.all(np.abs(p.sum(axis=1) - 1) < 2e-3)
            assert np.all(p >= 0)


def test_top_n_rows_are_the_most_probable_entries_of_the_full_rows(full_run, top_run):
    full_files, top_files = unit_files(full_run), unit_files(top_run)
    assert [p.name for p in full_files] != [] and len(full_files) == len(top_files)
    for full_path, top_path in zip(full_files, top_files):
        with h5py.File(full_path, "r") as f, h5py.File(top_path, "r") as g:
            assert np.array_equal(f["tokens"]["token_id"][:], g["tokens"]["token_id"][:])
            full = f["distributions"]["probability"][:]
            probability, ids = g["distributions"]["probability"], g["distributions"]["token_id"]
            assert probability.shape == ids.shape == (full.shape[0], TOP)
            assert probability.dtype == np.float16 and ids.dtype == np.int32
            assert ids.compression == "gzip" and ids.shuffle and probability.compression == "gzip"
            top, top_ids = probability[:], ids[:]
            rows = np.arange(full.shape[0])[:, None]
            assert np.array_equal(top, full[rows, top_ids]), "same float16 values as the full rows"
            assert np.all(np.diff(top.astype(np.float32), axis=1) <= 0), "descending"
            assert np.array_equal(top_ids[:, 0], g["tokens"]["token_id"][:])
            for row in range(full.shape[0]):
                rest = np.delete(full[row], top_ids[row])
                assert top[row, -1] >= rest.max()


def test_inspect_reports_bytes_per_token(nucleus, full_run, top_run):
    for output, shape in ((full_run, f"full, V = {V}"), (top_run, f"top {TOP} of {V}")):
        text = run(nucleus, "inspect", unit_files(output)[0]).stdout
        line = next(l for l in text.splitlines() if l.startswith("distributions:"))
        assert shape in line, text
        per_token = float(re.search(r"([0-9.]+) bytes/token", line).group(1))
        print(f"{output.parent.name}: {line}")
        assert 0 < per_token < (2 * V if shape.startswith("full") else 6 * TOP)


@pytest.mark.skipif(shutil.which("mpirun") is None, reason="needs mpirun (openmpi-bin)")
def test_two_ranks_write_the_same_distributions(nucleus, model, full_run, tmp_path):
    env = {**os.environ, "NUCLEUS_MODELS": str(model.parent), "OMPI_ALLOW_RUN_AS_ROOT": "1",
           "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "SWIFT_BACKTRACE": "enable=no"}
    path = job(tmp_path, "store_distribution: fp16")
    output = tmp_path / "np2"
    command = ["mpirun", "-np", "2", "--oversubscribe", "--bind-to", "none", "-x", "SWIFT_BACKTRACE", "-x", "NUCLEUS_MODELS",
               str(nucleus), "run", str(path), "--output", str(output)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    ours, theirs = unit_files(output), unit_files(full_run)
    assert [p.relative_to(output) for p in ours] == [p.relative_to(full_run) for p in theirs]
    for a, b in zip(ours, theirs):
        with h5py.File(a, "r") as f, h5py.File(b, "r") as g:
            assert np.array_equal(f["distributions"]["probability"][:], g["distributions"]["probability"][:])


@pytest.mark.parametrize("analysis, key, problem", [
    ("store_distribution: fp16, store_distribution_top: 0", "analysis.store_distribution_top", "≥ 1"),
    ("store_distribution: fp32", "analysis.store_distribution", "fp32"),
    ("store_distribution_top: 10", "analysis.store_distribution_top", "store_distribution: fp16"),
])
def test_bad_settings_are_refused_before_anything_is_written(nucleus, tmp_path, analysis, key, problem):
    path = job(tmp_path, analysis)
    result = run(nucleus, "run", path, "--output", tmp_path / "out", check=False)
    assert result.returncode != 0
    assert str(path) in result.stderr and key in result.stderr and problem in result.stderr, result.stderr
    assert not unit_files(tmp_path / "out")


def test_scoring_jobs_are_refused(nucleus, tmp_path):
    path = job(tmp_path, "store_distribution: fp16", task="\n    task: score")
    result = run(nucleus, "run", path, "--output", tmp_path / "out", check=False)
    assert result.returncode != 0
    assert str(path) in result.stderr and "store_distribution" in result.stderr and "task: score" in result.stderr, result.stderr
    assert not unit_files(tmp_path / "out")

"""The settings axis, perturbations and the sampling study end to end with the real binary: a
single `generation` block keeps the job hash the main branch gave the smoke job; a sweep runs on
2 MPI ranks bit for bit as on 1; unit files carry the settings and perturbation; bad settings are
errors naming the file and line; the reduce writes the sampling tables and figures, with the
embedding diversity computed from the eᵢ the unit files store."""
import csv
import os
import shutil
import subprocess

import h5py
import numpy as np
import pytest

from conftest import REPO, run

SMOKE = REPO / "jobs/smoke.yaml"
# `nucleus run jobs/smoke.yaml --dry-run` of the main branch before the settings axis (commit 9287443).
SMOKE_HASH_PREFIX = "04e7d6a2a2a1"

SWEEP = """name: sweep
output: out
seed: 99
unit_size: 2
batch_size: 4
models:
  - name: smollm2-135m
    path: {model}
datasets:
  - name: math
    path: {repo}/data/sampling/math.jsonl
    shape: custom
    columns: {{prompt: prompt, reference: answer}}
    answer_type: numeric
    limit: 3
techniques:
  - completion
  - {{name: lower, base: completion, perturbation: lowercase}}
generation:
  max_new_tokens: 4
  temperature: [0.0, 1.0]
  samples: 2
"""


@pytest.fixture
def env(model):
    return {**os.environ, "NUCLEUS_MODELS": str(model.parent), "OMPI_ALLOW_RUN_AS_ROOT": "1",
            "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "SWIFT_BACKTRACE": "enable=no"}


@pytest.fixture
def sweep_job(tmp_path, model):
    path = tmp_path / "sweep.yaml"
    path.write_text(SWEEP.format(model=model, repo=REPO))
    return path


def test_single_block_keeps_the_job_hash(nucleus, env, tmp_path):
    result = run(nucleus, "run", SMOKE, "--output", tmp_path / "out", "--dry-run", env=env)
    assert f"(hash {SMOKE_HASH_PREFIX})" in result.stdout + result.stderr
    assert "settings:" not in result.stdout + result.stderr


def test_dry_run_counts_the_settings_axis(nucleus, env, sweep_job, tmp_path):
    result = run(nucleus, "run", sweep_job, "--output", tmp_path / "out", "--dry-run", env=env)
    text = result.stdout + result.stderr
    assert "settings: t0.0 (temperature 0.0" in text and "t1.0 (temperature 1.0" in text
    # 1 model × 1 dataset × 2 techniques × 2 settings × 2 samples; 3 rows in units of 2.
    assert "8 cells, 16 units, 24 sequences of at most 4 new tokens" in text


def unit_contents(folder):
    found = {}
    for path in sorted((folder / "units").glob("*/*.h5")):
        with h5py.File(path, "r") as f:
            found[(path.parent.name, path.name)] = (
                dict((k, f.attrs[k]) for k in ("settings", "perturbation") if k in f.attrs),
                list(f["prompts/prompt_text"].asstr()[:]), list(f["prompts/completion_text"].asstr()[:]),
                f["tokens/token_id"][:], f["tokens/entropy"][:], f["prompts/embedding_mean"][:])
    return found


def embedding_metrics(vectors):
    """Mean pairwise cosine and Vendi score (numpy eigvalsh) of the eᵢ, DESIGN §10."""
    e = np.array(vectors, dtype=np.float64)
    unit = e / np.linalg.norm(e, axis=1, keepdims=True)
    kernel = unit @ unit.T
    n = len(e)
    cosine = kernel[np.triu_indices(n, 1)].mean()
    w = np.linalg.eigvalsh(kernel / n)
    w = w[w > 0]
    return cosine, np.exp(-np.sum(w * np.log(w)))


@pytest.mark.skipif(shutil.which("mpirun") is None, reason="needs mpirun (openmpi-bin)")
def test_sweep_on_two_ranks_equals_one_and_reduces(nucleus, env, sweep_job, tmp_path):
    outputs = {}
    for ranks in (1, 2):
        output = tmp_path / f"np{ranks}"
        subprocess.run(["mpirun", "-np", str(ranks), "--oversubscribe", "-x", "NUCLEUS_MODELS", str(nucleus), "run",
                        str(sweep_job), "--output", str(output)], env=env, check=True, capture_output=True, timeout=1200)
        outputs[ranks] = unit_contents(output)
    one, two = outputs[1], outputs[2]
    assert sorted(one) == sorted(two) and len(one) == 16
    for key in one:
        attrs, prompts, completions, ids, entropy, means = one[key]
        other = two[key]
        assert attrs == other[0] and prompts == other[1] and completions == other[2], key
        assert np.array_equal(ids, other[3]) and np.array_equal(entropy, other[4]), key
        assert means.shape == (len(prompts), 576) and np.array_equal(means, other[5], equal_nan=True), key
    folders = {cell for cell, _ in one}
    assert "smollm2-135m__math__completion__t1.0__s1" in folders
    attrs = one[next(k for k in one if k[0] == "smollm2-135m__math__lower__t0.0__s0")][0]
    assert attrs == {"settings": "t0.0", "perturbation": "lowercase"}
    lowered = one[next(k for k in one if k[0] == "smollm2-135m__math__lower__t0.0__s0")][1]
    assert all(text == text.lower() for text in lowered)
    # Greedy samples are identical token for token; sampled ones come from their own streams.
    def ids(cell):
        return np.concatenate([one[k][3] for k in sorted(one) if k[0] == cell])
    assert np.array_equal(ids("smollm2-135m__math__completion__t0.0__s0"), ids("smollm2-135m__math__completion__t0.0__s1"))

    report = tmp_path / "np1" / "report"
    run(nucleus, "reduce", tmp_path / "np1")
    with open(report / "sampling_cells.csv", newline="") as f:
        cells = list(csv.DictReader(f))
    assert [(c["technique"], c["settings"]) for c in cells] == [
        ("completion", "t0.0"), ("completion", "t1.0"), ("lower", "t0.0"), ("lower", "t1.0")]
    greedy_cell = cells[0]
    assert float(greedy_cell["modal_share"]) == 1.0 and float(greedy_cell["pairwise_exact_match"]) == 1.0
    assert cells[2]["agreement_with_unperturbed"] != "nan"
    # The embedding columns are numpy's over the eᵢ the unit files store (rows with tokens).
    for cell in cells:
        prefix = f"smollm2-135m__math__{cell['technique']}__{cell['settings']}__s"
        vectors = [row for k in sorted(one) if k[0].startswith(prefix) for row in one[k][5] if not np.isnan(row).any()]
        cosine, vendi = embedding_metrics(vectors)
        assert float(cell["embedding_cosine"]) == pytest.approx(cosine, rel=1e-9), cell
        assert float(cell["vendi"]) == pytest.approx(vendi, rel=1e-9), cell
    with open(report / "prompts.csv", newline="") as f:
        header = next(csv.reader(f))
    assert header[:4] == ["model", "dataset", "technique", "settings"] and header[-2:] == ["sample", "perturbation"]
    assert (report / "sampling_modal_share_vs_temperature.svg").exists()


@pytest.mark.parametrize("generation, message", [
    ("generation:\n  temperature: []\n", "sweep.yaml:20: generation.temperature: expected a value or a non-empty list"),
    ("generation:\n  - {name: a}\n  - {name: a}\n", "sweep.yaml:21: generation[1].name: duplicate settings name 'a'"),
])
def test_bad_settings_name_file_and_line(nucleus, env, sweep_job, generation, message):
    text = sweep_job.read_text()
    sweep_job.write_text(text[:text.index("generation:")] + generation)
    result = run(nucleus, "run", sweep_job, "--dry-run", check=False, env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_unknown_perturbation_names_file_and_line(nucleus, env, sweep_job):
    sweep_job.write_text(sweep_job.read_text().replace("perturbation: lowercase", "perturbation: shout"))
    result = run(nucleus, "run", sweep_job, "--dry-run", check=False, env=env)
    assert result.returncode != 0
    assert "sweep.yaml:18: techniques[1].perturbation: expected one of trailing-space | lowercase" in result.stderr

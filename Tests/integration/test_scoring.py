"""`task: score` end to end with the real binary: a one-row score job's /tokens rows are exactly what
`nucleus score --json` prints for the same text, 2 MPI ranks write what 1 rank writes, and the
reduce's scoring tables equal a numpy recomputation from the unit files (read with h5py)."""
import csv
import json
import math
import os
import shutil
import subprocess

import h5py
import numpy as np
import pytest

from conftest import run

TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "Once upon a time, in a village by the sea, there lived an old fisherman who never caught a fish.",
    "def add(a, b):\n    return a + b\n\nprint(add(2, 3))",
]
TOKEN_COLUMNS = ["token_id", "logprob", "rank", "entropy", "varentropy", "nucleus_size", "nucleus_mass",
                 "nucleus_entropy", "nucleus_cosine", "nucleus_cosine_weighted", "topk_ids", "topk_logprobs"]


def write_job(folder, model, *, start=0, limit=None, average=True, windows=""):
    data = folder / "texts.jsonl"
    data.write_text("".join(json.dumps({"body": text}) + "\n" for text in TEXTS))
    selection = f"    start: {start}\n" + (f"    limit: {limit}\n" if limit else "") + windows
    job = folder / "job.yaml"
    job.write_text(f"""name: score-test
output: {folder / 'out'}
seed: 3
unit_size: 2
batch_size: 2
models:
  - name: smollm2
    path: {model}
datasets:
  - name: texts
    path: {data}
    shape: custom
    columns: {{text: body}}
    task: score
{selection}techniques: [completion]
analysis: {{top_k: 5, average_distribution: {'true' if average else 'false'}}}
""")
    return job


def unit_files(folder):
    return sorted((folder / "units").glob("*/*.h5"))


@pytest.mark.parametrize("window, stride", [(None, None), (6, 2)])
def test_one_row_job_equals_nucleus_score(nucleus, model, tmp_path, window, stride):
    windows = f"    window: {window}\n    stride: {stride}\n" if window else ""
    job = write_job(tmp_path, model, start=2, limit=1, windows=windows)
    run(nucleus, "run", job, "--threads", "2")
    [path] = unit_files(tmp_path / "out")
    options = ["--window", window, "--stride", stride] if window else []
    printed = json.loads(run(nucleus, "score", "--model", model, "--text", TEXTS[2], "--record-top-k", "5",
                             "--threads", "2", "--json", *options).stdout)
    with h5py.File(path, "r") as f:
        assert f.attrs["task"] == "score"
        if window:
            assert json.loads(f.attrs["generation"])["window"] == window
        assert list(f["prompts/n_prompt_tokens"][:]) == [len(printed["ids"])]
        assert list(f["prompts/n_generated"][:]) == [len(printed["ids"]) - 1]
        assert f["prompts/perplexity"][0] == printed["perplexity"]
        assert list(f["tokens/token_id"][:]) == printed["ids"][1:]
        for column in TOKEN_COLUMNS:
            stored = f["tokens"][column][:]
            expected = np.array([[math.nan if v is None else v for v in step[column]] if isinstance(step[column], list)
                                 else (math.nan if step[column] is None else step[column]) for step in printed["steps"]])
            if column == "topk_logprobs":
                expected = expected.astype(np.float32)  # stored as float32
            assert np.array_equal(stored, expected, equal_nan=stored.dtype.kind == "f"), column
        positions = f["average_distribution"].attrs["positions"]
        assert positions == len(printed["ids"]) - 1
        assert abs(f["average_distribution/probability_sum"][:].sum() - positions) < 1e-9
    logprobs = [step["logprob"] for step in printed["steps"]]
    assert printed["perplexity"] == pytest.approx(math.exp(-sum(logprobs) / len(logprobs)), rel=1e-12)


def contents(folder):
    found = {}
    for path in unit_files(folder):
        with h5py.File(path, "r") as f:
            found[path.relative_to(folder).as_posix()] = (
                {c: f["tokens"][c][:] for c in TOKEN_COLUMNS},
                f["prompts/perplexity"][:], f["prompts/n_prompt_tokens"][:],
                f["average_distribution/probability_sum"][:], int(f["average_distribution"].attrs["positions"]))
    return found


@pytest.mark.skipif(shutil.which("mpirun") is None, reason="needs mpirun (openmpi-bin)")
def test_two_ranks_write_what_one_rank_writes(nucleus, model, tmp_path):
    env = {**os.environ, "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "SWIFT_BACKTRACE": "enable=no"}
    results = {}
    for ranks in (1, 2):
        folder = tmp_path / f"np{ranks}"
        folder.mkdir()
        job = write_job(folder, model)
        completed = subprocess.run(["mpirun", "-np", str(ranks), "--oversubscribe", "--bind-to", "none", str(nucleus),
                                    "run", str(job), "--threads", "1"], env=env, capture_output=True, text=True, timeout=600)
        assert completed.returncode == 0, completed.stderr
        assert "finished: 2 units done, 0 failed" in completed.stderr
        run(nucleus, "reduce", folder / "out")
        results[ranks] = (contents(folder / "out"), (folder / "out/report/scoring.csv").read_text())
    one, two = results[1][0], results[2][0]
    assert sorted(one) == sorted(two)
    for key in one:
        tokens, perplexity, counts, sums, positions = one[key]
        other = two[key]
        for column in TOKEN_COLUMNS:
            assert np.array_equal(tokens[column], other[0][column], equal_nan=tokens[column].dtype.kind == "f"), (key, column)
        assert np.array_equal(perplexity, other[1]) and np.array_equal(counts, other[2])
        assert np.array_equal(sums, other[3]) and positions == other[4]
    assert results[1][1] == results[2][1]


def test_reduce_equals_numpy_over_the_unit_files(nucleus, model, tmp_path):
    job = write_job(tmp_path, model)
    run(nucleus, "run", job, "--threads", "2")
    out = tmp_path / "out"
    run(nucleus, "reduce", out)
    logprobs, entropies, total, positions, texts = [], [], None, 0, None
    documents = []
    for path in unit_files(out):
        with h5py.File(path, "r") as f:
            offsets = f["prompts/token_offset"][:]
            lp, en = f["tokens/logprob"][:], f["tokens/entropy"][:]
            for i, row in enumerate(f["prompts/row"][:]):
                span = slice(offsets[i], offsets[i + 1])
                documents.append((int(row), math.exp(-lp[span].mean()), en[span].mean()))
            logprobs.append(lp)
            entropies.append(en)
            sums = f["average_distribution/probability_sum"][:]
            total = sums if total is None else total + sums
            positions += int(f["average_distribution"].attrs["positions"])
            texts = f["average_distribution/token_text"].asstr()[:]
    logprobs, entropies = np.concatenate(logprobs), np.concatenate(entropies)
    mean = total / positions
    nonzero = mean[mean > 0]
    with open(out / "report/scoring.csv") as f:
        [row] = list(csv.DictReader(f))
    assert int(row["positions"]) == len(logprobs) == positions
    assert float(row["perplexity"]) == pytest.approx(math.exp(-logprobs.mean()), rel=1e-9)
    assert float(row["mean_entropy"]) == pytest.approx(entropies.mean(), rel=1e-9)
    assert float(row["average_distribution_entropy"]) == pytest.approx(-(nonzero * np.log(nonzero)).sum(), rel=1e-9)
    [cell] = json.loads((out / "report/reduce.json").read_text())["scoring"]
    assert (cell["model"], cell["dataset"], cell["technique"]) == ("smollm2", "texts", "completion")
    assert cell["documents"] == len(TEXTS) and cell["positions"] == cell["average_distribution_positions"] == positions
    assert cell["perplexity"] == pytest.approx(math.exp(-logprobs.mean()), rel=1e-9)
    assert cell["mean_entropy"] == pytest.approx(entropies.mean(), rel=1e-9)
    assert cell["average_distribution_entropy"] == pytest.approx(-(nonzero * np.log(nonzero)).sum(), rel=1e-9)
    with open(out / "report/scoring_documents.csv") as f:
        reported = sorted((int(r["row"]), float(r["perplexity"]), float(r["mean_entropy"])) for r in csv.DictReader(f))
    for (row_index, perplexity, entropy), expected in zip(reported, sorted(documents)):
        assert row_index == expected[0]
        assert perplexity == pytest.approx(expected[1], rel=1e-9) and entropy == pytest.approx(expected[2], rel=1e-9)
    with open(out / "report/average_distribution_top100.csv", newline="") as f:
        top = list(csv.DictReader(f))
    order = sorted(range(len(mean)), key=lambda v: (-mean[v], v))[:100]
    assert [int(r["token_id"]) for r in top] == order
    assert [r["token_text"] for r in top] == [texts[v] for v in order]
    assert [float(r["probability"]) for r in top] == pytest.approx([mean[v] for v in order], rel=1e-9)


def test_missing_text_column_names_the_file_and_line(nucleus, model, tmp_path):
    job = write_job(tmp_path, model)
    data = tmp_path / "texts.jsonl"
    data.write_text(data.read_text() + json.dumps({"title": "no body"}) + "\n")
    result = run(nucleus, "run", job, check=False)
    assert result.returncode != 0
    assert f"{data}:4" in result.stderr and "missing column 'body'" in result.stderr
    assert not (tmp_path / "out/units").exists() or not unit_files(tmp_path / "out")


def test_score_command_errors_are_one_line(nucleus, model):
    none = run(nucleus, "score", "--model", model, check=False)
    assert none.returncode != 0 and "give exactly one of --text, --text-file, --ids" in none.stderr
    short = run(nucleus, "score", "--model", model, "--text", "Hi", check=False)
    assert short.returncode == 1
    assert "Error: the text has 1 token(s): scoring needs at least 2" in short.stderr and "Usage" not in short.stderr
    wide = run(nucleus, "score", "--model", model, "--ids", "1,2,3", "--window", "100000", check=False)
    assert wide.returncode == 1 and "window 100000 exceeds the model's context length 8192" in wide.stderr


def test_dry_run_counts_documents_not_sequences(nucleus, model, tmp_path):
    job = write_job(tmp_path, model)
    text = run(nucleus, "run", job, "--dry-run").stdout
    # 3 texts in units of 2: 1 cell, 2 units; nothing is generated.
    assert f"1 cells, 2 units, {len(TEXTS)} documents scored (teacher-forced, in rolling windows)" in text
    assert "sequences" not in text
    assert not (tmp_path / "out").exists()


def test_rerun_of_a_scored_row_is_refused_with_the_line(nucleus, model, tmp_path):
    job = write_job(tmp_path, model)
    rerun_csv = tmp_path / "rerun.csv"
    rerun_csv.write_text("model,dataset,technique,row\nsmollm2,texts,completion,1\n")
    result = run(nucleus, "run", job, "--rerun", rerun_csv, check=False)
    assert result.returncode != 0
    assert f"{rerun_csv}:2: dataset 'texts' has task: score; --rerun reruns generated prompts only" in result.stderr
    assert not (tmp_path / "out").exists()

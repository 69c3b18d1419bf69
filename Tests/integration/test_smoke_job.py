"""jobs/smoke.yaml end to end: unit files readable by h5py and h5dump, consistent, reduce agrees with scipy."""
import csv
import json
import math
import shutil
import subprocess

import h5py
import numpy as np
import pytest
from scipy import stats

from conftest import REPO, run


@pytest.fixture(scope="module")
def smoke_results(nucleus, model, tmp_path_factory):
    output = tmp_path_factory.mktemp("smoke")
    env_model_dir = {"NUCLEUS_MODELS": str(model.parent)}
    import os
    env = {**os.environ, **env_model_dir}
    first = run(nucleus, "run", REPO / "jobs/smoke.yaml", "--output", output, env=env)
    assert "0 failed" in first.stderr
    again = run(nucleus, "run", REPO / "jobs/smoke.yaml", "--output", output, env=env)
    assert "0 to run" in again.stderr, "a second run must skip every completed unit"
    run(nucleus, "reduce", output)
    return output


def unit_files(folder):
    return sorted((folder / "units").glob("*/*.h5"))


def test_every_unit_file_opens_in_h5py_and_h5dump(smoke_results):
    files = unit_files(smoke_results)
    assert len(files) == 8
    for path in files:
        with h5py.File(path, "r") as f:
            assert f.attrs["schema_version"] == 1
            assert f.attrs["complete"] == 1
            offsets = f["prompts/token_offset"][:]
            n_generated = f["prompts/n_generated"][:]
            assert offsets[0] == 0 and np.all(np.diff(offsets) == n_generated)
            n = offsets[-1]
            for column in ["token_id", "logprob", "rank", "entropy", "varentropy", "nucleus_size", "nucleus_mass",
                           "nucleus_entropy", "nucleus_cosine", "nucleus_cosine_weighted"]:
                assert f["tokens"][column].shape == (n,), column
            assert f["tokens/topk_ids"].shape == (n, 20)
            model = json.loads(f.attrs["model"])
            assert model["architecture"] == "llama" and len(model["sha256"]) == 64
            # Definitions hold on what was stored.
            assert np.all(f["tokens/rank"][:] >= 1)
            assert np.all(f["tokens/nucleus_mass"][:] >= 0.9 - 1e-9)
            size1 = f["tokens/nucleus_size"][:] == 1
            assert np.all(np.isnan(f["tokens/nucleus_cosine"][:][size1]))
            assert np.allclose(f["tokens/topk_logprobs"][:, 0], np.maximum(f["tokens/logprob"][:], f["tokens/topk_logprobs"][:, 0]))
        subprocess.run(["h5dump", str(path)], check=True, capture_output=True)


def test_reduce_correlations_agree_with_scipy(smoke_results):
    tokens = {}
    for path in unit_files(smoke_results):
        with h5py.File(path, "r") as f:
            key = (json.loads(f.attrs["model"])["name"], f.attrs["dataset"], f.attrs["technique"])
            entry = tokens.setdefault(key, ([], []))
            entry[0].extend(f["tokens/entropy"][:])
            entry[1].extend(f["tokens/nucleus_cosine"][:])
    rows = list(csv.DictReader(open(smoke_results / "report/correlation.csv")))
    assert len(rows) == len(tokens) == 6
    for row in rows:
        entropy, cosine = (np.array(v) for v in tokens[(row["model"], row["dataset"], row["technique"])])
        used = ~np.isnan(cosine)
        assert int(row["tokens"]) == len(entropy) and int(row["used"]) == used.sum()
        for name, (statistic, pvalue) in {
            "pearson": stats.pearsonr(entropy[used], cosine[used]),
            "spearman": stats.spearmanr(entropy[used], cosine[used]),
            "kendall": stats.kendalltau(entropy[used], cosine[used]),
        }.items():
            column = {"pearson": "pearson_r", "spearman": "spearman_rho", "kendall": "kendall_tau_b"}[name]
            p_column = {"pearson": "pearson_p", "spearman": "spearman_p", "kendall": "kendall_p"}[name]
            assert float(row[column]) == pytest.approx(statistic, rel=1e-8, abs=1e-12), name
            assert float(row[p_column]) == pytest.approx(pvalue, rel=1e-6, abs=1e-12), name
    assert (smoke_results / "report/summary.md").read_text().startswith("#")


def test_journal_records_every_unit(smoke_results):
    lines = (smoke_results / "journal.tsv").read_text().splitlines()
    done = [line for line in lines if "\tdone\t" in line]
    assert len(done) == 8

"""`task: rank` end to end with the real binary: a small ranking job on SmolLM2 under mpirun with 1
and 2 ranks (identical /ranking tables), the unit files read with h5py, and `nucleus reduce
--compare-ranking` checked against a Python computation (ranks, top/bottom counts, variation, and
scipy.stats.kendalltau)."""
import csv
import itertools
import json
import os
import shutil
import subprocess

import h5py
import numpy as np
import pytest
import scipy.stats

from conftest import run

pytestmark = pytest.mark.skipif(shutil.which("mpirun") is None, reason="needs mpirun (openmpi-bin)")

TEMPLATES = 'id,template\ndiagnosed,The {group} patient was diagnosed with\n' \
            'told,"After several tests, the doctor told the {group} patient that they had"\n'
SLOTS = "slot,value,form\ngroup,female,female\ngroup,female,woman\ngroup,male,male\n"
CANDIDATES = ["diabetes", "heart disease", "HIV", "asthma", "depression"]
COUNTS = {"diabetes": (4, 7), "heart disease": (2, 9), "HIV": (1, 1), "asthma": (6, 3), "depression": (8, 2)}


@pytest.fixture(scope="module")
def job(tmp_path_factory, model):
    folder = tmp_path_factory.mktemp("ranking-job")
    (folder / "templates.csv").write_text(TEMPLATES)
    (folder / "groups.csv").write_text(SLOTS)
    (folder / "diseases.csv").write_text("candidate\n" + "\n".join(CANDIDATES) + "\n")
    with open(folder / "counts.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["candidate", "female", "male"])
        for candidate, counts in COUNTS.items():
            writer.writerow([candidate, *counts])
    (folder / "rank.yaml").write_text(f"""name: rank-it
output: out
seed: 5
unit_size: 2
batch_size: 3
models:
  - {{name: smollm2, path: {model}}}
datasets:
  - name: diseases
    path: templates.csv
    ranking: {{slots: groups.csv, candidates: diseases.csv}}
techniques: [completion]
""")
    return folder


def mpirun(nucleus, ranks, *args):
    env = {**os.environ, "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "SWIFT_BACKTRACE": "enable=no"}
    command = ["mpirun", "-np", str(ranks), "--oversubscribe", "--bind-to", "none", "-x", "SWIFT_BACKTRACE",
               str(nucleus), "run", *map(str, args)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"mpirun -np {ranks} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"


def ranking_tables(folder):
    """/ranking of every unit file, keyed by cell folder and file name."""
    tables = {}
    for path in sorted((folder / "units").glob("*/*.h5")):
        with h5py.File(path, "r") as f:
            group = f["ranking"]
            tables[(path.parent.name, path.name)] = {
                name: group[name].asstr()[:].tolist() if group[name].dtype.kind == "O" else group[name][:]
                for name in group}
    return tables


@pytest.fixture(scope="module")
def results(nucleus, job):
    one, two = job / "one", job / "two"
    mpirun(nucleus, 1, job / "rank.yaml", "--output", one)
    mpirun(nucleus, 2, job / "rank.yaml", "--output", two)
    return one, two


def test_two_ranks_write_the_same_rankings_as_one(results):
    one, two = ranking_tables(results[0]), ranking_tables(results[1])
    assert sorted(one) == sorted(two) and len(one) == 3  # 2 templates × 3 forms, 2 per unit
    for key, table in one.items():
        for column, values in table.items():
            assert np.array_equal(np.asarray(values), np.asarray(two[key][column])), (key, column)


def test_unit_files_hold_every_filled_template_times_candidate(results):
    rows = [row for table in ranking_tables(results[0]).values()
            for row in zip(table["template_id"], table["group"], table["form"], table["candidate"],
                           table["score"], table["mean_score"], table["n_tokens"])]
    assert len(rows) == 2 * 3 * len(CANDIDATES)
    assert {(t, g, f) for t, g, f, *_ in rows} == {
        (t, g, f) for t in ("diagnosed", "told") for g, f in (("female", "female"), ("female", "woman"), ("male", "male"))}
    for *_, score, mean, n in rows:
        assert score < 0 and n >= 1 and abs(mean - score / n) < 1e-12


def expected_report(folder):
    """ranking.csv, top/bottom and variation computed here from the unit files."""
    by_key = {}
    for table in ranking_tables(folder).values():
        for t, g, c, s in zip(table["template_id"], table["group"], table["candidate"], table["score"]):
            by_key.setdefault((t, g), {}).setdefault(c, []).append(s)
    ranking = {}
    for (t, g), scores in by_key.items():
        means = {c: float(np.mean(v)) for c, v in scores.items()}
        for c, m in means.items():
            ranking[(t, g, c)] = (m, 1 + sum(other > m for other in means.values()))
    return ranking


def test_reduce_rankings_and_kendall_against_python(nucleus, results, job):
    folder = results[0]
    run(nucleus, "reduce", folder, "--compare-ranking", job / "counts.csv", "--no-png")
    report = folder / "report"
    expected = expected_report(folder)
    with open(report / "ranking.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(expected) == 2 * 2 * len(CANDIDATES)
    for row in rows:
        score, rank = expected[(row["template"], row["group"], row["candidate"])]
        assert abs(float(row["score"]) - score) < 1e-8 * max(1, abs(score))
        assert int(row["rank"]) == rank

    with open(report / "ranking_top_bottom.csv", newline="") as f:
        for row in csv.DictReader(f):
            ranks = {t: expected[(t, row["group"], row["candidate"])] for t in ("diagnosed", "told")}
            lowest = {t: min(s for (tt, g, _), (s, _) in expected.items() if tt == t and g == row["group"]) for t in ranks}
            assert int(row["top"]) == sum(r == 1 for _, r in ranks.values())
            assert int(row["bottom"]) == sum(s == lowest[t] for t, (s, _) in ranks.items())

    with open(report / "ranking_variation.csv", newline="") as f:
        for row in csv.DictReader(f):
            pairs = list(itertools.combinations([expected[(t, row["group"], row["candidate"])] for t in ("diagnosed", "told")], 2))
            assert abs(float(row["score_mean_abs_diff"]) - np.mean([abs(a[0] - b[0]) for a, b in pairs])) < 1e-8
            assert abs(float(row["rank_mean_abs_diff"]) - np.mean([abs(a[1] - b[1]) for a, b in pairs])) < 1e-12

    with open(report / "ranking_comparison.csv", newline="") as f:
        comparison = list(csv.DictReader(f))
    assert {(r["template"], r["group"]) for r in comparison} == {
        (t, g) for t in ("all", "diagnosed", "told") for g in ("female", "male")}
    for row in comparison:
        column = ("female", "male").index(row["group"])
        templates = ("diagnosed", "told") if row["template"] == "all" else (row["template"],)
        x = [np.mean([expected[(t, row["group"], c)][0] for t in templates]) for c in sorted(CANDIDATES)]
        y = [COUNTS[c][column] for c in sorted(CANDIDATES)]
        reference = scipy.stats.kendalltau(x, y)
        assert int(row["n"]) == len(CANDIDATES)
        assert abs(float(row["kendall_tau_b"]) - reference.statistic) < 1e-9
        assert abs(float(row["p_value"]) - reference.pvalue) < 1e-9
    # reduce.json holds the same tables, numbers as numbers.
    ranking = json.loads((report / "reduce.json").read_text())["ranking"]
    assert ranking["scores"] == 6 * len(CANDIDATES) and ranking["comparison_file"] == str(job / "counts.csv")
    assert len(ranking["ranking"]) == len(expected)
    for row in ranking["ranking"]:
        score, rank = expected[(row["template"], row["group"], row["candidate"])]
        assert abs(row["score"] - score) < 1e-8 * max(1, abs(score)) and row["rank"] == rank
    with open(report / "ranking_top_bottom.csv", newline="") as f:
        assert [(r["group"], r["candidate"], int(r["top"]), int(r["bottom"])) for r in csv.DictReader(f)] == \
            [(r["group"], r["candidate"], r["top"], r["bottom"]) for r in ranking["top_bottom"]]
    with open(report / "ranking_variation.csv", newline="") as f:
        for row, reported in zip(list(csv.DictReader(f)), ranking["variation"], strict=True):
            assert (row["group"], row["candidate"]) == (reported["group"], reported["candidate"])
            assert abs(float(row["score_mean_abs_diff"]) - reported["score_mean_abs_diff"]) < 1e-8
            assert abs(float(row["rank_mean_abs_diff"]) - reported["rank_mean_abs_diff"]) < 1e-9
    for row, reported in zip(comparison, ranking["comparison"]):
        assert (row["template"], row["group"], int(row["n"])) == (reported["template"], reported["group"], reported["n"])
        assert abs(float(row["kendall_tau_b"]) - reported["kendall_tau_b"]) < 1e-9
    figure = (report / "ranking_comparison.svg").read_text()
    assert "<svg" in figure and ">female</text>" in figure and ">male</text>" in figure
    for name in ("ranking.tex", "ranking_top_bottom.tex", "ranking_variation.tex", "ranking_comparison.tex"):
        assert "\\begin{tabular}" in (report / name).read_text()


def test_a_counts_table_that_does_not_fit_is_named_by_file_and_line(nucleus, results, job):
    bad = job / "bad_counts.csv"
    bad.write_text("candidate,female,male\ndiabetes,1,2\nflu,3,4\n")
    result = run(nucleus, "reduce", results[0], "--compare-ranking", bad, "--no-png", check=False)
    assert result.returncode != 0
    assert f"{bad}:3: row 'flu' is not a candidate of the ranking" in result.stderr


def test_bad_templates_stop_the_run_before_any_model_loads(nucleus, job, tmp_path):
    for name in ("groups.csv", "diseases.csv"):
        shutil.copy(job / name, tmp_path / name)
    (tmp_path / "templates.csv").write_text("id,template\nok,The {group} patient\nnone,No slot here\n")
    shutil.copy(job / "rank.yaml", tmp_path / "rank.yaml")
    result = run(nucleus, "run", tmp_path / "rank.yaml", "--output", tmp_path / "out", check=False)
    assert result.returncode != 0
    assert f"{tmp_path / 'templates.csv'}:3: template 'none' has no {{slot}} placeholder" in result.stderr
    assert not (tmp_path / "out" / "units").exists()


def test_dry_run_counts_ranking_passes(nucleus, job, tmp_path):
    text = run(nucleus, "run", job / "rank.yaml", "--output", tmp_path / "out", "--dry-run").stdout
    # Every template names {group}; each value's surface forms are scored as their own rows.
    forms = len(SLOTS.strip().splitlines()) - 1
    templates = len(list(csv.DictReader(TEMPLATES.splitlines())))
    filled = templates * forms
    units = -(-filled // 2)  # unit_size 2
    assert f"1 cells, {units} units, {filled * len(CANDIDATES)} ranking passes ({filled} filled templates" in text
    assert "sequences" not in text
    assert "context 8192 tokens (nothing generated: no prompt lengths to check)" in text


def test_rerun_of_a_ranked_row_is_refused_with_the_line(nucleus, job, results, tmp_path):
    one, _ = results
    copy = tmp_path / "one"
    shutil.copytree(one, copy)
    rerun_csv = tmp_path / "rerun.csv"
    rerun_csv.write_text("model,dataset,technique,row\nsmollm2,diseases,completion,0\n")
    before = sorted(p.name for p in (copy / "units").glob("*/*.h5"))
    result = run(nucleus, "run", job / "rank.yaml", "--output", copy, "--rerun", rerun_csv, check=False)
    assert result.returncode != 0
    assert f"{rerun_csv}:2: dataset 'diseases' has task: rank; --rerun reruns generated prompts only" in result.stderr
    assert sorted(p.name for p in (copy / "units").glob("*/*.h5")) == before

"""The GSM8K prompting study end to end on SmolLM2: run, reduce, an independent Python check of
the report, a rerun of chosen prompts merged by the next reduce, the laptop reducer, damaged
unit files skipped with a count, and the reducer's refusals and exit statuses (files of another
job or with other settings, missing units, stale and kept reports)."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zlib

import h5py
import pytest

from conftest import REPO, run

REPORT_FILES = ["summary.md", "correlation.csv", "correlation.tex", "binned_medians.csv", "accuracy.csv",
                "accuracy.tex", "prompts.csv", "buggy_prompts_to_rerun.csv", "accuracy.svg",
                # One entropy–cosine grid (models × datasets) per technique.
                "entropy_cosine_baseline.svg", "entropy_cosine_chain-of-thought.svg", "entropy_cosine_chain-of-draft.svg"]


@pytest.fixture(scope="session")
def nucleus_reduce():
    binary = REPO / ".build/release/nucleus-reduce"
    assert binary.exists(), "build first: swift build -c release --product nucleus-reduce"
    return binary


def small_study_job(tmp_path, questions=10, max_new_tokens=128):
    """The shipped GSM8K prompting job, cut down to run in about a minute."""
    text = (REPO / "jobs/gsm8k-prompting-smollm2.yaml").read_text()
    text = text.replace("limit: 60", f"limit: {questions}").replace("max_new_tokens: 192", f"max_new_tokens: {max_new_tokens}")
    text = text.replace("path: ../data/", f"path: {REPO}/data/")
    job = tmp_path / "study.yaml"
    job.write_text(text)
    return job


@pytest.fixture(scope="module")
def study(nucleus, model, tmp_path_factory):
    folder = tmp_path_factory.mktemp("study")
    env = {**os.environ, "NUCLEUS_MODELS": str(model.parent)}
    job = small_study_job(folder)
    results = folder / "results"
    run(nucleus, "run", job, "--output", results, env=env)
    reduced = run(nucleus, "reduce", results)
    return dict(job=job, results=results, env=env, reduce_output=reduced.stdout)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check(results, *extra):
    return subprocess.run([sys.executable, str(REPO / "scripts/check_reduce.py"), str(results), *extra],
                          capture_output=True, text=True)


def test_reduce_writes_every_report_file(study):
    report = study["results"] / "report"
    for name in REPORT_FILES:
        assert (report / name).stat().st_size > 0, name
    accuracy = read_csv(report / "accuracy.csv")
    assert sorted(row["technique"] for row in accuracy) == ["baseline", "chain-of-draft", "chain-of-thought"]
    for row in accuracy:
        assert int(row["prompts"]) == 10
        assert int(row["answered"]) + int(row["buggy"]) == 10
        assert 0 <= float(row["accuracy_all_low"]) <= float(row["accuracy_all"]) <= float(row["accuracy_all_high"]) <= 1
    summary = (report / "summary.md").read_text()
    assert "## GSM8K accuracy" in summary and "## Entropy vs nucleus cosine" in summary
    assert "<svg" in (report / "accuracy.svg").read_text()[:400]
    if shutil.which("rsvg-convert"):
        for name in ("entropy_cosine_baseline.png", "accuracy.png"):
            assert (report / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_independent_python_check_agrees(study):
    result = check(study["results"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "report agrees" in result.stdout


def test_filter_option_is_checked_too(study, nucleus, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(study["results"], copy)
    run(nucleus, "reduce", copy, "--filter-original")
    result = check(copy, "--filter-original")
    assert result.returncode == 0, result.stdout + result.stderr


def test_buggy_list_has_the_rerun_format_and_names_buggy_prompts(study):
    report = study["results"] / "report"
    rows = read_csv(report / "buggy_prompts_to_rerun.csv")
    prompts = read_csv(report / "prompts.csv")
    buggy = {(p["model"], p["dataset"], p["technique"], p["row"]) for p in prompts if p["buggy"] == "true"}
    assert {(r["model"], r["dataset"], r["technique"], r["row"]) for r in rows} == buggy
    assert open(report / "buggy_prompts_to_rerun.csv").readline().strip() == "model,dataset,technique,row,sample"


def test_rerun_then_reduce_changes_exactly_the_rerun_prompts(study, nucleus, tmp_path):
    results = tmp_path / "results"
    shutil.copytree(study["results"], results)
    before = {(p["model"], p["dataset"], p["technique"], p["row"]): p for p in read_csv(results / "report/prompts.csv")}
    chosen = sorted(before)[:1] + sorted(before)[-2:]
    listed = {(r["model"], r["dataset"], r["technique"], r["row"]) for r in
              read_csv(results / "report/buggy_prompts_to_rerun.csv")} | set(chosen)
    rerun_csv = tmp_path / "rerun.csv"
    rerun_csv.write_text("model,dataset,technique,row\n" + "".join(",".join(k) + "\n" for k in sorted(listed)))
    run(nucleus, "run", study["job"], "--output", results, "--rerun", rerun_csv, env=study["env"])
    reduced = run(nucleus, "reduce", results)
    after = {(p["model"], p["dataset"], p["technique"], p["row"]): p for p in read_csv(results / "report/prompts.csv")}
    assert after.keys() == before.keys()
    for key in before:
        if key in listed:
            assert int(after[key]["attempt"]) == int(before[key]["attempt"]) + 1, key
        else:
            assert after[key] == before[key], key
    assert f"{len(listed)} prompts replaced by a newer attempt" in reduced.stdout
    replaced = sum(int(r["replaced_by_rerun"]) for r in read_csv(results / "report/accuracy.csv"))
    assert replaced == len(listed)
    assert "replaced by a rerun" in (results / "report/summary.md").read_text()
    result = check(results)
    assert result.returncode == 0, result.stdout + result.stderr


def test_laptop_reducer_links_neither_mpi_nor_blas_and_gives_the_same_report(study, nucleus_reduce, tmp_path):
    linked = subprocess.run(["ldd", str(nucleus_reduce)], capture_output=True, text=True).stdout
    assert "libhdf5" in linked
    assert "libmpi" not in linked and "openblas" not in linked and "libblas" not in linked, linked
    # Same folder name: summary.md names the results folder.
    copy = tmp_path / "laptop" / study["results"].name
    shutil.copytree(study["results"], copy, ignore=shutil.ignore_patterns("report"))
    run(nucleus_reduce, copy)
    for name in ["correlation.csv", "accuracy.csv", "binned_medians.csv", "prompts.csv", "summary.md", "accuracy.tex"]:
        assert (copy / "report" / name).read_bytes() == (study["results"] / "report" / name).read_bytes(), name


def test_damaged_unit_files_are_skipped_by_name_with_a_count(study, nucleus, tmp_path):
    copy = tmp_path / "damaged"
    shutil.copytree(study["results"], copy, ignore=shutil.ignore_patterns("report"))
    files = sorted((copy / "units").glob("*/*.h5"))
    truncated, garbage = files[0], files[1]
    truncated.write_bytes(truncated.read_bytes()[:5000])
    garbage.write_bytes(b"not an HDF5 file at all" * 100)
    result = run(nucleus, "reduce", copy, check=False)
    # The report is written, but partial: exit status 3, so a Slurm afterok chain stops here.
    assert result.returncode == 3, result.stderr
    assert "warning: partial report: 2 of 3 planned units not read in full; 2 unusable unit files skipped" in result.stderr
    assert "skipped 2 unusable unit files" in result.stdout
    assert str(truncated) in result.stdout and str(garbage) in result.stdout
    summary = (copy / "report/summary.md").read_text()
    assert "unusable, skipped: 2" in summary
    assert truncated.name in summary and garbage.name in summary
    accuracy = read_csv(copy / "report/accuracy.csv")
    # Three cells of one 10-row unit each: the one intact file is all that is left.
    assert [int(r["prompts"]) for r in accuracy] == [10]
    assert run(nucleus, "reduce", copy, "--allow-partial").returncode == 0


def reseal(path):
    """Seals a unit file again after an edit with h5py, as Nucleus' writer seals it (user block:
    magic, length, zlib crc32 of everything after the first 512 bytes)."""
    data = path.read_bytes()
    seal = f"NUCLEUS-UNIT-FILE 1\nlength {len(data)}\ncrc32 {zlib.crc32(data[512:]):08x}\n".encode()
    path.write_bytes(seal + bytes(512 - len(seal)) + data[512:])


def edit_attributes(path, **attributes):
    with h5py.File(path, "r+") as f:
        for name, value in attributes.items():
            f.attrs[name] = value
    reseal(path)


def unit_files(results):
    return sorted((results / "units").glob("*/*.attempt-*.h5"))


def test_summary_states_the_job_hash_and_analysis_settings(study):
    stamp = json.loads((study["results"] / "job.json").read_text())
    with h5py.File(unit_files(study["results"])[0], "r") as f:
        analysis = json.loads(f.attrs["analysis"])
    summary = (study["results"] / "report/summary.md").read_text()
    assert f"- Job hash: `{stamp['jobHash']}`" in summary
    assert f"- Analysis settings: nucleus top-p {analysis['top_p']}, top-K {analysis['top_k']}" in summary
    assert "- Report: complete: every one of the 3 planned units read" in summary
    reduced = json.loads((study["results"] / "report/reduce.json").read_text())
    assert (reduced["status"], reduced["job_hash"], reduced["plan"]["planned_units"]) == ("complete", stamp["jobHash"], 3)


def test_a_missing_unit_is_listed_and_the_exit_status_says_partial(study, nucleus, tmp_path):
    copy = tmp_path / "missing"
    shutil.copytree(study["results"], copy, ignore=shutil.ignore_patterns("report"))
    gone = unit_files(copy)[1]
    unit_id = gone.name.split(".attempt-")[0]
    gone.unlink()
    result = run(nucleus, "reduce", copy, check=False)
    assert result.returncode == 3, result.stderr
    assert f"missing: unit {unit_id} (" in result.stderr and "dataset rows 0–9): no readable file" in result.stderr
    summary = (copy / "report/summary.md").read_text()
    assert "## Missing units" in summary and f"- unit {unit_id} (" in summary
    assert "- Report: **partial**: 1 of 3 planned units not read in full" in summary
    assert [u["unit_id"] for u in json.loads((copy / "report/reduce.json").read_text())["plan"]["missing_units"]] == [unit_id]
    assert run(nucleus, "reduce", copy, "--allow-partial").returncode == 0
    result = check(copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_unit_file_of_another_job_stops_the_reduce_and_keeps_the_old_report(study, nucleus, tmp_path):
    copy = tmp_path / "mixed"
    shutil.copytree(study["results"], copy)
    # The same prompts as another job's unit: what a results folder reused for a changed job holds.
    original = unit_files(copy)[0]
    foreign = original.with_name("0123456789abcdef.attempt-1.h5")
    shutil.copy(original, foreign)
    edit_attributes(foreign, job_hash="f" * 64, unit_id="0123456789abcdef")
    old_report = {p.name: p.read_bytes() for p in (copy / "report").iterdir()}
    result = run(nucleus, "reduce", copy, check=False)
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert str(foreign) in line and str(copy / "job.json") in line and "--split-mismatched" in line, line
    assert {p.name: p.read_bytes() for p in (copy / "report").iterdir()} == old_report
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith("report")) == ["report"]

    split = run(nucleus, "reduce", copy, "--split-mismatched")
    assert split.returncode == 0
    index = (copy / "report/summary.md").read_text()
    assert "split into 2 groups" in index and f"`{'f' * 64}`" in index
    # Each prompt counts once, in its own job's group.
    groups = [read_csv(copy / f"report/group-{n}/prompts.csv") for n in (1, 2)]
    assert sorted(len(g) for g in groups) == [10, 30]
    assert not (copy / "report/correlation.csv").exists()


def test_one_row_with_other_analysis_settings_stops_the_reduce(study, nucleus, tmp_path):
    copy = tmp_path / "settings"
    shutil.copytree(study["results"], copy, ignore=shutil.ignore_patterns("report"))
    first = unit_files(copy)[0]
    # A second file of the same row, computed with another nucleus mass (a rerun after the
    # analysis settings changed while the job hash did not).
    other = first.with_name(first.name.replace(".attempt-1.", ".attempt-2."))
    shutil.copy(first, other)
    with h5py.File(other, "r") as f:
        analysis = json.loads(f.attrs["analysis"])
    analysis["top_p"] = 0.5
    edit_attributes(other, attempt=2, analysis=json.dumps(analysis, sort_keys=True, separators=(",", ":")))
    result = run(nucleus, "reduce", copy, check=False)
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert str(first) in line and str(other) in line and "analysis settings" in line, line
    assert not (copy / "report").exists() or not any((copy / "report").iterdir())
    assert run(nucleus, "reduce", copy, "--split-mismatched").returncode == 0
    assert "nucleus top-p 0.5" in (copy / "report/summary.md").read_text()


def test_a_re_reduce_leaves_no_stale_report_file(study, nucleus, tmp_path):
    copy = tmp_path / "stale"
    shutil.copytree(study["results"], copy)
    (copy / "report/entropy_cosine_retired-technique.svg").write_text("<svg/>")
    run(nucleus, "reduce", copy)
    assert not (copy / "report/entropy_cosine_retired-technique.svg").exists()
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith("report")) == ["report"]


@pytest.mark.parametrize("replace, expected", [
    ("- {name: chain-of-draft, shots: 3}", "unknown technique"),
    ("shape: gsm8k", "shape"),
])
def test_unknown_technique_or_shape_lists_the_choices(nucleus, model, tmp_path, replace, expected):
    job = small_study_job(tmp_path)
    text = job.read_text()
    if "technique" in expected:
        text = text.replace(replace, "- chain-of-lies")
    else:
        text = text.replace(replace, "shape: gsm9k")
    job.write_text(text)
    result = run(nucleus, "run", job, "--dry-run", check=False, env={**os.environ, "NUCLEUS_MODELS": str(model.parent)})
    assert result.returncode != 0
    line = result.stderr.strip().splitlines()[0]
    assert str(job) in line and expected in line
    choices = ["baseline", "chain-of-thought", "chain-of-draft"] if "technique" in expected else ["gsm8k", "xsum", "writingprompts", "custom"]
    assert all(choice in line for choice in choices), line
    assert not (tmp_path / "results").exists()


def test_shipped_jobs_expand_to_their_grids(nucleus, model, tmp_path):
    models = tmp_path / "models"
    for name in ["deepseek-llm-7b-base", "Llama-3.1-8B", "Llama-3.1-8B-Instruct", "Mistral-7B-v0.1", "Qwen3-8B"]:
        (models / name).mkdir(parents=True)
    shutil.copy(model, models / model.name)
    env = {**os.environ, "NUCLEUS_MODELS": str(models)}
    expected = {
        "smoke.yaml": "6 cells, 8 units",
        "gsm8k-prompting-smollm2.yaml": "3 cells, 9 units, 180 sequences",
        "correlation-smollm2.yaml": "3 cells, 6 units, 120 sequences",
    }
    for name, grid in expected.items():
        result = run(nucleus, "run", REPO / "jobs" / name, "--dry-run", "--output", tmp_path / name, env=env)
        assert grid in result.stdout, result.stdout
        assert not (tmp_path / name).exists()
    # The cluster jobs' 7-8B models are not on this machine: --dry-run checks every prompt against
    # each model's tokenizer and context, so it stops naming the first missing config.json.
    for name in ["gsm8k-prompting.yaml", "correlation.yaml"]:
        result = run(nucleus, "run", REPO / "jobs" / name, "--dry-run", "--output", tmp_path / name, env=env, check=False)
        assert result.returncode == 1, result.stderr
        assert re.search(r"/models/[^/]+/config\.json: no such file", result.stderr), result.stderr
        assert "The operation could not be completed" not in result.stderr
        assert not (tmp_path / name).exists()

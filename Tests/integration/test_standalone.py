"""The repository stands alone: its datasets are the files data/PROVENANCE.md describes, nothing reaches
for a folder beside the checkout, no Swift test can skip itself invisibly,
and every job that fits one machine passes `nucleus run --dry-run` in a bare copy of the tree."""
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import REPO, run

# Jobs that need a cluster and 7–8B checkpoints (not bundled); every other job must dry-run here.
CLUSTER_JOBS = {"correlation.yaml", "gsm8k-prompting.yaml"}

SHARED_VARIABLE = "NUCLEUS_" + "SHARED"
BESIDE_THE_REPOSITORY = "../" + "shared"


def repository_files():
    """Tracked and untracked-but-not-ignored files, as a fresh clone (plus local edits) has them."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    return sorted(path for path in set(listed) if path and (REPO / path).is_file())


def text_lines(path):
    data = (REPO / path).read_bytes()
    if b"\0" in data[:8192]:
        return []
    return data.decode("utf-8", errors="replace").splitlines()


def provenance_table():
    """(file, rows, bytes, sha256) rows of the table in data/PROVENANCE.md."""
    rows = []
    for line in (REPO / "data/PROVENANCE.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"[0-9a-f]{64}", cells[3]):
            rows.append((cells[0], cells[1], int(cells[2]), cells[3]))
    return rows


def count_rows(path):
    if path.suffix == ".jsonl":
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in lines:
            json.loads(line)
        return len(lines)
    with open(path, newline="", encoding="utf-8") as f:
        return len(list(csv.reader(f))) - 1


def test_every_data_file_is_in_the_provenance_table_with_its_sha256_and_rows():
    table = provenance_table()
    assert len(table) >= 10
    listed = {name for name, _, _, _ in table}
    on_disk = {str(path.relative_to(REPO / "data")) for path in (REPO / "data").rglob("*")
               if path.is_file() and path.name != "PROVENANCE.md"}
    assert on_disk == listed
    for name, rows, size, sha256 in table:
        path = REPO / "data" / name
        data = path.read_bytes()
        assert len(data) == size, name
        assert hashlib.sha256(data).hexdigest() == sha256, name
        if rows != "-":
            assert count_rows(path) == int(rows), name


def test_datasets_have_the_expected_sizes_and_headers():
    expected = {"gsm8k/test.jsonl": 1319, "gsm8k/train.jsonl": 7473, "writingprompts/test.jsonl": 436,
                "xsum/test.jsonl": 500, "simpleqa/simple_qa_test_set.csv": 4326}
    for name, rows in expected.items():
        assert count_rows(REPO / "data" / name) == rows, name
    with open(REPO / "data/simpleqa/simple_qa_test_set.csv", newline="", encoding="utf-8") as f:
        header, first = next(csv.reader(f)), next(csv.reader(f))
    assert header == ["metadata", "problem", "answer"]
    assert first[1:] == ["Who received the IEEE Frank Rosenblatt Award in 2010?", "Michio Sugeno"]


def test_nothing_reaches_for_a_folder_beside_the_repository():
    roots = ("Sources/", "Tests/", "jobs/", "scripts/", ".ci/", "slurm/", "bench/", "Package.swift")
    found = [f"{path}:{number}: {line.strip()}" for path in repository_files() if path.startswith(roots)
             for number, line in enumerate(text_lines(path), 1)
             if BESIDE_THE_REPOSITORY in line or SHARED_VARIABLE in line]
    assert not found, "\n".join(found)


def test_no_swift_test_cancels_itself():
    """Swift Testing prints nothing when one argument of a parameterised test cancels, and an XCTest
    skip is easy to miss: tests state what they need with .enabled(if:) (an "opt-in:" reason) or fail."""
    found = [f"{path}:{number}: {line.strip()}" for path in repository_files()
             if path.startswith("Tests/") and path.endswith(".swift")
             for number, line in enumerate(text_lines(path), 1)
             if "Test.cancel(" in line or "XCTSkip" in line]
    assert not found, "\n".join(found)


def test_the_skip_check_allows_only_opt_in_skips(tmp_path):
    """scripts/test.sh runs scripts/check_no_skips.py on its logs: an "opt-in:" skip passes, any other fails."""
    swift_ok = ['➜ Test benchmark() skipped: "opt-in: set NUCLEUS_BENCH=1"',
                '✔ Test run with 3 tests in 1 suite passed after 0.1 seconds.']
    pytest_ok = ["SKIPPED [1] Tests/integration/test_slurm.py:209: opt-in: set NUCLEUS_SLOW_TESTS=1", "3 passed, 1 skipped in 1.0s"]

    def check(swift, pytest_lines):
        (tmp_path / "swift.log").write_text("\n".join(swift) + "\n")
        (tmp_path / "pytest.log").write_text("\n".join(pytest_lines) + "\n")
        return subprocess.run([str(REPO / ".venv/bin/python"), str(REPO / "scripts/check_no_skips.py"),
                               str(tmp_path / "swift.log"), str(tmp_path / "pytest.log")], capture_output=True, text=True)

    assert check(swift_ok, pytest_ok).returncode == 0
    skipped_suite = check(['➜ Suite ModelTests skipped: "needs models/"'] + swift_ok, pytest_ok)
    assert skipped_suite.returncode == 1 and "skipped: ModelTests: needs models/" in skipped_suite.stderr
    cancelled = check(['➜ Test load() was cancelled after 0.01 seconds: "no file"'] + swift_ok, pytest_ok)
    assert cancelled.returncode == 1 and "skipped: load(): no file" in cancelled.stderr
    skipped_module = check(swift_ok, ["SKIPPED [4] Tests/integration/test_mpi.py: needs mpirun"] + pytest_ok)
    assert skipped_module.returncode == 1 and "needs mpirun" in skipped_module.stderr
    assert check(swift_ok[:1], pytest_ok).returncode == 1   # no summary: swift test did not run


@pytest.fixture(scope="module")
def bare_copy(tmp_path_factory, model):
    """The repository's files alone in an empty folder (nothing beside it), with models/ as setup.sh makes it."""
    root = tmp_path_factory.mktemp("lonely") / "nucleus"
    for path in repository_files():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / path, target)
    (root / "models").symlink_to(model.parent.resolve(), target_is_directory=True)
    assert not (root.parent / "shared").exists()
    return root


def test_every_single_machine_job_dry_runs_in_a_bare_copy(nucleus, bare_copy, tmp_path):
    jobs = sorted(path.name for path in (bare_copy / "jobs").glob("*.yaml"))
    assert CLUSTER_JOBS <= set(jobs)
    env = {key: value for key, value in os.environ.items() if not key.startswith("NUCLEUS_")}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = sorted(bare_copy.rglob("*"))
    for name in jobs:
        result = run(nucleus, "run", bare_copy / "jobs" / name, "--dry-run", check=False, env=env, cwd=elsewhere)
        if name in CLUSTER_JOBS:
            # Their 7–8B folders are not bundled: the error names the first missing one.
            assert result.returncode != 0 and "models[0].path" in result.stderr, (name, result.stderr)
        else:
            assert result.returncode == 0, (name, result.stderr)
            assert "cells" in result.stdout and "units" in result.stdout, (name, result.stdout)
    assert sorted(bare_copy.rglob("*")) == before
    assert not any(elsewhere.iterdir())

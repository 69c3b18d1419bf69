"""`nucleus run` under a real mpirun on the smoke job: results independent of the rank count, resume
after a worker is killed, reruns of single prompts, a rank that cannot load its model."""
import csv
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import time

import h5py
import numpy as np
import pytest

from conftest import REPO, run

SMOKE = REPO / "jobs/smoke.yaml"
UNITS = 8
PROMPT_COLUMNS = ["row", "prompt_text", "reference", "completion_text", "finish_reason", "n_prompt_tokens",
                  "n_generated", "token_offset"]
TOKEN_COLUMNS = ["token_id", "logprob", "rank", "entropy", "varentropy", "nucleus_size", "nucleus_mass",
                 "nucleus_entropy", "nucleus_cosine", "nucleus_cosine_weighted", "topk_ids", "topk_logprobs"]

pytestmark = pytest.mark.skipif(shutil.which("mpirun") is None, reason="needs mpirun (openmpi-bin)")


@pytest.fixture(scope="module")
def env(model):
    return {**os.environ, "NUCLEUS_MODELS": str(model.parent), "OMPI_ALLOW_RUN_AS_ROOT": "1",
            "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "SWIFT_BACKTRACE": "enable=no"}


def mpirun_command(nucleus, ranks, *args, mpi_options=()):
    return ["mpirun", "-np", str(ranks), "--oversubscribe", *mpi_options, "-x", "SWIFT_BACKTRACE",
            "-x", "NUCLEUS_MODELS", str(nucleus), "run", *map(str, args)]


def mpirun(nucleus, env, ranks, *args, check=True, mpi_options=(), timeout=300):
    result = subprocess.run(mpirun_command(nucleus, ranks, *args, mpi_options=mpi_options), env=env,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"mpirun -np {ranks} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def unit_files(folder):
    return sorted((folder / "units").glob("*/*.h5"))


def contents(folder):
    """Every unit file's prompts and tokens, keyed by cell folder and file name."""
    found = {}
    for path in unit_files(folder):
        with h5py.File(path, "r") as f:
            prompts = {c: f["prompts"][c].asstr()[:] if f["prompts"][c].dtype.kind == "O" else f["prompts"][c][:]
                       for c in PROMPT_COLUMNS}
            tokens = {c: f["tokens"][c][:] for c in TOKEN_COLUMNS}
            found[(path.parent.name, path.name)] = (prompts, tokens, int(f.attrs["rank"]))
    return found


def assert_same_results(folder, reference):
    ours, theirs = contents(folder), contents(reference)
    assert sorted(ours) == sorted(theirs), "different unit files"
    for key, (prompts, tokens, _) in ours.items():
        other_prompts, other_tokens, _ = theirs[key]
        for column in PROMPT_COLUMNS:
            assert list(prompts[column]) == list(other_prompts[column]), (key, column)
        for column in TOKEN_COLUMNS:
            assert np.array_equal(tokens[column], other_tokens[column], equal_nan=tokens[column].dtype.kind == "f"), (key, column)


def reduce_table(nucleus, folder):
    run(nucleus, "reduce", folder)
    return (folder / "report/correlation.csv").read_text()


@pytest.fixture(scope="module")
def baseline(nucleus, env, tmp_path_factory):
    """One uninterrupted run of the smoke job under `mpirun -np 1`, reduced."""
    output = tmp_path_factory.mktemp("np1")
    result = mpirun(nucleus, env, 1, SMOKE, "--output", output)
    assert f"finished: {UNITS} units done, 0 failed" in result.stderr
    assert len(unit_files(output)) == UNITS
    return output, reduce_table(nucleus, output)


@pytest.mark.parametrize("ranks, mpi_options", [(2, ("--bind-to", "none")), (3, ())])
def test_rank_count_changes_nothing(nucleus, env, baseline, tmp_path, ranks, mpi_options):
    reference, reference_table = baseline
    result = mpirun(nucleus, env, ranks, SMOKE, "--output", tmp_path, mpi_options=mpi_options)
    assert f"finished: {UNITS} units done, 0 failed" in result.stderr
    assert_same_results(tmp_path, reference)
    workers = {rank for _, _, rank in contents(tmp_path).values()}
    assert workers == set(range(1, ranks)), "rank 0 only coordinates; every worker gets units"
    assert reduce_table(nucleus, tmp_path) == reference_table
    # Each worker logs its units with tokens/s; rank 0 logs overall progress.
    assert "[rank 1 on " in result.stderr and "tok/s" in result.stderr
    assert f"progress: {UNITS}/{UNITS} units" in result.stderr


def rank_pids(mpirun_pid):
    """World rank → pid of the `nucleus` processes mpirun started."""
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(mpirun_pid)], capture_output=True, text=True).stdout.split()
    ranks = {}
    for pid in map(int, children):
        try:
            environ = pathlib.Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        for item in environ:
            if item.startswith(b"OMPI_COMM_WORLD_RANK="):
                ranks[int(item.split(b"=")[1])] = pid
    return ranks


def test_killed_worker_then_resume_completes_the_job(nucleus, env, baseline, tmp_path):
    reference, reference_table = baseline
    command = mpirun_command(nucleus, 3, SMOKE, "--output", tmp_path)
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 240
        while len(unit_files(tmp_path)) < 1 and time.time() < deadline and process.poll() is None:
            time.sleep(0.1)
        done_before_kill = len(unit_files(tmp_path))
        assert 1 <= done_before_kill < UNITS, "the kill must land mid-run"
        pids = rank_pids(process.pid)
        assert 1 in pids, f"no rank 1 among mpirun's children: {pids}"
        os.kill(pids[1], signal.SIGKILL)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0, output
    left = len(unit_files(tmp_path))
    assert left < UNITS, "mpirun must stop the job when a rank dies"

    again = mpirun(nucleus, env, 3, SMOKE, "--output", tmp_path)
    assert f"{left} already complete, {UNITS - left} to run" in again.stderr
    assert not list((tmp_path / "units").glob("*/*tmp*")), "no temporary files left behind"
    assert_same_results(tmp_path, reference)
    assert reduce_table(nucleus, tmp_path) == reference_table


def write_csv(path, rows, header=("model", "dataset", "technique", "row")):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rerun_writes_a_new_attempt_of_only_the_listed_prompts(nucleus, env, baseline, tmp_path):
    reference, _ = baseline
    folder = tmp_path / "results"
    shutil.copytree(reference, folder)
    before = contents(folder)
    listed = write_csv(tmp_path / "rerun.csv", [("smollm2-135m", "math", "baseline", 1),
                                                ("smollm2-135m", "math", "baseline", 5),
                                                ("smollm2-135m", "facts", "completion", 2)])
    result = mpirun(nucleus, env, 2, SMOKE, "--output", folder, "--rerun", listed, mpi_options=("--bind-to", "none"))
    assert "rerunning 3 prompts in 3 units" in result.stderr
    new_files = sorted(set(contents(folder)) - set(before))
    assert [name.split(".")[1] for _, name in new_files] == ["attempt-2"] * 3
    after = contents(folder)
    rerun_rows = sorted((cell, list(after[(cell, name)][0]["row"])) for cell, name in new_files)
    assert rerun_rows == [("smollm2-135m__facts__completion__s0", [2]), ("smollm2-135m__math__baseline__s0", [1]),
                          ("smollm2-135m__math__baseline__s0", [5])]
    for key, value in before.items():  # the originals are untouched
        assert after[key][1]["token_id"].tobytes() == value[1]["token_id"].tobytes()
    # A fresh random stream: the same prompts, other continuations (a prompt may end at once on EOS
    # both times, so not necessarily every one).
    changed = 0
    for cell, name in new_files:
        unit = name.split(".")[0]
        prompts, _, _ = after[(cell, name)]
        old_prompts, _, _ = before[(cell, f"{unit}.attempt-1.h5")]
        i = list(old_prompts["row"]).index(prompts["row"][0])
        assert prompts["prompt_text"][0] == old_prompts["prompt_text"][i]
        changed += prompts["completion_text"][0] != old_prompts["completion_text"][i]
    assert changed >= 2
    reduced = run(nucleus, "reduce", folder)
    assert "3 prompts replaced by a newer attempt" in reduced.stdout + reduced.stderr

    # Running the same list again makes attempt 3.
    again = run(nucleus, "run", SMOKE, "--output", folder, "--rerun", write_csv(
        tmp_path / "one.csv", [("smollm2-135m", "math", "baseline", 5)]), env=env)
    assert "rerunning 1 prompts in 1 units" in again.stderr
    assert len(list((folder / "units").glob("*/*.attempt-3.h5"))) == 1


@pytest.mark.parametrize("row, problem", [
    (("gpt-9", "math", "baseline", 1), "rerun.csv:3: unknown model 'gpt-9'"),
    (("smollm2-135m", "poems", "baseline", 1), "rerun.csv:3: unknown dataset 'poems'"),
    (("smollm2-135m", "math", "fancy", 1), "rerun.csv:3: unknown technique 'fancy'"),
    (("smollm2-135m", "math", "baseline", 6), "rerun.csv:3: row 6 is not in the job's selection of dataset 'math'"),
    (("smollm2-135m", "math", "baseline", "two"), "rerun.csv:3: row 'two' is not a non-negative integer"),
])
def test_bad_rerun_list_is_refused_and_writes_nothing(nucleus, env, baseline, tmp_path, row, problem):
    folder = tmp_path / "results"
    shutil.copytree(baseline[0], folder)
    before = snapshot(folder)
    listed = write_csv(tmp_path / "rerun.csv", [("smollm2-135m", "math", "baseline", 0), row])
    result = run(nucleus, "run", SMOKE, "--output", folder, "--rerun", listed, env=env, check=False)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and problem in errors[0], result.stderr
    assert str(listed) in errors[0]
    assert snapshot(folder) == before


def test_rerun_list_without_header_is_refused(nucleus, env, baseline, tmp_path):
    listed = tmp_path / "rerun.csv"
    listed.write_text("smollm2-135m,math,baseline,1\n")
    result = run(nucleus, "run", SMOKE, "--output", tmp_path / "results", "--rerun", listed, env=env, check=False)
    assert result.returncode != 0 and "rerun.csv:1: missing column 'model'" in result.stderr
    assert not (tmp_path / "results").exists()


def test_rank_that_cannot_load_its_model_is_reported(nucleus, env, model, tmp_path):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(model.read_bytes()[: 1 << 20])
    job = tmp_path / "two-models.yaml"
    job.write_text(f"""
name: two-models
output: out
seed: 5
unit_size: 2
batch_size: 2
models:
  - name: good
    path: {model}
  - name: broken
    path: {broken}
datasets:
  - name: facts
    path: {REPO}/data/smoke/facts.csv
    shape: custom
    columns: {{prompt: question, reference: answer}}
    limit: 2
techniques: [baseline]
generation: {{max_new_tokens: 6, temperature: 1.0}}
""")
    result = mpirun(nucleus, env, 3, job, check=False)
    assert result.returncode != 0
    host = socket.gethostname()
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert failures and all("broken" in line and f"on {host}" in line and str(broken) in line for line in failures), result.stderr
    files = unit_files(tmp_path / "out")
    assert [p.parent.name for p in files] == ["good__facts__baseline__s0"]
    with h5py.File(files[0], "r") as f:
        assert f.attrs["complete"] == 1 and list(f["prompts/row"][:]) == [0, 1]


ATTENTION_COLUMNS = ["attention_entropy", "attention_varentropy"]


def attention_job(folder):
    """A smaller smoke job with analysis.attention: true, its paths made absolute."""
    text = SMOKE.read_text().replace("../data", str(REPO / "data")).replace("max_new_tokens: 48", "max_new_tokens: 12")
    text = text.replace("limit: 6", "limit: 2").replace("limit: 4", "limit: 2")
    text = text.replace("analysis: {top_p: 0.9, top_k: 20}", "analysis: {top_p: 0.9, top_k: 20, attention: true}")
    path = folder / "attention.yaml"
    path.write_text(text)
    return path


def test_attention_columns_independent_of_rank_count(nucleus, env, tmp_path):
    job = attention_job(tmp_path)
    one, two = tmp_path / "np1", tmp_path / "np2"
    mpirun(nucleus, env, 1, job, "--output", one)
    mpirun(nucleus, env, 2, job, "--output", two, mpi_options=("--bind-to", "none"))
    assert_same_results(two, one)
    files = unit_files(one)
    assert files
    for path in files:
        other = two / path.relative_to(one)
        with h5py.File(path, "r") as f, h5py.File(other, "r") as g:
            n = f["tokens"]["token_id"].shape[0]
            for column in ATTENTION_COLUMNS:
                ours, theirs = f["tokens"][column], g["tokens"][column]
                # SmolLM2-135M: 30 layers × 9 heads, float32, one row per generated token.
                assert ours.shape == (n, 30, 9) and ours.dtype == np.float32, (path.name, column, ours.shape)
                assert np.array_equal(ours[:], theirs[:]), (path.name, column)
            entropy = f["tokens"]["attention_entropy"][:]
            assert np.all(entropy >= 0) and np.all(np.isfinite(entropy))
            # Entropy of weights over at most (prompt + generated) keys is at most ln(keys).
            assert np.all(entropy <= np.log(4096))

"""Ctrl-C (SIGINT) stops `nucleus run` like SIGTERM: the unit in progress is finished and journaled,
the run says so and exits 75, no `started` line is left dangling, and running again completes the job."""
import signal
import subprocess
import time

from conftest import run


def tiny_job(tmp_path, model):
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(f'{{"question": "What is {i} + {i}?", "answer": "#### {2 * i}"}}\n' for i in range(6)))
    job = tmp_path / "job.yaml"
    job.write_text(f"""name: interrupt
output: {tmp_path / 'out'}
seed: 7
unit_size: 1
batch_size: 1
models:
  - name: m
    path: {model}
datasets:
  - name: d
    path: {rows}
    shape: gsm8k
techniques: [baseline]
generation: {{max_new_tokens: 24, stop: []}}
""")
    return job


def journal_statuses(out):
    """status lists per (unit, attempt), in journal order."""
    statuses = {}
    for line in (out / "journal.tsv").read_text().splitlines()[1:]:
        fields = line.split("\t")
        statuses.setdefault((fields[1], fields[2]), []).append(fields[5])
    return statuses


def test_sigint_finishes_the_unit_in_progress_and_the_run_resumes(nucleus, model, tmp_path):
    job = tiny_job(tmp_path, model)
    out = tmp_path / "out"
    process = subprocess.Popen([str(nucleus), "run", str(job), "--threads", "1"],
                               stderr=subprocess.PIPE, text=True)
    journal = out / "journal.tsv"
    deadline = time.time() + 120
    while time.time() < deadline and not (journal.exists() and "\tstarted\t" in journal.read_text()):
        time.sleep(0.05)
    assert journal.exists(), "no unit started within 2 minutes"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=300)

    assert process.returncode == 75, stderr
    assert "received SIGINT" in stderr and "units left for the next run" in stderr, stderr
    statuses = journal_statuses(out)
    assert statuses, "nothing journaled"
    for unit, history in statuses.items():
        assert history[0] == "started" and history[-1] in ("done", "failed", "abandoned"), (unit, history)
    finished = sum(history[-1] == "done" for history in statuses.values())
    assert 1 <= finished < 6, statuses

    again = run(nucleus, "run", job, "--threads", "1")
    assert f"{finished} already complete, {6 - finished} to run" in again.stderr, again.stderr
    assert len(list((out / "units").rglob("*.h5"))) == 6
    assert all(history[-1] == "done" for history in journal_statuses(out).values())

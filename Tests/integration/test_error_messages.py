"""Every error names the file or option and the problem: no raw Foundation text ("Error Domain=",
"error 512") and no parser jargon ("Missing value") reaches the user."""
import pytest

from conftest import run

RAW = ("Error Domain", "NSCocoaErrorDomain", "error 512", "Missing value", "The operation could not be completed")


def error_text(result):
    assert result.returncode != 0, result.stdout
    text = result.stderr.strip()
    assert text, "no error message"
    for raw in RAW:
        assert raw not in text, text
    return text


def test_logits_into_a_missing_folder_names_the_option_and_folder(nucleus, model, tmp_path):
    out = tmp_path / "missing-dir" / "x.npy"
    text = error_text(run(nucleus, "logits", "--model", model, "--prompt", "hi", "--out", out, check=False))
    assert "--out" in text and str(out.parent) in text and "does not exist" in text, text


@pytest.mark.parametrize("command", [
    ["logits", "--prompt", "hi", "--out", "x.npy", "--model", "MODEL", "--threads", "-1"],
    ["run", "JOB", "--threads", "-1"],
    ["generate", "--model", "MODEL", "--prompt", "hi", "--threads", "-1"],
])
def test_negative_threads_says_what_is_wrong(nucleus, model, tmp_path, command):
    command = [str(model) if part == "MODEL" else str(tmp_path / "job.yaml") if part == "JOB" else part
               for part in command]
    text = error_text(run(nucleus, *command, check=False, cwd=tmp_path))
    assert "--threads" in text and "at least 1" in text, text


def test_negative_temperature_is_a_range_error_not_a_parse_error(nucleus, model):
    text = error_text(run(nucleus, "generate", "--model", model, "--prompt", "hi", "--temperature", "-1", check=False))
    assert "temperature" in text and "-1" in text, text


def test_job_output_that_is_a_file_is_refused_by_name(nucleus, model, tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"question": "1+1?", "answer": "#### 2"}\n')
    taken = tmp_path / "results-file"
    taken.write_text("not a folder")
    job = tmp_path / "job.yaml"
    job.write_text(f"""name: t
output: {taken}
seed: 1
models: [{{name: m, path: {model}}}]
datasets: [{{name: d, path: {rows}, shape: gsm8k}}]
techniques: [baseline]
""")
    for extra in ([], ["--dry-run"]):
        text = error_text(run(nucleus, "run", job, *extra, check=False))
        assert str(job) in text and "output" in text and str(taken) in text and "is a file" in text, text
    text = error_text(run(nucleus, "run", job, "--output", taken, check=False))
    assert "--output" in text and "is a file" in text, text

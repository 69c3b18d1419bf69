"""Bad input gets a one-line error naming the file and the problem, a non-zero exit, and no output left."""
import os
import shutil

import pytest

from conftest import REPO, run


def error_line(result):
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert lines, "no error message"
    return lines[0]


@pytest.fixture()
def broken_model(model, tmp_path):
    def make(kind):
        data = bytearray(model.read_bytes()[: 4 << 20] if kind == "truncated" else model.read_bytes())
        if kind == "magic":
            data[0:4] = b"GGML"
        elif kind == "tensor_type":
            # The first tensor's type field follows its name and dims; find token_embd.weight's info.
            name = b"token_embd.weight"
            at = data.index(name) + len(name)
            dims = int.from_bytes(data[at:at + 4], "little")
            type_at = at + 4 + 8 * dims
            data[type_at:type_at + 4] = (6).to_bytes(4, "little")  # Q5_0: not supported
        path = tmp_path / f"{kind}.gguf"
        path.write_bytes(bytes(data))
        return path
    return make


@pytest.mark.parametrize("kind, message", [
    ("truncated", "truncated"),
    ("magic", "not a GGUF file"),
    ("tensor_type", "unsupported type Q5_0"),
])
def test_broken_models_are_rejected(nucleus, broken_model, kind, message):
    path = broken_model(kind)
    for command in (["inspect", path], ["logits", "--model", path, "--prompt", "hi", "--out", path.with_suffix(".npy")]):
        line = error_line(run(nucleus, *command, check=False))
        assert str(path) in line and message in line, line
        assert not path.with_suffix(".npy").exists()


def write_job(tmp_path, model, **overrides):
    data = tmp_path / "rows.jsonl"
    data.write_text('{"question": "1+1?", "answer": "#### 2"}\n')
    text = f"""name: bad
output: {tmp_path / 'out'}
seed: 1
unit_size: 1
models:
  - name: m
    path: {overrides.get('model_path', model)}
datasets:
  - name: d
    path: {data}
    shape: {overrides.get('shape', 'gsm8k')}
{overrides.get('extra_dataset', '')}
techniques: [baseline]
generation: {{max_new_tokens: 2}}
{overrides.get('extra', '')}
"""
    job = tmp_path / "job.yaml"
    job.write_text(text)
    return job


@pytest.mark.parametrize("overrides, expected", [
    ({"extra": "colour: blue"}, "colour"),
    ({"model_path": "/nonexistent/model.gguf"}, "models[0].path"),
    ({"shape": "custom", "extra_dataset": "    columns: {prompt: body}"}, "body"),
])
def test_bad_job_files_are_rejected_before_any_output(nucleus, model, tmp_path, overrides, expected):
    job = write_job(tmp_path, model, **overrides)
    line = error_line(run(nucleus, "run", job, check=False))
    assert expected in line, line
    assert (str(job) in line) or ("rows.jsonl" in line), line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.h5"))


def test_truncated_model_in_a_job_leaves_no_unit_file(nucleus, model, broken_model, tmp_path):
    job = write_job(tmp_path, model, model_path=broken_model("truncated"))
    result = run(nucleus, "run", job, check=False)
    assert result.returncode != 0
    assert "truncated" in result.stderr
    out = tmp_path / "out"
    assert not any(out.rglob("*.h5")) and not any(out.rglob("*.tmp-*"))


def test_reduce_of_a_folder_without_units_says_so(nucleus, tmp_path):
    line = error_line(run(nucleus, "reduce", tmp_path, check=False))
    assert str(tmp_path) in line

"""GGUF files of every family end to end: each tiny fixture converted by llama.cpp's converter
(Tests/TransformerTests/Fixtures/tiny-gguf, scripts/fixtures/tiny_gguf.py) gives, through
`nucleus logits`, transformers' logits of the Hugging Face folder at every position, and its
prompt is tokenized by the GGUF's own tokenizer as Hugging Face did; a GGUF with a required key
removed stops with one line naming the file and the key."""
import json

import numpy as np
import pytest
from gguf import GGUFReader, GGUFWriter

from conftest import REPO, run

FIXTURES = REPO / "Tests" / "TransformerTests" / "Fixtures"
ARCHITECTURES = {"qwen2": "qwen2", "qwen3": "qwen3", "gemma2": "gemma2", "phi": "phi2", "gpt_neox": "gptneox",
                 "mistral": "llama"}


def reference_logits(family):
    own = FIXTURES / "tiny-gguf" / family / "logits.f32.npy"  # mistral: full attention, as llama.cpp runs it
    return np.load(own if own.exists() else FIXTURES / "tiny" / family / "logits.f32.npy")


@pytest.mark.parametrize("family", sorted(ARCHITECTURES))
def test_gguf_logits_equal_transformers_at_every_position(nucleus, tmp_path, family):
    gguf = FIXTURES / "tiny-gguf" / family / "model.gguf"
    assert GGUFReader(gguf).fields["general.architecture"].contents() == ARCHITECTURES[family]
    ids = json.loads((FIXTURES / "tiny" / family / "ids.json").read_text())["ids"]
    out = tmp_path / "logits.npy"
    run(nucleus, "logits", "--model", gguf, "--ids", ",".join(map(str, ids)), "--all-positions", "--out", out)
    difference = float(np.abs(np.load(out).reshape(len(ids), -1) - reference_logits(family)).max())
    print(f"{family}: GGUF vs transformers, all positions max |Δ| = {difference:.3g}")
    assert difference <= 1e-4


@pytest.mark.parametrize("family", sorted(ARCHITECTURES))
def test_gguf_prompt_is_tokenized_as_hugging_face_does(nucleus, tmp_path, family):
    sample = json.loads((FIXTURES / "tiny-gguf" / family / "sample.json").read_text())
    result = run(nucleus, "logits", "--model", FIXTURES / "tiny-gguf" / family / "model.gguf",
                 "--prompt", sample["text"], "--out", tmp_path / "logits.npy")
    assert json.loads(result.stdout) == sample["ids"]


@pytest.mark.parametrize("family,key", [("gemma2", "gemma2.attention.layer_norm_rms_epsilon"),
                                        ("gpt_neox", "gptneox.rope.dimension_count"),
                                        ("phi", "phi2.attention.head_count")])
def test_gguf_missing_key_is_one_line_naming_it(nucleus, tmp_path, family, key):
    reader = GGUFReader(FIXTURES / "tiny-gguf" / family / "model.gguf")
    broken = tmp_path / "broken.gguf"
    writer = GGUFWriter(broken, ARCHITECTURES[family])
    for name, field in reader.fields.items():
        if name == key or name.startswith("GGUF.") or name == "general.architecture":
            continue
        value = field.contents()
        writer.add_key_value(name, value, field.types[0], sub_type=field.types[-1] if len(field.types) > 1 else None)
    for tensor in reader.tensors:
        writer.add_tensor(tensor.name, np.array(tensor.data), raw_shape=list(reversed([int(d) for d in tensor.shape])))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    result = run(nucleus, "logits", "--model", broken, "--ids", "1,2,3", "--out", tmp_path / "x.npy", check=False)
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1, result.stderr
    assert str(broken) in lines[0] and f"'{key}'" in lines[0]

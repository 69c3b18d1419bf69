"""Attention by group end to end on the tiny llama fixture (3 layers × 4 heads): a job with grouping
labels (`label:` and `label_column:`), a GSM8K-shaped and a SimpleQA-shaped dataset and
`analysis.attention: true`; the reducer's attention_by_step.csv, attention_layer_tests.csv and
heatmaps are recomputed here from the unit files (h5py, numpy, scipy) and compared."""
import csv
import math
import shutil
from collections import defaultdict

import h5py
import numpy as np
import pytest
from scipy import stats

from conftest import REPO, run

TINY = REPO / "Tests/TransformerTests/Fixtures/tiny/llama"
# Byte-level BPE over "a", "b" (one merge), digits and a space, so GSM8K answers can be extracted;
# ids beyond the vocabulary (the model has 128) decode to nothing.
VOCAB = {"a": 0, "b": 1, "ab": 2, "<s>": 3, "</s>": 4, **{str(d): 5 + d for d in range(10)}, "\u0120": 15}
TOKENIZER = """{"added_tokens": [{"id": 3, "content": "<s>", "special": true}, {"id": 4, "content": "</s>", "special": true}],
 "normalizer": null,
 "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
 "post_processor": null,
 "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
 "model": {"type": "BPE", "vocab": VOCAB, "merges": [["a", "b"]]}}"""
SIMPLEQA_GRADES = ["correct", "incorrect", "not_attempted", "correct", "incorrect", "not_attempted", "correct"]


@pytest.fixture(scope="module")
def results(nucleus, tmp_path_factory):
    import json
    folder = tmp_path_factory.mktemp("attngroups")
    model = folder / "tiny"
    shutil.copytree(TINY, model)
    (model / "tokenizer.json").write_text(TOKENIZER.replace("VOCAB", json.dumps(VOCAB)))
    (model / "tokenizer_config.json").write_text('{"bos_token": "<s>", "eos_token": "</s>", "add_bos_token": true}')
    (folder / "factual.jsonl").write_text("".join(f'{{"prompt": "ab {"a" * (i + 1)} b"}}\n' for i in range(5)))
    (folder / "mixed.csv").write_text("prompt,kind\n" + "".join(
        f"{'b a' * (i + 1)},{'creative' if i % 3 else 'factual'}\n" for i in range(7)))
    (folder / "gsm.jsonl").write_text("".join(
        f'{{"question": "a {"b" * (i + 1)}", "answer": "#### {i % 10}"}}\n' for i in range(12)))
    (folder / "sqa.csv").write_text("metadata,problem,answer\n" + "".join(
        f"{{}},{'ab' * (i + 1)} a,{i}\n" for i in range(len(SIMPLEQA_GRADES))))
    (folder / "grades.csv").write_text("row,grade\n" + "".join(f"{i},{g}\n" for i, g in enumerate(SIMPLEQA_GRADES)))
    (folder / "job.yaml").write_text(f"""name: attention-groups
output: results
seed: 11
unit_size: 4
batch_size: 4
models: [{{name: tiny, path: {model}}}]
datasets:
  - {{name: facts, path: factual.jsonl, shape: custom, columns: {{prompt: prompt}}, label: factual}}
  - {{name: mixed, path: mixed.csv, shape: custom, columns: {{prompt: prompt}}, label_column: kind}}
  - {{name: gsm, path: gsm.jsonl, shape: gsm8k}}
  - {{name: sqa, path: sqa.csv, shape: simpleqa}}
techniques: [baseline]
generation: {{max_new_tokens: 6, temperature: 1.0}}
analysis: {{attention: true}}
""")
    output = folder / "results"
    run(nucleus, "run", folder / "job.yaml", "--output", output)
    run(nucleus, "reduce", output, "--grades", folder / "grades.csv")
    return output


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def prompt_samples(results):
    """Every prompt-sample of the unit files with its stored columns."""
    samples = []
    for path in sorted((results / "units").glob("*/*.h5")):
        with h5py.File(path, "r") as f:
            offsets = f["prompts/token_offset"][:]
            entropy, varentropy = f["tokens/entropy"][:], f["tokens/varentropy"][:]
            attention = f["tokens/attention_entropy"][:].astype(np.float64)
            attention_var = f["tokens/attention_varentropy"][:].astype(np.float64)
            for i, row in enumerate(f["prompts/row"][:]):
                span = slice(offsets[i], offsets[i + 1])
                samples.append(dict(
                    dataset=f.attrs["dataset"], row=int(row), label=f["prompts/label"][i].decode(),
                    entropy=entropy[span], varentropy=varentropy[span], attention=attention[span],
                    attention_var=attention_var[span]))
    return samples


def groups(results):
    samples = prompt_samples(results)
    graded = {(p["dataset"], int(p["row"])): p for p in read_csv(results / "report/prompts.csv")}
    by = defaultdict(list)
    for s in samples:
        if s["label"]:
            by[("label", s["label"])].append(s)
        if s["dataset"] == "gsm":
            grade = graded[("gsm", s["row"])]
            if grade["buggy"] == "false":
                by[("gsm8k", "correct" if grade["correct"] == "true" else "wrong")].append(s)
        if s["dataset"] == "sqa":
            by[("simpleqa", SIMPLEQA_GRADES[s["row"]])].append(s)
    return by


def band(values):
    values = np.asarray(values, dtype=np.float64)
    mean = values.mean()
    if len(values) < 2:
        return mean, None, None
    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
    return mean, mean - half, mean + half


def close(csv_value, expected):
    if expected is None:
        return csv_value == ""
    return math.isclose(float(csv_value), expected, rel_tol=1e-8, abs_tol=1e-9)


def test_unit_files_store_labels(results):
    labels = {(s["dataset"], s["row"]): s["label"] for s in prompt_samples(results)}
    assert all(labels[("facts", r)] == "factual" for r in range(5))
    assert [labels[("mixed", r)] for r in range(7)] == ["factual" if r % 3 == 0 else "creative" for r in range(7)]
    assert all(labels[("gsm", r)] == "" for r in range(12))


def test_attention_by_step_equals_numpy(results):
    rows = read_csv(results / "report/attention_by_step.csv")
    expected_groups = groups(results)
    seen = set()
    for row in rows:
        key = (row["grouping"], row["group"])
        seen.add(key)
        step = int(row["step"])
        present = [s for s in expected_groups[key] if len(s["entropy"]) > step]
        assert int(row["n_prompts"]) == len(present)
        columns = {
            "attention_entropy": [s["attention"][step].mean() for s in present],
            "attention_varentropy": [s["attention_var"][step].mean() for s in present],
            "entropy": [s["entropy"][step] for s in present],
            "varentropy": [s["varentropy"][step] for s in present],
        }
        for name, values in columns.items():
            mean, low, high = band(values)
            assert close(row[f"{name}_mean"], mean), (key, step, name)
            assert close(row[f"{name}_low"], low) and close(row[f"{name}_high"], high), (key, step, name)
    assert seen == set(expected_groups)
    assert {("label", "factual"), ("label", "creative"), ("simpleqa", "correct")} <= seen


def test_layer_tests_equal_scipy(results):
    rows = read_csv(results / "report/attention_layer_tests.csv")
    expected_groups = groups(results)
    order = {"gsm8k": ["correct", "wrong"], "simpleqa": ["correct", "incorrect", "not_attempted"]}
    expected = []
    for grouping in ["label", "gsm8k", "simpleqa"]:
        names = sorted(g for k, g in expected_groups if k == grouping)
        names = [n for n in order.get(grouping, names) if n in names]
        for layer in range(3):
            for i, a_name in enumerate(names):
                for b_name in names[i + 1:]:
                    # A prompt-sample that generated nothing has no value in any layer.
                    a = [s["attention"][:, layer, :].mean() for s in expected_groups[(grouping, a_name)] if len(s["entropy"])]
                    b = [s["attention"][:, layer, :].mean() for s in expected_groups[(grouping, b_name)] if len(s["entropy"])]
                    if not a or not b:
                        continue
                    test = stats.mannwhitneyu(a, b, alternative="two-sided")
                    expected.append((grouping, layer, a_name, b_name, len(a), len(b), np.mean(a), np.mean(b),
                                     float(test.statistic), float(test.pvalue)))
    assert [(r["grouping"], int(r["layer"]), r["group_a"], r["group_b"]) for r in rows] == [e[:4] for e in expected]
    for row, (_, _, _, _, n_a, n_b, mean_a, mean_b, u, p) in zip(rows, expected):
        assert (int(row["n_a"]), int(row["n_b"])) == (n_a, n_b)
        assert close(row["mean_a"], mean_a) and close(row["mean_b"], mean_b)
        assert close(row["difference"], mean_a - mean_b)
        assert float(row["mann_whitney_u"]) == u
        assert close(row["p_value"], p)


def test_heatmaps_and_figures_written(results):
    report = results / "report"
    for grouping, group in groups(results):
        heatmap = report / f"attention_layer_head_tiny_{grouping}_{group}.svg"
        assert heatmap.exists(), heatmap
        text = heatmap.read_text()
        assert text.count("<rect") >= 12 and "colour-scale" in text
    assert (report / "attention_by_step_tiny_label.svg").exists()
    assert (report / "attention_layer_tests.tex").exists()
    assert "## Attention by group" in (report / "summary.md").read_text()


def test_bad_labels_are_refused_with_file_and_line(nucleus, tmp_path):
    (tmp_path / "rows.csv").write_text("prompt,kind\nab,factual\nb a,\n")
    dataset = "{name: d, path: rows.csv, shape: custom, columns: {prompt: prompt}, %s}"
    job = """name: bad-labels
output: results
seed: 1
unit_size: 2
models: [{name: tiny, path: %s}]
datasets:
  - %s
techniques: [baseline]
"""
    for keys, message in [("label_column: kind", "rows.csv:3: the row has an empty label column 'kind'"),
                          ("label_column: missing", "rows.csv:2: the row has no label column 'missing'"),
                          ("label: x, label_column: kind", "datasets[0].label_column: set label or label_column, not both")]:
        (tmp_path / "job.yaml").write_text(job % (TINY, dataset % keys))
        result = run(nucleus, "run", tmp_path / "job.yaml", "--dry-run", check=False)
        assert result.returncode != 0 and message in result.stderr, result.stderr
        assert not (tmp_path / "results").exists()

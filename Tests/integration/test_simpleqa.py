"""SimpleQA end to end: a `shape: simpleqa` job on SmolLM2, the unit files record the shape, and the
reducer's grades equal an independent Python implementation of the rule (README "SimpleQA
grading"); `--grades` replaces them and bad grade files are refused with the file and line."""
import csv
import json
import math
import unicodedata

import h5py
import pytest

from conftest import REPO, run

ABSTENTIONS = ["i don't know", "i do not know", "not sure", "i'm not sure", "i am not sure", "cannot answer",
               "can't answer", "unable to answer", "no idea", "not certain", "i don't have", "i do not have",
               "i cannot", "i can't", "i am unable", "i'm unable", "not able to", "i couldn't find",
               "i could not find", "not enough information", "no information", "i am not aware", "i'm not aware"]


def normalise(text):
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in text if not unicodedata.category(c).startswith("P"))
    return " ".join(w for w in text.split() if w not in ("a", "an", "the"))


def contains(text, phrase):
    return bool(phrase) and f" {phrase} " in f" {text} "


def rule(completion, reference):
    line = completion.lstrip().split("\n")[0].split("\r")[0]
    sentence = line
    for i, c in enumerate(line):
        if c in ".!?" and (i + 1 == len(line) or line[i + 1].isspace()):
            sentence = line[: i + 1]
            break
    answer, first = normalise(reference), normalise(sentence)
    if any(contains(first, normalise(a)) for a in ABSTENTIONS) and not contains(first, answer):
        return "not_attempted"
    return "correct" if contains(normalise(line), answer) else "incorrect"


@pytest.fixture(scope="module")
def simpleqa_results(nucleus, model, tmp_path_factory):
    folder = tmp_path_factory.mktemp("simpleqa")
    job = folder / "job.yaml"
    job.write_text(f"""name: simpleqa-check
output: results
seed: 7
unit_size: 3
batch_size: 6
models:
  - name: smollm2
    path: {model}
datasets:
  - name: simpleqa
    path: {REPO / 'data/simpleqa/simple_qa_test_set.csv'}
    shape: simpleqa
    limit: 6
techniques: [baseline]
generation: {{max_new_tokens: 16, temperature: 0, chat: true}}
analysis: {{top_p: 0.9, top_k: 5}}
""")
    output = folder / "results"
    run(nucleus, "run", job, "--output", output)
    run(nucleus, "reduce", output)
    return output


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_unit_files_record_the_shape(simpleqa_results):
    files = sorted((simpleqa_results / "units").glob("*/*.h5"))
    assert len(files) == 2
    for path in files:
        with h5py.File(path, "r") as f:
            assert f.attrs["dataset_shape"] == "simpleqa"


def test_grades_equal_the_python_rule(simpleqa_results):
    completions = {}
    for path in sorted((simpleqa_results / "units").glob("*/*.h5")):
        with h5py.File(path, "r") as f:
            rows = f["prompts/row"][:]
            texts = [t.decode() for t in f["prompts/completion_text"][:]]
            references = [t.decode() for t in f["prompts/reference"][:]]
            for row, text, reference in zip(rows, texts, references):
                completions[int(row)] = (text, reference)
    prompts = read_csv(simpleqa_results / "report/simpleqa_prompts.csv")
    assert sorted(int(p["row"]) for p in prompts) == sorted(completions)
    for p in prompts:
        text, reference = completions[int(p["row"])]
        assert p["rule_grade"] == rule(text, reference), p
        assert p["grade"] == p["rule_grade"] and p["grade_source"] == "rule"
    rates = read_csv(simpleqa_results / "report/simpleqa.csv")
    assert len(rates) == 1
    counts = {g: sum(p["grade"] == g for p in prompts) for g in ("correct", "incorrect", "not_attempted")}
    assert int(rates[0]["correct"]) == counts["correct"] and int(rates[0]["not_attempted"]) == counts["not_attempted"]
    assert math.isclose(float(rates[0]["correct_rate"]), counts["correct"] / 6, abs_tol=1e-12)
    # reduce.json carries the same table, numbers as numbers.
    [reported] = json.loads((simpleqa_results / "report/reduce.json").read_text())["simpleqa"]
    assert (reported["model"], reported["dataset"], reported["technique"]) == ("smollm2", "simpleqa", "baseline")
    assert {g: reported[g] for g in counts} == counts and reported["prompts"] == 6
    assert math.isclose(reported["correct_rate"], counts["correct"] / 6, abs_tol=1e-12)
    attempted = counts["correct"] + counts["incorrect"]
    if attempted:
        assert math.isclose(reported["accuracy_given_attempted"], counts["correct"] / attempted, abs_tol=1e-12)
    assert json.loads((simpleqa_results / "report/reduce.json").read_text())["ranking"] is None


def test_external_grades_replace_the_rule(nucleus, simpleqa_results, tmp_path):
    grades = tmp_path / "grades.csv"
    grades.write_text("row,grade\n" + "".join(f"{row},correct\n" for row in range(6)))
    run(nucleus, "reduce", simpleqa_results, "--grades", grades)
    rates = read_csv(simpleqa_results / "report/simpleqa.csv")[0]
    assert rates["correct"] == "6" and rates["externally_graded"] == "6"
    assert float(rates["f_score"]) == 1.0
    prompts = read_csv(simpleqa_results / "report/simpleqa_prompts.csv")
    assert all(p["grade"] == "correct" and p["grade_source"] == "external" for p in prompts)

    bad = tmp_path / "bad.csv"
    bad.write_text("row,grade\n2,probably\n")
    result = run(nucleus, "reduce", simpleqa_results, "--grades", bad, check=False)
    assert result.returncode == 1
    assert f"{bad}: line 2: grade 'probably' is not one of correct | incorrect | not_attempted" in result.stderr
    # The report of the last good reduce is still there.
    assert read_csv(simpleqa_results / "report/simpleqa.csv")[0]["correct"] == "6"


def test_external_grades_can_name_one_sample(nucleus, simpleqa_results, tmp_path):
    # One sample per prompt (sample 0): lines for sample 0 grade, lines for sample 1 match nothing.
    grades = tmp_path / "grades.csv"
    grades.write_text("row,sample,grade\n" + "".join(f"{row},{0 if row < 4 else 1},not_attempted\n" for row in range(6)))
    run(nucleus, "reduce", simpleqa_results, "--grades", grades)
    rates = read_csv(simpleqa_results / "report/simpleqa.csv")[0]
    assert rates["externally_graded"] == "4" and int(rates["not_attempted"]) >= 4
    prompts = {int(p["row"]): p for p in read_csv(simpleqa_results / "report/simpleqa_prompts.csv")}
    assert all(prompts[row]["grade_source"] == ("external" if row < 4 else "rule") for row in range(6))

    bad = tmp_path / "bad_sample.csv"
    bad.write_text("row,sample,grade\n1,0,correct\n2,second,correct\n")
    result = run(nucleus, "reduce", simpleqa_results, "--grades", bad, check=False)
    assert result.returncode == 1
    assert f"{bad}: line 3: sample 'second' is not a sample index (a non-negative integer)" in result.stderr

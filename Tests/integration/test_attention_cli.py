"""`nucleus score --attention --json` and `nucleus generate --attention --json` on SmolLM2: every
layer × head value against transformers' eager attention (Tests/Fixtures/attention_references.json,
from scripts/fixtures/attention_references.py), within 1e-5."""
import json

from conftest import REPO, run

REFERENCE = REPO / "Tests/Fixtures/attention_references.json"


def smollm2_case():
    return next(c for c in json.loads(REFERENCE.read_text())["cases"] if c["model"] == "smollm2")


def largest_difference(steps, expected_entropy, expected_varentropy):
    worst = 0.0
    for step, entropy, varentropy in zip(steps, expected_entropy, expected_varentropy):
        for key, expected in (("attention_entropy", entropy), ("attention_varentropy", varentropy)):
            assert len(step[key]) == 30 and all(len(row) == 9 for row in step[key])
            worst = max(worst, max(abs(a - b) for ours, theirs in zip(step[key], expected) for a, b in zip(ours, theirs)))
    return worst


def test_score_attention_equals_transformers(nucleus, model):
    case = smollm2_case()
    result = run(nucleus, "score", "--model", model, "--ids", ",".join(map(str, case["ids"])), "--attention", "--json")
    steps = json.loads(result.stdout)["steps"]
    # Position t is predicted by the query of token t - 1: prefill rows 0 … n - 2.
    assert len(steps) == len(case["ids"]) - 1
    assert largest_difference(steps, case["prefill_entropy"], case["prefill_varentropy"]) <= 1e-5


def test_generate_attention_equals_transformers(nucleus, model):
    case = smollm2_case()
    result = run(nucleus, "generate", "--model", model, "--ids", ",".join(map(str, case["decode_prompt"])),
                 "--max-new-tokens", str(len(case["decode_entropy"])), "--temperature", "0", "--attention", "--json")
    output = json.loads(result.stdout)
    assert output["ids"][:len(case["decode_generated"])] == case["decode_generated"]
    assert largest_difference(output["steps"], case["decode_entropy"], case["decode_varentropy"]) <= 1e-5


def test_without_attention_no_attention_keys(nucleus, model):
    result = run(nucleus, "score", "--model", model, "--text", "The capital of France is Paris.", "--json")
    assert all("attention_entropy" not in step for step in json.loads(result.stdout)["steps"])

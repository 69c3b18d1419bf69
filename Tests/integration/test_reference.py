"""The SmolLM2 GGUF path against Hugging Face transformers' reference outputs (Tests/Fixtures/smollm2-135m,
which keeps the first 8 greedy steps' logits of each prompt and the steps that sit near a nucleus tie)."""
import json

import numpy as np
import pytest

from conftest import run

PROMPTS = ["france", "natalia", "once", "fibonacci"]


def test_tokenize_matches_digit_split_ids_and_round_trips(nucleus, model, reference):
    result = run(nucleus, "tokenize", "--model", model, "--text-file", reference / "tokenizer_sample.txt",
                 "--check-round-trip")
    ids = json.loads(result.stdout)
    expected = json.load(open(reference / "tokenizer_sample.ids.json"))["digit_split"]["ids"]
    assert len(expected) == 1162
    assert ids == expected
    assert "round trip: ok" in result.stderr


@pytest.mark.parametrize("name", PROMPTS)
def test_last_logits_match_transformers(nucleus, model, reference, tmp_path, name):
    ref = json.load(open(reference / f"{name}.json"))
    out = tmp_path / "logits.npy"
    result = run(nucleus, "logits", "--model", model, "--prompt", ref["prompt"], "--out", out)
    assert json.loads(result.stdout) == ref["ids"]
    ours = np.load(out)
    theirs = np.load(reference / f"{name}.last_logits.f32.npy")
    assert ours.shape == theirs.shape == (49152,)
    assert np.abs(ours - theirs).max() <= 2e-3
    assert ours.argmax() == theirs.argmax()


def test_all_positions_logits_match_the_greedy_path(nucleus, model, reference, tmp_path):
    """Logits at every position of prompt + greedy continuation equal HF's step logits (the 8 kept)."""
    ref = json.load(open(reference / "once.json"))
    ids = ref["ids"] + ref["greedy_ids"][:-1]
    out = tmp_path / "all.npy"
    run(nucleus, "logits", "--model", model, "--ids", ",".join(map(str, ids)), "--all-positions", "--out", out)
    ours = np.load(out)
    assert ours.shape == (len(ids), 49152)
    theirs = np.load(reference / "once.greedy_step_logits.first8.f32.npy")
    assert theirs.shape == (8, 49152)
    ours = ours[len(ref["ids"]) - 1:][:len(theirs)]
    assert np.abs(ours - theirs).max() <= 2e-3


def near_nucleus_tie(step_logits, top_p=0.9, margin=1e-4):
    """True when the cumulative mass crosses top_p within `margin` of a token boundary."""
    p = np.exp(step_logits.astype(np.float64) - step_logits.max())
    p /= p.sum()
    cumulative = np.cumsum(np.sort(p)[::-1])
    return bool(np.any(np.abs(cumulative - top_p) < margin))


@pytest.mark.parametrize("name", PROMPTS)
def test_recorded_near_ties_agree_with_the_kept_logits(reference, name):
    """near_nucleus_ties.json (made from all steps' logits) agrees with the 8 steps kept here."""
    ties = json.load(open(reference / "near_nucleus_ties.json"))
    step_logits = np.load(reference / f"{name}.greedy_step_logits.first8.f32.npy")
    kept = [t for t in range(len(step_logits)) if near_nucleus_tie(step_logits[t], ties["top_p"], ties["margin"])]
    assert kept == [t for t in ties["steps"][name] if t < len(step_logits)]


@pytest.mark.parametrize("name", PROMPTS)
def test_greedy_generation_reproduces_transformers(nucleus, model, reference, name):
    ref = json.load(open(reference / f"{name}.json"))
    result = run(nucleus, "generate", "--model", model, "--prompt", ref["prompt"], "--temperature", "0",
                 "--max-new-tokens", "32", "--json")
    out = json.loads(result.stdout)
    assert out["prompt_ids"] == ref["ids"]
    assert out["ids"] == ref["greedy_ids"]
    assert out["text"] == ref["greedy_text"]
    near_ties = set(json.load(open(reference / "near_nucleus_ties.json"))["steps"][name])
    for ours, theirs in zip(out["steps"], ref["steps"], strict=True):
        t = theirs["step"]
        assert ours["token_id"] == theirs["token_id"]
        assert ours["rank"] == theirs["rank"] == 1
        assert ours["entropy"] == pytest.approx(theirs["entropy"], rel=1e-3)
        assert ours["varentropy"] == pytest.approx(theirs["varentropy"], rel=1e-3)
        assert ours["logprob"] == pytest.approx(theirs["logprob"], abs=1e-3)
        if t in near_ties:
            assert abs(ours["nucleus_size"] - theirs["nucleus_size"]) <= 1, f"step {t}"
        else:
            assert ours["nucleus_size"] == theirs["nucleus_size"], f"step {t}"
            if theirs["cosine"] is None:
                assert ours["nucleus_cosine"] is None
            else:
                assert ours["nucleus_cosine"] == pytest.approx(theirs["cosine"], abs=1e-3)
        assert ours["topk_ids"][:5] == theirs["top10_ids"][:5]

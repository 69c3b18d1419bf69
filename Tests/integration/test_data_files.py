"""The hand-written prompt sets under data/attention/ keep the shape their README entry and
data/PROVENANCE.md promise: 100 rows each, unique ids and prompts, every required field filled."""
import json
import re
import unicodedata

import pytest

from conftest import REPO

CREATIVE_FORMS = {"story", "poem", "description", "dialogue", "letter", "other"}
FACTUAL_TOPICS = {"geography", "science", "history", "arts", "language", "maths", "everyday", "sport",
                  "technology"}

SETS = {
    "attention/factual.jsonl": {"id_prefix": "f", "required": ("id", "prompt", "answer", "topic"),
                                "optional": ("aliases",), "group": "topic", "groups": FACTUAL_TOPICS},
    "attention/creative.jsonl": {"id_prefix": "c", "required": ("id", "prompt", "form"),
                                 "optional": (), "group": "form", "groups": CREATIVE_FORMS},
}


def read_rows(name):
    """Every line parsed on its own, so a bad line is reported by number."""
    data = (REPO / "data" / name).read_bytes()
    text = data.decode("utf-8")  # raises on anything that is not UTF-8
    assert not text.startswith("\ufeff"), f"{name}: starts with a byte-order mark"
    assert text.endswith("\n"), f"{name}: the last line has no newline"
    rows = []
    for number, line in enumerate(text.split("\n")[:-1], 1):
        assert line.strip(), f"{name}:{number}: blank line"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            pytest.fail(f"{name}:{number}: invalid JSON ({error})")
        assert isinstance(row, dict), f"{name}:{number}: not a JSON object"
        rows.append((number, row))
    return rows


def normalised(text):
    """Case, spacing and punctuation do not make two prompts different."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@pytest.mark.parametrize("name", sorted(SETS))
def test_prompt_set_has_100_rows_with_the_required_fields(name):
    spec = SETS[name]
    rows = read_rows(name)
    assert len(rows) == 100, name
    allowed = set(spec["required"]) | set(spec["optional"])
    for number, row in rows:
        where = f"{name}:{number}"
        assert set(row) <= allowed, f"{where}: unexpected keys {sorted(set(row) - allowed)}"
        for key in spec["required"]:
            value = row.get(key)
            assert isinstance(value, str) and value.strip() == value and value, f"{where}: {key} empty or padded"
        assert re.fullmatch(spec["id_prefix"] + r"\d{3}", row["id"]), f"{where}: id {row['id']!r}"
        assert row[spec["group"]] in spec["groups"], f"{where}: {spec['group']} {row[spec['group']]!r}"


@pytest.mark.parametrize("name", sorted(SETS))
def test_prompt_set_ids_and_prompts_are_unique(name):
    rows = [row for _, row in read_rows(name)]
    ids = [row["id"] for row in rows]
    assert ids == [f"{SETS[name]['id_prefix']}{n:03d}" for n in range(1, 101)], name
    prompts = [normalised(row["prompt"]) for row in rows]
    repeated = sorted({prompt for prompt in prompts if prompts.count(prompt) > 1})
    assert not repeated, f"{name}: repeated prompts {repeated}"


def test_every_topic_and_form_is_used_and_none_dominates():
    """The sets are spread over topics and forms, and interleaved so a job's `limit` takes a mix."""
    for name, spec in SETS.items():
        groups = [row[spec["group"]] for _, row in read_rows(name)]
        assert set(groups) == spec["groups"], name
        assert max(groups.count(group) for group in spec["groups"]) <= 30, name
        assert len(set(groups[:10])) >= 4, f"{name}: the first 10 rows come from fewer than 4 groups"


def test_factual_aliases_are_distinct_alternative_answers():
    for number, row in read_rows("attention/factual.jsonl"):
        aliases = row.get("aliases")
        if aliases is None:
            continue
        where = f"attention/factual.jsonl:{number}"
        assert isinstance(aliases, list) and aliases, f"{where}: aliases must be a non-empty list"
        assert all(isinstance(alias, str) and alias.strip() == alias and alias for alias in aliases), where
        forms = [row["answer"].casefold()] + [alias.casefold() for alias in aliases]
        assert len(set(forms)) == len(forms), f"{where}: an alias repeats the answer or another alias"


def test_creative_prompts_are_one_or_two_sentences():
    for number, row in read_rows("attention/creative.jsonl"):
        sentences = re.findall(r"[.!?](?:\s|$)", row["prompt"])
        assert 1 <= len(sentences) <= 2, f"attention/creative.jsonl:{number}: {row['prompt']!r}"

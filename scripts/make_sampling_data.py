#!/usr/bin/env python3
"""Splits bench/prompts-64.jsonl into data/sampling/{factual,math,stories}.jsonl by `kind`, for
jobs/diversity-determinism-smollm2.yaml (one dataset per kind, so each gets its own report rows and
figure panels). Rows keep `id`, `kind` and `prompt` unchanged; maths rows gain `answer` = "#### N",
the answer worked out by hand below (each problem's arithmetic in the comment), so the reducer can
grade answers, majority votes and perturbed-prompt answer agreement.

Usage: python3 scripts/make_sampling_data.py   (from the repository root)
"""
import json
import pathlib

ANSWERS = {
    1: 15,    # 12 - 5 + 8
    4: 22,    # 24 * 3 - 50
    7: 210,   # 15 * 14
    10: 14,   # 40 - 17 - 9
    13: 9,    # 54 / 6
    16: 63,   # 7 * 9
    19: 30,   # 45 - 45 / 3
    22: 270,  # 60 * 4.5
    25: 9,    # 28 - 14 - 5
    28: 23,   # 5 * 3 + 2 * 4
    31: 11,   # 2 + 3 + 2 * 3
    34: 2,    # 8 - 3 * 2
    37: 16,   # 9 + 4 + 3
    40: 6,    # 36 / 6
    43: 15,   # 20 * 0.75
    46: 35,   # 3 * 14 - 7
    49: 26,   # 2 * (8 + 5)
    52: 19,   # 4 * 6 - 5
    55: 103,  # 120 - 35 + 18
    58: 5,    # 150 / 30
    61: 54,   # 12 * 7 - 30
}


def main():
    rows = [json.loads(line) for line in pathlib.Path("bench/prompts-64.jsonl").read_text().splitlines() if line]
    out = pathlib.Path("data/sampling")
    out.mkdir(parents=True, exist_ok=True)
    for kind, name in [("factual", "factual"), ("math", "math"), ("story", "stories")]:
        lines = []
        for row in rows:
            if row["kind"] != kind:
                continue
            if kind == "math":
                row = {**row, "answer": f"#### {ANSWERS[row['id']]}"}
            lines.append(json.dumps(row, ensure_ascii=False))
        (out / f"{name}.jsonl").write_text("\n".join(lines) + "\n")
        print(f"{name}.jsonl: {len(lines)} rows")


if __name__ == "__main__":
    main()

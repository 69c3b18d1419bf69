"""Recomputes a Nucleus reduce from the HDF5 unit files alone and compares it with report/.

    .venv/bin/python scripts/check_reduce.py RESULTS_FOLDER [--filter-original]

An independent implementation (h5py, numpy, scipy, Python regular expressions), sharing no code
with the Swift reducer: newest attempt per (unit, row); answers extracted from the completion
text and graded against the reference (unless the file's answer_type is text, or its dataset_shape
simpleqa); accuracy and buggy counts; Pearson, Spearman and Kendall
tau-b of entropy vs nucleus cosine; 50-bin medians and scipy's curve_fit of a*H*exp(-b*H)+c.
Counts must be equal, accuracies and correlations within 1e-9, fit parameters within 1e-3
relative. Also checks provenance and completeness: every unit file carries job.json's job hash,
the files of one cell (model, dataset, technique, and settings block where the job has a settings
axis) share their generation and analysis settings, and
the planned units of job.json that no file holds are exactly those report/reduce.json lists as
missing (and its status is "partial" exactly when some are, or no plan exists). A folder the
reducer splits into groups (--split-mismatched) is outside this check: it says so and fails.
Prints every mismatch and exits 1 if there is any.
"""
import argparse
import collections
import csv
import json
import math
import pathlib
import re
import sys
from decimal import Decimal

import h5py
import numpy as np
from scipy import optimize, stats

# The answer rules of DESIGN §6, implemented from their description (not from the Swift code):
# a number is an optional sign (only where it cannot be a hyphen or operator: not after a
# letter, digit, ')' or ']'), an optional '$' (a sign may also follow it), digits grouped by
# commas in threes or not grouped, an optional fraction, an optional '%'.
BODY = re.compile(r"(\d{1,3}(?:,\d{3})+(?!\d)|\d+)?(?:\.(\d+))?")
SIGNS = {"-": True, "\u2212": True, "+": False}


def number_at(text, pos):
    """(Decimal, end) for a number starting exactly at pos, else None."""
    start, negative, signed = pos, False, False

    def sign_here(p):
        return p < len(text) and text[p] in SIGNS and (
            p > start or p == 0 or not (text[p - 1].isalnum() or text[p - 1] in ")]"))

    if sign_here(pos):
        negative, signed, pos = SIGNS[text[pos]], True, pos + 1
    if pos < len(text) and text[pos] == "$":
        pos += 1
        if not signed and sign_here(pos):
            negative, pos = SIGNS[text[pos]], pos + 1
    match = BODY.match(text, pos)
    integer, fraction = (match.group(1) or ""), (match.group(2) or "")
    if not integer and fraction and pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] == "."):
        return None
    if not integer and not fraction:
        return None
    end = match.end()
    if end < len(text) and text[end] == "%":
        end += 1
    value = Decimal((integer.replace(",", "") or "0") + ("." + fraction if fraction else ""))
    return (-value if negative else value), end


def numbers(text):
    found, pos = [], 0
    while pos < len(text):
        hit = number_at(text, pos)
        if hit:
            found.append((pos, hit[0]))
            pos = hit[1]
        else:
            pos += 1
    return found


def whole_number(text):
    """The number a string holds when it is one number and nothing else ('$5.', ' 1,234 ')."""
    text = text.strip()
    hit = number_at(text, 0)
    if hit is None or text[hit[1]:] not in ("", "."):
        return None
    return hit[0]


def marker_answers(text):
    """(position, value) after each '####' run (spaces, tabs or '*' may come between)."""
    found = []
    for match in re.finditer(r"#{4,}", text):
        pos = match.end()
        while pos < len(text) and text[pos] in " \t*":
            pos += 1
        hit = number_at(text, pos)
        if hit:
            found.append((match.end() - 4, hit[0]))
    return found


def json_answer(text):
    """(position, value) of the first JSON object with a numeric 'answer' member."""
    decoder = json.JSONDecoder(parse_float=Decimal, parse_int=Decimal)
    for match in re.finditer(r"\{", text):
        try:
            value, _ = decoder.raw_decode(text[match.start():])
        except ValueError:
            continue
        if isinstance(value, dict) and "answer" in value:
            answer = value["answer"]
            if isinstance(answer, str):
                answer = whole_number(answer)
            if isinstance(answer, Decimal):
                return match.start(), answer
    return None


def strict_answer(completion):
    candidates = marker_answers(completion)[:1]
    found = json_answer(completion)
    if found:
        candidates.append(found)
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def flexible_answer(completion):
    found = numbers(completion)
    return found[-1][1] if found else None


def reference_answer(reference):
    marked = marker_answers(reference)
    return marked[-1][1] if marked else whole_number(reference)


def row_key(row):
    """The cell of a report row (CSV or reduce.json): settings is "" without a settings axis."""
    return (row["model"], row["dataset"], row["technique"], row.get("settings") or "")


def cell_name(key):
    return "/".join(part for part in key if part)


def newest_prompts(results):
    """(unit, row) → the prompt of its highest attempt, with its tokens' entropy and cosine; the
    attempts seen per prompt; and per complete file its path, row key, job hash and settings."""
    newest = {}
    attempts_seen = collections.Counter()
    headers = []
    for path in sorted((results / "units").glob("*/*.attempt-*.h5")):
        with h5py.File(path, "r") as f:
            if not f.attrs["complete"]:
                continue
            # A cell is model × dataset × technique (× settings block, where the job has a settings axis).
            key = (json.loads(f.attrs["model"])["name"], str(f.attrs["dataset"]), str(f.attrs["technique"]),
                   str(f.attrs.get("settings", "")))
            # Numeric grading applies unless the file says the answers are text (or SimpleQA-graded).
            numeric = str(f.attrs.get("answer_type", "numeric")) != "text" and str(f.attrs.get("dataset_shape", "")) != "simpleqa"
            headers.append(dict(path=path, key=key, job_hash=str(f.attrs["job_hash"]),
                                settings=(str(f.attrs["generation"]), str(f.attrs["analysis"]))))
            unit, attempt = str(f.attrs["unit_id"]), int(f.attrs["attempt"])
            offsets = f["prompts/token_offset"][:]
            entropy, cosine = f["tokens/entropy"][:], f["tokens/nucleus_cosine"][:]
            texts = {name: [s.decode() if isinstance(s, bytes) else s for s in f["prompts/" + name][:]]
                     for name in ("completion_text", "reference")}
            for i, row in enumerate(f["prompts/row"][:]):
                ident = (unit, int(row))
                attempts_seen[ident] += 1
                if ident in newest and newest[ident]["attempt"] > attempt:
                    continue
                newest[ident] = dict(
                    key=key, attempt=attempt, numeric=numeric,
                    completion=texts["completion_text"][i], reference=texts["reference"][i],
                    entropy=entropy[offsets[i]:offsets[i + 1]], cosine=cosine[offsets[i]:offsets[i + 1]])
    return newest, attempts_seen, headers


def provenance_problems(results, newest, headers):
    """Job hash, per-row settings and planned-vs-read units against report/reduce.json."""
    problems = []
    stamp_path = results / "job.json"
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else None
    hashes = {h["job_hash"] for h in headers} | ({stamp["jobHash"]} if stamp else set())
    if len(hashes) > 1:
        return [f"unit files of several jobs ({sorted(hashes)}): the reducer refuses or splits such a folder"]
    settings = collections.defaultdict(set)
    for h in headers:
        settings[h["key"]].add(h["settings"])
    for key, values in sorted(settings.items()):
        if len(values) > 1:
            problems.append(f"{cell_name(key)}: unit files with {len(values)} different settings: the reducer refuses such a folder")
    summary = json.loads((results / "report/reduce.json").read_text())
    if hashes and summary["job_hash"] != next(iter(hashes)):
        problems.append(f"reduce.json job_hash {summary['job_hash']!r}, unit files {sorted(hashes)}")
    analysis = {row_key(r): r["analysis"] for r in summary["rows"]}
    for key, values in settings.items():
        if len(values) == 1 and analysis.get(key) != next(iter(values))[1]:
            problems.append(f"{cell_name(key)}: reduce.json analysis {analysis.get(key)!r}, unit files {next(iter(values))[1]!r}")
    planned = (stamp or {}).get("plannedUnits")
    if planned is None:
        missing = None
    else:
        # A unit's rows are positions in its dataset's selection; datasetRows maps them to the
        # file rows the unit files record (identity when absent).
        mapping = stamp.get("datasetRows") or {}

        def file_rows(unit):
            rows = mapping.get(unit["cell"]["dataset"])
            return [rows[p] if rows else p for p in range(unit["rows"][0], unit["rows"][1])]

        missing = sorted(u["id"] for u in planned if any((u["id"], row) not in newest for row in file_rows(u)))
        reported = sorted(u["unit_id"] for u in summary["plan"]["missing_units"])
        if reported != missing:
            problems.append(f"missing units: check {missing} vs reduce.json {reported}")
    if missing is None or missing:
        if summary["status"] != "partial":
            problems.append(f"reduce.json status {summary['status']!r}, expected 'partial' (missing units: {missing})")
    return problems


def fit_curve(entropy, cosine):
    """Binned medians (50 equal-width bins) and curve_fit on (bin center, median)."""
    low, high = entropy.min(), entropy.max()
    if high <= low:
        return None
    width = (high - low) / 50
    index = np.minimum(((entropy - low) / width).astype(int), 49)
    centers, medians = [], []
    for b in range(50):
        values = cosine[index == b]
        if len(values):
            centers.append(low + (b + 0.5) * width)
            medians.append(np.median(values))
    if len(centers) < 4:
        return None
    x, y = np.array(centers), np.array(medians)
    f = lambda h, a, b, c: a * h * np.exp(-b * h) + c
    best = None
    for b0 in (0.25, 0.5, 1.0, 2.0, 4.0):
        try:
            params, _ = optimize.curve_fit(f, x, y, p0=[1.0, b0, y.min()], maxfev=20000)
        except RuntimeError:
            continue
        residual = np.sum((f(x, *params) - y) ** 2)
        if params[1] > 0 and (best is None or residual < best[1]):
            best = (params, residual)
    return None if best is None else best[0]


def close(a, b, tolerance, relative=False):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    scale = max(abs(a), abs(b), 1e-300) if relative else 1.0
    return abs(a - b) <= tolerance * scale


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results", type=pathlib.Path)
    parser.add_argument("--filter-original", action="store_true",
                        help="the reduce was run with --filter-original (drop entropy 0 or cosine 1)")
    args = parser.parse_args()
    newest, attempts_seen, headers = newest_prompts(args.results)
    cells = collections.defaultdict(list)
    for ident, prompt in sorted(newest.items()):
        cells[prompt["key"]].append((ident, prompt))

    report = args.results / "report"
    correlation = {row_key(r): r for r in csv.DictReader(open(report / "correlation.csv"))}
    accuracy_path = report / "accuracy.csv"
    accuracy = {row_key(r): r for r in csv.DictReader(open(accuracy_path))} \
        if accuracy_path.exists() else {}
    problems = provenance_problems(args.results, newest, headers)

    def expect(cell, name, ours, theirs, tolerance=0.0, relative=False):
        theirs = float(theirs)
        if not close(float(ours), theirs, tolerance, relative):
            problems.append(f"{cell_name(cell)} {name}: check {ours!r} vs report {theirs!r}")

    if set(correlation) != set(cells):
        problems.append(f"cells: check {sorted(cells)} vs report {sorted(correlation)}")
    checked_fits = 0
    for cell, prompts in sorted(cells.items()):
        entropy = np.concatenate([p["entropy"] for _, p in prompts])
        cosine = np.concatenate([p["cosine"] for _, p in prompts])
        used = ~np.isnan(cosine) & np.isfinite(entropy) & np.isfinite(cosine)
        if args.filter_original:
            used &= (entropy != 0) & (cosine != 1)
        h, c = entropy[used], cosine[used]
        row = correlation.get(cell)
        if row is None:
            continue
        expect(cell, "tokens", len(entropy), row["tokens"])
        expect(cell, "used", int(used.sum()), row["used"])
        if len(h) > 2:
            for name, result in (("pearson_r", stats.pearsonr(h, c)[0]), ("spearman_rho", stats.spearmanr(h, c)[0]),
                                 ("kendall_tau_b", stats.kendalltau(h, c)[0])):
                expect(cell, name, float(result), row[name], 1e-9)
            fitted = fit_curve(h, c)
            if fitted is not None and row.get("fit_status") == "ok":
                checked_fits += 1
                for name, value in zip(("fit_a", "fit_b", "fit_c"), fitted):
                    expect(cell, name, float(value), row[name], 1e-3, relative=True)
        if any(p["numeric"] and reference_answer(p["reference"]) is not None for _, p in prompts):
            graded = []
            for ident, p in prompts:
                answer = strict_answer(p["completion"])
                if answer is None:
                    answer = flexible_answer(p["completion"])
                graded.append((ident, answer, answer is not None and answer == reference_answer(p["reference"])))
            row = accuracy.get(cell)
            if row is None:
                problems.append(f"{cell_name(cell)}: no accuracy row in the report")
                continue
            prompts_count = len(graded)
            buggy = sum(answer is None for _, answer, _ in graded)
            correct = sum(ok for _, _, ok in graded)
            replaced = sum(attempts_seen[ident] > 1 for ident, _, _ in graded)
            expect(cell, "prompts", prompts_count, row["prompts"])
            expect(cell, "replaced_by_rerun", replaced, row["replaced_by_rerun"])
            expect(cell, "buggy", buggy, row["buggy"])
            expect(cell, "answered", prompts_count - buggy, row["answered"])
            expect(cell, "correct", correct, row["correct"])
            answered = prompts_count - buggy
            expect(cell, "accuracy_all", correct / prompts_count, row["accuracy_all"], 1e-9)
            expect(cell, "accuracy_answered", correct / answered if answered else float("nan"),
                   row["accuracy_answered"], 1e-9)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"check_reduce: {len(cells)} cells, {len(newest)} prompts, {len(accuracy)} accuracy rows, "
          f"{checked_fits} fits: report agrees")


if __name__ == "__main__":
    main()

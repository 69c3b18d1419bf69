"""`nucleus cooccur` against the independent Python counter (scripts/fixtures/cooccur_reference.py):
the fixture corpus with its tricky cases, the bundled corpora, any thread count; bad input stops
with the file and line and writes nothing."""
import subprocess
import sys

import pytest

from conftest import REPO, run

FIXTURES = REPO / "Tests" / "CooccurrenceTests" / "Fixtures"
REFERENCE = REPO / "scripts" / "fixtures" / "cooccur_reference.py"
TERMS = REPO / "data" / "terms" / "diseases-groups.yaml"


def reference(corpus, fields, terms, windows, output):
    subprocess.run([sys.executable, REFERENCE, *map(str, corpus), *[f"--field={f}" for f in fields],
                    "--terms", terms, "--window", windows, "--output", output], check=True)


def tables(folder):
    return {path.name: path.read_text() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("threads", [1, 3])
def test_fixture_corpus_equals_the_reference(nucleus, tmp_path, threads):
    corpus = [FIXTURES / "corpus.jsonl", FIXTURES / "corpus.csv"]
    run(nucleus, "cooccur", *corpus, "--field", "text", "--field", "body", "--terms", FIXTURES / "terms.yaml",
        "--window", "0,1,2", "--window", "3,5,10,250", "--threads", threads, "--output", tmp_path / "swift")
    reference(corpus, ["text", "body"], FIXTURES / "terms.yaml", "0,1,2,3,5,10,250", tmp_path / "python")
    assert tables(tmp_path / "swift") == tables(tmp_path / "python")
    assert tables(tmp_path / "swift") == tables(FIXTURES / "expected")


def test_bundled_corpora_equal_the_reference(nucleus, tmp_path):
    corpus = [REPO / "data" / "writingprompts" / "test.jsonl", REPO / "data" / "xsum" / "test.jsonl"]
    result = run(nucleus, "cooccur", *corpus, "--field", "story", "--field", "document", "--terms", TERMS,
                 "--window", "10,50,250", "--threads", 2, "--output", tmp_path / "swift")
    assert "counted 936 documents" in result.stdout, result.stdout
    reference(corpus, ["story", "document"], TERMS, "10,50,250", tmp_path / "python")
    swift = tables(tmp_path / "swift")
    assert swift == tables(tmp_path / "python")
    # Not all zero: the bundled text does mention the terms.
    assert any(int(line.split(",")[-1]) > 0 for line in swift["counts_long.csv"].splitlines()[1:])


@pytest.mark.parametrize("name, text, line, message", [
    ("c.jsonl", '{"text": "a"}\n{"body": "b"}\n', 2, "missing field 'text' (has: body)"),
    ("c.jsonl", '{"text": "a"}\n\n{"text": \n', 3, "invalid JSON"),
    ("c.csv", 'id,text\n1,"a\n2,b\n', 2, "quoted field is never closed"),
])
def test_bad_corpus_names_file_and_line_and_writes_nothing(nucleus, tmp_path, name, text, line, message):
    corpus = tmp_path / name
    corpus.write_text(text)
    result = run(nucleus, "cooccur", corpus, "--terms", FIXTURES / "terms.yaml", "--window", "5",
                 "--output", tmp_path / "out", check=False)
    assert result.returncode != 0
    assert f"{corpus}:{line}: {message}" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_bad_terms_and_options(nucleus, tmp_path):
    terms = tmp_path / "terms.yaml"
    terms.write_text("candidates: [asthma]\ngroups:\n  - name: women\n    forms: [women, '...']\n")
    result = run(nucleus, "cooccur", FIXTURES / "corpus.jsonl", "--terms", terms, "--window", "5",
                 "--output", tmp_path / "out", check=False)
    assert f"{terms}:4: groups[0].forms[1]: '...' has no words" in result.stderr, result.stderr
    result = run(nucleus, "cooccur", FIXTURES / "corpus.jsonl", "--terms", FIXTURES / "terms.yaml",
                 "--window", "5,-1", "--output", tmp_path / "out", check=False)
    assert result.returncode != 0 and "--window: '-1'" in result.stderr, result.stderr
    result = run(nucleus, "cooccur", tmp_path / "corpus.txt", "--terms", FIXTURES / "terms.yaml",
                 "--window", "5", "--output", tmp_path / "out", check=False)
    assert result.returncode != 0 and "--format" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_unreadable_inputs_and_output_are_named_in_words(nucleus, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("a file")
    cases = [
        ([FIXTURES / "corpus.jsonl", "--terms", tmp_path / "absent.yaml", "--output", tmp_path / "out"],
         f"{tmp_path / 'absent.yaml'}: cannot read the terms file: no such file"),
        ([FIXTURES / "corpus.jsonl", "--terms", FIXTURES, "--output", tmp_path / "out"],
         f"{FIXTURES}: cannot read the terms file: is a folder, not a file"),
        ([tmp_path / "absent.jsonl", "--terms", FIXTURES / "terms.yaml", "--output", tmp_path / "out"],
         f"{tmp_path / 'absent.jsonl'}: no such file"),
        ([FIXTURES / "corpus.jsonl", "--terms", FIXTURES / "terms.yaml", "--output", taken],
         f"{taken}: the output folder is a file"),
        ([FIXTURES / "corpus.jsonl", "--terms", FIXTURES / "terms.yaml", "--output", taken / "sub"],
         f"{taken / 'sub'}: cannot create the output folder: not a directory ({taken} is a file)"),
    ]
    for arguments, message in cases:
        result = run(nucleus, "cooccur", *arguments, "--window", "5", check=False)
        assert result.returncode != 0 and message in result.stderr, result.stderr
        assert "The operation could not be completed" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_counts_do_not_depend_on_the_thread_count(nucleus, tmp_path):
    # About 3.5 MB: several 1 MiB chunks, counted by one thread or spread over three.
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes((REPO / "data" / "xsum" / "test.jsonl").read_bytes() * 3)
    outputs = []
    for threads in (1, 3):
        folder = tmp_path / f"threads{threads}"
        run(nucleus, "cooccur", corpus, "--field", "document", "--terms", TERMS, "--window", "5,50",
            "--threads", threads, "--output", folder)
        outputs.append(tables(folder))
    assert outputs[0] == outputs[1]
    assert "candidate,women,men" in outputs[0]["counts_w50.csv"]

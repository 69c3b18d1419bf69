"""Fixtures of the integration tests: the built `nucleus` binary, the model (scripts/setup.sh) and the
Hugging Face reference outputs (Tests/Fixtures/smollm2-135m)."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def _first_existing(*candidates):
    for candidate in candidates:
        if candidate and pathlib.Path(candidate).exists():
            return pathlib.Path(candidate)
    return None


@pytest.fixture(scope="session")
def nucleus():
    binary = _first_existing(os.environ.get("NUCLEUS_BIN"), REPO / ".build/release/nucleus")
    assert binary, "build first: swift build -c release --product nucleus"
    return binary


@pytest.fixture(scope="session")
def model():
    path = _first_existing(os.environ.get("NUCLEUS_MODEL"), REPO / "models/SmolLM2-135M-Instruct.Q4_1.gguf")
    assert path, "run scripts/setup.sh first (it fetches the model)"
    return path


@pytest.fixture(scope="session")
def reference():
    path = REPO / "Tests" / "Fixtures" / "smollm2-135m"
    assert (path / "README.md").exists(), f"{path} is missing from the checkout"
    return path


def run(binary, *args, check=True, **kwargs):
    """Runs the CLI, returns CompletedProcess with text stdout/stderr."""
    result = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{binary} {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
    return result

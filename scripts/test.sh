#!/usr/bin/env bash
# Sets up (idempotent) and runs every test: Swift unit tests (debug), then the release binary's
# integration tests against the reference outputs in Tests/Fixtures (pytest, h5py, h5dump, scipy).
# Fails when any test was skipped (scripts/check_no_skips.py; only "opt-in:" tests may be).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 SWIFT_BACKTRACE=enable=no
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

scripts/setup.sh
"$repo/.venv/bin/python" -c "import pytest" 2>/dev/null || "$repo/.venv/bin/pip" install --quiet --disable-pip-version-check pytest

echo "== swift test (unit tests)"
swift build --build-tests
swift test 2>&1 | tee "$logs/swift-test.log"

echo "== integration tests (release build)"
swift build -c release --product nucleus
swift build -c release --product nucleus-reduce
"$repo/.venv/bin/python" -m pytest -q -rs Tests/integration 2>&1 | tee "$logs/pytest.log"

"$repo/.venv/bin/python" scripts/check_no_skips.py "$logs/swift-test.log" "$logs/pytest.log"

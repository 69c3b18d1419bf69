#!/usr/bin/env python3
"""Fails when a test run skipped a test: scripts/test.sh runs it on the logs of `swift test` and of
`pytest -rs`. A skip is allowed only when its reason starts with "opt-in:" (tests that run when a
variable asks for them, such as NUCLEUS_BENCH=1). Everything else a test needs is in the repository
or comes from scripts/setup.sh, so a skip there means a test that silently did not run.

Usage: check_no_skips.py SWIFT_TEST_LOG PYTEST_LOG
"""
import re
import sys

# Swift Testing:  ➜ Test name() skipped: "reason"   ➜ Suite Name skipped: "reason"
#                 ➜ Test name() was cancelled after 0.1 seconds: "reason"
SWIFT_TESTING = re.compile(r'^\S+ (?:Test|Suite) (.+?) (?:skipped|was cancelled[^:]*)(?:: "(.*)")?\.?$')
# XCTest:         Test Case 'Class.test' skipped (0.0 seconds)
XCTEST = re.compile(r"^Test Case '(.+)' skipped")
# pytest -rs:     SKIPPED [1] Tests/integration/test_x.py:12: reason
PYTEST = re.compile(r"^SKIPPED \[\d+\] (\S+): (.*)$")
SWIFT_RUN = re.compile(r"^\S+ Test run with \d+ tests?")
PYTEST_RUN = re.compile(r"\b\d+ passed\b")


def skips(swift_log, pytest_log):
    found = []
    for line in swift_log.splitlines():
        if match := SWIFT_TESTING.match(line):
            found.append((match.group(1), match.group(2) or ""))
        elif match := XCTEST.match(line):
            found.append((match.group(1), ""))
    for line in pytest_log.splitlines():
        if match := PYTEST.match(line):
            found.append(match.groups())
    return found


def main():
    swift_log, pytest_log = (open(path, encoding="utf-8", errors="replace").read() for path in sys.argv[1:3])
    problems = []
    if not any(SWIFT_RUN.match(line) for line in swift_log.splitlines()):
        problems.append(f"{sys.argv[1]}: no Swift Testing summary line: did swift test run?")
    if not PYTEST_RUN.search(pytest_log):
        problems.append(f"{sys.argv[2]}: no pytest summary with passed tests: did pytest run?")
    for name, reason in skips(swift_log, pytest_log):
        if not reason.startswith("opt-in:"):
            problems.append(f"skipped: {name}: {reason or '(no reason given)'}")
    for problem in problems:
        print(f"check_no_skips: {problem}", file=sys.stderr)
    if problems:
        print("check_no_skips: every test must run (models/ and models/vocab come from scripts/setup.sh; "
              "data and fixtures are in the repository)", file=sys.stderr)
        return 1
    print("check_no_skips: no test skipped (opt-in tests aside)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

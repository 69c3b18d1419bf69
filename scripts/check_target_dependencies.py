#!/usr/bin/env python3
"""Checks that every target's `dependencies:` in Package.swift are exactly the modules its sources import.

SwiftPM lets a target import any module its declared dependencies bring in transitively, so a
declared list drifts silently from what the code uses; this check keeps the two equal, which makes
Package.swift an honest map of who uses whom.

For each target with Swift sources: the imported modules that belong to the package (its targets)
or to a package dependency (its products, whose module has the product's name) must equal the
declared dependencies. Exempt: a test target's dependency on an executable target (a build-order
dependency: the test runs the binary, it cannot import it). System modules (Foundation, Glibc,
Testing, ...) are not declared and so are ignored; an import that is none of these is an error, so
a new external module must be declared or listed in SYSTEM_MODULES below.

Usage: check_target_dependencies.py [PACKAGE_DIR]   (default: the repository root)
Exit status 0 when every target matches; 1 with one line per difference otherwise.
"""
import json
import pathlib
import re
import subprocess
import sys

# Modules of the toolchain and the platform: never declared in Package.swift.
SYSTEM_MODULES = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Dispatch",
    "Glibc", "Musl", "Darwin", "Android", "WinSDK", "Testing", "XCTest", "Synchronization",
    "_Concurrency", "os",
}

IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)"
)


def imported_modules(source: pathlib.Path) -> set[str]:
    """Top-level modules named by `import` lines, outside multi-line string literals (which may hold
    e.g. Python code a test runs)."""
    modules = set()
    in_string = False
    for line in source.read_text(encoding="utf-8").splitlines():
        quotes = line.count('"""')
        if in_string:
            in_string = quotes % 2 == 0
            continue
        if quotes % 2 == 1:
            in_string = True
            continue
        match = IMPORT.match(line)
        if match:
            modules.add(match.group(1))
    return modules


def dependency_name(dependency: dict) -> str:
    """The module a Package.swift dependency entry stands for."""
    for kind in ("byName", "target", "product"):
        if kind in dependency:
            return dependency[kind][0]
    raise ValueError(f"unknown dependency entry {dependency}")


def target_folder(package_dir: pathlib.Path, target: dict) -> pathlib.Path:
    if target.get("path"):
        return package_dir / target["path"]
    return package_dir / ("Tests" if target["type"] == "test" else "Sources") / target["name"]


def differences(package_dir: pathlib.Path) -> list[str]:
    dump = subprocess.run(["swift", "package", "dump-package"], cwd=package_dir, capture_output=True,
                          text=True, check=True)
    package = json.loads(dump.stdout)
    targets = {target["name"]: target for target in package["targets"]}
    executables = {name for name, target in targets.items() if target["type"] == "executable"}
    products = {dependency_name(dependency)
                for target in targets.values() for dependency in target["dependencies"] if "product" in dependency}
    known = set(targets) | products

    problems = []
    for name, target in sorted(targets.items()):
        folder = target_folder(package_dir, target)
        excluded = [folder / path for path in target.get("exclude", [])]
        sources = [path for path in sorted(folder.rglob("*.swift"))
                   if not any(path == skip or skip in path.parents for skip in excluded)]
        if not sources:
            continue
        imports: dict[str, list[str]] = {}
        for source in sources:
            for module in imported_modules(source):
                imports.setdefault(module, []).append(str(source.relative_to(package_dir)))
        unknown = sorted(set(imports) - known - SYSTEM_MODULES - {name})
        for module in unknown:
            problems.append(f"{name}: {imports[module][0]} imports {module}, which is no target or product of the "
                            f"package and no known system module (scripts/check_target_dependencies.py SYSTEM_MODULES)")
        used = set(imports) & known
        declared = {dependency_name(dependency) for dependency in target["dependencies"]}
        if target["type"] == "test":
            declared -= executables
        for module in sorted(used - declared):
            problems.append(f"{name}: imports {module} ({imports[module][0]}) but does not declare it in Package.swift")
        for module in sorted(declared - used):
            problems.append(f"{name}: declares {module} in Package.swift but no file of {folder.relative_to(package_dir)} imports it")
    return problems


def main() -> int:
    package_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[1])
    problems = differences(package_dir.resolve())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} difference(s) between Package.swift and the imports", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

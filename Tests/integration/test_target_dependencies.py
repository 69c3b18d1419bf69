"""Package.swift declares exactly what each target imports (scripts/check_target_dependencies.py)."""
import subprocess
import sys
import textwrap

from conftest import REPO

CHECK = REPO / "scripts" / "check_target_dependencies.py"


def check(package_dir):
    return subprocess.run([sys.executable, str(CHECK), str(package_dir)], capture_output=True, text=True)


def test_every_target_declares_what_it_imports():
    result = check(REPO)
    assert result.returncode == 0, result.stderr


def test_undeclared_and_unused_dependencies_are_named(tmp_path):
    (tmp_path / "Package.swift").write_text(textwrap.dedent("""\
        // swift-tools-version:6.0
        import PackageDescription
        let package = Package(name: "Mini", targets: [
            .target(name: "Core"),
            .target(name: "Feature", dependencies: ["Core"]),
            .target(name: "Top", dependencies: ["Feature"]),
            .executableTarget(name: "Tool", dependencies: ["Top"]),
            .testTarget(name: "TopTests", dependencies: ["Top", "Tool"]),
        ])
        """))
    files = {
        "Sources/Core/Core.swift": "import Foundation\npublic let core = 1\n",
        # Declares Core, imports only Foundation (inside a string literal an import does not count).
        "Sources/Feature/Feature.swift": 'import Foundation\nlet script = """\nimport Core\n"""\n',
        # Imports Core, which it reaches only through Feature; and a module nobody knows.
        "Sources/Top/Top.swift": "import Feature\n@testable import Core\n#if canImport(Glibc)\nimport Glibc\n#endif\nimport Mystery\n",
        "Sources/Tool/main.swift": "import Top\n",
        # A test target may depend on an executable it runs without importing it.
        "Tests/TopTests/TopTests.swift": "import Testing\n@testable import Top\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    result = check(tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Feature: declares Core in Package.swift but no file of Sources/Feature imports it",
        "Top: Sources/Top/Top.swift imports Mystery, which is no target or product of the package and no known "
        "system module (scripts/check_target_dependencies.py SYSTEM_MODULES)",
        "Top: imports Core (Sources/Top/Top.swift) but does not declare it in Package.swift",
        "3 difference(s) between Package.swift and the imports",
    ]

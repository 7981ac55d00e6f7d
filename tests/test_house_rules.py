"""The house rules of design.md §1, checked on every module under app/."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

MAX_LINES = 450  # the house aims at ~400 lines a module; past 450 it is time to split


def modules(repo_root: Path) -> list[Path]:
    found = sorted(p for p in (repo_root / "app").rglob("*.py") if "__pycache__" not in p.parts)
    assert found, f"no modules found under {repo_root / 'app'}"
    return found


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter (the venv's, beside this interpreter) with the config found in cwd."""
    exe = Path(sys.executable).parent / "lint-imports"
    if not exe.exists():
        pytest.fail(f"lint-imports not found beside {sys.executable}: install '.[test]'")
    return subprocess.run(
        [str(exe), "--no-cache", "--no-logo"], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_import_contracts_hold(repo_root: Path) -> None:
    run = lint_imports(repo_root)
    assert run.returncode == 0, (
        f"lint-imports found a broken layering contract:\n{run.stdout}{run.stderr}"
    )


def test_import_linter_fails_on_a_crossing(tmp_path: Path) -> None:
    """The check above can fail: a tiny package whose domain imports its store is refused."""
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.importlinter]
            root_packages = ["layered"]

            [[tool.importlinter.contracts]]
            name = "The domain does not import the store"
            type = "forbidden"
            source_modules = ["layered.domain"]
            forbidden_modules = ["layered.store"]
            """
        )
    )
    package = tmp_path / "layered"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "store.py").write_text("")
    (package / "domain.py").write_text("import layered.store\n")
    run = lint_imports(tmp_path)
    assert run.returncode != 0, f"lint-imports accepted a forbidden import:\n{run.stdout}"
    assert "layered.domain -> layered.store" in run.stdout


def test_every_module_has_a_one_line_docstring(repo_root: Path) -> None:
    offenders = []
    for path in modules(repo_root):
        doc = ast.get_docstring(parse(path), clean=False)
        lines = doc.splitlines() if doc else []
        if not lines or not lines[0].strip():
            offenders.append(f"{path.relative_to(repo_root)}: no module docstring")
        elif len(lines) > 1 and lines[1].strip():
            offenders.append(
                f"{path.relative_to(repo_root)}: the docstring's summary is not one line"
            )
    assert not offenders, "modules need a one-line summary docstring:\n" + "\n".join(offenders)


def test_no_utils_modules_or_manager_classes(repo_root: Path) -> None:
    offenders = []
    for path in modules(repo_root):
        name = path.relative_to(repo_root)
        if path.stem == "utils" or path.parent.name == "utils":
            offenders.append(f"{name}: a utils module (name it after what it does)")
        for node in ast.walk(parse(path)):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Manager"):
                offenders.append(f"{name}:{node.lineno}: class {node.name} (a 'Manager')")
    assert not offenders, "house rules (design.md §1) broken:\n" + "\n".join(offenders)


def test_no_module_is_too_long(repo_root: Path) -> None:
    offenders = []
    for path in modules(repo_root):
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_LINES:
            offenders.append(f"{path.relative_to(repo_root)}: {count} lines")
    assert not offenders, f"modules longer than {MAX_LINES} lines, split them:\n" + "\n".join(
        offenders
    )

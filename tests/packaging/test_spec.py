"""The PyInstaller spec, run with stand-ins for PyInstaller's classes: what it bundles, what it leaves out."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any, ClassVar

import PySide6
import pytest

from app.store.schema import FEATURE_MIGRATIONS

USED_QT_MODULES = {"QtCore", "QtGui", "QtWidgets", "QtPdf", "QtPdfWidgets", "QtPrintSupport"}


class Recorder:
    """Stands in for Analysis, PYZ, EXE and COLLECT: keeps what the spec passes."""

    made: ClassVar[list[Recorder]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs
        self.datas: list[tuple[str, str, str]] = []
        self.binaries: list[tuple[str, str, str]] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        Recorder.made.append(self)


class Analysis(Recorder):
    pass


class EXE(Recorder):
    pass


@pytest.fixture(scope="module")
def spec(repo_root: Path) -> dict[str, Any]:
    path = repo_root / "packaging" / "pyinstaller" / "countdesk.spec"
    namespace: dict[str, Any] = {
        "SPECPATH": str(path.parent), "Analysis": Analysis, "PYZ": Recorder, "EXE": EXE, "COLLECT": Recorder,
    }
    Recorder.made = []
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    namespace["made"] = list(Recorder.made)
    return namespace


def analysis(spec: dict[str, Any]) -> Analysis:
    (found,) = [made for made in spec["made"] if isinstance(made, Analysis)]
    return found


def qt_modules_imported_by_the_app(repo_root: Path) -> set[str]:
    found: set[str] = set()
    for path in (repo_root / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6"):
                parts = node.module.split(".")
                found |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")}
    return found


def test_the_spec_lists_exactly_the_qt_modules_used(spec: dict[str, Any], repo_root: Path) -> None:
    assert set(spec["QT_MODULES"]) == USED_QT_MODULES
    missing = qt_modules_imported_by_the_app(repo_root) - set(spec["QT_MODULES"])
    assert not missing, f"app/ imports {sorted(missing)}: add them to QT_MODULES in countdesk.spec"
    hidden = analysis(spec).kwargs["hiddenimports"]
    assert {f"PySide6.{name}" for name in USED_QT_MODULES} <= set(hidden)


def test_every_other_qt_module_is_excluded(spec: dict[str, Any]) -> None:
    folder = Path(PySide6.__file__).parent
    extensions = [p.name for p in folder.iterdir() if p.suffix in {".so", ".pyd"}]
    shipped = {name.split(".")[0] for name in extensions if name.startswith("Qt")}
    assert "QtNetwork" in shipped and "QtQml" in shipped  # else this test looks at the wrong folder
    excludes = set(analysis(spec).kwargs["excludes"])
    assert {f"PySide6.{name}" for name in shipped - USED_QT_MODULES} <= excludes
    assert not {f"PySide6.{name}" for name in USED_QT_MODULES} & excludes


def test_network_clients_and_test_tools_are_excluded(spec: dict[str, Any]) -> None:
    excludes = set(analysis(spec).kwargs["excludes"])
    assert {"ftplib", "smtplib", "ssl", "xmlrpc", "unittest", "tkinter", "pytest", "PyInstaller"} <= excludes


def test_resources_go_under_resources(spec: dict[str, Any], repo_root: Path) -> None:
    assert (str(repo_root / "resources"), "resources") in analysis(spec).kwargs["datas"]


def test_modules_imported_by_name_are_bundled(spec: dict[str, Any]) -> None:
    hidden = set(analysis(spec).kwargs["hiddenimports"])
    assert set(FEATURE_MIGRATIONS) <= hidden
    assert {"app.__main__", "app.cli", "app.ui.about_dialog", "app.services.about"} <= hidden
    assert "reportlab.graphics.barcode.code128" in hidden  # loaded with exec() by the QR code widget


def test_the_entry_script_runs_the_installed_main(spec: dict[str, Any], repo_root: Path) -> None:
    (script,) = analysis(spec).args[0]
    source = Path(script).read_text(encoding="utf-8")
    assert "from app.__main__ import main" in source and "sys.exit(main())" in source


def test_one_console_executable_named_countdesk_on_linux(spec: dict[str, Any]) -> None:
    if sys.platform == "win32":
        pytest.skip("Linux layout")
    (exe,) = [made for made in spec["made"] if isinstance(made, EXE)]
    assert exe.kwargs["name"] == "countdesk" and exe.kwargs["console"] is True
    assert exe.kwargs["exclude_binaries"] is True  # one folder, not one file


def test_qt_translations_and_system_libraries_are_dropped(spec: dict[str, Any]) -> None:
    assert spec["unwanted"]("PySide6/Qt/translations/qtbase_de.qm")
    assert not spec["unwanted"]("resources/fonts/DejaVuSans.ttf")
    from_system = spec["from_system"]
    if sys.platform.startswith("linux"):
        assert from_system("libglib-2.0.so.0", "/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0")
        assert from_system("libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6")
    assert not from_system("libsqlite3.so.0", "/usr/lib/x86_64-linux-gnu/libsqlite3.so.0")
    assert not from_system("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0")
    assert not from_system("PySide6/Qt/lib/libQt6Core.so.6", "/usr/lib/x86_64-linux-gnu/libQt6Core.so.6")

"""The NSIS installer script compiles (with a placeholder bundle) and its uninstaller keeps count files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import app

MAKENSIS = shutil.which("makensis")
needs_makensis = pytest.mark.skipif(MAKENSIS is None, reason="makensis (Debian package nsis) is missing")


@pytest.fixture
def script(repo_root: Path) -> Path:
    return repo_root / "packaging" / "windows" / "countdesk.nsi"


def placeholder_bundle(folder: Path, *, with_gui: bool = True) -> Path:
    """dist\\countdesk as the spec lays it out on Windows, with stand-in files."""
    bundle = folder / "countdesk"
    (bundle / "_internal" / "resources" / "fonts").mkdir(parents=True)
    (bundle / "_internal" / "resources" / "fonts" / "DejaVuSans.ttf").write_bytes(b"placeholder")
    (bundle / "countdesk-cli.exe").write_bytes(b"MZ placeholder")
    if with_gui:
        (bundle / "CountDesk.exe").write_bytes(b"MZ placeholder")
    return bundle


def compile_installer(script: Path, bundle: Path, out: Path) -> subprocess.CompletedProcess[str]:
    assert MAKENSIS is not None
    return subprocess.run(
        [MAKENSIS, "-V2", "-WX", f"-DVERSION={app.__version__}", f"-DBUNDLE={bundle}", f"-DOUTFILE={out}",
         str(script)],
        capture_output=True, text=True, timeout=120,
    )


@needs_makensis
def test_the_installer_script_compiles(script: Path, tmp_path: Path) -> None:
    out = tmp_path / f"CountDesk-{app.__version__}-setup.exe"
    done = compile_installer(script, placeholder_bundle(tmp_path), out)

    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes()[:2] == b"MZ"


@needs_makensis
def test_a_bundle_without_the_window_program_is_refused(script: Path, tmp_path: Path) -> None:
    out = tmp_path / "CountDesk-setup.exe"
    done = compile_installer(script, placeholder_bundle(tmp_path, with_gui=False), out)

    assert done.returncode != 0
    assert "CountDesk.exe" in done.stdout + done.stderr


def section(text: str, name: str) -> str:
    match = re.search(rf'^Section "{re.escape(name)}".*?^SectionEnd', text, re.MULTILINE | re.DOTALL)
    assert match, f"no section {name}"
    return match.group(0)


def code_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith(";")]


def test_it_installs_for_the_whole_machine_with_a_start_menu_entry_and_the_file_type(script: Path) -> None:
    text = script.read_text(encoding="utf-8")
    lines = code_lines(text)

    assert "RequestExecutionLevel admin" in lines
    assert 'InstallDir "$PROGRAMFILES64\\${APP}"' in lines
    assert any(line.startswith('CreateShortcut "$SMPROGRAMS\\${APP}.lnk"') for line in lines)
    assert 'WriteRegStr HKLM "Software\\Classes\\.countdesk" "" "${PROGID}"' in lines
    assert any('shell\\open\\command' in line and '"%1"' in line for line in lines)
    assert "SetShellVarContext all" in lines


def test_the_uninstaller_removes_only_what_it_installed(script: Path) -> None:
    uninstall = code_lines(section(script.read_text(encoding="utf-8"), "Uninstall"))

    recursive = [line for line in uninstall if line.startswith("RMDir /r")]
    assert recursive == ['RMDir /r "$INSTDIR\\_internal"'], recursive
    assert 'RMDir "$INSTDIR"' in uninstall  # removed only when nothing else is left in it
    for folder in ("$DOCUMENTS", "$PROFILE", "$APPDATA", "$LOCALAPPDATA", "$DESKTOP", "*.countdesk"):
        assert not any(folder in line for line in uninstall), folder
    deleted = [line for line in uninstall if line.startswith("Delete ")]
    assert all("$INSTDIR\\" in line or "$SMPROGRAMS\\" in line for line in deleted), deleted

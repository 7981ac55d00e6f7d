"""The .deb's desktop entry and MIME type: what makes a .countdesk file open in CountDesk on Linux."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from app.store.schema import APPLICATION_ID

MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


@pytest.fixture
def linux(repo_root: Path) -> Path:
    return repo_root / "packaging" / "linux"


def test_the_desktop_entry_opens_count_files(linux: Path) -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(linux / "countdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]

    assert desktop["Exec"] == "countdesk %f"
    assert desktop["Icon"] == "countdesk"
    assert "application/x-countdesk;" in desktop["MimeType"]
    assert desktop["Terminal"] == "false"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is missing")
def test_the_desktop_entry_is_valid(linux: Path) -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(linux / "countdesk.desktop")], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_the_mime_type_knows_count_files_by_name_and_by_content(linux: Path) -> None:
    root = ElementTree.parse(linux / "countdesk-mime.xml").getroot()
    (mime,) = root.findall("m:mime-type", MIME_NS)
    assert mime.get("type") == "application/x-countdesk"
    assert [g.get("pattern") for g in mime.findall("m:glob", MIME_NS)] == ["*.countdesk"]
    sqlite = mime.find("m:magic/m:match", MIME_NS)
    assert sqlite is not None and (sqlite.get("offset"), sqlite.get("value")) == ("0", "SQLite format 3")
    app_id = sqlite.find("m:match", MIME_NS)
    # SQLite keeps the application id big-endian at bytes 68-71 of the header.
    assert app_id is not None and (app_id.get("type"), app_id.get("offset")) == ("big32", "68")
    assert int(app_id.get("value") or "", 16) == APPLICATION_ID


def test_the_maintainer_scripts_are_valid_shell(linux: Path) -> None:
    for script in ("postinst", "postrm"):
        path = linux / script
        assert path.stat().st_mode & 0o111, f"{script} is not executable"
        assert subprocess.run(["sh", "-n", str(path)]).returncode == 0

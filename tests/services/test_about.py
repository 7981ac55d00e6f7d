"""The About facts against a real count file: the format is what import writes, SQLite the library's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import app
from app.services.about import about_facts
from app.services.count_file import CountFile


def test_about_facts_match_a_new_count_file(examples_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.countdesk"
    CountFile.import_package(examples_dir / "riverside.package.json", path).close()
    with sqlite3.connect(path) as db:
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
    db.close()

    facts = about_facts()

    assert facts.count_file_format == user_version
    assert facts.format_tag == application_id.to_bytes(4, "big").decode("ascii") == "CDK1"
    assert facts.count_file_format_text == f"version {user_version} (CDK1)"
    assert facts.sqlite == sqlite3.sqlite_version
    assert facts.countdesk == app.__version__

"""`countdesk verify`, `backup` and `restore`: output, one line per finding, exit codes 0, 1 and 2."""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import run


def _run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def riverside(examples_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "riverside.countdesk"
    assert _run("import", examples_dir / "riverside.package.json", "--out", target)[0] == 0
    return target


def test_verify_passes_an_untouched_file(riverside: Path) -> None:
    code, out, err = _run("verify", riverside, "--expect-events", "2")
    assert (code, err) == (0, "")
    assert out.count("\n") == 1 and "verified" in out and "2 events" in out
    assert re.search(r"fingerprint [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4}", out)


def test_verify_fails_a_changed_figure_and_a_short_log_one_line_each(riverside: Path) -> None:
    conn = sqlite3.connect(riverside)
    conn.execute("DROP TRIGGER sheet_vote_no_update")
    conn.execute(
        "UPDATE sheet_vote SET total = total + 100 WHERE (sheet_seq, candidate_id) = "
        "(SELECT sheet_seq, candidate_id FROM sheet_vote LIMIT 1)"
    )
    conn.commit()
    conn.close()
    code, out, err = _run("verify", riverside, "--expect-events", "3")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("contest parl.riverside.2029-05-03: ")
    assert lines[1].startswith("audit log: it holds 2 events but a printed sheet counted 3")
    assert err.count("\n") == 1 and "failed verification (2 findings above)" in err


def test_verify_fails_damaged_bytes(riverside: Path) -> None:
    data = bytearray(riverside.read_bytes())
    for offset in range(4096 + 100, len(data), 4096):
        data[offset : offset + 64] = b"\xa5" * 64
    riverside.write_bytes(bytes(data))
    code, out, _ = _run("verify", riverside)
    assert code == 1 and out.startswith("SQLite file: ")


def test_verify_bad_input_is_exit_2(riverside: Path, tmp_path: Path) -> None:
    assert _run("verify", tmp_path / "nothing.countdesk")[0] == 2
    code, _, err = _run("verify", riverside, "--expect-events", "many")
    assert code == 2 and "invalid int value" in err


def test_backup_prints_the_path_and_fingerprint_then_restore(riverside: Path, tmp_path: Path) -> None:
    code, _, err = _run("backup", riverside, tmp_path / "usb")
    assert code == 2 and "does not exist; plug the backup drive in" in err
    (tmp_path / "usb").mkdir()
    code, out, err = _run("backup", riverside, tmp_path / "usb")
    assert code == 0, err
    path_line, fingerprint_line = out.splitlines()
    backup = Path(path_line)
    assert backup.parent == tmp_path / "usb"
    # 3 events: the import's two and the failed attempt above, which is logged too
    assert re.fullmatch(r"riverside-\d{8}-\d{6}-3\.countdesk", backup.name)
    assert fingerprint_line.startswith("fingerprint ") and ", 3 events; file SHA-256 " in fingerprint_line
    code, out, err = _run("restore", backup, tmp_path / "restored.countdesk")
    assert code == 0, err
    assert "(3 events, fingerprint" in out
    assert _run("verify", tmp_path / "restored.countdesk")[0] == 0
    code, _, err = _run("restore", backup, riverside)
    assert code == 2 and "already exists" in err


def test_verify_through_the_installed_entry_point(riverside: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "verify", str(riverside)],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout

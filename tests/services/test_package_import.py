"""Importing a package with progress and cancel: a cancel at any moment before the rename leaves nothing."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from app.services import package_import
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.package_import import ImportCancelled, write_count_file
from tests.services.conftest import leftover_wal


def riverside_package(examples_dir: Path) -> Path:
    return examples_dir / "riverside.package.json"


@pytest.fixture
def often(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worked example is a small write: ask whether it was cancelled every 1,000 steps."""
    monkeypatch.setattr(package_import, "STEPS_PER_LOOK", 1000)


def test_progress_says_each_step_and_the_file_opens(examples_dir: Path, tmp_path: Path) -> None:
    said: list[str] = []
    out = tmp_path / "r.countdesk"
    write_count_file(riverside_package(examples_dir), out, progress=said.append)
    assert said == [
        "Reading riverside.package.json…",
        "Checking riverside.package.json…",
        "Writing 1 contest to r.countdesk…",
    ]
    with CountFile.open(out) as count_file:
        assert len(count_file.contest_ids()) == 1


@pytest.mark.parametrize("cancel_after", [1, 2], ids=["reading", "checking"])
def test_a_cancel_between_steps_leaves_nothing(examples_dir: Path, tmp_path: Path, cancel_after: int) -> None:
    said: list[str] = []
    with pytest.raises(ImportCancelled, match="cancelled; nothing was written"):
        write_count_file(riverside_package(examples_dir), tmp_path / "r.countdesk",
                         progress=said.append, cancelled=lambda: len(said) >= cancel_after)
    assert len(said) == cancel_after
    assert list(tmp_path.iterdir()) == []  # no file, no partial, no -wal or -shm


class Asked:
    """Counts how often the import asks whether it was cancelled; says yes from the nth time on."""

    def __init__(self, yes_from: int | None = None) -> None:
        self.times = 0
        self.yes_from = yes_from

    def __call__(self) -> bool:
        self.times += 1
        return self.yes_from is not None and self.times >= self.yes_from


def test_a_cancel_part_way_through_the_write_rolls_it_back(
    examples_dir: Path, tmp_path: Path, often: None
) -> None:
    whole = Asked()
    write_count_file(riverside_package(examples_dir), tmp_path / "whole.countdesk", cancelled=whole)
    (tmp_path / "whole.countdesk").unlink()
    assert whole.times > 4  # asked during the write itself, not only between steps
    middle = Asked(yes_from=whole.times // 2 + 1)  # the same package asks as often: halfway through
    with pytest.raises(ImportCancelled, match="cancelled; nothing was written"):
        write_count_file(riverside_package(examples_dir), tmp_path / "r.countdesk", cancelled=middle)
    assert middle.times < whole.times
    assert list(tmp_path.iterdir()) == []


def test_a_cancel_after_the_write_but_before_the_rename_leaves_nothing(
    examples_dir: Path, tmp_path: Path, often: None
) -> None:
    whole = Asked()
    write_count_file(riverside_package(examples_dir), tmp_path / "whole.countdesk", cancelled=whole)
    (tmp_path / "whole.countdesk").unlink()
    last = Asked(yes_from=whole.times)  # only the very last question, just before the rename
    with pytest.raises(ImportCancelled):
        write_count_file(riverside_package(examples_dir), tmp_path / "r.countdesk", cancelled=last)
    assert last.times >= whole.times  # (asked once more while cleaning up)
    assert list(tmp_path.iterdir()) == []


def test_the_cycle_collector_rests_from_reading_to_renaming_and_only_then(
    examples_dir: Path, tmp_path: Path
) -> None:
    enabled: list[bool] = []
    out = tmp_path / "r.countdesk"
    write_count_file(riverside_package(examples_dir), out, progress=lambda _: enabled.append(gc.isenabled()))
    assert enabled == [False, False, False]  # nor between the reading and the writing
    assert gc.isenabled()
    with pytest.raises(Exception, match="cannot be imported"):
        write_count_file(out, tmp_path / "s.countdesk")  # a count file, not a package
    assert gc.isenabled()


def test_a_leftover_journal_of_an_earlier_file_is_not_replayed_over_the_import(
    examples_dir: Path, tmp_path: Path
) -> None:
    # An earlier count file of the same name, deleted without its write-ahead log (a crash, or
    # someone tidying by hand): SQLite would replay that log over the newly imported file.
    out = tmp_path / "r.countdesk"
    leftover = leftover_wal(out)
    with pytest.raises(BadInput, match="left over from an earlier count file"):
        write_count_file(riverside_package(examples_dir), out)
    assert not out.exists() and leftover.exists()

"""Shared fixtures of the service tests: the riverside example with its people, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.count_file import CountFile

RO_PIN, OLU_PIN = "ro-pin-9876", "olu-pin-1111"


def riverside_with_people(examples_dir: Path, folder: Path, *, signed_in: bool) -> Path:
    """Riverside imported, with a Returning Officer (Helen Marsh) and an operator (Olu); the RO still
    signed in or, with signed_in=False, signed out again."""
    target = folder / "riverside.countdesk"
    with CountFile.import_package(examples_dir / "riverside.package.json", target) as count_file:
        count_file.session.add_person("Helen Marsh", "returning-officer", RO_PIN)
        count_file.session.sign_in("Helen Marsh", RO_PIN)
        count_file.session.add_person("Olu", "operator", OLU_PIN)
        if not signed_in:
            count_file.session.sign_out()
    return target


@pytest.fixture
def count_file(template: Path, tmp_path: Path) -> Iterator[CountFile]:
    """A fresh copy of the test module's `template` count file, open."""
    target = tmp_path / "riverside.countdesk"
    shutil.copyfile(template, target)
    with CountFile.open(target) as opened:
        yield opened

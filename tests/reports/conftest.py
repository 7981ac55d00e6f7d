"""Fixtures for the sheets: declarations of the worked examples, rendered and read back as text."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.documents import DeclarationSheet, Fingerprint, declaration_sheet
from app.domain.election import Contest, Election
from app.domain.package import read_package
from app.domain.result import compute_result
from app.reports.declaration import render_declaration

GENERATED_AT = datetime(2029, 5, 4, 3, 14, 7, tzinfo=timezone(timedelta(hours=1)))
FINGERPRINT = Fingerprint("ab" * 32, 42)

Loader = Callable[[str], tuple[Election, Contest]]
SheetMaker = Callable[..., DeclarationSheet]


@pytest.fixture(scope="session")
def load_example(examples_dir: Path) -> Loader:
    """(election, first contest) of shared/examples/NAME.package.json."""

    def load(name: str) -> tuple[Election, Contest]:
        path = examples_dir / f"{name}.package.json"
        if not path.is_file():
            pytest.fail(f"the worked example {path} is missing from the shared folder", pytrace=False)
        package = read_package(path.read_bytes())
        return package.election, package.contests[0]

    return load


@pytest.fixture(scope="session")
def make_sheet(load_example: Loader) -> SheetMaker:
    """A declaration sheet of a worked example, computed by the domain, with a fixed clock and fingerprint."""

    def make(
        name: str,
        status: str = "DRAFT",
        *,
        training: bool = False,
        contest: Callable[[Contest], Contest] | None = None,
    ) -> DeclarationSheet:
        election, found = load_example(name)
        if contest is not None:
            found = contest(found)
        election = dataclasses.replace(election, training=training)
        return declaration_sheet(
            election,
            compute_result(found),
            status=status,
            generated_at=GENERATED_AT,
            fingerprint=FINGERPRINT,
        )

    return make


@pytest.fixture(scope="session")
def render() -> Callable[[DeclarationSheet], bytes]:
    """The declaration's PDF bytes."""

    def run(sheet: DeclarationSheet) -> bytes:
        out = io.BytesIO()
        render_declaration(sheet, out)
        return out.getvalue()

    return run


@pytest.fixture(scope="session")
def page_texts() -> Callable[[bytes], list[str]]:
    """Each page's extracted text, runs of whitespace made single spaces."""

    def read(pdf: bytes) -> list[str]:
        reader = PdfReader(io.BytesIO(pdf))
        return [" ".join(page.extract_text().split()) for page in reader.pages]

    return read

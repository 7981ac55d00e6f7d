"""Every 2017 general election name and the Welsh letters can be printed; a name that cannot fails loudly."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from app.reports.fonts import VALUES, WORDING, UndrawableText, check_drawable
from tests.reports.documents import DOCUMENTS, content, example, pages, render

WELSH_LETTERS = "ŵ ŷ Ŵ Ŷ"


def ge2017_texts(shared_dir: Path) -> list[str]:
    path = shared_dir / "data" / "ge2017" / "candidates.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 3_304, "the whole 2017 general election"
    texts = {f"{row['forenames']} {row['surname']}" for row in rows}
    texts |= {row["party"] for row in rows} | {row["constituency"] for row in rows}
    return sorted(texts)


def test_every_ge2017_name_party_and_constituency_can_be_drawn_in_both_faces(shared_dir: Path) -> None:
    texts = ge2017_texts(shared_dir)
    assert any(not text.isascii() for text in texts), "the data holds accented names"
    for typeface in (VALUES, WORDING):
        for text in texts:
            check_drawable(text, typeface)


def test_the_welsh_letters_can_be_drawn() -> None:
    for typeface in (VALUES, WORDING):
        check_drawable(WELSH_LETTERS, typeface)


def test_the_welsh_letters_print_and_extract(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    renamed = tuple(
        dataclasses.replace(c, forenames="Llŷr Ŵyn", surname="Ŷstrad-Dŵr") if i == 0 else c
        for i, c in enumerate(contest.candidates)
    )
    contest = dataclasses.replace(contest, candidates=renamed)
    for document in ("declaration", "provisional", "count-summary", "recount-comparison"):
        text = " ".join(pages(render(document, content(document, election, contest))))
        assert "Ŷstrad-Dŵr" in text and "Llŷr Ŵyn" in text, document


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d not in ("rejected", "audit")])
def test_a_name_the_font_cannot_draw_fails_loudly_in_every_document(
    examples_dir: Path, document: str
) -> None:
    election, contest = example(examples_dir, "riverside")
    renamed = tuple(
        dataclasses.replace(c, surname="Ashworth\U0001f5f3Lee") if i == 0 else c
        for i, c in enumerate(contest.candidates)
    )
    sheet = content(document, election, dataclasses.replace(contest, candidates=renamed))
    with pytest.raises(UndrawableText, match="U\\+1F5F3 BALLOT BOX WITH BALLOT"):
        render(document, sheet)


def test_an_undrawable_contest_name_fails_loudly_on_the_audit_and_rejected_sheets(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    contest = dataclasses.replace(contest, name="Riverside \u4e2d")
    for document in ("rejected", "audit"):
        with pytest.raises(UndrawableText, match="U\\+4E2D"):
            render(document, content(document, election, contest))

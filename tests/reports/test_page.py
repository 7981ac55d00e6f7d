"""The shared page frame: furniture checks, time formatting, footer and watermarks on a bare sheet."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from app.domain.documents import Fingerprint
from app.reports import page as frame_module
from app.reports.fonts import UndrawableText
from app.reports.page import PageFurniture, render_sheet
from app.reports.styles import BODY, figure, long_date_time, percent, utc_offset

SUMMER = timezone(timedelta(hours=1))


def furniture(**changes: object) -> PageFurniture:
    fields: dict[str, object] = {
        "document_title": "Test sheet",
        "template": "test v1",
        "election_title": "UK Parliamentary General Election",
        "authority": "Royal Borough of Kensington and Chelsea",
        "contest_name": "Kensington",
        "contest_id": "parl.kensington.2017-06-08",
        "status": "DRAFT",
        "training": False,
        "generated_at": datetime(2017, 6, 9, 3, 14, 7, tzinfo=SUMMER),
        "fingerprint": Fingerprint("0123456789abcdef" * 4, 1),
    }
    fields.update(changes)
    return PageFurniture(**fields)  # type: ignore[arg-type]


def text_of(frame: PageFurniture, paragraphs: int = 1) -> list[str]:
    out = io.BytesIO()
    render_sheet(frame, [Paragraph(f"Paragraph {i}", BODY) for i in range(paragraphs)], out)
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(out.getvalue())).pages]


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(hours=1), "+01:00"),
        (timedelta(0), "+00:00"),
        (timedelta(hours=-5, minutes=-30), "-05:30"),
        (timedelta(hours=5, minutes=45), "+05:45"),
    ],
)
def test_utc_offset(offset: timedelta, expected: str) -> None:
    assert utc_offset(datetime(2017, 6, 9, 3, 14, 7, tzinfo=timezone(offset))) == expected


def test_generated_time_is_local_to_the_second_with_its_offset() -> None:
    moment = datetime(2017, 6, 9, 3, 14, 7, tzinfo=SUMMER)
    assert long_date_time(moment) == ("9 June 2017", "03:14:07 +01:00")


def test_figures_and_percentages_are_formatted_the_british_way() -> None:
    assert figure(16333) == "16,333"
    assert figure(0) == "0"
    assert figure(9_999_999) == "9,999,999"
    assert percent(Decimal("53.51")) == "53.51%"
    assert percent(Decimal("5.00")) == "5.00%"


def test_a_naive_time_or_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        furniture(generated_at=datetime(2017, 6, 9, 3, 14, 7))
    with pytest.raises(ValueError, match="unknown document status"):
        furniture(status="FINAL")


def test_undrawable_header_text_is_refused_before_anything_is_drawn() -> None:
    with pytest.raises(UndrawableText, match="U\\+4E2D"):
        furniture(contest_name="Kensington \u4e2d")


def test_footer_carries_status_time_fingerprint_template_and_page() -> None:
    [page] = text_of(furniture())
    assert "Generated 9 June 2017 at 03:14:07 +01:00" in page
    assert "Fingerprint 0123 4567 89AB CDEF · 1 event" in page
    assert "Template test v1" in page
    assert "Page 1 of 1" in page
    assert "UK Parliamentary General Election" in page
    assert "Royal Borough of Kensington and Chelsea · Kensington" in page
    assert page.startswith("DRAFT"), "the DRAFT watermark is drawn first, beneath the content"


@pytest.mark.parametrize(
    ("status", "training", "present", "absent"),
    [
        ("DRAFT", False, ["DRAFT"], ["TRAINING", "DECLARED", "PROVISIONAL"]),
        ("PROVISIONAL", False, ["PROVISIONAL"], ["DRAFT", "TRAINING"]),
        ("DECLARED", False, ["DECLARED"], ["DRAFT", "TRAINING"]),
        ("DECLARED", True, ["DECLARED", "TRAINING"], ["DRAFT"]),
        ("DRAFT", True, ["DRAFT", "TRAINING"], ["DECLARED"]),
    ],
)
def test_status_and_training_marks(
    status: str, training: bool, present: list[str], absent: list[str]
) -> None:
    [page] = text_of(furniture(status=status, training=training))
    for word in present:
        assert word in page
    for word in absent:
        assert word not in page


def test_every_page_counts_the_whole() -> None:
    pages = text_of(furniture(), paragraphs=150)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Fingerprint 0123 4567 89AB CDEF" in page
        assert "parl.kensington.2017-06-08" in page


def _watermark_lines(frame: PageFurniture) -> dict[str, tuple[float, float]]:
    """Each watermark word's (baseline, type size) in the page's diagonal frame, as the PDF draws it."""
    out = io.BytesIO()
    render_sheet(frame, [Paragraph("Paragraph", BODY)], out)
    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text in ("DRAFT", "TRAINING") and size > 40:  # the footer's marks are 9 pt
            found[text] = (tm[5], size)

    [page] = PdfReader(io.BytesIO(out.getvalue())).pages
    page.extract_text(visitor_text=visit)
    return found


def test_draft_and_training_watermarks_are_two_clear_lines() -> None:
    lines = _watermark_lines(furniture(status="DRAFT", training=True))
    (draft_y, draft_size), (training_y, training_size) = lines["DRAFT"], lines["TRAINING"]
    assert draft_size == training_size, "one size, so neither word dwarfs the other"
    # A capital is ~0.73 em tall: a baseline-to-baseline distance of 1.1 em leaves a clear gap.
    assert draft_y - training_y >= 1.1 * draft_size, "DRAFT above TRAINING, clear of it"


def test_a_single_watermark_stays_large_and_centred() -> None:
    alone = ((furniture(status="DRAFT"), "DRAFT"), (furniture(status="DECLARED", training=True), "TRAINING"))
    for frame, word in alone:
        (y, size), = _watermark_lines(frame).values()
        assert size > 100 and abs(y + 0.35 * size) < 0.01, word


Line = tuple[float, float, float, str]


def _header_lines(frame: PageFurniture, monkeypatch: pytest.MonkeyPatch) -> list[Line]:
    """(y, left, right, text) of each line the first page's header draws, as laid out."""
    drawn: list[Line] = []
    real = frame_module._draw_runs

    def spy(
        canvas: object, x: float, y: float, runs: list[tuple[str, str]], size: float, *, align: str = "left"
    ) -> None:
        width = frame_module._width(runs, size)
        left = x - width if align == "right" else x
        drawn.append((y, left, left + width, "".join(text for text, _ in runs)))
        real(canvas, x, y, runs, size, align=align)

    monkeypatch.setattr(frame_module, "_draw_runs", spy)
    render_sheet(frame, [Paragraph("Paragraph", BODY)], io.BytesIO())
    top = max(y for y, *_ in drawn)
    return [line for line in drawn if line[0] > top - 20]


def test_a_long_election_title_and_ward_name_stay_clear_of_the_header_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real shape: a ward named after three places and a title in full (found printing such a ward).
    frame = furniture(
        document_title="Statement of Rejected Ballot Papers",
        election_title=(
            "Northgate District Council election – ordinary elections of councillors for the whole council"
        ),
        contest_name=(
            "Llanfair-yng-Nghornwy, St Bartholomew's and Ballymacarbry-with-Ó Súilleabháin Crossroads"
        ),
        contest_id="local.northgate.llanfair-yng-nghornwy-st-bartholomews.2029-05-03",
    )
    lines = _header_lines(frame, monkeypatch)
    rows: dict[float, list[tuple[float, float, str]]] = {}
    for y, left, right, text in lines:
        rows.setdefault(round(y, 1), []).append((left, right, text))
    assert len(rows) == 2
    for row in rows.values():
        (_, left_end, left_text), (right_start, _, right_text) = sorted(row)
        assert left_end + 10 < right_start, (left_text, right_text)
    assert any(text.endswith("…") for *_, text in lines)
    assert "local.northgate.llanfair-yng-nghornwy-st-bartholomews.2029-05-03" in [text for *_, text in lines]

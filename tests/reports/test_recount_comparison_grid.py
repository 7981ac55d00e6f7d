"""The recount comparison's rounds grid as drawn: each round's list of tables kept apart from the next."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from app.domain.package import read_package
from app.resources import resource_path
from tests.reports.documents import content, render

DPI = 110


def _fragments(pdf: Path) -> list[tuple[str, float, float]]:
    """(text, x, y) in points of each text fragment on the first page."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def test_each_rounds_tables_are_ruled_off_from_the_round_before(tmp_path: Path) -> None:
    # The demo: round 1 counted eight tables, round 2 one (T3). Side by side the lists read as one,
    # "T1, T2, T3, T4, T5, T6,  T3", until a rule stood before each round's list.
    package = read_package(resource_path("demo", "demo.package.json").read_bytes())
    pdf = tmp_path / "comparison.pdf"
    pdf.write_bytes(render("recount-comparison", content("recount-comparison", package.election,
                                                         package.contests[0])))
    fragments = _fragments(pdf)
    label_y = next(y for text, _, y in fragments if text.startswith("Tables counted in the round"))
    row = sorted((x, text) for text, x, y in fragments if abs(y - label_y) < 1 and text.startswith("T"))
    assert [text for _, text in row][1:3] == ["T1, T2, T3, T4, T5, T6,", "T3"], row
    round_two_x = row[2][0]
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: install poppler-utils", pytrace=False)
    subprocess.run([pdftoppm, "-r", str(DPI), "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=120)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    scale = DPI / 72
    top = round((image.height / scale - label_y - 6) * scale)
    bottom = round((image.height / scale - label_y + 1) * scale)
    columns = range(round((round_two_x - 9) * scale), round(round_two_x * scale))
    # A rule: one column of pixels darker than the paper over the whole height of the line.
    ruled = [x for x in columns if all(image.getpixel((x, y)) < 230 for y in range(top, bottom))]  # type: ignore[operator]
    assert ruled, "no rule between round 1's tables and round 2's"

"""The QR matrix is exactly the one ReportLab's own encoder chooses, for payloads of every size we print."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.barcode import qrencoder

from app.reports.qr_matrix import _packed, _penalty, qr_modules

PAYLOAD_CHARACTERS = string.ascii_letters + string.digits + ";=,./-%_"


def reportlab_modules(payload: str) -> list[list[bool]]:
    """ReportLab's QRCode.make() at level M: encode, try the eight masks, keep the lowest penalty."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    return [[bool(cell) for cell in row] for row in code.modules]


@settings(max_examples=60, deadline=None)
@given(st.text(PAYLOAD_CHARACTERS, min_size=1, max_size=700))
def test_the_matrix_equals_reportlabs(payload: str) -> None:
    assert qr_modules(payload) == reportlab_modules(payload)


def test_digits_and_a_real_sheet_payload_equal_reportlabs() -> None:
    for payload in (
        "0123456789" * 8,  # numeric mode
        "HELLO WORLD 42",  # alphanumeric mode
        "countdesk-sheet/1;doc=declaration;contest=parl.leicester-south.2017-06-08;status=DRAFT;round=2;"
        "votes=33924,15286,2425,1538,1000,213;rejected=12,34,5,6,7;in_part=-;verified=54321;"
        f"chain={'ab' * 32};events=54001",
    ):
        assert qr_modules(payload) == reportlab_modules(payload), payload


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 10).flatmap(lambda version: st.lists(
    st.integers(0, (1 << (4 * version + 17)) - 1), min_size=4 * version + 17, max_size=4 * version + 17
)))
def test_the_mask_score_equals_reportlabs(rows: list[int]) -> None:
    """Scored on the whole symbol at once, any symbol scores what ReportLab's module-by-module rules give."""
    size = len(rows)
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.moduleCount = size
    code.modules = [[bool(row >> (size - 1 - col) & 1) for col in range(size)] for row in rows]
    assert _penalty(_packed(rows, size), size) == qrencoder.QRUtil.getLostPoint(code)


def test_finder_like_patterns_score_where_reportlab_scores_them() -> None:
    """At the start of a row, one module short of its end, on its last module, and down a column."""
    size = 21
    finder = int("10111010000", 2)
    at_start = finder << (size - 11)
    short_of_end = finder << 1
    symbols = [[0] * size for _ in range(4)]
    symbols[0][3] = at_start
    symbols[1][5] = short_of_end
    symbols[2][7] = finder  # ends on the last module
    for row, module in enumerate("10111010000"):
        symbols[3][row] = int(module) << 4  # down column 16
    for rows in symbols:
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.moduleCount = size
        code.modules = [[bool(row >> (size - 1 - col) & 1) for col in range(size)] for row in rows]
        assert _penalty(_packed(rows, size), size) == qrencoder.QRUtil.getLostPoint(code)

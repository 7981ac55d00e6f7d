"""The QR matrix is exactly the one ReportLab's own encoder chooses, for payloads of every size we print."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.barcode import qrencoder

from app.reports.qr_matrix import qr_modules

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

"""Whether a printed sheet's PDF matches the count file: its contest, figures and fingerprint (--sheet)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.domain.documents_payload import (
    PAYLOAD_DOCUMENTS,
    PayloadError,
    SheetPayload,
    decode_payload,
    payload_of,
)
from app.reports.pdf_keywords import UnreadablePdf, read_keywords
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.integrity import Finding, SheetCheck
from app.services.printing import prepare
from app.store.audit import GENESIS
from app.store.audit_reader import hash_at


def read_sheet_payload(pdf: Path) -> SheetPayload:
    """The payload a CountDesk declaration or provisional sheet keeps in its PDF; BadInput if none."""
    try:
        data = pdf.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{pdf} does not exist; give the PDF of the printed sheet.") from None
    except OSError as error:
        raise BadInput(f"{pdf} cannot be read ({error.strerror or error}).") from None
    try:
        keywords = read_keywords(data)
    except UnreadablePdf as error:
        raise BadInput(f"{pdf} cannot be read as a PDF: {error}.") from None
    if not keywords:
        raise BadInput(
            f"{pdf} carries no CountDesk sheet payload: only declarations and provisional sheets "
            "printed by CountDesk do. For a paper sheet, read its QR code and compare it by eye."
        )
    try:
        return decode_payload(keywords)
    except PayloadError as error:
        raise BadInput(f"{pdf} has a damaged CountDesk sheet payload: {error}.") from None


def sheet_findings(count_file: CountFile, printed: SheetPayload, label: str) -> list[Finding]:
    """What does not hold between a printed sheet's payload and the count file as it is now."""
    where = f"sheet {label}"
    if printed.document not in PAYLOAD_DOCUMENTS:
        return [Finding(where, f"it is a {printed.document!r} sheet, which carries no figures to check")]
    if printed.contest_id not in count_file.contest_ids():
        return [Finding(where, f"it is for contest {printed.contest_id}, which is not in this count file")]
    current = payload_of(printed.document, prepare(count_file, printed.document, printed.contest_id).content)
    findings = [Finding(where, difference) for difference in printed.differences(current)]
    findings += _fingerprint_findings(count_file, printed, where)
    return findings


def _fingerprint_findings(count_file: CountFile, printed: SheetPayload, where: str) -> list[Finding]:
    """The sheet's chain head must be this file's hash at the sheet's event count (later events are fine)."""
    events = count_file.fingerprint().event_count
    short = printed.fingerprint.short
    if printed.event_count > events:
        return [
            Finding(
                where,
                f"it was printed at event {printed.event_count:,} (fingerprint {short}) but the file holds "
                f"only {events:,} events: the log was cut short, or the sheet is from another file",
            )
        ]
    stored = GENESIS if printed.event_count == 0 else hash_at(count_file.store, printed.event_count)
    if stored is None or stored.lower() != printed.chain_head:
        return [
            Finding(
                where,
                f"its fingerprint {short} is not this file's at event {printed.event_count:,}: the sheet "
                "was printed from another file, or the log before it was rewritten",
            )
        ]
    return []


def sheet_check(pdf: Path) -> SheetCheck:
    """A check of one sheet's PDF for `verify_count_file`; the PDF is read (and refused) straight away."""
    printed = read_sheet_payload(pdf)

    def check(count_file: CountFile) -> Sequence[Finding]:
        try:
            return sheet_findings(count_file, printed, pdf.name)
        except Exception as error:  # a damaged file is reported by the other checks, never a traceback
            return [Finding(f"sheet {pdf.name}", f"it cannot be compared with this file ({error})")]

    return check

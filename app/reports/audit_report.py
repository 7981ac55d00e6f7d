"""The audit report: every event of the count file's log, in order, with the state of its hash chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.domain.documents_audit import AuditLine, AuditReport
from app.reports.fonts import VALUES
from app.reports.page import BODY_WIDTH, render_sheet
from app.reports.paragraphs import Paragraph
from app.reports.sections import (
    LEFT_BODY,
    SMALL_VALUE,
    SMALL_WORDING,
    context_furniture,
    document_title,
    framed,
    ruled_table,
    section,
    signatures,
)
from app.reports.styles import MUTED, figure, long_date_time, value, wording

TEMPLATE = "audit v1"
_WIDTHS = (10 * mm, 30 * mm, 25 * mm, 36 * mm, BODY_WIDTH - 125 * mm, 24 * mm)
# A role wider than its column ("returning-officer") breaks after its hyphen, not as "returning-office / r".
_TINY_VALUE = ParagraphStyle(
    "tiny-value", parent=SMALL_VALUE, fontSize=6.5, leading=8, textColor=MUTED, embeddedHyphenation=1
)
_CHANGE = ParagraphStyle("change", parent=SMALL_VALUE, fontSize=7, leading=8.6)
_LONGEST_VALUE = 600  # characters of a before/after value printed; the file keeps it whole


def readable(text: str | None) -> str:
    """A stored before/after value as a reader takes it in: JSON objects as `key: value; …`."""
    if text is None:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict):
        return "; ".join(f"{key}: {_plain(item)}" for key, item in data.items())
    return _plain(data)


def _plain(item: Any) -> str:
    if isinstance(item, str):
        return item
    return json.dumps(item, ensure_ascii=False, separators=(", ", ": "))


def _shorten(text: str) -> str:
    if len(text) <= _LONGEST_VALUE:
        return text
    return text[:_LONGEST_VALUE] + f" … ({len(text) - _LONGEST_VALUE:,} more characters in the file)"


def _row(line: AuditLine) -> list[Any]:
    day, time = long_date_time(line.at)
    change: list[str] = []
    if line.before is not None:
        change.append(f"<b>before</b> {value(_shorten(readable(line.before)))}")
    if line.after is not None:
        change.append(f"<b>after</b> {value(_shorten(readable(line.after)))}")
    return [
        figure(line.seq),
        [
            Paragraph(value(day), SMALL_VALUE),
            Paragraph(value(time), SMALL_VALUE),
            Paragraph(value(line.hash_short), _TINY_VALUE),
        ],
        [Paragraph(value(line.user), SMALL_VALUE), Paragraph(value(line.role), _TINY_VALUE)],
        [Paragraph(value(line.action, bold=True), SMALL_VALUE), Paragraph(value(line.object), SMALL_VALUE)],
        Paragraph("<br/>".join(change) or "—", _CHANGE),
        Paragraph(value(line.reason) if line.reason else "—", SMALL_VALUE),
    ]


def _chain(report: AuditReport) -> list[Flowable]:
    if report.chain_holds:
        text = (
            f"The hash chain holds: {value(figure(len(report.lines)))} events, each linked to the one "
            "before it and matching its stored values."
        )
        return [Paragraph(text, LEFT_BODY)]
    problems = "".join(f"<br/>• {value(problem)}" for problem in report.chain_problems)
    warning = (
        f"<b>The hash chain is broken.</b> This log has been changed outside CountDesk or damaged; "
        f"do not rely on it.{problems}"
    )
    return [framed(warning), Spacer(1, 6)]


def audit_story(report: AuditReport) -> list[Flowable]:
    """The flowables of the audit report, every machine-filled string checked drawable on the way."""
    first = report.lines[0].seq if report.lines else 0
    last = report.lines[-1].seq if report.lines else 0
    facts = f"events {value(figure(first))} to {value(figure(last))}"
    headings = ["Seq", "Time and hash", "Who and role", "Action and object", "Before and after", "Reason"]
    rows = [_row(line) for line in report.lines]
    if not rows:
        rows = [["", Paragraph("The log has no events.", SMALL_WORDING), "", "", "", ""]]
    return [
        *document_title(report.title, report.context, facts),
        Paragraph(wording(report.intro), LEFT_BODY),
        *_chain(report),
        section("Events"),
        ruled_table(
            headings,
            rows,
            _WIDTHS,
            numeric=(0,),
            small=True,
            extra=[("FONT", (0, 1), (0, -1), VALUES.regular, 7.5)],
        ),
        KeepTogether(signatures(["Returning Officer"])),
    ]


def render_audit_report(report: AuditReport, out: str | Path | BinaryIO) -> None:
    """Write the audit report as a PDF."""
    render_sheet(context_furniture(report.context, report.title, TEMPLATE), audit_story(report), out)

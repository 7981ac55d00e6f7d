"""The count summary: verification, each table's sheet, the arithmetic of the result, and every decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.domain.documents_summary import CountSummary, TableCount
from app.reports.fonts import VALUES, WORDING
from app.reports.page import BODY_WIDTH, render_sheet
from app.reports.paragraphs import Paragraph
from app.reports.sections import (
    LEFT_BODY,
    chunks,
    closing_blanks,
    context_furniture,
    document_title,
    figure_or_dash,
    key_figures,
    none_recorded,
    requests_table,
    ruled_table,
    section,
    signed,
    small_value,
    small_wording,
)
from app.reports.styles import INK, figure, value, wording

TEMPLATE = "count-summary v1"
_LABEL_WIDTH = 58 * mm
_TABLES_PER_CHUNK = 5


def _facts(summary: CountSummary) -> list[Flowable]:
    seats = f"{summary.seats} seat{'s' if summary.seats != 1 else ''}"
    facts = (
        f"{wording(summary.profile_title)}  ·  {value(seats)}  ·  round {value(str(summary.round))} "
        f"({wording(summary.round_kind)})"
    )
    rows = [
        ("Stage", summary.stage),
        ("Bundle size", figure(summary.bundle_size)),
        ("Electorate", figure_or_dash(summary.electorate)),
        ("Boxes verified", f"{summary.boxes_verified:,} of {summary.boxes_total:,}"),
        ("Polling station papers", figure(summary.polling_station_papers)),
        ("Postal papers", figure(summary.postal_papers)),
        ("Ballot papers verified", figure(summary.papers_verified)),
    ]
    return [*document_title(summary.title, summary.context, facts), key_figures(rows)]


def _variances(summary: CountSummary) -> list[Flowable]:
    story: list[Flowable] = [section("Verification: boxes whose counts differed from the account")]
    if not summary.variances:
        return [*story, none_recorded("every box counted equalled its ballot paper account first time")]
    rows = [
        [
            small_value(v.box),
            small_wording("postal" if v.kind == "postal" else "polling station"),
            figure(v.issued),
            small_value(", ".join(f"{c:,}" for c in v.counts)),
            signed(v.variance),
            small_wording(v.how + (f": {v.explanation}" if v.explanation else "")),
        ]
        for v in summary.variances
    ]
    widths = (16 * mm, 24 * mm, 18 * mm, 36 * mm, 18 * mm, BODY_WIDTH - 112 * mm)
    headings = ["Box", "Kind", "Issued", "Counts, in order", "Variance", "How settled"]
    return [*story, ruled_table(headings, rows, widths, numeric=(2, 4), small=True)]


def _grid_rows(summary: CountSummary, columns: list[TableCount]) -> tuple[list[list[Any]], list[int]]:
    """Rows of one grid and the indexes of rows drawn as sub-totals."""
    rows: list[list[Any]] = []
    totals: list[int] = []

    def add(label: str, pick: Any, bold: bool = False, name: bool = False) -> None:
        if bold:
            totals.append(len(rows) + 1)
        rows.append(
            [
                small_value(label) if name else small_wording(label),
                *(figure_or_dash(pick(c)) for c in columns),
            ]
        )

    for index, name in enumerate(summary.candidate_names):
        add(name, lambda c, i=index: c.votes[i], name=True)
    add("Valid papers", lambda c: c.valid_papers, bold=True)
    for index, head in enumerate(summary.head_wordings):
        add(head, lambda c, i=index: c.rejected[i])
    add("Rejected papers", lambda c: c.rejected_total, bold=True)
    if summary.rejected_in_part is not None:
        add("Rejected in part (not in the totals)", lambda c: c.rejected_in_part)
    add("Papers counted (valid + rejected)", lambda c: c.papers_counted, bold=True)
    add("Papers verified in the table's boxes", lambda c: c.expected)
    rows.append([small_wording("Difference"), *(signed(c.difference) for c in columns)])
    rows.append([small_wording("Sheet from round"), *(figure_or_dash(c.sheet_round) for c in columns)])
    return rows, totals


def _tables(summary: CountSummary) -> list[Flowable]:
    story: list[Flowable] = [
        section("Count by table (current round)"),
        Paragraph(
            "Each column is one count table's sheet as it stands in this round; a dash marks a "
            "figure not yet recorded. Figures are never shown for a single ballot box.",
            LEFT_BODY,
        ),
    ]
    spans = chunks(len(summary.tables), _TABLES_PER_CHUNK)
    width = min(28 * mm, (BODY_WIDTH - _LABEL_WIDTH) / (min(len(summary.tables), _TABLES_PER_CHUNK) + 1))
    for number, span in enumerate(spans):
        columns = [summary.tables[i] for i in span]
        if number == len(spans) - 1:
            columns.append(summary.all_tables)
        headings = ["", *(c.table if c is summary.all_tables else f"Table {c.table}" for c in columns)]
        rows, totals = _grid_rows(summary, columns)
        extra: list[tuple[Any, ...]] = []
        for row in totals:
            extra += [
                ("FONT", (1, row), (-1, row), VALUES.bold, 8),
                ("LINEABOVE", (0, row), (-1, row), 0.8, INK),
            ]
        if number == len(spans) - 1:
            extra.append(("FONT", (len(headings) - 1, 1), (-1, -1), VALUES.bold, 8))
        story += [
            ruled_table(
                headings,
                rows,
                (_LABEL_WIDTH, *([width] * (len(headings) - 1))),
                numeric=tuple(range(1, len(headings))),
                small=True,
                extra=extra,
            ),
            Spacer(1, 6),
        ]
    return story


def _result(summary: CountSummary) -> list[Flowable]:
    rows = [
        [
            small_value(c.name),
            small_value(c.description),
            figure(c.table_sum),
            "+1" if c.won_lot else "",
            figure(c.votes),
            str(c.rank),
            "Elected" if c.elected else "",
        ]
        for c in summary.candidates
    ]
    elected = [i + 1 for i, c in enumerate(summary.candidates) if c.elected]
    table = ruled_table(
        ["Candidate", "Description", "Sum of tables", "Lot", "Votes", "Rank", ""],
        rows,
        (44 * mm, 44 * mm, 22 * mm, 10 * mm, 22 * mm, 12 * mm, 16 * mm),
        numeric=(2, 3, 4, 5),
        small=True,
        extra=[("FONT", (4, r), (4, r), VALUES.bold, 8) for r in elected]
        + [("FONT", (6, 1), (6, -1), WORDING.bold, 8)],
    )
    counted = summary.papers_counted
    verdict = "reconciled" if summary.reconciled else "<b>NOT reconciled</b>"
    arithmetic = (
        f"Valid papers {value(figure(summary.valid_papers))} + rejected papers "
        f"{value(figure(summary.rejected_total))} = {value(figure(counted))} papers counted; "
        f"ballot papers verified {value(figure(summary.papers_verified))} (difference "
        f"{value(signed(counted - summary.papers_verified))}): {verdict}."
    )
    story: list[Flowable] = [section("Result and reconciliation"), table, Spacer(1, 4)]
    story.append(Paragraph(arithmetic, LEFT_BODY))
    if summary.margin is not None:
        story.append(
            Paragraph(
                "Margin between the last elected and the first not elected: "
                f"{value(figure(summary.margin))}.",
                LEFT_BODY,
            )
        )
    if summary.advice:
        advice = "; ".join(f"{value(rule)}: {value(detail)}" for rule, detail in summary.advice)
        story.append(Paragraph(f"Recount advice to the Returning Officer: {advice}.", LEFT_BODY))
    else:
        story.append(Paragraph("No recount advice.", LEFT_BODY))
    return story


def _lots(summary: CountSummary) -> list[Flowable]:
    if not summary.lots:
        return []
    rows = [
        [
            small_value(", ".join(lot.tied)),
            small_value(lot.winner),
            small_wording(lot.method or "—"),
            small_value(", ".join(lot.witnesses) or "—"),
            small_value(lot.drawn_at or "—"),
        ]
        for lot in summary.lots
    ]
    widths = (46 * mm, 30 * mm, 34 * mm, 34 * mm, BODY_WIDTH - 144 * mm)
    return [
        section("Lots drawn"),
        ruled_table(["Tied", "Winner", "Method", "Witnesses", "Drawn at"], rows, widths, small=True),
    ]


def _decisions(summary: CountSummary) -> list[Flowable]:
    story: list[Flowable] = [section("Decisions and acknowledgements on the record")]
    rows: list[list[Any]] = [
        [small_wording(r.what), small_value(r.by), small_value(r.at or "—"), small_wording(r.detail or "—")]
        for r in summary.records
    ]
    rows += [
        [
            small_wording(f"Returning Officer's decision: {d.scope}"),
            small_value(d.by),
            small_value(d.at),
            small_wording(d.reason),
        ]
        for d in summary.entry_decisions
    ]
    rows += [
        [
            small_wording(f"Warning {a.code} acknowledged ({a.where}): {a.message}"),
            small_value(a.by),
            small_value(a.at),
            small_wording(a.reason),
        ]
        for a in summary.acknowledgements
    ]
    if not rows:
        return [
            *story,
            none_recorded(
                "no provisional result, declaration, suspension, single-entry decision or "
                "acknowledged warning"
            ),
        ]
    widths = (70 * mm, 30 * mm, 34 * mm, BODY_WIDTH - 134 * mm)
    return [*story, ruled_table(["What", "By", "When", "Reason"], rows, widths, small=True)]


def _problems(summary: CountSummary) -> list[Flowable]:
    story: list[Flowable] = [section("Open problems")]
    if not summary.problems:
        return [*story, none_recorded("no open error or unacknowledged warning")]
    rows = [
        [small_value(p.code), small_wording(p.severity), small_wording(p.where), small_wording(p.message)]
        for p in summary.problems
    ]
    widths = (14 * mm, 18 * mm, 34 * mm, BODY_WIDTH - 66 * mm)
    return [*story, ruled_table(["Code", "Severity", "Where", "Message"], rows, widths, small=True)]


def summary_story(summary: CountSummary) -> list[Flowable]:
    """The flowables of the count summary, every machine-filled string checked drawable on the way."""
    return [
        *_facts(summary),
        *_variances(summary),
        *_tables(summary),
        KeepTogether(_result(summary)),
        *requests_table("Recount requests and decisions", summary.requests),
        *_lots(summary),
        *_decisions(summary),
        *_problems(summary),
        *closing_blanks("Notes (written by hand)", 4, ["Returning Officer", "Count supervisor"]),
    ]


def render_count_summary(summary: CountSummary, out: str | Path | BinaryIO) -> None:
    """Write the count summary as a PDF."""
    render_sheet(context_furniture(summary.context, summary.title, TEMPLATE), summary_story(summary), out)

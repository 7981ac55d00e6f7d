"""Helpers for the document tests: a fixed context, every document of a contest, PDFs read back as text."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from app.domain.documents import SheetContext, declaration_sheet, document_status, sheet_context
from app.domain.documents_audit import RecordedEvent, audit_report
from app.domain.documents_provisional import provisional_sheet
from app.domain.documents_recount import recount_comparison
from app.domain.documents_rejected import rejected_statement
from app.domain.documents_summary import count_summary
from app.domain.election import Candidate, Contest, Election, VoteFigure
from app.domain.package import read_package
from app.domain.result import ContestResult, compute_result
from app.reports.audit_report import render_audit_report
from app.reports.count_summary import render_count_summary
from app.reports.declaration import render_declaration
from app.reports.provisional import render_provisional
from app.reports.recount_comparison import render_recount_comparison
from app.reports.rejected_statement import render_rejected_statement
from tests.reports.conftest import FINGERPRINT, GENERATED_AT

# Every document this package lays out from a result (the verification statement is issue 3's).
DOCUMENTS = ("declaration", "provisional", "rejected", "count-summary", "recount-comparison", "audit")
TEMPLATES = {
    "declaration": "declaration v2",
    "provisional": "provisional v1",
    "rejected": "rejected v1",
    "count-summary": "count-summary v1",
    "recount-comparison": "recount-comparison v1",
    "audit": "audit v1",
}


def example(examples_dir: Path, name: str) -> tuple[Election, Contest]:
    package = read_package((examples_dir / f"{name}.package.json").read_bytes())
    return package.election, package.contests[0]


def context_for(election: Election, result: ContestResult, status: str | None = None) -> SheetContext:
    return sheet_context(
        election,
        result.contest,
        status=status or document_status(result.stage),
        generated_at=GENERATED_AT,
        fingerprint=FINGERPRINT,
    )


def events() -> tuple[RecordedEvent, ...]:
    """Three events as an import and an operator leave them (times in UTC)."""
    at = GENERATED_AT
    return (
        RecordedEvent(
            1,
            at,
            "CountDesk",
            "system",
            "import-election",
            "election parl.2029-05-03",
            None,
            json.dumps({"source": "riverside.package.json"}),
            None,
            "1a" * 32,
        ),
        RecordedEvent(
            2,
            at,
            "CountDesk",
            "system",
            "import-contest",
            "contest parl.riverside.2029-05-03",
            None,
            json.dumps({"candidates": 5, "count_tables": 4}),
            None,
            "2b" * 32,
        ),
        RecordedEvent(
            3,
            at,
            "Siân Operator",
            "operator",
            "enter-sheet",
            "sheet T1 round 1",
            json.dumps({"thomas": 4718}),
            json.dumps({"thomas": 4698}),
            "misread bundle",
            "3c" * 32,
        ),
    )


def content(document: str, election: Election, contest: Contest, status: str | None = None) -> Any:
    """The domain content of `document` for the contest (computed by the domain, as the service does)."""
    result = compute_result(contest)
    context = context_for(election, result, status)
    if document == "declaration":
        return declaration_sheet(
            election, result, status=context.status, generated_at=GENERATED_AT, fingerprint=FINGERPRINT
        )
    builders: dict[str, Callable[[], Any]] = {
        "provisional": lambda: provisional_sheet(result, context),
        "rejected": lambda: rejected_statement(result, context),
        "count-summary": lambda: count_summary(result, context),
        "recount-comparison": lambda: recount_comparison(result, context),
        "audit": lambda: audit_report(events(), [], context, to_local=lambda moment: moment),
    }
    return builders[document]()


RENDERERS: dict[str, Callable[[Any, Any], None]] = {
    "declaration": render_declaration,
    "provisional": render_provisional,
    "rejected": render_rejected_statement,
    "count-summary": render_count_summary,
    "recount-comparison": render_recount_comparison,
    "audit": render_audit_report,
}


def render(document: str, sheet: Any) -> bytes:
    out = io.BytesIO()
    RENDERERS[document](sheet, out)
    return out.getvalue()


def pages(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def squeezed(text: str) -> str:
    return "".join(text.split())


def long_names(contest: Contest, count: int = 20) -> Contest:
    """The contest with `count` candidates whose full names and descriptions are 60 characters each,
    sharing the first table's votes so the figures still reconcile."""
    ids = [f"c{i:02d}" for i in range(count)]
    candidates = []
    for i, cid in enumerate(ids):
        surname = f"{i:02d} Featherstonehaugh-Wolstenholme"[:30]
        forenames = f"{i:02d} Bartholomew Llŷr Ŵynford Ap Rhys"[:29]
        description = f"The Extraordinarily Long Named Independent Alliance Party {i:02d}"[:60]
        assert len(f"{forenames} {surname}") == 60 and len(description) == 60
        candidates.append(Candidate(cid, surname, forenames, description))
    rounds = []
    for round_ in contest.rounds:
        sheets = []
        for sheet in round_.sheets:
            sheet_total = sum(f.total for f in sheet.votes.values())
            share, rest = divmod(sheet_total, count)
            votes = {cid: VoteFigure(share + (1 if i < rest else 0)) for i, cid in enumerate(ids)}
            sheets.append(dataclasses.replace(sheet, votes=votes))
        rounds.append(dataclasses.replace(round_, sheets=tuple(sheets)))
    return dataclasses.replace(contest, candidates=tuple(candidates), rounds=tuple(rounds), lots=())


FOOTER = re.compile(r"Page (\d+) of (\d+)")

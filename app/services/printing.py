"""Printing the official documents: one verb per document, built from the count file, rendered to PDF."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from app.domain.documents import SheetContext, document_status, sheet_context
from app.domain.documents_audit import AuditReport, audit_report
from app.domain.documents_provisional import ProvisionalSheet, provisional_sheet
from app.domain.documents_recount import RecountComparison, recount_comparison
from app.domain.documents_rejected import RejectedStatement, rejected_statement
from app.domain.documents_summary import Acknowledgement, CountSummary, EntryDecision, count_summary
from app.domain.result import ContestResult
from app.reports.audit_report import render_audit_report
from app.reports.count_summary import render_count_summary
from app.reports.declaration import render_declaration
from app.reports.provisional import render_provisional
from app.reports.recount_comparison import render_recount_comparison
from app.reports.rejected_statement import render_rejected_statement
from app.reports.verification_statement import render_verification_statement
from app.services.errors import BadInput
from app.store.audit_reader import recorded_events
from app.store.entries import acknowledgements, single_entry_decision

if TYPE_CHECKING:  # printing builds on the count file, which delegates its declaration here
    from app.services.count_file import CountFile

# Every document `countdesk print` and the window can print, with the name a person reads.
DOCUMENT_NAMES = {
    "declaration": "declaration of result",
    "provisional": "provisional result sheet",
    "verification": "verification statement",
    "rejected": "statement of rejected ballot papers",
    "count-summary": "count summary",
    "recount-comparison": "recount comparison",
    "audit": "audit report",
}
DOCUMENTS = tuple(DOCUMENT_NAMES)

Renderer = Callable[[Any, BinaryIO], None]


@dataclass(frozen=True)
class PrintJob:
    """One document's content, read from the count file, ready to render on any thread.

    Reading the count file must happen on the thread that opened it (SQLite); rendering is pure
    and may run in a worker, so the window prepares a job, then renders it off the GUI thread.
    """

    document: str
    contest_id: str
    status: str
    content: Any
    renderer: Renderer

    @property
    def name(self) -> str:
        return DOCUMENT_NAMES[self.document]

    def render(self) -> bytes:
        """The PDF's bytes (UndrawableText names any character the typefaces cannot print)."""
        buffer = io.BytesIO()
        self.renderer(self.content, buffer)
        return buffer.getvalue()


def write_whole(data: bytes, target: Path) -> None:
    """Write `data` to `target` whole or not at all: a temporary name beside it, then a rename."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"the folder {folder} does not exist; create it or choose another.")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _context(count_file: CountFile, result: ContestResult, now: datetime) -> SheetContext:
    return sheet_context(
        count_file.election,
        result.contest,
        status=document_status(result.stage),
        generated_at=now,
        fingerprint=count_file.fingerprint(),
    )


def provisional(count_file: CountFile, contest_id: str, now: datetime) -> ProvisionalSheet:
    result = count_file.result(contest_id)
    return provisional_sheet(result, _context(count_file, result, now))


def rejected(count_file: CountFile, contest_id: str, now: datetime) -> RejectedStatement:
    result = count_file.result(contest_id)
    return rejected_statement(result, _context(count_file, result, now))


def summary(count_file: CountFile, contest_id: str, now: datetime) -> CountSummary:
    result = count_file.result(contest_id)
    db = count_file.store.db
    acks = [
        Acknowledgement(a.code, a.where, a.message, a.acknowledged_by, a.at, a.reason)
        for a in acknowledgements(db, contest_id)
    ]
    decision = single_entry_decision(db, contest_id)
    decisions = []
    if decision is not None:
        scope = "single entry for every sheet" if decision.single_entry else "double entry restored"
        decisions.append(EntryDecision(scope, decision.decided_by, decision.at, decision.reason))
    return count_summary(
        result, _context(count_file, result, now), acknowledgements=acks, entry_decisions=decisions
    )


def comparison(count_file: CountFile, contest_id: str, now: datetime) -> RecountComparison:
    result = count_file.result(contest_id)
    return recount_comparison(result, _context(count_file, result, now))


def audit(count_file: CountFile, contest_id: str, now: datetime) -> AuditReport:
    result = count_file.result(contest_id)
    problems = [
        f"event {p.seq}: {p.what}" if p.seq is not None else p.what for p in count_file.store.verify_chain()
    ]
    return audit_report(recorded_events(count_file.store), problems, _context(count_file, result, now))


def _verification(count_file: CountFile, contest_id: str, now: datetime) -> Any:
    from app.services.verification import Verification  # it builds on CountFile, as printing does

    return Verification(count_file, now=lambda: now).statement(contest_id)


_BUILDERS: dict[str, tuple[Callable[[CountFile, str, datetime], Any], Renderer]] = {
    "declaration": (lambda f, c, now: f.declaration(c), render_declaration),
    "provisional": (provisional, render_provisional),
    "verification": (_verification, render_verification_statement),
    "rejected": (rejected, render_rejected_statement),
    "count-summary": (summary, render_count_summary),
    "recount-comparison": (comparison, render_recount_comparison),
    "audit": (audit, render_audit_report),
}


def _status(content: Any) -> str:
    context = getattr(content, "context", None)
    return str(context.status if context is not None else content.status)


def prepare(count_file: CountFile, document: str, contest_id: str) -> PrintJob:
    """Read what `document` prints for the contest (on the count file's own thread)."""
    if document not in _BUILDERS:
        raise BadInput(f"there is no document {document!r}; choose one of {', '.join(DOCUMENTS)}.")
    build, renderer = _BUILDERS[document]  # each reads the contest: an unknown one gets a clear message
    content = build(count_file, contest_id, count_file.now())
    return PrintJob(document, contest_id, _status(content), content, renderer)


def print_document(count_file: CountFile, document: str, contest_id: str, target: Path) -> PrintJob:
    """Write the document's PDF to `target`, whole or not at all."""
    job = prepare(count_file, document, contest_id)
    write_whole(job.render(), target)
    return job

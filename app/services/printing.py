"""Printing the official documents: one verb per document, built from the count file, rendered to PDF."""

from __future__ import annotations

import importlib
import io
import os
import re
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
from app.services.errors import BadInput
from app.services.output_names import DOCUMENT_NAMES, DOCUMENTS  # every document printed
from app.store.audit_reader import recorded_events
from app.store.entries import acknowledgements, single_entry_decision

if TYPE_CHECKING:  # printing builds on the count file, which delegates its declaration here
    from app.services.count_file import CountFile


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


def _renderer(module: str, name: str) -> Renderer:
    """app.reports.<module>.<name>, imported at the first render: ReportLab takes about half a second
    to import, which the window's start-up (and every command that prints nothing) is spared."""

    def render(content: Any, out: BinaryIO) -> None:
        getattr(importlib.import_module(f"app.reports.{module}"), name)(content, out)

    return render


_BUILDERS: dict[str, tuple[Callable[[CountFile, str, datetime], Any], Renderer]] = {
    "declaration": (lambda f, c, now: f.declaration(c), _renderer("declaration", "render_declaration")),
    "provisional": (provisional, _renderer("provisional", "render_provisional")),
    "verification": (_verification, _renderer("verification_statement", "render_verification_statement")),
    "rejected": (rejected, _renderer("rejected_statement", "render_rejected_statement")),
    "count-summary": (summary, _renderer("count_summary", "render_count_summary")),
    "recount-comparison": (comparison, _renderer("recount_comparison", "render_recount_comparison")),
    "audit": (audit, _renderer("audit_report", "render_audit_report")),
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
    from app.reports.fonts import UndrawableText  # ReportLab is imported only when something prints

    job = prepare(count_file, document, contest_id)
    try:
        pdf = job.render()
    except UndrawableText as error:  # a name with a character the typefaces cannot draw
        raise BadInput(
            f"the {DOCUMENT_NAMES[document]} for {contest_id} was not printed: {error}; "
            "correct that text in the count file and print again."
        ) from None
    write_whole(pdf, target)
    return job


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def batch_file_name(document: str, contest_id: str) -> str:
    """declaration-parl.leicester-south.2017-06-08.pdf: a name any file system takes, from the contest id."""
    return f"{document}-{_UNSAFE.sub('_', contest_id).strip('.') or 'contest'}.pdf"


@dataclass(frozen=True)
class Printed:
    contest_id: str
    path: Path
    status: str


@dataclass(frozen=True)
class NotPrinted:
    contest_id: str
    why: str


@dataclass(frozen=True)
class BatchOutcome:
    """What `print_every_contest` wrote, and each contest it could not print with the reason."""

    document: str
    folder: Path
    printed: tuple[Printed, ...]
    not_printed: tuple[NotPrinted, ...]


def print_every_contest(count_file: CountFile, document: str, folder: Path) -> BatchOutcome:
    """One PDF of `document` per contest in `folder`, each written whole or not at all.

    The count file is opened and its election, fingerprint and fonts are read once for the batch;
    each contest is read and computed once. A contest whose sheet cannot be printed (a character
    the typefaces cannot draw) is named in the outcome and the others are still printed.
    """
    from app.reports.fonts import UndrawableText  # ReportLab is imported only when something prints

    if document not in _BUILDERS:
        raise BadInput(f"there is no document {document!r}; choose one of {', '.join(DOCUMENTS)}.")
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} is a file; with --all, --out names the folder the PDFs go into.")
    if not folder.is_dir():
        parent = folder.parent if str(folder.parent) else Path(".")
        if not parent.is_dir():
            raise BadInput(f"the folder {parent} does not exist; create it or choose another --out.")
        folder.mkdir()
    printed: list[Printed] = []
    not_printed: list[NotPrinted] = []
    targets: dict[Path, str] = {}
    for contest_id in count_file.contest_ids():
        target = folder / batch_file_name(document, contest_id)
        if target in targets:  # two ids that differ only in characters a file name cannot hold
            target = folder / batch_file_name(document, f"{contest_id}-{len(targets)}")
        targets[target] = contest_id
        try:
            job = prepare(count_file, document, contest_id)
            write_whole(job.render(), target)
        except UndrawableText as error:
            not_printed.append(NotPrinted(contest_id, str(error)))
            continue
        printed.append(Printed(contest_id, target, job.status))
    return BatchOutcome(document, folder, tuple(printed), tuple(not_printed))

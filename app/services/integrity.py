"""Verifying a count file: SQLite integrity, audit chain, audited rows, totals two ways, printed anchors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.documents import Fingerprint
from app.domain.result import compute_result
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.store import CountStore, DamagedFileError, MissingError, StoreError
from app.store.audit_reader import hash_at
from app.store.inspection import integrity_lines, state_problems


@dataclass(frozen=True)
class Finding:
    """One thing that does not hold: where it is, and what is wrong."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


# A check of a printed sheet against the open file (e.g. its QR code and fingerprint); the
# command line builds one per `--sheet PDF` and passes them to verify_count_file.
SheetCheck = Callable[[CountFile], Sequence[Finding]]


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    findings: tuple[Finding, ...]
    fingerprint: Fingerprint | None = None  # None when the file could not be opened at all
    contests: int = 0
    checked: tuple[str, ...] = field(default_factory=tuple)  # what was checked, for the summary

    @property
    def ok(self) -> bool:
        return not self.findings


def _short_head(text: str) -> str:
    return "".join(text.split()).lower()


def _anchor_findings(
    store: CountStore, expect_events: int | None, expect_head: str | None
) -> list[Finding]:
    """The printed event count (and head) against the log: catches a cut-off tail."""
    findings: list[Finding] = []
    _, count = store.fingerprint()
    if expect_events is not None and count < expect_events:
        findings.append(
            Finding(
                "audit log",
                f"it holds {count} events but a printed sheet counted {expect_events}: events "
                f"{count + 1} to {expect_events} are missing (the log was cut short)",
            )
        )
    if expect_head is not None and expect_events is not None and count >= expect_events:
        stored = hash_at(store, expect_events)
        wanted = _short_head(expect_head)
        if stored is None or not stored.lower().startswith(wanted):
            findings.append(
                Finding(
                    f"audit log, event {expect_events}",
                    f"its hash does not begin {expect_head} as the printed sheet says: the log "
                    "before it was rewritten",
                )
            )
    return findings


def _totals_findings(store: CountStore) -> tuple[list[Finding], int]:
    """Each contest's candidate totals by SQL and by the pure domain (without lot votes)."""
    findings: list[Finding] = []
    contest_ids = store.contest_ids()
    for contest_id in contest_ids:
        where = f"contest {contest_id}"
        try:
            result = compute_result(store.contest(contest_id))
            by_sql = store.sql_vote_totals(contest_id)
        except (MissingError, StoreError, LookupError, ValueError, TypeError) as error:
            findings.append(Finding(where, f"its figures cannot be read ({error})"))
            continue
        except Exception as error:  # a damaged row must be a finding, never a traceback
            findings.append(Finding(where, f"its figures cannot be read ({type(error).__name__})"))
            continue
        by_domain = {c.candidate.id: c.votes - int(c.won_lot) for c in result.candidates}
        for candidate in sorted(set(by_sql) | set(by_domain)):
            sql_votes, domain_votes = by_sql.get(candidate), by_domain.get(candidate)
            if sql_votes != domain_votes:
                findings.append(
                    Finding(
                        f"{where}, candidate {candidate}",
                        f"totals disagree: {sql_votes} by SQL, {domain_votes} by the count rules",
                    )
                )
    return findings, len(contest_ids)


def verify_store(
    store: CountStore,
    *,
    expect_events: int | None = None,
    expect_head: str | None = None,
    sheets: Sequence[SheetCheck] = (),
) -> VerifyReport:
    """Every check on an open count file; the report lists what does not hold."""
    findings = [Finding("SQLite file", line) for line in integrity_lines(store)]
    try:
        chain = store.verify_chain()
    except Exception as error:  # an unreadable log is itself the finding
        findings.append(Finding("audit log", f"it cannot be read ({error})"))
        chain = []
    findings += [
        Finding(f"audit log, event {p.seq}" if p.seq is not None else "audit log", p.what) for p in chain
    ]
    try:
        findings += [Finding(p.where, p.what) for p in state_problems(store)]
    except Exception as error:
        findings.append(Finding("stored rows", f"they cannot be read to compare with the log ({error})"))
    findings += _anchor_findings(store, expect_events, expect_head)
    totals, contests = _totals_findings(store)
    findings += totals
    if sheets:
        count_file = CountFile(store)
        for check in sheets:
            findings += list(check(count_file))
    head, count = store.fingerprint()
    return VerifyReport(
        path=store.path,
        findings=tuple(findings),
        fingerprint=Fingerprint(chain_head=head, event_count=count),
        contests=contests,
        checked=(
            "SQLite integrity",
            f"audit chain of {count} events",
            "stored rows against the log",
            f"totals two ways for {contests} contest{'s' if contests != 1 else ''}",
            *(["the printed event count"] if expect_events is not None else []),
            *([f"{len(sheets)} printed sheet{'s' if len(sheets) != 1 else ''}"] if sheets else []),
        ),
    )


def verify_count_file(
    path: Path,
    *,
    expect_events: int | None = None,
    expect_head: str | None = None,
    sheets: Sequence[SheetCheck] = (),
) -> VerifyReport:
    """`countdesk verify`: a damaged file is a finding; a missing, foreign or busy file is bad input."""
    if expect_events is not None and expect_events < 0:
        raise BadInput("--expect-events takes the event count printed on a sheet (0 or more).")
    if expect_head is not None and expect_events is None:
        raise BadInput("--expect-head needs --expect-events: the count the head was printed with.")
    try:
        store = CountStore.open(path)
    except DamagedFileError as error:
        return VerifyReport(path=path, findings=(Finding("SQLite file", str(error)),))
    except StoreError as error:
        raise BadInput(str(error)) from None
    try:
        return verify_store(store, expect_events=expect_events, expect_head=expect_head, sheets=sheets)
    finally:
        store.close()

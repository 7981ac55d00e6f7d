"""Verifying ballot boxes: each count and explanation one audited action; progress; the statement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from app.domain.documents import Fingerprint
from app.domain.figures import FigureError, parse_count
from app.domain.result import compute_result
from app.domain.setup_values import SetupError, text_value
from app.domain.verification import BoxStatus, verify_boxes
from app.domain.verification_statement import (
    VerificationProgress,
    VerificationStatement,
    verification_progress,
    verification_statement,
)
from app.services.count_file import CountFile, local_now
from app.services.errors import BadInput
from app.services.session import require
from app.store.audit import Actor
from app.store.verification_rows import add_box_count, add_box_explanation

MAX_EXPLANATION = 500


class Verification:
    """The verification desk of one count file."""

    def __init__(self, count_file: CountFile, now: Callable[[], datetime] = local_now) -> None:
        self._file = count_file
        self._now = now

    # reading
    def statuses(self, contest_id: str) -> tuple[BoxStatus, ...]:
        return verify_boxes(self._file.contest(contest_id))

    def progress(self, contest_id: str) -> VerificationProgress:
        return verification_progress(self.statuses(contest_id))

    def status(self, contest_id: str, box_id: str) -> BoxStatus:
        for status in self.statuses(contest_id):
            if status.box.id == box_id:
                return status
        raise BadInput(f"there is no box {box_id} in {contest_id}; check the box's label.")

    # writing
    def _allowed(self, contest_id: str, box_id: str, action: str) -> Actor:
        """Who acts, if policy.py lets their role do `action` at this stage (else refused and logged)."""
        contest = self._file.contest(contest_id)
        if not any(box.id == box_id for box in contest.ballot_boxes):
            raise BadInput(f"there is no box {box_id} in {contest.name}; check the box's label.")
        stage = compute_result(contest).stage
        return require(self._file.session, action, stage, f"contest {contest_id} box {box_id}")

    def enter_count(self, contest_id: str, box_id: str, typed: str) -> BoxStatus:
        """Record one count of a box as typed (digits only); returns what the box's counts now establish."""
        try:
            count = parse_count(typed)
        except FigureError as error:
            raise BadInput(f"box {box_id}: {error}.") from None
        actor = self._allowed(contest_id, box_id, "enter-verification-count")
        before = self.status(contest_id, box_id)
        with self._file.store.action(
            actor,
            "count-box",
            f"contest {contest_id} box {box_id}",
            before={"counts": list(before.counts), "verified": before.verified},
            after={"count": count, "issued": before.box.issued},
        ) as db:
            add_box_count(db, contest_id, box_id, count, actor.name)
        return self.status(contest_id, box_id)

    def explain(self, contest_id: str, box_id: str, explanation: str) -> BoxStatus:
        """Record why a box differs from its account (the latest explanation stands)."""
        try:
            text = text_value("Explanation", explanation, limit=MAX_EXPLANATION)
        except SetupError as error:
            raise BadInput(f"box {box_id}: {error}.") from None
        actor = self._allowed(contest_id, box_id, "explain-variance")
        before = self.status(contest_id, box_id)
        with self._file.store.action(
            actor,
            "explain-box",
            f"contest {contest_id} box {box_id}",
            before={"explanation": before.explanation},
            after={"explanation": text},
        ) as db:
            add_box_explanation(db, contest_id, box_id, text, actor.name)
        return self.status(contest_id, box_id)

    # the statement
    def statement(self, contest_id: str) -> VerificationStatement:
        """The statement's content; DRAFT while any box is outstanding."""
        head, count = self._file.store.fingerprint()
        contest = self._file.contest(contest_id)
        return verification_statement(
            self._file.election,
            contest,
            stage=compute_result(contest).stage,
            generated_at=self._now(),
            fingerprint=Fingerprint(chain_head=head, event_count=count),
        )

    def print_statement(self, contest_id: str, out: Path | BinaryIO) -> VerificationStatement:
        # Imported here: ReportLab costs about half a second, which opening the window should not pay.
        from app.reports.verification_statement import render_verification_statement

        statement = self.statement(contest_id)
        render_verification_statement(statement, out)
        return statement

    def save_statement(self, contest_id: str, target: Path) -> VerificationStatement:
        """Write the statement's PDF to `target` whole or not at all (a partial name, then renamed)."""
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise BadInput(f"the folder {folder} does not exist; create it or choose another.")
        partial = target.with_name(f".{target.name}.partial")
        try:
            statement = self.print_statement(contest_id, partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return statement

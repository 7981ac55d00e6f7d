"""A contest's lists: candidates (ballot order with its recorded override), ballot boxes and count tables."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain.ballot_paper_account import BallotPaperAccount
from app.domain.election import BOX_KINDS, BallotBox, Candidate, ballot_order
from app.domain.result import compute_result
from app.domain.setup_values import (
    SetupError,
    count_value,
    identifier,
    new_candidate_id,
    optional_count,
    optional_text,
    text_value,
)
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.setup import SetupGuard
from app.store.setup_rows import (
    Transaction,
    box_accounts,
    counting_started,
    delete_box,
    delete_candidate,
    delete_table,
    insert_box,
    insert_candidate,
    insert_table,
    set_box_account,
    set_table_boxes,
    update_box,
    update_candidate,
)


@dataclass(frozen=True)
class CandidateDetails:
    """A candidate as typed: names as on the nomination paper, commonly used names if any, description."""

    surname: str
    forenames: str
    description: str = ""
    commonly_used_surname: str = ""
    commonly_used_forenames: str = ""

    def candidate(self, ident: str, ballot_position: int | None = None) -> Candidate:
        try:
            return Candidate(
                id=ident,
                surname=text_value("Surname", self.surname),
                forenames=text_value("Forenames", self.forenames, required=False),
                description=text_value("Description", self.description, required=False),
                commonly_used_surname=optional_text("Commonly used surname", self.commonly_used_surname),
                commonly_used_forenames=optional_text(
                    "Commonly used forenames", self.commonly_used_forenames
                ),
                ballot_position=ballot_position,
            )
        except SetupError as error:
            raise BadInput(f"{error}.") from None


@dataclass(frozen=True)
class BoxDetails:
    """A ballot box as typed: its id, where it came from, its kind and its ballot paper account."""

    id: str
    polling_station: str
    polling_place: str
    kind: str
    issued: str
    unused: str = ""
    spoilt: str = ""
    tendered: str = ""

    def parsed(self) -> tuple[BallotBox, BallotPaperAccount]:
        try:
            if self.kind not in BOX_KINDS:
                raise SetupError(f"Kind: choose {' or '.join(BOX_KINDS)}")
            box = BallotBox(
                id=identifier("Box", self.id, limit=40),
                kind=self.kind,
                issued=count_value("Papers issued", self.issued),
                polling_station=text_value("Polling station", self.polling_station, required=False),
                polling_place=text_value("Polling place", self.polling_place, required=False, limit=40),
            )
            account = BallotPaperAccount(
                box.id,
                unused=optional_count("Unused papers", self.unused),
                spoilt=optional_count("Spoilt papers", self.spoilt),
                tendered=optional_count("Tendered papers", self.tendered),
            )
        except SetupError as error:
            raise BadInput(f"{error}.") from None
        return box, account


def _candidate_json(candidate: Candidate) -> dict[str, object]:
    return {
        "surname": candidate.surname,
        "forenames": candidate.forenames,
        "description": candidate.description,
        "commonly_used_surname": candidate.commonly_used_surname,
        "commonly_used_forenames": candidate.commonly_used_forenames,
        "ballot_position": candidate.ballot_position,
    }


def _box_json(box: BallotBox, account: BallotPaperAccount | None) -> dict[str, object]:
    found = account or BallotPaperAccount(box.id)
    return {
        "kind": box.kind,
        "issued": box.issued,
        "polling_station": box.polling_station,
        "polling_place": box.polling_place,
        "unused": found.unused,
        "spoilt": found.spoilt,
        "tendered": found.tendered,
    }


class SetupLists:
    """Candidates, boxes and tables of a contest: each change one audited action (setup.SetupGuard)."""

    def __init__(self, count_file: CountFile) -> None:
        self._file = count_file
        self.guard = SetupGuard(count_file)

    # candidates
    def ballot_order(self, contest_id: str) -> tuple[Candidate, ...]:
        return ballot_order(self._file.contest(contest_id).candidates)

    def _candidate(self, contest_id: str, candidate_id: str) -> Candidate:
        for candidate in self._file.contest(contest_id).candidates:
            if candidate.id == candidate_id:
                return candidate
        raise BadInput(f"there is no candidate {candidate_id} in {contest_id}.")

    def add_candidate(
        self, contest_id: str, details: CandidateDetails, reason: str | None = None
    ) -> Candidate:
        contest = self._file.contest(contest_id)
        ident = new_candidate_id(details.surname, details.forenames, {c.id for c in contest.candidates})
        candidate = details.candidate(ident)
        self.guard.write(
            contest_id,
            "edit-candidates",
            "add-candidate",
            f"contest {contest_id} candidate {ident}",
            f"candidate {candidate.name} added",
            lambda db: insert_candidate(db, contest_id, candidate),
            after=_candidate_json(candidate),
            reason=reason,
        )
        return candidate

    def edit_candidate(
        self, contest_id: str, candidate_id: str, details: CandidateDetails, reason: str | None = None
    ) -> Candidate:
        old = self._candidate(contest_id, candidate_id)
        candidate = details.candidate(candidate_id, old.ballot_position)
        if candidate == old:
            return old
        self.guard.write(
            contest_id,
            "edit-candidates",
            "edit-candidate",
            f"contest {contest_id} candidate {candidate_id}",
            f"candidate {old.name} changed",
            lambda db: update_candidate(db, contest_id, candidate),
            before=_candidate_json(old),
            after=_candidate_json(candidate),
            reason=reason,
        )
        return candidate

    def remove_candidate(self, contest_id: str, candidate_id: str, reason: str | None = None) -> None:
        old = self._candidate(contest_id, candidate_id)
        if counting_started(self._file.store.db, contest_id):
            raise BadInput(
                f"counting has started: {old.name} has figures on count sheets and cannot be removed."
            )
        self.guard.write(
            contest_id,
            "edit-candidates",
            "remove-candidate",
            f"contest {contest_id} candidate {candidate_id}",
            f"candidate {old.name} removed",
            lambda db: delete_candidate(db, contest_id, candidate_id),
            before=_candidate_json(old),
            reason=reason,
        )

    def set_ballot_position(
        self, contest_id: str, candidate_id: str, position: int | None, reason: str
    ) -> None:
        """Override the alphabetical ballot order for one candidate (None: back to alphabetical).

        An override is always recorded with its reason (e.g. the ballot paper as printed).
        """
        old = self._candidate(contest_id, candidate_id)
        contest = self._file.contest(contest_id)
        if position is not None and not 1 <= position <= len(contest.candidates):
            raise BadInput(f"a ballot position is from 1 to {len(contest.candidates)}.")
        if not reason.strip():
            raise BadInput(
                "give the reason for changing the ballot order (e.g. as printed on the ballot paper)."
            )
        if position == old.ballot_position:
            return
        candidate = replace(old, ballot_position=position)
        self.guard.write(
            contest_id,
            "edit-candidates",
            "set-ballot-position",
            f"contest {contest_id} candidate {candidate_id}",
            f"ballot position of {old.name}",
            lambda db: update_candidate(db, contest_id, candidate),
            before={"ballot_position": old.ballot_position},
            after={"ballot_position": position},
            reason=reason.strip(),
        )

    # ballot boxes
    def accounts(self, contest_id: str) -> dict[str, BallotPaperAccount]:
        self._file.contest(contest_id)
        return box_accounts(self._file.store.db, contest_id)

    def add_box(self, contest_id: str, details: BoxDetails, reason: str | None = None) -> BallotBox:
        box, account = details.parsed()
        if any(b.id.casefold() == box.id.casefold() for b in self._file.contest(contest_id).ballot_boxes):
            raise BadInput(f"there is already a box {box.id} in {contest_id}; choose another id.")

        def change(db: Transaction) -> None:
            insert_box(db, contest_id, box)
            set_box_account(db, contest_id, account)

        self.guard.write(
            contest_id,
            "edit-ballot-boxes",
            "add-box",
            f"contest {contest_id} box {box.id}",
            f"box {box.id} added",
            change,
            after=_box_json(box, account),
            reason=reason,
        )
        return box

    def edit_box(self, contest_id: str, details: BoxDetails, reason: str | None = None) -> BallotBox:
        box, account = details.parsed()
        old = next((b for b in self._file.contest(contest_id).ballot_boxes if b.id == box.id), None)
        if old is None:
            raise BadInput(f"there is no box {box.id} in {contest_id}.")
        old_account = self.accounts(contest_id).get(box.id, BallotPaperAccount(box.id))
        if (old, old_account) == (box, account):
            return box

        def change(db: Transaction) -> None:
            update_box(db, contest_id, box)
            set_box_account(db, contest_id, account)

        self.guard.write(
            contest_id,
            "edit-ballot-boxes",
            "edit-box",
            f"contest {contest_id} box {box.id}",
            f"box {box.id} changed",
            change,
            before=_box_json(old, old_account),
            after=_box_json(box, account),
            reason=reason,
        )
        return box

    def remove_box(self, contest_id: str, box_id: str, reason: str | None = None) -> None:
        contest = self._file.contest(contest_id)
        old = next((b for b in contest.ballot_boxes if b.id == box_id), None)
        if old is None:
            raise BadInput(f"there is no box {box_id} in {contest_id}.")
        if any(r.box == box_id and (r.counts or r.explanation) for r in contest.verification):
            raise BadInput(
                f"box {box_id} has been counted; its counts stay on the record, so it cannot be removed."
            )
        self.guard.write(
            contest_id,
            "edit-ballot-boxes",
            "remove-box",
            f"contest {contest_id} box {box_id}",
            f"box {box_id} removed",
            lambda db: delete_box(db, contest_id, box_id),
            before=_box_json(old, None),
            reason=reason,
        )

    # count tables
    def expected_papers(self, contest_id: str) -> dict[str, int | None]:
        """Each table's expected papers: its boxes' verified figures added up (None until all verified)."""
        return compute_result(self._file.contest(contest_id)).expected_papers

    def add_table(self, contest_id: str, table_id: str, reason: str | None = None) -> None:
        try:
            ident = identifier("Count table", table_id, limit=40)
        except SetupError as error:
            raise BadInput(f"{error}.") from None
        if any(t.id.casefold() == ident.casefold() for t in self._file.contest(contest_id).count_tables):
            raise BadInput(f"there is already a count table {ident}; choose another id.")
        self.guard.write(
            contest_id,
            "edit-count-tables",
            "add-count-table",
            f"contest {contest_id} table {ident}",
            f"count table {ident} added",
            lambda db: insert_table(db, contest_id, ident),
            reason=reason,
        )

    def remove_table(self, contest_id: str, table_id: str, reason: str | None = None) -> None:
        table = next((t for t in self._file.contest(contest_id).count_tables if t.id == table_id), None)
        if table is None:
            raise BadInput(f"there is no count table {table_id} in {contest_id}.")
        if counting_started(self._file.store.db, contest_id):
            raise BadInput(f"counting has started: table {table_id} has count sheets and cannot be removed.")
        self.guard.write(
            contest_id,
            "edit-count-tables",
            "remove-count-table",
            f"contest {contest_id} table {table_id}",
            f"count table {table_id} removed",
            lambda db: delete_table(db, contest_id, table_id),
            before={"boxes": list(table.boxes)},
            reason=reason,
        )

    def set_table_boxes(
        self, contest_id: str, table_id: str, boxes: tuple[str, ...], reason: str | None = None
    ) -> None:
        """The boxes a table receives (a box moves here from any other table)."""
        contest = self._file.contest(contest_id)
        table = next((t for t in contest.count_tables if t.id == table_id), None)
        if table is None:
            raise BadInput(f"there is no count table {table_id} in {contest_id}.")
        known = {b.id for b in contest.ballot_boxes}
        unknown = [b for b in boxes if b not in known]
        if unknown:
            raise BadInput(f"there is no box {', '.join(unknown)} in {contest_id}.")
        if len(set(boxes)) != len(boxes):
            raise BadInput("a box is listed twice; list each box once.")
        if tuple(boxes) == table.boxes:
            return
        self.guard.write(
            contest_id,
            "edit-count-tables",
            "set-table-boxes",
            f"contest {contest_id} table {table_id}",
            f"boxes of count table {table_id}",
            lambda db: set_table_boxes(db, contest_id, table_id, boxes),
            before={"boxes": list(table.boxes)},
            after={"boxes": list(boxes)},
            reason=reason,
        )

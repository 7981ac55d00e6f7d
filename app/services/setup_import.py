"""CSV imports into setup: read a file to a preview, then save all of it in one action or nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from app.domain.csv_headers import CsvFileError
from app.domain.csv_import import (
    BoxRow,
    CandidateRow,
    CsvPreview,
    RowProblem,
    name_key,
    read_boxes,
    read_candidates,
)
from app.domain.dc_candidates import DcRow, dc_ballots, read_dc_candidates
from app.domain.election import Candidate, Contest
from app.domain.profile import profile_for
from app.domain.setup_values import new_candidate_id
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.input_file import read_input_file
from app.services.setup import DEFAULT_BUNDLE_SIZE, SetupGuard, contest_json
from app.store.setup_rows import Transaction, insert_box, insert_candidate, insert_contest, set_box_account

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class ImportPreview(Generic[RowT]):
    """A CSV file read but not saved: its name and SHA-256 (for the audit), rows, problems and notes."""

    source: Path
    sha256: str
    csv: CsvPreview[RowT]

    @property
    def importable(self) -> bool:
        return self.csv.importable


def _read(path: Path) -> tuple[bytes, str]:
    return read_input_file(path, named="the file's", folder_hint="choose the CSV file itself")


def _unreadable(path: Path, error: CsvFileError) -> BadInput:
    return BadInput(f"{path.name} cannot be imported: {error}. Nothing was saved.")


def _with_problems(preview: CsvPreview[RowT], extra: list[RowProblem]) -> CsvPreview[RowT]:
    """The preview with problems found against the count file; their rows are no longer to be saved."""
    if not extra:
        return preview
    bad = {problem.line for problem in extra}
    return replace(
        preview,
        rows=tuple(row for row in preview.rows if getattr(row, "line", None) not in bad),
        problems=tuple(sorted((*preview.problems, *extra), key=lambda p: p.line)),
    )


class SetupImport:
    """Candidates and boxes from staff's CSV files, and contests from Democracy Club's candidates CSV."""

    def __init__(self, count_file: CountFile) -> None:
        self._file = count_file
        self.guard = SetupGuard(count_file)

    # candidates
    def preview_candidates(self, path: Path, contest_id: str) -> ImportPreview[CandidateRow]:
        """The file's candidates as they would be saved in the contest, with every problem (none saved)."""
        contest = self._file.contest(contest_id)
        raw, sha256 = _read(path)
        try:
            preview = read_candidates(raw)
        except CsvFileError as error:
            raise _unreadable(path, error) from None
        existing = {name_key(c.surname, c.forenames) for c in contest.candidates}
        extra = [
            RowProblem(
                row.line,
                "Surname",
                f"{row.forenames} {row.surname} is already a candidate in {contest.name}; remove this row",
            )
            for row in preview.rows
            if name_key(row.surname, row.forenames) in existing
        ]
        return ImportPreview(path, sha256, _with_problems(preview, extra))

    def import_candidates(
        self, contest_id: str, preview: ImportPreview[CandidateRow], reason: str | None = None
    ) -> tuple[Candidate, ...]:
        """Every candidate of an importable preview in one action; a preview with problems saves nothing."""
        if not preview.importable:
            raise BadInput(
                f"{preview.source.name} has {len(preview.csv.problems)} problem(s); correct the file and "
                "preview it again. Nothing was saved."
            )
        contest = self._file.contest(contest_id)
        taken = {c.id for c in contest.candidates}
        candidates: list[Candidate] = []
        for row in preview.csv.rows:
            ident = new_candidate_id(row.surname, row.forenames, taken)
            taken.add(ident)
            candidates.append(_candidate(row, ident))

        def change(db: Transaction) -> None:
            for candidate in candidates:
                insert_candidate(db, contest_id, candidate)

        self.guard.write(
            contest_id,
            "import-csv",
            "import-candidates",
            f"contest {contest_id}",
            f"{len(candidates)} candidates imported from {preview.source.name}",
            change,
            after={
                "file": preview.source.name,
                "sha256": preview.sha256,
                "candidates": [c.id for c in candidates],
            },
            reason=reason,
        )
        return tuple(candidates)

    # ballot boxes
    def preview_boxes(self, path: Path, contest_id: str) -> ImportPreview[BoxRow]:
        contest = self._file.contest(contest_id)
        raw, sha256 = _read(path)
        try:
            preview = read_boxes(raw)
        except CsvFileError as error:
            raise _unreadable(path, error) from None
        existing = {b.id.casefold() for b in contest.ballot_boxes}
        extra = [
            RowProblem(
                row.line, "Box", f"box {row.box.id} is already set up in {contest.name}; remove this row"
            )
            for row in preview.rows
            if row.box.id.casefold() in existing
        ]
        return ImportPreview(path, sha256, _with_problems(preview, extra))

    def import_boxes(self, contest_id: str, preview: ImportPreview[BoxRow], reason: str | None = None) -> int:
        if not preview.importable:
            raise BadInput(
                f"{preview.source.name} has {len(preview.csv.problems)} problem(s); correct the file and "
                "preview it again. Nothing was saved."
            )
        self._file.contest(contest_id)
        rows = preview.csv.rows

        def change(db: Transaction) -> None:
            for row in rows:
                insert_box(db, contest_id, row.box)
                set_box_account(db, contest_id, row.account)

        self.guard.write(
            contest_id,
            "import-csv",
            "import-boxes",
            f"contest {contest_id}",
            f"{len(rows)} ballot boxes imported from {preview.source.name}",
            change,
            after={"file": preview.source.name, "sha256": preview.sha256, "boxes": [r.box.id for r in rows]},
            reason=reason,
        )
        return len(rows)

    # Democracy Club
    def preview_democracy_club(self, path: Path) -> ImportPreview[DcRow]:
        """Democracy Club's candidates CSV: its ballots become contests (none may exist already)."""
        raw, sha256 = _read(path)
        try:
            preview = read_dc_candidates(raw, self._file.election.poll_date)
        except CsvFileError as error:
            raise _unreadable(path, error) from None
        existing = set(self._file.contest_ids())
        extra = [
            RowProblem(
                row.line,
                "ballot_paper_id",
                f"{row.ballot_paper_id} is already set up in this count file; remove its rows",
            )
            for row in preview.rows
            if row.ballot_paper_id in existing
        ]
        return ImportPreview(path, sha256, _with_problems(preview, extra))

    def import_democracy_club(
        self, preview: ImportPreview[DcRow], bundle_size: int = DEFAULT_BUNDLE_SIZE, reason: str | None = None
    ) -> tuple[Contest, ...]:
        """One new contest per ballot in the file, with its candidates, all in one action."""
        if not preview.importable:
            raise BadInput(
                f"{preview.source.name} has {len(preview.csv.problems)} problem(s); correct the file and "
                "preview it again. Nothing was saved."
            )
        contests: list[Contest] = []
        for ballot in dc_ballots(preview.csv.rows):
            taken: set[str] = set()
            candidates: list[Candidate] = []
            for row in ballot.candidates:
                ident = new_candidate_id(row.surname, row.forenames, taken)
                taken.add(ident)
                candidates.append(_candidate(row, ident))
            contests.append(
                Contest(
                    id=ballot.contest_id,
                    name=ballot.name,
                    profile_id=ballot.profile_id,
                    seats=ballot.seats,
                    bundle_size=bundle_size,
                    candidates=tuple(candidates),
                    recount_rules=profile_for(ballot.profile_id).default_rules,
                )
            )

        def change(db: Transaction) -> None:
            for contest in contests:
                insert_contest(db, contest, "import")

        self.guard.write(
            None,
            "import-csv",
            "import-democracy-club",
            "election",
            f"{len(contests)} contests imported from {preview.source.name}",
            change,
            after={
                "file": preview.source.name,
                "sha256": preview.sha256,
                "contests": {c.id: {**contest_json(c), "candidates": len(c.candidates)} for c in contests},
            },
            reason=reason,
        )
        return tuple(contests)


def _candidate(row: CandidateRow, ident: str) -> Candidate:
    return Candidate(
        id=ident,
        surname=row.surname,
        forenames=row.forenames,
        description=row.description,
        commonly_used_surname=row.commonly_used_surname,
        commonly_used_forenames=row.commonly_used_forenames,
    )

"""Democracy Club's candidates CSV (person_name, party_name, ballot_paper_id, …): contests and candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from app.domain.csv_headers import Column
from app.domain.csv_import import (
    CandidateRow,
    CsvPreview,
    RowProblem,
    RowReader,
    common_notes,
    name_key,
    read_rows,
)

# The columns of Democracy Club's candidates export (candidates.democracyclub.org.uk/data/): its core
# columns, plus the optional ones that help (SOPN names, party description, gss).
DC_COLUMNS: tuple[Column, ...] = (
    Column("person_id", "person_id", ("person_id",)),
    Column("person_name", "person_name", ("person_name",), required=True),
    Column("ballot_paper_id", "ballot_paper_id", ("ballot_paper_id",), required=True),
    Column("election_date", "election_date", ("election_date",)),
    Column("post_label", "post_label", ("post_label",)),
    Column("seats_contested", "seats_contested", ("seats_contested",)),
    Column("party_name", "party_name", ("party_name",)),
    Column("party_description_text", "party_description_text", ("party_description_text",)),
    Column("sopn_last_name", "sopn_last_name", ("sopn_last_name",)),
    Column("sopn_first_names", "sopn_first_names", ("sopn_first_names",)),
    Column("cancelled_poll", "cancelled_poll", ("cancelled_poll",)),
    Column("gss", "gss", ("gss",)),
)
# The first part of a ballot paper id names the election type; CountDesk counts these.
PROFILE_BY_TYPE = {"parl": "uk-parliamentary", "local": "uk-local", "pcc": "uk-pcc"}
DEFAULT_SEATS = 1
_BALLOT_ID = re.compile(r"^([a-z]+)((?:\.[a-z0-9-]+)*)\.([0-9]{4}-[0-9]{2}-[0-9]{2})$")
_TRUE = frozenset({"true", "t", "1", "yes", "y"})


@dataclass(frozen=True)
class DcRow:
    """One candidacy: which ballot, and the candidate as the ballot paper will name them."""

    line: int
    ballot_paper_id: str
    post_label: str
    seats: int | None
    poll_date: date
    profile_id: str
    candidate: CandidateRow
    person_id: str
    surname_guessed: bool  # no SOPN names: the surname is person_name's last word


@dataclass(frozen=True)
class DcBallot:
    """A contest to set up from the file: a ballot paper id, its name, profile, seats and candidates."""

    contest_id: str
    name: str
    profile_id: str
    seats: int
    poll_date: date
    candidates: tuple[CandidateRow, ...]


def split_name(person_name: str) -> tuple[str, str]:
    """(surname, forenames) from a name in reading order: the last word is taken as the surname."""
    words = person_name.split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def _ballot(reader: RowReader, poll_date: date | None) -> tuple[str, date, str] | None:
    ballot_id = reader.text("ballot_paper_id", required=True)
    if not ballot_id:
        return None
    found = _BALLOT_ID.match(ballot_id)
    day: date | None = None
    if found:
        try:
            day = date.fromisoformat(found.group(3))
        except ValueError:
            day = None
    if not found or day is None:
        reader.problem(
            "ballot_paper_id",
            f'"{ballot_id}" is not a Democracy Club ballot paper id (like parl.kensington.2017-06-08)',
        )
        return None
    profile = PROFILE_BY_TYPE.get(found.group(1))
    if profile is None:
        known = ", ".join(f"{kind}." for kind in PROFILE_BY_TYPE)
        reader.problem(
            "ballot_paper_id",
            f'{ballot_id} is a "{found.group(1)}" election, which CountDesk does not count (it counts '
            f"{known} ballots); remove its rows",
        )
        return None
    if profile == "uk-local" and reader.raw("gss").upper().startswith("W"):
        profile = "uk-local-wales"
    if poll_date is not None and day != poll_date:
        reader.problem(
            "ballot_paper_id",
            f"{ballot_id} is for a poll on {day.isoformat()}, but this count file's poll is on "
            f"{poll_date.isoformat()}; import only this poll's ballots",
        )
        return None
    return ballot_id, day, profile


def _row(reader: RowReader, poll_date: date | None) -> DcRow | None:
    ballot = _ballot(reader, poll_date)
    person_name = reader.text("person_name", required=True)
    sopn_surname = reader.text("sopn_last_name")
    if sopn_surname:
        surname, forenames, guessed = sopn_surname, reader.text("sopn_first_names"), False
    else:
        surname, forenames = split_name(person_name)
        guessed = True
    seats = reader.count("seats_contested", optional=True)
    if seats == 0:
        reader.problem("seats_contested", "must be at least 1")
    description = reader.text("party_description_text") or reader.text("party_name")
    if ballot is None or not surname:
        return None
    ballot_id, day, profile = ballot
    return DcRow(
        line=reader.line,
        ballot_paper_id=ballot_id,
        post_label=reader.text("post_label"),
        seats=seats,
        poll_date=day,
        profile_id=profile,
        candidate=CandidateRow(reader.line, surname, forenames, description),
        person_id=reader.raw("person_id"),
        surname_guessed=guessed,
    )


def _cancelled(reader: RowReader) -> bool:
    return reader.raw("cancelled_poll").casefold() in _TRUE


def read_dc_candidates(raw: bytes, poll_date: date | None = None) -> CsvPreview[DcRow]:
    """Democracy Club's candidates CSV: rows for contests CountDesk can count; cancelled polls skipped."""
    cancelled: set[str] = set()

    def parse(reader: RowReader) -> DcRow | None:
        if _cancelled(reader):
            cancelled.add(reader.raw("ballot_paper_id"))
            return None
        return _row(reader, poll_date)

    table, match, rows, reader = read_rows(raw, DC_COLUMNS, parse, "candidates")
    problems = list(reader.problems)
    kept: list[DcRow] = []
    seen: dict[tuple[str, tuple[str, str]], int] = {}
    seats: dict[str, tuple[int, int]] = {}
    for row in rows:
        key = (row.ballot_paper_id, name_key(row.candidate.surname, row.candidate.forenames))
        if key in seen:
            problems.append(
                RowProblem(row.line, "person_name", f"is already on line {seen[key]} for this ballot")
            )
            continue
        seen[key] = row.line
        if row.seats is not None:
            first = seats.setdefault(row.ballot_paper_id, (row.seats, row.line))
            if first[0] != row.seats:
                problems.append(
                    RowProblem(
                        row.line,
                        "seats_contested",
                        f"says {row.seats}, but line {first[1]} says {first[0]} for the same ballot",
                    )
                )
                continue
        kept.append(row)
    notes = common_notes(match)
    if cancelled:
        notes.append(
            "Cancelled (uncontested) polls skipped: " + ", ".join(sorted(c for c in cancelled if c)) + "."
        )
    guessed = [row for row in kept if row.surname_guessed]
    if guessed:
        notes.append(
            f"{len(guessed)} candidate(s) have no sopn_last_name: their surname is taken as the last "
            "word of person_name. Check the ballot order before counting."
        )
    if not match.has("seats_contested"):
        notes.append(f"There is no seats_contested column: each contest is set up with {DEFAULT_SEATS} seat.")
    if any(row.profile_id == "uk-local" for row in kept):
        notes.append("Local ballots are set up for England; change a Welsh ward's profile in Setup.")
    return CsvPreview(
        rows=tuple(kept),
        problems=tuple(sorted(problems, key=lambda p: p.line)),
        notes=tuple(notes),
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


def dc_ballots(rows: tuple[DcRow, ...]) -> tuple[DcBallot, ...]:
    """The contests in the file, in the order they first appear, each with its candidates."""
    ballots: dict[str, DcBallot] = {}
    for row in rows:
        ballot = ballots.get(row.ballot_paper_id)
        if ballot is None:
            name = row.post_label or row.ballot_paper_id.split(".")[-2].replace("-", " ").title()
            ballot = DcBallot(
                row.ballot_paper_id, name, row.profile_id, row.seats or DEFAULT_SEATS, row.poll_date, ()
            )
        ballots[row.ballot_paper_id] = replace(ballot, candidates=(*ballot.candidates, row.candidate))
    return tuple(ballots.values())

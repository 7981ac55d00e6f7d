"""The column headings staff really write (Surname, Last name, Family name, …) and how a header matches."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


class CsvFileError(ValueError):
    """The file as a whole cannot be read (encoding, header, quoting); the message says what to do."""


@dataclass(frozen=True)
class Column:
    """One column a CSV import understands: its key, the heading shown to people, the spellings accepted."""

    key: str
    label: str
    spellings: tuple[str, ...]
    required: bool = False


def normalise_heading(text: str) -> str:
    """A heading folded for matching: 'Last_Name ', 'LAST NAME' and 'Last-name' all become 'last name'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words: list[str] = []
    current: list[str] = []
    for char in folded:
        if char.isalnum():
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return " ".join(words)


CANDIDATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "surname",
        "Surname",
        ("surname", "last name", "lastname", "family name", "sopn last name"),
        required=True,
    ),
    Column(
        "forenames",
        "Forenames",
        (
            "forenames",
            "forename",
            "first names",
            "first name",
            "firstname",
            "given names",
            "given name",
            "other names",
            "sopn first names",
        ),
        required=True,
    ),
    Column(
        "commonly_used_surname",
        "Commonly used surname",
        ("commonly used surname", "known as surname", "preferred surname"),
    ),
    Column(
        "commonly_used_forenames",
        "Commonly used forenames",
        (
            "commonly used forenames",
            "commonly used forename",
            "commonly used names",
            "commonly used name",
            "known as",
            "known as forenames",
            "preferred name",
        ),
    ),
    Column(
        "description",
        "Description",
        ("description", "party", "party name", "party description", "description on ballot paper"),
    ),
)

BOX_COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "Box",
        ("box", "box number", "box no", "box id", "ballot box", "ballot box number", "ballot box no"),
        required=True,
    ),
    Column("polling_station", "Polling station", ("polling station", "station", "polling station name")),
    Column(
        "polling_place",
        "Polling place",
        ("polling place", "place", "district", "polling district", "polling district code"),
    ),
    Column(
        "kind",
        "Postal or kind",
        ("postal", "postal yes no", "postal y n", "is postal", "kind", "type", "box type", "box kind"),
    ),
    Column(
        "issued",
        "Papers issued",
        (
            "issued",
            "papers issued",
            "ballot papers issued",
            "number issued",
            "no issued",
            "total issued",
        ),
        required=True,
    ),
    Column("unused", "Unused papers", ("unused", "unused papers", "ballot papers unused")),
    Column("spoilt", "Spoilt papers", ("spoilt", "spoiled", "spoilt papers", "spoiled papers")),
    Column("tendered", "Tendered papers", ("tendered", "tendered papers", "tendered votes")),
)


@dataclass(frozen=True)
class HeaderMatch:
    """Which cell of each row holds each known column, and the headings that were not understood."""

    positions: dict[str, int]
    ignored: tuple[str, ...]

    def has(self, key: str) -> bool:
        return key in self.positions


def match_header(header: Sequence[str], columns: Sequence[Column]) -> HeaderMatch:
    """Map a header row onto the known columns; CsvFileError names what is missing or given twice."""
    lookup = {normalise_heading(spelling): column for column in columns for spelling in column.spellings}
    positions: dict[str, int] = {}
    first_heading: dict[str, str] = {}
    ignored: list[str] = []
    for index, heading in enumerate(header):
        column = lookup.get(normalise_heading(heading))
        if column is None:
            if heading.strip():
                ignored.append(heading.strip())
            continue
        if column.key in positions:
            raise CsvFileError(
                f'the columns "{first_heading[column.key]}" and "{heading.strip()}" both give the '
                f"{column.label.lower()}; delete one of them and import again"
            )
        positions[column.key] = index
        first_heading[column.key] = heading.strip()
    missing = [column for column in columns if column.required and column.key not in positions]
    if missing:
        wanted = "; ".join(_wanted(column) for column in missing)
        found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "nothing"
        raise CsvFileError(
            f"the first row must name the columns; it has no column for {wanted}. It reads: {found}"
        )
    return HeaderMatch(positions, tuple(ignored))


def _wanted(column: Column) -> str:
    """A missing column as the message names it, with two other headings it may have (if any)."""
    others = ", ".join(repr(s.title()) for s in column.spellings[1:3])
    # A column known by one heading only (Democracy Club's person_name) read "person_name (or )".
    return f"{column.label} (or {others})" if others else column.label

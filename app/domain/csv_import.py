"""Candidates and ballot boxes from CSV files as staff have them: any encoding, every bad row at once."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.domain.ballot_paper_account import BallotPaperAccount
from app.domain.csv_headers import (
    BOX_COLUMNS,
    CANDIDATE_COLUMNS,
    Column,
    CsvFileError,
    HeaderMatch,
    match_header,
    normalise_heading,
)
from app.domain.election import BallotBox
from app.domain.figures import FigureError, parse_count

__all__ = [
    "BoxRow",
    "CandidateRow",
    "CsvFileError",
    "CsvPreview",
    "CsvTable",
    "RowProblem",
    "read_boxes",
    "read_candidates",
    "read_table",
]

MAX_CSV_BYTES = 5_000_000  # a whole county's candidates is ~1 MB; anything larger is the wrong file
MAX_NAME_LENGTH = 200
MAX_BOX_ID_LENGTH = 40
ENCODING_NAMES = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "cp1252": "Windows-1252 (Excel)"}
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
_PADDING = " \t"  # what surrounds a value in a hand-typed CSV; never part of a name or figure
# "1,480": what Excel writes for a number formatted with a thousands separator.
_THOUSANDS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
_POSTAL_WORDS = frozenset(
    {"yes", "y", "true", "1", "postal", "postal vote", "postal votes", "pv", "postal box"}
)
_STATION_WORDS = frozenset(
    {"", "no", "n", "false", "0", "polling station", "station", "ps", "polling station box"}
)

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class RowProblem:
    """One bad value: the file's line number, the column as staff call it, and what to fix."""

    line: int
    column: str  # "" when the problem is the row as a whole
    what: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.what}"


@dataclass(frozen=True)
class CsvTable:
    """A decoded CSV file: its header and each non-blank row with the line it starts on."""

    encoding: str  # a key of ENCODING_NAMES
    delimiter: str  # a key of DELIMITER_NAMES
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True)
class CsvPreview(Generic[RowT]):
    """What an import would save, shown before anything is saved; importable only with no problems."""

    rows: tuple[RowT, ...]
    problems: tuple[RowProblem, ...]
    notes: tuple[str, ...]
    encoding: str
    delimiter: str

    @property
    def importable(self) -> bool:
        return bool(self.rows) and not self.problems

    def summary(self) -> str:
        """E.g. "Read as Windows-1252 (Excel), separated by semicolons"."""
        return (
            f"Read as {ENCODING_NAMES.get(self.encoding, self.encoding)}, separated by "
            f"{DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}"
        )


@dataclass(frozen=True)
class CandidateRow:
    line: int
    surname: str
    forenames: str
    description: str = ""
    commonly_used_surname: str | None = None
    commonly_used_forenames: str | None = None


@dataclass(frozen=True)
class BoxRow:
    line: int
    box: BallotBox
    account: BallotPaperAccount


def decode_csv(raw: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM means UTF-8; text that is valid UTF-8 is UTF-8; anything else Windows-1252."""
    if len(raw) > MAX_CSV_BYTES:
        raise CsvFileError(
            f"the file is {len(raw):,} bytes, more than a candidates or boxes list can be "
            f"({MAX_CSV_BYTES:,}); check that you chose the right file"
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvFileError(
            "the file is saved as UTF-16 ('Unicode Text'); in Excel use Save As, "
            "'CSV UTF-8 (Comma delimited)', and import that file"
        )
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise CsvFileError(
                f"the file says it is UTF-8 but byte {error.start + len(codecs.BOM_UTF8):,} is not; "
                "save it again as 'CSV UTF-8' and import that file"
            ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise CsvFileError(
            f"the file is not text that CountDesk can read (byte {error.start:,} is neither UTF-8 "
            "nor Windows-1252); save it from Excel as 'CSV UTF-8' and import that file"
        ) from None


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: whichever of , ; or tab it uses most outside quotes."""
    counts = dict.fromkeys(DELIMITER_NAMES, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            if any(counts.values()):
                break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts.values())
    return next(d for d in DELIMITER_NAMES if counts[d] == best) if best else ","


def read_table(raw: bytes) -> CsvTable:
    """The file's header and rows; CsvFileError for what makes the whole file unreadable."""
    text, encoding = decode_csv(raw)
    if "\x00" in text:
        raise CsvFileError(
            "the file contains NUL characters, so it is not a CSV text file; in Excel use Save As, "
            "'CSV UTF-8 (Comma delimited)'"
        )
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip(_PADDING) for cell in record):
                continue
            if header is None:
                header = tuple(cell.replace("\ufeff", "") for cell in record)
            else:
                rows.append((start, tuple(record)))
    except csv.Error as error:
        raise CsvFileError(
            f"line {line}: the file's quoting is broken ({error}); a value containing "
            f"{DELIMITER_NAMES[delimiter]} or quotes must be in double quotes, with any quote "
            'inside it doubled ("")'
        ) from None
    if header is None:
        raise CsvFileError("the file is empty; export the list again with its header row")
    return CsvTable(encoding, delimiter, header, tuple(rows))


def _bad_character(text: str) -> str | None:
    for char in text:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs", "Co", "Cn"):
            return f"U+{ord(char):04X}"
    return None


class RowReader:
    """Reads one row's cells by column key and collects every problem of the row."""

    def __init__(self, table: CsvTable, match: HeaderMatch, columns: Sequence[Column]) -> None:
        self._match = match
        self._width = len(table.header)
        self._delimiter = table.delimiter
        self._labels = {column.key: column.label for column in columns}
        self.problems: list[RowProblem] = []
        self.line = 0
        self._cells: tuple[str, ...] = ()

    def start(self, line: int, cells: tuple[str, ...]) -> None:
        self.line = line
        self._cells = cells
        extra = [cell for cell in cells[self._width :] if cell.strip(_PADDING)]
        if extra:
            self.problem(
                "",
                f"has {len(cells)} values but the first row names {self._width} columns; a name "
                f"or description containing {DELIMITER_NAMES[self._delimiter]} must be in double quotes",
            )

    def problem(self, key: str, what: str) -> None:
        self.problems.append(RowProblem(self.line, self._labels.get(key, key), what))

    def raw(self, key: str) -> str:
        index = self._match.positions.get(key)
        if index is None or index >= len(self._cells):
            return ""
        return self._cells[index].strip(_PADDING)

    def text(self, key: str, *, required: bool = False, limit: int = MAX_NAME_LENGTH) -> str:
        value = self.raw(key)
        if required and not value:
            self.problem(key, "is empty; fill it in")
        elif len(value) > limit:
            self.problem(key, f"is {len(value)} characters long; shorten it to at most {limit}")
        elif "\n" in value or "\r" in value:
            self.problem(key, "runs over more than one line; put it on one line")
        else:
            bad = _bad_character(value)
            if bad:
                self.problem(key, f"contains an invisible control character ({bad}); retype it")
        return value

    def count(self, key: str, *, optional: bool = False) -> int | None:
        value = self.raw(key)
        if optional and not value:
            return None
        if _THOUSANDS.match(value):
            plain = value.replace(",", "")
            self.problem(
                key,
                f'"{value}" has a thousands separator; write {plain} (in Excel: Format Cells, '
                "Number, untick 'Use 1000 Separator')",
            )
            return None
        try:
            return parse_count(value)
        except FigureError as error:
            self.problem(key, str(error))
            return None


def read_rows(
    raw: bytes, columns: Sequence[Column], parse: Callable[[RowReader], RowT | None], what: str
) -> tuple[CsvTable, HeaderMatch, list[RowT], RowReader]:
    table = read_table(raw)
    match = match_header(table.header, columns)
    if not table.rows:
        raise CsvFileError(f"the file has a header row but no {what} under it")
    reader = RowReader(table, match, columns)
    parsed: list[RowT] = []
    for line, cells in table.rows:
        before = len(reader.problems)
        reader.start(line, cells)
        row = parse(reader)
        if row is not None and len(reader.problems) == before:
            parsed.append(row)
    return table, match, parsed, reader


def common_notes(match: HeaderMatch) -> list[str]:
    notes = []
    if match.ignored:
        notes.append("Columns not used: " + ", ".join(f'"{h}"' for h in match.ignored) + ".")
    return notes


def _candidate(reader: RowReader) -> CandidateRow:
    return CandidateRow(
        line=reader.line,
        surname=reader.text("surname", required=True),
        forenames=reader.text("forenames"),
        description=reader.text("description"),
        commonly_used_surname=reader.text("commonly_used_surname") or None,
        commonly_used_forenames=reader.text("commonly_used_forenames") or None,
    )


def name_key(surname: str, forenames: str) -> tuple[str, str]:
    """Two candidates are the same person on paper when these agree (case and accents aside)."""
    return (normalise_heading(surname), normalise_heading(forenames))


def read_candidates(raw: bytes) -> CsvPreview[CandidateRow]:
    """Candidates from a CSV file (Surname, Forenames, Description, …): parsed rows and every problem."""
    table, match, rows, reader = read_rows(raw, CANDIDATE_COLUMNS, _candidate, "candidates")
    seen: dict[tuple[str, str], int] = {}
    kept: list[CandidateRow] = []
    for row in rows:
        key = name_key(row.surname, row.forenames)
        if key in seen:
            reader.problems.append(
                RowProblem(
                    row.line,
                    "Surname",
                    f"{row.forenames} {row.surname} is already on line {seen[key]}; list each candidate once",
                )
            )
            continue
        seen[key] = row.line
        kept.append(row)
    return CsvPreview(
        rows=tuple(kept),
        problems=tuple(sorted(reader.problems, key=lambda p: p.line)),
        notes=tuple(common_notes(match)),
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


def parse_kind(value: str) -> str | None:
    """A box kind from a Postal (yes/no) or Kind cell; None when the cell says neither."""
    word = normalise_heading(value)
    if word in _POSTAL_WORDS:
        return "postal"
    if word in _STATION_WORDS:
        return "polling-station"
    return None


def _box(reader: RowReader) -> BoxRow:
    box_id = reader.text("id", required=True, limit=MAX_BOX_ID_LENGTH)
    kind = parse_kind(reader.raw("kind"))
    if kind is None:
        reader.problem(
            "kind", f'"{reader.raw("kind")}" is neither postal nor polling station; write yes or no'
        )
    issued = reader.count("issued")
    account = BallotPaperAccount(
        box_id,
        unused=reader.count("unused", optional=True),
        spoilt=reader.count("spoilt", optional=True),
        tendered=reader.count("tendered", optional=True),
    )
    box = BallotBox(
        id=box_id,
        kind=kind or "polling-station",
        issued=issued or 0,
        polling_station=reader.text("polling_station"),
        polling_place=reader.text("polling_place", limit=MAX_BOX_ID_LENGTH),
    )
    return BoxRow(reader.line, box, account)


def read_boxes(raw: bytes) -> CsvPreview[BoxRow]:
    """Ballot boxes from a CSV file (Box, Polling station, Polling place, Postal, Issued, …)."""
    table, match, rows, reader = read_rows(raw, BOX_COLUMNS, _box, "ballot boxes")
    seen: dict[str, int] = {}
    kept: list[BoxRow] = []
    for row in rows:
        key = row.box.id.casefold()
        if key in seen:
            reader.problems.append(
                RowProblem(
                    row.line, "Box", f"box {row.box.id} is already on line {seen[key]}; give each box once"
                )
            )
            continue
        seen[key] = row.line
        kept.append(row)
    notes = common_notes(match)
    if not match.has("kind"):
        notes.append("There is no Postal or Kind column: every box is taken as a polling-station box.")
    return CsvPreview(
        rows=tuple(kept),
        problems=tuple(sorted(reader.problems, key=lambda p: p.line)),
        notes=tuple(notes),
        encoding=table.encoding,
        delimiter=table.delimiter,
    )

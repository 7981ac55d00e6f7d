"""Hypothesis on every CSV importer (quality.md F1): 10,000 files each, only typed errors, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.domain.csv_headers import CsvFileError
from app.domain.csv_import import CsvPreview, read_boxes, read_candidates
from app.domain.dc_candidates import dc_ballots, read_dc_candidates

# Pieces that make the files interesting: headings of every importer, delimiters, quotes, line ends,
# figures good and bad (thousands separators, non-ASCII digits, too large), names with accents,
# ballot paper ids, and the characters that break naive readers (NUL, BOM, NEL, line separator).
TOKENS = [
    "Surname",
    "Forenames",
    "Last name",
    "Description",
    "Party",
    "Box",
    "Issued",
    "Papers issued",
    "Postal",
    "Kind",
    "Polling station",
    "District",
    "Unused",
    "Spoilt",
    "Tendered",
    "person_name",
    "ballot_paper_id",
    "seats_contested",
    "sopn_last_name",
    "sopn_first_names",
    "party_name",
    "cancelled_poll",
    "gss",
    "post_label",
    ",",
    ";",
    "\t",
    '"',
    '""',
    "\n",
    "\r\n",
    "\r",
    " ",
    "1480",
    "1,480",
    "1.480",
    "١٢",
    "１２",
    "0",
    "9999999",
    "10000000",
    "-1",
    "1_000",
    "yes",
    "no",
    "postal",
    "maybe",
    "True",
    "Siân",
    "Zoë",
    "Łukasz",
    "O'Connor",
    "Ap Gwilym",
    "parl.riverside.2029-05-03",
    "local.a.b.2029-05-03",
    "pcc.x.2029-05-03",
    "mayor.l.2029-05-03",
    "parl.x.2029-02-30",
    "W05000001",
    "\x00",
    "\ufeff",
    "\u2028",
    "\x85",
    "\x07",
    "é",
    "€",
]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252"]


def _assemble(seed: bytes) -> bytes:
    """Bytes to a file: the first byte picks raw bytes or an encoding, each later byte a token.

    Drawing one byte string and mapping it keeps generation ~20 times cheaper than drawing lists
    of strategies, so 10,000 files take seconds, and Hypothesis still shrinks to a minimal file.
    """
    if not seed:
        return b""
    mode, rest = seed[0] % 13, seed[1:]
    if mode == 12:
        return rest  # bytes as they come: any encoding, or none
    text = "".join(TOKENS[b % len(TOKENS)] if b < 250 else chr(b * 7 % 0x3000) for b in rest)
    return text.encode(ENCODINGS[mode % len(ENCODINGS)], errors="ignore")


csv_files = st.binary(max_size=120).map(_assemble)


def _line_count(raw: bytes) -> int:
    return raw.count(b"\n") + raw.count(b"\r") + 1


def check_preview(raw: bytes, preview: CsvPreview[Any]) -> None:
    lines = _line_count(raw)
    assert preview.encoding in ("utf-8", "utf-8-sig", "cp1252")
    assert preview.delimiter in (",", ";", "\t")
    for problem in preview.problems:
        assert 2 <= problem.line <= lines, problem
        assert problem.what and str(problem).startswith(f"line {problem.line}")
    row_lines = [row.line for row in preview.rows]
    assert len(set(row_lines)) == len(row_lines)
    assert preview.importable == (bool(preview.rows) and not preview.problems)


FUZZ = settings(
    max_examples=10_000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Reader = Callable[[bytes], CsvPreview[Any]]


@pytest.mark.parametrize("reader", [read_candidates, read_boxes], ids=["candidates", "boxes"])
@FUZZ
@given(raw=csv_files)
def test_staff_csv_readers_raise_only_csv_file_errors(reader: Reader, raw: bytes) -> None:
    try:
        preview = reader(raw)
    except CsvFileError as error:
        assert str(error)
        return
    check_preview(raw, preview)


@FUZZ
@given(raw=csv_files, poll_date=st.sampled_from([None, date(2029, 5, 3)]))
def test_democracy_club_reader_raises_only_csv_file_errors(raw: bytes, poll_date: date | None) -> None:
    try:
        preview = read_dc_candidates(raw, poll_date)
    except CsvFileError as error:
        assert str(error)
        return
    check_preview(raw, preview)
    for ballot in dc_ballots(preview.rows):
        assert ballot.seats >= 1 and ballot.candidates
        assert poll_date is None or ballot.poll_date == poll_date


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _plain(text: str) -> bool:
    """No padding (trimmed by design) and no NUL (which marks a binary file)."""
    return text.strip(" \t") == text and "\0" not in text


@settings(max_examples=2_000, deadline=None, database=None)
@given(
    surname=st.text(min_size=1, max_size=20).filter(lambda s: _plain(s) and bool(s.strip())),
    forenames=st.text(max_size=20).filter(_plain),
    encoding=st.sampled_from(ENCODINGS),
)
def test_a_well_quoted_name_reads_back_exactly(surname: str, forenames: str, encoding: str) -> None:
    """Any name (but NUL), quoted the way Excel quotes it, comes back as typed or with a row problem."""
    quoted = [f'"{text.replace(chr(34), chr(34) * 2)}"' for text in (surname, forenames)]
    try:
        raw = f"Surname,Forenames\r\n{','.join(quoted)}\r\n".encode(encoding)
    except UnicodeEncodeError:
        return  # a name Windows-1252 cannot hold cannot be in an Excel file of that encoding
    if encoding == "cp1252" and not raw.isascii():
        # By the rule, bytes that are valid UTF-8 are read as UTF-8: Windows-1252 text is only
        # mistaken for it when "Â", "Ã"… stand before symbols like NBSP, never in real names.
        assume(not _valid_utf8(raw))
    try:
        preview = read_candidates(raw)
    except CsvFileError:
        pytest.fail(f"a quoted name was refused as a whole file: {surname!r} {forenames!r}")
    if preview.problems:
        assert all(p.line == 2 for p in preview.problems)
        return
    [row] = preview.rows
    assert (row.surname, row.forenames) == (surname, forenames)

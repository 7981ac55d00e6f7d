"""CSV imports of candidates and boxes as staff have them, and Democracy Club's candidates CSV."""

from __future__ import annotations

import codecs
from datetime import date

import pytest

from app.domain.csv_headers import CsvFileError, normalise_heading
from app.domain.csv_import import read_boxes, read_candidates, read_table
from app.domain.dc_candidates import dc_ballots, read_dc_candidates, split_name


def cp1252(text: str) -> bytes:
    """What Excel's "CSV (Comma delimited)" writes on a UK Windows machine: Windows-1252, CRLF."""
    return text.replace("\n", "\r\n").encode("cp1252")


EXCEL_CANDIDATES = cp1252(
    "Surname;Forenames;Description\n"
    "O'Connor;Zoë;Labour Party\n"
    "Gwilym;Siân Ap;Green Party\n"
    "Ashworth-Lee;Thomas;Conservative Party\n"
)


def test_excel_windows_1252_with_semicolons_and_accents() -> None:
    preview = read_candidates(EXCEL_CANDIDATES)
    assert preview.importable and not preview.problems
    assert (preview.encoding, preview.delimiter) == ("cp1252", ";")
    assert [(r.surname, r.forenames, r.description) for r in preview.rows] == [
        ("O'Connor", "Zoë", "Labour Party"),
        ("Gwilym", "Siân Ap", "Green Party"),
        ("Ashworth-Lee", "Thomas", "Conservative Party"),
    ]
    assert [r.line for r in preview.rows] == [2, 3, 4]
    assert preview.summary() == "Read as Windows-1252 (Excel), separated by semicolons"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Surname,Forenames\nGwilym,Siân\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Surname,Forenames\nGwilym,Siân\n".encode(), "utf-8-sig"),
        ("Surname,Forenames\nGwilym,Siân\n".encode("cp1252"), "cp1252"),
    ],
)
def test_three_encodings_give_the_same_name(raw: bytes, encoding: str) -> None:
    preview = read_candidates(raw)
    assert preview.encoding == encoding
    assert [(r.surname, r.forenames) for r in preview.rows] == [("Gwilym", "Siân")]


def test_utf8_with_bom_keeps_the_first_heading_clean() -> None:
    preview = read_candidates(codecs.BOM_UTF8 + b"Last name,First names\nSmith,Jane\n")
    assert preview.rows[0].surname == "Smith"


@pytest.mark.parametrize(
    "header",
    [
        "Surname,Forenames,Description",
        "Last name,First names,Party",
        "Family name,Given names,Party name",
        "LAST_NAME,first-name,Party Description",
        " surname , forename ,party",
    ],
)
def test_common_header_spellings(header: str) -> None:
    preview = read_candidates(f"{header}\nSmith,Jane,Example Party\n".encode())
    rows = [(r.surname, r.forenames, r.description) for r in preview.rows]
    assert rows == [("Smith", "Jane", "Example Party")]


def test_every_bad_row_is_listed_at_once_with_its_line() -> None:
    raw = (
        "Box,Polling station,Polling place,Postal,Issued\n"
        "B01,St Mary's Hall,P01,no,1480\n"
        'B02,Church Hall,P01,no,"1,480"\n'  # a thousands separator
        ",Library,P02,no,900\n"  # no box id
        "PV1,,,yes,١٢\n"  # Arabic-Indic digits
        "B03,School,P03,maybe,12\n"  # neither postal nor polling station
        "B01,Duplicate,P01,no,5\n"  # the same box twice
    ).encode()
    preview = read_boxes(raw)
    assert not preview.importable
    found = [(p.line, p.column) for p in preview.problems]
    assert found == [
        (3, "Papers issued"),
        (4, "Box"),
        (5, "Papers issued"),
        (6, "Postal or kind"),
        (7, "Box"),
    ]
    texts = [str(p) for p in preview.problems]
    assert 'line 3, Papers issued: "1,480" has a thousands separator; write 1480' in texts[0]
    assert "fill it in" in texts[1]
    assert "digits 0 to 9 only" in texts[2]
    assert "write yes or no" in texts[3]
    assert "already on line 2" in texts[4]
    assert [r.box.id for r in preview.rows] == ["B01"]


def test_boxes_with_kind_and_the_account_figures() -> None:
    raw = (
        b"Ballot box;Polling station;District;Kind;Ballot papers issued;Unused;Spoilt;Tendered\n"
        b"A1;St Mary's Hall;AA;Polling station;1480;320;2;1\n"
        b"PV1;;;Postal;2500;;;\n"
    )
    preview = read_boxes(raw)
    assert preview.importable
    a1, pv1 = preview.rows
    assert (a1.box.id, a1.box.kind, a1.box.issued, a1.box.polling_station, a1.box.polling_place) == (
        "A1",
        "polling-station",
        1480,
        "St Mary's Hall",
        "AA",
    )
    assert (a1.account.unused, a1.account.spoilt, a1.account.tendered) == (320, 2, 1)
    assert (pv1.box.kind, pv1.box.issued, pv1.account.empty) == ("postal", 2500, True)


def test_no_kind_column_is_noted_and_means_polling_station() -> None:
    preview = read_boxes(b"Box,Issued,Notes\nB1,10,late\n")
    assert preview.rows[0].box.kind == "polling-station"
    assert any("no Postal or Kind column" in note for note in preview.notes)
    assert any('"Notes"' in note for note in preview.notes)


def test_quoted_values_and_line_numbers_after_a_two_line_cell() -> None:
    raw = (
        b"Surname,Forenames,Description\n"
        b'"Smith, Jr",Jane,"The ""Example"" Party"\n'
        b'"Jones","Tom","Independent\nCandidate"\n'
        b",Ann,\n"
    )
    preview = read_candidates(raw)
    assert preview.rows[0].surname == "Smith, Jr"
    assert preview.rows[0].description == 'The "Example" Party'
    assert [(p.line, p.column) for p in preview.problems] == [(3, "Description"), (5, "Surname")]
    assert "more than one line" in preview.problems[0].what, "and the next row starts on line 5"


def test_too_many_values_says_to_quote() -> None:
    preview = read_candidates(b"Surname,Forenames\nSmith,Jane,Example Party\n")
    [problem] = preview.problems
    assert problem.line == 2 and "double quotes" in problem.what


def test_trailing_empty_separators_from_excel_are_fine() -> None:
    preview = read_candidates(b"Surname;Forenames;;\r\nSmith;Jane;;\r\n;;;\r\n")
    assert preview.importable and len(preview.rows) == 1


def test_duplicate_candidates_and_control_characters() -> None:
    raw = "Surname,Forenames\nSmith,Jane\nSMITH,jane\nJones,T\u0007om\n".encode()
    preview = read_candidates(raw)
    assert [(p.line, p.column) for p in preview.problems] == [(3, "Surname"), (4, "Forenames")]
    assert "U+0007" in preview.problems[1].what


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"\r\n\r\n", "empty"),
        (b"Surname,Forenames\r\n", "no candidates"),
        (b"Name,Party\nSmith,X\n", "no column for Surname"),
        (b"Surname,Last name,Forenames\nA,B,C\n", "both give the surname"),
        (codecs.BOM_UTF16_LE + "Surname".encode("utf-16-le"), "UTF-16"),
        (b"Surname\x00,Forenames\n", "NUL"),
        (b'Surname,Forenames\n"Smith,Jane\n', "quoting"),
        (b'Surname,Forenames\n"Smith"x,Jane\n', "quoting"),
        (codecs.BOM_UTF8 + b"Surname\xff,Forenames\n", "says it is UTF-8"),
        (b"Surname,Forenames\n\x81\x8d,x\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_unreadable_files_say_what_to_do(raw: bytes, words: str) -> None:
    with pytest.raises(CsvFileError, match=words):
        read_candidates(raw)


def test_tab_separated_text_from_excel() -> None:
    table = read_table(b"Surname\tForenames\nSmith\tJane\n")
    assert table.delimiter == "\t" and table.rows == ((2, ("Smith", "Jane")),)


def test_heading_normalisation() -> None:
    assert normalise_heading("  Postal (yes/no) ") == "postal yes no"
    assert normalise_heading("LAST_NAME") == "last name"


# Democracy Club's candidates export: the core columns, in their order, plus SOPN names.
DC_HEADER = (
    "person_id,person_name,election_id,ballot_paper_id,election_date,election_current,party_name,"
    "party_id,post_label,cancelled_poll,seats_contested,sopn_last_name,sopn_first_names"
)


def dc_file(*rows: str) -> bytes:
    return ("\n".join((DC_HEADER, *rows)) + "\n").encode()


def test_democracy_club_sets_up_contests_with_their_candidates() -> None:
    raw = dc_file(
        "101,Jane Smith,parl.2029-05-03,parl.riverside.2029-05-03,2029-05-03,True,Example Party,"
        "party:1,Riverside,False,1,SMITH,Jane",
        "102,Siân Ap Gwilym,parl.2029-05-03,parl.riverside.2029-05-03,2029-05-03,True,Green Party,"
        "party:2,Riverside,False,1,,",
        "201,Rhys Evans,local.northgate.2029-05-03,local.northgate.abbey.2029-05-03,2029-05-03,True,"
        "Labour Party,party:3,Abbey,False,3,Evans,Rhys",
        "301,Ann Other,local.northgate.2029-05-03,local.northgate.mill.2029-05-03,2029-05-03,True,"
        "Labour Party,party:3,Mill,True,1,Other,Ann",
    )
    preview = read_dc_candidates(raw, date(2029, 5, 3))
    assert preview.importable, preview.problems
    riverside, abbey = dc_ballots(preview.rows)
    assert (riverside.contest_id, riverside.name, riverside.profile_id, riverside.seats) == (
        "parl.riverside.2029-05-03",
        "Riverside",
        "uk-parliamentary",
        1,
    )
    assert [(c.surname, c.forenames, c.description) for c in riverside.candidates] == [
        ("SMITH", "Jane", "Example Party"),
        ("Gwilym", "Siân Ap", "Green Party"),
    ]
    assert (abbey.profile_id, abbey.seats) == ("uk-local", 3)
    assert any("mill" in note and "Cancelled" in note for note in preview.notes)
    assert any("1 candidate(s) have no sopn_last_name" in note for note in preview.notes)


def test_democracy_club_refuses_other_polls_and_types() -> None:
    raw = dc_file(
        "1,A B,x,mayor.london.2029-05-03,2029-05-03,True,P,p,London,False,1,B,A",
        "2,C D,x,parl.riverside.2017-06-08,2017-06-08,True,P,p,Riverside,False,1,D,C",
        "3,E F,x,not an id,2029-05-03,True,P,p,X,False,1,F,E",
        "4,G H,x,parl.riverside.2029-05-03,2029-05-03,True,P,p,Riverside,False,0,H,G",
    )
    preview = read_dc_candidates(raw, date(2029, 5, 3))
    assert [p.line for p in preview.problems] == [2, 3, 4, 5]
    assert "does not count" in preview.problems[0].what
    assert "this count file's poll is on 2029-05-03" in preview.problems[1].what
    assert "not a Democracy Club ballot paper id" in preview.problems[2].what
    assert "at least 1" in preview.problems[3].what


def test_democracy_club_seats_must_agree_within_a_ballot() -> None:
    raw = dc_file(
        "1,A B,x,local.n.w.2029-05-03,2029-05-03,True,P,p,W,False,2,B,A",
        "2,C D,x,local.n.w.2029-05-03,2029-05-03,True,P,p,W,False,3,D,C",
    )
    [problem] = read_dc_candidates(raw).problems
    assert problem.line == 3 and "line 2 says 2" in problem.what


def test_welsh_wards_by_gss_code() -> None:
    raw = b"person_name,ballot_paper_id,gss\nAnn Jones,local.cardiff.adamsdown.2029-05-03,W05000001\n"
    [ballot] = dc_ballots(read_dc_candidates(raw).rows)
    assert ballot.profile_id == "uk-local-wales"
    assert ballot.name == "Adamsdown"


def test_split_name() -> None:
    assert split_name("  Siân  Ap Gwilym ") == ("Gwilym", "Siân Ap")
    assert split_name("Cher") == ("Cher", "")


def test_a_missing_column_known_by_one_heading_is_named_alone() -> None:
    # Democracy Club's person_name has no other spelling: the message read "person_name (or )".
    with pytest.raises(CsvFileError) as caught:
        read_dc_candidates(b"ballot_paper_id,party_name\nlocal.x.2029-05-03,Y\n", date(2029, 5, 3))
    assert "no column for person_name. It reads:" in str(caught.value)
    assert "(or )" not in str(caught.value)

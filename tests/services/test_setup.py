"""Setting up a count on real files: a new file, contests, candidates, boxes, tables; late changes; CSV."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.domain.profile import RecountRules
from app.services.count_file import CountFile
from app.services.errors import BadInput, ServiceError
from app.services.session import NotAllowed
from app.services.setup import ContestDetails, ElectionDetails, Setup, create_count_file
from app.services.setup_import import SetupImport
from app.services.setup_lists import BoxDetails, CandidateDetails, SetupLists
from app.services.verification import Verification

CONTEST = "parl.example.2029-05-03"
RO, RO_PIN = "Helen Marsh", "9876"
DETAILS = ElectionDetails(
    title="UK Parliamentary General Election",
    poll_date=date(2029, 5, 3),
    authority="Northgate District Council",
    venue="Northgate Leisure Centre",
    ro_name=RO,
    ro_capacity="Acting Returning Officer",
)


def events(count_file: CountFile) -> int:
    return count_file.fingerprint().event_count


@pytest.fixture
def new_file(tmp_path: Path) -> Iterator[CountFile]:
    """A count file made from scratch by its administrator, with an RO and a supervisor as users."""
    count_file = create_count_file(tmp_path / "new.countdesk", DETAILS, "Amal Admin", "administrator", "2468")
    count_file.session.add_person(RO, "returning-officer", RO_PIN)
    count_file.session.add_person("Sam Supervisor", "supervisor", "1357")
    count_file.session.add_person("Olu Operator", "operator", "1111")
    yield count_file
    count_file.close()


def add_example_contest(count_file: CountFile) -> None:
    Setup(count_file).add_contest(ContestDetails(CONTEST, "Example", "uk-parliamentary", "1", "61000", "50"))
    lists = SetupLists(count_file)
    for surname, forenames in (("Smith", "Jane"), ("Ashworth", "Tom"), ("Nowak", "Łukasz")):
        lists.add_candidate(CONTEST, CandidateDetails(surname, forenames, "Example Party"))
    lists.add_box(
        CONTEST, BoxDetails("B01", "St Mary's Hall", "P01", "polling-station", "1480", "320", "2", "1")
    )
    lists.add_box(CONTEST, BoxDetails("PV1", "", "", "postal", "2500"))
    lists.add_table(CONTEST, "T1")
    lists.set_table_boxes(CONTEST, "T1", ("B01", "PV1"))


def test_a_new_count_file_from_scratch(tmp_path: Path) -> None:
    path = tmp_path / "new.countdesk"
    with create_count_file(path, DETAILS, "Amal Admin", "administrator", "2468") as count_file:
        election = count_file.election
        assert (election.title, election.poll_date, election.returning_officer.name) == (
            DETAILS.title,
            DETAILS.poll_date,
            RO,
        )
        assert election.id == "uk-parliamentary-general-election.2029-05-03"
        assert count_file.session.current is not None and count_file.session.current.name == "Amal Admin"
        assert not count_file.store.verify_chain()
    assert [p.name for p in tmp_path.iterdir()] == ["new.countdesk"], "no partial file left behind"
    with pytest.raises(BadInput, match="already exists"):
        create_count_file(path, DETAILS, "Amal Admin", "administrator", "2468")


def test_bad_election_details_leave_no_file(tmp_path: Path) -> None:
    bad = ElectionDetails("", date(2029, 5, 3), "X", "", RO, "Acting Returning Officer")
    with pytest.raises(BadInput, match="Title: fill it in"):
        create_count_file(tmp_path / "x.countdesk", bad, "Amal Admin", "administrator", "2468")
    with pytest.raises(BadInput, match="first user"):
        create_count_file(tmp_path / "y.countdesk", DETAILS, "Olu", "operator", "1111")
    assert list(tmp_path.iterdir()) == []


def test_contest_candidates_boxes_and_tables_each_one_audited_action(new_file: CountFile) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    before = events(new_file)
    add_example_contest(new_file)
    assert events(new_file) == before + 8, "1 contest + 3 candidates + 2 boxes + 1 table + its boxes"
    contest = new_file.contest(CONTEST)
    assert (contest.seats, contest.electorate, contest.bundle_size) == (1, 61000, 50)
    assert [c.surname for c in SetupLists(new_file).ballot_order(CONTEST)] == ["Ashworth", "Nowak", "Smith"]
    assert [c.id for c in contest.candidates] == ["jane-smith", "tom-ashworth", "lukasz-nowak"]
    accounts = SetupLists(new_file).accounts(CONTEST)
    assert (accounts["B01"].unused, accounts["B01"].spoilt, accounts["B01"].tendered) == (320, 2, 1)
    assert "PV1" not in accounts
    assert contest.count_tables[0].boxes == ("B01", "PV1")
    assert SetupLists(new_file).expected_papers(CONTEST) == {"T1": None}
    assert not new_file.store.verify_chain()


@pytest.mark.parametrize(
    ("details", "words"),
    [
        (ContestDetails(CONTEST, "Example", "uk-parliamentary", "١", "", "50"), "Seats: .*digits 0 to 9"),
        (ContestDetails(CONTEST, "Example", "uk-parliamentary", "0", "", "50"), "Seats: must be at least 1"),
        (ContestDetails(CONTEST, "Example", "uk-parliamentary", "1", "1,000", "50"), "Electorate"),
        (
            ContestDetails(CONTEST, "Example", "uk-parliamentary", "1", "", "1001"),
            "Bundle size: must be at most",
        ),
        (ContestDetails(CONTEST, "Example", "uk-nowhere", "1", "", "50"), "Profile: choose one of"),
        (ContestDetails("has space", "Example", "uk-parliamentary", "1", "", "50"), "cannot be an id"),
        (ContestDetails(CONTEST, "  ", "uk-parliamentary", "1", "", "50"), "Name: fill it in"),
    ],
)
def test_bad_contest_details_say_which_field(
    new_file: CountFile, details: ContestDetails, words: str
) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    before = events(new_file)
    with pytest.raises(BadInput, match=words):
        Setup(new_file).add_contest(details)
    assert events(new_file) == before and new_file.contest_ids() == []


def test_ballot_order_override_needs_a_reason_and_is_recorded(new_file: CountFile) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    add_example_contest(new_file)
    lists = SetupLists(new_file)
    with pytest.raises(BadInput, match="reason"):
        lists.set_ballot_position(CONTEST, "jane-smith", 1, "  ")
    lists.set_ballot_position(CONTEST, "jane-smith", 1, "as printed on the ballot paper")
    assert [c.surname for c in lists.ballot_order(CONTEST)] == ["Smith", "Ashworth", "Nowak"]
    event = new_file.store.db.execute(
        "SELECT action, reason, before, after FROM event ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert event == (
        "set-ballot-position",
        "as printed on the ballot paper",
        '{"ballot_position":null}',
        '{"ballot_position":1}',
    )
    lists.set_ballot_position(CONTEST, "jane-smith", None, "back to alphabetical")
    assert [c.surname for c in lists.ballot_order(CONTEST)] == ["Ashworth", "Nowak", "Smith"]


def test_who_may_set_up(new_file: CountFile) -> None:
    new_file.session.sign_in("Olu Operator", "1111")
    before = events(new_file)
    with pytest.raises(NotAllowed, match="administrator"):
        Setup(new_file).add_contest(ContestDetails(CONTEST, "Example", "uk-parliamentary", "1", "", "50"))
    assert events(new_file) == before + 1, "the refusal itself is logged"
    assert new_file.store.db.execute("SELECT action FROM event ORDER BY seq DESC LIMIT 1").fetchone() == (
        "denied",
    )


def test_after_a_box_is_counted_setup_changes_need_the_ro_and_a_reason(new_file: CountFile) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    add_example_contest(new_file)
    new_file.session.sign_in("Olu Operator", "1111")
    Verification(new_file).enter_count(CONTEST, "B01", "1480")
    setup, lists = Setup(new_file), SetupLists(new_file)
    assert setup.needs_reason(CONTEST)

    new_file.session.sign_in("Amal Admin", "2468")
    with pytest.raises(NotAllowed, match="Returning Officer"):
        lists.add_candidate(CONTEST, CandidateDetails("Late", "Lucy"))
    new_file.session.sign_in(RO, RO_PIN)
    with pytest.raises(BadInput, match="give the reason"):
        lists.edit_box(CONTEST, BoxDetails("B01", "St Mary's Hall", "P01", "polling-station", "1481"))
    lists.edit_box(
        CONTEST,
        BoxDetails("B01", "St Mary's Hall", "P01", "polling-station", "1481"),
        reason="the ballot paper account was misread: 1481 issued",
    )
    [change] = setup.changes(CONTEST)
    assert (change.what, change.changed_by, change.role) == ("box B01 changed", RO, "returning-officer")
    assert change.reason == "the ballot paper account was misread: 1481 issued"
    assert new_file.contest(CONTEST).ballot_boxes[0].issued == 1481
    with pytest.raises(BadInput, match="has been counted"):
        lists.remove_box(CONTEST, "B01", reason="mistake")
    # the record of late changes is append-only, whatever the path
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        new_file.store.db.execute("UPDATE setup_change SET reason = 'edited'")


def test_recount_rules_alone_are_the_returning_officers_at_any_live_stage(new_file: CountFile) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    add_example_contest(new_file)
    new_file.session.sign_in(RO, RO_PIN)
    Setup(new_file).edit_contest(
        ContestDetails(CONTEST, "Example", "uk-parliamentary", "1", "61000", "50", RecountRules(absolute=200))
    )
    assert new_file.contest(CONTEST).recount_rules.absolute == 200
    assert Setup(new_file).changes() == []


def test_removing_things_set_up_by_mistake(new_file: CountFile) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    add_example_contest(new_file)
    lists = SetupLists(new_file)
    lists.remove_candidate(CONTEST, "lukasz-nowak")
    lists.remove_box(CONTEST, "PV1")
    lists.remove_table(CONTEST, "T1")
    contest = new_file.contest(CONTEST)
    assert [c.id for c in contest.candidates] == ["jane-smith", "tom-ashworth"]
    assert [b.id for b in contest.ballot_boxes] == ["B01"] and contest.count_tables == ()
    Setup(new_file).remove_contest(CONTEST)
    assert new_file.contest_ids() == []
    assert not new_file.store.verify_chain()


def test_edit_election_details(new_file: CountFile) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    changed = ElectionDetails(**{**DETAILS.__dict__, "venue": "Town Hall", "training": True})
    Setup(new_file).edit_election(changed)
    assert new_file.election.venue == "Town Hall" and new_file.election.training


# CSV imports
EXCEL = "Surname;Forenames;Description\r\nGwilym;Siân Ap;Green Party\r\nO'Connor;Zoë;Labour Party\r\n"


def test_import_candidates_saved_by_excel(new_file: CountFile, tmp_path: Path) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    add_example_contest(new_file)
    csv_path = tmp_path / "candidates.csv"
    csv_path.write_bytes(EXCEL.encode("cp1252"))
    importer = SetupImport(new_file)
    preview = importer.preview_candidates(csv_path, CONTEST)
    assert preview.importable and len(preview.csv.rows) == 2
    before = events(new_file)
    added = importer.import_candidates(CONTEST, preview)
    assert events(new_file) == before + 1, "the whole import is one action"
    assert [(c.surname, c.forenames) for c in added] == [("Gwilym", "Siân Ap"), ("O'Connor", "Zoë")]
    names = [c.name for c in SetupLists(new_file).ballot_order(CONTEST)]
    assert names == ["Tom Ashworth", "Siân Ap Gwilym", "Łukasz Nowak", "Zoë O'Connor", "Jane Smith"]
    after = new_file.store.db.execute("SELECT after FROM event ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert preview.sha256 in after and "candidates.csv" in after
    # the same file again: every row is now a duplicate, listed, and nothing is saved
    again = importer.preview_candidates(csv_path, CONTEST)
    assert [p.line for p in again.csv.problems] == [2, 3] and not again.importable
    with pytest.raises(BadInput, match="2 problem"):
        importer.import_candidates(CONTEST, again)
    assert events(new_file) == before + 1


def test_import_boxes_all_or_nothing(new_file: CountFile, tmp_path: Path) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    add_example_contest(new_file)
    bad = tmp_path / "boxes.csv"
    bad.write_text("Box,Polling station,Postal,Issued\nB02,Hall,no,900\nB03,Hall,no,lots\n", encoding="utf-8")
    importer = SetupImport(new_file)
    preview = importer.preview_boxes(bad, CONTEST)
    assert [str(p) for p in preview.csv.problems] == [
        "line 3, Papers issued: 'lots' is not a whole number: type the digits 0 to 9 only"
    ]
    with pytest.raises(BadInput, match="Nothing was saved"):
        importer.import_boxes(CONTEST, preview)
    assert [b.id for b in new_file.contest(CONTEST).ballot_boxes] == ["B01", "PV1"]
    good = tmp_path / "good.csv"
    good.write_text(
        "Box,Polling station,Postal,Issued,Spoilt\nB02,Hall,no,900,3\nPV2,,yes,1200,\n", encoding="utf-8"
    )
    assert importer.import_boxes(CONTEST, importer.preview_boxes(good, CONTEST)) == 2
    assert [b.id for b in new_file.contest(CONTEST).ballot_boxes] == ["B01", "PV1", "B02", "PV2"]
    assert SetupLists(new_file).accounts(CONTEST)["B02"].spoilt == 3


def test_unreadable_csv_says_so_and_saves_nothing(new_file: CountFile, tmp_path: Path) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    add_example_contest(new_file)
    path = tmp_path / "x.csv"
    path.write_bytes(b"Name,Party\nSmith,X\n")
    with pytest.raises(BadInput, match=r"x\.csv cannot be imported: .*no column for Surname"):
        SetupImport(new_file).preview_candidates(path, CONTEST)
    with pytest.raises(BadInput, match="does not exist"):
        SetupImport(new_file).preview_candidates(tmp_path / "missing.csv", CONTEST)


def test_democracy_club_candidates_set_up_contests(new_file: CountFile, tmp_path: Path) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    path = tmp_path / "dc.csv"
    path.write_text(
        "person_id,person_name,ballot_paper_id,party_name,post_label,seats_contested,sopn_last_name,"
        "sopn_first_names\n"
        "1,Jane Smith,parl.riverside.2029-05-03,Example Party,Riverside,1,Smith,Jane\n"
        "2,Zoë O'Connor,parl.riverside.2029-05-03,Labour Party,Riverside,1,O'Connor,Zoë\n"
        "3,Rhys Evans,local.northgate.abbey.2029-05-03,Labour Party,Abbey,3,Evans,Rhys\n",
        encoding="utf-8",
    )
    importer = SetupImport(new_file)
    preview = importer.preview_democracy_club(path)
    assert preview.importable
    contests = importer.import_democracy_club(preview, bundle_size=25)
    assert [c.id for c in contests] == ["parl.riverside.2029-05-03", "local.northgate.abbey.2029-05-03"]
    riverside = new_file.contest("parl.riverside.2029-05-03")
    assert (riverside.name, riverside.bundle_size, len(riverside.candidates)) == ("Riverside", 25, 2)
    assert new_file.contest("local.northgate.abbey.2029-05-03").seats == 3
    again = importer.preview_democracy_club(path)
    assert not again.importable and "already set up" in again.csv.problems[0].what


def test_service_errors_are_sentences(new_file: CountFile) -> None:
    new_file.session.sign_in("Amal Admin", "2468")
    with pytest.raises(ServiceError) as caught:
        SetupLists(new_file).add_candidate("parl.nowhere", CandidateDetails("A", "B"))
    assert str(caught.value).endswith(").")

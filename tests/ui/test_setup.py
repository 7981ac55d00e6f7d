"""The setup screens with key presses: a new count file, a contest, candidates from Excel, boxes, tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.setup import ContestDetails, ElectionDetails, Setup, create_count_file
from app.services.setup_lists import BoxDetails, SetupLists
from app.services.verification import Verification
from app.ui import setup_page
from app.ui.setup_csv import CsvImportDialog
from app.ui.setup_election import NewCountFileDialog
from app.ui.setup_window import SetupDialog
from tests.ui.test_main_window import unnamed_controls

CONTEST = "parl.riverside.2029-05-03"
EXCEL = "Surname;Forenames;Description\r\nGwilym;Siân Ap;Green Party\r\nO'Connor;Zoë;Labour Party\r\n"


def show_active(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def alt(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    """Alt+letter, as typed; a button's mnemonic clicks it after Qt's short press animation."""
    qtbot.keyClick(widget.window(), key, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(250)


@pytest.fixture
def made(tmp_path: Path) -> Iterator[CountFile]:
    details = ElectionDetails(
        "UK Parliamentary General Election",
        date(2029, 5, 3),
        "Northgate District Council",
        "Northgate Leisure Centre",
        "Helen Marsh",
        "Acting Returning Officer",
    )
    count_file = create_count_file(
        tmp_path / "made.countdesk", details, "Amal Admin", "administrator", "2468"
    )
    Setup(count_file).add_contest(
        ContestDetails(CONTEST, "Riverside", "uk-parliamentary", "1", "70412", "50")
    )
    yield count_file
    count_file.close()


def test_a_new_count_file_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewCountFileDialog(tmp_path)
    show_active(qtbot, dialog)
    assert not unnamed_controls(dialog)  # type: ignore[arg-type]
    type_into(qtbot, dialog.election.title, "Northgate District Council Election")
    alt(qtbot, dialog, Qt.Key.Key_A)
    qtbot.keyClicks(QApplication.focusWidget(), "Northgate District Council")
    alt(qtbot, dialog, Qt.Key.Key_R)
    qtbot.keyClicks(QApplication.focusWidget(), "Helen Marsh")
    alt(qtbot, dialog, Qt.Key.Key_Y)
    qtbot.keyClicks(QApplication.focusWidget(), "Amal Admin")
    alt(qtbot, dialog, Qt.Key.Key_I)
    qtbot.keyClicks(QApplication.focusWidget(), "2468")
    alt(qtbot, dialog, Qt.Key.Key_G)
    qtbot.keyClicks(QApplication.focusWidget(), "2469")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.message.isVisible() and "two PINs differ" in dialog.message.text()
    assert dialog.count_file is None
    qtbot.keyClicks(dialog.pin, "2468")
    qtbot.keyClicks(dialog.pin_again, "2468")
    qtbot.keyClick(dialog.pin_again, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    count_file = dialog.count_file
    assert count_file is not None
    try:
        assert count_file.election.authority == "Northgate District Council"
        assert count_file.election.returning_officer.capacity == "Acting Returning Officer"
        assert count_file.session.current is not None and count_file.session.current.role == "administrator"
        assert count_file.path == tmp_path / "count.countdesk"
    finally:
        count_file.close()


def test_import_candidates_saved_by_excel(qtbot: QtBot, made: CountFile, tmp_path: Path) -> None:
    csv_path = tmp_path / "candidates.csv"
    csv_path.write_bytes(EXCEL.encode("cp1252"))
    dialog = CsvImportDialog(made, "candidates", csv_path, CONTEST)
    show_active(qtbot, dialog)
    assert "Windows-1252 (Excel), separated by semicolons" in dialog.summary.text()
    assert dialog.rows.rowCount() == 2 and dialog.rows.item(0, 2).text() == "Siân Ap"
    assert not dialog.problems.isVisible() and dialog.import_button.isEnabled()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Import is the default button
    assert dialog.saved and dialog.result() == QDialog.DialogCode.Accepted
    names = [c.name for c in SetupLists(made).ballot_order(CONTEST)]
    assert names == ["Siân Ap Gwilym", "Zoë O'Connor"]


def test_every_bad_row_is_listed_and_nothing_can_be_imported(
    qtbot: QtBot, made: CountFile, tmp_path: Path
) -> None:
    csv_path = tmp_path / "boxes.csv"
    csv_path.write_bytes(
        "Box;Polling station;Postal;Issued\r\nB01;Neuadd Siân;no;1480\r\nB02;Hall;no;1,2\r\n;Hall;no;12\r\n"
        "B04;Hall;perhaps;5\r\n".encode("cp1252")
    )
    dialog = CsvImportDialog(made, "boxes", csv_path, CONTEST)
    show_active(qtbot, dialog)
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert [p.split(":")[0] for p in problems] == [
        "line 3, Papers issued",
        "line 4, Box",
        "line 5, Postal or kind",
    ]
    assert not dialog.import_button.isEnabled() and "Nothing can be imported" in dialog.summary.text()
    assert dialog.rows.rowCount() == 1 and dialog.rows.item(0, 2).text() == "Neuadd Siân"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert made.contest(CONTEST).ballot_boxes == ()


def test_setting_up_a_contest_in_the_setup_window(qtbot: QtBot, made: CountFile) -> None:
    window = SetupDialog(made)
    show_active(qtbot, window)
    assert not unnamed_controls(window)  # type: ignore[arg-type]
    # Candidates (Ctrl+3): type the names, Alt+A adds.
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.candidates_page
    assert window.tabs.currentWidget() is page and page.contest_id == CONTEST
    # QTest can type Latin-1 only (its key table stops there), so the names typed here are plain;
    # accented names arrive by CSV in the test above.
    for surname, forenames in (("Pryce", "Margaret"), ("Nowak", "Lukas")):
        type_into(qtbot, page.surname, surname)
        type_into(qtbot, page.forenames, forenames)
        type_into(qtbot, page.description, "Independent")
        alt(qtbot, page.description, Qt.Key.Key_A)
    assert [page.table.item(r, 1).text() for r in range(page.table.rowCount())] == ["Nowak", "Pryce"]
    # Ballot boxes (Ctrl+4).
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    boxes = window.boxes_page
    for box, issued in (("B01", "1480"), ("B02", "1210")):
        type_into(qtbot, boxes.ident, box)
        type_into(qtbot, boxes.station, "St Mary's Hall")
        type_into(qtbot, boxes.place, "P01")
        type_into(qtbot, boxes.issued, issued)
        alt(qtbot, boxes.issued, Qt.Key.Key_A)
    type_into(qtbot, boxes.ident, "B03")
    boxes.issued.insert("١٢")  # pasted: Arabic-Indic digits, which int() would take
    alt(qtbot, boxes.issued, Qt.Key.Key_A)
    assert "Papers issued" in boxes.message.text() and "digits 0 to 9" in boxes.message.text()
    assert boxes.table.rowCount() == 2
    # Count tables (Ctrl+5): a table, both boxes ticked with Space.
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    tables = window.tables_page
    type_into(qtbot, tables.new_id, "T1")
    qtbot.keyClick(tables.new_id, Qt.Key.Key_Return)
    assert tables.table.rowCount() == 1 and tables.boxes.count() == 2
    tables.boxes.setFocus()
    for row in range(2):
        tables.boxes.setCurrentRow(row)
        qtbot.keyClick(tables.boxes, Qt.Key.Key_Space)
    alt(qtbot, tables.boxes, Qt.Key.Key_S)
    assert made.contest(CONTEST).count_tables[0].boxes == ("B01", "B02")
    assert tables.table.item(0, 2).text() == "not yet: boxes to verify"
    assert not made.store.verify_chain()


def test_a_late_change_asks_for_the_returning_officers_reason(
    qtbot: QtBot, made: CountFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    SetupLists(made).add_box(CONTEST, BoxDetails("B01", "Hall", "P01", "polling-station", "1480"))
    made.session.add_person("Helen Marsh", "returning-officer", "9876")
    made.session.add_person("Olu Operator", "operator", "1111")
    made.session.sign_in("Olu Operator", "1111")
    Verification(made).enter_count(CONTEST, "B01", "1479")
    made.session.sign_in("Helen Marsh", "9876")
    asked: list[str] = []

    def reason(_parent: QWidget, what: str) -> str:
        asked.append(what)
        return "the presiding officer corrected the account"

    monkeypatch.setattr(setup_page, "ask_reason", reason)
    window = SetupDialog(made)
    show_active(qtbot, window)
    window.show_page(3)
    boxes = window.boxes_page
    boxes.table.selectRow(0)
    boxes.issued.clear()
    type_into(qtbot, boxes.issued, "1479")
    alt(qtbot, boxes.issued, Qt.Key.Key_V)
    assert boxes.message.text() == "Saved: box B01." and asked == ["box B01"]
    assert made.contest(CONTEST).ballot_boxes[0].issued == 1479
    window.show_page(0)
    changes = window.election_page.changes
    assert "box B01 changed. Reason: the presiding officer corrected the account" in changes.item(0).text()


def test_removing_a_box_and_a_candidate_by_keyboard(qtbot: QtBot, made: CountFile) -> None:
    lists = SetupLists(made)
    for box in ("B01", "B02"):
        lists.add_box(CONTEST, BoxDetails(box, "Hall", "P01", "polling-station", "1480"))
    window = SetupDialog(made)
    show_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    boxes = window.boxes_page
    boxes.table.clearSelection()
    boxes.table.setCurrentCell(-1, -1)
    alt(qtbot, boxes.ident, Qt.Key.Key_R)
    assert boxes.message.text() == "Choose the box to remove in the list first."
    assert boxes.table.rowCount() == 2
    boxes.table.setFocus()
    boxes.table.selectRow(1)
    alt(qtbot, boxes.table, Qt.Key.Key_R)
    assert boxes.message.text() == "Saved: box B02 removed."
    assert [b.id for b in made.contest(CONTEST).ballot_boxes] == ["B01"]
    assert boxes.table.rowCount() == 1

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.candidates_page
    type_into(qtbot, page.surname, "Pryce")
    type_into(qtbot, page.forenames, "Margaret")
    alt(qtbot, page.forenames, Qt.Key.Key_A)
    assert page.table.rowCount() == 1
    page.table.setFocus()
    page.table.selectRow(0)
    alt(qtbot, page.table, Qt.Key.Key_R)
    assert page.message.text().startswith("Saved: candidate ") and page.message.text().endswith(" removed.")
    assert made.contest(CONTEST).candidates == ()
    assert not made.store.verify_chain()

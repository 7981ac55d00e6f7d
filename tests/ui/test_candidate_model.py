"""The candidates model: Qt's model contract, ballot order, figures with separators, lots."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.services.count_file import CountFile
from app.ui.candidate_model import LOT_WON, UNDECLARED_ELECTED, CandidateColumn, CandidateTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def column(model: CandidateTableModel, which: CandidateColumn) -> list[object]:
    return [model.data(model.index(row, which)) for row in range(model.rowCount())]


def test_empty_model_keeps_qt_contract(qtmodeltester: ModelTester) -> None:
    model = CandidateTableModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model.lot_note() == ""


def test_loaded_model_keeps_qt_contract(
    qtmodeltester: ModelTester, riverside: CountFile, abbey: CountFile
) -> None:
    model = CandidateTableModel()
    for result in riverside.results() + abbey.results():
        model.show_result(result)
        qtmodeltester.check(model)
    model.show_result(None)
    qtmodeltester.check(model)


def test_riverside_candidates_in_ballot_order_with_accents(riverside: CountFile) -> None:
    model = CandidateTableModel()
    model.show_result(riverside.results()[0])
    assert column(model, CandidateColumn.CANDIDATE) == [
        "Thomas Ashworth-Lee",
        "Siân Ap Gwilym",
        "Łukasz Nowak",
        "Zoë O'Connor",
        "Margaret Pryce",
    ]
    assert column(model, CandidateColumn.VOTES) == ["17,604", "2,311", "5,120", "17,627", "488"]
    assert column(model, CandidateColumn.ELECTED) == ["", "", "", "Elected", ""]
    assert set(column(model, CandidateColumn.LOT)) == {""}
    assert model.data(model.index(0, CandidateColumn.VOTES), Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    heading = model.headerData(CandidateColumn.ELECTED, Qt.Orientation.Horizontal)
    assert heading == UNDECLARED_ELECTED, "before the declaration, the column must not read as final"


def test_the_lot_winner_is_marked_and_explained(abbey: CountFile) -> None:
    model = CandidateTableModel()
    model.show_result(abbey.results()[0])
    lots = column(model, CandidateColumn.LOT)
    assert lots.count(LOT_WON) == 1
    winner = model.candidate_at(lots.index(LOT_WON))
    assert winner.won_lot and winner.elected
    assert model.lot_note().startswith(f"Lots were drawn: {winner.candidate.name} won the lot")
    votes = model.index(lots.index(LOT_WON), CandidateColumn.VOTES)
    votes_tip = model.data(votes, Qt.ItemDataRole.ToolTipRole)
    assert "including one for winning the lot" in votes_tip

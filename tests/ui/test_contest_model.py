"""The contests model: Qt's model contract, and what each column says for the worked examples."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.summaries import ContestSummary, contest_summaries
from app.ui.contest_model import CONTEST_ID_ROLE, NOT_READ, ContestColumn, ContestTableModel
from tests.ui.conftest import ABBEY, RIVERSIDE

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole


def summaries(count_file: CountFile) -> list[ContestSummary]:
    return list(contest_summaries(count_file))


def cell(model: ContestTableModel, row: int, column: ContestColumn, role: int = DISPLAY) -> object:
    return model.data(model.index(row, column), role)


def test_empty_model_keeps_qt_contract(qtmodeltester: ModelTester) -> None:
    model = ContestTableModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model.columnCount() == len(ContestColumn)


def test_loaded_model_keeps_qt_contract(
    qtmodeltester: ModelTester, riverside_and_abbey: CountFile, demo: CountFile
) -> None:
    model = ContestTableModel()
    model.refresh(summaries(riverside_and_abbey) + summaries(demo))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    model.refresh([])
    qtmodeltester.check(model)


def test_riverside_row_says_what_the_result_says(riverside: CountFile) -> None:
    model = ContestTableModel()
    model.refresh(summaries(riverside))
    assert cell(model, 0, ContestColumn.CONTEST) == "Riverside"
    assert cell(model, 0, ContestColumn.STAGE) == "Counting"
    assert cell(model, 0, ContestColumn.ROUND) == str(riverside.result(RIVERSIDE).round)
    assert cell(model, 0, ContestColumn.LEADING) == "Zoë O'Connor"
    assert cell(model, 0, ContestColumn.MARGIN) == "23"
    assert cell(model, 0, ContestColumn.ADVICE) == "bundle, absolute, rejected"
    assert cell(model, 0, ContestColumn.RECONCILED) == "Yes"
    assert cell(model, 0, ContestColumn.PROBLEMS) == "1 warning"


def test_advice_tooltip_gives_each_rule_with_its_figures(riverside: CountFile) -> None:
    model = ContestTableModel()
    model.refresh(summaries(riverside))
    tooltip = str(cell(model, 0, ContestColumn.ADVICE, TOOLTIP))
    assert tooltip.splitlines() == [
        "bundle: margin 23 ≤ 2 × bundle size 50",
        "absolute: margin 23 ≤ 100",
        "rejected: margin 23 ≤ 121 rejected papers",
    ]
    assert "W301" in str(cell(model, 0, ContestColumn.PROBLEMS, TOOLTIP))


def test_figures_are_right_aligned_and_spoken_in_words(riverside: CountFile) -> None:
    model = ContestTableModel()
    model.refresh(summaries(riverside))
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert cell(model, 0, ContestColumn.MARGIN, ALIGNMENT) == right
    assert cell(model, 0, ContestColumn.ROUND, ALIGNMENT) == right
    assert cell(model, 0, ContestColumn.CONTEST, ALIGNMENT) != right
    assert cell(model, 0, ContestColumn.MARGIN, ACCESSIBLE) == "Margin 23 votes"
    assert cell(model, 0, ContestColumn.RECONCILED, ACCESSIBLE) == "Reconciled: yes"
    assert cell(model, 0, ContestColumn.LEADING, ACCESSIBLE) == "Leading: Zoë O'Connor"
    assert model.headerData(ContestColumn.MARGIN, Qt.Orientation.Horizontal) == "Margin"
    assert model.headerData(ContestColumn.MARGIN, Qt.Orientation.Horizontal, TOOLTIP)


def test_a_won_lot_leaves_the_three_elected(abbey: CountFile) -> None:
    model = ContestTableModel()
    model.refresh(summaries(abbey))
    assert cell(model, 0, ContestColumn.LEADING) == "Catrin Davies, Aled Bowen, Rhys Evans"
    assert cell(model, 0, ContestColumn.MARGIN) == "1"


def test_refresh_resets_and_rows_are_found_by_contest(qtbot: QtBot, riverside_and_abbey: CountFile) -> None:
    model = ContestTableModel()
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset], order="strict"):
        model.refresh(summaries(riverside_and_abbey))
    for contest_id in (RIVERSIDE, ABBEY):
        row = model.row_of(contest_id)
        assert row is not None
        summary = model.summary_at(row)
        assert summary is not None and summary.contest_id == contest_id
        assert cell(model, row, ContestColumn.CONTEST, CONTEST_ID_ROLE) == contest_id
    assert model.row_of("no.such.contest") is None
    assert model.data(model.index(5, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_rows_not_read_yet_say_so_and_fill_in_place(
    qtbot: QtBot, qtmodeltester: ModelTester, riverside_and_abbey: CountFile
) -> None:
    model = ContestTableModel()
    ids = riverside_and_abbey.contest_ids()
    model.set_contests(ids)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.unread() == 2
    assert cell(model, 0, ContestColumn.CONTEST) == ids[0]  # its name is not known until read
    assert cell(model, 0, ContestColumn.STAGE) == NOT_READ
    assert cell(model, 0, ContestColumn.MARGIN, TOOLTIP) == "Not read yet"
    assert model.summary_at(0) is None and model.contest_id_at(1) == ids[1]
    first, second = summaries(riverside_and_abbey)
    with qtbot.waitSignal(model.dataChanged) as changed, qtbot.assertNotEmitted(model.modelReset):
        model.put(second)
    assert changed.args[0].row() == 1 and changed.args[1].column() == len(ContestColumn) - 1
    assert model.unread() == 1 and cell(model, 1, ContestColumn.STAGE) != NOT_READ
    model.put(first)
    qtmodeltester.check(model)
    assert [cell(model, row, ContestColumn.CONTEST) for row in range(2)] == [first.name, second.name]
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_contests(ids)  # the same contests again: nothing forgotten, no reset
    assert model.unread() == 0
    model.set_contests(ids[::-1])  # the order changed: known summaries follow their contests
    assert cell(model, 0, ContestColumn.CONTEST) == second.name and model.unread() == 0

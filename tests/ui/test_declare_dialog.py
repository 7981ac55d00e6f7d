"""The declare and provisional dialogs show every precondition at their default size, none below a scroll."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.action_dialog import ActionDialog
from app.ui.declare_dialog import DeclareDialog, ProvisionalDialog

CONTEST = "parl.northgate-and-eastwick.2029-05-03"


@pytest.mark.parametrize("kind", [DeclareDialog, ProvisionalDialog])
def test_every_check_is_visible_at_the_default_size_within_the_screen(
    qtbot: QtBot, demo: CountFile, kind: type[ActionDialog]
) -> None:
    dialog = kind(demo, CONTEST)  # type: ignore[call-arg]
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    checks = dialog.checks  # type: ignore[attr-defined]
    assert checks.count() >= 7
    assert checks.verticalScrollBar().maximum() == 0, "a precondition is hidden below the scroll"
    shown = checks.viewport().rect()
    for row in range(checks.count()):
        assert shown.contains(checks.visualItemRect(checks.item(row))), checks.item(row).text()
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    assert dialog.height() <= 700  # and on a 1366 × 768 laptop, with its title bar and task bar


def test_the_result_line_sits_on_its_captions_line(qtbot: QtBot, demo: CountFile) -> None:
    dialog = DeclareDialog(demo, CONTEST)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    caption = dialog.form.labelForField(dialog.summary)
    assert caption is not None and caption.text() == "Result:"
    # no blank band under a wrapped line: the row is as tall as its text at the dialog's width
    assert dialog.summary.height() <= dialog.summary.heightForWidth(dialog.summary.width()) + 4
    assert abs(caption.geometry().top() - dialog.summary.geometry().top()) <= 4


def test_the_declare_dialog_shows_the_figures_being_declared(qtbot: QtBot, demo: CountFile) -> None:
    dialog = DeclareDialog(demo, CONTEST)
    qtbot.addWidget(dialog)
    result = demo.result(CONTEST)
    lines = dialog.summary.text().splitlines()
    # every candidate's votes in ballot-paper order, the elected marked, exactly as the result has them
    shown = lines[1:1 + len(result.candidates)]
    assert shown == [
        f"{c.candidate.name}: {c.votes:,}" + ("  — ELECTED" if c.elected else "") for c in result.candidates
    ]
    assert sum("ELECTED" in line for line in shown) == len(result.elected) >= 1
    assert f"Rejected papers: {result.rejected_total:,}" in lines
    assert f"Margin: {result.margin:,}" in lines
    assert "store" not in dialog.intro.text()  # the user's words, not the program's

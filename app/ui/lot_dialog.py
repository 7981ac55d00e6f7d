"""Recording the lot the Returning Officer drew between candidates level at the last seat."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.domain.stage import tied_at_last_seat
from app.services import declaration
from app.services.count_file import CountFile
from app.ui.action_dialog import ActionDialog, labelled

DEFAULT_METHOD = "names drawn from a ballot box by the Returning Officer"


class LotDialog(ActionDialog):
    """The tied candidates, the winner drawn, how, and who witnessed it."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Record the lot", "&Record the lot", parent)
        self._count_file = count_file
        self._contest_id = contest_id
        result = count_file.result(contest_id)
        tied, places = tied_at_last_seat(result)
        names = {c.id: c.name for c in result.contest.candidates}
        level = next((c.votes for c in result.candidates if c.candidate.id in tied), 0)
        self.tied = QLabel(
            ", ".join(names[c] for c in tied) + f" — level on {level:,} votes for {places} seat(s)"
            if tied
            else "No candidates are level at the last seat."
        )
        self.tied.setWordWrap(True)
        self.winner = QComboBox()
        for candidate in tied:
            self.winner.addItem(names[candidate], candidate)
        self.method = QLineEdit(DEFAULT_METHOD)
        self.witnesses = QPlainTextEdit()
        self.witnesses.setTabChangesFocus(True)
        self.witnesses.setPlaceholderText("One name a line: candidates and agents who watched")
        self.witnesses.setMaximumHeight(90)
        labelled(self.form, "Tied:", self.tied, "Tied candidates")
        labelled(self.form, "&Winner of the lot:", self.winner, "Winner of the lot")
        labelled(self.form, "&Method:", self.method, "How the lot was drawn")
        labelled(self.form, "W&itnesses:", self.witnesses, "Witnesses")
        self.intro.setText(
            "The winner of the lot is treated as having one more vote; the declaration states that "
            "lots were drawn."
        )
        if not tied:
            self.confirm_button.setEnabled(False)
        self.winner.setFocus()

    def confirm(self) -> None:
        winner = str(self.winner.currentData())
        witnesses = self.witnesses.toPlainText().splitlines()
        self.attempt(
            lambda: declaration.record_lot(
                self._count_file, self._contest_id, winner, self.method.text(), witnesses
            )
        )

"""Suspending a count (reason, seal numbers) and resuming it (the seals as found), and recount rules."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from app.domain.profile import RELATIVE_BASES, RecountRules
from app.domain.stage import open_suspension
from app.services import declaration, recounts
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.ui.action_dialog import ActionDialog, labelled


def seal_numbers(text: str) -> list[str]:
    """Seal numbers typed with commas, semicolons or one a line."""
    return [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


class SuspendDialog(ActionDialog):
    """Suspend a running count, or resume a suspended one; which one follows from the contest."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        contest = count_file.contest(contest_id)
        self.suspension = open_suspension(contest)
        resuming = self.suspension is not None
        super().__init__(
            "Resume the count" if resuming else "Suspend the count",
            "Resume the &count" if resuming else "&Suspend",
            parent,
        )
        self._count_file = count_file
        self._contest_id = contest_id
        self.reason = QLineEdit()
        self.seals = QLineEdit()
        if self.suspension is not None:
            recorded = QLabel(
                f"Suspended by {self.suspension.recorded_by}: {self.suspension.reason}. "
                f"Seals recorded: {', '.join(self.suspension.seals)}."
            )
            recorded.setWordWrap(True)
            labelled(self.form, "Suspension:", recorded, "Suspension recorded")
            labelled(self.form, "Seal numbers &found:", self.seals, "Seal numbers as found")
            labelled(self.form, "&Reason:", self.reason, "Reason for resuming")
            self.intro.setText(
                f"{contest.name}: type the seal numbers as you find them. Any difference from the "
                "numbers recorded at the suspension is kept on the record and shown."
            )
        else:
            labelled(self.form, "&Reason:", self.reason, "Reason for suspending")
            labelled(self.form, "Seal &numbers:", self.seals, "Seal numbers")
            self.intro.setText(
                f"{contest.name}: nothing can be counted or keyed while suspended. Record the seal "
                "numbers on the sealed boxes and bags (separate them with commas)."
            )
        self.reason.setFocus()

    def confirm(self) -> None:
        seals = seal_numbers(self.seals.text())
        if self.suspension is None:
            self.attempt(
                lambda: declaration.suspend(self._count_file, self._contest_id, self.reason.text(), seals)
            )
        else:
            self.attempt(
                lambda: declaration.resume(self._count_file, self._contest_id, self.reason.text(), seals)
            )


class RulesDialog(ActionDialog):
    """Which recount-advice rules fire for this contest (advisory only), changed with a reason."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Recount rules", "&Save the rules", parent)
        self._count_file = count_file
        self._contest_id = contest_id
        contest = count_file.contest(contest_id)
        rules = contest.recount_rules
        self.bundle_rule = QCheckBox(f"&Bundle: margin ≤ 2 × bundle size ({2 * contest.bundle_size:,})")
        self.bundle_rule.setChecked(rules.bundle)
        self.absolute = QLineEdit("" if rules.absolute is None else str(rules.absolute))
        self.relative = QLineEdit(
            "" if rules.relative is None else _percent_text(rules.relative.fraction)
        )
        self.base = QComboBox()
        for base in RELATIVE_BASES:
            self.base.addItem(base.replace("-", " "), base)
        if rules.relative is not None:
            self.base.setCurrentIndex(RELATIVE_BASES.index(rules.relative.base))
        self.rejected_rule = QCheckBox("Re&jected: margin ≤ rejected papers")
        self.rejected_rule.setChecked(rules.rejected)
        self.variance_rule = QCheckBox("&Variance: margin ≤ unexplained verification variance")
        self.variance_rule.setChecked(rules.variance)
        self.reason = QLineEdit()
        labelled(self.form, "", self.bundle_rule, "Bundle rule")
        labelled(self.form, "&Absolute (votes, blank = off):", self.absolute, "Absolute margin")
        labelled(self.form, "Re&lative (per cent, blank = off):", self.relative, "Relative margin")
        labelled(self.form, "Per cent &of:", self.base, "Relative base")
        labelled(self.form, "", self.rejected_rule, "Rejected rule")
        labelled(self.form, "", self.variance_rule, "Variance rule")
        labelled(self.form, "&Reason for the change:", self.reason, "Reason for the change")
        self.intro.setText(
            f"{contest.name}: the tie rule is always on. The advice is for the Returning Officer, "
            "who decides; the change and its reason are recorded."
        )
        self.absolute.setFocus()

    def rules(self) -> RecountRules:
        absolute_text = self.absolute.text().strip()
        if absolute_text and not (absolute_text.isascii() and absolute_text.isdigit()):
            raise BadInput("the absolute margin must be a whole number of votes, or blank for off.")
        return RecountRules(
            bundle=self.bundle_rule.isChecked(),
            absolute=int(absolute_text) if absolute_text else None,
            relative=recounts.relative_rule(self.relative.text(), str(self.base.currentData())),
            rejected=self.rejected_rule.isChecked(),
            variance=self.variance_rule.isChecked(),
        )

    def confirm(self) -> None:
        self.attempt(
            lambda: recounts.set_recount_rules(
                self._count_file, self._contest_id, self.rules(), self.reason.text()
            )
        )


def _percent_text(fraction: Fraction) -> str:
    percent = fraction * 100
    return str(percent.numerator) if percent.denominator == 1 else f"{float(percent):g}"

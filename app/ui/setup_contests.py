"""Contests: profile, seats, electorate, bundle size and recount rules; contests from Democracy Club's CSV."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.election import Contest
from app.domain.profile import PROFILES, RELATIVE_BASES, RecountRules, profile_for
from app.domain.setup_values import COMMON_BUNDLE_SIZES, SetupError, recount_rules
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.setup import DEFAULT_BUNDLE_SIZE, ContestDetails, Setup
from app.ui.setup_csv import import_democracy_club_csv
from app.ui.setup_page import SetupPage, button, field

BASE_WORDS = {"valid-votes": "valid votes", "votes-cast": "votes cast"}


def percent_text(rules: RecountRules) -> str:
    if rules.relative is None:
        return ""
    value = rules.relative.fraction * 100
    return f"{float(value):g}"


class ContestsPage(SetupPage):
    """The contests of the count file and the chosen one's details."""

    contest_chosen = Signal(str)

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(count_file, parent)
        self.setAccessibleName("Contests")
        self.list = QListWidget()
        self.list.setAccessibleName("Contests")
        self.list.currentItemChanged.connect(self._chosen)
        contests_label = QLabel("Con&tests:")
        contests_label.setBuddy(self.list)

        form = QFormLayout()
        self.ident = field(form, "&Id:", name="Contest id")
        self.ident.setPlaceholderText("e.g. parl.riverside.2029-05-03")
        self.name = field(form, "&Name:", name="Contest name")
        self.profile = QComboBox()
        for profile in PROFILES.values():
            self.profile.addItem(profile.title, profile.id)
        self.profile.currentIndexChanged.connect(self._profile_changed)
        field(form, "&Profile:", self.profile, "Profile")
        self.seats = field(form, "&Seats:", name="Seats")
        self.electorate = field(form, "&Electorate:", name="Electorate")
        self.bundle = QComboBox()
        self.bundle.setEditable(True)
        self.bundle.addItems([str(size) for size in COMMON_BUNDLE_SIZES])
        field(form, "&Bundle size:", self.bundle, "Bundle size")

        rules = QGroupBox("Recount advice")
        rules.setAccessibleName("Recount advice rules")
        rules_form = QFormLayout(rules)
        self.rule_bundle = QCheckBox("Margin within two bundles")
        self.rule_rejected = QCheckBox("Margin within the rejected papers")
        self.rule_variance = QCheckBox("Margin within unexplained verification variances")
        for box in (self.rule_bundle, self.rule_rejected, self.rule_variance):
            box.setAccessibleName(box.text())
            rules_form.addRow("", box)
        self.rule_absolute = field(rules_form, "Margin up to (&votes):", name="Absolute margin")
        self.rule_percent = field(rules_form, "Margin up to (%):", name="Relative margin percent")
        self.rule_base = QComboBox()
        for base in RELATIVE_BASES:
            self.rule_base.addItem(BASE_WORDS.get(base, base), base)
        field(rules_form, "…of:", self.rule_base, "Relative margin base")

        self.new_button = button("Ne&w contest")
        self.new_button.clicked.connect(self.new_contest)
        self.save_button = button("Sa&ve contest")
        self.save_button.clicked.connect(self.save_contest)
        self.remove_button = button("&Remove contest")
        self.remove_button.clicked.connect(self.remove_contest)
        self.dc_button = button(
            "Import from &Democracy Club CSV…", "Import contests from a Democracy Club CSV"
        )
        self.dc_button.clicked.connect(self.import_democracy_club)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(rules)
        actions = QHBoxLayout()
        for widget in (self.new_button, self.save_button, self.remove_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        right.addLayout(actions)
        right.addWidget(self.message)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(contests_label)
        left.addWidget(self.list, 1)
        left.addWidget(self.dc_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self._editing: str | None = None
        self.refresh()

    # showing
    def refresh(self) -> None:
        keep = self._editing
        self.list.blockSignals(True)
        self.list.clear()
        for contest_id in self._file.contest_ids():
            contest = self._file.contest(contest_id)
            item = QListWidgetItem(f"{contest.name} ({contest_id})")
            item.setData(Qt.ItemDataRole.UserRole, contest_id)
            self.list.addItem(item)
            if contest_id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if keep in self._file.contest_ids():
            self.show_contest(self._file.contest(keep))  # type: ignore[arg-type]
        elif self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.new_contest()

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        contest_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.show_contest(self._file.contest(contest_id))
        self.contest_chosen.emit(contest_id)

    def show_contest(self, contest: Contest) -> None:
        self._editing = contest.id
        self.contest_id = contest.id
        self.ident.setText(contest.id)
        self.ident.setReadOnly(True)
        self.name.setText(contest.name)
        self.profile.setCurrentIndex(max(0, self.profile.findData(contest.profile_id)))
        self.seats.setText(str(contest.seats))
        self.electorate.setText("" if contest.electorate is None else str(contest.electorate))
        self.bundle.setCurrentText(str(contest.bundle_size))
        self._show_rules(contest.recount_rules)

    def _show_rules(self, rules: RecountRules) -> None:
        self.rule_bundle.setChecked(rules.bundle)
        self.rule_rejected.setChecked(rules.rejected)
        self.rule_variance.setChecked(rules.variance)
        self.rule_absolute.setText("" if rules.absolute is None else str(rules.absolute))
        self.rule_percent.setText(percent_text(rules))
        if rules.relative is not None:
            self.rule_base.setCurrentIndex(max(0, self.rule_base.findData(rules.relative.base)))

    def _profile_changed(self) -> None:
        if self._editing is None:  # a new contest starts from its profile's default rules
            self._show_rules(profile_for(str(self.profile.currentData())).default_rules)

    # acting
    def new_contest(self) -> None:
        self._editing = None
        self.list.clearSelection()
        self.ident.setReadOnly(False)
        for edit in (self.ident, self.name, self.electorate):
            edit.clear()
        self.seats.setText("1")
        self.bundle.setCurrentText(str(DEFAULT_BUNDLE_SIZE))
        self._show_rules(profile_for(str(self.profile.currentData())).default_rules)
        self.ident.setFocus()

    def _details(self) -> ContestDetails:
        try:
            rules = recount_rules(
                bundle=self.rule_bundle.isChecked(),
                absolute=self.rule_absolute.text(),
                relative_percent=self.rule_percent.text(),
                relative_base=str(self.rule_base.currentData()),
                rejected=self.rule_rejected.isChecked(),
                variance=self.rule_variance.isChecked(),
            )
        except SetupError as error:
            raise BadInput(f"{error}.") from None
        return ContestDetails(
            id=self.ident.text(),
            name=self.name.text(),
            profile_id=str(self.profile.currentData()),
            seats=self.seats.text(),
            electorate=self.electorate.text(),
            bundle_size=self.bundle.currentText(),
            recount_rules=rules,
        )

    def save_contest(self) -> None:
        setup = Setup(self._file)
        try:
            details = self._details()
        except BadInput as error:
            self.say(str(error)[:1].upper() + str(error)[1:])
            return
        if self._editing is None:
            made = self.save(
                f"contest {details.id.strip()}",
                "edit-contest",
                lambda reason: setup.add_contest(details, reason),
                election_wide=True,
            )
            if made is not None:
                self._editing = made.id
                self.refresh()
                self.contest_chosen.emit(made.id)
            return
        self.save(f"contest {details.id}", "edit-contest", lambda reason: setup.edit_contest(details, reason))

    def remove_contest(self) -> None:
        if self._editing is None:
            return
        contest_id = self._editing

        def remove(_reason: str | None) -> bool:
            Setup(self._file).remove_contest(contest_id)
            self._editing = None
            return True

        if self.save(f"contest {contest_id} removed", "edit-contest", remove):
            self.contest_chosen.emit("")

    def import_democracy_club(self) -> None:
        if import_democracy_club_csv(self, self._file):
            self.refresh()
            self.changed.emit()

"""Checking one entry of a sheet as it is typed: the catalogue's sheet rules and the live balance."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.catalogue import Problem
from app.domain.election import Contest
from app.domain.entry_cells import Figures, SheetLayout, count_sheet
from app.domain.sheet import TableFigures, check_sheet, figures_in_round, overlay, valid_papers_of


@dataclass(frozen=True)
class Balance:
    """The sheet against the table's expected papers: valid + rejected = papers, and the difference."""

    valid: int
    rejected: int
    expected: int | None

    @property
    def papers(self) -> int:
        return self.valid + self.rejected

    @property
    def difference(self) -> int | None:
        return None if self.expected is None else self.papers - self.expected

    @property
    def balances(self) -> bool:
        return self.difference == 0


@dataclass(frozen=True)
class SheetRules:
    """Checks figures for one (round, table) against the contest's accepted figures.

    It holds the contest (its accepted sheets, never an unaccepted entry), the sheet's layout and
    the table's expected papers; a partial recount's figures are checked overlaid on the figures
    they replace, exactly as the result will see them.
    """

    contest: Contest
    layout: SheetLayout
    expected: int | None

    def table_figures(self, figures: Figures) -> TableFigures:
        # This sheet takes the place of its table's sheet in its round, over the earlier rounds'
        # figures; only this table is worked out (a save checks one sheet, not the whole contest).
        sheet = count_sheet(self.layout, figures)
        earlier = figures_in_round(self.contest, self.layout.round_number - 1, only=sheet.table)
        return overlay(earlier[sheet.table], sheet, self.layout.round_number)

    def problems(self, figures: Figures) -> tuple[Problem, ...]:
        """Every catalogue problem of these figures, as the result would list them."""
        return tuple(
            check_sheet(self.contest, self.table_figures(figures), self.expected, self.layout.where)
        )

    def balance(self, figures: Figures) -> Balance:
        table = self.table_figures(figures)
        return Balance(
            valid=valid_papers_of(table, self.contest.seats),
            rejected=table.rejected_total,
            expected=self.expected,
        )


def has_errors(problems: tuple[Problem, ...]) -> bool:
    return any(p.severity == "error" for p in problems)

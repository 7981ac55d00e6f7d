"""Checking one entry of a sheet as it is typed: the catalogue's sheet rules and the live balance."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.catalogue import Problem
from app.domain.election import Contest
from app.domain.entry_cells import (
    REJECTED_IN_PART,
    VALID_PAPERS,
    Figures,
    SheetLayout,
    blank_cells,
    count_sheet,
)
from app.domain.sheet import TableFigures, check_sheet, figures_in_round, overlay, valid_papers_of


@dataclass(frozen=True)
class Balance:
    """The sheet against the table's expected papers: valid + rejected = papers, and the difference.

    `blank` counts the sheet's boxes not keyed yet; until it is 0 there is no difference (and the
    sheet never "balances"): a difference over blank boxes says nothing about the paper, and on a
    recount it would hint at the figures the earlier round had in them.
    """

    valid: int
    rejected: int
    expected: int | None
    blank: int = 0

    @property
    def papers(self) -> int:
        return self.valid + self.rejected

    @property
    def difference(self) -> int | None:
        if self.expected is None or self.blank:
            return None
        return self.papers - self.expected

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
        return overlay(self._earlier(), sheet, self.layout.round_number)

    def keyed_figures(self, figures: Figures) -> TableFigures:
        """The table's figures as keyed so far: the earlier rounds give only what this sheet does not
        ask for (a partial recount's other piles); a blank box of this sheet stays blank, as in round 1.

        Equal to table_figures once every box is keyed; what the screen shows while typing."""
        layout = self.layout
        earlier = self._earlier()
        asked = {c.id for c in layout.candidates}
        heads = {h.key for h in layout.heads}
        keys = layout.key_set
        not_asked = TableFigures(
            table=earlier.table,
            votes={k: v for k, v in earlier.votes.items() if k not in asked},
            rejected={k: v for k, v in earlier.rejected.items() if k not in heads},
            valid_papers=None if VALID_PAPERS in keys else earlier.valid_papers,
            rejected_in_part=None if REJECTED_IN_PART in keys else earlier.rejected_in_part,
            round_of_sheet=earlier.round_of_sheet,
        )
        return overlay(not_asked, count_sheet(layout, figures), layout.round_number)

    def _earlier(self) -> TableFigures:
        table = self.layout.table_id
        return figures_in_round(self.contest, self.layout.round_number - 1, only=table)[table]

    def problems(self, figures: Figures) -> tuple[Problem, ...]:
        """Every catalogue problem of these figures, as the result would list them."""
        return tuple(
            check_sheet(self.contest, self.table_figures(figures), self.expected, self.layout.where)
        )

    def keyed_problems(self, figures: Figures) -> tuple[Problem, ...]:
        """The problems of the figures as keyed so far (keyed_figures): what the screen shows while
        typing, so no check beside a blank box comes from an earlier round's figure."""
        return tuple(
            check_sheet(self.contest, self.keyed_figures(figures), self.expected, self.layout.where)
        )

    def balance(self, figures: Figures) -> Balance:
        """The live balance of the figures as keyed: never made from a box nobody has keyed."""
        table = self.keyed_figures(figures)
        return Balance(
            valid=valid_papers_of(table, self.contest.seats),
            rejected=table.rejected_total,
            expected=self.expected,
            blank=len(blank_cells(self.layout, figures)),
        )


def has_errors(problems: tuple[Problem, ...]) -> bool:
    return any(p.severity == "error" for p in problems)

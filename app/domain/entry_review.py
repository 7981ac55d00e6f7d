"""The supervisor's side of a sheet: both entries side by side and every problem listed at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from app.domain.catalogue import Problem, problem
from app.domain.double_entry import DoubleEntry, SheetState, differing_cells
from app.domain.entry_cells import SheetLayout
from app.domain.entry_check import SheetRules


@dataclass(frozen=True)
class CellComparison:
    key: str
    description: str
    first: int | None
    second: int | None

    @property
    def differs(self) -> bool:
        return self.first != self.second


@dataclass(frozen=True)
class Comparison:
    """Both entries side by side, for the supervisor only, with every problem listed at once."""

    layout: SheetLayout
    state: SheetState
    first_operator: str | None
    second_operator: str | None
    cells: tuple[CellComparison, ...]
    problems: tuple[Problem, ...]  # E401 / E402 / W403 for the sheet
    first_problems: tuple[Problem, ...]
    second_problems: tuple[Problem, ...]
    pending: Mapping[int, frozenset[str]]

    @property
    def differing(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.cells if c.differs)



def sheet_problems(sheet: DoubleEntry, rules: SheetRules) -> tuple[Problem, ...]:
    """What the supervisor's list says about the sheet itself (differences, errors, corrections)."""
    layout = rules.layout
    where = layout.where
    if sheet.state == SheetState.DIFFERENT and sheet.first and sheet.second:
        cells = differing_cells(layout, sheet.first, sheet.second)
        names = "; ".join(layout.describe(k) for k in cells)
        return (
            problem(
                "E401", where,
                f"the entries by {sheet.first.operator} and {sheet.second.operator} differ in "
                f"{len(cells)} box{'es' if len(cells) != 1 else ''}: {names}",
                cells,
            ),
        )
    if sheet.state == SheetState.HAS_ERRORS:
        errors = [p for e in sheet.entries for p in rules.problems(e.figures) if p.severity == "error"]
        cells = tuple(dict.fromkeys(c for p in errors for c in p.cells))
        return (
            problem(
                "E402", where,
                f"finished with {len(errors)} error{'s' if len(errors) != 1 else ''} confirmed "
                "against the paper sheet",
                cells,
            ),
        )
    if sheet.state == SheetState.CORRECTION:
        return tuple(
            problem(
                "W403", where,
                f"entry {n} ({sheet.entry(n).operator}): {len(cells)} box"
                f"{'es' if len(cells) != 1 else ''} sent back to be re-keyed",
                tuple(k for k in layout.keys if k in cells),
            )
            for n, cells in sorted(sheet.pending.items())
        )
    return ()


def compare(sheet: DoubleEntry, rules: SheetRules) -> Comparison:
    """Both entries side by side with every problem at once (the supervisor's screen)."""
    layout = rules.layout
    first, second = sheet.first, sheet.second
    cells = tuple(
        CellComparison(
            key,
            layout.describe(key),
            first.figures.get(key) if first else None,
            second.figures.get(key) if second else None,
        )
        for key in layout.keys
    )
    return Comparison(
        layout=layout,
        state=sheet.state,
        first_operator=first.operator if first else None,
        second_operator=second.operator if second else None,
        cells=cells if second is not None else tuple(replace(c, second=None) for c in cells),
        problems=sheet_problems(sheet, rules),
        first_problems=rules.problems(first.figures) if first and first.finished else (),
        second_problems=rules.problems(second.figures) if second and second.finished else (),
        pending=dict(sheet.pending),
    )

"""Misread figures corrected after a declaration: checked, then overlaid on the figures of their round."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from app.domain.election import Contest, VoteFigure
from app.domain.figures import MAX_COUNT
from app.domain.sheet import TableFigures
from app.domain.snapshot import CORRECTION_FIELDS, FigureCorrection


def apply_corrections(
    tables: Mapping[str, TableFigures],
    corrections: Iterable[FigureCorrection],
    round_number: int,
) -> dict[str, TableFigures]:
    """The tables' figures with every correction made in `round_number` or earlier laid over them.

    A corrected vote loses its bundles and part: the corrected total is what the Returning Officer
    read from the paper, and the sheet's bundles stay on the record in the sheet itself.
    """
    result = dict(tables)
    for correction in corrections:
        if correction.round > round_number or correction.table not in result:
            continue
        figures = result[correction.table]
        if correction.field == "votes":
            votes = dict(figures.votes)
            votes[correction.key] = VoteFigure(total=correction.new)
            figures = replace(figures, votes=votes)
        elif correction.field == "rejected":
            rejected = dict(figures.rejected)
            rejected[correction.key] = correction.new
            figures = replace(figures, rejected=rejected)
        elif correction.field == "valid_papers":
            figures = replace(figures, valid_papers=correction.new)
        elif correction.field == "rejected_in_part":
            figures = replace(figures, rejected_in_part=correction.new)
        result[correction.table] = figures
    return result


def current_value(figures: TableFigures, field: str, key: str) -> int | None:
    """The figure a correction would replace (None when the table has no such figure)."""
    if field == "votes":
        figure = figures.votes.get(key)
        return None if figure is None else figure.total
    if field == "rejected":
        return figures.rejected.get(key)
    if field == "valid_papers":
        return figures.valid_papers
    if field == "rejected_in_part":
        return figures.rejected_in_part
    return None


def correction_problem(
    contest: Contest, tables: Mapping[str, TableFigures], table: str, field: str, key: str, new: int
) -> str | None:
    """Why this correction cannot be made, in words, or None when it can."""
    if field not in CORRECTION_FIELDS:
        return f'"{field}" is not a figure that can be corrected ({", ".join(CORRECTION_FIELDS)})'
    if table not in tables:
        known = ", ".join(tables) or "none"
        return f'there is no table "{table}" in {contest.name} (tables: {known})'
    if field == "votes" and key not in {c.id for c in contest.candidates}:
        return f'"{key}" is not a candidate of {contest.name}'
    if field == "rejected" and key not in contest.profile.head_keys:
        return f'"{key}" is not a rejected-paper head of this contest'
    if field in ("valid_papers", "rejected_in_part") and contest.seats == 1:
        return f"a single-seat contest has no {field.replace('_', ' ')} figure to correct"
    if not 0 <= new <= MAX_COUNT:
        return f"a figure must be from 0 to {MAX_COUNT:,}"
    old = current_value(tables[table], field, key)
    if old == new:
        return f"the figure is already {new:,}; nothing would change"
    return None

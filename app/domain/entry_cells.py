"""The cells of a count sheet as operators key them: their keys, their paper order, the sheet they make."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from app.domain.election import Candidate, Contest, CountSheet, VoteFigure
from app.domain.profile import RejectedHead

VALID_PAPERS = "valid_papers"
REJECTED_IN_PART = "rejected_in_part"

# What an operator has typed so far: cell key -> figure; None (or absent) is a blank box.
Figures = Mapping[str, int | None]


class EntryRefused(Exception):
    """A double-entry step that is not allowed now; str() says why and what to do instead."""


def bundles_cell(candidate_id: str) -> str:
    return f"bundles:{candidate_id}"


def part_cell(candidate_id: str) -> str:
    return f"part:{candidate_id}"


def votes_cell(candidate_id: str) -> str:
    return f"votes:{candidate_id}"


def rejected_cell(head: str) -> str:
    return f"rejected:{head}"


def candidate_cells(seats: int, candidate_id: str) -> tuple[str, ...]:
    """The boxes on the paper that make a candidate's figure: bundles and part, or plain votes."""
    if seats == 1:
        return (bundles_cell(candidate_id), part_cell(candidate_id))
    return (votes_cell(candidate_id),)


@dataclass(frozen=True)
class CellSpec:
    """One box of the paper sheet."""

    key: str
    kind: str  # "bundles" | "part" | "votes" | "rejected" | "valid_papers" | "rejected_in_part"
    label: str
    candidate: str | None = None
    head: str | None = None


@dataclass(frozen=True)
class SheetLayout:
    """What one (round, table) sheet asks for, in the order the paper gives it."""

    contest_id: str
    contest_name: str
    round_number: int
    round_kind: str
    table_id: str
    seats: int
    bundle_size: int
    candidates: tuple[Candidate, ...]  # ballot-paper order; a partial recount's scope only
    heads: tuple[RejectedHead, ...]  # empty when a partial recount re-counts candidates only
    cells: tuple[CellSpec, ...]  # paper order = the order focus moves in

    @property
    def where(self) -> str:
        """How problems name this sheet (the same words as the contest's result)."""
        return f"round {self.round_number}, table {self.table_id}"

    # Built once per layout (the layout is immutable): a save asks for them box by box.
    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(cell.key for cell in self.cells)

    @cached_property
    def key_set(self) -> frozenset[str]:
        return frozenset(self.keys)

    @property
    def multi_seat(self) -> bool:
        return self.seats > 1

    def cell(self, key: str) -> CellSpec:
        for spec in self.cells:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def describe(self, key: str) -> str:
        """A cell in words, e.g. "Jane Smith, part bundle" or "Rejected: want of official mark"."""
        spec = self.cell(key)
        if spec.candidate is not None:
            name = next(c.name for c in self.candidates if c.id == spec.candidate)
            return f"{name}, {spec.label.lower()}"
        if spec.head is not None:
            return f"Rejected: {spec.label[:1].lower()}{spec.label[1:]}"
        return spec.label


def sheet_layout(contest: Contest, round_number: int, table_id: str) -> SheetLayout:
    """The cells of a table's sheet in a round; a partial recount asks only for its scope."""
    if table_id not in {t.id for t in contest.count_tables}:
        raise EntryRefused(f"{contest.name} has no count table {table_id!r}; choose one of its tables.")
    rounds = {r.number: r for r in contest.rounds}
    round_ = rounds.get(round_number)
    kind = round_.kind if round_ is not None else "initial"
    if round_ is None and not (round_number == 1 and not contest.rounds):
        raise EntryRefused(f"{contest.name} has no round {round_number}.")
    scope = round_.request.scope if round_ is not None and round_.request is not None else None
    if scope is not None and scope.tables and table_id not in scope.tables:
        raise EntryRefused(
            f"table {table_id} is not part of round {round_number}'s partial recount "
            f"(tables {', '.join(scope.tables)}); its figures carry over."
        )
    candidates = contest.ordered_candidates
    heads = contest.profile.heads
    if scope is not None and scope.candidates:
        candidates = tuple(c for c in candidates if c.id in scope.candidates)
        heads = ()  # the rejected papers are not re-counted when only some piles are
    multi = contest.seats > 1
    cells: list[CellSpec] = []
    for candidate in candidates:
        if multi:
            cells.append(CellSpec(votes_cell(candidate.id), "votes", "Votes", candidate=candidate.id))
        else:
            cells.append(
                CellSpec(bundles_cell(candidate.id), "bundles", "Full bundles", candidate=candidate.id)
            )
            cells.append(CellSpec(part_cell(candidate.id), "part", "Part bundle", candidate=candidate.id))
    whole_table = scope is None or not scope.candidates
    if multi and whole_table:
        cells.append(CellSpec(VALID_PAPERS, "valid_papers", "Valid ballot papers"))
    for head in heads:
        cells.append(CellSpec(rejected_cell(head.key), "rejected", head.wording, head=head.key))
    if multi and whole_table and contest.profile.rejected_in_part:
        cells.append(CellSpec(REJECTED_IN_PART, "rejected_in_part", "Papers rejected in part"))
    return SheetLayout(
        contest_id=contest.id,
        contest_name=contest.name,
        round_number=round_number,
        round_kind=kind,
        table_id=table_id,
        seats=contest.seats,
        bundle_size=contest.bundle_size,
        candidates=candidates,
        heads=heads,
        cells=tuple(cells),
    )


def candidate_total(layout: SheetLayout, figures: Figures, candidate_id: str) -> int | None:
    """bundles × bundle size + part (or the plain votes); None until every box of it is typed."""
    if layout.multi_seat:
        return figures.get(votes_cell(candidate_id))
    bundles = figures.get(bundles_cell(candidate_id))
    part = figures.get(part_cell(candidate_id))
    if bundles is None or part is None:
        return None
    return bundles * layout.bundle_size + part


def count_sheet(layout: SheetLayout, figures: Figures) -> CountSheet:
    """The sheet these figures make; a candidate or head with a blank box is left out."""
    votes: dict[str, VoteFigure] = {}
    for candidate in layout.candidates:
        total = candidate_total(layout, figures, candidate.id)
        if total is None:
            continue
        if layout.multi_seat:
            votes[candidate.id] = VoteFigure(total=total)
        else:
            bundles = figures[bundles_cell(candidate.id)]
            part = figures[part_cell(candidate.id)]
            assert bundles is not None and part is not None
            votes[candidate.id] = VoteFigure(total=total, bundles=bundles, part=part)
    rejected: dict[str, int] = {}
    for head in layout.heads:
        value = figures.get(rejected_cell(head.key))
        if value is not None:
            rejected[head.key] = value
    has_valid = VALID_PAPERS in layout.key_set
    has_in_part = REJECTED_IN_PART in layout.key_set
    return CountSheet(
        table=layout.table_id,
        votes=votes,
        rejected=rejected,
        valid_papers=figures.get(VALID_PAPERS) if has_valid else None,
        rejected_in_part=figures.get(REJECTED_IN_PART) if has_in_part else None,
    )


def figures_of(layout: SheetLayout, sheet: CountSheet) -> dict[str, int | None]:
    """The boxes a paper sheet would show for an accepted sheet (the inverse of count_sheet)."""
    figures: dict[str, int | None] = {}
    for candidate in layout.candidates:
        figure = sheet.votes.get(candidate.id)
        if figure is None:
            continue
        if layout.multi_seat:
            figures[votes_cell(candidate.id)] = figure.total
        elif figure.bundles is not None and figure.part is not None:
            figures[bundles_cell(candidate.id)] = figure.bundles
            figures[part_cell(candidate.id)] = figure.part
        else:
            bundles, part = divmod(figure.total, layout.bundle_size)
            figures[bundles_cell(candidate.id)] = bundles
            figures[part_cell(candidate.id)] = part
    for head in layout.heads:
        if head.key in sheet.rejected:
            figures[rejected_cell(head.key)] = sheet.rejected[head.key]
    if any(c.key == VALID_PAPERS for c in layout.cells) and sheet.valid_papers is not None:
        figures[VALID_PAPERS] = sheet.valid_papers
    if any(c.key == REJECTED_IN_PART for c in layout.cells) and sheet.rejected_in_part is not None:
        figures[REJECTED_IN_PART] = sheet.rejected_in_part
    return figures


def blank_cells(layout: SheetLayout, figures: Figures) -> tuple[str, ...]:
    return tuple(key for key in layout.keys if figures.get(key) is None)

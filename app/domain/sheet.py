"""The figures in effect for each table in a round (overlaying earlier rounds) and their checks."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.catalogue import Problem, problem
from app.domain.election import Contest, CountSheet, VoteFigure
from app.domain.entry_cells import VALID_PAPERS, candidate_cells, part_cell, rejected_cell


@dataclass(frozen=True)
class TableFigures:
    """A table's figures as they stand in a round, cell by cell from the latest sheet that gave them."""

    table: str
    votes: dict[str, VoteFigure]
    rejected: dict[str, int]
    valid_papers: int | None
    rejected_in_part: int | None
    round_of_sheet: int | None  # the latest round whose sheet contributed; None: no sheet yet

    @property
    def vote_total(self) -> int:
        return sum(figure.total for figure in self.votes.values())

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())


def figures_in_round(
    contest: Contest, round_number: int | None = None, *, only: str | None = None
) -> dict[str, TableFigures]:
    """Each table's figures in `round_number` (default: the current round); `only`: just that table.

    A round's figures are the previous round's, overlaid with the sheets entered in that round;
    a partial recount's sheet may carry only the candidates in its scope.
    """
    last = contest.current_round if round_number is None else round_number
    result: dict[str, TableFigures] = {
        table.id: TableFigures(table.id, {}, {}, None, None, None)
        for table in contest.count_tables
        if only is None or table.id == only
    }
    for round_ in contest.rounds:
        if round_.number > last:
            break
        for sheet in round_.sheets:
            previous = result.get(sheet.table)
            if previous is None:
                continue
            result[sheet.table] = overlay(previous, sheet, round_.number)
    return result


def overlay(previous: TableFigures, sheet: CountSheet, round_number: int) -> TableFigures:
    votes = dict(previous.votes)
    votes.update(sheet.votes)
    rejected = dict(previous.rejected)
    rejected.update(sheet.rejected)
    return TableFigures(
        table=previous.table,
        votes=votes,
        rejected=rejected,
        valid_papers=sheet.valid_papers if sheet.valid_papers is not None else previous.valid_papers,
        rejected_in_part=(
            sheet.rejected_in_part
            if sheet.rejected_in_part is not None
            else previous.rejected_in_part
        ),
        round_of_sheet=round_number,
    )


def valid_papers_of(figures: TableFigures, seats: int) -> int:
    """Papers with at least one valid vote: Σ votes for one seat, the recorded figure for several."""
    if seats == 1 or figures.valid_papers is None:
        return figures.vote_total if seats == 1 else 0
    return figures.valid_papers


def check_sheet(
    contest: Contest,
    figures: TableFigures,
    expected: int | None,
    where: str,
) -> list[Problem]:
    """Every problem of one table's figures against its expected papers (None: not yet known)."""
    problems: list[Problem] = []
    if figures.round_of_sheet is None:
        return [problem("E206", where, f"table {figures.table} has no accepted count sheet")]
    bundle_size = contest.bundle_size
    for candidate in contest.ordered_candidates:
        figure = figures.votes.get(candidate.id)
        cells = candidate_cells(contest.seats, candidate.id)
        if figure is None:
            problems.append(
                problem("E207", where, f"no figure for {candidate.name}", cells)
            )
            continue
        if figure.part is not None and figure.part >= bundle_size:
            problems.append(
                problem(
                    "E201",
                    where,
                    f"{candidate.name}: part bundle {figure.part:,} is not below the bundle "
                    f"size {bundle_size:,}",
                    (part_cell(candidate.id),),
                )
            )
        if expected is not None and figure.total > expected:
            problems.append(
                problem(
                    "E202",
                    where,
                    f"{candidate.name}: {figure.total:,} votes is more than the table's "
                    f"{expected:,} papers",
                    cells,
                )
            )
        if figure.total == 0:
            problems.append(
                problem("W201", where, f"{candidate.name} has 0 votes at this table", cells)
            )
    for head in contest.profile.heads:
        if head.key not in figures.rejected:
            problems.append(
                problem(
                    "E207", where, f"no figure for rejected head '{head.wording}'",
                    (rejected_cell(head.key),),
                )
            )

    valid = valid_papers_of(figures, contest.seats)
    if contest.seats > 1:
        if figures.valid_papers is None:
            problems.append(problem("E207", where, "no figure for valid papers", (VALID_PAPERS,)))
        else:
            if figures.vote_total > contest.seats * valid:
                problems.append(
                    problem(
                        "E204",
                        where,
                        f"{figures.vote_total:,} votes is more than {contest.seats} × "
                        f"{valid:,} valid papers",
                        (VALID_PAPERS,),
                    )
                )
            for candidate in contest.ordered_candidates:
                figure = figures.votes.get(candidate.id)
                if figure is not None and figure.total > valid:
                    problems.append(
                        problem(
                            "E205",
                            where,
                            f"{candidate.name}: {figure.total:,} votes is more than "
                            f"{valid:,} valid papers",
                            (*candidate_cells(contest.seats, candidate.id), VALID_PAPERS),
                        )
                    )
    if expected is None:
        problems.append(
            problem("E208", where, f"table {figures.table}'s boxes are not all verified")
        )
    else:
        papers = valid + figures.rejected_total
        difference = papers - expected
        if difference != 0:
            hint = (
                "; the difference is divisible by 9: possibly two transposed digits"
                if difference % 9 == 0
                else ""
            )
            problems.append(
                problem(
                    "E203",
                    where,
                    f"valid {valid:,} + rejected {figures.rejected_total:,} = {papers:,}, "
                    f"expected {expected:,} (difference {difference:+,}){hint}",
                )
            )
    return problems

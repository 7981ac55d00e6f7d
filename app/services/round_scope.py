"""What the current round counts: its kind, a partial recount's scope, and the tables that carry over."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.documents import ROUND_KIND_NAMES
from app.domain.stage import tables_to_count
from app.services.count_file import CountFile


@dataclass(frozen=True)
class RoundScope:
    """The round being keyed, as the count entry heading names it.

    `tables` and `candidates` are a partial recount's scope (empty for any other round);
    `carried_over` are the tables with no sheet in this round: their figures are the round before's."""

    number: int
    kind: str  # one of ROUND_KINDS: "initial", "full-recount", "partial-recount", …
    tables: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()  # names, in the scope's order
    carried_over: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        """E.g. "Round 4 — partial recount of table T1 (other tables carry over from round 3)".

        The kind is named as the printed documents name it (ROUND_KIND_NAMES); round 1 is just
        "Round 1", since every table is counted and nothing carries over."""
        if self.number <= 1 or self.kind == "initial":
            return f"Round {max(self.number, 1)}"
        kind = ROUND_KIND_NAMES.get(self.kind, self.kind)
        scope = "; ".join(part for part in (_listed("table", self.tables),
                                            _listed("candidate", self.candidates)) if part)
        if self.kind != "partial-recount" or not scope:
            return f"Round {self.number} — {kind}"
        before = f"round {self.number - 1}"
        if self.candidates:  # only some piles are counted again: the rest of every sheet carries over
            rest = f"everything else carries over from {before}"
        elif self.carried_over:
            rest = f"other tables carry over from {before}"
        else:
            return f"Round {self.number} — {kind} of {scope}"
        return f"Round {self.number} — {kind} of {scope} ({rest})"


def _listed(noun: str, names: tuple[str, ...]) -> str:
    if not names:
        return ""
    return f"{noun} {names[0]}" if len(names) == 1 else f"{noun}s {', '.join(names)}"


def round_scope(count_file: CountFile, contest_id: str) -> RoundScope:
    """The contest's current round (round 1 before the count starts) and what it counts again."""
    contest = count_file.result(contest_id).contest  # the file's kept result: no extra read
    if not contest.rounds:
        return RoundScope(1, "initial")
    current = contest.rounds[-1]
    counted = tables_to_count(contest)
    carried = tuple(t.id for t in contest.count_tables if t.id not in counted)
    request = current.request
    if current.kind != "partial-recount" or request is None or request.scope is None:
        return RoundScope(current.number, current.kind, carried_over=carried)
    names = {c.id: c.name for c in contest.candidates}
    return RoundScope(
        current.number,
        current.kind,
        tables=tuple(request.scope.tables),
        candidates=tuple(names.get(c, c) for c in request.scope.candidates),
        carried_over=carried,
    )

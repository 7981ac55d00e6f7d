"""The things a count is made of: election, contest, candidates, boxes, tables, rounds, sheets, lots."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from app.domain.profile import Profile, RecountRules, profile_for

BOX_KINDS = ("polling-station", "postal")
ROUND_KINDS = ("initial", "bundle-check", "full-recount", "partial-recount", "re-adjudication")
REQUESTER_ROLES = ("candidate", "election-agent", "counting-agent", "returning-officer")
DECISIONS = ("granted", "refused", "pending")
STAGES = ("setup", "verification", "counting", "provisional", "declared")


@dataclass(frozen=True)
class ReturningOfficer:
    name: str
    capacity: str


@dataclass(frozen=True)
class Election:
    """One poll day at one count centre: one .countdesk file."""

    id: str
    title: str
    poll_date: date
    authority: str
    venue: str
    returning_officer: ReturningOfficer
    training: bool = False


@dataclass(frozen=True)
class Candidate:
    id: str
    surname: str
    forenames: str
    description: str = ""
    commonly_used_surname: str | None = None
    commonly_used_forenames: str | None = None
    ballot_position: int | None = None  # a recorded override of the alphabetical order

    @property
    def shown_surname(self) -> str:
        return self.commonly_used_surname or self.surname

    @property
    def shown_forenames(self) -> str:
        return self.commonly_used_forenames or self.forenames

    @property
    def name(self) -> str:
        """The name as read out: forenames then surname."""
        return f"{self.shown_forenames} {self.shown_surname}".strip()


def _collation_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold()


def ballot_order(candidates: tuple[Candidate, ...] | list[Candidate]) -> tuple[Candidate, ...]:
    """Alphabetical by surname, then forenames; a recorded ballot position overrides."""
    alphabetical = sorted(
        candidates,
        key=lambda c: (
            _collation_key(c.surname),
            _collation_key(c.forenames),
            c.surname,
            c.forenames,
            c.id,
        ),
    )
    if all(c.ballot_position is None for c in alphabetical):
        return tuple(alphabetical)
    placed = sorted(
        enumerate(alphabetical),
        key=lambda pair: (
            pair[1].ballot_position if pair[1].ballot_position is not None else pair[0] + 1,
            pair[1].ballot_position is None,
            pair[0],
        ),
    )
    return tuple(candidate for _, candidate in placed)


@dataclass(frozen=True)
class BallotBox:
    id: str
    kind: str  # one of BOX_KINDS
    issued: int
    polling_station: str = ""
    polling_place: str = ""


@dataclass(frozen=True)
class BoxVerification:
    """The counted figures of one box, in order, and the explanation of any variance."""

    box: str
    counts: tuple[int, ...]
    explanation: str | None = None


@dataclass(frozen=True)
class CountTable:
    id: str
    boxes: tuple[str, ...]


@dataclass(frozen=True)
class VoteFigure:
    """A candidate's figure on a sheet: full bundles and a part bundle, or a plain total."""

    total: int
    bundles: int | None = None
    part: int | None = None

    @classmethod
    def from_bundles(cls, bundles: int, part: int, bundle_size: int) -> VoteFigure:
        return cls(total=bundles * bundle_size + part, bundles=bundles, part=part)


@dataclass(frozen=True)
class CountSheet:
    """One table's accepted figures in one round."""

    table: str
    votes: Mapping[str, VoteFigure]
    rejected: Mapping[str, int]
    valid_papers: int | None = None
    rejected_in_part: int | None = None


@dataclass(frozen=True)
class Requester:
    name: str
    role: str  # one of REQUESTER_ROLES


@dataclass(frozen=True)
class RecountScope:
    tables: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecountRequest:
    """A request for a recount and the Returning Officer's decision on it."""

    kind: str  # one of ROUND_KINDS except "initial"
    requested_by: Requester | None
    decision: str  # one of DECISIONS
    reason: str = ""
    scope: RecountScope | None = None


@dataclass(frozen=True)
class Round:
    """Round 1 is the initial count; each granted recount is a further round."""

    number: int
    kind: str
    sheets: tuple[CountSheet, ...] = ()
    request: RecountRequest | None = None


@dataclass(frozen=True)
class Lot:
    tied: tuple[str, ...]
    winner: str
    method: str = ""
    witnesses: tuple[str, ...] = ()
    drawn_at: str | None = None


@dataclass(frozen=True)
class Contest:
    """A constituency or ward being counted, with every figure recorded for it so far."""

    id: str
    name: str
    profile_id: str
    seats: int
    bundle_size: int
    candidates: tuple[Candidate, ...]
    electorate: int | None = None
    recount_rules: RecountRules = field(default_factory=RecountRules)
    ballot_boxes: tuple[BallotBox, ...] = ()
    verification: tuple[BoxVerification, ...] = ()
    count_tables: tuple[CountTable, ...] = ()
    rounds: tuple[Round, ...] = ()
    refused_requests: tuple[tuple[int, RecountRequest], ...] = ()  # (after round n, request)
    lots: tuple[Lot, ...] = ()
    stage_recorded: str | None = None  # "provisional" or "declared" once recorded by the RO

    @property
    def profile(self) -> Profile:
        return profile_for(self.profile_id)

    @property
    def ordered_candidates(self) -> tuple[Candidate, ...]:
        return ballot_order(self.candidates)

    @property
    def current_round(self) -> int:
        return self.rounds[-1].number if self.rounds else 0

    def candidate(self, candidate_id: str) -> Candidate:
        for candidate in self.candidates:
            if candidate.id == candidate_id:
                return candidate
        raise KeyError(candidate_id)

"""The things a count is made of: election, contest, candidates, boxes, tables, rounds, sheets, lots."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from app.domain.profile import Profile, RecountRules, profile_for
from app.domain.snapshot import FigureCorrection, StageRecord, SuspensionEvent

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


# Letters that Unicode does not decompose into a base letter and an accent, spelled as a British
# register would file them (Łukasiewicz beside Lucas, not after Smith).
_UNDECOMPOSABLE = str.maketrans({
    "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
    "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i",
})


def _collation_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
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


@lru_cache(maxsize=4096)
def _ballot_order_of(candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    # By value, so equal contests share it: every table's check asks for the order, and sorting
    # by collation keys is not cheap (a general election has 650 contests of 40 tables).
    return ballot_order(candidates)


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
    reason: str = ""  # the Returning Officer's reason for the decision
    scope: RecountScope | None = None
    grounds: str = ""  # why the candidate or agent asked


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
    # (after round n, request): every request not granted, refused or still pending
    refused_requests: tuple[tuple[int, RecountRequest], ...] = ()
    lots: tuple[Lot, ...] = ()
    # Warnings a supervisor acknowledged, as (code, where, message): the exact warning seen, so a
    # warning about figures that later change is raised afresh.
    acknowledged: tuple[tuple[str, str, str], ...] = ()
    # Provisional results shown and declarations made, in the order recorded (app.domain.stage).
    stage_records: tuple[StageRecord, ...] = ()
    suspensions: tuple[SuspensionEvent, ...] = ()  # suspend / resume, in order

    @property
    def profile(self) -> Profile:
        return profile_for(self.profile_id)

    @cached_property  # asked for by every check of every sheet; the contest is frozen
    def ordered_candidates(self) -> tuple[Candidate, ...]:
        return _ballot_order_of(tuple(self.candidates))

    @property
    def current_round(self) -> int:
        return self.rounds[-1].number if self.rounds else 0

    @property
    def stage_recorded(self) -> str | None:
        """"declared" once declared, "provisional" while one is recorded for the current round.

        A summary only: app.domain.stage derives the stage from the stage records and figures.
        """
        if self.declarations:
            return "declared"
        provisional = [r for r in self.stage_records if r.stage == "provisional"]
        if provisional and provisional[-1].round == self.current_round:
            return "provisional"
        return None

    @property
    def pending_requests(self) -> tuple[tuple[int, RecountRequest], ...]:
        return tuple(pair for pair in self.refused_requests if pair[1].decision == "pending")

    @property
    def declarations(self) -> tuple[StageRecord, ...]:
        return tuple(r for r in self.stage_records if r.stage == "declared")

    @property
    def corrections(self) -> tuple[FigureCorrection, ...]:
        """Misread figures corrected after the declaration, in the order made."""
        return tuple(c for r in self.declarations for c in r.corrections)

    def candidate(self, candidate_id: str) -> Candidate:
        for candidate in self.candidates:
            if candidate.id == candidate_id:
                return candidate
        raise KeyError(candidate_id)

"""What the Returning Officer records of a contest: snapshots of figures shown, declarations, suspensions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for hints: sheet.py imports election.py, which imports this module
    from app.domain.sheet import TableFigures

DIGEST_TAG = "countdesk-figures/1"


def figures_digest(
    round_number: int,
    tables: Mapping[str, TableFigures],
    expected: Mapping[str, int | None],
    papers_verified: int,
) -> str:
    """sha256 over every figure in effect: each table's votes, rejected papers and expected papers.

    Two results have the same digest exactly when no figure that could change what is read out
    differs between them; lots are left out on purpose, because drawing a lot after the
    provisional result does not change the counted figures the candidates were shown.
    """
    canonical = {
        "tag": DIGEST_TAG,
        "round": round_number,
        "papers_verified": papers_verified,
        "tables": {
            table_id: {
                "expected": expected.get(table_id),
                "votes": {cid: figure.total for cid, figure in sorted(figures.votes.items())},
                "rejected": dict(sorted(figures.rejected.items())),
                "valid_papers": figures.valid_papers,
                "rejected_in_part": figures.rejected_in_part,
            }
            for table_id, figures in sorted(tables.items())
        },
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """The figures of a result as they stood when shown: counted votes (lots apart), who is
    elected, rejected papers, papers verified, and the digest of every table's figures."""

    round: int
    votes: Mapping[str, int]  # counted votes per candidate, ballot order, without a lot's extra vote
    elected: tuple[str, ...]
    rejected: Mapping[str, int]  # by head, in the profile's order
    papers_verified: int
    valid_papers: int
    digest: str
    lots_won: tuple[str, ...] = ()
    rejected_in_part: int | None = None

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def shown_votes(self, candidate_id: str) -> int:
        """The published figure: counted votes plus one for a won lot."""
        return self.votes[candidate_id] + (1 if candidate_id in self.lots_won else 0)

    def same_figures(self, other: Snapshot | None) -> bool:
        """Whether `other` was taken of exactly these counted figures (lots aside)."""
        return other is not None and other.digest == self.digest

    def differences(
        self, other: Snapshot, names: Mapping[str, str] | None = None
    ) -> tuple[str, ...]:
        """What differs from `other`, in words (empty when the figures are the same)."""
        found: list[str] = []
        names = names or {}
        if self.round != other.round:
            found.append(f"round {other.round} then, round {self.round} now")
        for cid, votes in self.votes.items():
            before = other.votes.get(cid)
            if before != votes:
                found.append(f"{names.get(cid, cid)}: {_figure(before)} then, {votes:,} now")
        if self.rejected_total != other.rejected_total:
            found.append(
                f"rejected papers: {other.rejected_total:,} then, {self.rejected_total:,} now"
            )
        if self.papers_verified != other.papers_verified:
            found.append(
                f"papers verified: {other.papers_verified:,} then, {self.papers_verified:,} now"
            )
        if not found and self.digest != other.digest:
            found.append("a table's figures changed (the totals are the same)")
        return tuple(found)

    def as_json(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "votes": dict(self.votes),
            "lots_won": list(self.lots_won),
            "elected": list(self.elected),
            "rejected": dict(self.rejected),
            "rejected_in_part": self.rejected_in_part,
            "papers_verified": self.papers_verified,
            "valid_papers": self.valid_papers,
            "digest": self.digest,
        }

    def to_text(self) -> str:
        """Canonical JSON, as stored in the count file."""
        return json.dumps(self.as_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Snapshot:
        """The inverse of as_json (the package reader validates before calling this)."""
        return cls(
            round=int(data["round"]),
            votes={str(k): int(v) for k, v in data["votes"].items()},
            elected=tuple(str(c) for c in data["elected"]),
            rejected={str(k): int(v) for k, v in data["rejected"].items()},
            papers_verified=int(data["papers_verified"]),
            valid_papers=int(data["valid_papers"]),
            digest=str(data["digest"]),
            lots_won=tuple(str(c) for c in data.get("lots_won", ())),
            rejected_in_part=(
                None if data.get("rejected_in_part") is None else int(data["rejected_in_part"])
            ),
        )

    @classmethod
    def from_text(cls, text: str) -> Snapshot:
        return cls.from_json(json.loads(text))


def _figure(value: int | None) -> str:
    return "none" if value is None else f"{value:,}"


@dataclass(frozen=True)
class FigureCorrection:
    """A misread figure put right after the declaration: one cell of one table's sheet.

    `field` is "votes" (key: a candidate id), "rejected" (key: a head), "valid_papers" or
    "rejected_in_part" (key: ""). It overlays the figures of `round` and later rounds.
    """

    round: int
    table: str
    field: str
    key: str
    old: int | None  # the figure it replaced (None: the sheet gave none)
    new: int


CORRECTION_FIELDS = ("votes", "rejected", "valid_papers", "rejected_in_part")
RECORDED_STAGES = ("provisional", "declared")


@dataclass(frozen=True)
class StageRecord:
    """A provisional result shown, or a declaration made, by the Returning Officer.

    A superseding declaration names the declaration it replaces by number (1 = the first
    declaration of the contest) and carries its reason and the corrections that produced it.
    """

    stage: str  # one of RECORDED_STAGES
    snapshot: Snapshot
    recorded_by: str
    recorded_at: str | None = None  # ISO 8601 local time with its UTC offset
    supersedes: int | None = None
    reason: str = ""
    corrections: tuple[FigureCorrection, ...] = field(default=())

    @property
    def round(self) -> int:
        return self.snapshot.round


SUSPENSION_ACTIONS = ("suspend", "resume")


@dataclass(frozen=True)
class SuspensionEvent:
    """The count suspended (papers sealed away, with the seal numbers) or resumed (seals as found)."""

    action: str  # one of SUSPENSION_ACTIONS
    reason: str
    seals: tuple[str, ...]
    recorded_by: str
    recorded_at: str | None = None

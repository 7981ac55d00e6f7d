"""The machine-readable copy of a result sheet (its QR code and PDF metadata): encoded, decoded, compared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, unquote

from app.domain.documents import Fingerprint

PAYLOAD_FORMAT = "countdesk-sheet/1"
# The documents whose figures a payload can carry (the sheets read aloud and pinned up).
PAYLOAD_DOCUMENTS = ("declaration", "provisional")
_KEYS = ("doc", "contest", "status", "round", "votes", "rejected", "in_part", "verified", "chain", "events")


class PayloadError(ValueError):
    """A text that is not a CountDesk sheet payload, or a damaged one."""


class _Counted(Protocol):
    @property
    def votes(self) -> int: ...


class _Rejected(Protocol):
    @property
    def count(self) -> int: ...


class ResultFigures(Protocol):
    """What a declaration or a provisional sheet has in common: the figures a payload carries."""

    @property
    def contest_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def round(self) -> int: ...
    @property
    def lines(self) -> Sequence[_Counted]: ...
    @property
    def rejected(self) -> Sequence[_Rejected]: ...
    @property
    def rejected_in_part(self) -> int | None: ...
    @property
    def papers_verified(self) -> int: ...
    @property
    def fingerprint(self) -> Fingerprint: ...


@dataclass(frozen=True)
class SheetPayload:
    """The contest, the figures (votes in ballot-paper order, rejected by head in the profile's order)
    and the fingerprint of the file when the sheet was printed."""

    document: str
    contest_id: str
    status: str
    round: int
    votes: tuple[int, ...]
    rejected: tuple[int, ...]
    rejected_in_part: int | None
    papers_verified: int
    chain_head: str  # full hex digest
    event_count: int

    @property
    def fingerprint(self) -> Fingerprint:
        return Fingerprint(self.chain_head, self.event_count)

    def encode(self) -> str:
        """One line of ASCII: `countdesk-sheet/1;doc=…;contest=…;…` (the contest id percent-encoded)."""
        values = {
            "doc": self.document,
            "contest": quote(self.contest_id, safe=""),
            "status": self.status,
            "round": str(self.round),
            "votes": ",".join(str(v) for v in self.votes),
            "rejected": ",".join(str(r) for r in self.rejected),
            "in_part": "-" if self.rejected_in_part is None else str(self.rejected_in_part),
            "verified": str(self.papers_verified),
            "chain": self.chain_head.lower(),
            "events": str(self.event_count),
        }
        return ";".join([PAYLOAD_FORMAT, *(f"{key}={values[key]}" for key in _KEYS)])

    def differences(self, other: SheetPayload) -> list[str]:
        """What differs in the figures of `other` (the file's), in words; status and fingerprint aside."""
        found: list[str] = []
        if self.contest_id != other.contest_id:
            found.append(f"the sheet is for contest {self.contest_id}, not {other.contest_id}")
            return found
        if self.round != other.round:
            found.append(f"the sheet shows round {self.round}; the file is at round {other.round}")
        pairs: tuple[tuple[str, object, object], ...] = (
            ("votes (in ballot-paper order)", self.votes, other.votes),
            ("rejected papers by head", self.rejected, other.rejected),
            ("papers rejected in part", self.rejected_in_part, other.rejected_in_part),
            ("ballot papers verified", self.papers_verified, other.papers_verified),
        )
        for label, printed, stored in pairs:
            if printed != stored:
                found.append(f"{label}: the sheet has {_show(printed)}, the file has {_show(stored)}")
        return found


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(f"{v:,}" for v in value) or "none"
    if isinstance(value, int):
        return f"{value:,}"
    return "none" if value is None else str(value)


def payload_of(document: str, sheet: ResultFigures) -> SheetPayload:
    """The payload of a declaration or provisional sheet, from the figures it prints."""
    if document not in PAYLOAD_DOCUMENTS:
        raise ValueError(f"{document!r} sheets carry no payload (only {', '.join(PAYLOAD_DOCUMENTS)})")
    return SheetPayload(
        document=document,
        contest_id=sheet.contest_id,
        status=sheet.status,
        round=sheet.round,
        votes=tuple(line.votes for line in sheet.lines),
        rejected=tuple(line.count for line in sheet.rejected),
        rejected_in_part=sheet.rejected_in_part,
        papers_verified=sheet.papers_verified,
        chain_head=sheet.fingerprint.chain_head.lower(),
        event_count=sheet.fingerprint.event_count,
    )


def _number(key: str, text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise PayloadError(f"its {key} field {text!r} is not a whole number")
    return int(text)


def _numbers(key: str, text: str) -> tuple[int, ...]:
    return tuple(_number(key, part) for part in text.split(",")) if text else ()


def decode_payload(text: str) -> SheetPayload:
    """The payload in `text`; PayloadError says what is wrong with it."""
    parts = text.strip().split(";")
    if parts[0] != PAYLOAD_FORMAT:
        raise PayloadError(f"it does not start with {PAYLOAD_FORMAT}")
    fields: dict[str, str] = {}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if not sep or key not in _KEYS:
            raise PayloadError(f"it has an unknown field {part[:40]!r}")
        if key in fields:
            raise PayloadError(f"its {key} field appears twice")
        fields[key] = value
    missing = [key for key in _KEYS if key not in fields]
    if missing:
        raise PayloadError(f"it lacks the field(s) {', '.join(missing)}")
    chain = fields["chain"]
    if len(chain) != 64 or any(ch not in "0123456789abcdef" for ch in chain):
        raise PayloadError("its chain field is not a 64-digit hex digest")
    return SheetPayload(
        document=fields["doc"],
        contest_id=unquote(fields["contest"]),
        status=fields["status"],
        round=_number("round", fields["round"]),
        votes=_numbers("votes", fields["votes"]),
        rejected=_numbers("rejected", fields["rejected"]),
        rejected_in_part=None if fields["in_part"] == "-" else _number("in_part", fields["in_part"]),
        papers_verified=_number("verified", fields["verified"]),
        chain_head=chain,
        event_count=_number("events", fields["events"]),
    )

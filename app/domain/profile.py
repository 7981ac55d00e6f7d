"""Profiles: what the law of an election type fixes (rejected-paper heads, wording, default recount rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class RejectedHead:
    """One statutory head under which the Returning Officer rejects papers."""

    key: str
    wording: str
    wording_cy: str | None = None


@dataclass(frozen=True)
class RelativeRule:
    """Recount advice when the margin is within a fraction of a base (valid votes or votes cast)."""

    fraction: Fraction
    base: str  # "valid-votes" | "votes-cast"


RELATIVE_BASES = ("valid-votes", "votes-cast")


@dataclass(frozen=True)
class RecountRules:
    """Which recount-advice rules are on for a contest, with their parameters (design.md §5)."""

    bundle: bool = True
    absolute: int | None = 100
    relative: RelativeRule | None = None
    rejected: bool = True
    variance: bool = True


@dataclass(frozen=True)
class Profile:
    """The legal frame of a contest: heads, wording, languages and default recount rules."""

    id: str
    title: str
    heads: tuple[RejectedHead, ...]
    rejected_in_part: bool
    languages: tuple[str, ...]
    declaration_title: str
    declaration_intro: str
    lots_statement: str
    default_rules: RecountRules = field(default_factory=RecountRules)
    declaration_title_cy: str | None = None
    declaration_intro_cy: str | None = None
    lots_statement_cy: str | None = None

    @property
    def head_keys(self) -> tuple[str, ...]:
        return tuple(head.key for head in self.heads)


_OFFICIAL_MARK = RejectedHead(
    "no-official-mark", "Want of official mark", "Dim marc swyddogol"
)
_IDENTIFIES = RejectedHead(
    "identifies-voter",
    "Writing or mark by which the voter could be identified",
    "Ysgrifen neu farc y gellid adnabod y pleidleisiwr drwyddo",
)

_PARLIAMENTARY_HEADS = (
    _OFFICIAL_MARK,
    RejectedHead("too-many-votes", "Voting for more than one candidate"),
    _IDENTIFIES,
    RejectedHead("unmarked-or-void", "Unmarked or wholly void for uncertainty"),
)

_LOCAL_HEADS = (
    _OFFICIAL_MARK,
    RejectedHead(
        "too-many-votes",
        "Voting for more candidates than the voter was entitled to",
        "Pleidleisio dros fwy o ymgeiswyr nag yr oedd gan y pleidleisiwr hawl iddynt",
    ),
    _IDENTIFIES,
    RejectedHead(
        "unmarked-or-void",
        "Unmarked or wholly void for uncertainty",
        "Heb ei marcio neu'n gwbl ddi-rym oherwydd ansicrwydd",
    ),
)

_PCC_HEADS = (
    _OFFICIAL_MARK,
    RejectedHead("too-many-votes", "Voting for more than one candidate"),
    _IDENTIFIES,
    RejectedHead("unmarked", "Unmarked"),
    RejectedHead("void-for-uncertainty", "Void for uncertainty"),
)

_LOTS = (
    "Where, after the counting of the votes, an equality of votes was found between candidates "
    "and the addition of a vote would entitle one of them to be declared elected, the Returning "
    "Officer decided between them by lot, and the candidate on whom the lot fell is treated as "
    "having received an additional vote, included in the figure above."
)
_LOTS_CY = (
    "Pan gafwyd, ar ôl cyfrif y pleidleisiau, fod nifer cyfartal o bleidleisiau rhwng ymgeiswyr, "
    "a byddai ychwanegu pleidlais yn rhoi hawl i un ohonynt gael ei ddatgan yn etholedig, "
    "penderfynodd y Swyddog Canlyniadau rhyngddynt drwy fwrw coelbren, ac ystyrir bod yr "
    "ymgeisydd y disgynnodd y coelbren arno wedi cael pleidlais ychwanegol, a gynhwysir uchod."
)

PROFILES: dict[str, Profile] = {
    profile.id: profile
    for profile in (
        Profile(
            id="uk-parliamentary",
            title="UK Parliamentary election",
            heads=_PARLIAMENTARY_HEADS,
            rejected_in_part=False,
            languages=("en",),
            declaration_title="Declaration of Result of Poll",
            declaration_intro=(
                "I, the undersigned, being the {capacity} for the {contest} constituency, "
                "do hereby give notice that the number of votes recorded for each candidate "
                "at the election held on {poll_date} is as follows:"
            ),
            lots_statement=_LOTS,
        ),
        Profile(
            id="uk-local",
            title="Local government election (England)",
            heads=_LOCAL_HEADS,
            rejected_in_part=True,
            languages=("en",),
            declaration_title="Declaration of Result of Poll",
            declaration_intro=(
                "I, the undersigned, being the {capacity} at the election of councillors for "
                "{contest} held on {poll_date}, do hereby give notice that the number of "
                "votes recorded for each candidate is as follows:"
            ),
            lots_statement=_LOTS,
        ),
        Profile(
            id="uk-local-wales",
            title="Local government election (Wales)",
            heads=_LOCAL_HEADS,
            rejected_in_part=True,
            languages=("en", "cy"),
            declaration_title="Declaration of Result of Poll",
            declaration_title_cy="Datganiad o Ganlyniad y Bleidlais",
            declaration_intro=(
                "I, the undersigned, being the {capacity} at the election of councillors for "
                "{contest} held on {poll_date}, do hereby give notice that the number of "
                "votes recorded for each candidate is as follows:"
            ),
            declaration_intro_cy=(
                "Yr wyf i, sydd wedi llofnodi isod, a minnau'n {capacity} yn yr etholiad "
                "cynghorwyr ar gyfer {contest} a gynhaliwyd ar {poll_date}, drwy hyn yn rhoi "
                "hysbysiad bod nifer y pleidleisiau a gofnodwyd i bob ymgeisydd fel a ganlyn:"
            ),
            lots_statement=_LOTS,
            lots_statement_cy=_LOTS_CY,
        ),
        Profile(
            id="uk-pcc",
            title="Police and Crime Commissioner election",
            heads=_PCC_HEADS,
            rejected_in_part=False,
            languages=("en",),
            declaration_title="Declaration of Result of Poll",
            declaration_intro=(
                "I, the undersigned, being the {capacity} for the {contest} police area, do "
                "hereby give notice that the number of votes recorded for each candidate at the "
                "election of a Police and Crime Commissioner held on {poll_date} is as follows:"
            ),
            lots_statement=_LOTS,
        ),
    )
}


def profile_for(profile_id: str) -> Profile:
    """The profile with this id; KeyError names the known ones."""
    try:
        return PROFILES[profile_id]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise KeyError(f"unknown profile {profile_id!r} (known: {known})") from None

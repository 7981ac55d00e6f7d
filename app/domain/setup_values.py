"""What setup accepts as typed: ids, names and figures (seats, electorate, bundle size, papers issued)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from decimal import Decimal
from fractions import Fraction

from app.domain.figures import FigureError, parse_count
from app.domain.profile import RELATIVE_BASES, RecountRules, RelativeRule

MAX_BUNDLE_SIZE = 1000
MAX_TEXT_LENGTH = 200
MAX_ID_LENGTH = 80
COMMON_BUNDLE_SIZES = (10, 20, 25, 50, 100)
_PERCENT = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,6})?$")  # ASCII only: Decimal() would take "١"
# Letters that carry no combining mark to strip: NFKD leaves them whole, so spell them out.
_UNDECOMPOSED = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss", "Æ": "AE", "æ": "ae",
     "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i"}
)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class SetupError(ValueError):
    """A setup value that cannot be saved; the message names the field and says what to type."""


def text_value(label: str, text: str, *, required: bool = True, limit: int = MAX_TEXT_LENGTH) -> str:
    """A name or description as stored: trimmed, Unicode kept as typed, no control characters."""
    value = text.strip()
    if required and not value:
        raise SetupError(f"{label}: fill it in")
    if len(value) > limit:
        raise SetupError(f"{label}: {len(value)} characters is too long; shorten it to at most {limit}")
    for char in value:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs", "Co", "Cn"):
            raise SetupError(
                f"{label}: it contains an invisible control character (U+{ord(char):04X}); retype it"
            )
    return value


def optional_text(label: str, text: str | None) -> str | None:
    value = text_value(label, text or "", required=False)
    return value or None


def identifier(label: str, text: str, *, limit: int = MAX_ID_LENGTH) -> str:
    """An id (contest, box, table): letters, digits, '.', '-' and '_', starting with a letter or digit."""
    value = text.strip()
    if not value:
        raise SetupError(f"{label}: fill it in")
    if len(value) > limit or not _ID.match(value):
        raise SetupError(
            f"{label}: {value!r} cannot be an id; use letters, digits, '.', '-' or '_' "
            f"(at most {limit}), e.g. B01 or parl.example.2029-05-03"
        )
    return value


def count_value(label: str, text: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number typed with the digits 0 to 9 (figures.parse_count), within its range."""
    try:
        value = parse_count(text.strip(" "))
    except FigureError as error:
        raise SetupError(f"{label}: {error}") from None
    if value < minimum:
        raise SetupError(f"{label}: must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise SetupError(f"{label}: must be at most {maximum:,}")
    return value


def optional_count(label: str, text: str | None, *, minimum: int = 0) -> int | None:
    if text is None or not text.strip(" "):
        return None
    return count_value(label, text, minimum=minimum)


def bundle_size(text: str) -> int:
    return count_value("Bundle size", text, minimum=1, maximum=MAX_BUNDLE_SIZE)


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Siân Ap Gwilym" gives "sian-ap-gwilym"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def new_candidate_id(surname: str, forenames: str, taken: Collection[str]) -> str:
    """A readable id for a new candidate (forenames-surname), made unique against the ids taken."""
    base = slug(f"{forenames} {surname}")[:60].strip("-") or "candidate"
    ident, number = base, 2
    while ident in taken:
        ident, number = f"{base}-{number}", number + 1
    return ident


def relative_margin_rule(relative_percent: str, relative_base: str) -> RelativeRule | None:
    """A relative recount-advice rule from typed text ("0.5" per cent, over 0 and at most 100); "" is off."""
    text = relative_percent.strip()
    if not text:
        return None
    percent = Decimal(text) if _PERCENT.match(text) else Decimal("NaN")
    if not percent.is_finite() or percent <= 0 or percent > 100:
        raise SetupError(
            f"Relative margin: {text!r} is not a percentage; type e.g. 0.5 "
            "(or leave it blank to switch the rule off)"
        )
    if relative_base not in RELATIVE_BASES:
        raise SetupError(f"Relative margin: choose the base ({', '.join(RELATIVE_BASES)})")
    return RelativeRule(Fraction(percent) / 100, relative_base)


def recount_rules(
    *,
    bundle: bool,
    absolute: str,
    relative_percent: str,
    relative_base: str,
    rejected: bool,
    variance: bool,
) -> RecountRules:
    """A contest's recount-advice rules from the setup form (blank absolute or percent: rule off)."""
    relative = relative_margin_rule(relative_percent, relative_base)
    return RecountRules(
        bundle=bundle,
        absolute=optional_count("Absolute margin", absolute),
        relative=relative,
        rejected=rejected,
        variance=variance,
    )

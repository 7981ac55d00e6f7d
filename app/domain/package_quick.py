"""Well-formed parts of an election package, read without building JSON paths (general-election scale)."""

# Each function returns what the full reader (package.py) would return for the same value, or None
# for anything it does not accept at a glance; the full reader then gives the same answer or says
# exactly what is wrong and where. So these add speed, never a new way to accept or refuse.

from __future__ import annotations

from typing import Any

from app.domain.election import BOX_KINDS, BallotBox, BoxVerification, CountTable
from app.domain.figures import MAX_COUNT

_BOX_KEYS = frozenset(("id", "kind", "issued", "polling_station", "polling_place"))
_VERIFICATION_KEYS = frozenset(("box", "counts", "explanation"))
_TABLE_KEYS = frozenset(("id", "boxes"))


def _text(value: object) -> str | None:
    """Required, non-empty text, trimmed; None when it is not."""
    if type(value) is not str:
        return None
    value = value.strip()
    # anything unusual (a control character, say) is left to the full reader, which says where
    return value if value and value.isprintable() else None


def _optional_text(value: object) -> str | None:
    """Text that may be absent or empty ("" then); None when it is not text."""
    if value is None:
        return ""
    if type(value) is not str:
        return None
    value = value.strip()
    return value if value.isprintable() else None


def _is_count(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_COUNT


def quick_box(data: dict[str, Any]) -> BallotBox | None:
    if not _BOX_KEYS.issuperset(data):
        return None
    ident, kind, issued = _text(data.get("id")), _text(data.get("kind")), data.get("issued")
    station = _optional_text(data.get("polling_station"))
    place = _optional_text(data.get("polling_place"))
    if ident is None or kind not in BOX_KINDS or not _is_count(issued) or station is None or place is None:
        return None
    assert isinstance(issued, int)
    return BallotBox(id=ident, kind=kind, issued=issued, polling_station=station, polling_place=place)


def quick_verification(data: dict[str, Any], box_ids: set[str]) -> BoxVerification | None:
    if not _VERIFICATION_KEYS.issuperset(data):
        return None
    box, counts, explanation = _text(data.get("box")), data.get("counts"), data.get("explanation")
    if box is None or box not in box_ids or type(counts) is not list:
        return None
    if not all(_is_count(count) for count in counts):
        return None
    if explanation is not None:
        explanation = _text(explanation)
        if explanation is None:
            return None
    return BoxVerification(box, tuple(counts), explanation)


def quick_table(data: dict[str, Any], box_ids: set[str], owner: dict[str, str]) -> CountTable | None:
    """A count table whose boxes are all known and at no other table; notes them in `owner`."""
    if not _TABLE_KEYS.issuperset(data):
        return None
    table_id, boxes = _text(data.get("id")), data.get("boxes")
    if table_id is None or type(boxes) is not list:
        return None
    seen: set[str] = set()
    for box in boxes:
        if type(box) is not str or box not in box_ids or box in owner or box in seen:
            return None
        seen.add(box)
    for box in boxes:
        owner[box] = table_id
    return CountTable(table_id, tuple(boxes))

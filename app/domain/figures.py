"""Reading count figures as people type them: ASCII digits only, 0 to 9,999,999."""

from __future__ import annotations

MAX_COUNT = 9_999_999
_ASCII_DIGITS = frozenset("0123456789")


class FigureError(ValueError):
    """A typed figure that is not a count; the message says what to type instead."""


def parse_count(text: str) -> int:
    """A count from typed text. Python's int() would accept "١٢", "１２", " 12", "1_000": we do not."""
    if text == "":
        raise FigureError("enter a figure (0 if there are none)")
    if not set(text) <= _ASCII_DIGITS:
        raise FigureError(f"{text!r} is not a whole number: type the digits 0 to 9 only")
    if len(text) > len(str(MAX_COUNT)):
        raise FigureError(f"{text} is larger than {MAX_COUNT:,}: check against the paper")
    value = int(text)
    if value > MAX_COUNT:
        raise FigureError(f"{value:,} is larger than {MAX_COUNT:,}: check against the paper")
    return value


def is_count(value: object) -> bool:
    """Whether a decoded JSON value is a count (an int, not a bool, 0 to MAX_COUNT)."""
    return type(value) is int and 0 <= value <= MAX_COUNT


def clean_name(text: str) -> str:
    """A name as stored: surrounding white space trimmed, Unicode kept as typed."""
    return text.strip()

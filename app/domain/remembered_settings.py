"""What a remembered window setting means when read back: a flag, or a list of file names."""

from __future__ import annotations

# The settings file is plain text the user (or a crash) may have edited, and Qt hands back whatever
# it holds: text, a list, bytes, a number or nothing. These read any of those without raising.


def read_flag(value: object) -> bool:
    """On only for true itself or the text "true" (any case); anything else, damaged or not, is off."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def read_names(value: object) -> list[str]:
    """File names in their remembered order: one text, or the texts of a list; other values are skipped."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [name for name in value if isinstance(name, str) and name]
    return []

"""Typed, path-aware access to decoded JSON, so every complaint names where in the package it is."""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from app.domain.figures import MAX_COUNT, is_count


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a package's millions of objects are built or written.

    Why: each collection walks every live object, and reading a general election makes millions
    (a third of the reading time went on walks that found nothing). A package's objects are
    trees, without cycles, so reference counting frees them all the same.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class PackageError(ValueError):
    """A malformed election package: `path` is the JSON path, `what` says what is wrong."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(f"{path}: {what}" if path else what)
        self.path = path
        self.what = what


def describe(value: object) -> str:
    """A short description of a JSON value for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, int):
        return f"{value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class Node:
    """A JSON object at a path."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise PackageError(path, f"expected an object, found {describe(data)}")
        self.data: dict[str, Any] = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def allow_only(self, *keys: str) -> None:
        for key in self.data:
            if key not in keys:
                allowed = ", ".join(keys)
                raise PackageError(self.at(key), f"unknown field (expected one of: {allowed})")

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def required(self, key: str) -> Any:
        if key not in self.data:
            raise PackageError(self.at(key), "this field is required but missing")
        return self.data[key]

    def text(self, key: str, *, optional: bool = False, allow_empty: bool = False) -> str:
        if optional and not self.has(key):
            return ""
        value = self.required(key)
        if not isinstance(value, str):
            raise PackageError(self.at(key), f"expected text, found {describe(value)}")
        value = value.strip()
        if not value and not allow_empty:
            raise PackageError(self.at(key), "must not be empty")
        return readable(value, self.at(key))

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def count(self, key: str, *, minimum: int = 0) -> int:
        return as_count(self.required(key), self.at(key), minimum=minimum)

    def optional_count(self, key: str) -> int | None:
        return self.count(key) if self.has(key) else None

    def flag(self, key: str, default: bool = False) -> bool:
        if not self.has(key):
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            raise PackageError(self.at(key), f"expected true or false, found {describe(value)}")
        return value

    def day(self, key: str) -> date:
        text = self.text(key)
        try:
            if len(text) != 10:
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise PackageError(
                self.at(key), f'expected a date as YYYY-MM-DD, found "{text}"'
            ) from None

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in choices:
            raise PackageError(
                self.at(key), f'"{value}" is not one of: {", ".join(choices)}'
            )
        return value

    def node(self, key: str) -> Node:
        return Node(self.required(key), self.at(key))

    def items(self, key: str, *, optional: bool = True) -> Iterator[tuple[str, Any]]:
        """(path, value) for each element of a list field."""
        if optional and not self.has(key):
            return
        value = self.required(key)
        if not isinstance(value, list):
            raise PackageError(self.at(key), f"expected a list, found {describe(value)}")
        where = self.at(key)
        for index, element in enumerate(value):
            yield f"{where}[{index}]", element

    def nodes(self, key: str, *, optional: bool = True) -> Iterator[Node]:
        for path, element in self.items(key, optional=optional):
            yield Node(element, path)

    def elements(self, key: str, *, optional: bool = True) -> list[Any]:
        """The raw elements of a list field, for a quick reader that builds a Node (and its path)
        only for an element it does not accept at a glance: at general-election scale the paths
        of the hundreds of thousands of well-formed elements cost more than reading them."""
        if optional and not self.has(key):
            return []
        value = self.required(key)
        if not isinstance(value, list):
            raise PackageError(self.at(key), f"expected a list, found {describe(value)}")
        return value

    def element(self, key: str, index: int, data: object) -> Node:
        """The Node of elements(key)[index], with the path nodes(key) would give it."""
        return Node(data, f"{self.at(key)}[{index}]")


def as_count(value: object, path: str, *, minimum: int = 0) -> int:
    """A JSON value that must be a whole number from `minimum` to 9,999,999."""
    if not is_count(value) or not isinstance(value, int) or value < minimum:
        if isinstance(value, str):
            raise PackageError(
                path,
                f"expected a whole number written with the digits 0-9, found {describe(value)}",
            )
        raise PackageError(
            path,
            f"expected a whole number from {minimum} to {MAX_COUNT:,}, found {describe(value)}",
        )
    return value


def as_text_list(value: object, path: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise PackageError(path, f"expected a list, found {describe(value)}")
    out: list[str] = []
    for index, element in enumerate(value):
        if not isinstance(element, str) or not element.strip():
            raise PackageError(f"{path}[{index}]", f"expected text, found {describe(element)}")
        out.append(readable(element.strip(), f"{path}[{index}]"))
    return tuple(out)


# As setup and CSV imports refuse them (setup_values.py): a NUL, a line break or an unassigned
# character in a name printed nowhere right (the declaration could not be drawn, EML 510/520 was
# not well-formed XML) yet came in through a package unremarked.
_INVISIBLE = ("Cc", "Zl", "Zp", "Cs", "Co", "Cn")


def readable(value: str, path: str) -> str:
    """Package text with no invisible control character; refused with its path otherwise."""
    if value.isprintable():  # the usual case, in C; what it flags is looked at character by character
        return value
    for char in value:
        if unicodedata.category(char) in _INVISIBLE:
            raise PackageError(
                path, f"contains an invisible control character (U+{ord(char):04X}); retype the text"
            )
    return value

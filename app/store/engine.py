"""The SQLite engine under every count file: the library's version and the file format written."""

from __future__ import annotations

import sqlite3

from app.store.schema import APPLICATION_ID, SCHEMA_VERSION


def sqlite_version() -> str:
    """The version of the SQLite library this CountDesk reads and writes count files with."""
    return sqlite3.sqlite_version


def format_version() -> int:
    """The count-file format this CountDesk writes (the file's user_version); newer ones are refused."""
    return SCHEMA_VERSION


def format_tag() -> str:
    """The four letters of the SQLite application id that mark a count file, e.g. "CDK1"."""
    return APPLICATION_ID.to_bytes(4, "big").decode("ascii")

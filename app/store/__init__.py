"""The only package with SQL: the count file, its schema, its audit chain."""

from app.store.connection import (
    DamagedFileError,
    FileInUseError,
    ForeignFileError,
    NewerFileError,
    StoreError,
)
from app.store.count_store import CountStore
from app.store.reader import MissingError

__all__ = [
    "CountStore",
    "DamagedFileError",
    "FileInUseError",
    "ForeignFileError",
    "MissingError",
    "NewerFileError",
    "StoreError",
]

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
from app.store.refusals import ContestLockedError, SaveFailedError

__all__ = [
    "ContestLockedError",
    "CountStore",
    "DamagedFileError",
    "FileInUseError",
    "ForeignFileError",
    "MissingError",
    "NewerFileError",
    "SaveFailedError",
    "StoreError",
]

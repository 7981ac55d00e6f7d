"""The only package with SQL: the count file, its schema, its audit chain."""

# Each name is imported when first asked for (PEP 562), so that importing one light module of the package
# (connection.py, to claim a file before the window's first paint, P4) does not bring in the rest.
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "ContestLockedError": "app.store.refusals",
    "CountStore": "app.store.count_store",
    "DamagedFileError": "app.store.connection",
    "FileInUseError": "app.store.connection",
    "ForeignFileError": "app.store.connection",
    "MissingError": "app.store.reader",
    "NewerFileError": "app.store.connection",
    "SaveFailedError": "app.store.refusals",
    "StoreError": "app.store.connection",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # asked once
    return value

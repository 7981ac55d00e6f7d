"""A count store made from one of the worked examples, for the store's tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.domain.package import read_package
from app.store import CountStore


def imported_store(examples_dir: Path, name: str, target: Path) -> CountStore:
    """A new count file at `target` holding the worked example `name` ("riverside", "abbey")."""
    raw = (examples_dir / f"{name}.package.json").read_bytes()
    package = read_package(raw)
    store = CountStore.create(target)
    store.record_import(package.election, package.contests, hashlib.sha256(raw).hexdigest(), name)
    return store

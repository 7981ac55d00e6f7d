"""The checks that refuse a file as it opens: its audit chain, and its quick_check when deferred."""

from __future__ import annotations

from app.store.connection import DamagedFileError, refuse_damaged_file
from app.store.count_store import CountStore

# Only the hash chain (each event's hash over its stored values and the previous hash): about
# 35 µs an event, 25 ms for the GE2017 file. The row digests and totals are `countdesk verify`'s.


def refuse_broken_chain(store: CountStore) -> None:
    """Raise DamagedFileError when any event does not hash to what is stored or does not link."""
    problems = store.verify_chain()
    if not problems:
        return
    first = problems[0]
    where = f"event {first.seq}" if first.seq is not None else "an event"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    raise DamagedFileError(
        f"{store.path}'s audit trail is broken at {where}: {first.what}{more}. It was changed outside "
        "CountDesk or damaged, so its figures cannot be trusted; `countdesk verify` shows every finding."
    )


def refuse_damaged_store(store: CountStore) -> None:
    """The checks of an open that left them out (open_count_file(check=False)), in the same order:
    SQLite's quick_check of the file, then the audit chain. Raises DamagedFileError."""
    refuse_damaged_file(store.db, store.path)
    refuse_broken_chain(store)

"""Contest results kept while the rows they were computed from are unchanged (keyed on the audit digests)."""

# Why the key is sound: after every audited action the store holds, per contest and table, the
# digest of that table's rows (state_digest.py), the same digests `countdesk verify` checks. Equal
# digests mean equal rows, and a result is a function of its contest's rows alone. So a result
# read again after, say, an operator opened a sheet (which writes entry rows, never figures) is the
# one already computed; any figure, setup or stage change gives a new key. When the store cannot
# vouch for its digests (nothing written yet on this connection, writes not yet digested) the key
# is the file's own: SQLite's count of rows this connection has changed and the file's data version
# (CountStore.unchanged_key), equal only while no row at all has changed, so a file opened to print
# (nothing saved since) still computes each result once. Inside a transaction there is no key and
# the result is computed as before.

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from app.domain.result import ContestResult
from app.store import CountStore

_KEEP = 8  # contests whose results are kept: the ones being worked on, never the whole election


class ResultCache:
    """The latest results of a few contests, each with the key of the rows it was computed from."""

    def __init__(self, store: CountStore) -> None:
        self._store = store
        self._kept: OrderedDict[str, tuple[object, ContestResult]] = OrderedDict()

    def _key(self, contest_id: str) -> object | None:
        """The contest's digests, else the whole file's unchanged key (tagged: never equal to each other)."""
        rows = self._store.contest_key(contest_id)
        if rows is not None:
            return ("rows", rows)
        unchanged = self._store.unchanged_key()
        return None if unchanged is None else ("file", unchanged)

    def result(self, contest_id: str, compute: Callable[[], ContestResult]) -> ContestResult:
        key = self._key(contest_id)  # taken before computing: a write during it gives the next call a new key
        if key is None:
            self._kept.pop(contest_id, None)
            return compute()
        kept = self._kept.get(contest_id)
        if kept is not None and kept[0] == key:
            self._kept.move_to_end(contest_id)
            return kept[1]
        result = compute()
        self._kept[contest_id] = (key, result)
        self._kept.move_to_end(contest_id)
        while len(self._kept) > _KEEP:
            self._kept.popitem(last=False)
        return result

"""The sheet layouts and double-entry states that keying used last, kept while their rows are unchanged."""

# Why this is sound: a layout is a function of its contest, and the file's kept results give back
# the same Contest object while the contest's rows are unchanged (result_cache.py), so a layout is
# reused only for that very object. A sheet's state is kept as written, with the key of the
# contest's rows just after the write (the audit digests, entries included; state_digest.py): equal
# keys, equal rows, so while the key is the same the state is what reading the rows would give
# (entries.write_double_entry returns exactly that). When the store cannot vouch for its digests
# there is no key, and the sheet is read from its rows as before.

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.domain.catalogue import Problem
from app.domain.election import Contest
from app.domain.entry_cells import EntryRefused, Figures, SheetLayout, sheet_layout
from app.domain.entry_check import SheetRules
from app.services.errors import BadInput
from app.store import CountStore
from app.store.entries import StoredSheet

_KEPT = 64  # a few contests' tables: those being keyed now
_CHECKS_KEPT = 4

Place = tuple[str, int, str]  # contest, round, table
Kept = TypeVar("Kept")


def _place(layout: SheetLayout) -> Place:
    return (layout.contest_id, layout.round_number, layout.table_id)


class CheckedRules(SheetRules):
    """The same rules, remembering the problems of the last few figures checked: finishing a second
    entry checks the same figures twice (the entry, then the agreeing pair), and the rules are
    immutable, so the problems of equal figures are equal."""

    _checked: dict[tuple[tuple[str, int | None], ...], tuple[Problem, ...]]  # not a dataclass field

    def __init__(self, contest: Contest, layout: SheetLayout, expected: int | None) -> None:
        super().__init__(contest, layout, expected)
        object.__setattr__(self, "_checked", {})  # frozen, as the rules: set once, here

    def problems(self, figures: Figures) -> tuple[Problem, ...]:
        key = tuple(sorted(figures.items()))
        found = self._checked.get(key)
        if found is None:
            found = self._checked[key] = super().problems(figures)
            if len(self._checked) > _CHECKS_KEPT:
                del self._checked[next(iter(self._checked))]
        return found


class KeptSheets:
    """Layouts by contest object, and each sheet as last written with the key of the rows after it."""

    def __init__(self, store: Callable[[], CountStore]) -> None:
        self._store = store
        self._layouts: dict[Place, tuple[Contest, SheetLayout]] = {}
        self._written: dict[Place, tuple[object, StoredSheet]] = {}

    def layout(self, contest: Contest, round_number: int, table_id: str) -> SheetLayout:
        """The table's sheet layout in the round (refused in the operator's words)."""
        place = (contest.id, round_number, table_id)
        kept = self._layouts.get(place)
        if kept is not None and kept[0] is contest:
            return kept[1]
        try:
            layout = sheet_layout(contest, round_number, table_id)
        except EntryRefused as error:
            raise BadInput(str(error)) from None
        _keep(self._layouts, place, (contest, layout))
        return layout

    def written(self, layout: SheetLayout) -> StoredSheet | None:
        """The sheet as last written here, if the contest's rows have not changed since."""
        kept = self._written.get(_place(layout))
        if kept is None:
            return None
        key = self._store().contest_rows_key(layout.contest_id)
        return kept[1] if key is not None and key == kept[0] else None

    def wrote(self, stored: StoredSheet) -> None:
        """Note a sheet just written (its action committed)."""
        layout = stored.sheet.layout
        place = _place(layout)
        self._written.pop(place, None)
        key = self._store().contest_rows_key(layout.contest_id)
        if key is not None:
            _keep(self._written, place, (key, stored))


def _keep(kept: dict[Place, Kept], place: Place, value: Kept) -> None:
    kept.pop(place, None)
    kept[place] = value
    if len(kept) > _KEPT:
        del kept[next(iter(kept))]

"""A window's own keys, declared once in a table: the window makes its shortcuts from it and F1 lists it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class WindowKey:
    """One key of one window: `id` names its slot, `text` is as on its button (with its & mnemonic),
    `keys` in portable form ("Ctrl+S"), `tip` what it does, as the shortcut sheet says it."""

    id: str
    text: str
    keys: str
    tip: str

    def native(self) -> str:
        """The keys as this platform writes them, as the sheet and the buttons show them."""
        return QKeySequence(self.keys).toString(QKeySequence.SequenceFormat.NativeText)

    def on_button(self) -> str:
        """A button's text naming its key, e.g. "&Save (Ctrl+S)"."""
        return f"{self.text} ({self.native()})"


def key_of(table: tuple[WindowKey, ...], key_id: str) -> WindowKey:
    """The table's key with this id (a button's text is made from it)."""
    return next(key for key in table if key.id == key_id)


def bind_keys(
    widget: QWidget, table: tuple[WindowKey, ...], slots: Mapping[str, Callable[[], object]]
) -> dict[str, QShortcut]:
    """One shortcut on `widget` for each key of its table. A slot without a key, or a key without a
    slot, is a programming error caught the first time the window opens (and by its tests)."""
    if set(slots) != {key.id for key in table}:
        raise ValueError(f"keys {sorted(k.id for k in table)} and slots {sorted(slots)} differ")
    made: dict[str, QShortcut] = {}
    for key in table:
        shortcut = QShortcut(QKeySequence(key.keys), widget)
        shortcut.setObjectName(f"key-{key.id}")
        shortcut.setWhatsThis(key.tip)
        shortcut.activated.connect(slots[key.id])
        made[key.id] = shortcut
    return made

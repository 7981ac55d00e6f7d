"""A guard for PySide6 6.12.0 on Python 3.11, which drops references to None, True and False."""

# Why: in this pairing every call of a C++ method returning void (QLabel.setText, setVisible,
# QTest.keyClick, QTimer.singleShot, ...) drops one reference to None without taking one, and
# every Signal.emit() drops one to True (measured: exactly -1 per call). From Python 3.12 these
# objects are immortal and it is harmless; on 3.11 None starts with ~20,000 references and the
# whole process aborts ("none_dealloc: deallocating None") once they are spent: the count entry
# screen died after about 500 keystrokes, True a few thousand later. A margin of 2**40 references
# makes them immortal in effect, as 3.12 does. Remove this when PySide6 or Python is upgraded.

from __future__ import annotations

import ctypes
import sys

MARGIN = 1 << 40
SINGLETONS = (None, True, False)


def protect_singletons() -> None:
    """Give None, True and False unreachably large reference counts (CPython < 3.12; idempotent)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in SINGLETONS:
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: every object's first field
        if count.value < MARGIN:
            count.value += MARGIN

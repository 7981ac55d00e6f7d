"""The guard against PySide6 6.12.0 on Python 3.11 spending None's and True's references."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

import app.ui  # noqa: F401  (importing the window package sets the guard)
from app.ui.singleton_guard import MARGIN, SINGLETONS


class Emitter(QObject):
    ping = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None, True and False are immortal from 3.12")
def test_a_long_session_of_void_calls_and_signals_cannot_spend_none_or_true(qapp: QApplication) -> None:
    label, emitter = QLabel(), Emitter()
    before = {repr(s): sys.getrefcount(s) for s in SINGLETONS}
    for _ in range(30_000):  # more than None's ~20,000 own references: unguarded, this aborts
        label.setText("x")
        emitter.ping.emit()
    after = {repr(s): sys.getrefcount(s) for s in SINGLETONS}
    assert all(count > MARGIN // 2 for count in after.values()), after
    print(f"references lost per 30,000 calls: { {k: before[k] - after[k] for k in before} }")

"""run_window: the bundled font, the window shown, the count file closed when the loop ends."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from app.services.count_file import CountFile
from app.ui import app as ui_app


def test_bundled_fonts_are_registered(qapp: QApplication) -> None:
    families = ui_app.register_fonts()
    assert ui_app.FONT_FAMILY in families
    assert ui_app.FONT_FAMILY in QFontDatabase.families()


def test_run_window_uses_dejavu_and_closes_the_file(
    qapp: QApplication, riverside: CountFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    closed: list[bool] = []
    original_close = riverside.close

    def fake_exec() -> int:
        shown.extend(w.windowTitle() for w in qapp.topLevelWidgets() if w.isVisible())
        return 3

    def spy_close() -> None:
        closed.append(True)
        original_close()

    expected_title = f"CountDesk — {riverside.election.title} — {riverside.path.name}"
    monkeypatch.setattr(qapp, "exec", fake_exec)
    monkeypatch.setattr(riverside, "close", spy_close)
    assert ui_app.run_window(riverside) == 3
    assert shown == [expected_title]
    assert closed
    assert qapp.font().family() == ui_app.FONT_FAMILY


def test_run_window_without_a_file_shows_the_welcome_page(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles: list[str] = []

    def fake_exec() -> int:
        titles.extend(w.windowTitle() for w in qapp.topLevelWidgets() if w.isVisible())
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    assert ui_app.run_window(None) == 0
    assert "CountDesk" in titles

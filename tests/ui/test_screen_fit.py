"""Tall windows open within the screen: their buttons are never below its bottom edge."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.count_entry import CountEntryWindow
from app.ui.results_window import ResultsWindow
from app.ui.screen_fit import resize_within_screen
from app.ui.supervisor_review import SupervisorReview


def test_each_tall_window_opens_within_the_screen(qtbot: QtBot, demo: CountFile) -> None:
    contest_id = demo.contest_ids()[0]
    for window in (CountEntryWindow(demo, contest_id), SupervisorReview(demo, contest_id),
                   ResultsWindow(demo, contest_id)):
        qtbot.addWidget(window)
        room = window.screen().availableGeometry()
        assert room.height() < 820  # the offscreen screen is 800 × 800: each asks for more
        window.show()
        qtbot.waitExposed(window)
        assert window.height() <= room.height(), type(window).__name__
        # as wide as the screen allows, or as narrow as the window's contents allow
        assert window.width() <= max(room.width(), window.minimumSizeHint().width()), type(window).__name__
        window.close()


def test_a_window_that_fits_gets_the_size_it_asks_for(qtbot: QtBot, demo: CountFile) -> None:
    window = ResultsWindow(demo, demo.contest_ids()[0])
    qtbot.addWidget(window)
    resize_within_screen(window, 400, 300)
    assert (window.width(), window.height()) == (400, 300)


def test_the_results_window_fits_a_small_laptop_screen(qtbot: QtBot, demo: CountFile) -> None:
    window = ResultsWindow(demo, demo.contest_ids()[0])
    qtbot.addWidget(window)
    # 1,024 pixels wide (older count-centre laptops, projectors); the window's own frame aside
    assert window.minimumSizeHint().width() <= 1000

"""Dates and moments in words: English month names whatever the locale, the stored offset kept."""

from __future__ import annotations

from datetime import date

from app.domain.long_dates import format_long_date, format_long_date_cy, format_moment


def test_long_dates_in_english_and_welsh() -> None:
    assert format_long_date(date(2017, 6, 8)) == "8 June 2017"
    assert format_long_date_cy(date(2017, 6, 8)) == "8 Mehefin 2017"


def test_a_stored_moment_in_words_keeps_its_offset() -> None:
    assert format_moment("2029-05-04T03:00:00+01:00") == "4 May 2029 at 03:00 (+01:00)"
    assert format_moment("2017-06-09T23:59:30-03:30") == "9 June 2017 at 23:59 (-03:30)"
    assert format_moment("2029-05-04T03:00:00") == "4 May 2029 at 03:00"


def test_text_that_is_not_a_moment_is_printed_as_stored() -> None:
    assert format_moment("sometime after midnight") == "sometime after midnight"

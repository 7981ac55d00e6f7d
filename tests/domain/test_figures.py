"""Typed counts: ASCII digits only, within range; names trimmed with Unicode kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.figures import MAX_COUNT, FigureError, clean_name, is_count, parse_count


@pytest.mark.parametrize("text", ["0", "7", "16333", "9999999", "007"])
def test_accepts_ascii_digits(text: str) -> None:
    assert parse_count(text) == int(text)


@pytest.mark.parametrize(
    "text", ["", "-1", "+1", " 12", "12 ", "1_000", "1,000", "١٢", "１２", "12.0", "1e3", "10000000", "²"]
)
def test_refuses_what_int_would_take_or_is_out_of_range(text: str) -> None:
    with pytest.raises(FigureError):
        parse_count(text)


@given(st.text(max_size=12))
def test_any_text_is_a_count_or_a_clear_refusal(text: str) -> None:
    try:
        value = parse_count(text)
    except FigureError as error:
        assert str(error)
    else:
        assert text.isascii() and text.isdigit() and 0 <= value <= MAX_COUNT


def test_is_count_excludes_bools_and_floats() -> None:
    assert is_count(0) and is_count(MAX_COUNT)
    assert not is_count(True) and not is_count(1.0) and not is_count(-1) and not is_count(MAX_COUNT + 1)


def test_clean_name_trims_and_keeps_unicode() -> None:
    assert clean_name("  Siân ap Gwilym\t") == "Siân ap Gwilym"
    assert clean_name("Łukasz") == "Łukasz"

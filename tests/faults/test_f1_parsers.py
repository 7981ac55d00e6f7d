"""F1: Hypothesis on every parser (counts, CSV, package, settings): typed errors only, no foreign digits."""

# Each property is built by a function taking the parser, so the same property runs against the real
# parser (it must hold for 10,000 cases) and once against a deliberately broken variant (it must
# fail). Runs are derandomized, so CI sees the same cases every time, and use no example database.
# The CSV readers' crash-freedom is tests/domain/test_csv_import_fuzz.py (10,000 files per reader);
# here, what it does not check: that a figure cell is read exactly, and "١٢٣" never is.

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import strategies as st

from app.domain import package as package_module
from app.domain.csv_headers import CsvFileError
from app.domain.csv_import import read_boxes
from app.domain.entry_cells import SheetLayout, sheet_layout
from app.domain.figures import MAX_COUNT, FigureError, parse_count
from app.domain.package import PackageError, read_package
from app.domain.profile import RelativeRule
from app.domain.remembered_settings import read_flag, read_names
from app.domain.setup_values import SetupError, count_value
from app.resources import resource_path
from app.services.counting import Counting
from app.services.errors import BadInput
from app.services.recounts import relative_rule
from tests.faults.parser_inputs import (
    BATCH,
    PLAIN_COUNT,
    Base,
    Mutation,
    Runs,
    batched,
    figure_text,
    figure_texts,
    has_non_ascii_digit,
    int_parse_count,
    load_base,
    mutations,
)
from tests.faults.settings_properties import (
    recount_rules_property,
    relative_rule_property,
    remembered_property,
    settings_file_property,
)

CASES = 10_000  # inputs per property, ten to a Hypothesis example (parser_inputs.batched)
ENCODINGS = ["utf-8", "utf-8-sig"]
# The package's 10,000 take ~45 s on this 2-core machine under load (each read is milliseconds):
# `slow`, with 1,000 in the normal suite. Every other property runs its 10,000 in the normal suite.
SIZES = [pytest.param(1_000, id="1000"), pytest.param(CASES, id="10000", marks=pytest.mark.slow)]
BROKEN_CASES = 2_000  # a broken variant is caught within a few hundred cases; this bounds the search


def _report(name: str, runs: Runs, cases: int) -> None:
    print(f"F1 {name}: {runs.count:,} cases, 0 unexpected exceptions")
    assert runs.count >= cases


# --- count fields ----------------------------------------------------------------------------


def count_field_property(parse: Callable[[str], int], runs: Runs, cases: int) -> Callable[[], None]:
    def check(text: str) -> None:
        try:
            value = parse(text)
        except FigureError as error:
            assert str(error), "a refusal must say what to type"
            assert not PLAIN_COUNT.fullmatch(text), f"{text!r} refused"
            return
        assert PLAIN_COUNT.fullmatch(text), f"{text!r} accepted as {value}"
        assert not has_non_ascii_digit(text) and value == int(text) and 0 <= value <= MAX_COUNT

    return batched(check, runs, cases, text=figure_texts)


def test_parse_count_reads_exactly_the_ascii_counts() -> None:
    runs = Runs(BATCH)
    count_field_property(parse_count, runs, CASES)()
    _report("parse_count", runs, CASES)


def test_the_count_property_catches_a_parse_count_using_int() -> None:
    with pytest.raises(AssertionError, match="accepted as"):
        count_field_property(int_parse_count, Runs(), BROKEN_CASES)()


@pytest.fixture(scope="module")
def riverside_layout(examples_dir: Path) -> SheetLayout:
    contest = read_package((examples_dir / "riverside.package.json").read_bytes()).contests[0]
    return sheet_layout(contest, 1, contest.count_tables[0].id)


def keyed_property(layout: SheetLayout, runs: Runs, cases: int) -> Callable[[], None]:
    """Count entry's parse of a sheet's boxes as typed (cell key -> text) into figures."""
    # One byte string per box: its first byte picks the box (1 in 8 a box the sheet does not have).
    keys = [*layout.keys, *layout.keys, *layout.keys, "votes:nobody", "rejected:spoilt", "", "VALID_PAPERS"]
    typed_boxes = st.lists(st.binary(min_size=1, max_size=12), max_size=len(layout.keys)).map(
        lambda seeds: {keys[s[0] % len(keys)]: figure_text(s[1:]) for s in seeds}
    )

    def check(typed: Mapping[str, str]) -> None:
        good = all(k in layout.keys for k in typed) and all(
            t == "" or PLAIN_COUNT.fullmatch(t) for t in typed.values()
        )
        try:
            figures = Counting._parse(layout, typed)
        except BadInput as error:
            assert not good, f"{typed!r} refused: {error}"
            assert "nothing was saved" in str(error) or "has no box" in str(error)
            return
        assert good, f"{typed!r} accepted as {figures}"
        assert figures == {k: None if t == "" else int(t) for k, t in typed.items()}

    return batched(check, runs, cases, typed=typed_boxes)


def test_count_entry_reads_typed_boxes_exactly(riverside_layout: SheetLayout) -> None:
    runs = Runs(BATCH)
    keyed_property(riverside_layout, runs, CASES)()
    _report("count entry's typed boxes", runs, CASES)


def test_the_entry_property_catches_boxes_read_with_int(riverside_layout: SheetLayout) -> None:
    with mock.patch("app.services.counting.parse_count", int_parse_count), pytest.raises(AssertionError):
        keyed_property(riverside_layout, Runs(), BROKEN_CASES)()


def setup_figure_property(runs: Runs, cases: int) -> Callable[[], None]:
    """Setup's figures (issued, electorate, seats, bundle size): digits only, within their range."""

    def check(text: str, minimum: int, maximum: int | None) -> None:
        plain = text.strip(" ")
        good = bool(PLAIN_COUNT.fullmatch(plain)) and minimum <= int(plain) <= (maximum or MAX_COUNT)
        try:
            value = count_value("Issued", text, minimum=minimum, maximum=maximum)
        except SetupError as error:
            assert not good and str(error).startswith("Issued: "), f"{text!r} refused: {error}"
            return
        assert good and value == int(plain), f"{text!r} accepted as {value}"

    ranges = {"minimum": st.sampled_from([0, 1]), "maximum": st.sampled_from([None, 1000])}
    return batched(check, runs, cases, text=figure_texts, **ranges)


def test_setup_figures_read_exactly_the_ascii_counts_in_range() -> None:
    runs = Runs(BATCH)
    setup_figure_property(runs, CASES)()
    _report("setup figures", runs, CASES)


def test_the_setup_property_catches_figures_read_with_int() -> None:
    with mock.patch("app.domain.setup_values.parse_count", int_parse_count), pytest.raises(AssertionError):
        setup_figure_property(Runs(), BROKEN_CASES)()


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def csv_figure_property(runs: Runs, cases: int) -> Callable[[], None]:
    """A boxes CSV whose Issued cell is anything: read exactly when it is a count, else a row problem."""

    def check(cell: str, encoding: str) -> None:
        raw = f"Box,Postal,Issued\r\nB01,no,{_quoted(cell)}\r\n".encode(encoding, errors="surrogatepass")
        value = cell.strip(" \t")
        try:
            preview = read_boxes(raw)
        except CsvFileError as error:
            assert str(error) and not PLAIN_COUNT.fullmatch(value)
            return
        if PLAIN_COUNT.fullmatch(value):
            [row] = preview.rows
            assert row.box.issued == int(value) and not preview.problems
        else:
            assert not preview.rows, f"Issued {cell!r} accepted as {preview.rows[0].box.issued}"
            assert any(p.line == 2 for p in preview.problems)

    return batched(check, runs, cases, cell=figure_texts, encoding=st.sampled_from(ENCODINGS))


def test_a_csv_figure_cell_is_read_exactly_or_refused() -> None:
    runs = Runs(BATCH)
    csv_figure_property(runs, CASES)()
    _report("CSV figure cells", runs, CASES)


def test_the_csv_property_catches_cells_read_with_int() -> None:
    with mock.patch("app.domain.csv_import.parse_count", int_parse_count), pytest.raises(AssertionError):
        csv_figure_property(Runs(), BROKEN_CASES)()


# --- the election package ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bases(examples_dir: Path) -> list[Base]:
    """The worked examples and the demo: every kind of contest, round and stage section there is."""
    return [
        load_base("riverside", examples_dir / "riverside.package.json"),
        load_base("abbey", examples_dir / "abbey.package.json"),
        load_base("demo", resource_path("demo", "demo.package.json")),
    ]


def package_property(
    bases: list[Base], runs: Runs, cases: int, which: st.SearchStrategy[Mutation] = mutations
) -> Callable[[], None]:
    def check(base: Base, mutation: Mutation) -> None:
        raw = mutation.make(base)
        try:
            read_package(raw)
        except PackageError as error:
            assert str(error), "a refusal must say what is wrong"
            return
        assert not mutation.must_refuse, f"{base.name}: {mutation.kind} was accepted"

    return batched(check, runs, cases, base=st.sampled_from(bases), mutation=which)


@pytest.mark.parametrize("cases", SIZES)
def test_every_mutation_of_a_valid_package_is_read_or_refused_with_a_package_error(
    bases: list[Base], cases: int
) -> None:
    runs = Runs(BATCH)
    package_property(bases, runs, cases)()
    _report("election package mutations", runs, cases)


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # 50 kB reprs
def test_the_package_property_catches_figures_read_with_int(bases: list[Base]) -> None:
    import app.domain.package_reader as reader

    real = reader.as_count

    def lenient(value: object, path: str, *, minimum: int = 0) -> int:
        read = int(value) if isinstance(value, str) and value.isdigit() else value
        return real(read, path, minimum=minimum)

    # Every package module that imported as_count by name reads through the lenient one.
    readers = [m for name, m in sys.modules.items() if name.startswith("app.domain.package")]
    readers = [m for m in readers if getattr(m, "as_count", None) is real]
    patches = [mock.patch.object(m, "as_count", lenient) for m in readers]
    for patch in patches:
        patch.start()
    try:
        with pytest.raises(AssertionError, match="another script's digits"):
            package_property(bases, Runs(), BROKEN_CASES, mutations)()
    finally:
        for patch in patches:
            patch.stop()


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # 50 kB reprs
def test_the_package_property_catches_a_decoder_that_lets_python_errors_out(bases: list[Base]) -> None:
    def bare(raw: bytes) -> Any:
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PackageError("", str(error)) from None

    with mock.patch.object(package_module, "decode_package", bare), pytest.raises(
        (ValueError, RecursionError)
    ) as caught:
        package_property(bases, Runs(), BROKEN_CASES)()
    assert not isinstance(caught.value, PackageError)


# --- settings ----------------------------------------------------------------------------------


def test_recount_rules_from_the_setup_form_are_read_exactly_or_refused() -> None:
    runs = Runs(BATCH)
    recount_rules_property(runs, CASES)()
    _report("recount rules (setup)", runs, CASES)


def test_the_rules_property_catches_a_percentage_read_with_unicode_digits() -> None:
    import re

    with mock.patch("app.domain.setup_values._PERCENT", re.compile(r"^\d{1,3}(\.\d{1,6})?$")), pytest.raises(
        AssertionError
    ):
        recount_rules_property(Runs(), BROKEN_CASES)()


def test_the_suspend_dialogs_relative_margin_never_reads_foreign_digits() -> None:
    runs = Runs(BATCH)
    relative_rule_property(relative_rule, runs, CASES)()
    _report("recount rules (relative margin, suspend dialog)", runs, CASES)


def test_the_relative_margin_property_catches_decimal_on_its_own() -> None:
    def decimal_only(text: str, base: str) -> RelativeRule | None:
        return RelativeRule(Fraction(Decimal(text.strip())) / 100, base) if text.strip() else None

    with pytest.raises(Exception) as caught:
        relative_rule_property(decimal_only, Runs(), BROKEN_CASES)()
    assert not isinstance(caught.value, BadInput)


def test_remembered_window_settings_read_any_value_without_raising() -> None:
    runs = Runs(BATCH)
    remembered_property(read_flag, read_names, runs, CASES)()
    _report("remembered window settings", runs, CASES)


def test_the_settings_property_catches_a_reader_that_trusts_the_file() -> None:
    with pytest.raises((AssertionError, TypeError)):
        remembered_property(bool, lambda v: list(v), Runs(), BROKEN_CASES)()  # type: ignore[call-overload]


def test_the_settings_file_reads_back_whatever_it_holds(tmp_path: Path) -> None:
    """End to end through Qt's INI reader (~20 ms a case here): 500 cases; the 10,000 are read_flag's
    and read_names' above, the parsing this adds to what Qt hands back."""
    runs = Runs(BATCH)
    settings_file_property(tmp_path, runs, 500)()
    _report("settings file (QSettings INI)", runs, 500)


def test_the_settings_file_property_catches_a_flag_read_with_bool(tmp_path: Path) -> None:
    with mock.patch("app.ui.window_settings.read_flag", bool), pytest.raises(AssertionError):
        settings_file_property(tmp_path, Runs(), BROKEN_CASES)()

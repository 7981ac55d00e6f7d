"""A1: accuracy at volume: GE2017 seats keyed twice through the services; SQL, domain and PDFs agree."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.benchmarks.ge2017 import Ge2017Seat, load_ge2017
from tests.faults.volume import (
    Keyed,
    doctored_declaration,
    key_count,
    seats_for,
    sql_dropping_a_table,
    three_way_check,
)

TABLES = 8  # count tables per seat: ~6,000 votes a table, as at a parliamentary count
TARGET_VOTES = 10_000_000


@pytest.fixture(scope="module")
def seats(shared_dir: Path) -> list[Ge2017Seat]:
    return load_ge2017(shared_dir / "data" / "ge2017")


@pytest.fixture(scope="module")
def small_count(seats: list[Ge2017Seat], tmp_path_factory: pytest.TempPathFactory) -> Keyed:
    """Six seats (~300,000 votes, 48 sheets keyed twice): the always-run version and the broken ones."""
    return key_count(seats[:6], TABLES, tmp_path_factory.mktemp("a1-small"))


def _report(name: str, keyed: Keyed, printed: int, checked_in: float) -> None:
    print(
        f"A1 {name}: {keyed.vote_units:,} vote units on {keyed.sheets:,} sheets of {len(keyed.expected)} "
        f"contests keyed twice in {keyed.seconds:.1f} s ({keyed.events:,} audit events); "
        f"{printed:,} read back off the declaration PDFs; checked three ways in {checked_in:.1f} s"
    )


def test_a_keyed_count_totals_the_same_by_sql_domain_and_printed_declaration(small_count: Keyed) -> None:
    started = time.perf_counter()
    findings, printed = three_way_check(small_count)
    _report("six seats", small_count, printed, time.perf_counter() - started)
    assert findings == []
    hoc = sum(sum(e["votes"].values()) for e in small_count.expected.values())
    assert printed == small_count.vote_units == hoc


@pytest.mark.slow
def test_ten_million_votes_through_the_real_save_path_with_no_discrepancy(
    seats: list[Ge2017Seat], tmp_path: Path
) -> None:
    """206 seats, 1,648 sheets, ~6,800 durable commits on the disk: about 1.5 minutes here."""
    keyed = key_count(seats_for(seats, TARGET_VOTES), TABLES, tmp_path)
    started = time.perf_counter()
    findings, printed = three_way_check(keyed)
    _report("at volume", keyed, printed, time.perf_counter() - started)
    assert findings == []
    assert printed == keyed.vote_units >= TARGET_VOTES


def test_the_harness_catches_a_doctored_declaration(small_count: Keyed) -> None:
    findings, _ = three_way_check(small_count, make_pdf=doctored_declaration)
    assert len(findings) == len(small_count.expected)
    assert all("declaration PDF totals differ" in f for f in findings)


def test_the_harness_catches_an_sql_reader_that_drops_a_row(small_count: Keyed) -> None:
    findings, _ = three_way_check(small_count, sql=sql_dropping_a_table)
    assert len(findings) == len(small_count.expected)
    assert all("SQL totals differ" in f for f in findings)

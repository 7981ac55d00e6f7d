"""The Democracy Club results CSV: their columns in their order, the figures of `countdesk result`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.domain.dc_results import COLUMNS, DC_COLUMNS, dc_results_csv
from app.domain.package import read_package
from app.domain.result import compute_result

# Democracy Club's own export header for field_group=results (candidates.democracyclub.org.uk).
THEIR_HEADER = (
    "person_id,person_name,election_id,ballot_paper_id,election_date,election_current,party_name,"
    "party_id,post_label,cancelled_poll,seats_contested,votes_cast,elected,tied_vote_winner,rank,"
    "turnout_reported,spoilt_ballots,total_electorate,turnout_percentage,results_source"
)


def _rows(examples_dir: Path, name: str) -> tuple[list[dict[str, str]], dict[str, object]]:
    package = read_package((examples_dir / f"{name}.package.json").read_bytes())
    results = [compute_result(c) for c in package.contests]
    text = dc_results_csv(package.election, results)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    return list(csv.DictReader(io.StringIO(text))), results[0].as_json()


def test_their_columns_come_first_in_their_order() -> None:
    assert ",".join(DC_COLUMNS) == THEIR_HEADER
    assert COLUMNS[: len(DC_COLUMNS)] == DC_COLUMNS


def test_rows_carry_the_result(examples_dir: Path) -> None:
    rows, result = _rows(examples_dir, "riverside")
    candidates = result["candidates"]
    assert isinstance(candidates, list)
    assert [r["countdesk_candidate_id"] for r in rows] == [c["id"] for c in candidates]
    for row, candidate in zip(rows, candidates, strict=True):
        assert row["person_name"] == candidate["name"]
        assert row["party_name"] == candidate["description"]
        assert int(row["votes_cast"]) == candidate["votes"]
        assert row["elected"] == ("t" if candidate["elected"] else "f")
        assert row["tied_vote_winner"] == "f"
        assert row["ballot_paper_id"] == "parl.riverside.2029-05-03"
        assert row["election_id"] == "parl.2029-05-03" and row["election_date"] == "2029-05-03"
        assert row["post_label"] == "Riverside" and row["seats_contested"] == "1"
        assert int(row["spoilt_ballots"]) == result["rejected"]["total"]  # type: ignore[index]
        assert int(row["turnout_reported"]) == result["papers_verified"]
        assert row["total_electorate"] == "70412"
        assert row["turnout_percentage"] == "61.45"  # 43,271 / 70,412, to two places
        assert row["cancelled_poll"] == "f" and row["person_id"] == "" and row["party_id"] == ""
    assert sorted(int(r["rank"]) for r in rows) == [1, 2, 3, 4, 5]
    assert {r["countdesk_stage"] for r in rows} == {"counting"}


def test_the_lot_winner_is_the_tied_vote_winner(examples_dir: Path) -> None:
    rows, result = _rows(examples_dir, "abbey")
    by_id = {r["countdesk_candidate_id"]: r for r in rows}
    assert by_id["rhys-evans"]["tied_vote_winner"] == "t"
    assert [cid for cid, r in by_id.items() if r["tied_vote_winner"] == "t"] == ["rhys-evans"]
    assert [cid for cid, r in by_id.items() if r["elected"] == "t"] == [
        c["id"] for c in result["candidates"] if c["elected"]  # type: ignore[attr-defined]
    ]
    assert {r["seats_contested"] for r in rows} == {"3"}

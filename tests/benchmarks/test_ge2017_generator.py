"""Quick checks of the GE2017 package generator itself (no app involved)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from . import ge2017

Json = dict[str, Any]
BUNDLE = 50


@pytest.fixture(scope="module")
def data_dir() -> Path:
    path = ge2017.default_data_dir()
    if not (path / "candidates.csv").is_file():
        pytest.fail(
            f"GE2017 data not found at {path}: set {ge2017.SHARED_ENV} to the shared folder "
            "(the one holding data/ge2017)."
        )
    return path


@pytest.fixture(scope="module")
def seats(data_dir: Path) -> list[ge2017.Ge2017Seat]:
    return ge2017.load_ge2017(data_dir)


@pytest.fixture(scope="module")
def package(seats: list[ge2017.Ge2017Seat]) -> Json:
    return ge2017.build_package(seats, tables_per_contest=4, rounds=2, bundle_size=BUNDLE)


@pytest.fixture(scope="module")
def expected(seats: list[ge2017.Ge2017Seat]) -> dict[str, Json]:
    return ge2017.expected_results(seats)


def _votes(figure: int | Json, bundle_size: int = BUNDLE) -> int:
    if isinstance(figure, int):
        return figure
    return int(figure["bundles"]) * bundle_size + int(figure["part"])


def _totals(contest: Json, round_index: int) -> tuple[dict[str, int], dict[str, int]]:
    """Votes per candidate and papers per head, summed over a round's sheets."""
    votes: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    for sheet in contest["rounds"][round_index]["sheets"]:
        for cid, figure in sheet["votes"].items():
            votes[cid] += _votes(figure, contest["bundle_size"])
        rejected.update(sheet["rejected"])
    return dict(votes), dict(rejected)


def _reconcile_problems(package: Json) -> list[str]:
    problems: list[str] = []
    for contest in package["contests"]:
        bundle_size = contest["bundle_size"]
        issued = {box["id"]: box["issued"] for box in contest["ballot_boxes"]}
        expected_papers = {
            table["id"]: sum(issued[box] for box in table["boxes"])
            for table in contest["count_tables"]
        }
        for number, round_ in enumerate(contest["rounds"], start=1):
            for sheet in round_["sheets"]:
                figures = [_votes(f, bundle_size) for f in sheet["votes"].values()]
                parts = [f["part"] for f in sheet["votes"].values() if isinstance(f, dict)]
                total = sum(figures) + sum(sheet["rejected"].values())
                where = f"{contest['id']} round {number} {sheet['table']}"
                if total != expected_papers[sheet["table"]]:
                    problems.append(f"{where}: {total} != {expected_papers[sheet['table']]}")
                if min(figures + list(sheet["rejected"].values())) < 0:
                    problems.append(f"{where}: a negative figure")
                if any(not 0 <= part < bundle_size for part in parts):
                    problems.append(f"{where}: a part bundle out of range")
                if set(sheet["votes"]) != {c["id"] for c in contest["candidates"]}:
                    problems.append(f"{where}: candidates differ from the contest's")
                if tuple(sheet["rejected"]) != ge2017.HEADS:
                    problems.append(f"{where}: heads {list(sheet['rejected'])}")
    return problems


def test_data_loads_with_the_published_totals(seats: list[ge2017.Ge2017Seat]) -> None:
    assert len(seats) == 650
    assert len({seat.ons_id for seat in seats}) == 650
    assert sum(len(seat.candidates) for seat in seats) == 3304
    assert sum(seat.valid_votes for seat in seats) == 32_204_184
    assert sum(seat.invalid_votes for seat in seats) == 74_188
    assert sum(seat.electorate for seat in seats) == 46_836_533
    by_name = {seat.name: seat for seat in seats}
    kensington = by_name["Kensington"]
    assert [(c.surname, c.votes) for c in kensington.candidates[:2]] == [
        ("Dent Coad", 16_333),
        ("Borwick", 16_313),
    ]
    assert by_name["North East Fife"].majority == 2
    assert by_name["Buckingham"].candidates[0].party == "Speaker"
    assert by_name["Guildford"].candidates[1].forenames == "Zöe"
    assert "Ynys Môn" in by_name


def test_rejected_heads_add_up_and_keep_the_ec_figures_where_consistent(
    seats: list[ge2017.Ge2017Seat],
) -> None:
    for seat in seats:
        assert tuple(seat.rejected) == ge2017.HEADS
        assert sum(seat.rejected.values()) == seat.invalid_votes, seat.name
        assert min(seat.rejected.values()) >= 0, seat.name
        if seat.ec_heads_consistent:
            assert seat.rejected == seat.ec_rejected, seat.name
    adjusted = {seat.name: seat for seat in seats if not seat.ec_heads_consistent}
    # 12 seats whose EC total includes "rejected in part"; 28 whose EC total differs from HoC.
    assert len(adjusted) == 40
    in_part = [s for s in adjusted.values() if s.ec_rejected_in_part]
    assert len(in_part) == 12
    assert all(s.ec_total == s.invalid_votes for s in in_part)
    assert sum(s.ec_total != s.invalid_votes for s in seats) == 28
    mole_valley = adjusted["Mole Valley"]  # EC heads 57 + 83 rejected in part = 140 = HoC
    assert mole_valley.rejected["unmarked-or-void"] == 34 + 83
    londonderry = adjusted["East Londonderry"]  # EC 248 against HoC 124
    assert londonderry.rejected == {  # 124 off: 104 unmarked-or-void, then 20 too-many-votes
        "no-official-mark": 0,
        "too-many-votes": 122,
        "identifies-voter": 2,
        "unmarked-or-void": 0,
    }
    aberavon = next(s for s in seats if s.name == "Aberavon")  # blank "identifying mark" cell
    assert aberavon.ec_heads_consistent and aberavon.rejected["identifies-voter"] == 0


def test_package_shape_and_ids(package: Json) -> None:
    assert package["format"] == "countdesk-election-package/1"
    election = package["election"]
    assert (election["id"], election["title"], election["poll_date"]) == (
        "parl.2017-06-08",
        "UK Parliamentary General Election",
        "2017-06-08",
    )
    contests = package["contests"]
    assert len(contests) == 650
    ids = [contest["id"] for contest in contests]
    assert len(set(ids)) == 650
    assert all(re.fullmatch(r"parl\.[a-z0-9]+(-[a-z0-9]+)*\.2017-06-08", i) for i in ids), ids
    assert "parl.ynys-mon.2017-06-08" in ids
    assert "parl.kensington.2017-06-08" in ids
    assert sum(len(contest["candidates"]) for contest in contests) == 3304
    kinds: Counter[str] = Counter()
    for contest in contests:
        assert contest["profile"] == "uk-parliamentary" and contest["seats"] == 1
        candidate_ids = [c["id"] for c in contest["candidates"]]
        assert len(set(candidate_ids)) == len(candidate_ids), contest["id"]
        surnames = [c["surname"].casefold() for c in contest["candidates"]]
        assert surnames == sorted(surnames), contest["id"]  # ballot-paper order
        box_ids = [box["id"] for box in contest["ballot_boxes"]]
        assert len(set(box_ids)) == len(box_ids)
        in_tables = [b for table in contest["count_tables"] for b in table["boxes"]]
        assert sorted(in_tables) == sorted(box_ids), contest["id"]  # each box in one table
        assert all(2 <= len(table["boxes"]) <= 3 for table in contest["count_tables"])
        assert len(contest["count_tables"]) == 4
        places = Counter(
            box["polling_place"] for box in contest["ballot_boxes"] if "polling_place" in box
        )
        assert max(places.values()) <= 2
        kinds.update(box["kind"] for box in contest["ballot_boxes"])
        assert any(box["kind"] == "postal" for box in contest["ballot_boxes"]), contest["id"]
    assert set(kinds) == {"polling-station", "postal"}


def test_shared_surnames_and_accents(package: Json, expected: dict[str, Json]) -> None:
    by_name = {contest["name"]: contest for contest in package["contests"]}
    broadland = expected["parl.broadland.2017-06-08"]  # Keith and Iain Simpson
    assert broadland["winner_surname"] == "Simpson"
    assert broadland["winner_id"] == "keith-simpson"
    assert broadland["votes"]["keith-simpson"] - broadland["votes"]["iain-simpson"] == 15_816
    assert {c["id"] for c in by_name["Holborn and St Pancras"]["candidates"]} >= {"siân-berry"}
    assert by_name["Ynys Môn"]["id"] == "parl.ynys-mon.2017-06-08"
    assert expected["parl.buckingham.2017-06-08"]["winner_surname"] == "Bercow"


def test_verification_matches_issued(package: Json, seats: list[ge2017.Ge2017Seat]) -> None:
    miscounted = 0
    for contest, seat in zip(package["contests"], seats, strict=True):
        issued = {box["id"]: box["issued"] for box in contest["ballot_boxes"]}
        assert sum(issued.values()) == seat.valid_votes + seat.invalid_votes, seat.name
        assert min(issued.values()) >= 1
        verified = [entry["box"] for entry in contest["verification"]]
        assert sorted(verified) == sorted(issued), seat.name  # every box once
        for entry in contest["verification"]:
            assert entry["counts"][-1] == issued[entry["box"]]
            assert min(entry["counts"]) >= 0
            miscounted += len(entry["counts"]) > 1
    assert 5 <= miscounted <= 200


@pytest.mark.parametrize("tables", [4, 40])
def test_every_table_reconciles(seats: list[ge2017.Ge2017Seat], tables: int) -> None:
    built = ge2017.build_package(seats, tables_per_contest=tables, rounds=2)
    assert _reconcile_problems(built)[:20] == []
    forms = Counter(
        type(figure).__name__
        for contest in built["contests"]
        for sheet in contest["rounds"][0]["sheets"]
        for figure in sheet["votes"].values()
    )
    assert forms["dict"] > forms["int"] > 0


def test_final_round_gives_the_real_result(
    package: Json, seats: list[ge2017.Ge2017Seat], expected: dict[str, Json]
) -> None:
    for contest, seat in zip(package["contests"], seats, strict=True):
        votes, rejected = _totals(contest, -1)
        want = expected[contest["id"]]
        assert votes == want["votes"], contest["id"]
        assert rejected == seat.rejected
        assert rejected | {"total": sum(rejected.values())} == want["rejected"]
        assert want["papers_verified"] == seat.valid_votes + seat.invalid_votes
        assert want["electorate"] == contest["electorate"] == seat.electorate
        ranked = sorted(votes.items(), key=lambda item: -item[1])
        assert ranked[0][0] == want["winner_id"]
        assert ranked[0][1] - ranked[1][1] == want["majority"] == seat.majority
        winner = next(c for c in contest["candidates"] if c["id"] == want["winner_id"])
        assert winner["surname"] == want["winner_surname"] == seat.winner_surname


def test_round_one_is_wrong_only_where_planned(
    package: Json, seats: list[ge2017.Ge2017Seat], expected: dict[str, Json]
) -> None:
    wrong = 0
    for contest, seat in zip(package["contests"], seats, strict=True):
        want = expected[contest["id"]]
        assert [r["kind"] for r in contest["rounds"]] == ["initial", "full-recount"]
        recount = contest["rounds"][1]
        runner_up = next(c for c in contest["candidates"] if c["id"] == want["runner_up_id"])
        assert recount["requested_by"] == {
            "name": f"Agent for {runner_up['surname']}",
            "role": "election-agent",
        }
        assert (recount["decision"], recount["reason"]) == ("granted", "margin check")
        assert len(recount["sheets"]) == len(contest["count_tables"])
        first, _ = _totals(contest, 0)
        if ge2017.initial_count_wrong(seat, BUNDLE):
            wrong += 1
            moved = dict(want["votes"])
            moved[want["winner_id"]] -= BUNDLE
            moved[want["runner_up_id"]] += BUNDLE
            assert first == moved, contest["id"]
            changed = [
                a["table"]
                for a, b in zip(contest["rounds"][0]["sheets"], recount["sheets"], strict=True)
                if a != b
            ]
            assert len(changed) == 1
            if seat.majority < 2 * BUNDLE:  # the lead changes hands in round 1
                assert first[want["runner_up_id"]] > first[want["winner_id"]]
        else:
            assert contest["rounds"][0]["sheets"] == recount["sheets"], contest["id"]
    assert 20 <= wrong <= 80


def test_one_round_is_the_real_result(seats: list[ge2017.Ge2017Seat]) -> None:
    built = ge2017.build_package(seats, tables_per_contest=3, rounds=1)
    wanted = ge2017.expected_results(seats)
    for contest in built["contests"]:
        assert [r["kind"] for r in contest["rounds"]] == ["initial"]
        assert _totals(contest, 0)[0] == wanted[contest["id"]]["votes"]
    assert _reconcile_problems(built) == []


def test_builds_are_deterministic(
    seats: list[ge2017.Ge2017Seat], package: Json, data_dir: Path
) -> None:
    again = ge2017.build_package(ge2017.load_ge2017(data_dir), tables_per_contest=4, rounds=2)
    assert again == package
    assert json.dumps(again, ensure_ascii=False) == json.dumps(package, ensure_ascii=False)
    other = ge2017.build_package(seats, tables_per_contest=5, rounds=2)
    assert other != package


def test_json_round_trip_keeps_unicode(package: Json) -> None:
    text = json.dumps(package, ensure_ascii=False)
    assert json.loads(text) == package
    assert "Ynys Môn" in text and "Siân" in text and "Zöe" in text and "Sinn Féin" in text


def test_command_line_writes_utf8_json(tmp_path: Path, data_dir: Path) -> None:
    out, expected_out = tmp_path / "ge2017.json", tmp_path / "expected.json"
    args = ["--data", str(data_dir), "--tables", "2", "--rounds", "2", "--out", str(out)]
    assert ge2017.main([*args, "--expected", str(expected_out)]) == 0
    raw = out.read_bytes()
    assert "Ynys Môn".encode() in raw  # written as UTF-8, not \u escapes
    written = json.loads(raw.decode("utf-8"))
    assert written == ge2017.build_package(
        ge2017.load_ge2017(data_dir), tables_per_contest=2, rounds=2
    )
    assert json.loads(expected_out.read_text(encoding="utf-8")) == ge2017.expected_results(
        ge2017.load_ge2017(data_dir)
    )
    assert ge2017.main(["--data", str(tmp_path / "missing"), "--out", str(out)]) == 2

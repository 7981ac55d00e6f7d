"""The 2017 UK general election (650 real seats) as a deterministic CountDesk election package."""

# Standard library only, so the benchmark runner and the tests can use it without the app.
#
# Data: ../shared/data/ge2017 (see its SOURCE.md). Candidate votes, valid and invalid votes,
# electorate and majority are the House of Commons Library figures; the rejected-paper heads come
# from the Electoral Commission (EC) file and are fitted to the HoC invalid-vote total, because a
# count must reconcile: Σ votes + Σ rejected = papers verified = valid_votes + invalid_votes.
#
# How the EC heads are fitted (Ge2017Seat.rejected_note says what was done for a seat):
# - blank EC cells are 0 (one: Aberavon, identifying mark; its other heads still add up);
# - heads that add up to the HoC invalid_votes are used as published ("consistent");
# - heads short of it: the remainder goes under "unmarked-or-void". This covers the 12 seats
#   whose EC total includes papers "rejected in part", which is not a head for a single-vote
#   Parliamentary poll, and the seats where the HoC total is the larger one;
# - heads above it (EC total larger than HoC): the excess is taken off "unmarked-or-void", then,
#   if that is exhausted, off "too-many-votes", "identifies-voter", "no-official-mark" in turn
#   (only East Londonderry, EC 248 against HoC 124, needs more than "unmarked-or-void").
#
# The package: one contest per constituency, `tables_per_contest` count tables with 2-3 boxes
# each (polling-station and postal), every box verified at its issued figure (a few after a
# miscount), and count sheets that split each candidate's votes and each rejected head across the
# tables so that every table reconciles exactly. Randomness comes from random.Random seeded by the
# SHA-256 of the ONS code, so a seat's figures depend only on the seat and the parameters.

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_FORMAT = "countdesk-election-package/1"
POLL_DATE = "2017-06-08"
ELECTION_ID = f"parl.{POLL_DATE}"
ELECTION_TITLE = "UK Parliamentary General Election"
PROFILE = "uk-parliamentary"
HEADS = ("no-official-mark", "too-many-votes", "identifies-voter", "unmarked-or-void")
EC_HEAD_COLUMNS = {
    "want_of_official_mark": "no-official-mark",
    "voting_for_more_than_one": "too-many-votes",
    "identifying_mark": "identifies-voter",
    "unmarked_or_void_for_uncertainty": "unmarked-or-void",
}
# Order in which an excess of EC rejections over the HoC total is taken off the heads.
_TRIM_ORDER = ("unmarked-or-void", "too-many-votes", "identifies-voter", "no-official-mark")
RECOUNT_REASON = "margin check"
SHARED_ENV = "COUNTDESK_SHARED"

Json = dict[str, Any]


@dataclass(frozen=True)
class Ge2017Candidate:
    """One candidate as the HoC Library published them."""

    surname: str
    forenames: str
    party: str
    votes: int


@dataclass(frozen=True)
class Ge2017Seat:
    """One constituency: HoC figures, the rejected heads used in the package and the EC original."""

    ons_id: str
    name: str
    electorate: int
    valid_votes: int
    invalid_votes: int
    majority: int
    winner_surname: str
    candidates: tuple[Ge2017Candidate, ...]  # most votes first (stable for equal votes)
    rejected: dict[str, int]  # the package's heads (HEADS order); they add up to invalid_votes
    ec_rejected: dict[str, int]  # the EC heads as published, blank cells as 0
    ec_rejected_in_part: int
    ec_total: int
    rejected_note: str  # "" when the EC heads add up to invalid_votes; otherwise what was done

    @property
    def ec_heads_consistent(self) -> bool:
        """True when the package's heads are exactly the EC's."""
        return not self.rejected_note

    @property
    def papers(self) -> int:
        """Ballot papers verified: valid plus rejected."""
        return self.valid_votes + self.invalid_votes


def default_data_dir() -> Path:
    """$COUNTDESK_SHARED/data/ge2017, else the shared folder beside the checkout."""
    shared = os.environ.get(SHARED_ENV)
    base = Path(shared) if shared else Path(__file__).resolve().parents[2].parent / "shared"
    return base / "data" / "ge2017"


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(
            f"GE2017 data file {path} is missing: point {SHARED_ENV} at the shared folder "
            "(the one holding data/ge2017)."
        )
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int(cell: str, where: str) -> int:
    text = cell.strip()
    if not text:
        return 0
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{where}: {cell!r} is not a whole number")
    return int(text)


def _fit_heads(ec: dict[str, int], total: int) -> tuple[dict[str, int], str]:
    """The EC heads adjusted to add up to `total`, and a note of the adjustment ("" if none)."""
    heads = dict(ec)
    difference = total - sum(heads.values())
    if difference > 0:
        heads["unmarked-or-void"] += difference
        return heads, f"EC heads {sum(ec.values())} < HoC {total}: +{difference} unmarked-or-void"
    if difference < 0:
        excess = -difference
        taken: list[str] = []
        for head in _TRIM_ORDER:
            cut = min(excess, heads[head])
            if cut:
                heads[head] -= cut
                excess -= cut
                taken.append(f"-{cut} {head}")
            if not excess:
                break
        return heads, f"EC heads {sum(ec.values())} > HoC {total}: " + ", ".join(taken)
    return heads, ""


def load_ge2017(data_dir: Path) -> list[Ge2017Seat]:
    """Read the three CSVs, join them on ons_id and check the HoC figures add up."""
    constituencies = _read_csv(data_dir / "constituencies.csv")
    candidate_rows = _read_csv(data_dir / "candidates.csv")
    ec_rows = {row["ons_id"]: row for row in _read_csv(data_dir / "rejected_ballots_ec.csv")}

    by_seat: dict[str, list[Ge2017Candidate]] = {}
    for number, row in enumerate(candidate_rows, start=2):
        by_seat.setdefault(row["ons_id"], []).append(
            Ge2017Candidate(
                surname=row["surname"].strip(),
                forenames=row["forenames"].strip(),
                party=row["party"].strip(),
                votes=_int(row["votes"], f"candidates.csv line {number}"),
            )
        )
    unknown = set(by_seat) - {row["ons_id"] for row in constituencies}
    if unknown:
        raise ValueError(f"candidates.csv has candidates for unknown seats {sorted(unknown)}")

    seats: list[Ge2017Seat] = []
    for row in constituencies:
        ons_id, name = row["ons_id"], row["constituency"].strip()
        where = f"constituencies.csv {name}"
        candidates = tuple(sorted(by_seat.get(ons_id, []), key=lambda c: -c.votes))
        if len(candidates) < 2:
            raise ValueError(f"{where}: fewer than two candidates")
        valid = _int(row["valid_votes"], where)
        invalid = _int(row["invalid_votes"], where)
        majority = _int(row["majority"], where)
        if sum(c.votes for c in candidates) != valid:
            raise ValueError(f"{where}: candidate votes do not add up to valid_votes {valid}")
        if candidates[0].votes - candidates[1].votes != majority:
            raise ValueError(f"{where}: majority {majority} is not first minus second")
        if majority == 0:
            raise ValueError(f"{where}: a tie for first place (lots are not modelled)")
        if candidates[0].surname != row["winner_surname"].strip():
            raise ValueError(f"{where}: winner_surname is not the candidate with most votes")
        ec_row = ec_rows.get(ons_id)
        if ec_row is None:
            raise ValueError(f"rejected_ballots_ec.csv has no row for {ons_id} {name}")
        ec_where = f"rejected_ballots_ec.csv {name}"
        ec = {head: _int(ec_row[column], ec_where) for column, head in EC_HEAD_COLUMNS.items()}
        ec = {head: ec[head] for head in HEADS}
        rejected, note = _fit_heads(ec, invalid)
        seats.append(
            Ge2017Seat(
                ons_id=ons_id,
                name=name,
                electorate=_int(row["electorate"], where),
                valid_votes=valid,
                invalid_votes=invalid,
                majority=majority,
                winner_surname=row["winner_surname"].strip(),
                candidates=candidates,
                rejected=rejected,
                ec_rejected=ec,
                ec_rejected_in_part=_int(ec_row["rejected_in_part"], ec_where),
                ec_total=_int(ec_row["total_rejected_ec"], ec_where),
                rejected_note=note,
            )
        )
    return seats


# ---- identifiers ----------------------------------------------------------------------------


def _slug(text: str, *, ascii_only: bool) -> str:
    """Lower case, runs of other characters to one hyphen; optionally accents stripped."""
    if ascii_only:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        text = text.encode("ascii", "ignore").decode("ascii")
    else:
        text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for ch in text.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def _unique(slugs: Iterable[str], fallback: str) -> list[str]:
    used: set[str] = set()
    result: list[str] = []
    for slug in slugs:
        base = slug or fallback
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        result.append(candidate)
    return result


def contest_ids(seats: Sequence[Ge2017Seat]) -> list[str]:
    """Democracy Club style ids, parl.<ascii slug>.2017-06-08, unique, in the order of seats."""
    slugs = _unique((_slug(seat.name, ascii_only=True) for seat in seats), "constituency")
    return [f"parl.{slug}.{POLL_DATE}" for slug in slugs]


def candidate_ids(seat: Ge2017Seat) -> list[str]:
    """forenames-surname slugs (accents kept, as in the shared examples), unique in the seat."""
    return _unique(
        (_slug(f"{c.forenames} {c.surname}", ascii_only=False) for c in seat.candidates),
        "candidate",
    )


def ballot_key(candidate: Ge2017Candidate) -> tuple[str, str]:
    """Ballot-paper order: alphabetical by surname, then forenames, ignoring accents and case."""

    def bare(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()

    return bare(candidate.surname), bare(candidate.forenames)


# ---- figures --------------------------------------------------------------------------------


def _rng(seat: Ge2017Seat, purpose: str) -> random.Random:
    digest = hashlib.sha256(f"countdesk-ge2017/{seat.ons_id}/{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _split(total: int, parts: int, rng: random.Random, what: str) -> list[int]:
    """`total` split into `parts` positive shares of similar size (largest remainder)."""
    weights = [rng.randint(75, 125) for _ in range(parts)]
    weight = sum(weights)
    shares = [total * w // weight for w in weights]
    order = sorted(range(parts), key=lambda i: (-(total * weights[i] % weight), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    if min(shares) < 1:
        raise ValueError(f"{what}: {total} papers are too few for {parts} parts")
    return shares


def _allocate(
    columns: dict[str, int], rows: Sequence[int], rng: random.Random
) -> list[dict[str, int]]:
    """A table of non-negative integers with the given column totals and row totals.

    Each row (count table) takes its proportional share of what is left of every column, floored;
    the row's shortfall goes one each to columns with papers left, chosen at random but favouring
    the largest remainders.
    The last row takes the rest, so every column total holds exactly.
    """
    if sum(columns.values()) != sum(rows):
        raise ValueError("column totals and row totals differ")
    left = dict(columns)
    remaining = sum(rows)
    table: list[dict[str, int]] = []
    for index, row_total in enumerate(rows):
        if index == len(rows) - 1:
            cells = dict(left)
        else:
            cells = {key: left[key] * row_total // remaining for key in left}
            short = row_total - sum(cells.values())
            eligible = [key for key in left if left[key] > cells[key]]
            ranked = sorted(
                eligible,
                key=lambda key: -(left[key] * row_total % remaining) / remaining - rng.random(),
            )
            for key in ranked[:short]:
                cells[key] += 1
        for key, value in cells.items():
            left[key] -= value
        remaining -= row_total
        table.append(cells)
    return table


def _figure(votes: int, bundle_size: int, rng: random.Random) -> int | Json:
    """A vote figure: mostly {"bundles", "part"}, sometimes a plain total."""
    if rng.random() < 0.2:
        return votes
    return {"bundles": votes // bundle_size, "part": votes % bundle_size}


def _copy_sheet(sheet: Json) -> Json:
    """A fresh copy, so that changing one round's sheet never changes another's."""
    votes = {key: dict(v) if isinstance(v, dict) else v for key, v in sheet["votes"].items()}
    return {"table": sheet["table"], "votes": votes, "rejected": dict(sheet["rejected"])}


def initial_count_wrong(seat: Ge2017Seat, bundle_size: int = 50) -> bool:
    """Whether, with recounts, round 1 has a bundle in the wrong pile (the recount corrects it).

    Every seat whose majority is within two bundles (so the lead changes hands in round 1), and
    about one seat in sixteen more, chosen by the hash of its ONS code.
    """
    if seat.majority <= 2 * bundle_size:
        return True
    return hashlib.sha256(f"countdesk-ge2017/{seat.ons_id}/wrong".encode()).digest()[0] < 16


def _contest(
    seat: Ge2017Seat,
    contest_id: str,
    *,
    tables_per_contest: int,
    rounds: int,
    bundle_size: int,
) -> Json:
    rng = _rng(seat, f"contest/{tables_per_contest}/{bundle_size}")
    ids = candidate_ids(seat)
    order = sorted(range(len(seat.candidates)), key=lambda i: ballot_key(seat.candidates[i]))
    candidates = [
        {
            "id": ids[i],
            "surname": seat.candidates[i].surname,
            "forenames": seat.candidates[i].forenames,
            "description": seat.candidates[i].party,
        }
        for i in order
    ]

    table_papers = _split(seat.papers, tables_per_contest, rng, seat.name)
    boxes: list[Json] = []
    verification: list[Json] = []
    count_tables: list[Json] = []
    stations = 0
    for t, papers in enumerate(table_papers, start=1):
        n_boxes = rng.choice((2, 3))
        has_postal = t == 1 or rng.random() < 0.4
        issued = _split(papers, n_boxes, rng, f"{seat.name} table {t}")
        box_ids: list[str] = []
        for b, figure in enumerate(issued):
            number = len(boxes) + 1
            if has_postal and b == n_boxes - 1:
                box: Json = {"id": f"PV{number:03d}", "kind": "postal", "issued": figure}
            else:
                stations += 1
                box = {
                    "id": f"B{number:03d}",
                    "polling_station": f"Station {number}",
                    "polling_place": f"P{(stations + 1) // 2:02d}",
                    "kind": "polling-station",
                    "issued": figure,
                }
            boxes.append(box)
            box_ids.append(box["id"])
            counts = [figure]
            if rng.random() < 0.02:  # a miscount, then counted again until it agrees
                slip = rng.choice((-3, -2, -1, 1, 2, 3))
                first = figure + slip if figure + slip >= 0 else figure + abs(slip)
                counts = [first, figure] if rng.random() < 0.5 else [first, figure, figure]
            verification.append({"box": box["id"], "counts": counts})
        count_tables.append({"id": f"T{t}", "boxes": box_ids})

    if set(ids) & set(HEADS):
        raise ValueError(f"{seat.name}: a candidate id equals a rejected-paper head")
    columns = {ids[i]: c.votes for i, c in enumerate(seat.candidates)} | seat.rejected
    cells = _allocate(columns, table_papers, rng)

    def sheet(table: dict[str, Any], row: dict[str, int]) -> Json:
        return {
            "table": table["id"],
            "votes": {c["id"]: _figure(row[c["id"]], bundle_size, rng) for c in candidates},
            "rejected": {head: row[head] for head in HEADS},
        }

    true_sheets = [sheet(table, row) for table, row in zip(count_tables, cells, strict=True)]
    round_list: list[Json] = []
    if rounds >= 2 and initial_count_wrong(seat, bundle_size):
        winner, runner_up = ids[0], ids[1]
        t = max(range(len(cells)), key=lambda i: (cells[i][winner], -i))
        if cells[t][winner] >= bundle_size:
            wrong = dict(cells[t])
            wrong[winner] -= bundle_size
            wrong[runner_up] += bundle_size
            first_sheets = list(true_sheets)
            first_sheets[t] = sheet(count_tables[t], wrong)
            round_list.append({"kind": "initial", "sheets": first_sheets})
    if not round_list:
        round_list.append({"kind": "initial", "sheets": true_sheets})
    for _ in range(2, rounds + 1):
        round_list.append(
            {
                "kind": "full-recount",
                "requested_by": {
                    "name": f"Agent for {seat.candidates[1].surname}",
                    "role": "election-agent",
                },
                "decision": "granted",
                "reason": RECOUNT_REASON,
                "sheets": [_copy_sheet(s) for s in true_sheets],
            }
        )

    return {
        "id": contest_id,
        "name": seat.name,
        "profile": PROFILE,
        "seats": 1,
        "electorate": seat.electorate,
        "bundle_size": bundle_size,
        "recount_rules": {"absolute": 100},
        "candidates": candidates,
        "ballot_boxes": boxes,
        "verification": verification,
        "count_tables": count_tables,
        "rounds": round_list,
    }


def build_package(
    seats: Sequence[Ge2017Seat],
    *,
    tables_per_contest: int = 4,
    rounds: int = 1,
    bundle_size: int = 50,
    training: bool = False,
) -> Json:
    """One election package with a contest per seat; the last round always has the real figures."""
    if tables_per_contest < 1 or rounds < 1 or bundle_size < 1:
        raise ValueError("tables_per_contest, rounds and bundle_size must be at least 1")
    contests = [
        _contest(
            seat,
            contest_id,
            tables_per_contest=tables_per_contest,
            rounds=rounds,
            bundle_size=bundle_size,
        )
        for seat, contest_id in zip(seats, contest_ids(seats), strict=True)
    ]
    return {
        "format": PACKAGE_FORMAT,
        "election": {
            "id": ELECTION_ID,
            "title": ELECTION_TITLE,
            "poll_date": POLL_DATE,
            "authority": "House of Commons Library GE2017 results (benchmark)",
            "venue": "CountDesk benchmark count centre",
            "returning_officer": {"name": "A. Officer", "capacity": "Acting Returning Officer"},
            "training": training,
        },
        "contests": contests,
    }


def expected_results(seats: Sequence[Ge2017Seat]) -> dict[str, Json]:
    """What the final round of every contest must give, keyed by contest id."""
    results: dict[str, Json] = {}
    for seat, contest_id in zip(seats, contest_ids(seats), strict=True):
        ids = candidate_ids(seat)
        results[contest_id] = {
            "name": seat.name,
            "ons_id": seat.ons_id,
            "winner_id": ids[0],
            "winner_surname": seat.candidates[0].surname,
            "runner_up_id": ids[1],
            "majority": seat.majority,
            "votes": {cid: c.votes for cid, c in zip(ids, seat.candidates, strict=True)},
            "rejected": dict(seat.rejected) | {"total": seat.invalid_votes},
            "papers_verified": seat.papers,
            "valid_votes": seat.valid_votes,
            "electorate": seat.electorate,
            "ec_heads_consistent": seat.ec_heads_consistent,
        }
    return results


def _write_json(data: object, path: Path, *, indent: int | None = None) -> int:
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return len(text.encode("utf-8")) + 1


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the GE2017 package (and optionally its expected results) as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="folder with the GE2017 CSVs")
    parser.add_argument("--tables", type=int, default=40, help="count tables per contest")
    parser.add_argument("--rounds", type=int, default=2, help="rounds (2 adds a full recount)")
    parser.add_argument("--bundle-size", type=int, default=50)
    parser.add_argument("--out", type=Path, required=True, help="package JSON to write")
    parser.add_argument("--expected", type=Path, default=None, help="expected results JSON")
    args = parser.parse_args(argv)
    try:
        seats = load_ge2017(args.data or default_data_dir())
        package = build_package(
            seats, tables_per_contest=args.tables, rounds=args.rounds, bundle_size=args.bundle_size
        )
    except (OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    size = _write_json(package, args.out)
    print(f"wrote {len(package['contests'])} contests ({size:,} bytes) to {args.out}")
    if args.expected:
        _write_json(expected_results(seats), args.expected, indent=1)
        print(f"wrote expected results to {args.expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

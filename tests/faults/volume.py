"""A1's count: real GE2017 seats keyed by two operators through the services, then totalled three ways."""

# Each seat's count sheets (from tests/benchmarks/ge2017.py, split across the count tables so every
# table reconciles) are typed box by box into Counting: a first entry by one operator, a second by
# another, each started and finished as a save with its audit event and row digests, until every
# sheet is accepted. The totals are then read by SQL (store.sql_vote_totals, sums of stored
# figures), by the pure domain (compute_result) and from the text of each printed declaration PDF,
# and compared with the House of Commons Library figures the packages were built from.

from __future__ import annotations

import io
import json
import multiprocessing
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from app.services.count_file import CountFile
from app.services.counting import ConfirmPaper, Counting
from app.services.printing import PrintJob, prepare
from app.store import CountStore
from tests.benchmarks.ge2017 import Ge2017Seat, build_package, expected_results
from tests.domain.sheet_builder import typed_boxes

PEOPLE = {"Helen Marsh": ("returning-officer", "1111"), "Tom Evans": ("operator", "3333"),
          "Siân Roberts": ("operator", "4444")}
FIGURE = re.compile(r"[0-9]{1,3}(,[0-9]{3})*")
Json = dict[str, Any]


@dataclass(frozen=True)
class Keyed:
    """What went through the save path."""

    path: Path
    expected: dict[str, Json]  # contest id -> the HoC figures (expected_results)
    sheets: int
    vote_units: int  # candidate votes on the accepted sheets (each typed twice)
    events: int
    seconds: float


def seats_for(seats: list[Ge2017Seat], votes: int) -> list[Ge2017Seat]:
    """The first seats (in the data's order) whose valid votes add up to at least `votes`."""
    chosen, total = [], 0
    for seat in seats:
        if total >= votes:
            break
        chosen.append(seat)
        total += seat.valid_votes
    return chosen


def _votes(figure: int | Json, bundle_size: int) -> int:
    return figure if isinstance(figure, int) else figure["bundles"] * bundle_size + figure["part"]


def key_count(seats: list[Ge2017Seat], tables: int, folder: Path) -> Keyed:
    """Import the seats with no sheets, then key every table twice through Counting."""
    package = build_package(seats, tables_per_contest=tables, rounds=1, bundle_size=50)
    papers: dict[str, dict[str, Json]] = {}
    for contest in package["contests"]:
        papers[contest["id"]] = {sheet["table"]: sheet for sheet in contest.pop("rounds")[0]["sheets"]}
        contest.pop("lots", None)
    (folder / "a1.package.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    path = folder / "a1.countdesk"
    started = time.perf_counter()
    with CountFile.import_package(folder / "a1.package.json", path) as count_file:
        session = count_file.session
        for name, (role, pin) in PEOPLE.items():
            session.add_person(name, role, pin)
            if role == "returning-officer":
                session.sign_in(name, pin)
        counting = Counting(count_file)
        units = 0
        for operator in ("Tom Evans", "Siân Roberts"):
            session.sign_in(operator, PEOPLE[operator][1])
            for contest_id, tables_of in papers.items():
                for table, paper in tables_of.items():
                    view = counting.open_sheet(contest_id, table)
                    typed = typed_boxes(view.layout.keys, paper, view.layout.bundle_size)
                    try:
                        counting.save(contest_id, table, typed, finish=True)
                    except ConfirmPaper:  # a warning the paper sheet is confirmed against
                        counting.save(contest_id, table, typed, finish=True, confirmed=True)
                    units += sum(_votes(v, view.layout.bundle_size) for v in paper["votes"].values())
        events = count_file.fingerprint().event_count
    sheets = sum(len(t) for t in papers.values())
    return Keyed(path, expected_results(seats), sheets, units // 2, events, time.perf_counter() - started)


# --- the three ways of counting -------------------------------------------------------------------

SqlTotals = Callable[[CountStore, str], dict[str, int]]
Render = Callable[[PrintJob], bytes]


def sql_totals(store: CountStore, contest_id: str) -> dict[str, int]:
    return store.sql_vote_totals(contest_id)


def render(job: PrintJob) -> bytes:
    return job.render()


def declaration_figures(pdf: bytes) -> tuple[list[int], int, int]:
    """(candidate votes in printed order, rejected total, papers verified) read off the PDF's text."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    lines = [line.strip() for page in pages for line in page.extract_text().splitlines()]
    start = next(i for i, line in enumerate(lines) if line == "votes") + 1
    end = lines.index("Statement of rejected ballot papers")
    votes = [int(line.replace(",", "")) for line in lines[start:end] if FIGURE.fullmatch(line)]
    rejected = int(lines[lines.index("Total", end) + 1].replace(",", ""))
    verified = int(lines[lines.index("Ballot papers verified") + 1].replace(",", ""))
    return votes, rejected, verified


@dataclass(frozen=True)
class Read:
    """One contest as the file gives it: totals by SQL and by the domain, and its declaration to print."""

    contest_id: str
    candidate_ids: tuple[str, ...]  # ballot-paper order: the order the declaration prints them
    by_sql: dict[str, int]
    by_domain: dict[str, int]
    rejected: int
    verified: int
    job: PrintJob


def read_contest(count_file: CountFile, contest_id: str, sql: SqlTotals) -> Read:
    result = count_file.result(contest_id)
    return Read(
        contest_id,
        tuple(c.candidate.id for c in result.candidates),
        sql(count_file.store, contest_id),
        {c.candidate.id: c.votes for c in result.candidates},
        result.rejected_total,
        result.papers_verified,
        prepare(count_file, "declaration", contest_id),
    )


def findings_of(read: Read, expected: Json, printed: tuple[list[int], int, int]) -> list[str]:
    """Every disagreement between the HoC figures, SQL, the domain and the printed declaration."""
    votes, rejected, verified = printed
    by_pdf = dict(zip(read.candidate_ids, votes, strict=False))
    where = read.contest_id
    findings = []
    if len(votes) != len(read.candidate_ids):
        findings.append(f"{where}: the declaration prints {len(votes)} figures for {len(read.candidate_ids)}")
    for name, totals in (("SQL", read.by_sql), ("domain", read.by_domain), ("declaration PDF", by_pdf)):
        if totals != expected["votes"]:
            wrong = sorted(k for k in expected["votes"] if totals.get(k) != expected["votes"][k])
            findings.append(f"{where}: {name} totals differ for {', '.join(wrong) or 'extra ids'}")
    if (read.rejected, rejected) != (expected["rejected"]["total"],) * 2:
        findings.append(f"{where}: rejected {read.rejected} counted, {rejected} printed")
    if (read.verified, verified) != (expected["papers_verified"],) * 2:
        findings.append(f"{where}: verified {read.verified} counted, {verified} printed")
    return findings


# Print jobs hold their renderer as a closure, which cannot be pickled: the forked workers find
# them here, inherited with the parent's memory, and are sent only an index.
_WORK: tuple[Render, list[Read]] | None = None


def _printed(index: int) -> tuple[list[int], int, int]:
    assert _WORK is not None
    make_pdf, reads = _WORK
    return declaration_figures(make_pdf(reads[index].job))


def three_way_check(
    keyed: Keyed, sql: SqlTotals = sql_totals, make_pdf: Render = render
) -> tuple[list[str], int]:
    """(findings, vote units read off the declarations). The file is read here (SQLite stays on its
    thread); the declarations are rendered and read back by two forked workers."""
    global _WORK
    with CountFile.open(keyed.path) as count_file:
        reads = [read_contest(count_file, contest_id, sql) for contest_id in keyed.expected]
    _WORK = (make_pdf, reads)
    try:
        with multiprocessing.get_context("fork").Pool(2) as pool:
            printed = pool.map(_printed, range(len(reads)), chunksize=4)
    finally:
        _WORK = None
    pairs = zip(reads, printed, strict=True)
    findings = [f for read, pdf in pairs for f in findings_of(read, keyed.expected[read.contest_id], pdf)]
    return findings, sum(sum(votes) for votes, _, _ in printed)


# --- the broken variants the harness must catch --------------------------------------------------


def sql_dropping_a_table(store: CountStore, contest_id: str) -> dict[str, int]:
    """A reader that loses one row: the last candidate's figure from one table is left out."""
    totals = store.sql_vote_totals(contest_id)
    row = store.db.execute(
        "SELECT v.candidate_id, v.total FROM sheet_vote v JOIN sheet s ON s.seq = v.sheet_seq "
        "WHERE s.contest_id = ? ORDER BY s.seq DESC, v.candidate_id LIMIT 1", [contest_id]
    ).fetchone()
    if row is not None:
        totals[row[0]] -= row[1]
    return totals


def doctored_declaration(job: PrintJob) -> bytes:
    """A report whose first candidate is printed with one vote more than counted."""
    lines = job.content.lines
    first = replace(lines[0], votes=lines[0].votes + 1)
    return replace(job, content=replace(job.content, lines=(first, *lines[1:]))).render()

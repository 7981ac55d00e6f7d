"""The rejected statement, count summary, recount comparison and audit report: their content read back."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader

from app.domain.documents_audit import RecordedEvent, audit_report
from app.domain.documents_summary import Acknowledgement, EntryDecision, count_summary
from app.domain.election import CountTable
from app.domain.result import compute_result
from tests.reports.conftest import GENERATED_AT
from tests.reports.documents import FOOTER, content, context_for, events, example, long_names, pages, render


def text_of(examples_dir: Path, document: str, name: str) -> str:
    election, contest = example(examples_dir, name)
    return " ".join(pages(render(document, content(document, election, contest))))


def test_rejected_statement_by_head_and_by_table(examples_dir: Path) -> None:
    text = text_of(examples_dir, "rejected", "riverside")
    assert "Statement of Rejected Ballot Papers" in text
    for line in (
        "Want of official mark 12",
        "Voting for more candidates than the voter was entitled to 36",
        "Writing or mark by which the voter could be identified 12",
        "Unmarked or wholly void for uncertainty 61",
        "Total 121",
        "Table T1 Table T2 Table T3 Table T4 All tables",
        "Want of official mark 3 3 3 3 12",
        "Total 31 30 30 30 121",
    ):
        assert line in text, line
    assert "rejected in part" not in text.lower(), "a single seat has no papers rejected in part"
    assert re.search(r"Signed _{20,} Date _{10,} Returning Officer", text), "signed by hand"
    assert "Doubtful papers adjudicated, and objections made (written by hand)" in text


def test_rejected_statement_of_a_multi_seat_ward_counts_papers_rejected_in_part(examples_dir: Path) -> None:
    text = text_of(examples_dir, "rejected", "abbey")
    assert "Total 14" in text and re.search(r"Ballot papers rejected in part.* 0", text)
    assert "Rejected in part 0 0 0" in text


def test_rejected_statement_splits_many_tables_into_grids(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    # Twelve tables: three grids of at most five, the last with the totals column.
    tables = tuple(CountTable(f"X{i:02d}", ()) for i in range(8))
    wide = dataclasses.replace(contest, count_tables=contest.count_tables + tables)
    text = " ".join(pages(render("rejected", content("rejected", election, wide))))
    assert "Table T1 Table T2 Table T3 Table T4 Table X00" in text
    assert "Table X06 Table X07 All tables" in text
    assert "— — 12" in text, "a table with no sheet shows dashes, never zeros"


def test_count_summary_shows_the_arithmetic(examples_dir: Path) -> None:
    text = text_of(examples_dir, "count-summary", "riverside")
    for line in (
        "Boxes verified 12 of 12",
        "Ballot papers verified 43,271",
        "B02 polling station 4,227 4,224, 4,225, 4,225 −2 two counts agree: two papers found in the wrong",
        "Table T1 Table T2 Table T3 Table T4 All tables",
        "Thomas Ashworth-Lee 4,698 4,312 4,340 4,254 17,604",
        "Valid papers 11,517 10,568 10,639 10,426 43,150",
        "Rejected papers 31 30 30 30 121",
        "Papers counted (valid + rejected) 11,548 10,598 10,669 10,456 43,271",
        "Difference 0 0 0 0 0",
        "Valid papers 43,150 + rejected papers 121 = 43,271 papers counted; ballot papers verified "
        "43,271 (difference 0): reconciled.",
        "Margin between the last elected and the first not elected: 23.",
        "1 bundle check Agent for Ashworth-Lee (election agent)",
        "refused figures already checked twice",
        "W301 warning contest recount advice",
        "Notes (written by hand)",
    ):
        assert line in text, line
    assert 11_517 + 10_568 + 10_639 + 10_426 == 43_150
    assert re.search(r"Signed _+ Date _+ Returning Officer Signed _+ Date _+ Count supervisor", text)


def test_count_summary_prints_acknowledgements_and_single_entry(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "abbey")
    result = compute_result(contest)
    summary = count_summary(
        result,
        context_for(election, result),
        acknowledgements=[
            Acknowledgement(
                "W201",
                "round 1, table T1",
                "Mair Williams has 0 votes",
                "Gwen Supervisor",
                "2029-05-04T01:02:03+01:00",
                "checked the paper",
            )
        ],
        entry_decisions=[
            EntryDecision(
                "single entry for every sheet",
                "Helen Marsh",
                "2029-05-04T00:30:00+01:00",
                "one operator fell ill",
            )
        ],
    )
    text = " ".join(pages(render("count-summary", summary)))
    assert "Warning W201 acknowledged (round 1, table T1): Mair Williams has 0 votes Gwen Supervisor" in text
    assert "checked the paper" in text
    assert "Returning Officer's decision: single entry for every sheet Helen Marsh" in text
    assert "one operator fell ill" in text
    assert "Lots drawn" in text and "Rhys Evans, Gwen Howells" in text


def test_recount_comparison_rounds_side_by_side(examples_dir: Path) -> None:
    text = text_of(examples_dir, "recount-comparison", "riverside")
    for line in (
        "Round 1: initial count Change Round 2: bundle check Change Round 3: full recount Change",
        "Thomas Ashworth-Lee 17,624 17,598 −26 17,604 +6",
        "Zoë O'Connor 17,607 17,633 +26 17,627 −6",
        "Margin (last elected over first not elected) 17 35 +18 23 −12",
        "2 T1 Thomas Ashworth-Lee 4,718 4,698 −20",
        "3 T2 Zoë O'Connor 4,322 4,316 −6",
        "3 bundle check Agent for Ashworth-Lee (election agent) — refused figures already checked twice —",
    ):
        assert line in text, line
    assert 17_624 - 26 == 17_598 and 17_598 + 6 == 17_604


def test_recount_comparison_keeps_each_round_grid_on_one_page(examples_dir: Path) -> None:
    # Six rounds make two grids; with twelve long-named candidates the second one reached over a
    # page break (two candidates on one page, the rest and the margin on the next).
    election, contest = example(examples_dir, "riverside")
    contest = long_names(contest, 12)
    last = contest.rounds[-1]
    more = tuple(dataclasses.replace(last, number=last.number + k) for k in (1, 2, 3))
    contest = dataclasses.replace(contest, rounds=contest.rounds + more)
    text = pages(render("recount-comparison", content("recount-comparison", election, contest)))
    for heading in ("Round 1: initial count", "Round 4: full recount"):
        holding = [i for i, page in enumerate(text) if heading in page]
        assert len(holding) == 1, (heading, holding)
        page = text[holding[0]]
        assert page.count("Tables counted in the round") >= 1  # its last line on the same page
        assert page.index(heading) < page.rindex("Tables counted in the round")


def test_audit_report_lists_every_event(examples_dir: Path) -> None:
    text = text_of(examples_dir, "audit", "riverside")
    assert "The hash chain holds: 3 events" in text
    assert "1 4 May 2029 03:14:07 +01:00 1A1A 1A1A 1A1A 1A1A CountDesk system import-election" in text
    assert "after source: riverside.package.json" in text
    assert "3 4 May 2029 03:14:07 +01:00 3C3C 3C3C 3C3C 3C3C Siân Operator operator enter-sheet" in text
    assert "before thomas: 4718 after thomas: 4698 misread bundle" in text


def test_audit_report_says_when_the_chain_is_broken(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    context = context_for(election, compute_result(contest))
    report = audit_report(events(), ["event 2: its stored values do not match its hash"], context)
    text = " ".join(pages(render("audit", report)))
    assert "The hash chain is broken." in text and "event 2: its stored values do not match its hash" in text


def test_a_long_audit_log_flows_with_repeated_headings(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    context = context_for(election, compute_result(contest))
    many = [
        RecordedEvent(
            n,
            GENERATED_AT + timedelta(seconds=n),
            "Operator",
            "operator",
            "enter-count",
            f"box B{n:03d}",
            None,
            str(n),
            None,
            f"{n:064x}",
        )
        for n in range(1, 201)
    ]
    texts = pages(render("audit", audit_report(many, [], context, to_local=lambda moment: moment)))
    assert len(texts) > 3
    assert [FOOTER.findall(page) for page in texts] == [
        [(str(i), str(len(texts)))] for i in range(1, len(texts) + 1)
    ]
    for page in texts:
        assert "Seq Time and hash Who and role Action and object Before and after Reason" in page
    whole = " ".join(texts)
    assert all(f"box B{n:03d}" in whole for n in range(1, 201))


def test_a_role_wider_than_its_column_breaks_after_its_hyphen(examples_dir: Path) -> None:
    # The Returning Officer's own events printed their role as "returning-office" over "r".
    election, contest = example(examples_dir, "riverside")
    context = context_for(election, compute_result(contest))
    officer = dataclasses.replace(events()[2], user="Helen Marsh", role="returning-officer")
    report = audit_report((*events()[:2], officer), [], context)
    page = PdfReader(io.BytesIO(render("audit", report))).pages[0]
    lines = [line.strip() for line in page.extract_text().splitlines()]
    at = lines.index("Helen Marsh")
    assert lines[at + 1 : at + 3] == ["returning-", "officer"], lines[at : at + 4]

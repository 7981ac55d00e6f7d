"""After the declaration every service write is refused; only the RO's superseding correction passes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from app.domain.election import CountSheet, Requester, VoteFigure
from app.domain.profile import RecountRules, RelativeRule
from app.services import declaration, recounts
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.services.declaration import Correction
from app.services.errors import BadInput, CheckFailed, ServiceError
from app.services.integrity import verify_store
from app.services.verification import Verification
from app.store import ContestLockedError
from app.store.audit import Actor
from app.store.recorder import record_sheet

RIVERSIDE = "parl.riverside.2029-05-03"
PIN = "5813"


@pytest.fixture
def declared(examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CountFile]:
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(tmp_path / "backups"))
    count_file = CountFile.import_package(examples_dir / "riverside.package.json", tmp_path / "r.countdesk")
    count_file.session.add_person("Ruth Officer", "returning-officer", PIN)
    count_file.session.sign_in("Ruth Officer", PIN)
    count_file.session.add_person("Olu Adeyemi", "operator", "1111")
    declaration.record_provisional(count_file, RIVERSIDE)
    declaration.declare(count_file, RIVERSIDE, PIN)
    yield count_file
    count_file.close()


def _as_operator(count_file: CountFile) -> None:
    count_file.session.sign_in("Olu Adeyemi", "1111")


WRITES: dict[str, Callable[[CountFile], object]] = {
    "request a recount": lambda f: recounts.request_recount(
        f, RIVERSIDE, Requester("Zoë O'Connor", "candidate"), "full-recount", "close"
    ),
    "decide a request": lambda f: recounts.decide(f, RIVERSIDE, 1, True, "why not"),
    "change the recount rules": lambda f: recounts.set_recount_rules(
        f, RIVERSIDE,
        RecountRules(absolute=200, relative=RelativeRule(Fraction(1, 200), "votes-cast")), "policy",
    ),
    "record a provisional result": lambda f: declaration.record_provisional(f, RIVERSIDE),
    "record a lot": lambda f: declaration.record_lot(f, RIVERSIDE, "zoë-o-connor", "drawn", ["A"]),
    "declare again": lambda f: declaration.declare(f, RIVERSIDE, PIN),
    "suspend": lambda f: declaration.suspend(f, RIVERSIDE, "night", ["S1"]),
    "resume": lambda f: declaration.resume(f, RIVERSIDE, "morning", ["S1"]),
    "key a count sheet": lambda f: (_as_operator(f), Counting(f).open_sheet(RIVERSIDE, "T1")),
    "count a ballot box": lambda f: (_as_operator(f), Verification(f).enter_count(RIVERSIDE, "B01", "5")),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_service_write_to_a_declared_contest_is_refused(declared: CountFile, write: str) -> None:
    before = declared.contest(RIVERSIDE)
    with pytest.raises(ServiceError) as refused:
        WRITES[write](declared)
    assert "declared" in str(refused.value)
    assert declared.contest(RIVERSIDE) == before
    assert declared.result(RIVERSIDE).stage == "declared"


def test_the_store_itself_refuses_a_sheet_written_past_the_services(declared: CountFile) -> None:
    before = declared.contest(RIVERSIDE)
    sheet = CountSheet("T1", {"margaret-pryce": VoteFigure(1)}, {})
    with pytest.raises(ContestLockedError), declared.store.action(
        Actor("Ruth Officer", "returning-officer"), "enter-sheet", "x"
    ) as db:
        record_sheet(db, RIVERSIDE, 3, sheet, source="entry", entered_by="x")
    assert declared.contest(RIVERSIDE) == before


def test_a_misread_figure_is_corrected_by_a_superseding_declaration(declared: CountFile) -> None:
    first = declared.result(RIVERSIDE)
    t2 = first.tables["T2"].votes
    # O'Connor's and Ashworth-Lee's figures at T2 were read transposed: swap 9 votes between them
    swap = [
        Correction("T2", "votes", "zoë-o-connor", t2["zoë-o-connor"].total - 9),
        Correction("T2", "votes", "thomas-ashworth-lee", t2["thomas-ashworth-lee"].total + 9),
    ]
    with pytest.raises(BadInput, match="reason"):
        declaration.correct_declaration(declared, RIVERSIDE, swap, "  ", PIN)
    with pytest.raises(CheckFailed, match="do not reconcile"):
        declaration.correct_declaration(declared, RIVERSIDE, swap[:1], "misread", PIN)
    with pytest.raises(BadInput, match="correction was not made"):
        declaration.correct_declaration(declared, RIVERSIDE, swap, "misread", "0000")
    _as_operator(declared)
    with pytest.raises(ServiceError, match="Returning Officer"):
        declaration.correct_declaration(declared, RIVERSIDE, swap, "misread", "1111")
    declared.session.sign_in("Ruth Officer", PIN)

    made = declaration.correct_declaration(
        declared, RIVERSIDE, swap, "T2's figures for O'Connor and Ashworth-Lee were read transposed", PIN
    )
    assert made.record.supersedes == 1 and made.backup.ok
    after = declared.result(RIVERSIDE)
    assert after.stage == "declared" and after.margin == first.margin - 18
    assert "E303" not in [p.code for p in after.problems]
    contest = declared.contest(RIVERSIDE)
    assert [d.supersedes for d in contest.declarations] == [None, 1]
    assert contest.declarations[0].snapshot == first.figures  # the first stays on the record
    assert contest.rounds == first.contest.rounds  # no sheet was touched
    assert [(c.table, c.key, c.new - (c.old or 0)) for c in contest.corrections] == [
        ("T2", "zoë-o-connor", -9), ("T2", "thomas-ashworth-lee", 9)
    ]
    report = verify_store(declared.store)  # totals two ways agree with the corrections
    assert report.ok, report.findings
    with pytest.raises(ServiceError, match="declared and locked"):
        recounts.request_recount(
            declared, RIVERSIDE, Requester("A", "candidate"), "full-recount", "after correction"
        )

"""The one catalogue of errors and warnings: stable codes, what they check, and what each reader is told."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One entry of the catalogue."""

    code: str
    severity: str  # "error" blocks acceptance/declaration; "warning" needs an acknowledgement
    level: str  # "box" | "sheet" | "contest" | "entry" (one sheet's double entry)
    predicate: str  # what the rule checks, in words
    fields: tuple[str, ...]
    operator_text: str  # neutral: what the person at the keyboard is told
    supervisor_text: str  # what the supervisor or Returning Officer should do


@dataclass(frozen=True)
class Problem:
    """A rule that fired: its code, severity, where, and a message with the figures."""

    code: str
    severity: str
    where: str
    message: str
    # The boxes of the paper sheet it concerns (app.domain.entry_cells keys), so a screen can show
    # it beside them; empty for a problem of the whole sheet, box or contest. Not in the JSON.
    cells: tuple[str, ...] = ()

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "where": self.where,
            "message": self.message,
        }


CATALOGUE: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "E101", "error", "box", "box has no count yet", ("counts",),
            "No count has been entered for this box.",
            "Count the box and enter the figure; the verification statement cannot be completed "
            "while it is outstanding.",
        ),
        Rule(
            "E102", "error", "box", "latest count differs from papers issued", ("counts",),
            "The count differs from the ballot paper account. Check against the paper.",
            "Re-check the ballot paper account's arithmetic and the boxes of the same polling "
            "place for compensating errors; otherwise recount the box until the same figure "
            "comes out twice in a row.",
        ),
        Rule(
            "E103", "error", "box", "the last two counts differ and neither equals the account",
            ("counts",),
            "The last two counts of this box differ.",
            "Count the box a third time: a figure stands only when it comes out twice in a row.",
        ),
        Rule(
            "W101", "warning", "box", "variance verified by two equal counts has no explanation",
            ("explanation",),
            "A variance needs an explanation.",
            "Record why the box differs from its ballot paper account (it is printed on the "
            "verification statement and counts toward the variance recount advice).",
        ),
        Rule(
            "E201", "error", "sheet", "part bundle is not smaller than the bundle size",
            ("part",),
            "A part bundle must be smaller than the bundle size. Check against the paper sheet.",
            "A part bundle at or above the bundle size means a full bundle was not made up; "
            "have the table re-bundle the candidate's papers.",
        ),
        Rule(
            "E202", "error", "sheet", "a candidate has more votes than the table's papers",
            ("votes",),
            "This figure is larger than the papers at the table. Check against the paper sheet.",
            "Check the figure with the table; the bundles may be mis-slipped.",
        ),
        Rule(
            "E203", "error", "sheet", "valid papers + rejected papers ≠ the table's expected papers",
            ("votes", "rejected", "valid_papers"),
            "The sheet does not balance with the papers verified for this table. Check against "
            "the paper sheet.",
            "Search the table for missing papers, re-check the figures and recount the bundles; "
            "a difference divisible by 9 often means two transposed digits.",
        ),
        Rule(
            "E204", "error", "sheet", "multi-seat: Σ votes > seats × valid papers",
            ("votes", "valid_papers"),
            "There are more votes than the valid papers allow. Check against the paper sheet.",
            "Each paper carries at most one vote per seat: re-check the votes and the valid "
            "papers figure.",
        ),
        Rule(
            "E205", "error", "sheet", "multi-seat: a candidate has more votes than valid papers",
            ("votes", "valid_papers"),
            "A candidate has more votes than there are valid papers. Check against the paper "
            "sheet.",
            "A candidate can receive at most one vote per paper: re-check the figure.",
        ),
        Rule(
            "E206", "error", "sheet", "the table has no accepted sheet in the current round",
            (),
            "No count sheet has been accepted for this table.",
            "Have the table's count sheet entered (twice) and accepted.",
        ),
        Rule(
            "E207", "error", "sheet", "the sheet has no figure for a candidate or head",
            ("votes", "rejected"),
            "A figure is missing. Check against the paper sheet.",
            "Every candidate and every rejected head needs a figure, 0 included.",
        ),
        Rule(
            "E208", "error", "sheet", "the table's expected papers are unknown (a box is not verified)",
            (),
            "The table's boxes are not all verified.",
            "Verify the table's boxes first; the sheet cannot balance against an unknown figure.",
        ),
        Rule(
            "W201", "warning", "sheet", "a candidate has no votes at a table", ("votes",),
            "This candidate has 0 votes at this table. Check against the paper sheet.",
            "Confirm with the table that the candidate's pile is really empty.",
        ),
        Rule(
            "E301", "error", "contest", "Σ votes (valid papers) + Σ rejected ≠ papers verified",
            (),
            "The contest does not reconcile.",
            "Nothing may be declared unreconciled: find the table that does not balance and "
            "re-check its figures and bundles.",
        ),
        Rule(
            "E302", "error", "contest", "candidates are level at the last seat", (),
            "Candidates are tied for the last seat.",
            "If the tie survives any recount, the Returning Officer must decide by lot and "
            "record it (tied candidates, method, witnesses, winner).",
        ),
        Rule(
            "W301", "warning", "contest", "the margin is within the recount advice", (),
            "The margin is close.",
            "Tell the Returning Officer: recount advice applies, with the reasons listed.",
        ),
        Rule(
            "W302", "warning", "contest", "a recorded lot does not match a tie in these figures",
            (),
            "A lot is recorded for candidates who are not tied.",
            "The figures changed after the lot was drawn; the lot has no effect. Tell the "
            "Returning Officer.",
        ),
        Rule(
            "E303", "error", "contest",
            "the latest declaration does not match the figures in the count file", (),
            "The declared result does not match the figures in the file.",
            "A declared contest is locked, so its figures cannot have changed through CountDesk: "
            "run `countdesk verify` and restore the latest verified backup.",
        ),
        Rule(
            "E401", "error", "entry", "the two entries of a sheet differ in one or more boxes",
            ("cells",),
            "The two entries of this sheet differ. The supervisor will compare them with the "
            "paper sheet.",
            "Compare both entries with the paper sheet and choose, for each differing figure, the "
            "entry that matches the paper; the other entry's operator re-keys just those boxes "
            "(correction mode), without seeing the other entry.",
        ),
        Rule(
            "E402", "error", "entry",
            "an operator finished a sheet with errors after confirming the paper says so",
            ("cells",),
            "This sheet was finished with errors. It waits for the supervisor.",
            "Take every listed problem to the table in one trip. When the paper sheet has been "
            "corrected, return the sheet to its operator to re-key; if the table must recount, "
            "discard the entries.",
        ),
        Rule(
            "W403", "warning", "entry", "a supervisor sent a box back to be re-keyed (correction)",
            ("cells",),
            "A supervisor sent this figure back: key it again from the paper sheet.",
            "The operator re-keys the box from the paper without seeing the other entry; the "
            "sheet is accepted when the two entries agree.",
        ),
    )
}


def problem(code: str, where: str, message: str, cells: tuple[str, ...] = ()) -> Problem:
    """A Problem for a catalogue code; an unknown code is a programming error."""
    rule = CATALOGUE[code]
    return Problem(code=code, severity=rule.severity, where=where, message=message, cells=cells)


def catalogue_markdown() -> str:
    """docs/catalogue.md: the catalogue rendered for people (a test keeps the file equal to this)."""
    lines = [
        "# The catalogue of errors and warnings",
        "",
        "Generated from `app/domain/catalogue.py` (the one source of the codes); a test checks that",
        "this file equals its rendering. Errors block acceptance and declaration until fixed;",
        "warnings need a supervisor's acknowledgement with a reason, which is kept.",
        "",
        "| code | severity | level | checks | fields | operator is told | supervisor is told |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule in CATALOGUE.values():
        cells = (
            rule.code,
            rule.severity,
            rule.level,
            rule.predicate,
            ", ".join(rule.fields) or "—",
            rule.operator_text,
            rule.supervisor_text,
        )
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"

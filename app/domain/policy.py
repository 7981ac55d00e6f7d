"""Who may do what, and when: the one table of role × action × contest stage (design.md §3, §6)."""

# Separation of duties (VVSG 11.4-B): the administrator sets the count up and keeps the file safe
# but never enters or decides a figure; operators key figures; supervisors check and resolve;
# only the Returning Officer decides (provisional result, recounts, lots, the declaration).
# After the declaration nothing but a superseding correction by the RO is possible, and the
# store refuses every write to a declared contest whatever this table says.

from __future__ import annotations

from dataclasses import dataclass

from app.domain.people import ROLES

STAGES = ("setup", "verification", "counting", "provisional", "declared", "suspended")
_LIVE = ("setup", "verification", "counting", "provisional")  # every stage a count can be stopped in
_ENTRY = ("verification", "counting")  # figures are checked while boxes are verified and counted
# A sheet may be keyed from the start (an imported count may have no verification yet); keying
# it moves the contest to counting (stage.py).
_KEYING = ("setup", *_ENTRY)

OPERATOR, SUPERVISOR, RO, ADMIN = ROLES
_STAFF = (SUPERVISOR, RO, ADMIN)


@dataclass(frozen=True)
class Rule:
    """One action: what it is called, who may do it, and in which contest stages.

    `stages` is None for an action on the election as a whole (users, backups, export), which
    does not depend on any contest's stage.
    """

    label: str  # completes "... may not <label>"
    roles: tuple[str, ...]
    stages: tuple[str, ...] | None


POLICY: dict[str, Rule] = {
    # the election as a whole
    "add-person": Rule("add users", (RO, ADMIN), None),
    "deactivate-person": Rule("remove users", (RO, ADMIN), None),
    "change-settings": Rule("change the backup and lock settings", (ADMIN,), None),
    "backup": Rule("make a backup", _STAFF, None),
    "restore": Rule("restore a backup", (RO, ADMIN), None),
    "export": Rule("export the count file", _STAFF, None),
    "view-audit": Rule("read the audit log", _STAFF, None),
    "verify-file": Rule("verify the count file", ROLES, None),
    # setting a contest up: the administrator before any box is counted, then only the RO
    "edit-contest": Rule("change the contest's set-up", (RO, ADMIN), ("setup",)),
    "edit-candidates": Rule("change the candidates", (RO, ADMIN), ("setup",)),
    "edit-ballot-boxes": Rule("change the ballot boxes", (RO, ADMIN), ("setup",)),
    "edit-count-tables": Rule("change the count tables", (RO, ADMIN), ("setup", "verification")),
    "import-csv": Rule("import candidates or boxes", (RO, ADMIN), ("setup",)),
    "change-setup-late": Rule(
        "change the set-up after counting began", (RO,), ("verification", "counting")
    ),
    "set-recount-rules": Rule("change the recount rules", (RO,), _LIVE),
    "allow-single-entry": Rule("allow single entry", (RO,), _KEYING),
    # verification and count sheets
    "enter-verification-count": Rule(
        "enter a box's verification count", (OPERATOR, SUPERVISOR), _KEYING
    ),
    "explain-variance": Rule("explain a box's variance", (SUPERVISOR, RO), _ENTRY),
    "enter-sheet": Rule("enter a count sheet", (OPERATOR, SUPERVISOR), _KEYING),
    "correct-entry": Rule("re-key the cells of a count sheet", (OPERATOR, SUPERVISOR), _KEYING),
    "resolve-difference": Rule("resolve differences between entries", (SUPERVISOR, RO), _ENTRY),
    "acknowledge-warning": Rule(
        "acknowledge a warning", (SUPERVISOR, RO), (*_ENTRY, "provisional")
    ),
    # the Returning Officer's decisions
    "record-provisional": Rule("record the provisional result", (RO,), ("counting",)),
    "record-recount-request": Rule("record a recount request", (SUPERVISOR, RO), ("provisional",)),
    # a request left pending when another was granted is refused during the new round
    "decide-recount": Rule("grant or refuse a recount", (RO,), ("counting", "provisional")),
    "record-lot": Rule("record the drawing of lots", (RO,), ("provisional",)),
    "declare": Rule("declare the result", (RO,), ("provisional",)),
    "correct-declaration": Rule("correct a declared result", (RO,), ("declared",)),
    "suspend": Rule("suspend the count", (RO,), _LIVE),
    "resume": Rule("resume the count", (RO,), ("suspended",)),
    # documents
    "print-document": Rule("print a document", ROLES, STAGES),
}

ACTIONS = tuple(POLICY)


_AS_SUBJECT = {
    OPERATOR: "a data-entry operator",
    SUPERVISOR: "a count supervisor",
    RO: "the Returning Officer",
    ADMIN: "an administrator",
}


def _who(roles: tuple[str, ...]) -> str:
    names = [_AS_SUBJECT[r] for r in ROLES if r in roles]
    return "only " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1])


def refusal(role: str, action: str, stage: str | None) -> str | None:
    """Why `role` may not do `action` at `stage`, as a sentence; None when it is allowed.

    An action name that is not in the table is a programming error (a typo must never read as
    a silent refusal), and so is a contest action asked without a stage.
    """
    rule = POLICY.get(action)
    if rule is None:
        raise ValueError(f"{action!r} is not an action of the policy table")
    if rule.stages is not None and stage is None:
        raise ValueError(f"{action!r} is a contest action: give the contest's stage")
    if stage is not None and stage not in STAGES:
        raise ValueError(f"{stage!r} is not a stage ({', '.join(STAGES)})")
    if role not in ROLES:
        return f"{role!r} is not a role of this count; sign in as a user with a role"
    if role not in rule.roles:
        return f"{_who(rule.roles)} may {rule.label}; ask them to sign in"
    if rule.stages is not None and stage not in rule.stages:
        allowed_at = ", ".join(rule.stages)
        return (
            f"you may not {rule.label} while the contest is at the {stage} stage "
            f"(possible at: {allowed_at})"
        )
    return None


def allowed(role: str, action: str, stage: str | None) -> bool:
    """Whether `role` may do `action` when the contest is at `stage` (None: election-wide)."""
    return refusal(role, action, stage) is None

"""What CountDesk prints and exports, by name: for the menus and the command line."""

from pathlib import Path

# Apart from app.services.printing and app.services.exchange, which write them: a menu or a parser
# needs only the names, and importing those services (every document's and format's domain modules)
# costs start-up time (P4) and every command's.

DOCUMENT_NAMES = {
    "declaration": "declaration of result",
    "provisional": "provisional result sheet",
    "verification": "verification statement",
    "rejected": "statement of rejected ballot papers",
    "count-summary": "count summary",
    "recount-comparison": "recount comparison",
    "audit": "audit report",
}
DOCUMENTS = tuple(DOCUMENT_NAMES)

# The formats `countdesk export` writes.
FORMATS = ("package", "dc-csv", "eml510", "eml520")


def holds_a_count_file(path: Path) -> bool:
    """Whether `path` is an existing SQLite file: an export or a print must never replace a count."""
    try:
        with path.open("rb") as stream:
            return stream.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def leftover_journal(path: Path) -> Path | None:
    """A journal left beside `path` by an earlier count file of that name, which SQLite would replay
    over a new file made there (so nothing may be made there until it is moved away)."""
    for end in ("wal", "journal"):
        leftover = Path(f"{path}-{end}")
        if leftover.exists():
            return leftover
    return None

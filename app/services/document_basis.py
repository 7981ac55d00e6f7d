"""What a prepared document was read from, so that paper never carries figures the file has since changed."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.store import StoreError
from app.store.contest_changes import contest_changed_after


@dataclass(frozen=True)
class DocumentBasis:
    """A contest's document as read when the file's audit log held `event_count` events."""

    contest_id: str
    event_count: int


def basis_now(count_file: CountFile, contest_id: str) -> DocumentBasis:
    """Taken just before a document is read: a change after it, however soon, counts as a change."""
    return DocumentBasis(contest_id, count_file.fingerprint().event_count)


def is_current(count_file: CountFile, basis: DocumentBasis) -> bool:
    """Whether the contest's rows are as they were when the document was read (a sheet saved, a recount
    granted, a lot drawn or a setup change since all make it stale)."""
    try:
        return not contest_changed_after(count_file.store, basis.contest_id, basis.event_count)
    except StoreError as error:
        raise BadInput(
            f"{error}: close this preview and make the document again from the file that is open now."
        ) from error

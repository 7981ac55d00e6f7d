"""The tables keyed by their natural key stored in that key's order (WITHOUT ROWID): a box, a vote, a head."""

# Why: a confirmed sheet's commit waits for every page it changed to reach the write-ahead log: about
# twenty-one. entry_cell, sheet_vote and sheet_rejected are found by their primary key (a sheet's
# or entry's seq, then the box, candidate or head), yet as rowid tables each row was written twice,
# into the table and into the index SQLite builds for that key. Stored WITHOUT ROWID, the key's
# b-tree is the table: about eighteen pages a save. The rows, their columns (in order), the checks,
# the foreign keys, the indexes and every trigger are kept exactly; the audit digests
# (row_buckets.py) read the same rows in the same primary-key order, so every recorded digest still
# matches. (sheet_vote_by_contest stays: a contest's digests and the foreign-key check of a
# candidate deleted in setup search it; by contest alone it cost as many pages.) Old files are
# rebuilt when first opened, in the migration's one transaction (~1.5 s for a general election).

from __future__ import annotations

import re

from sqlite_utils import Database

from app.store.connection import DamagedFileError
from app.store.schema import migrations

CLUSTERED = ("entry_cell", "sheet_vote", "sheet_rejected")


def _without_rowid(create: str, table: str, name: str) -> str:
    """The table's CREATE statement under another name, stored WITHOUT ROWID."""
    renamed, found = re.subn(
        rf'^\s*CREATE\s+TABLE\s+(?:"{table}"|{table})(?=\s*\()', f"CREATE TABLE {name}", create,
        flags=re.IGNORECASE,
    )
    if found != 1:
        raise DamagedFileError(
            f"the count file's table {table} is not as CountDesk made it ({create[:60]!r}); "
            "restore the latest backup."
        )
    body = renamed.rstrip().rstrip(";")
    strict = re.search(r"\)\s*STRICT$", body, re.IGNORECASE)
    return f"{body}, WITHOUT ROWID" if strict else f"{body} WITHOUT ROWID"


def cluster(db: Database, table: str) -> bool:
    """Rebuild one table WITHOUT ROWID with all its rows, indexes and triggers; False if it already is."""
    row = db.execute("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [table]).fetchone()
    if row is None:
        raise DamagedFileError(f"the count file has no table {table}; restore the latest backup.")
    create = str(row[0])
    if re.search(r"WITHOUT\s+ROWID\s*$", create.rstrip().rstrip(";"), re.IGNORECASE):
        return False
    dependents = [
        str(sql) for (sql,) in db.execute(
            "SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') "
            "AND sql IS NOT NULL ORDER BY type, name",
            [table],
        ).fetchall()
    ]
    staging = f"{table}_clustered"
    db.execute(_without_rowid(create, table, staging))
    # In the old table's order; the new one keeps its rows in key order whatever the order given.
    db.execute(f"INSERT INTO {staging} SELECT * FROM {table} ORDER BY rowid")
    db.execute(f"DROP TABLE {table}")  # with its indexes and triggers, made again below
    db.execute(f"ALTER TABLE {staging} RENAME TO {table}")
    for statement in dependents:
        db.execute(statement)
    return True


@migrations(name="m008_clustered_rows")
def m008_clustered_rows(db: Database) -> None:
    """Store entry_cell, sheet_vote and sheet_rejected in primary-key order (WITHOUT ROWID)."""
    for table in CLUSTERED:
        cluster(db, table)

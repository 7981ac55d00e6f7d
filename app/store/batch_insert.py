"""Many rows of one table written by one INSERT statement, in the order given."""

# Why not executemany: each of its rows is a statement of its own, and on the count tables every
# statement runs the guard and change-tracking triggers with a statement journal of its own. One
# INSERT ... VALUES (...), (...) writes the same rows, in the same order, under the same triggers
# and constraints, for about two thirds of the time (a confirmed sheet's boxes, votes and heads).
# A refused row refuses the whole statement; the action's transaction is rolled back either way.

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlite_utils import Database

ROWS_PER_STATEMENT = 100  # well inside SQLite's limit of host parameters, whatever its build


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...], rows: int) -> str:
    row = "(" + ", ".join("?" for _ in columns) + ")"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join([row] * rows)


def insert_rows(db: Database, table: str, columns: tuple[str, ...], rows: Sequence[Sequence[object]]) -> None:
    """Insert the rows (each with a value per column) in order; nothing for no rows."""
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        db.conn.execute(_insert_sql(table, columns, len(chunk)), [value for row in chunk for value in row])

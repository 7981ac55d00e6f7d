"""Indexes for the guards that every write to a contest's rows runs: its declaration and suspension."""

# Why: the declared-contest lock (a trigger on every count table) and the suspension guard look up
# the contest's stages and suspensions on each inserted row. Without an index each lookup scans
# the whole table, which grows with every contest declared on the night: a confirmed sheet's
# thirty-odd rows scan it thirty-odd times. With these, each lookup is one index search.

from __future__ import annotations

from sqlite_utils import Database

from app.store.schema import migrations


@migrations(name="m007_lock_indexes")
def m007_lock_indexes(db: Database) -> None:
    """Index contest_stage and suspension by contest (old files get them when first opened)."""
    db.execute("CREATE INDEX IF NOT EXISTS contest_stage_by_contest ON contest_stage (contest_id, stage)")
    db.execute("CREATE INDEX IF NOT EXISTS suspension_by_contest ON suspension (contest_id)")

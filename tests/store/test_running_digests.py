"""The second digest format kept in memory: each run extended step by step equals one made over all rows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.store.row_buckets import TABLE_PREFIX, bucket_digest, combined, line
from app.store.running_digests import (
    EMPTY,
    FORMAT_MARK,
    Lines,
    Runs,
    ScopeRun,
    extended,
    scope_digest,
    table_run,
)

DIGESTS = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)
# Names whose text order differs from the order they are put in.
TABLES = st.sampled_from(["sheet", "sheet_vote", "entry_cell", "round", "a", "a_b", "10", "9"])
KEYED_TEXTS = st.dictionaries(
    st.integers(-50, 400), st.lists(st.text(min_size=1), min_size=1, max_size=3).map(tuple), max_size=12
)


def _rows(texts: dict[int, tuple[str, ...]]) -> list[tuple[int, str]]:
    return [(key, text) for key in sorted(texts) for text in texts[key]]


@given(st.lists(st.tuples(TABLES, st.one_of(st.none(), DIGESTS)), max_size=40))
def test_lines_changed_one_at_a_time_hash_as_the_parts_combined(steps: list[tuple[str, str | None]]) -> None:
    lines = Lines()
    parts: dict[str, str] = {}
    for key, digest in steps:
        lines = lines.put(key, digest)
        if digest is None:
            parts.pop(key, None)
        else:
            parts[key] = digest
        assert lines.keys == tuple(sorted(parts))
        expected = "".join(line(k, parts[k]) for k in sorted(parts))
        assert lines.digest(TABLE_PREFIX) == combined(TABLE_PREFIX, expected)


@given(KEYED_TEXTS, st.lists(KEYED_TEXTS, max_size=5))
def test_a_run_extended_by_higher_keys_equals_one_made_over_every_row(
    start: dict[int, tuple[str, ...]], later: list[dict[int, tuple[str, ...]]]
) -> None:
    run = table_run(_rows(start))
    whole = dict(start)
    for more in later:
        shift = 0 if run is None or run.last is None else run.last + 51  # every key above the last
        above = {key + shift: texts for key, texts in more.items()}
        before = None if run is None else run.hashed.hexdigest()
        run = extended(run, _rows(above))
        whole.update(above)
        made = table_run(_rows(whole))
        assert (run is None) == (made is None)
        if run is not None and made is not None:
            # a table's digest hashes its texts exactly as the first format hashes one bucket
            assert run.digest == made.digest == bucket_digest([t for _, t in _rows(whole)])
            assert run.last == made.last == max(whole)
        if before is not None and run is not None and above:
            assert before != run.hashed.hexdigest()  # the old run's hash was copied, not changed


def test_a_table_without_integer_keys_cannot_be_extended() -> None:
    run = table_run([(None, "'a'"), (None, "'b'")])
    assert run is not None and run.last is None
    assert table_run([]) is None


@given(st.dictionaries(TABLES, DIGESTS, max_size=8), st.dictionaries(TABLES, st.one_of(st.none(), DIGESTS)))
def test_a_scope_digest_follows_its_tables_whatever_the_order_of_changes(
    start: dict[str, str], changes: dict[str, str | None]
) -> None:
    runs = {t: table_run([(1, d)]) for t, d in start.items()}
    scope = EMPTY.with_tables(runs)
    changed = {t: (None if d is None else table_run([(1, d)])) for t, d in changes.items()}
    after = scope.with_tables(changed)
    now = {t: r.digest for t, r in {**runs, **changed}.items() if r is not None}
    assert after.digest("contest:x") == scope_digest("contest:x", now)
    assert after.digest("contest:x").startswith(FORMAT_MARK)
    assert after.digest("contest:x") != after.digest("contest:y")  # the scope is hashed in
    assert scope.digest("contest:x") == scope_digest("contest:x", {t: r.digest for t, r in runs.items() if r})


def test_each_version_has_its_own_generation_and_old_ones_are_let_go() -> None:
    runs, other = Runs(), Runs()
    versions = [EMPTY.with_tables({"sheet": table_run([(n, str(n))])}) for n in range(6)]
    numbers = [runs.keep("contest:c", version) for version in versions]
    assert len(set(numbers)) == 6 and other.keep("contest:c", versions[0]) not in numbers
    assert runs.get("contest:c", numbers[-1]) is versions[-1]
    assert runs.get("contest:c", numbers[-4]) is versions[-4]  # a rolled-back transaction's base
    assert runs.get("contest:c", numbers[0]) is None  # gone: the scope is read from its rows again
    assert runs.get("contest:c", None) is None and runs.get("contest:d", numbers[-1]) is None
    assert isinstance(versions[0], ScopeRun)

"""The digest tree kept in memory: each step it takes one change at a time equals the full computation."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from app.store.digest_tree import (
    BucketTexts,
    Lines,
    Versions,
    bucket_of,
    bucket_texts,
    build,
    by_key,
    lines_of,
    updated,
)
from app.store.row_buckets import (
    GROUP_PREFIX,
    bucket_digest,
    fold,
    group_digest,
    scope_digest,
    table_digest,
)

TAG = b"countdesk-state/1\n"
DIGESTS = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)
# Buckets across digit counts and signs, so the order of their text differs from their numbers'.
BUCKETS = st.integers(min_value=-200, max_value=1200)
TABLES = st.sampled_from(["sheet", "sheet_vote", "entry_cell", "round", "a", "a_b"])


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@given(st.lists(st.tuples(BUCKETS, st.one_of(st.none(), DIGESTS)), max_size=40))
def test_lines_changed_one_at_a_time_hash_as_the_parts_combined(steps: list[tuple[int, str | None]]) -> None:
    lines = Lines()
    parts: dict[int, str] = {}
    for key, digest in steps:
        lines = lines.put(key, digest)
        if digest is None:
            parts.pop(key, None)
        else:
            parts[key] = digest
        assert lines == lines_of(parts)
        assert lines.digest(GROUP_PREFIX) == group_digest(list(parts.items()))


@given(st.dictionaries(st.tuples(TABLES, BUCKETS), DIGESTS, max_size=60))
def test_a_tree_built_whole_digests_as_the_fold(buckets: dict[tuple[str, int], str]) -> None:
    rows = [(table, bucket, digest) for (table, bucket), digest in buckets.items()]
    tree = build(rows)
    assert tree.digest(TAG, "contest:x") == scope_digest(TAG, "contest:x", fold(rows))
    assert sorted((t, found.digest) for t, found in tree.tables.items()) == sorted(fold(rows))
    for (table, bucket), digest in buckets.items():
        assert bucket_of(tree, table, bucket) == digest


@given(
    st.dictionaries(st.tuples(TABLES, BUCKETS), DIGESTS, max_size=40),
    st.lists(
        st.dictionaries(st.tuples(TABLES, BUCKETS), st.one_of(st.none(), DIGESTS), max_size=6), max_size=8
    ),
)
def test_a_tree_updated_step_by_step_equals_one_built_from_the_result(
    start: dict[tuple[str, int], str], changes: list[dict[tuple[str, int], str | None]]
) -> None:
    tree = build([(t, b, d) for (t, b), d in start.items()])
    now = dict(start)
    for changed in changes:
        before = tree
        before_digest = before.digest(TAG, "election")
        tree = updated(tree, changed)
        for place, digest in changed.items():
            if digest is None:
                now.pop(place, None)
            else:
                now[place] = digest
        assert tree == build([(t, b, d) for (t, b), d in now.items()])
        assert before.digest(TAG, "election") == before_digest  # the older version is left alone
    for table, bucket in start:
        assert bucket_of(tree, table, bucket) == now.get((table, bucket))
    for found in tree.tables.values():
        assert found.digest == table_digest([(n, g.digest) for n, g in found.groups.items()])


@given(
    st.dictionaries(st.integers(0, 7), st.lists(st.text(min_size=1), min_size=1, max_size=4).map(tuple)),
    st.dictionaries(st.integers(8, 15), st.lists(st.text(min_size=1), min_size=1, max_size=4).map(tuple),
                    min_size=1),
)
def test_texts_appended_under_higher_keys_hash_as_the_whole_bucket(
    first: dict[int, tuple[str, ...]], then: dict[int, tuple[str, ...]]
) -> None:
    digest, kept = bucket_texts(first)
    everything = [text for key in sorted(first) for text in first[key]]
    assert digest == (bucket_digest(everything) if everything else None)
    rows = [(key, text) for key in sorted(then) for text in then[key]]
    appended, after = kept.appended(rows)
    whole = {**first, **then}
    assert appended == bucket_digest([text for key in sorted(whole) for text in whole[key]])
    assert after.texts == whole and after.last == max(whole)
    assert bucket_texts(first)[1].hashed.hexdigest() == kept.hashed.hexdigest()  # kept was not changed


def test_rows_are_grouped_by_key_in_their_order() -> None:
    assert by_key([(1, "a"), (1, "b"), (3, "c")]) == {1: ("a", "b"), 3: ("c",)}


def test_kept_texts_serve_only_the_digest_they_were_made_from() -> None:
    versions = Versions()
    digest, texts = bucket_texts({8: ("x",)})
    assert digest is not None
    versions.keep_texts("contest:c", "sheet", 1, digest, texts)
    assert versions.texts("contest:c", "sheet", 1, digest) is texts
    assert versions.texts("contest:c", "sheet", 1, _digest("other")) is None  # rolled back, or changed
    assert versions.texts("contest:c", "sheet", 2, digest) is None
    empty = versions.texts("contest:c", "sheet", 3, None)  # the scope has no rows there: nothing to keep
    assert isinstance(empty, BucketTexts) and empty.texts == {} and empty.last is None


def test_each_version_has_its_own_generation_and_old_ones_are_let_go() -> None:
    versions, other = Versions(), Versions()
    trees = [build([("sheet", n, _digest(str(n)))]) for n in range(6)]
    numbers = [versions.keep("contest:c", tree) for tree in trees]
    assert len(set(numbers)) == 6 and other.keep("contest:c", trees[0]) not in numbers
    assert versions.tree("contest:c", numbers[-1]) is trees[-1]
    assert versions.tree("contest:c", numbers[-4]) is trees[-4]  # a rolled-back transaction's base
    assert versions.tree("contest:c", numbers[0]) is None  # gone: the scope is read from its rows again
    assert versions.tree("contest:c", None) is None and versions.tree("contest:d", numbers[-1]) is None

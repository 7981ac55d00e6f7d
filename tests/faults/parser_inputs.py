"""F1's inputs: figures as people mistype them, and valid election packages mutated every way a file can."""

# Strategies draw small values (a seed, an index) and map them onto the inputs, so Hypothesis stays
# fast at 10,000 cases and still shrinks to a minimal failing input.

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.figures import MAX_COUNT, FigureError

PLAIN_COUNT = re.compile(r"[0-9]{1,7}")  # what parse_count accepts: 1 to 7 ASCII digits, nothing else
# Every character Python calls a digit that is not 0-9: Arabic-Indic, Devanagari, fullwidth,
# superscripts, circled digits... int() reads most of them; a count must not.
NON_ASCII_DIGITS = "".join(
    c for c in map(chr, range(0x80, sys.maxunicode + 1)) if c.isdigit() and not c.isascii()
)
ZEROS = [c for c in NON_ASCII_DIGITS if c.isdecimal() and int(c) == 0]  # each starts a run 0..9
TRICKY = "0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９०१२३۴۵²³¹①⑨ \t\n\u00a0\u2007\u202f_+-,.eE'"


def has_non_ascii_digit(text: str) -> bool:
    return any(c.isdigit() and not c.isascii() for c in text)


def in_script(number: int, zero: str) -> str:
    """`number` written in the digits whose zero is `zero` (e.g. "١٢٣" or "１２３")."""
    return "".join(chr(ord(zero) + int(d)) for d in str(number))


def figure_text(seed: bytes) -> str:
    """Bytes to typed text: the first byte picks a kind of mistake, the others fill it in.

    Mapping one drawn byte string is many times cheaper than composing strategies (as in
    tests/domain/test_csv_import_fuzz.py), so 10,000 cases take seconds; Hypothesis still shrinks it.
    """
    if not seed:
        return ""
    mode, rest = seed[0] % 6, seed[1:]
    if mode == 0:  # plain digits; 8 or more are too many
        return "".join(chr(48 + b % 10) for b in rest)
    if mode == 1:  # a number in another script's digits: "١٢٣", "１２３"
        return in_script(int.from_bytes(rest[:4] or b"\0", "big") % 10**8, ZEROS[sum(rest) % len(ZEROS)])
    if mode == 2:  # ASCII digits with one digit of another script slipped in: "1２3"
        digits = "".join(chr(48 + b % 10) for b in rest[1:7])
        at = rest[0] % (len(digits) + 1) if rest else 0
        foreign = NON_ASCII_DIGITS[int.from_bytes(rest[:2] or b"\0", "big") % len(NON_ASCII_DIGITS)]
        return digits[:at] + foreign + digits[at:]
    if mode == 3:  # signs, spaces, separators, exponents among digits
        return "".join(TRICKY[b % len(TRICKY)] for b in rest)
    if mode == 4:  # any code point at all (pairs of bytes), surrogates and private use included
        pairs = (int.from_bytes(rest[i : i + 2], "big") for i in range(0, len(rest), 2))
        return "".join(chr(pair * 17 % 0x110000) for pair in pairs)
    return "".join(  # digits, foreign digits and tricky characters mixed
        chr(48 + b % 10) if b < 160
        else TRICKY[b % len(TRICKY)] if b < 230
        else NON_ASCII_DIGITS[b * 31 % len(NON_ASCII_DIGITS)]
        for b in rest
    )


figure_texts = st.binary(max_size=14).map(figure_text)


def _percent(seed: bytes) -> str:
    """A percentage as typed: half of them well formed ("0.5", "12.125", "100"), half any figure text."""
    if not seed or seed[0] % 2:
        return figure_text(seed[1:])
    whole = int.from_bytes(seed[1:3] or b"\0", "big") % 1001
    places = seed[3] % 8 if len(seed) > 3 else 0
    fraction = "".join(chr(48 + b % 10) for b in seed[4:4 + places])
    return f"{whole}.{fraction}" if fraction else str(whole)


percent_texts = st.binary(max_size=12).map(_percent)


def int_parse_count(text: str) -> int:
    """The broken variant every count-field property must catch: int() reads "١٢٣", " 12", "1_000"."""
    try:
        value = int(text)
    except ValueError:
        raise FigureError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_COUNT:
        raise FigureError(f"{value} is out of range")
    return value


def fuzz(cases: int) -> settings:
    return settings(
        max_examples=cases,
        derandomize=True,
        database=None,
        deadline=None,
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


class Runs:
    """Counts the inputs a property really checked, and how many it draws per Hypothesis example.

    The real runs check ten inputs an example (Hypothesis's own cost, 2-4 ms an example here, is
    then shared by ten); a broken variant's run takes one, so its failure shrinks in seconds.
    """

    def __init__(self, batch: int = 1) -> None:
        self.count = 0
        self.batch = batch

    def __call__(self) -> None:
        self.count += 1


BATCH = 10  # inputs per Hypothesis example in the real runs


def batched(
    check: Callable[..., None], runs: Runs, cases: int, **inputs: st.SearchStrategy[Any]
) -> Callable[[], None]:
    """`check` on `cases` inputs, drawn `runs.batch` to a Hypothesis example; a failure still shrinks."""

    @fuzz(max(1, cases // runs.batch))
    @given(batch=st.lists(st.fixed_dictionaries(inputs), min_size=runs.batch, max_size=runs.batch))
    def run(batch: list[dict[str, Any]]) -> None:
        for one in batch:
            runs()
            check(**one)

    return run


# --- election packages -----------------------------------------------------------------------

Json = Any
Step = str | int
Path_ = tuple[Step, ...]


@dataclass(frozen=True)
class Base:
    """A valid package's bytes, and where its containers and whole-number leaves are."""

    name: str
    raw: bytes
    containers: tuple[Path_, ...]
    leaves: tuple[Path_, ...]
    numbers: tuple[Path_, ...]  # leaves holding an int (not a bool)


def _walk(value: Json, path: Path_, base: dict[str, list[Path_]]) -> None:
    if isinstance(value, dict | list):
        base["containers"].append(path)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            _walk(child, (*path, key), base)
        return
    base["leaves"].append(path)
    if type(value) is int:
        base["numbers"].append(path)


def load_base(name: str, path: Path) -> Base:
    raw = path.read_bytes()
    found: dict[str, list[Path_]] = {"containers": [], "leaves": [], "numbers": []}
    _walk(json.loads(raw), (), found)
    return Base(name, raw, *(tuple(found[k]) for k in ("containers", "leaves", "numbers")))


def _parent(root: Json, path: Path_) -> tuple[Json, Step]:
    node = root
    for step in path[:-1]:
        node = node[step]
    return node, path[-1]


@dataclass(frozen=True)
class Mutation:
    """One change to a valid package; `must_refuse` when no correct reader may accept the result."""

    kind: str
    make: Callable[[Base], bytes]
    must_refuse: bool = False


def _edited(base: Base, change: Callable[[Json], None]) -> bytes:
    data = json.loads(base.raw)
    change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def replace_leaf(index: int, value: Json) -> Mutation:
    def change(data: Json, base: Base) -> None:
        parent, key = _parent(data, base.leaves[index % len(base.leaves)])
        parent[key] = value

    return Mutation("replace a value", lambda b: _edited(b, lambda d: change(d, b)))


def number_as(index: int, make: Callable[[int], Json], kind: str) -> Mutation:
    """A whole-number leaf written another way (another script's digits, far too large): refused."""

    def change(data: Json, base: Base) -> None:
        parent, key = _parent(data, base.numbers[index % len(base.numbers)])
        parent[key] = make(parent[key])

    return Mutation(kind, lambda b: _edited(b, lambda d: change(d, b)), must_refuse=True)


def drop(index: int) -> Mutation:
    def change(data: Json, base: Base) -> None:
        parent, key = _parent(data, base.leaves[index % len(base.leaves)])
        del parent[key]

    return Mutation("drop a key or element", lambda b: _edited(b, lambda d: change(d, b)))


def add_key(index: int, key: str, value: Json) -> Mutation:
    def change(data: Json, base: Base) -> None:
        path = base.containers[index % len(base.containers)]
        node = _parent(data, path)[0][path[-1]] if path else data
        if isinstance(node, dict):
            node.setdefault(key, value)
        else:
            node.append(value)

    return Mutation("add a key or element", lambda b: _edited(b, lambda d: change(d, b)))


def truncate(fraction: float) -> Mutation:
    return Mutation("truncate", lambda b: b.raw[: int(len(b.raw) * fraction)], must_refuse=fraction < 0.999)


def flip_byte(position: float, mask: int) -> Mutation:
    def make(base: Base) -> bytes:
        copy = bytearray(base.raw)
        copy[int(position * (len(copy) - 1))] ^= mask
        return bytes(copy)

    return Mutation("flip a byte", make)


JUNK = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", "١٢".encode(), "１２".encode(),
        b"9" * 5000, b"[" * 30_000, b"{\"a\":" * 30_000, b"1e999", b"-0", b"NaN", b"\xef\xbb\xbf"]


def insert_bytes(position: float, junk: int) -> Mutation:
    def make(base: Base) -> bytes:
        at = int(position * len(base.raw))
        return base.raw[:at] + JUNK[junk % len(JUNK)] + base.raw[at:]

    return Mutation("insert bytes", make)


_MARK = "\u2063countdesk-f1-mark\u2063"


def rewrite_number_token(which: int, how: int) -> Mutation:
    """A number as written in the file, swapped for another script's digits (not JSON) or 5,000 digits."""

    def make(base: Base) -> bytes:
        data = json.loads(base.raw)
        parent, key = _parent(data, base.numbers[which % len(base.numbers)])
        number, parent[key] = parent[key], _MARK
        new = in_script(number, ZEROS[how % len(ZEROS)]) if how % 3 else "7" * 5000
        text = json.dumps(data, ensure_ascii=False)
        return text.replace(json.dumps(_MARK, ensure_ascii=False), new).encode()

    return Mutation("rewrite a number token", make, must_refuse=True)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.sampled_from([0, -1, MAX_COUNT, MAX_COUNT + 1, 10**100, 2**63])
    | st.floats(allow_nan=False)
    | figure_texts,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)
_index = st.integers(0, 10**6)
_fraction = st.floats(0, 1)

mutations = st.one_of(
    st.builds(replace_leaf, _index, json_values),
    st.builds(number_as, _index, st.sampled_from(ZEROS).map(lambda z: lambda n: in_script(n, z)),
              st.just("a number in another script's digits")),
    st.builds(number_as, _index, st.integers(MAX_COUNT + 1, 10**40).map(lambda big: lambda n: big),
              st.just("a number far too large")),
    st.builds(number_as, _index, st.sampled_from([str, lambda n: f"{n:,}", float, lambda n: -n - 1]),
              st.just("a number as text, with separators, as a fraction or negative")),
    st.builds(drop, _index),
    st.builds(add_key, _index, st.text(max_size=8), json_values),
    st.builds(truncate, _fraction),
    st.builds(flip_byte, _fraction, st.integers(1, 255)),
    st.builds(insert_bytes, _fraction, st.integers(0, len(JUNK) - 1)),
    st.builds(rewrite_number_token, _index, st.integers(0, 10**6)),
)

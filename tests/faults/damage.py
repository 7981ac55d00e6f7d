"""R4's damage: copies of a count file with 1–16 random bytes flipped or zeroed, and how each one fares."""

from __future__ import annotations

import multiprocessing
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.integrity import verify_count_file

Results = list[dict[str, object]]
Verifier = Callable[[Path], bool]  # True when the file passes every check


def damaged_bytes(data: bytes, rng: random.Random) -> bytes:
    """1 to 16 bytes at random offsets, each zeroed or flipped by a random non-zero mask."""
    copy = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        offset = rng.randrange(len(copy))
        copy[offset] = 0 if rng.random() < 0.5 else copy[offset] ^ rng.randrange(1, 256)
    return bytes(copy)


def results_of(path: Path) -> Results:
    with CountFile.open(path) as count_file:
        return [r.as_json() for r in count_file.results()]


def real_verify(path: Path) -> bool:
    return verify_count_file(path).ok


def open_and_count(path: Path) -> bool:
    """The broken variant: a file that opens and counts passes (no integrity, chain or digests)."""
    results_of(path)
    return True


def judge(path: Path, original: Results, verifier: Verifier) -> str:
    """'refused', 'found' (checks failed), 'same' (passes, identical totals) or a failure."""
    try:
        if not verifier(path):
            return "found"
    except ServiceError:
        return "refused"
    except Exception as error:  # a damaged file must never end in a traceback
        return f"crash: {type(error).__name__}: {error}"
    try:
        now = results_of(path)
    except ServiceError:
        return "refused"
    except Exception as error:
        return f"crash after passing: {type(error).__name__}: {error}"
    return "same" if now == original else "SILENTLY DIFFERENT"


@dataclass(frozen=True)
class Campaign:
    original: Path
    folder: Path
    results: Results
    verifier: Verifier
    seed: int

    def one(self, number: int) -> str:
        rng = random.Random(self.seed * 100_003 + number)
        copy = self.folder / f"damaged-{number}.countdesk"
        copy.write_bytes(damaged_bytes(self.original.read_bytes(), rng))
        try:
            return judge(copy, self.results, self.verifier)
        finally:
            for leftover in self.folder.glob(f"damaged-{number}.countdesk*"):
                leftover.unlink()


def run_damage_campaign(
    original: Path, folder: Path, copies: int, seed: int, verifier: Verifier = real_verify
) -> Counter[str]:
    """Judge `copies` damaged copies, two at a time (forked workers); outcomes counted."""
    campaign = Campaign(original, folder, results_of(original), verifier, seed)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        return Counter(pool.map(campaign.one, range(copies)))

"""Exports a count file for the outside world: the election package, Democracy Club CSV, EML 510/520."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.domain.dc_results import dc_results_csv
from app.domain.election import Contest
from app.domain.eml import count_510, result_520
from app.domain.package import PackageError, read_package
from app.domain.package_writer import left_out, write_package
from app.domain.result import compute_result
from app.services.count_file import CountFile, local_now
from app.services.errors import BadInput, CheckFailed
from app.services.output_names import FORMATS, holds_a_count_file  # every format written

SUFFIXES = {
    "package": ".package.json",
    "dc-csv": ".dc-results.csv",
    "eml510": ".eml510.xml",
    "eml520": ".eml520.xml",
}
DESCRIPTIONS = {
    "package": "election package",
    "dc-csv": "Democracy Club results CSV",
    "eml510": "EML 510 count",
    "eml520": "EML 520 result",
}


@dataclass(frozen=True)
class Export:
    """What was written, where, and anything the format could not carry."""

    path: Path
    format: str
    contests: int
    notes: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.format]


def default_path(count_path: Path, fmt: str) -> Path:
    """Beside the count file, named after it: ge2017.countdesk -> ge2017.eml510.xml."""
    return count_path.with_name(count_path.stem + SUFFIXES[fmt])


def _target(count_path: Path, fmt: str, out: Path | None) -> Path:
    target = default_path(count_path, fmt) if out is None else out
    if target.is_dir():
        target = target / default_path(count_path, fmt).name
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"the folder {folder} does not exist; create it or choose another --out.")
    own = {count_path.resolve(), *(Path(f"{count_path.resolve()}{s}") for s in ("-wal", "-shm"))}
    if target.resolve() in own:
        raise BadInput(
            f"{target} is the count file itself; choose another name for the {DESCRIPTIONS[fmt]}."
        )
    if holds_a_count_file(target):
        raise BadInput(
            f"{target} is a count file; choose another name for the {DESCRIPTIONS[fmt]}, "
            "so that the count is not replaced."
        )
    return target


def _write_atomically(target: Path, data: bytes) -> None:
    """Write under a temporary name in the same folder, then rename: never a half-written file."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent if str(target.parent) else "."
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mask = os.umask(0)  # mkstemp makes the file private; an export is for sharing
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _contests(count_file: CountFile) -> list[Contest]:
    return [count_file.contest(contest_id) for contest_id in count_file.contest_ids()]


def package_bytes(count_file: CountFile, contests: list[Contest]) -> tuple[bytes, list[str]]:
    """The package as UTF-8 JSON, checked to import again, and what it could not carry."""
    package = write_package(count_file.election, contests)
    raw = (json.dumps(package, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        read_package(raw)
    except PackageError as error:
        raise CheckFailed(
            f"the package written from {count_file.path.name} would not import again ({error}); "
            "nothing was written. Keep the count file and report this."
        ) from None
    return raw, [note for contest in contests for note in left_out(contest)]


def render(count_file: CountFile, fmt: str, issued: datetime) -> tuple[bytes, int, list[str]]:
    """The bytes of an export in `fmt`, how many contests it holds, and notes on what it leaves out."""
    if fmt not in FORMATS:
        raise BadInput(f'"{fmt}" is not an export format; use one of: {", ".join(FORMATS)}.')
    contests = _contests(count_file)
    if fmt == "package":
        raw, notes = package_bytes(count_file, contests)
        return raw, len(contests), notes
    election = count_file.election
    results = [compute_result(contest) for contest in contests]
    if fmt == "dc-csv":
        return dc_results_csv(election, results).encode("utf-8"), len(results), []
    transaction = str(count_file.fingerprint().event_count)
    build = count_510 if fmt == "eml510" else result_520
    return build(election, results, issued=issued, transaction_id=transaction), len(results), []


def export_file(
    count_file: CountFile,
    fmt: str,
    out: Path | None = None,
    *,
    now: Callable[[], datetime] = local_now,
) -> Export:
    """Write the count file's contests in `fmt` to `out` (default: beside the count file)."""
    if fmt not in FORMATS:
        raise BadInput(f'"{fmt}" is not an export format; use one of: {", ".join(FORMATS)}.')
    target = _target(count_file.path, fmt, out)
    data, contests, notes = render(count_file, fmt, now())
    try:
        _write_atomically(target, data)
    except OSError as error:
        raise BadInput(
            f"{target} could not be written ({error.strerror or error}); choose another --out."
        ) from None
    return Export(path=target, format=fmt, contests=contests, notes=tuple(notes))

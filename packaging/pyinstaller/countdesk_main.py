"""The frozen bundle's entry point: the same main() as the installed `countdesk` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _log_file() -> Path:
    """Where a windowed Windows build writes what a console build would print."""
    base = os.environ.get("LOCALAPPDATA") or str(Path.home())
    folder = Path(base) / "CountDesk" / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "countdesk.log"


def _ensure_streams() -> None:
    # A windowed (no console) executable starts with sys.stdout and sys.stderr set to None; an
    # error message written to them would then crash the app instead of being kept for IT staff.
    if sys.stdout is not None and sys.stderr is not None:
        return
    try:
        stream = open(_log_file(), "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives as long as the app
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


if __name__ == "__main__":
    _ensure_streams()
    from app.__main__ import main

    sys.exit(main())

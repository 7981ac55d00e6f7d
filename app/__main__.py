"""Composition root: argv -> the command line, or the window (opening a file or the demo)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window is imported only when one is shown
    from app.ui.main_window import MainWindow


def has_display() -> bool:
    """Whether a window can be shown: a display on Linux, always elsewhere."""
    if os.environ.get("QT_QPA_PLATFORM", "") == "offscreen":
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def file_window(path: Path) -> MainWindow:
    """`countdesk FILE`'s window, not yet shown (tests/benchmarks/window_probe.py builds its window here
    too, so P4 measures this very path). The file is claimed (opened and locked, its format checked) with
    the standard library's sqlite3, and checked (quick_check, the audit chain) and read by the window just
    after its first paint; a file that fails is refused there with the same message and offer of a backup.
    The window paints its frame (menu titles, file, operator, "checking") and builds the rest just after.
    Raises ServiceError when the file cannot be claimed (open elsewhere, not a count file, newer...)."""
    from app.services.file_claim import claim_file
    from app.ui.app import build_window

    return build_window(claim_file(path), build_after_paint=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from app import cli

    if args and (args[0] in cli.COMMANDS or args[0].startswith("-")) and args[0] != "demo":
        return cli.run(args)
    if args and args[0] == "demo":
        if "--no-window" in args or "-h" in args or "--help" in args or not has_display():
            return cli.run(args)
        from app.services.demo import prepare_demo
        from app.ui.app import run_window

        folder = None
        if "--folder" in args:
            index = args.index("--folder")
            if index + 1 < len(args):
                folder = Path(args[index + 1])
        try:
            count_file = prepare_demo(folder)
        except Exception as error:  # one sentence, not a traceback
            sys.stderr.write(f"countdesk: the demo could not be prepared: {error}\n")
            return 2
        return run_window(count_file)
    if len(args) > 1:
        sys.stderr.write("countdesk: give one count file to open, or a command; see 'countdesk --help'.\n")
        return 2
    if not has_display():
        sys.stderr.write(
            "countdesk: there is no display to show the window on; use a command such as "
            "'countdesk result FILE' (see 'countdesk --help').\n"
        )
        return 2
    from app.services.errors import ServiceError
    from app.ui.app import run_window, show_window

    if not args:
        return run_window(None)
    try:
        window = file_window(Path(args[0]))
    except ServiceError as error:
        sys.stderr.write(f"countdesk: {error}\n")
        return error.exit_code
    return show_window(window)


if __name__ == "__main__":
    raise SystemExit(main())

"""Finds the files under resources/ in a checkout, an installed package or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """The folder holding fonts/, icons/, demo/ and translations/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen is not None:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"CountDesk's resources folder is missing (looked beside {here}); reinstall CountDesk."
    )


def resource_path(*parts: str) -> Path:
    """The path of one resource, e.g. resource_path('fonts', 'DejaVuSans.ttf')."""
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"CountDesk resource {'/'.join(parts)} is missing; reinstall CountDesk.")
    return path

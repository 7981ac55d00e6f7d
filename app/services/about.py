"""What this CountDesk is made of, for the About dialog and support calls: versions of it and its parts."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from app import __version__
from app.store import engine


@dataclass(frozen=True)
class AboutFacts:
    """The versions a support call asks for, apart from Qt's (which only the window knows)."""

    countdesk: str
    sqlite: str
    count_file_format: int
    format_tag: str
    python: str

    @property
    def count_file_format_text(self) -> str:
        """e.g. "version 4 (CDK1)"."""
        return f"version {self.count_file_format} ({self.format_tag})"


def about_facts() -> AboutFacts:
    """The versions of this CountDesk, of the SQLite it writes count files with, and of their format."""
    return AboutFacts(
        countdesk=__version__,
        sqlite=engine.sqlite_version(),
        count_file_format=engine.format_version(),
        format_tag=engine.format_tag(),
        python=platform.python_version(),
    )

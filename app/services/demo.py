"""The built-in demo election: a fresh count file made from resources/demo each time it is asked for."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.resources import resource_path
from app.services.count_file import CountFile

DEMO_PACKAGE = ("demo", "demo.package.json")

# The demo is a training file: its people and PINs are published in the README so anyone can try
# every role. Real count files start with no users; the first must be the RO or an administrator.
DEMO_PEOPLE = (
    ("Helen Marsh", "returning-officer", "1111"),
    ("Priya Shah", "supervisor", "2222"),
    ("Tom Evans", "operator", "3333"),
    ("Siân Roberts", "operator", "4444"),
)


def demo_package() -> Path:
    return resource_path(*DEMO_PACKAGE)


def default_demo_folder() -> Path:
    """Where the demo's files go: the user's data folder, never the checkout."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "countdesk" / "demo"


def prepare_demo(folder: Path | None = None) -> CountFile:
    """A new demo count file (any earlier demo file in the folder is replaced)."""
    target = folder or default_demo_folder()
    target.mkdir(parents=True, exist_ok=True)
    path = target / "demo.countdesk"
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if old.exists():
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
    count_file = CountFile.import_package(demo_package(), path)
    session = count_file.session
    for name, role, pin in DEMO_PEOPLE:
        session.add_person(name, role, pin)
        if session.current is None:
            session.sign_in(name, pin)
    session.sign_out()
    return count_file

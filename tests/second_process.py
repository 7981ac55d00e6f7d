"""Another CountDesk process opening a count file, as a second window or `countdesk verify` would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# It opens the file through the store (as every CountDesk does) and says whether it was let in.
_OPEN = """
import sys
from pathlib import Path
from app.store import CountStore, FileInUseError
try:
    CountStore.open(Path(sys.argv[1])).close()
    print("opened")
except FileInUseError as error:
    print("refused:", error)
"""


def another_process_opens(path: Path) -> str:
    """'opened', or 'refused: ' and the message another CountDesk would be given."""
    done = subprocess.run(
        [sys.executable, "-c", _OPEN, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()

"""Reading a file the user named (a package, a CSV): its bytes and SHA-256, or one sentence why not."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.services.errors import BadInput


def read_input_file(path: Path, *, named: str, folder_hint: str) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256; `named` says whose name to check ("the package's")."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path} does not exist; check {named} name and folder.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder; {folder_hint}.") from None
    except OSError as error:
        raise BadInput(f"{path} cannot be read ({error.strerror or error}).") from None
    return raw, hashlib.sha256(raw).hexdigest()

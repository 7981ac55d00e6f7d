"""File ▸ Print declaration (Ctrl+P): ask where, then save the selected contest's declaration as a PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from app.domain.result import ContestResult
from app.services.count_file import CountFile
from app.services.errors import ServiceError


def save_declaration(window: QMainWindow, count_file: CountFile, result: ContestResult) -> Path | None:
    """The PDF written (None: cancelled, or refused with a message saying why)."""
    suggested = count_file.path.parent / f"{result.contest.id}.declaration.pdf"
    chosen, _ = QFileDialog.getSaveFileName(
        window, "Save the declaration of result", str(suggested), "PDF documents (*.pdf)"
    )
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    try:
        count_file.print_declaration(result.contest.id, out)
    except ServiceError as error:
        QMessageBox.warning(window, "The declaration could not be printed", str(error))
        return None
    except OSError as error:
        QMessageBox.warning(
            window,
            "The declaration could not be saved",
            f"{out} could not be written ({error.strerror or error}); choose another folder.",
        )
        return None
    return out

"""The document preview: rendered off the GUI thread, pages shown, saved as PDF, printed to a PDF printer."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui import print_preview
from app.ui.print_preview import DocumentPreview, open_document_preview
from tests.services.test_summaries import _move_a_vote
from tests.ui.conftest import RIVERSIDE, WindowMaker


def test_the_preview_opens_and_shows_every_page(qtbot: QtBot, riverside: CountFile) -> None:
    preview = open_document_preview(None, riverside, "count-summary", RIVERSIDE)
    assert preview is not None
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.rendered, timeout=60_000) as blocker:
        pass
    pages = blocker.args[0]
    assert pages == len(PdfReader(_pdf(preview)).pages) >= 2
    assert preview.document.pageCount() == pages
    assert preview.status.text() == f"{pages} pages · DRAFT"
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()
    assert preview.view.document() is preview.document


def _pdf(preview: DocumentPreview):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(preview.pdf_bytes)


def test_rendering_runs_off_the_gui_thread(qtbot: QtBot, riverside: CountFile, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[QThread] = []
    original = print_preview.PrintJob.render

    def spy(job: print_preview.PrintJob) -> bytes:
        threads.append(QThread.currentThread())
        return original(job)

    monkeypatch.setattr(print_preview.PrintJob, "render", spy)
    preview = open_document_preview(None, riverside, "provisional", RIVERSIDE)
    assert preview is not None
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        pass
    assert threads and threads[0] is not preview.thread(), "the PDF was made in a worker thread"


def test_save_as_writes_the_previewed_pdf(
    qtbot: QtBot, riverside: CountFile, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    preview = open_document_preview(None, riverside, "declaration", RIVERSIDE)
    assert preview is not None
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        pass
    target = tmp_path / "chosen"
    monkeypatch.setattr(
        print_preview.QFileDialog,
        "getSaveFileName",
        lambda *_args, **_kw: (str(target), "PDF documents (*.pdf)"),
    )
    qtbot.keyClick(preview, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = tmp_path / "chosen.pdf"
    assert saved.read_bytes() == preview.pdf_bytes
    assert "Declaration of Result of Poll" in PdfReader(saved).pages[0].extract_text()
    assert preview.status.text() == f"Saved to {saved}"


def test_printing_draws_every_page_on_the_printer(qtbot: QtBot, riverside: CountFile, tmp_path: Path) -> None:
    preview = open_document_preview(None, riverside, "recount-comparison", RIVERSIDE)
    assert preview is not None
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.rendered, timeout=60_000) as blocker:
        pass
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert preview.print_to(printer) == blocker.args[0]
    printed = PdfReader(out)
    assert len(printed.pages) == blocker.args[0]
    assert all(page.images for page in printed.pages), "each page arrives as an image of the sheet"


def test_an_unknown_contest_is_explained_not_raised(qtbot: QtBot, riverside: CountFile, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(print_preview.QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert open_document_preview(None, riverside, "audit", "nowhere") is None
    assert shown and 'no contest "nowhere"' in shown[0]


def test_the_documents_menu_opens_a_preview_of_the_selected_contest(
    qtbot: QtBot,
    riverside: CountFile,
    make_window: WindowMaker,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(riverside)
    assert window.select_contest(RIVERSIDE)
    opened_with: list[tuple[str, str]] = []

    def fake(parent, count_file, document, contest):  # type: ignore[no-untyped-def]
        opened_with.append((document, contest))

    monkeypatch.setattr(print_preview, "open_document_preview", fake)
    titles = [action.text() for action in window.menuBar().actions()]
    assert "&Documents" in titles
    action = window.findChild(QAction, "document-rejected")
    assert action is not None
    action.trigger()
    assert opened_with == [("rejected", RIVERSIDE)]


def test_a_preview_whose_contest_changed_is_made_again_before_it_is_saved(
    qtbot: QtBot, riverside_and_abbey: CountFile, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    count_file = riverside_and_abbey
    preview = open_document_preview(None, count_file, "provisional", RIVERSIDE)
    assert preview is not None
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        pass
    before = preview.pdf_bytes
    leader = count_file.result(RIVERSIDE).elected[0]
    _move_a_vote(count_file, RIVERSIDE, 7)  # a sheet saved in another window meanwhile
    told: list[str] = []
    monkeypatch.setattr(print_preview.QMessageBox, "information", lambda _p, _t, text: told.append(text))
    target = tmp_path / "stale.pdf"
    monkeypatch.setattr(
        print_preview.QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF documents (*.pdf)")
    )
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        qtbot.keyClick(preview, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert told and "has changed since this provisional result sheet was previewed" in told[0]
        assert not target.exists(), "nothing saved from the stale preview"
        assert not preview.save_button.isEnabled() and not preview.print_button.isEnabled()
    assert preview.pdf_bytes != before
    text = PdfReader(_pdf(preview)).pages[0].extract_text()
    assert f"{leader.votes + 7:,}" in text
    qtbot.keyClick(preview, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes() == preview.pdf_bytes and len(told) == 1

"""The document preview: a sheet rendered off the GUI thread, shown with QtPdf, printed or saved as PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.count_file import CountFile
from app.services.document_basis import DocumentBasis, basis_now, is_current
from app.services.errors import ServiceError
from app.services.printing import DOCUMENT_NAMES, PrintJob, prepare, write_whole
from app.ui.screen_fit import resize_within_screen
from app.ui.training import inherited_title
from app.ui.window_keys import WindowKey, bind_keys, key_of

# Pages are drawn on paper as images; more than this many dots per inch only costs memory.
MOST_PRINT_DPI = 300
# The preview's own keys, once: its shortcuts and buttons are made from here, and F1 lists them.
PREVIEW_KEYS: tuple[WindowKey, ...] = (
    WindowKey("print", "&Print…", "Ctrl+P", "Print the document on a printer"),
    WindowKey("save", "&Save as PDF…", "Ctrl+S", "Save the document as a PDF file"),
)


class _RenderSignals(QObject):
    done = Signal(bytes)
    failed = Signal(str)


class _RenderTask(QRunnable):
    """Renders a prepared job's PDF in the thread pool (pure Python: no count file, no Qt widgets)."""

    def __init__(self, job: PrintJob) -> None:
        super().__init__()
        self.job = job
        self.signals = _RenderSignals()

    def run(self) -> None:
        try:
            data = self.job.render()
        except Exception as error:  # a character without a glyph, say: shown to the user, not raised
            self.signals.failed.emit(str(error))
            return
        self.signals.done.emit(data)


class DocumentPreview(QDialog):
    """One document of one contest: rendered in the background, then previewed, printed or saved."""

    rendered = Signal(int)  # the page count, once the PDF is shown
    failed = Signal(str)

    def __init__(
        self,
        job: PrintJob,
        parent: QWidget | None = None,
        *,
        source: tuple[CountFile, DocumentBasis] | None = None,
    ) -> None:
        super().__init__(parent)
        self.job = job
        # The file and the moment the job was read from: printing or saving a preview whose contest
        # has changed since would put figures on paper that the file no longer holds.
        self.source = source
        self.pdf_bytes = b""
        self._buffer: QBuffer | None = None
        title = f"{DOCUMENT_NAMES[job.document].capitalize()} — {job.contest_id}"
        self.setWindowTitle(inherited_title(parent.window().windowTitle() if parent else "", title))
        self.setAccessibleName(f"Preview of the {DOCUMENT_NAMES[job.document]}")
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName("Document pages")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.status = QLabel(f"Preparing the {DOCUMENT_NAMES[job.document]}…")
        self.status.setAccessibleName("Preview status")
        self.print_button = self._key_button(key_of(PREVIEW_KEYS, "print"), self.print_document)
        self.save_button = self._key_button(key_of(PREVIEW_KEYS, "save"), self.save_as)
        close = self._button("Close", "Close the preview", self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        bind_keys(self, PREVIEW_KEYS, {"print": self.print_document, "save": self.save_as})
        resize_within_screen(self, 820, 960)

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        button.setAutoDefault(False)
        return button

    def _key_button(self, key: WindowKey, slot: Callable[[], object]) -> QPushButton:
        """A button naming its key, e.g. "Print… (Ctrl+P)", read out as "Print"."""
        button = self._button(key.text, key.tip, slot)
        button.setText(key.on_button())
        return button

    # rendering
    def start(self, pool: QThreadPool | None = None) -> None:
        """Render the PDF in the thread pool; `rendered` or `failed` follows on the GUI thread."""
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        task = _RenderTask(self.job)
        task.signals.done.connect(self.show_pdf, Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(self._render_failed, Qt.ConnectionType.QueuedConnection)
        self._task = task  # the signals must outlive the run
        self.status.setText(f"Rendering the {DOCUMENT_NAMES[self.job.document]}…")
        (pool or QThreadPool.globalInstance()).start(task)

    def show_pdf(self, data: bytes) -> None:
        self.pdf_bytes = bytes(data)
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self.pdf_bytes))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        pages = self.document.pageCount()
        self.status.setText(f"{pages} page{'s' if pages != 1 else ''} · {self.job.status}")
        self.print_button.setEnabled(pages > 0)
        self.save_button.setEnabled(pages > 0)
        self.print_button.setFocus()
        self.rendered.emit(pages)

    def _render_failed(self, message: str) -> None:
        self.status.setText("The document could not be made.")
        self.failed.emit(message)
        QMessageBox.warning(self, "The document could not be made", message)

    # saving and printing
    def still_current(self) -> bool:
        """Whether the previewed PDF still shows what the file holds. When the contest (or the election
        it belongs to) has changed since, says so and makes the document again from the file as it is
        now, to be checked before it is printed or saved."""
        if self.source is None:
            return True
        count_file, basis = self.source
        name = DOCUMENT_NAMES[self.job.document]
        try:
            if is_current(count_file, basis):
                return True
            fresh = basis_now(count_file, self.job.contest_id)
            job = prepare(count_file, self.job.document, self.job.contest_id)
        except ServiceError as error:
            QMessageBox.warning(self, f"The {name} cannot be printed or saved", str(error))
            return False
        QMessageBox.information(
            self,
            "The count file has changed since this preview",
            f"The count file has changed since this {name} was previewed (figures or details it prints "
            "from). It is being made again from the file as it is now: check it, then print or save.",
        )
        self.job, self.source, self.pdf_bytes = job, (count_file, fresh), b""
        self.start()
        return False

    def save_to(self, target: Path) -> None:
        """Write exactly the previewed PDF to `target` (whole or not at all)."""
        write_whole(self.pdf_bytes, target)

    def save_as(self) -> None:
        if not self.pdf_bytes or not self.still_current():
            return
        suggested = f"{self.job.contest_id}.{self.job.document}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(self, "Save as PDF", suggested, "PDF documents (*.pdf)")
        if not chosen:
            return
        target = Path(chosen) if chosen.lower().endswith(".pdf") else Path(f"{chosen}.pdf")
        try:
            self.save_to(target)
        except (ServiceError, OSError) as error:
            QMessageBox.warning(self, "The PDF could not be saved", f"{error} Choose another folder.")
            return
        self.status.setText(f"Saved to {target}")

    def print_to(self, printer: QPrinter) -> int:
        """Draw every page on the printer as an image at its resolution; returns the pages printed."""
        dpi = min(printer.resolution(), MOST_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(page, size)
                area = painter.viewport()
                scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(area.x(), area.y(), scaled.width(), scaled.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(area)
        finally:
            painter.end()
        return self.document.pageCount()

    def print_document(self) -> None:
        if not self.pdf_bytes or not self.still_current():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = self.print_to(printer)
        except OSError as error:
            QMessageBox.warning(self, "The document could not be printed", f"{error}; check the printer.")
            return
        self.status.setText(
            f"Sent {pages} page{'s' if pages != 1 else ''} to {printer.printerName() or 'the printer'}"
        )


def open_document_preview(
    parent: QWidget | None, count_file: CountFile, document: str, contest_id: str
) -> DocumentPreview | None:
    """Read the document's content (here, on the count file's thread), show the preview, render in the
    background. A refusal (an unknown contest, say) is shown to the user and gives None."""
    try:
        basis = basis_now(count_file, contest_id)
        job = prepare(count_file, document, contest_id)
    except ServiceError as error:
        QMessageBox.warning(parent, "The document could not be prepared", str(error))
        return None
    preview = DocumentPreview(job, parent, source=(count_file, basis))
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.show()
    preview.start()
    return preview

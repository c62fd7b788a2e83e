"""Print a PrintedDocument through Qt, as config.print_mode says.

The services hand over the PDF bytes and the pages already rasterised (RasterPage: RGBA at
the printer's dpi); Qt only wraps each page in a QImage and paints it on 80 mm paper.
Modes: "preview" (QPrintPreviewDialog), "dialog" (QPrintDialog), "silent" (QPrinter named
by config.printer_name, painted in the worker thread: QPainter on a QPrinter may run off the
GUI thread), "pdf" (the PDF bytes written into config.print_dir, in the worker).
QtPrintSupport is imported on first use: a clerk window that never prints does not load it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QObject, QRectF, QSizeF, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtWidgets import QWidget

from desk_client.config import Config, data_dir
from desk_client.core.errors import DeskError
from desk_client.services.dto import PrintedDocument, RasterPage
from desk_client.ui.worker import ServiceRunner

PAPER_WIDTH_MM = 80.0
MM_PER_INCH = 25.4


def page_image(page: RasterPage) -> QImage:
    """A QImage that owns a copy of the page's pixels."""
    image = QImage(
        page.rgba, page.width, page.height, page.width * 4, QImage.Format.Format_RGBA8888
    )
    return image.copy()


def page_size(pages: Sequence[RasterPage]) -> QPageSize:
    """The document's own paper: as wide as its widest page and as long as its longest, so a
    slip fills the 80 mm roll (cut after the slip) and an A4 notice an A4 sheet."""
    if not pages:
        return QPageSize(QSizeF(PAPER_WIDTH_MM, 120.0), QPageSize.Unit.Millimeter, "slip")
    width = max(p.width / p.dpi * MM_PER_INCH for p in pages)
    height = max(p.height / p.dpi * MM_PER_INCH for p in pages)
    return QPageSize(QSizeF(width, height), QPageSize.Unit.Millimeter, "document")


def page_layout(pages: Sequence[RasterPage]) -> QPageLayout:
    """The paper as a printer driver knows it: a page wider than tall (an A4 statistics
    report) is the portrait paper turned, so the driver finds its A4 tray instead of asking
    for a 297 x 210 mm custom sheet."""
    size = page_size(pages)
    paper = size.size(QPageSize.Unit.Millimeter)
    if paper.width() <= paper.height():
        return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    turned = QPageSize(QSizeF(paper.height(), paper.width()), QPageSize.Unit.Millimeter, "document")
    return QPageLayout(turned, QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0))


def setup_printer(printer: Any, pages: Sequence[RasterPage], name: str = "") -> None:
    if name:
        printer.setPrinterName(name)
    printer.setPageLayout(page_layout(pages))
    printer.setFullPage(True)


def paint_pages(printer: Any, pages: Sequence[RasterPage]) -> None:
    """Paint each page scaled to the full paper width."""
    painter = QPainter()
    if not painter.begin(printer):
        raise DeskError("print.failed", detail=printer.printerName() or "?")
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            target = painter.viewport()
            scale = target.width() / page.width
            rect = QRectF(0, 0, target.width(), page.height * scale)
            painter.drawImage(rect, page_image(page))
    finally:
        painter.end()


def pdf_path(directory: Path, doc: PrintedDocument) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", f"{doc.kind}-{doc.number}")
    candidate = directory / f"{safe}.pdf"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = directory / f"{safe}-{counter}.pdf"
    return candidate


def write_pdf(directory: Path, doc: PrintedDocument) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = pdf_path(directory, doc)
    path.write_bytes(doc.pdf)
    return path


def print_silently(printer_name: str, doc: PrintedDocument) -> str:
    """Runs in the worker thread. An unknown printer name is refused, never sent elsewhere."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    if printer_name and printer_name not in QPrinterInfo.availablePrinterNames():
        raise DeskError("print.no_printer", name=printer_name)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, doc.pages, printer_name)
    paint_pages(printer, doc.pages)
    return printer.printerName()


class DocumentPrinter(QObject):
    """Prints documents in the configured mode; ``printed`` / ``failed`` report the outcome."""

    printed = Signal(str)  # a path (pdf mode) or the printer's name
    failed = Signal(str)

    def __init__(
        self, config: Config, runner: ServiceRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._config = config
        self._runner = runner
        self.mode = config.print_mode

    def print_document(self, doc: PrintedDocument, parent: QWidget | None = None) -> None:
        handlers: dict[str, Callable[[PrintedDocument, QWidget | None], None]] = {
            "pdf": self._to_pdf,
            "silent": self._silent,
            "dialog": self._dialog,
            "preview": self._preview,
        }
        handlers.get(self.mode, self._preview)(doc, parent)

    def _to_pdf(self, doc: PrintedDocument, parent: QWidget | None) -> None:
        directory = Path(self._config.print_dir) if self._config.print_dir else data_dir() / "print"
        self._runner.submit(
            write_pdf,
            directory,
            doc,
            on_done=lambda path: self.printed.emit(str(path)),
            on_error=self.failed.emit,
        )

    def _silent(self, doc: PrintedDocument, parent: QWidget | None) -> None:
        self._runner.submit(
            print_silently,
            self._config.printer_name,
            doc,
            on_done=lambda name: self.printed.emit(str(name)),
            on_error=self.failed.emit,
        )

    def _dialog(self, doc: PrintedDocument, parent: QWidget | None) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer, doc.pages, self._config.printer_name)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self._paint(printer, doc)

    def _preview(self, doc: PrintedDocument, parent: QWidget | None) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer, doc.pages, self._config.printer_name)
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.paintRequested.connect(lambda target: paint_pages(target, doc.pages))
        dialog.exec()

    def _paint(self, printer: Any, doc: PrintedDocument) -> None:
        try:
            paint_pages(printer, doc.pages)
        except RuntimeError as exc:
            self.failed.emit(str(exc))
        else:
            self.printed.emit(printer.printerName())

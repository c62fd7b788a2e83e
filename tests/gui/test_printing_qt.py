"""Printing through Qt: the slip's pages painted on a real QPrinter off the GUI thread."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.services.app import Services
from desk_client.ui.printing import (
    DocumentPrinter,
    page_layout,
    page_size,
    paint_pages,
    setup_printer,
)
from desk_client.ui.worker import ServiceRunner

MM = 72 / 25.4
TIMEOUT = 10_000


def paint_to_pdf(path: Path, pages: tuple[object, ...]) -> str:
    """What print_silently does, with Qt's PDF printer standing in for the thermal one."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    setup_printer(printer, pages)  # type: ignore[arg-type]
    paint_pages(printer, pages)  # type: ignore[arg-type]
    return str(path)


def test_slip_pages_are_painted_on_80mm_paper_in_the_worker(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    doc = services.printing.ticket_slip(services.queue.issue_ticket("A"))
    runner = ServiceRunner("zh_CN")
    done: list[str] = []
    try:
        runner.submit(paint_to_pdf, tmp_path / "printed.pdf", doc.pages, on_done=done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    finally:
        assert runner.stop()
    reader = PdfReader(io.BytesIO((tmp_path / "printed.pdf").read_bytes()))
    assert len(reader.pages) == len(doc.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 80 * MM) < 1.0
    assert float(box.height) > 80 * MM  # a slip is longer than it is wide
    assert "/XObject" in reader.pages[0]["/Resources"]  # the rasterised slip itself


def test_an_unknown_printer_is_refused_with_a_clear_message(
    qtbot: QtBot, services: Services, hall_config: Config
) -> None:
    config = replace(hall_config, print_mode="silent", printer_name="No-Such-Thermal-Printer")
    doc = services.printing.ticket_slip(services.queue.issue_ticket("A"))
    runner = ServiceRunner("zh_CN")
    printer = DocumentPrinter(config, runner)
    try:
        with qtbot.waitSignal(printer.failed, timeout=TIMEOUT) as failed:
            printer.print_document(doc)
    finally:
        assert runner.stop()
    expected = "找不到打印机“No-Such-Thermal-Printer”，请检查配置文件中的 [printer] name"
    assert failed.args == [expected]


def test_each_document_prints_on_its_own_paper(services: Services) -> None:
    """A slip fills the 80 mm roll and an A4 notice an A4 sheet (not shrunk onto the roll)."""
    slip = services.printing.ticket_slip(services.queue.issue_ticket("A")).pages
    width, height = _mm(page_size(slip))
    assert abs(width - 80) < 0.5 and height > 60
    a4 = services.printing.render(_a4_pdf())
    assert all(abs(a - b) < 0.5 for a, b in zip(_mm(page_size(a4)), (210, 297), strict=True))


def _mm(size: QPageSize) -> tuple[float, float]:
    mm = size.size(QPageSize.Unit.Millimeter)
    return mm.width(), mm.height()


def _a4_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.drawString(72, 720, "A4")
    canvas.save()
    return out.getvalue()


def test_a_landscape_report_prints_on_a4_turned(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    """A statistics report (A4 landscape) asks the driver for A4 turned, which its tray holds,
    not for a 297 x 210 mm custom sheet; painted, it fills the turned page."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=landscape(A4))
    sheet.drawString(72, 72, "report")
    sheet.save()
    pages = services.printing.render(out.getvalue())
    layout = page_layout(pages)
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert layout.pageSize().id() == QPageSize.PageSizeId.A4
    slip = page_layout(services.printing.ticket_slip(services.queue.issue_ticket("A")).pages)
    assert slip.orientation() == QPageLayout.Orientation.Portrait
    box = PdfReader(paint_to_pdf(tmp_path / "report.pdf", pages)).pages[0].mediabox
    assert abs(float(box.width) - 297 * MM) < 1.0 and abs(float(box.height) - 210 * MM) < 1.0

"""叫号统计 (Ctrl+Shift+S, supervisors and administrators): the queue's figures for a period.

从 … 至 … (this month up to today by default), 统计方式 (日期, 时段, 业务类别, 窗口, 工作人员:
core.messages_queue_stats's names, the ones the CSV and the paper use) and 等候超时标准 (the
wait that counts as too long, 1 to 480 minutes). 统计 reads QueueStatsService.report through
the worker, which also writes the cells (QueueTable), so the GUI thread neither touches the
central database nor formats a figure; changing the grouping reads again at once.

One read at a time: 统计 is disabled while one runs (a second press would only queue the same
read behind the first), and a grouping changed meanwhile reads once more when it is back. A
refusal (a reversed period, a period over 366 days) shows in the message line and leaves the
table as it was: the caption above the table says which period and grouping it shows.

导出 CSV and 打印报表 (A4) take the report on screen, not the controls: what the supervisor
saw is what lands in the file and on paper, even after the dates were changed. The CSV is
written and the A4 document built in the worker; the document then goes to the pages'
DocumentPrinter on the GUI thread, as every page prints.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.messages import normalise_language
from desk_client.core.messages_queue_stats import KEYS
from desk_client.services.app import Services
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_queue_stats import QUEUE_STATS_BY, QueueReport
from desk_client.ui.case_dialogs import pydate
from desk_client.ui.context import UiContext
from desk_client.ui.cover_tabs import day_edit
from desk_client.ui.i18n import Labels
from desk_client.ui.queue_stats_model import QueueStatsModel, QueueTable
from desk_client.ui.widgets import MessageLine, label, table_view

if TYPE_CHECKING:
    from desk_client.ui.printing import DocumentPrinter

DEFAULT_LIMIT, MIN_LIMIT, MAX_LIMIT = 30, 1, 480


# ---- worker jobs: every service call, even a lazy service's first use, runs off the GUI thread
def read_table(services: Services, start: date, end: date, by: str, limit: int) -> QueueTable:
    """Worker: the report and its cells, as the CSV and the print write them."""
    stats = services.queue_stats
    report = stats.report(start, end, by, limit)
    rows = tuple(tuple(stats.cells(row, by)) for row in report.rows)
    total = tuple(stats.cells(report.total, by))
    return QueueTable(report, tuple(stats.header(by)), rows, total, stats.notes(report))


def write_csv(services: Services, report: QueueReport, path: str) -> str:
    """Worker: the report at ``path`` (UTF-8 with the BOM Excel needs); the path."""
    return services.queue_stats.write_csv(report, path)


def build_document(services: Services, report: QueueReport) -> PrintedDocument:
    """Worker: the A4 report (rendered and rasterised, stored like every printed paper)."""
    return services.queue_stats.document(report)


# ---- the controls ---------------------------------------------------------------------------
def by_name(by: str, language: str) -> str:
    """A grouping's name, as the report's first column is headed (the service's words)."""
    return KEYS[by][1 if normalise_language(language) == "en" else 0]


def by_combo(language: str) -> QComboBox:
    combo = QComboBox()
    for by in QUEUE_STATS_BY:
        combo.addItem(by_name(by, language), by)
    return combo


def limit_box(labels: Labels) -> QSpinBox:
    box = QSpinBox()
    box.setRange(MIN_LIMIT, MAX_LIMIT)
    box.setValue(DEFAULT_LIMIT)
    box.setSuffix(labels("qstats.minutes"))
    return box


def stats_view(model: QueueStatsModel) -> QTableView:
    """Read-only; each column as wide as its widest cell, so the figures stay on one line."""
    view = table_view(model)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setWordWrap(False)
    return view


def caption_of(labels: Labels, report: QueueReport) -> str:
    """What the table shows, which the controls may no longer say once they were changed."""
    by = by_name(report.by, labels.language)
    return labels(
        "qstats.caption",
        hall=report.hall_name,
        start=report.start.isoformat(),
        end=report.end.isoformat(),
        by=by if by == KEYS[report.by][0] else by.lower(),
        limit=report.wait_limit_minutes,
    )


class QueueStatsPage(QWidget):
    """The page; ``model.table`` is the report on screen, the one export and print use."""

    def __init__(
        self,
        ctx: UiContext,
        session: StaffSession,
        printer: DocumentPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._ctx = ctx
        self.printer = printer
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        today = ctx.services.clock.now().astimezone(self.zone).date()
        self.start, self.end = day_edit(today.replace(day=1)), day_edit(today)
        self.by = by_combo(self.t.language)
        self.limit = limit_box(self.t)
        self.model = QueueStatsModel()
        self.started = False
        self.reading = False
        self._again = False  # the grouping changed during a read: read once more after it
        self._build()
        self.by.currentIndexChanged.connect(lambda _: self.refresh())

    def _build(self) -> None:
        t = self.t
        self.run_button = QPushButton(t("qstats.run"))
        self.run_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(t("qstats.export"))
        self.export_button.clicked.connect(self.choose_export)
        self.print_button = QPushButton(t("qstats.print"))
        self.print_button.clicked.connect(self.print_report)
        self.caption = label("", 13, bold=True)
        self.view = stats_view(self.model)
        self.notes = label("", 10)
        self.notes.setStyleSheet("color: #6b7785;")
        self.notes.setWordWrap(True)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(self._controls())
        for widget, stretch in ((self.caption, 0), (self.view, 1), (self.notes, 0)):
            layout.addWidget(widget, stretch)
        layout.addWidget(self.message)

    def _controls(self) -> QHBoxLayout:
        t = self.t
        row = QHBoxLayout()
        widgets: tuple[QWidget, ...] = (
            label(t("qstats.from"), 12), self.start, label(t("qstats.to"), 12), self.end,
            label(t("qstats.by"), 12), self.by, label(t("qstats.limit"), 12), self.limit,
            self.run_button,
        )  # fmt: skip
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.print_button)
        return row

    # ---- reading --------------------------------------------------------------------------
    def start_once(self) -> None:
        """The page is shown: its first read (a tab never opened reads nothing)."""
        if not self.started:
            self.started = True
            self.refresh()

    def choice(self) -> tuple[date, date, str, int]:
        start, end = pydate(self.start.date()), pydate(self.end.date())
        return start, end, str(self.by.currentData()), self.limit.value()

    def refresh(self) -> None:
        if self.reading:
            self._again = True
            return
        self.reading = True
        self.run_button.setEnabled(False)
        self._ctx.runner.submit(
            read_table,
            self._ctx.services,
            *self.choice(),
            on_done=self.apply,
            on_error=self.refused,
        )

    def apply(self, table: QueueTable) -> None:
        self.message.clear_text()
        self.model.set_table(table)
        self.caption.setText(caption_of(self.t, table.report))
        self.notes.setText("\n".join(table.notes))
        self._read_done()

    def refused(self, text: str) -> None:
        """The table stays as it was; the caption still says what it shows."""
        self.message.error(text)
        self._read_done()

    def _read_done(self) -> None:
        self.reading = False
        self.run_button.setEnabled(True)
        if self._again:
            self._again = False
            self.refresh()

    # ---- export and print: the report on screen ----------------------------------------------
    def shown(self) -> QueueReport | None:
        """The report on screen; None (and the user told why) before the first."""
        table = self.model.table
        if table is None:
            self.message.error(self.t("qstats.nothing"))
            return None
        return table.report

    def choose_export(self) -> None:
        report = self.shown()
        if report is None:
            return
        name = f"queue-{report.by}-{report.start.isoformat()}-{report.end.isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.t("qstats.export"), str(Path.home() / name), self.t("qstats.csv_filter")
        )
        if path:
            self.export_to(report, path)

    def export_to(self, report: QueueReport, path: str) -> None:
        self._ctx.runner.submit(
            write_csv,
            self._ctx.services,
            report,
            path,
            on_done=lambda written: self.message.info(self.t("qstats.exported", path=written)),
            on_error=self.message.error,
        )

    def print_report(self) -> None:
        report = self.shown()
        if report is None:
            return

        def built(doc: PrintedDocument) -> None:
            self.printer.print_document(doc, self)
            self.message.info(self.t("qstats.printed"))

        self._ctx.runner.submit(
            build_document, self._ctx.services, report, on_done=built, on_error=self.message.error
        )

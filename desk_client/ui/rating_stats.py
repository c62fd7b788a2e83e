"""评价统计 (a supervisor's tab of 评价): ratings per window, staff member, item or day.

A period (this month up to today by default) and a grouping; 统计 reads
RatingStatsService.stats through the worker into a table (ratings, each level, 满意率, the
mean level, bad, defaulted and excluded ratings) with the period's total above it. 导出 CSV
asks where to save and writes RatingStatsService.stats_csv there in the worker (UTF-8 with a
byte order mark, which Excel needs to read Chinese); the GUI thread never touches the file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desk_client.core.ratings import STATS_BY, stats_by_name
from desk_client.services.app import Services
from desk_client.services.dto_ratings import RatingStatRow
from desk_client.services.report_files import write_report
from desk_client.ui.case_dialogs import pydate, read_only_table
from desk_client.ui.context import UiContext
from desk_client.ui.cover_tabs import day_edit
from desk_client.ui.rating_models import percent, stats_model
from desk_client.ui.widgets import MessageLine, label

BOM = "\ufeff"


def write_csv(services: Services, path: str, start: date, end: date, by: str) -> str:
    """Worker: the statistics as CSV at ``path`` (with the BOM Excel needs); the path."""
    text = services.rating_stats.stats_csv(start, end, by)
    if not text.startswith(BOM):
        text = BOM + text
    write_report(path, text)
    return path


def total_of(rows: tuple[RatingStatRow, ...]) -> tuple[int, float, int]:
    """(ratings, satisfied share, bad) over the rows; 1.0 satisfied when none, as core says."""
    count = sum(sum(row.levels) for row in rows)
    satisfied = sum(sum(row.levels[:3]) for row in rows)
    bad = sum(row.bad for row in rows)
    return count, (satisfied / count if count else 1.0), bad


class StatsPage(QWidget):
    def __init__(self, ctx: UiContext, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._ctx = ctx
        self.model = stats_model(self.t)
        self.start, self.end = day_edit(today.replace(day=1)), day_edit(today)
        self.by = QComboBox()
        for by in STATS_BY:
            self.by.addItem(stats_by_name(by, self.t.language), by)
        self.total = label("", 14, bold=True)
        self.message = MessageLine()
        self.started = False
        self._build()
        self.by.currentIndexChanged.connect(lambda _: self.refresh())

    def _build(self) -> None:
        t = self.t
        run = QPushButton(t("stats.run"))
        run.clicked.connect(self.refresh)
        export = QPushButton(t("stats.export"))
        export.clicked.connect(self.choose_export)
        top = QHBoxLayout()
        widgets: tuple[QWidget, ...] = (
            label(t("report.from"), 12), self.start, label(t("report.to"), 12), self.end,
            label(t("stats.by"), 12), self.by, run, export,
        )  # fmt: skip
        for widget in widgets:
            top.addWidget(widget)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.total)
        layout.addWidget(read_only_table(self.model, 0), 1)
        layout.addWidget(self.message)

    def start_once(self) -> None:
        if not self.started:
            self.started = True
            self.refresh()

    def choice(self) -> tuple[date, date, str]:
        return pydate(self.start.date()), pydate(self.end.date()), str(self.by.currentData())

    def refresh(self) -> None:
        self._ctx.runner.submit(
            self._ctx.services.rating_stats.stats,
            *self.choice(),
            on_done=self.apply,
            on_error=self.message.error,
        )

    def apply(self, rows: tuple[RatingStatRow, ...]) -> None:
        self.message.clear_text()
        self.model.set_rows(rows)
        count, satisfied, bad = total_of(rows)
        self.total.setText(
            self.t("stats.total", count=count, satisfaction=percent(satisfied), bad=bad)
        )

    def choose_export(self) -> None:
        start, end, by = self.choice()
        default = Path.home() / f"ratings-{by}-{start.isoformat()}-{end.isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.t("stats.export"), str(default), self.t("stats.csv_filter")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        self._ctx.runner.submit(
            write_csv,
            self._ctx.services,
            path,
            *self.choice(),
            on_done=lambda written: self.message.info(self.t("stats.exported", path=written)),
            on_error=self.message.error,
        )

"""The building blocks of the supervisor's AB岗 views, and one of them: 报表.

Tab is one page of cover_admin.CoverAdmin (its top row, its tables; messages go to the
admin's line); the 排班 page is ui.roster_tab. ReportTab: inquiries per staff member and day,
referral turnaround (median, 90th percentile, in hours), overdue follow-ups; 导出 CSV writes
the same report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.app import Services
from desk_client.services.dto_inquiries import InquiryReport
from desk_client.ui.case_dialogs import pydate, qdate, read_only_table
from desk_client.ui.inquiries_model import InquiriesModel
from desk_client.ui.inquiries_view import inquiries_table
from desk_client.ui.models import RowsModel
from desk_client.ui.widgets import label

if TYPE_CHECKING:
    from desk_client.ui.cover_admin import CoverAdmin

REPORT_COLUMNS = ("number", "person", "matter", "handler", "reply", "level", "created")
Problems = tuple[int, tuple[str, ...]]


def day_edit(day: date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


@dataclass(frozen=True)
class ReportView:
    report: InquiryReport
    names: dict[str, str]


def read_report(services: Services, start: date, end: date) -> ReportView:
    names = {no: name for no, (name, _phone) in services.cover.staff().items()}
    return ReportView(services.inquiry_reports.report(start, end), names)


class Tab(QWidget):
    """A page with a top row, its tables, and the shared message line."""

    def __init__(self, admin: CoverAdmin) -> None:
        super().__init__()
        self.admin = admin
        self.t = admin.t
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(6, 6, 6, 0)

    def submit(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> None:
        self.admin.runner.submit(fn, *args, on_done=done, on_error=self.admin.message.error)

    def row(self, *widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        self.layout_.addLayout(row)
        return row

    def button(self, key: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self.t(key))
        button.clicked.connect(slot)
        return button


class ReportTab(Tab):
    def __init__(self, admin: CoverAdmin) -> None:
        super().__init__(admin)
        today = admin.today()
        self.start, self.end = day_edit(today.replace(day=1)), day_edit(today)
        self.names: dict[str, str] = {}
        self.per_day: RowsModel[tuple[str, date, int]] = RowsModel(
            self.t,
            [
                ("cover.col.staff", lambda r: f"{self.names.get(r[0], '')} {r[0]}".strip()),
                ("cover.col.day", lambda r: r[1].isoformat()),
                ("cover.col.count", lambda r: str(r[2])),
            ],
        )
        self.overdue = InquiriesModel(self.t, admin.zone, REPORT_COLUMNS)
        self.row(
            label(self.t("report.from"), 12),
            self.start,
            label(self.t("report.to"), 12),
            self.end,
            self.button("report.run", self.refresh),
            self.button("report.export", self.choose_export),
        )
        self.turnaround = label("", 14, bold=True)
        tables = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(label(self.t("report.per_day"), 13, bold=True))
        left.addWidget(read_only_table(self.per_day, 0), 1)
        right.addWidget(label(self.t("report.overdue"), 13, bold=True))
        right.addWidget(inquiries_table(self.overdue), 1)
        tables.addLayout(left, 2)
        tables.addLayout(right, 5)
        self.layout_.addWidget(self.turnaround)
        self.layout_.addLayout(tables, 1)

    def span(self) -> tuple[date, date]:
        return pydate(self.start.date()), pydate(self.end.date())

    def refresh(self) -> None:
        self.submit(read_report, self.admin.services, *self.span(), done=self.apply)

    def apply(self, found: ReportView) -> None:
        report, self.names = found.report, found.names
        self.per_day.set_rows(report.per_staff_day)
        self.overdue.set_rows(report.overdue)
        if report.referral_median_h is None or report.referral_p90_h is None:
            self.turnaround.setText(self.t("report.no_referrals"))
            return
        median, p90 = f"{report.referral_median_h:.1f}", f"{report.referral_p90_h:.1f}"
        self.turnaround.setText(self.t("report.turnaround", median=median, p90=p90))

    def choose_export(self) -> None:
        start, end = self.span()
        default = str(Path.home() / f"inquiries-{start.isoformat()}-{end.isoformat()}.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.t("report.export"), default, self.t("cal.csv_filter")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        def done(rows: int) -> None:
            self.admin.message.info(self.t("report.exported", rows=rows, path=path))

        export = self.admin.services.inquiry_reports.export_csv
        self.submit(export, path, *self.span(), done=done)

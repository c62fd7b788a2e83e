"""The supervisor's half of the AB岗 tab: absences of all, posts, warnings, roster, reports.

The report page and the Tab base are in ui.cover_tabs, the roster page in ui.roster_tab.

- 不在岗: everyone's absences on a day (or all not over yet); record one for anyone, cancel.
- 岗位 A/B: every post (a window or a role) with its A and B; pick a row, change, save
  (CoverService.set_post: both named, two different people; refused otherwise).
- 预警: the posts whose A and B are away at once, today and the next six days.
- 排班: the roster of a day (5+2 weekends: which windows open, who works which shift) and the
  categories served that day; add, remove, copy a day to another, or import a CSV file.
- 报表: inquiries per staff member and day, referral turnaround (median, 90th percentile, in
  hours), overdue follow-ups; 导出 CSV writes the same report.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QTabWidget,
)

from desk_client.services.app import Services
from desk_client.services.dto import StaffSession
from desk_client.services.dto_inquiries import (
    AbsenceView,
    CoverWarning,
    PostView,
)
from desk_client.ui.case_dialogs import pydate, read_only_table
from desk_client.ui.context import UiContext
from desk_client.ui.cover_tabs import ReportTab, Tab, day_edit
from desk_client.ui.cover_view import (
    AbsenceDialog,
    absences_model,
    post_text,
    posts_model,
    stamp,
)
from desk_client.ui.i18n import Labels
from desk_client.ui.models import RowsModel
from desk_client.ui.roster_tab import RosterTab
from desk_client.ui.widgets import MessageLine, label

WARNING_DAYS = 7


def read_warnings(services: Services, first: date) -> tuple[CoverWarning, ...]:
    found: dict[tuple[str, Any, Any], CoverWarning] = {}
    for offset in range(WARNING_DAYS):
        for warning in services.cover.warnings(first + timedelta(days=offset)):
            found.setdefault((warning.post, warning.start, warning.end), warning)
    return tuple(found.values())


class AbsencesTab(Tab):
    def __init__(self, admin: CoverAdmin) -> None:
        super().__init__(admin)
        self.model = absences_model(self.t, admin.zone)
        self.day = day_edit(admin.today())
        self.all = QCheckBox(self.t("cover.not_over"))
        self.all.setChecked(True)
        for signal in (self.day.dateChanged, self.all.toggled):
            signal.connect(lambda *_: self.refresh())
        self.row(
            label(self.t("cover.day"), 12),
            self.day,
            self.all,
            self.button("cover.record_for", self.record),
            self.button("cover.cancel", self.cancel),
        )
        self.view = read_only_table(self.model, 4)
        self.layout_.addWidget(self.view, 1)
        self.dialog: AbsenceDialog | None = None

    def refresh(self) -> None:
        day = None if self.all.isChecked() else pydate(self.day.date())
        self.submit(self.admin.services.cover.absences, day, done=self.model.set_rows)

    def record(self) -> None:
        admin = self.admin
        dialog = AbsenceDialog(self.t, admin.session, admin.now(), self)
        dialog.staff_no.clear()
        dialog.submitted.connect(lambda values: self._record(dialog, values))
        self.dialog = dialog
        dialog.open()

    def _record(self, dialog: AbsenceDialog, values: tuple[Any, ...]) -> None:
        def done(_: AbsenceView) -> None:
            dialog.accept()
            self.admin.done("cover.saved")

        self.admin.runner.submit(
            self.admin.services.cover.record_absence,
            self.admin.session,
            *values,
            on_done=done,
            on_error=dialog.message.error,
        )

    def cancel(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        absence = self.model.row_at(rows[0].row()) if rows else None
        if absence is None:
            self.admin.message.error(self.t("cover.none_selected"))
            return
        cover, session = self.admin.services.cover, self.admin.session
        self.submit(
            cover.cancel_absence, session, absence.id, done=lambda _: self.admin.done("cover.saved")
        )


class PostsTab(Tab):
    def __init__(self, admin: CoverAdmin) -> None:
        super().__init__(admin)
        self.model = posts_model(self.t)
        self.view = read_only_table(self.model, 2)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._picked())
        self.post, self.a_no, self.b_no = QComboBox(), QLineEdit(), QLineEdit()
        self.post.setEditable(True)
        self.post.setMinimumWidth(200)
        self.a_no.setPlaceholderText(self.t("cover.col.a"))
        self.b_no.setPlaceholderText(self.t("cover.col.b"))
        self.layout_.addWidget(self.view, 1)
        self.row(
            label(self.t("cover.col.post"), 12),
            self.post,
            self.a_no,
            self.b_no,
            self.button("cover.save_post", self.save),
        )

    def refresh(self) -> None:
        self.submit(self.admin.services.cover.posts, done=self.apply)

    def apply(self, posts: tuple[PostView, ...]) -> None:
        self.model.set_rows(posts)
        current = self.post.currentText()
        self.post.clear()
        for post in posts:
            self.post.addItem(post.post)
        self.post.setEditText(current)

    def _picked(self) -> None:
        post = self.model.row_at(self.view.currentIndex().row())
        if post is not None:
            self.post.setEditText(post.post)
            self.a_no.setText(post.a_no)
            self.b_no.setText(post.b_no)

    def save(self) -> None:
        cover, session = self.admin.services.cover, self.admin.session
        post, a_no, b_no = self.post.currentText().strip(), self.a_no.text(), self.b_no.text()
        self.submit(
            cover.set_post, session, post, a_no, b_no, done=lambda _: self.admin.done("cover.saved")
        )


class WarningsTab(Tab):
    def __init__(self, admin: CoverAdmin) -> None:
        super().__init__(admin)
        zone = admin.zone
        self.model: RowsModel[CoverWarning] = RowsModel(
            self.t,
            [
                ("cover.col.post", lambda w: post_text(self.t, w.post)),
                ("cover.col.a", lambda w: admin.name(w.a_no)),
                ("cover.col.b", lambda w: admin.name(w.b_no)),
                ("cover.col.start", lambda w: stamp(w.start, zone)),
                ("cover.col.end", lambda w: stamp(w.end, zone)),
            ],
        )
        self.summary = label("", 13, bold=True)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(read_only_table(self.model, 0), 1)

    def refresh(self) -> None:
        self.submit(read_warnings, self.admin.services, self.admin.today(), done=self.apply)

    def apply(self, warnings: tuple[CoverWarning, ...]) -> None:
        self.model.set_rows(warnings)
        key = "cover.warnings_none" if not warnings else "cover.warnings_count"
        self.summary.setText(self.t(key, count=len(warnings), days=WARNING_DAYS))
        self.summary.setStyleSheet("color: #7f1010;" if warnings else "color: #1b5e20;")


class CoverAdmin(QTabWidget):
    """``changed`` after a write (the banners and the clerk's own lists read again)."""

    changed = Signal()

    def __init__(self, ctx: UiContext, session: StaffSession) -> None:
        super().__init__()
        self.t: Labels = ctx.labels
        self.services = ctx.services
        self.runner = ctx.runner
        self.session = session
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.message = MessageLine()
        self.staff_names: dict[str, str] = {}
        self.absences = AbsencesTab(self)
        self.posts = PostsTab(self)
        self.warnings = WarningsTab(self)
        self.roster = RosterTab(self)
        self.report = ReportTab(self)
        for tab, key in (
            (self.absences, "cover.tab.absences"),
            (self.posts, "cover.tab.posts"),
            (self.warnings, "cover.tab.warnings"),
            (self.roster, "cover.tab.roster"),
            (self.report, "cover.tab.report"),
        ):
            self.addTab(tab, self.t(key))
        self.currentChanged.connect(lambda _: self.message.clear_text())  # news of another tab

    def now(self) -> datetime:
        return self.services.clock.now().astimezone(self.zone)

    def today(self) -> date:
        return self.now().date()

    def next_saturday(self) -> date:
        today = self.today()
        return today + timedelta(days=(5 - today.weekday()) % 7)

    def name(self, staff_no: str) -> str:
        return f"{self.staff_names.get(staff_no, '')} {staff_no}".strip()

    def start(self) -> None:
        self.runner.submit(self._names, on_done=self._got_names, on_error=self.message.error)
        self.refresh()

    def _names(self) -> dict[str, str]:
        return {no: name for no, (name, _p) in self.services.cover.staff().items()}

    def _got_names(self, names: dict[str, str]) -> None:
        self.staff_names = names

    def refresh(self) -> None:
        for tab in (self.absences, self.posts, self.warnings, self.roster, self.report):
            tab.refresh()

    def done(self, key: str) -> None:
        if key:
            self.message.info(self.t(key))
        self.refresh()
        self.changed.emit()

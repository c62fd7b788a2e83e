"""工作日历 (Ctrl+L, supervisors): the year's overrides, one day at a time or a CSV import;
and the banner every window shows while a year the countdowns need has no calendar.

The State Council publishes next year's holidays each November; a supervisor either imports
the notice as CSV (CalendarService.import_csv: all or nothing, every problem with its line)
or sets single days (set_day: a holiday, or a make-up working Saturday, with its reason).
Everything runs through the worker; ``changed`` tells the window to fetch the calendar again
so every countdown uses the new days at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.errors import DeskError
from desk_client.services.dto import StaffSession
from desk_client.services.dto_cases import CalendarStatus
from desk_client.ui.case_dialogs import pydate, qdate
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.models import RowsModel
from desk_client.ui.problems import ProblemList, refusal_lines
from desk_client.ui.widgets import MessageLine, label

Day = tuple[date, bool, str]
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BANNER_STYLE = "background: #8a4b00; color: #ffffff; font-size: 17px; padding: 8px 12px;"


def day_text(labels: Labels, day: date) -> str:
    names = WEEKDAYS_EN if labels.language.startswith("en") else WEEKDAYS
    return f"{day.isoformat()}  {names[day.weekday()]}"


def days_model(labels: Labels) -> RowsModel[Day]:
    return RowsModel(
        labels,
        [
            ("cal.day", lambda d: day_text(labels, d[0])),
            ("cal.kind", lambda d: labels("cal.working" if d[1] else "cal.off")),
            ("cal.reason", lambda d: d[2]),
        ],
    )


def import_or_problems(
    service: Any, path: str, by: str, language: str
) -> tuple[int, tuple[str, ...]]:
    """Worker side: (days imported, ()) or (0, the refusal and every problem on its own line).

    The import (central, all or nothing) refuses with a DeskError that carries ``problems``
    (each with ``message``); the worker would only pass the headline on, so the lines are
    read here. A good import is copied into this PC's calendar at once, not at the next sync.
    """
    try:
        count = int(service.import_csv(path, by=by))
    except DeskError as error:
        return 0, refusal_lines(error, language)
    service.refresh_cache()
    return count, ()


class CalendarBanner(QLabel):
    """“2027 工作日历缺失，请导入” while CalendarStatus.missing_years is not empty."""

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = labels
        self.setObjectName("calendarBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_status(self, status: CalendarStatus) -> None:
        if not status.missing_years:
            self.hide()
            return
        joint = ", " if self.t.language.startswith("en") else "、"
        self.setText(self.t("cal.banner", years=joint.join(map(str, status.missing_years))))
        self.show()


class CalendarPage(QWidget):
    """``changed`` after a day was set or a file imported."""

    changed = Signal()

    def __init__(
        self, ctx: UiContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._runner = ctx.runner
        self._service = ctx.services.calendar
        self._language = ctx.services.config.language
        self.session = session
        self.model = days_model(self.t)
        zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        today = ctx.services.clock.now().astimezone(zone).date()
        self._build(today)

    def _build(self, today: date) -> None:
        self.year = QSpinBox()
        self.year.setRange(2004, 2100)
        self.year.setValue(today.year)
        self.year.valueChanged.connect(lambda _: self.refresh())
        self.count = label("", 13, bold=True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._pick())
        self.problems = ProblemList()
        self.message = MessageLine()
        top = QHBoxLayout()
        top.addWidget(label(self.t("cal.title"), 15, bold=True))
        top.addStretch(1)
        top.addWidget(label(self.t("cal.year"), 13))
        top.addWidget(self.year)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._editor(today))
        layout.addWidget(self.problems)
        layout.addWidget(self.message)

    def _editor(self, today: date) -> QHBoxLayout:
        self.day = QDateEdit(qdate(today))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.working = QComboBox()
        self.working.addItem(self.t("cal.off"), False)
        self.working.addItem(self.t("cal.working"), True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.t("cal.reason_hint"))
        self.reason.returnPressed.connect(self.save_day)
        save = QPushButton(self.t("cal.set"))
        save.setObjectName("primary")
        save.clicked.connect(self.save_day)
        remove = QPushButton(self.t("cal.remove"))
        remove.clicked.connect(self.remove_day)
        pick = QPushButton(self.t("cal.import"))
        pick.clicked.connect(self.choose_file)
        keys = (("Ctrl+S", self.save_day), ("Ctrl+Delete", self.remove_day))
        for key, slot in (*keys, ("Ctrl+O", self.choose_file)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        row = QHBoxLayout()
        for widget, stretch in ((self.day, 0), (self.working, 0), (self.reason, 1)):
            row.addWidget(widget, stretch)
        row.addWidget(save)
        row.addWidget(remove)
        row.addWidget(pick)
        return row

    # ---- reading ----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()

    def show_year(self, year: int) -> None:
        if self.day.date().year() != year:  # the editor starts on that year's first day
            self.day.setDate(QDate(year, 1, 1))
        if year == self.year.value():
            self.refresh()
        else:
            self.year.setValue(year)  # valueChanged reads it

    def refresh(self) -> None:
        year = self.year.value()
        self._runner.submit(
            self._service.days, year, on_done=self._got_days, on_error=self.message.error
        )

    def _got_days(self, days: tuple[Day, ...]) -> None:
        rows = tuple(sorted(days))
        self.model.set_rows(rows)
        self.count.setText(self.t("cal.count", year=self.year.value(), count=len(rows)))

    def _pick(self) -> None:
        """A day chosen in the list is put into the editor, to change its meaning or reason."""
        row = self.model.row_at(self.view.currentIndex().row())
        if row is None:
            return
        self.day.setDate(qdate(row[0]))
        self.working.setCurrentIndex(1 if row[1] else 0)
        self.reason.setText(row[2])

    # ---- changing ---------------------------------------------------------------------
    def save_day(self) -> None:
        self._set_day(bool(self.working.currentData()), self.reason.text().strip())

    def remove_day(self) -> None:
        """The override goes: the day is what the official calendar says again."""
        self._set_day(None, "")

    def _set_day(self, working: bool | None, reason: str) -> None:
        day = pydate(self.day.date())

        def done(_: object) -> None:
            key = "cal.removed" if working is None else "cal.saved"
            kind = self.t("cal.working" if working else "cal.off")
            self.message.info(self.t(key, day=day.isoformat(), kind=kind))
            self.reason.clear()
            self.show_year(day.year)
            self.changed.emit()

        self._runner.submit(
            self._service.set_day,
            self.session,
            day,
            working,
            reason,
            on_done=done,
            on_error=self.message.error,
        )

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.t("cal.import"), str(Path.home()), self.t("cal.csv_filter")
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        self.problems.hide()
        self._runner.submit(
            import_or_problems,
            self._service,
            path,
            self.session.staff_no,
            self._language,
            on_done=self._imported,
            on_error=self.message.error,
        )

    def _imported(self, outcome: tuple[int, tuple[str, ...]]) -> None:
        count, problems = outcome
        if problems:  # the refusal's headline, then each problem with its line
            self.message.error(problems[0])
            self.problems.show_lines(problems)
            return
        self.message.info(self.t("cal.imported", count=count))
        self.refresh()
        self.changed.emit()

"""Issue 5 in the clerk window: 我的办件 (F11), 督办 (Ctrl+D) and 工作日历 (Ctrl+L) for
supervisors and administrators, the missing-calendar banner, the sweep, 今日提醒 (Ctrl+J;
Ctrl+I is issue 6's inquiry form).

``install_case_pages`` is the one call the window makes (from clerk_pages.install_pages). It
adds the tabs and the banner, and at login (the first turn of the event loop, so the window
paints first) it asks the worker for the working-day calendar and its status, sweeps the
clerk's cases (CaseService.sweep records each level change once) and, at the first login of
the day, shows the summary. The sweep runs again every config.sweep_s seconds; the calendar is
fetched again after every sync that pulled or pushed (a supervisor's edit elsewhere reaches
this PC's countdowns) and after an edit here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QVBoxLayout

from desk_client.core.workdays import WorkCalendar
from desk_client.services.dto import StaffSession, SyncStatus
from desk_client.services.dto_cases import CalendarStatus, DaySummary, LevelChange
from desk_client.ui.board import BoardPage
from desk_client.ui.calendar_editor import CalendarBanner, CalendarPage
from desk_client.ui.cases_view import CasesPage
from desk_client.ui.context import UiContext
from desk_client.ui.summary import SummaryDialog, first_today, has_news, seen_path
from desk_client.ui.supervisor import SUPERVISOR_ROLES

if TYPE_CHECKING:
    from desk_client.ui.clerk_pages import ClerkPages


class CaseDesk(QObject):
    """What issue 5 adds to one clerk window; owns its timers and the fetched calendar.

    ``summary_opened`` (the dialog) and ``extra_news`` let issue 6 add the A/B cover warnings
    to the start-of-day summary, and open it for them on a day without red cases."""

    summary_opened = Signal(object)

    def __init__(
        self, window: QMainWindow, ctx: UiContext, session: StaffSession, pages: ClerkPages
    ) -> None:
        super().__init__(window)
        self.t = ctx.labels
        self._ctx = ctx
        self._runner = ctx.runner
        self._services = ctx.services
        self.session = session
        self.pages = pages
        self.window = window
        config = ctx.services.config
        self.zone = ZoneInfo(session.hall.timezone or config.timezone)
        self.calendar: WorkCalendar | None = None
        self.status: CalendarStatus | None = None
        self.summary_dialog: SummaryDialog | None = None
        self.changes: tuple[LevelChange, ...] = ()
        self._last_sync: datetime | None = None
        self._sweeping = False
        self.extra_news: Callable[[], bool] = lambda: False
        self.banner = CalendarBanner(self.t)
        self.cases = CasesPage(ctx, session, pages.printer)
        pages.addTab(self.cases, f"{self.t('page.cases')}  F11")
        self.board: BoardPage | None = None
        self.calendar_page: CalendarPage | None = None
        if session.role in SUPERVISOR_ROLES:
            self.board = BoardPage(ctx, self.zone)
            pages.addTab(self.board, f"{self.t('page.board')}  Ctrl+D")
            self.calendar_page = CalendarPage(ctx, session)
            pages.addTab(self.calendar_page, f"{self.t('page.calendar')}  Ctrl+L")
            self.calendar_page.changed.connect(self.fetch_calendar)
        self._place_banner()
        self._connect()
        self.sweeper = QTimer(self)
        self.sweeper.setInterval(max(1, config.sweep_s) * 1000)
        self.sweeper.timeout.connect(self.sweep)
        QTimer.singleShot(0, self.start)

    def _place_banner(self) -> None:
        """Under the offline banner, above the tabs."""
        central = self.window.centralWidget()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(max(0, layout.indexOf(self.pages)), self.banner)

    def _connect(self) -> None:
        self.pages.currentChanged.connect(self._shown)
        self.cases.changed.connect(self._case_changed)
        self.cases.summary_button.clicked.connect(self.show_summary)
        for key, slot in (
            ("F11", self.show_cases),
            ("Ctrl+D", self.show_board),
            ("Ctrl+L", self.show_calendar),
            ("Ctrl+J", self.show_summary),
        ):
            self._shortcut(key, slot)
        if self._ctx.sync is not None:
            self._ctx.sync.changed.connect(self._synced)

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)

    # ---- login ----------------------------------------------------------------------------
    def start(self) -> None:
        """At login: the calendar first (the countdowns need it), the cases, the sweep, and
        then, once a day, the summary. Jobs run in this order on the one worker."""
        self.fetch_calendar()
        self.cases.start()
        self.sweep(then_summary=True)
        self.sweeper.start()

    def fetch_calendar(self) -> None:
        service = self._services.calendar
        self._runner.submit(service.calendar, on_done=self.set_calendar, on_error=self._failed)
        self._runner.submit(service.status, on_done=self.set_status, on_error=self._failed)

    def set_calendar(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        for page in (self.cases, self.board):
            if page is not None:
                page.set_calendar(calendar)

    def set_status(self, status: CalendarStatus) -> None:
        self.status = status
        self.banner.show_status(status)
        if self.calendar_page is not None and status.missing_years:
            self.calendar_page.show_year(status.missing_years[0])

    def _failed(self, text: str) -> None:
        self.cases.message.error(text)

    def _synced(self, status: SyncStatus) -> None:
        """A sync went through: holidays a supervisor set elsewhere may have arrived."""
        if status.last_sync_at is not None and status.last_sync_at != self._last_sync:
            self._last_sync = status.last_sync_at
            self.fetch_calendar()

    # ---- the sweep ------------------------------------------------------------------------
    def sweep(self, then_summary: bool = False) -> None:
        if self._sweeping:
            return
        self._sweeping = True

        def swept(changes: tuple[LevelChange, ...]) -> None:
            self._sweeping = False
            self.changes = changes
            if changes:
                self.cases.refresh()
                self.cases.message.info(self.t("cases.changed", count=len(changes)))
                if self.board is not None and self.board.isVisible():
                    self.board.refresh()
            if then_summary:
                self.summary_once()

        def failed(text: str) -> None:
            self._sweeping = False
            self._failed(text)
            if then_summary:
                self.summary_once()

        self._runner.submit(
            self._services.cases.sweep, self.session, on_done=swept, on_error=failed
        )

    def _case_changed(self) -> None:
        if self.board is not None and self.board.isVisible():
            self.board.refresh()

    # ---- the summary ----------------------------------------------------------------------
    def today(self) -> date:
        return self._services.clock.now().astimezone(self.zone).date()

    def summary_once(self) -> None:
        """At the first login of the day only (remembered by the worker in a small file)."""
        path = seen_path(self._services.config)
        staff_no = self.session.staff_no

        def decided(first: bool) -> None:
            if first:
                self.show_summary(only_news=True)

        self._runner.submit(first_today, path, staff_no, self.today(), on_done=decided)

    def show_summary(self, only_news: bool = False) -> None:
        def got(summary: DaySummary) -> None:
            if only_news and not has_news(summary) and not self.extra_news():
                return
            self._open_summary(summary)

        self._runner.submit(
            self._services.cases.summary, self.session, on_done=got, on_error=self._failed
        )

    def _open_summary(self, summary: DaySummary) -> None:
        services = self._services
        dialog = SummaryDialog(
            self.t, self.zone, services.clock, services.config, summary, self.calendar, self.window
        )
        self.summary_dialog = dialog
        self.summary_opened.emit(dialog)
        dialog.open()

    # ---- the tabs -------------------------------------------------------------------------
    def _shown(self, _index: int) -> None:
        if self.pages.currentWidget() is self.cases:
            self.cases.start()
            self.cases.refresh()
            self.cases.view.setFocus()

    def show_cases(self) -> None:
        self.pages.setCurrentWidget(self.cases)

    def show_board(self) -> None:
        if self.board is not None:
            self.pages.setCurrentWidget(self.board)

    def show_calendar(self) -> None:
        if self.calendar_page is not None:
            self.pages.setCurrentWidget(self.calendar_page)


def install_case_pages(
    window: QMainWindow, ctx: UiContext, session: StaffSession, pages: ClerkPages
) -> CaseDesk:
    return CaseDesk(window, ctx, session, pages)

"""Issue 6 in the clerk window, and guide mode: 首问登记, 咨询, 咨询查询, AB岗.

``install_inquiry_pages`` is the one call the clerk window makes (from
clerk_pages.install_pages). It adds the tabs 咨询 (Ctrl+M: inbox and my open inquiries),
咨询查询 (Ctrl+Shift+I) and AB岗 (Ctrl+Shift+A: my absences; a supervisor's posts, absences,
warnings, roster and reports), binds Ctrl+I to the inquiry form on top of whatever tab is
shown (the window's shortcut, so it works from every tab), and puts two lines above the tabs:
the covering banner (代岗：王芳（请假至 11-25 17:30）) and, for a supervisor, the red warning
while a post's A and B are both away. Both are read at login, every POLL_MS and after every
sync; a supervisor's start-of-day summary (今日提醒, Ctrl+J) lists the warnings too and opens
for them even on a day without red cases, and the supervisor's 督办 (Ctrl+D) gets a second
table: the hall's promised replies, yellow and red like the cases above it.

GuideWindow is guide mode (``--mode guide``): a floor guide logs in without a window and gets
the same program reduced to the inquiry form, the inbox and the lookup, as tabs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.dto import StaffSession, SyncStatus
from desk_client.services.dto_inquiries import CoverWarning
from desk_client.ui.context import UiContext
from desk_client.ui.cover_view import (
    POLL_MS,
    CoverBanner,
    CoverNews,
    CoverPage,
    WarningBanner,
    cover_text,
    read_news,
    warning_text,
)
from desk_client.ui.inquiries_view import FollowUpBoard, InquiriesPage
from desk_client.ui.inquiry_form import InquiryForm
from desk_client.ui.inquiry_lookup import LookupPage
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import Banner, label

if TYPE_CHECKING:
    from desk_client.ui.clerk_pages import ClerkPages

FORM_KEY = "Ctrl+I"
SYNC_S = 3.0


class InquiryDialog(QDialog):
    """The form over whatever tab the clerk is on (Ctrl+I); Esc closes it. Not modal: after
    logging it stays up with the number to read out, and the window behind goes on working."""

    def __init__(
        self,
        ctx: UiContext,
        session: StaffSession,
        printer: DocumentPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(ctx.labels("inq.form_title"))
        self.form = InquiryForm(ctx, session, printer, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.resize(1240, 760)

    def open_fresh(self) -> None:
        """Shown again: a fresh form unless an inquiry waits for its outcome."""
        if self.form.pending is None and not self.form.busy:
            self.form.clear(keep_message=True)
        self.form.start()
        self.show()
        self.raise_()
        self.activateWindow()
        self.form.focus_first()


class InquiryDesk(QObject):
    """What issue 6 adds to one window: tabs, banners, Ctrl+I; owns its poll timer."""

    def __init__(  # noqa: PLR0917
        self,
        window: QMainWindow,
        ctx: UiContext,
        session: StaffSession,
        pages: QTabWidget,
        printer: DocumentPrinter,
        form_page: InquiryForm | None = None,
    ) -> None:
        super().__init__(window)
        self.t = ctx.labels
        self._ctx = ctx
        self._runner = ctx.runner
        self._services = ctx.services
        self.window = window
        self.session = session
        self.pages = pages
        self.printer = printer
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.form_page = form_page
        self.form_dialog: InquiryDialog | None = None
        self.news: CoverNews | None = None
        self._last_read = 0.0
        self.banner = CoverBanner()
        self.warning = WarningBanner()
        self.inbox = InquiriesPage(ctx, session, printer)
        self.lookup = LookupPage(ctx, session, printer)
        self.cover: CoverPage | None = None
        self.follow_ups: FollowUpBoard | None = None
        self._add_tabs(form_page is None)
        self._connect()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.read_news)
        QTimer.singleShot(0, self.start)

    def _add_tabs(self, with_cover: bool) -> None:
        self.inbox_title = f"{self.t('page.inquiries')}  Ctrl+M"
        self.pages.addTab(self.inbox, self.inbox_title)
        self.pages.addTab(self.lookup, f"{self.t('page.lookup')}  Ctrl+Shift+I")
        if with_cover:
            self.cover = CoverPage(self._ctx, self.session)
            self.pages.addTab(self.cover, f"{self.t('page.cover')}  Ctrl+Shift+A")
            self.cover.changed.connect(self.read_news)
        self._place_banners()

    def _place_banners(self) -> None:
        """Under the offline and calendar banners, above the tabs."""
        central = self.window.centralWidget()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QBoxLayout):
            at = max(0, layout.indexOf(self.pages))
            layout.insertWidget(at, self.warning)
            layout.insertWidget(at, self.banner)

    def _connect(self) -> None:
        self.pages.currentChanged.connect(self._shown)
        self.inbox.inbox.modelReset.connect(self._count_changed)
        for key, slot in (
            (FORM_KEY, self.open_form),
            ("Ctrl+M", self.show_inbox),
            ("Ctrl+Shift+I", self.show_lookup),
            ("Ctrl+Shift+A", self.show_cover),
        ):
            self._shortcut(key, slot)
        if self._ctx.sync is not None:
            self._ctx.sync.changed.connect(self._synced)
        desk = getattr(self.pages, "cases", None)
        if desk is not None:  # the clerk window's issue-5 desk: the summary and the board
            desk.summary_opened.connect(self.add_to_summary)
            desk.extra_news = lambda: bool(self.news is not None and self.news.warnings)
            self._add_to_board(desk.board)

    def _add_to_board(self, board: QWidget | None) -> None:
        """督办 (a supervisor's): the hall's promised replies under its cases."""
        layout = board.layout() if board is not None else None
        if isinstance(layout, QBoxLayout):
            self.follow_ups = FollowUpBoard(self._ctx, self.session, self.printer)
            layout.insertWidget(max(0, layout.count() - 1), self.follow_ups, 1)
            view = getattr(board, "view", None)
            if isinstance(view, QWidget):  # the cases keep two thirds of the height
                layout.setStretchFactor(view, 2)

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)

    # ---- login and the banners -------------------------------------------------------------
    def start(self) -> None:
        self.read_news()
        self.inbox.start()
        self.timer.start()

    def read_news(self) -> None:
        today = self._services.clock.now().astimezone(self.zone).date()
        self._runner.submit(
            read_news,
            self._services,
            self.session,
            today,
            on_done=self.show_news,
            on_error=self.inbox.message.error,
        )

    def show_news(self, news: CoverNews) -> None:
        self.news = news
        self.banner.show_text(cover_text(self.t, news, self.zone))
        self.warning.show_text(warning_text(self.t, news.warnings, self.zone, news.names))

    def _synced(self, status: SyncStatus) -> None:
        """A sync round went through: absences and referrals from other PCs may have
        arrived. Rounds come every few seconds; the lists are read at most every SYNC_S."""
        now = time.monotonic()
        if status.state != "online" or now - self._last_read < SYNC_S:
            return
        self._last_read = now
        self.read_news()
        self.inbox.refresh()

    def _count_changed(self) -> None:
        count = self.inbox.inbox.rowCount()
        title = self.inbox_title if not count else f"{self.inbox_title}  ({count})"
        self.pages.setTabText(self.pages.indexOf(self.inbox), title)

    def add_to_summary(self, dialog: QDialog) -> None:
        """今日提醒: a supervisor reads the A-and-B-away warnings there too."""
        warnings: tuple[CoverWarning, ...] = self.news.warnings if self.news else ()
        layout = dialog.layout()
        if not warnings or not isinstance(layout, QBoxLayout):
            return
        heading = label(self.t("cover.summary", count=len(warnings)), 14, bold=True)
        heading.setStyleSheet("color: #7f1010;")
        names = self.news.names if self.news else {}
        lines = label(warning_text(self.t, warnings, self.zone, names), 13)
        lines.setWordWrap(True)
        at = max(0, layout.count() - 1)  # above the OK button
        layout.insertWidget(at, lines)
        layout.insertWidget(at, heading)

    # ---- the tabs ---------------------------------------------------------------------------
    def _shown(self, _index: int) -> None:
        page = self.pages.currentWidget()
        if page is self.inbox:
            self.inbox.start()
            self.inbox.inbox_view.setFocus()
        elif page is self.lookup:
            self.lookup.focus_field()
        elif page is self.cover and self.cover is not None:
            self.cover.start()
        elif page is self.form_page and self.form_page is not None:
            self.form_page.start()
            self.form_page.focus_first()

    def open_form(self) -> None:
        """Ctrl+I: the form over the current tab (guide mode: its own tab)."""
        if self.form_page is not None:
            self.pages.setCurrentWidget(self.form_page)
            self.form_page.start()
            self.form_page.focus_first()
            return
        if self.form_dialog is None:
            self.form_dialog = InquiryDialog(self._ctx, self.session, self.printer, self.window)
            self.form_dialog.form.logged.connect(lambda _: self.inbox.refresh())
        self.form_dialog.open_fresh()

    def show_inbox(self) -> None:
        self.pages.setCurrentWidget(self.inbox)

    def show_lookup(self) -> None:
        self.pages.setCurrentWidget(self.lookup)
        self.lookup.focus_field()

    def show_cover(self) -> None:
        if self.cover is not None:
            self.pages.setCurrentWidget(self.cover)


def install_inquiry_pages(
    window: QMainWindow, ctx: UiContext, session: StaffSession, pages: ClerkPages
) -> InquiryDesk:
    return InquiryDesk(window, ctx, session, pages, pages.printer)


class GuideWindow(QMainWindow):
    """Guide mode: 首问登记 (Ctrl+I), 咨询 (Ctrl+M), 咨询查询 (Ctrl+Shift+I); no window."""

    def __init__(self, ctx: UiContext, session: StaffSession) -> None:
        super().__init__()
        self.t = ctx.labels
        self.session = session
        self.setWindowTitle(self.t("guide.title", name=session.hall.name))
        self.printer = DocumentPrinter(ctx.services.config, ctx.runner, self)
        self.offline = Banner()
        retry = ctx.services.config.retry_s
        ctx.monitor.changed.connect(
            lambda s: self.offline.follow(s.online, self.t("banner.offline", seconds=retry))
        )
        self.pages = QTabWidget()
        self.pages.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form = InquiryForm(ctx, session, self.printer)
        self.pages.addTab(self.form, f"{self.t('page.form')}  Ctrl+I")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.offline)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        staff = self.t("status.staff", name=session.name, staff_no=session.staff_no)
        self.statusBar().addWidget(label(self.t("guide.status", staff=staff), 11))
        self.desk = InquiryDesk(self, ctx, session, self.pages, self.printer, self.form)
        self.resize(1280, 800)

    def start(self) -> None:
        self.show()
        self.activateWindow()
        self.form.start()
        self.form.focus_first()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.desk.timer.stop()
        super().closeEvent(event)

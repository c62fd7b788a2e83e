"""Issue 7 in the clerk window: the rating code after each visit, the feed, 评价, 督办's line.

``install_rating_pages`` is the one call the window makes (from clerk_pages.install_pages).
RatingDesk then:

- makes the rating code when a visit ends: a ticket finished with F4 (ClerkWindow's
  ``visit_ended``), an emergency number finished offline (OfflineMode's ``finished``), a case
  completed (办结, CasesPage's ``completed``). RatingService.code_for_* runs on the worker; the
  customer screen shows the QR until the next call, the status bar keeps the last code, and
  Ctrl+Shift+R prints its slip. Without a code (the hall's secret neither reachable nor
  cached) the clerk reads why in the message line and the citizen only a thank-you.
- runs the RatingFeed from login to close: a rating for this window shows in the message
  line ("A012 收到评价：满意", a bad one in the error colour) and in 今日评价 within two
  seconds; a supervisor also sees every window's bad ratings arrive, and 回访 reads again.
- adds the tab 评价 (Ctrl+E) and, on a supervisor's 督办, a line with this month's follow-up
  rate (回访率) and the overdue follow-ups from FollowUpService.summary.

Nothing here offers a way to rate: ratings come only from the citizen's page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QLabel, QMainWindow

from desk_client.core.ratings import level_name
from desk_client.services.dto import EmergencyTicket, PrintedDocument, StaffSession, TicketView
from desk_client.services.dto_cases import CaseView
from desk_client.services.dto_ratings import FollowUpSummary, RatingCode, RatingView
from desk_client.ui.context import UiContext
from desk_client.ui.rating_feed import RatingFeed
from desk_client.ui.rating_models import percent
from desk_client.ui.rating_pages import PRINT_KEY, RatingsPage
from desk_client.ui.supervisor import SUPERVISOR_ROLES
from desk_client.ui.widgets import MessageLine, label

if TYPE_CHECKING:
    from desk_client.ui.board import BoardPage
    from desk_client.ui.clerk import ClerkWindow
    from desk_client.ui.clerk_pages import ClerkPages

PAGE_KEY = "Ctrl+E"


class RatingDesk(QObject):
    """What issue 7 adds to one clerk window; owns the feed thread."""

    def __init__(
        self, window: ClerkWindow, ctx: UiContext, session: StaffSession, pages: ClerkPages
    ) -> None:
        super().__init__(window)
        self.t = ctx.labels
        self._runner = ctx.runner
        self._services = ctx.services
        self.window = window
        self.session = session
        self.pages = pages
        self.window_number = session.window_number or 0
        self.supervisor = session.role in SUPERVISOR_ROLES
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.last_code: RatingCode | None = None
        self.stopped = False
        self.page = RatingsPage(ctx, session)
        pages.addTab(self.page, f"{self.t('page.ratings')}  {PAGE_KEY}")
        self.code_label = label("", 11)
        window.statusBar().addPermanentWidget(self.code_label)
        self.board_line: QLabel | None = None
        self.feed = RatingFeed(lambda: ctx.services.ratings, self.t.language)
        self._connect()
        QTimer.singleShot(0, self.start)

    def _connect(self) -> None:
        window, pages = self.window, self.pages
        window.visit_ended.connect(self.ticket_finished)
        window.mode.finished.connect(self.emergency_finished)
        if pages.cases is not None:
            pages.cases.cases.completed.connect(self.case_completed)
            self._add_to_board(pages.cases.board)
        self.page.today.print_requested.connect(self.print_slip)
        if self.page.followups is not None:
            self.page.followups.changed.connect(self.read_summary)
        pages.currentChanged.connect(self._shown)
        for key, slot in ((PAGE_KEY, self.show_page), (PRINT_KEY, self.print_slip)):
            action = QAction(window)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            window.addAction(action)
        self.feed.arrived.connect(self.arrived)
        self.feed.failed.connect(self._feed_failed)
        self.feed.recovered.connect(self.page.today.message.clear_text)
        window.installEventFilter(self)

    def _add_to_board(self, board: BoardPage | None) -> None:
        """督办: this month's follow-up figures under its title row."""
        layout = board.layout() if board is not None else None
        if board is None or not isinstance(layout, QBoxLayout):
            return
        self.board_line = label("", 13, bold=True)
        self.board_line.setObjectName("ratingFollowUps")
        layout.insertWidget(1, self.board_line)
        board.timer.timeout.connect(self.read_summary)

    def start(self) -> None:
        """At login (the first turn of the event loop, after the window painted)."""
        self.page.today.refresh()
        self.read_summary()
        self.feed.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The window closes: stop the feed. A window dropped without closing is torn down
        by the garbage collector, which may clear this object's attributes before Qt's last
        events arrive: hence the getattr."""
        if event.type() == QEvent.Type.Close and watched is getattr(self, "window", None):
            self.stop()
        return False

    def stop(self) -> None:
        """Stop the feed and let go of the window's signals (nothing more to show)."""
        if self.stopped:
            return
        self.stopped = True
        self.window.removeEventFilter(self)
        self.pages.currentChanged.disconnect(self._shown)
        if self.feed.isRunning():
            self.feed.stop()

    # ---- the code of a visit that just ended -------------------------------------------
    def ticket_finished(self, ticket: TicketView) -> None:
        make = self._services.ratings.code_for_ticket
        self._make_code(make, ticket, ticket.number, self.window.message)

    def emergency_finished(self, ticket: EmergencyTicket) -> None:
        make = self._services.ratings.code_for_emergency
        self._make_code(make, ticket, ticket.number, self.window.message)

    def case_completed(self, case: CaseView) -> None:
        cases = self.pages.cases
        message = cases.cases.message if cases is not None else self.window.message
        self._make_code(self._services.ratings.code_for_case, case, case.number, message)

    def _make_code(
        self, make: Callable[..., RatingCode], visit: Any, ref: str, message: MessageLine
    ) -> None:
        def failed(reason: str) -> None:
            message.error(self.t("rating.code_failed", ref=ref, reason=reason))
            self.window.customer.show_thanks()

        self._runner.submit(make, self.session, visit, on_done=self.show_code, on_error=failed)

    def show_code(self, code: RatingCode) -> None:
        self.last_code = code
        self.window.customer.show_code(code, self.zone)
        until = code.expires_at.astimezone(self.zone).strftime("%m-%d %H:%M")
        self.code_label.setText(self.t("rating.code_status", ref=code.ref, time=until))

    def print_slip(self) -> None:
        """Ctrl+Shift+R: the last code's 80 mm slip, for a citizen without a phone at hand."""
        message = self.page.today.message if self.pages.currentWidget() is self.page else None
        line = message or self.window.message
        code = self.last_code
        if code is None:
            line.error(self.t("rating.no_code"))
            return

        def printed(doc: PrintedDocument) -> None:
            self.pages.printer.print_document(doc, self.window)
            line.info(self.t("rating.slip_printed", ref=code.ref))

        self._runner.submit(self._services.ratings.slip, code, on_done=printed, on_error=line.error)

    # ---- ratings arriving ----------------------------------------------------------------
    def arrived(self, views: tuple[RatingView, ...], history: bool) -> None:
        """New or changed ratings from the feed, oldest first; history (the backlog at login)
        is listed but not announced."""
        mine = [view for view in views if self.window_number and view.window == self.window_number]
        if mine:
            self.page.today.refresh()
        if self.supervisor and any(view.bad for view in views):
            if self.page.followups is not None:
                self.page.followups.refresh(force=True)
            self.read_summary()
        # An excluded rating is one an appeal took out: listed again, never announced.
        fresh = [view for view in views if not view.excluded]
        news = [view for view in fresh if view in mine or (self.supervisor and view.bad)]
        if news and not history:
            self.announce(news[-1])

    def announce(self, view: RatingView) -> None:
        level = level_name(view.overall, self.t.language)
        if view.window == self.window_number:
            ref = view.ref or self.t("rating.window_visit", window=view.window)
            text = self.t("rating.arrived", ref=ref, level=level)
        else:
            ref = view.ref or "—"
            text = self.t("rating.arrived_bad", window=view.window, ref=ref, level=level)
        for line in (self.window.message, self.page.today.message):  # the queue and 评价
            (line.error if view.bad else line.info)(text)

    def _feed_failed(self, reason: str) -> None:
        self.page.today.message.error(self.t("rating.feed_failed", reason=reason))

    # ---- the page and 督办 ---------------------------------------------------------------
    def show_page(self) -> None:
        self.pages.setCurrentWidget(self.page)

    def _shown(self, _index: int) -> None:
        pages = getattr(self, "pages", None)  # None while a dropped window is torn down
        cases = getattr(pages, "cases", None)
        if pages is None or cases is None:
            return
        if pages.currentWidget() is self.page:
            self.page.today.refresh()
        elif pages.currentWidget() is cases.board:
            self.read_summary()

    def read_summary(self) -> None:
        if self.board_line is None:
            return
        today = self._services.clock.now().astimezone(self.zone).date()
        self._runner.submit(
            self._services.rating_followups.summary,
            today.replace(day=1),
            today,
            on_done=self.show_summary,
            on_error=self._summary_failed,
        )

    def show_summary(self, summary: FollowUpSummary) -> None:
        if self.board_line is None:
            return
        text = self.t(
            "fu.board",
            rate=percent(summary.rate),
            bad=summary.bad,
            open=summary.open,
            overdue=summary.overdue,
        )
        self.board_line.setText(text)
        colour = "#7f1010" if summary.overdue else "#1b5e20"
        self.board_line.setStyleSheet(f"color: {colour};")

    def _summary_failed(self, text: str) -> None:
        if self.board_line is not None:
            self.board_line.setText(text)
            self.board_line.setStyleSheet("color: #b71c1c;")


def install_rating_pages(
    window: QMainWindow, ctx: UiContext, session: StaffSession, pages: ClerkPages
) -> RatingDesk | None:
    from desk_client.ui.clerk import ClerkWindow  # the window is being built: no import cycle

    if not isinstance(window, ClerkWindow):
        return None
    return RatingDesk(window, ctx, session, pages)

"""The clerk window's pages: 叫号 | 办件受理 (F10) | 告知单记录 (Ctrl+H) | 审批 (F12) | issues 5-7 |
预约 (Ctrl+Shift+Y) | 叫号统计 (Ctrl+Shift+S, supervisors and administrators only).

``install_pages`` puts the queue page ClerkWindow built under a tab widget; the offline/online
banner stays above the tabs. The queue page alone is there at the first paint: the clerk
sees the queue at once. The other pages come right after it (``ClerkPages.build_later``, which
ClerkWindow calls once it painted), one step per turn of the event loop so the window keeps
answering meanwhile, and each step imports its modules only then. The steps keep the tab order
of the eager build they replaced; issue 5-7's desks start their reads, sweeps and feeds one
turn after they are built.

A page's shortcut pressed before its page exists still works: a placeholder action for every
key in STEPS builds all the pages at once, then triggers the real action (registered by the
step). Each step drops its placeholders as it registers the real ones: two actions on one key
would make the key ambiguous, and Qt would run neither (so 预约 is not Ctrl+Y, which 审批
uses to approve and a text field to redo).

审批 and 叫号统计 are a supervisor's: a clerk's window has neither tab, and its F12 and
Ctrl+Shift+S do nothing (the key is still taken, so it cannot reach another action). 叫号统计
reads the central database, so it reads only once it is first shown.

The checklist's 预约补正时间 (after a one-time notice) opens 预约 filled in for the return
visit (``book_return``); pressed before 预约 is built, it builds the pages as a key does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from desk_client.services.dto import StaffSession
from desk_client.ui.context import UiContext

if TYPE_CHECKING:
    from desk_client.ui.appointments_page import AppointmentsPage
    from desk_client.ui.case_pages import CaseDesk
    from desk_client.ui.checklist import ChecklistPage
    from desk_client.ui.inquiry_pages import InquiryDesk
    from desk_client.ui.notices_view import NoticesPage
    from desk_client.ui.printing import DocumentPrinter
    from desk_client.ui.queue_stats_page import QueueStatsPage
    from desk_client.ui.rating_wiring import RatingDesk
    from desk_client.ui.supervisor import SupervisorPage

#: The steps after the first paint, in tab order, with the shortcuts each one registers.
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("own", ("F10", "Ctrl+H", "F12")),  # 办件受理, 告知单记录, 审批
    ("cases", ("F11", "Ctrl+D", "Ctrl+L", "Ctrl+J")),  # issue 5: case_pages
    ("inquiries", ("Ctrl+I", "Ctrl+M", "Ctrl+Shift+I", "Ctrl+Shift+A")),  # issue 6
    ("ratings", ("Ctrl+E", "Ctrl+Shift+R")),  # issue 7: rating_wiring
    ("appointments", ("Ctrl+Shift+Y",)),  # 预约: appointments_page
    ("queue_stats", ("Ctrl+Shift+S",)),  # 叫号统计 (supervisors): queue_stats_page
)


def add_shortcut(window: QWidget, key: str, slot: Callable[[], None]) -> QAction:
    """A window-wide shortcut (it works whichever tab is shown)."""
    action = QAction(window)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


class ClerkPages(QTabWidget):
    """The clerk window's body; each page starts (reads the services) when first shown."""

    def __init__(
        self, ctx: UiContext, session: StaffSession, queue_page: QWidget, window: QMainWindow
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._session = session
        self._window = window
        self._printer: DocumentPrinter | None = None
        self.queue_page = queue_page
        self.checklist: ChecklistPage | None = None
        self.history: NoticesPage | None = None
        self.supervisor: SupervisorPage | None = None
        self.cases: CaseDesk | None = None  # issue 5's tabs, by install_case_pages
        self.inquiries: InquiryDesk | None = None  # issue 6's, by install_inquiry_pages
        self.ratings: RatingDesk | None = None  # issue 7's, by install_rating_pages
        self.appointments: AppointmentsPage | None = None
        self.queue_stats: QueueStatsPage | None = None  # a supervisor's or an admin's
        self._builders: dict[str, Callable[[], None]] = {
            "own": self._build_own,
            "cases": self._build_cases,
            "inquiries": self._build_inquiries,
            "ratings": self._build_ratings,
            "appointments": self._build_appointments,
            "queue_stats": self._build_queue_stats,
        }
        self._steps = list(STEPS)
        self._building = False
        self._early = {key: self._placeholder(key) for _, keys in STEPS for key in keys}
        self.addTab(queue_page, f"{ctx.labels('page.queue')}  F10")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.currentChanged.connect(self._shown)

    @property
    def complete(self) -> bool:
        """Every page is built."""
        return not self._steps

    @property
    def printer(self) -> DocumentPrinter:
        """The pages' one printer, made when the first page that prints is built."""
        if self._printer is None:
            from desk_client.ui.printing import DocumentPrinter

            self._printer = DocumentPrinter(self._ctx.services.config, self._ctx.runner, self)
        return self._printer

    # ---- building after the first paint ----------------------------------------------------
    def build_later(self) -> None:
        """Start building: a step now, the next on the following turn of the event loop, so
        the worker's answers are shown in between. Calling again changes nothing."""
        if not self._building:
            self._building = True
            self._build_step()

    def stop_building(self) -> None:
        """The window closed: build nothing more (a desk built now would start its feed
        and timers for a window nobody sees, and nothing would stop them)."""
        self._steps.clear()

    def _build_step(self) -> None:
        if self._steps:
            self._build_next()
        if self._steps:
            QTimer.singleShot(0, self, self._build_step)

    def build_all(self) -> None:
        """Every page not built yet, now (tools and tests that need them at once)."""
        while self._steps:
            self._build_next()

    def _build_next(self) -> None:
        name, keys = self._steps.pop(0)
        for key in keys:  # before the step registers the real actions
            action = self._early.pop(key)
            self._window.removeAction(action)
            action.deleteLater()
        self._builders[name]()

    def _placeholder(self, key: str) -> QAction:
        return add_shortcut(self._window, key, lambda: self._pressed_early(key))

    def _pressed_early(self, key: str) -> None:
        """A page's key before its page exists: build them all, then do what the key says."""
        self.build_all()
        wanted = QKeySequence(key)
        real = [action for action in self._window.actions() if action.shortcut() == wanted]
        if real:
            real[0].trigger()

    def _build_own(self) -> None:
        from desk_client.ui.checklist import ChecklistPage
        from desk_client.ui.notices_view import NoticesPage
        from desk_client.ui.supervisor import SUPERVISOR_ROLES, SupervisorPage

        ctx, session, t = self._ctx, self._session, self._ctx.labels
        self.checklist = ChecklistPage(ctx, session, self.printer)
        self.history = NoticesPage(ctx, session, self.printer)
        self.addTab(self.checklist, f"{t('page.checklist')}  F10")
        self.addTab(self.history, f"{t('page.history')}  Ctrl+H")
        if session.role in SUPERVISOR_ROLES:
            self.supervisor = SupervisorPage(ctx, session)
            self.addTab(self.supervisor, f"{t('page.supervisor')}  F12")
        for key, slot in (
            ("F10", self.toggle_checklist),
            ("Ctrl+H", self.show_history),
            ("F12", self.show_supervisor),
        ):
            add_shortcut(self._window, key, slot)
        self.checklist.book_return.connect(self.book_return)

    def _build_cases(self) -> None:
        from desk_client.ui.case_pages import install_case_pages

        self.cases = install_case_pages(self._window, self._ctx, self._session, self)

    def _build_inquiries(self) -> None:
        from desk_client.ui.inquiry_pages import install_inquiry_pages

        self.inquiries = install_inquiry_pages(self._window, self._ctx, self._session, self)

    def _build_ratings(self) -> None:
        from desk_client.ui.rating_wiring import install_rating_pages

        self.ratings = install_rating_pages(self._window, self._ctx, self._session, self)

    def _build_appointments(self) -> None:
        from desk_client.ui.appointments_page import AppointmentsPage

        self.appointments = AppointmentsPage(self._ctx, self._session, self.printer)
        title = f"{self._ctx.labels('page.appointments')}  Ctrl+Shift+Y"
        self.addTab(self.appointments, title)
        add_shortcut(self._window, "Ctrl+Shift+Y", self.show_appointments)

    def _build_queue_stats(self) -> None:
        from desk_client.ui.supervisor import SUPERVISOR_ROLES

        if self._session.role in SUPERVISOR_ROLES:
            from desk_client.ui.queue_stats_page import QueueStatsPage

            self.queue_stats = QueueStatsPage(self._ctx, self._session, self.printer)
            title = f"{self._ctx.labels('page.queue_stats')}  Ctrl+Shift+S"
            self.addTab(self.queue_stats, title)
        add_shortcut(self._window, "Ctrl+Shift+S", self.show_queue_stats)

    # ---- the tabs --------------------------------------------------------------------------
    def toggle_checklist(self) -> None:
        """F10: to the checklist, and from it back to the queue."""
        if self.checklist is None:
            return
        target = self.queue_page if self.currentWidget() is self.checklist else self.checklist
        self.setCurrentWidget(target)

    def show_history(self) -> None:
        if self.history is not None:
            self.setCurrentWidget(self.history)

    def show_supervisor(self) -> None:
        if self.supervisor is not None:
            self.setCurrentWidget(self.supervisor)

    def show_appointments(self) -> None:
        if self.appointments is not None:
            self.setCurrentWidget(self.appointments)

    def show_queue_stats(self) -> None:
        if self.queue_stats is not None:
            self.setCurrentWidget(self.queue_stats)

    def book_return(self, category_code: str, name: str, phone: str, note: str) -> None:
        """The checklist asks for a one-time notice's return visit: 预约, filled in."""
        if self.appointments is None:
            self.build_all()
        if self.appointments is None:
            return  # the window closed meanwhile: nothing more is built
        self.setCurrentWidget(self.appointments)
        self.appointments.prefill(category_code, name, phone, note)

    def _shown(self, _index: int) -> None:
        page = self.currentWidget()
        if self.checklist is not None and page is self.checklist:
            self.checklist.start()
        elif self.history is not None and page is self.history:
            self.history.start()
        elif self.appointments is not None and page is self.appointments:
            self.appointments.start()
        elif self.queue_stats is not None and page is self.queue_stats:
            self.queue_stats.start_once()
        elif page is self.queue_page:
            self.queue_page.setFocus()


def install_pages(window: QMainWindow, ctx: UiContext, session: StaffSession) -> ClerkPages:
    """Put the clerk window's body under tabs; the banner (its first widget) stays on top."""
    queue_page = window.takeCentralWidget()  # setCentralWidget would delete it
    if queue_page is None:
        raise RuntimeError("the clerk window has no body to put under tabs")
    layout = queue_page.layout()
    first = layout.itemAt(0) if layout is not None and layout.count() else None
    banner = first.widget() if first is not None else None
    pages = ClerkPages(ctx, session, queue_page, window)
    central = QWidget()
    outer = QVBoxLayout(central)
    outer.setContentsMargins(0, 0, 0, 0)
    if banner is not None:
        outer.addWidget(banner)
    outer.addWidget(pages, 1)
    window.setCentralWidget(central)
    return pages

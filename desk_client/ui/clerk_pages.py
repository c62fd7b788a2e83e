"""The clerk window's pages: 叫号 | 办件受理 (F10) | 告知单记录 (Ctrl+H) | 审批 (F12).

``install_pages`` puts the queue page ClerkWindow built under a tab widget and adds the
checklist page, the notices' history and, for a supervisor or an administrator, the approval
view; the offline/online banner stays above the tabs. Each page reads the services only when
it is first shown, so logging in costs nothing more.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from desk_client.services.dto import StaffSession
from desk_client.ui.case_pages import CaseDesk, install_case_pages
from desk_client.ui.checklist import ChecklistPage
from desk_client.ui.context import UiContext
from desk_client.ui.inquiry_pages import InquiryDesk, install_inquiry_pages
from desk_client.ui.notices_view import NoticesPage
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.rating_wiring import RatingDesk, install_rating_pages
from desk_client.ui.supervisor import SUPERVISOR_ROLES, SupervisorPage


class ClerkPages(QTabWidget):
    """The clerk window's body; each page starts (reads the services) when first shown."""

    def __init__(self, ctx: UiContext, session: StaffSession, queue_page: QWidget) -> None:
        super().__init__()
        t = ctx.labels
        self.printer = DocumentPrinter(ctx.services.config, ctx.runner, self)
        self.queue_page = queue_page
        self.checklist = ChecklistPage(ctx, session, self.printer)
        self.history = NoticesPage(ctx, session, self.printer)
        self.supervisor: SupervisorPage | None = None
        self.cases: CaseDesk | None = None  # issue 5's tabs, added by install_case_pages
        self.inquiries: InquiryDesk | None = None  # issue 6's, by install_inquiry_pages
        self.ratings: RatingDesk | None = None  # issue 7's, by install_rating_pages
        self.addTab(queue_page, f"{t('page.queue')}  F10")
        self.addTab(self.checklist, f"{t('page.checklist')}  F10")
        self.addTab(self.history, f"{t('page.history')}  Ctrl+H")
        if session.role in SUPERVISOR_ROLES:
            self.supervisor = SupervisorPage(ctx, session)
            self.addTab(self.supervisor, f"{t('page.supervisor')}  F12")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.currentChanged.connect(self._shown)

    def toggle_checklist(self) -> None:
        """F10: to the checklist, and from it back to the queue."""
        target = self.queue_page if self.currentWidget() is self.checklist else self.checklist
        self.setCurrentWidget(target)

    def show_history(self) -> None:
        self.setCurrentWidget(self.history)

    def show_supervisor(self) -> None:
        if self.supervisor is not None:
            self.setCurrentWidget(self.supervisor)

    def _shown(self, _index: int) -> None:
        page = self.currentWidget()
        if page is self.checklist:
            self.checklist.start()
        elif page is self.history:
            self.history.start()
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
    pages = ClerkPages(ctx, session, queue_page)
    central = QWidget()
    outer = QVBoxLayout(central)
    outer.setContentsMargins(0, 0, 0, 0)
    if banner is not None:
        outer.addWidget(banner)
    outer.addWidget(pages, 1)
    window.setCentralWidget(central)
    for key, slot in (
        ("F10", pages.toggle_checklist),
        ("Ctrl+H", pages.show_history),
        ("F12", pages.show_supervisor),
    ):
        action = QAction(window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        window.addAction(action)
    pages.cases = install_case_pages(window, ctx, session, pages)  # F11, Ctrl+D, Ctrl+L
    pages.inquiries = install_inquiry_pages(window, ctx, session, pages)  # Ctrl+I, Ctrl+M ...
    pages.ratings = install_rating_pages(window, ctx, session, pages)  # Ctrl+E, Ctrl+Shift+R
    return pages

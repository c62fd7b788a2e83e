"""The clerk's main window (窗口工作台): the current ticket large, F-keys, queues, served list.

Every action goes through the ServiceRunner; the window only shows what comes back. It owns
the customer-facing screen (窗口外屏) and the announcer: a call or recall is spoken and shown
outside. A timer refreshes the window's state (window_state) so other windows' calls and new
tickets appear without pressing anything; a refresh still in flight is not doubled.

Start-up order: the queue page paints first, its first window_state already asked for; then
the other pages are built, one per turn of the event loop (clerk_pages), while the worker
makes the rest of the services.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLineEdit, QMainWindow, QPushButton, QTableView, QWidget

from desk_client.core.messages import action_name, translate
from desk_client.services.dto import (
    CallResult,
    CategoryInfo,
    EmergencyTicket,
    StaffSession,
    TicketView,
    WindowInfo,
    WindowState,
)
from desk_client.ui import clerk_layout
from desk_client.ui.clerk_pages import install_pages
from desk_client.ui.context import UiContext
from desk_client.ui.customer import CustomerScreen
from desk_client.ui.first_paint import after_first_paint
from desk_client.ui.models import queues_model, tickets_model
from desk_client.ui.offline import OfflineMode
from desk_client.ui.ticket_card import TicketCard
from desk_client.ui.transfer import TransferDialog
from desk_client.ui.voice import Announcer
from desk_client.ui.widgets import MessageLine

REFRESH_MS = 2000
#: The longest the other pages wait, after the first paint, for the queue's first state.
PAGES_WAIT_MS = 1000


def _nothing() -> None:
    """A job that only marks its place in the worker's queue."""


class ClerkWindow(QMainWindow):
    visit_ended = Signal(object)  # a TicketView finished (F4): issue 7 makes its rating code
    logout_requested = Signal()  # the window is free: the shell logs out (ui.app.Shell.log_out)
    # made by clerk_layout.build
    banner: QWidget
    message: MessageLine
    card: TicketCard
    buttons: dict[str, QPushButton]
    reinstate_edit: QLineEdit
    queues_view: QTableView
    held_view: QTableView
    served_view: QTableView

    def __init__(self, ctx: UiContext, session: StaffSession, announcer: Announcer) -> None:
        super().__init__()
        labels = self.t = ctx.labels
        services = self.services = ctx.services
        self.runner = ctx.runner
        self.monitor = ctx.monitor
        self.session = session
        self.announcer = announcer
        self.window_number = session.window_number or 0
        self.state: WindowState | None = None
        self.categories: tuple[CategoryInfo, ...] = ()
        self.windows: tuple[WindowInfo, ...] = ()
        self.transfer_dialog: TransferDialog | None = None
        self._claim_id: str | None = None
        self._refreshing = False
        self._closed = False  # logged out: what is still on its way must not read again
        zone = ZoneInfo(session.hall.timezone or services.config.timezone)
        self.queues = queues_model(labels)
        self.served = tickets_model(labels, zone, finished=True)
        self.held = tickets_model(labels, zone, finished=False)
        self.customer = CustomerScreen(labels, self.window_number)
        self.mode = OfflineMode(ctx, session, zone, self)
        clerk_layout.build(self)
        self.pages = install_pages(self, ctx, session)  # the queue now, the rest after a paint
        self._connect()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)

    def _connect(self) -> None:
        self.monitor.came_online.connect(self.refresh)
        self.mode.issued.connect(self._show_emergency)
        self.mode.finished.connect(self._emergency_finished)
        self.mode.refused.connect(self.message.error)
        self.monitor.changed.connect(self._mode_changed)

    # ---- start / refresh ----------------------------------------------------------------
    def start(self) -> None:
        """Show both screens, then fetch: nothing touches the database before first paint,
        and the other pages wait for it too."""
        self.show()
        self.customer.place()
        self.activateWindow()
        self.show_ticket(None)
        self.refresh()
        self.runner.submit(self._lookups, on_done=self._got_lookups, on_error=self.message.error)
        self.timer.start(REFRESH_MS)
        after_first_paint(self, self._painted)

    def _painted(self) -> None:
        """The queue is on screen. The other pages are built once its first state is shown
        too (a job queued behind window_state: jobs run in order), or PAGES_WAIT_MS from now
        should the worker be slow (an unreachable central database); meanwhile the worker
        makes the other services, so that the pages find them made."""
        build = self.pages.build_later
        self.runner.submit(_nothing, on_done=lambda _: build(), on_error=lambda _: build())
        self.runner.submit(self.services.build_all)
        QTimer.singleShot(PAGES_WAIT_MS, self.pages, build)

    def _lookups(self) -> tuple[tuple[CategoryInfo, ...], tuple[WindowInfo, ...]]:
        return self.services.queue.list_categories(), self.services.queue.list_windows()

    def _got_lookups(self, found: tuple[tuple[CategoryInfo, ...], tuple[WindowInfo, ...]]) -> None:
        self.categories, self.windows = found
        self.mode.panel.set_categories(self.categories)

    def refresh(self) -> None:
        if self._refreshing or self.mode.offline or self._closed:  # offline: the worker is local
            return
        self._refreshing = True
        self.runner.submit(
            self._window_state, on_done=self.apply_state, on_error=self._refresh_failed
        )

    def _window_state(self) -> WindowState:
        """On the worker: the first read of services.queue makes it (and imports its module)."""
        return self.services.queue.window_state(self.window_number)

    def _refresh_failed(self, message: str) -> None:
        self._refreshing = False
        self.message.error(message)

    def apply_state(self, state: WindowState) -> None:
        self._refreshing = False
        self.state = state
        self.queues.set_rows(state.queues)
        self.held.set_rows(state.held)
        self.served.set_rows(state.served_today)
        self.show_ticket(state.current)

    def show_ticket(self, ticket: TicketView | None) -> None:
        if ticket is None:
            self.card.show_idle(
                "clerk.press_emergency" if self.mode.offline else "clerk.press_call"
            )
            self.customer.show_ticket(None, "")
            return
        self.card.show_ticket(ticket)
        self.customer.show_ticket(ticket.number, ticket.state)

    def _mode_changed(self, _status: object) -> None:
        """The idle card says what to press in this mode (F1 online, F8 offline)."""
        if self.mode.current is None and (self.state is None or self.state.current is None):
            self.show_ticket(None)

    def _show_emergency(self, ticket: EmergencyTicket) -> None:
        """An emergency number is served at once: card, customer screen, voice."""
        names = {c.code: c.name for c in self.categories}
        category = names.get(ticket.category_code, ticket.category_code)
        self.card.show_number(ticket.number, category, self.t("emergency.serving"))
        self.customer.show_ticket(ticket.number, "called")
        self.message.info(self.t("emergency.issued", number=ticket.number))
        self.announcer.announce(ticket.number, self.window_number)

    def _emergency_finished(self, ticket: EmergencyTicket) -> None:
        self.show_ticket(None)
        self.message.info(self.t("clerk.done", number=ticket.number, action=self.t.state("done")))

    # ---- actions ------------------------------------------------------------------------
    def _act(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> None:
        def finished(value: Any) -> None:
            done(value)
            self.refresh()

        self.runner.submit(fn, *args, on_done=finished, on_error=self.message.error)

    def _ids(self) -> tuple[int, int]:
        return self.window_number, self.session.staff_id

    def call_next(self) -> None:
        if self.mode.offline:  # the shared queue is central: say so instead of waiting
            self.message.error(translate("offline.no_shared_queue", self.t.language))
            return
        self._claim_id = self._claim_id or str(uuid.uuid4())
        self._act(self.services.queue.call_next, *self._ids(), self._claim_id, done=self._called)

    def _called(self, result: CallResult) -> None:
        self._claim_id = None
        if result.ticket is None:
            self.message.info(self.t("clerk.nobody"))
            return
        self.show_ticket(result.ticket)
        self.message.info(self.t("clerk.called", number=result.ticket.number))
        self.announcer.announce(result.ticket.number, self.window_number)

    def recall(self) -> None:
        self._act(self.services.queue.recall, *self._ids(), done=self._recalled)

    def _recalled(self, ticket: TicketView) -> None:
        self.show_ticket(ticket)
        if ticket.state == "no_show":
            lang, calls = self.t.language, ticket.call_count
            text = translate("ticket.recall_limit", lang, number=ticket.number, calls=calls)
            self.message.error(text)
            return
        self.message.info(self.t("clerk.calls", count=ticket.call_count))
        self.announcer.announce(ticket.number, self.window_number)

    def _done_message(self, action: str) -> Callable[[TicketView], None]:
        def show(ticket: TicketView) -> None:
            text = action_name(action, self.t.language)
            self.message.info(self.t("clerk.done", number=ticket.number, action=text))
            if action == "finish":
                self.visit_ended.emit(ticket)

        return show

    def no_show(self) -> None:
        self._act(self.services.queue.no_show, *self._ids(), done=self._done_message("no_show"))

    def finish(self) -> None:
        if self.mode.finish_current():
            return
        self._act(self.services.queue.finish, *self._ids(), done=self._done_message("finish"))

    def hold(self) -> None:
        self._act(self.services.queue.hold, *self._ids(), done=self._done_message("hold"))

    def resume(self) -> None:
        rows = self.held.rows()
        selected = self.held_view.selectionModel().selectedRows()
        ticket = self.held.row_at(selected[0].row()) if selected else (rows[0] if rows else None)
        if ticket is None:
            return
        done = self._done_message("resume")
        self._act(self.services.queue.resume, *self._ids(), ticket.id, done=done)

    def reinstate(self) -> None:
        number = self.reinstate_edit.text().strip().upper()
        if not number:
            self.reinstate_edit.setFocus()
            return

        def done(ticket: TicketView) -> None:
            self.reinstate_edit.clear()
            self.message.info(self.t("clerk.reinstated", number=ticket.number))

        self._act(self.services.queue.reinstate, number, self.session.staff_id, done=done)

    def transfer(self) -> None:
        dialog = TransferDialog(self.t, self.categories, self.windows, self.window_number, self)
        dialog.accepted.connect(lambda: self._transfer_to(*dialog.target()))
        self.transfer_dialog = dialog
        dialog.open()

    def _transfer_to(self, category_code: str | None, target_window: int | None) -> None:
        self._act(
            lambda: self.services.queue.transfer(
                *self._ids(), category_code=category_code, target_window=target_window
            ),
            done=self._done_message("transfer"),
        )

    def log_out(self) -> None:
        """退出登录 (a shift change, A/B post cover): refused while the window has a ticket
        (called, serving, or an emergency number in service), which would otherwise stand
        at a window nobody is logged in at. Online the central state decides; offline, the
        last one read."""
        if self.mode.current is not None or self.mode.offline:
            self._log_out_if_free(self.state, self.mode.current)
            return
        self.runner.submit(
            self._window_state, on_done=self._log_out_if_free, on_error=self.message.error
        )

    def _log_out_if_free(
        self, state: WindowState | None, emergency: EmergencyTicket | None = None
    ) -> None:
        ticket = emergency or (state.current if state is not None else None)
        if ticket is not None:
            self.message.error(self.t("clerk.logout_busy", number=ticket.number))
            return
        self.logout_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._closed = True
        self.timer.stop()
        self.pages.stop_building()
        self.customer.close()
        super().closeEvent(event)

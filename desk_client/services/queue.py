"""The queue use cases: issue (取号), call (叫号), and every window action on a ticket.

Each method is one transaction on the central database. Refusals are DeskErrors and change
nothing (the transaction rolls back).
"""

from __future__ import annotations

import time
import uuid
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.call_order import reinstated_order_at
from desk_client.core.errors import DeskError
from desk_client.core.numbering import format_number, read_ticket_input, service_day
from desk_client.core.queue import Action, next_state, recall_outcome
from desk_client.core.wait import estimate_wait
from desk_client.services import board, offline
from desk_client.services.context import Context
from desk_client.services.convert import claimed_view, ticket_view
from desk_client.services.dto import (
    CallResult,
    CategoryInfo,
    HallBoard,
    IssuedTicket,
    TicketView,
    WindowInfo,
    WindowState,
)
from desk_client.store import channels, claim, hall, schema, tickets, views
from desk_client.store.db import AnyRow

T = schema.tickets.c


class QueueService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # ---- reference data -------------------------------------------------------------
    def list_categories(self) -> tuple[CategoryInfo, ...]:
        def work(conn: Connection) -> tuple[CategoryInfo, ...]:
            hall_id, _ = self._ctx.hall(conn)
            rows = hall.hall_categories(conn, hall_id)
            return tuple(CategoryInfo(int(r.id), r.code, r.name, r.prefix) for r in rows)

        return offline.or_cached(self._ctx, lambda: self._ctx.read(work), offline.cached_categories)

    def list_windows(self) -> tuple[WindowInfo, ...]:
        """Central; the login cache when the central database is unreachable (as categories)."""
        central = partial(self._ctx.read, partial(board.windows, self._ctx))
        return offline.or_cached(self._ctx, central, offline.cached_windows)

    # ---- issuing --------------------------------------------------------------------
    def issue_ticket(
        self, category_code: str, *, priority: bool = False, channel: str = "kiosk"
    ) -> IssuedTicket:
        def work(conn: Connection) -> IssuedTicket:
            hall_id, _ = self._ctx.hall(conn)
            category = self._category(conn, hall_id, category_code)
            ticket_id = self._issue(conn, hall_id, category, priority=priority, channel=channel)
            return self._issued(conn, hall_id, ticket_id)

        return self._ctx.write(work)

    def check_in_appointment(self, code: str) -> IssuedTicket:
        """Check in a booked appointment (预约签到): the ticket jumps ahead once its slot is due."""

        def work(conn: Connection) -> IssuedTicket:
            hall_id, _ = self._ctx.hall(conn)
            booking = hall.appointment_by_code(conn, hall_id, code.strip().upper())
            if booking is None:
                raise DeskError("appointment.not_found", code=code)
            if booking.checked_in_ticket_id is not None:
                raise DeskError("appointment.used", code=code)
            if booking.cancelled_at is not None:
                raise DeskError("appointment.cancelled", code=code)
            day = service_day(booking.slot_start, self._ctx.zone)
            if day != self._ctx.today():
                raise DeskError("appointment.wrong_day", code=code, day=day.isoformat())
            row = self._category_by_id(conn, hall_id, booking.category_id)
            ticket_id = self._issue(conn, hall_id, row, priority=False, channel="appointment",
                                    appointment_at=booking.slot_start)  # fmt: skip
            if not hall.mark_checked_in(conn, booking.id, ticket_id):
                raise DeskError("appointment.used", code=code)
            return self._issued(conn, hall_id, ticket_id)

        return self._ctx.write(work)

    def _category(self, conn: Connection, hall_id: int, code: str) -> AnyRow:
        row = hall.category_by_code(conn, hall_id, code.strip().upper())
        if row is None:
            raise DeskError("queue.unknown_category", category=code)
        return row

    def _category_by_id(self, conn: Connection, hall_id: int, category_id: int) -> AnyRow:
        for row in hall.hall_categories(conn, hall_id):
            if row.id == category_id:
                return row
        raise DeskError("queue.unknown_category", category=str(category_id))

    def _issue(
        self,
        conn: Connection,
        hall_id: int,
        category: AnyRow,
        *,
        priority: bool,
        channel: str,
        appointment_at: Any = None,
    ) -> int:
        now, day = self._ctx.now(), self._ctx.today()
        seq = tickets.next_seq(conn, hall_id, category.id, day)
        number = format_number(category.prefix, seq)
        ticket_id = tickets.insert_ticket(
            conn, hall_id=hall_id, service_day=day, category_id=category.id, number=number,
            seq=seq, priority=priority, appointment_at=appointment_at, order_at=now,
            issued_at=now, channel=channel,
        )  # fmt: skip
        self._notify(conn, "issue", number)
        return ticket_id

    def _issued(self, conn: Connection, hall_id: int, ticket_id: int) -> IssuedTicket:
        row = views.ticket_row(conn, ticket_id)
        _, info = self._ctx.hall(conn)
        ahead = views.people_ahead(conn, row)
        durations = views.service_seconds(conn, hall_id, row.service_day).get(row.category_id, [])
        open_windows = views.windows_per_category(conn, hall_id).get(row.category_id, 0)
        minutes = estimate_wait(durations, ahead, open_windows).minutes
        return IssuedTicket(ticket_view(row), info, ahead, minutes)

    # ---- calling --------------------------------------------------------------------
    def call_next(
        self, window_number: int, staff_id: int, claim_id: str | None = None
    ) -> CallResult:
        return self._call(window_number, staff_id, claim_id, finish_current=False)

    def finish_and_call_next(
        self, window_number: int, staff_id: int, claim_id: str | None = None
    ) -> CallResult:
        return self._call(window_number, staff_id, claim_id, finish_current=True)

    def _call(
        self, window_number: int, staff_id: int, claim_id: str | None, finish_current: bool
    ) -> CallResult:
        key = claim_id or str(uuid.uuid4())
        # A fresh uuid4 cannot have been used yet; a given claim_id, or a re-run's, may have.
        used = claim_id is not None

        def work(conn: Connection) -> tuple[TicketView | None, bool]:
            nonlocal used
            lookup, used = used, True
            return self._claim(
                conn, window_number, staff_id, key, finish=finish_current, lookup=lookup
            )

        autocommit = claim.in_autocommit(self._ctx.backend)
        deadline = time.monotonic() + claim.HELD_WAIT_S
        try:
            ticket, held = self._ctx.write(work, autocommit=autocommit)
            while held and time.monotonic() < deadline:  # see store.claim.CLAIM_ROUNDS
                time.sleep(claim.HELD_PAUSE_S)  # between transactions: this call holds no locks
                ticket, held = self._ctx.write(work, autocommit=autocommit)
        except sa.exc.IntegrityError as exc:
            ticket, held = self._after_conflict(window_number, key, exc), False
        if held:  # tickets wait, but other windows' calls still hold them: not "nobody waits"
            raise DeskError("queue.all_held")
        return CallResult(ticket, key)

    def _claim(
        self, conn: Connection, window_number: int, staff_id: int, claim_id: str, *,
        finish: bool, lookup: bool,
    ) -> tuple[TicketView | None, bool]:  # fmt: skip
        """The hot path (叫号; store.claim.call): the ticket taken, and whether to call again
        (every waiting ticket was held by other windows' calls still committing)."""
        if lookup and (prior := claim.claimed_ticket(conn, claim_id)) is not None:
            return ticket_view(views.ticket_row(conn, prior)), False  # a retried call
        hall_id, info = self._ctx.hall(conn)
        window = self._ctx.window(conn, window_number)
        request = claim.Claim(
            hall_id, window.id, window.category_ids, self._ctx.today(), self._ctx.now(),
            claim_id, staff_id, window_number, info.code,
        )  # fmt: skip
        outcome = claim.call(conn, request, finish=finish)
        current = outcome.current
        if current is not None and not current.finished:
            if not finish:
                raise DeskError("queue.window_busy", number=current.number)
            next_state(current.state, Action.FINISH, current.number)  # raises: not finishable
        if outcome.claimed is None:
            return None, outcome.held
        return claimed_view(outcome.claimed, window, request.now), False

    def _after_conflict(
        self, window_number: int, claim_id: str, exc: sa.exc.IntegrityError
    ) -> TicketView:
        """A unique constraint refused the call: the same claim raced itself, or the window
        got another active ticket from a concurrent call at the same window."""

        def work(conn: Connection) -> TicketView | None:
            prior = claim.claimed_ticket(conn, claim_id)
            return None if prior is None else ticket_view(views.ticket_row(conn, prior))

        found = self._ctx.read(work)
        if found is not None:
            return found
        busy = self.window_state(window_number).current
        raise DeskError("queue.window_busy", number=busy.number if busy else "") from exc

    # ---- window actions -------------------------------------------------------------
    def recall(self, window_number: int, staff_id: int) -> TicketView:
        """Call the current ticket again (重呼); past the recall limit it becomes a no-show."""

        def act(conn: Connection, window_id: int, row: AnyRow) -> None:
            outcome = recall_outcome(int(row.call_count), self._ctx.config.recall_limit)
            if outcome.became_no_show:
                self._change(conn, row, Action.NO_SHOW, window_id, staff_id, active_window_id=None)
                return
            now = self._ctx.now()
            self._change(conn, row, Action.RECALL, window_id, staff_id,
                         call_count=outcome.call_count, called_at=now)  # fmt: skip
            hall_id, _ = self._ctx.hall(conn)
            tickets.record_call(conn, hall_id, row.id, window_id=window_id, number=row.number,
                                kind="recall", claim_id=None, at=now)  # fmt: skip
            self._notify(conn, "recall", row.number, window_number)

        return self._on_current(window_number, act)

    def start(self, window_number: int, staff_id: int) -> TicketView:
        return self._simple(window_number, staff_id, Action.START, served_at=None)

    def no_show(self, window_number: int, staff_id: int) -> TicketView:
        return self._simple(window_number, staff_id, Action.NO_SHOW, active_window_id=None)

    def finish(self, window_number: int, staff_id: int) -> TicketView:
        return self._simple(window_number, staff_id, Action.FINISH, **self._finished())

    def hold(self, window_number: int, staff_id: int) -> TicketView:
        """Put the current ticket aside (挂起), e.g. while the citizen fetches a document."""
        return self._simple(window_number, staff_id, Action.HOLD, active_window_id=None)

    def transfer(
        self,
        window_number: int,
        staff_id: int,
        *,
        category_code: str | None = None,
        target_window: int | None = None,
    ) -> TicketView:
        """Send the current ticket to another category or a named window; it keeps its place."""
        if category_code is None and target_window is None:
            raise DeskError("queue.transfer_target_missing")
        if target_window == window_number:
            raise DeskError("queue.transfer_same_window")

        def act(conn: Connection, window_id: int, row: AnyRow) -> None:
            hall_id, _ = self._ctx.hall(conn)
            values: dict[str, Any] = {"transferred": True, "target_window_id": None}
            if category_code is not None:
                values["category_id"] = self._category(conn, hall_id, category_code).id
            if target_window is not None:
                values["target_window_id"] = self._window(conn, hall_id, target_window).id
            values.update(active_window_id=None, window_id=None, call_count=0, called_at=None)
            self._change(conn, row, Action.TRANSFER, window_id, staff_id, served_at=None, **values)

        return self._on_current(window_number, act)

    def resume(self, window_number: int, staff_id: int, ticket_id: int) -> TicketView:
        def work(conn: Connection) -> TicketView:
            hall_id, _ = self._ctx.hall(conn)
            window = self._window(conn, hall_id, window_number)
            row = tickets.lock_ticket(conn, sa.and_(T.id == ticket_id, T.hall_id == hall_id))
            if row is None or row.window_id != window.id:
                raise DeskError("ticket.not_found", number=str(ticket_id))
            current = tickets.active_ticket(conn, window.id)
            if current is not None:
                raise DeskError("queue.window_busy", number=current.number)
            served = row.served_at or self._ctx.now()
            values = {"active_window_id": window.id, "served_at": served}
            self._change(conn, row, Action.RESUME, window.id, staff_id, **values)
            return ticket_view(views.ticket_row(conn, row.id))

        return self._ctx.write(work)

    def reinstate(self, number: str, staff_id: int) -> TicketView:
        """Put today's no-show back in the queue (过号恢复), behind the next K waiting."""

        wanted = self._read_number(number)

        def work(conn: Connection) -> TicketView:
            hall_id, _ = self._ctx.hall(conn)
            today = self._ctx.today()
            row = tickets.lock_ticket(
                conn, sa.and_(T.hall_id == hall_id, T.service_day == today, T.number == wanted)
            )
            if row is None:
                self._refuse_other_day(conn, hall_id, wanted)
                raise DeskError("ticket.not_found", number=number)
            waiting = tickets.waiting_order_ats(conn, hall_id, today, row.category_id)
            place = reinstated_order_at(waiting, self._ctx.config.reinstate_after, self._ctx.now())
            self._change(conn, row, Action.REINSTATE, None, staff_id, order_at=place,
                         window_id=None, active_window_id=None, call_count=0)  # fmt: skip
            return ticket_view(views.ticket_row(conn, row.id))

        return self._ctx.write(work)

    def _read_number(self, text: str) -> str:
        """A typed number or a scanned slip code, refused when it is another hall's or day's."""
        try:
            scanned = read_ticket_input(text)
        except ValueError as exc:
            raise DeskError("ticket.not_found", number=text.strip()) from exc
        if scanned.hall_code not in (None, self._ctx.config.hall_code):
            raise DeskError("ticket.other_hall", number=scanned.number)
        if scanned.day not in (None, self._ctx.today()):
            raise DeskError("queue.reinstate_other_day", number=scanned.number)
        return scanned.number

    def _refuse_other_day(self, conn: Connection, hall_id: int, number: str) -> None:
        query = sa.select(T.id).where(T.hall_id == hall_id, T.number == number).limit(1)
        if conn.execute(query).first() is not None:
            raise DeskError("queue.reinstate_other_day", number=number)

    def cancel(self, ticket_id: int, staff_id: int) -> TicketView:
        def work(conn: Connection) -> TicketView:
            hall_id, _ = self._ctx.hall(conn)
            row = tickets.lock_ticket(conn, sa.and_(T.id == ticket_id, T.hall_id == hall_id))
            if row is None:
                raise DeskError("ticket.not_found", number=str(ticket_id))
            self._change(conn, row, Action.CANCEL, None, staff_id, active_window_id=None)
            return ticket_view(views.ticket_row(conn, row.id))

        return self._ctx.write(work)

    # ---- what the screens show (services/board.py) ------------------------------------
    def window_state(self, window_number: int) -> WindowState:
        return self._ctx.read(lambda conn: board.window_state(self._ctx, conn, window_number))

    def hall_board(self) -> HallBoard:
        return self._ctx.read(lambda conn: board.hall_board(self._ctx, conn))

    def close_previous_days(self) -> int:
        return self._ctx.close_previous_days()

    # ---- helpers --------------------------------------------------------------------
    def _window(self, conn: Connection, hall_id: int, number: int) -> AnyRow:
        row = hall.window_by_number(conn, hall_id, number)
        if row is None:
            raise DeskError("queue.unknown_window", window=number)
        return row

    def _finished(self) -> dict[str, Any]:
        return {"finished_at": self._ctx.now(), "active_window_id": None}

    def _change(
        self,
        conn: Connection,
        row: AnyRow,
        action: Action,
        at_window: int | None,
        staff_id: int | None,
        **values: Any,
    ) -> None:
        if action is Action.START:
            values["served_at"] = self._ctx.now()
        now = self._ctx.now()
        tickets.change(conn, row, action, at=now, at_window=at_window, staff_id=staff_id, **values)
        self._notify(conn, action.value, row.number)

    def _simple(
        self, window_number: int, staff_id: int, action: Action, **values: Any
    ) -> TicketView:
        def act(conn: Connection, window_id: int, row: AnyRow) -> None:
            self._change(conn, row, action, window_id, staff_id, **values)

        return self._on_current(window_number, act)

    def _on_current(self, window_number: int, act: Any) -> TicketView:
        """Lock the window's current ticket, apply ``act``, return the ticket as it is now."""

        def work(conn: Connection) -> TicketView:
            hall_id, _ = self._ctx.hall(conn)
            window = self._window(conn, hall_id, window_number)
            row = tickets.active_ticket(conn, window.id)
            if row is None:
                raise DeskError("queue.no_current")
            act(conn, window.id, row)
            return ticket_view(views.ticket_row(conn, row.id))

        return self._ctx.write(work)

    def _notify(self, conn: Connection, kind: str, number: str, window: int | None = None) -> None:
        _, info = self._ctx.hall(conn)
        channels.notify(conn, info.code, {"kind": kind, "number": number, "window": window})

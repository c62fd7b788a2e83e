"""Offline walk-ins (应急号): serve people at the window while the central queue is away.

When the central database cannot be reached the window cannot call from the shared queue, but
it can still serve whoever stands in front of it: the clerk issues a window-prefixed number
(W03-001: the window and a per-window, per-day sequence, so it is unique by construction),
serves it, finishes it. Each step is one local transaction with a ``ticket.emergency`` event;
after reconnecting the sync worker delivers them and the central ingest puts the ticket into
the hall's tickets table (channel "emergency"), so the day's statistics include it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.numbering import emergency_number
from desk_client.services.context import Context
from desk_client.services.dto import CategoryInfo, EmergencyTicket, WindowInfo
from desk_client.store import local_cache
from desk_client.store import local_rows as store
from desk_client.store.db import UNREACHABLE
from desk_client.store.local import LocalStore, number_desk

if TYPE_CHECKING:  # the sync engine is not needed to log in (bench/startup.py)
    from desk_client.services.sync import SyncService

EVENT = "ticket.emergency"
#: The only errors that send a read to the login cache: the central database is away. Any
#: other refusal (an unknown hall, a missing schema) is a real answer and is shown as it is.
R = TypeVar("R")


def or_cached(ctx: Context, central: Callable[[], R], cached: Callable[[LocalStore, str], R]) -> R:
    """``central()``, or ``cached`` from this PC's login cache when it cannot be reached."""
    try:
        return central()
    except DeskError as exc:
        return from_cache(ctx, exc, cached)


def from_cache(ctx: Context, exc: DeskError, read: Callable[[LocalStore, str], R]) -> R:
    """After ``exc``: ``read`` from this PC's login cache, or raise ``exc`` again.

    It is raised again for any other error, without a local store, and when this PC has never
    logged in online for the hall (nothing cached: "unreachable" says more than an empty list).
    """
    path = ctx.config.local_store
    if exc.code not in UNREACHABLE or not path:
        raise exc
    code = ctx.config.hall_code
    with local_cache.opened(path) as local:
        if local_cache.hall(local, code) is None:
            raise exc
        return read(local, code)


def cached_categories(local: LocalStore, hall_code: str) -> tuple[CategoryInfo, ...]:
    rows = local_cache.categories(local, hall_code)
    return tuple(CategoryInfo(int(r.category_id), r.code, r.name, r.prefix) for r in rows)


def cached_windows(local: LocalStore, hall_code: str) -> tuple[WindowInfo, ...]:
    return tuple(
        WindowInfo(int(r.window_id), int(r.number), r.name, split_codes(r.category_codes))
        for r in local_cache.windows(local, hall_code)
    )


def split_codes(joined: str) -> tuple[str, ...]:
    return tuple(code for code in joined.split(",") if code)


def _ticket(row: Any) -> EmergencyTicket:
    return EmergencyTicket(
        number=row.number,
        window_number=int(row.window_number),
        category_code=row.category_code,
        service_day=row.service_day,
        staff_no=row.staff_no,
        issued_at=row.issued_at,
        called_at=row.called_at,
        finished_at=row.finished_at,
    )


def _payload(ticket: EmergencyTicket, seq: int) -> dict[str, Any]:
    def iso(moment: datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()

    return {
        "number": ticket.number,
        "window": ticket.window_number,
        "seq": seq,
        "category": ticket.category_code,
        "service_day": ticket.service_day.isoformat(),
        "staff_no": ticket.staff_no,
        "issued_at": iso(ticket.issued_at),
        "called_at": iso(ticket.called_at),
        "finished_at": iso(ticket.finished_at),
    }


class OfflineService:
    def __init__(self, ctx: Context, sync: SyncService) -> None:
        self._ctx = ctx
        self._sync = sync

    def issue_emergency(
        self, window_number: int, category_code: str, staff_no: str
    ) -> EmergencyTicket:
        """A walk-in number for this window, served at once (called = issued)."""
        if not 1 <= window_number <= 999:
            raise DeskError("offline.bad_window", window=window_number)
        code = category_code.strip().upper()
        if not code:
            raise DeskError("offline.bad_category")
        now, day = self._ctx.now(), self._ctx.today()
        made: list[EmergencyTicket] = []

        def rows(conn: Connection) -> dict[str, Any]:
            desk = number_desk(conn, window_number)
            seq = store.next_emergency_seq(conn, day, desk)
            number = emergency_number(desk, seq)
            ticket = EmergencyTicket(number, window_number, code, day, staff_no, now, now)
            store.insert_emergency(
                conn,
                {
                    "service_day": day,
                    "window_number": window_number,
                    "seq": seq,
                    "number": number,
                    "category_code": code,
                    "staff_no": staff_no,
                    "issued_at": now,
                    "called_at": now,
                },
            )
            made.append(ticket)
            return _payload(ticket, seq)

        self._sync.local.record(EVENT, rows, staff_no, now)
        self._sync.wake()
        return made[0]

    def finish_emergency(self, window_number: int, number: str, staff_no: str) -> EmergencyTicket:
        now, day = self._ctx.now(), self._ctx.today()
        wanted = number.strip().upper()
        made: list[EmergencyTicket] = []

        def rows(conn: Connection) -> dict[str, Any]:
            row = store.emergency_row(conn, day, window_number, wanted)
            if row is None:
                raise DeskError("offline.not_found", window=window_number, number=wanted)
            if row.finished_at is not None:
                raise DeskError("offline.already_finished", number=wanted)
            store.finish_emergency_row(conn, int(row.id), now)
            ticket = _ticket(row)
            ticket = EmergencyTicket(**{**vars(ticket), "finished_at": now})
            made.append(ticket)
            return _payload(ticket, int(row.seq))

        self._sync.local.record(EVENT, rows, staff_no, now)
        self._sync.wake()
        return made[0]

    def today(self, window_number: int, day: date | None = None) -> tuple[EmergencyTicket, ...]:
        """This window's walk-in numbers of the day, in order."""
        rows = store.emergency_rows(self._sync.local, day or self._ctx.today(), window_number)
        return tuple(_ticket(row) for row in rows)

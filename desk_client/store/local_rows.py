"""The rows of the local-by-nature records, written inside ``LocalStore.record``'s transaction.

Staff sessions (login/logout at a window) and emergency walk-ins (应急号 W03-001, issued while
the central queue is unreachable); their outbox events carry them to the central database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.numbering import emergency_prefix
from desk_client.store import db
from desk_client.store.local import LocalStore
from desk_client.store.local_schema import emergency_tickets, sessions


def insert_session(
    conn: Connection, staff_no: str, window: int | None, kind: str, at: datetime
) -> None:
    conn.execute(
        sessions.insert().values(staff_no=staff_no, window_number=window, kind=kind, at=at)
    )


def next_emergency_seq(conn: Connection, day: date, desk: int) -> int:
    """The desk's next walk-in sequence of the day (the write lock makes it unique): this PC
    numbers W03-001, W03-002 ... at whichever window it serves (store.local.number_desk)."""
    e = emergency_tickets.c
    same_desk = e.number.like(f"{emergency_prefix(desk)}%")
    query = sa.select(sa.func.max(e.seq)).where(e.service_day == day, same_desk)
    return int(conn.execute(query).scalar_one() or 0) + 1


def insert_emergency(conn: Connection, values: Mapping[str, Any]) -> None:
    conn.execute(emergency_tickets.insert().values(**values))


def emergency_row(conn: Connection, day: date, window: int, number: str) -> Any:
    e = emergency_tickets.c
    query = sa.select(emergency_tickets).where(
        e.service_day == day, e.window_number == window, e.number == number
    )
    return conn.execute(query).first()


def finish_emergency_row(conn: Connection, row_id: int, at: datetime) -> None:
    e = emergency_tickets.c
    conn.execute(emergency_tickets.update().where(e.id == row_id).values(finished_at=at))


def emergency_rows(local: LocalStore, day: date, window: int) -> list[Any]:
    e = emergency_tickets.c
    query = (
        sa.select(emergency_tickets)
        .where(e.service_day == day, e.window_number == window)
        .order_by(e.seq)
    )
    with db.read(local.engine()) as conn:
        return list(conn.execute(query))

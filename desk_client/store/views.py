"""Read-side queries: tickets with their category and windows, queue lengths, recent calls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.queue import TicketState
from desk_client.store.db import AnyRow
from desk_client.store.schema import calls, categories, tickets, window_categories, windows

T = tickets.c
_at_window = windows.alias("at_window")
_target = windows.alias("target_window")

#: Columns named as the fields of services.dto.TicketView (appointment_at -> appointment).
TICKET_VIEW = (
    sa.select(
        T.id,
        T.number,
        categories.c.code.label("category_code"),
        categories.c.name.label("category_name"),
        T.state,
        T.priority,
        T.appointment_at,
        T.service_day,
        T.issued_at,
        T.call_count,
        _at_window.c.number.label("window_number"),
        _target.c.number.label("target_window_number"),
        T.called_at,
        T.finished_at,
        T.transferred,
        T.order_at,
        T.category_id,
        T.target_window_id,
    )
    .join(categories, categories.c.id == T.category_id)
    .outerjoin(_at_window, _at_window.c.id == T.window_id)
    .outerjoin(_target, _target.c.id == T.target_window_id)
)


def ticket_rows(
    conn: Connection, *where: Any, order: Any = None, limit: int = 0
) -> Sequence[AnyRow]:
    query = TICKET_VIEW.where(*where).order_by(order if order is not None else T.id)
    return conn.execute(query.limit(limit) if limit else query).all()


def ticket_row(conn: Connection, ticket_id: int) -> AnyRow:
    return conn.execute(TICKET_VIEW.where(T.id == ticket_id)).one()


def waiting_counts(conn: Connection, hall_id: int, day: date) -> dict[int, int]:
    """category id -> tickets waiting in it today (named-window transfers included)."""
    query = (
        sa.select(T.category_id, sa.func.count())
        .where(T.hall_id == hall_id, T.service_day == day, T.state == TicketState.WAITING)
        .group_by(T.category_id)
    )
    return {int(category): int(count) for category, count in conn.execute(query)}


def service_seconds(conn: Connection, hall_id: int, day: date) -> dict[int, list[float]]:
    """category id -> durations of today's finished tickets (finished - served, or - called)."""
    query = sa.select(T.category_id, T.served_at, T.called_at, T.finished_at).where(
        T.hall_id == hall_id, T.service_day == day, T.state == TicketState.DONE
    )
    result: dict[int, list[float]] = {}
    for category, served, called, finished in conn.execute(query):
        began: datetime | None = served or called
        if began is not None and finished is not None:
            result.setdefault(int(category), []).append((finished - began).total_seconds())
    return result


def windows_per_category(conn: Connection, hall_id: int) -> dict[int, int]:
    wc = window_categories.c
    query = (
        sa.select(wc.category_id, sa.func.count())
        .join(windows, windows.c.id == wc.window_id)
        .where(windows.c.hall_id == hall_id)
        .group_by(wc.category_id)
    )
    return {int(category): int(count) for category, count in conn.execute(query)}


def people_ahead(conn: Connection, row: AnyRow) -> int:
    """Waiting tickets of the same category and day that will be called before this one."""
    later = sa.or_(T.order_at < row.order_at, sa.and_(T.order_at == row.order_at, T.id < row.id))
    same_lane = T.priority.is_(True) if row.priority else T.priority.is_(False)
    ahead = sa.and_(same_lane, later)
    if not row.priority:  # everyone in the priority lane goes first
        ahead = sa.or_(T.priority.is_(True), ahead)
    query = sa.select(sa.func.count()).where(
        T.category_id == row.category_id,
        T.service_day == row.service_day,
        T.state == TicketState.WAITING,
        T.target_window_id.is_(None),
        ahead,
    )
    return int(conn.execute(query).scalar_one())


def recent_calls(conn: Connection, hall_id: int, since: datetime, limit: int) -> Sequence[AnyRow]:
    query = (
        sa.select(
            calls.c.id,
            calls.c.number,
            windows.c.number.label("window_number"),
            calls.c.kind,
            calls.c.called_at,
        )
        .join(windows, windows.c.id == calls.c.window_id)
        .where(calls.c.hall_id == hall_id, calls.c.called_at >= since)
        .order_by(calls.c.id.desc())
        .limit(limit)
    )
    return conn.execute(query).all()

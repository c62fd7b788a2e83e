"""The central reads of the queue statistics (叫号统计): the period's tickets with their steps.

Two queries, tickets and then their ticket_events, each in one ordered pass, merged here into
core.queue_stats.Trail objects: the statistics follow each ticket's history step by step,
which SQL aggregates cannot. A ticket's steps are in id order, not time order: a ticket's
changes are serialised by its row lock, so ids are their real order, while ``at`` comes from
the clock of the PC that made each change, and PCs' clocks differ by seconds.

An offline walk-in (应急号) has no events: its central row keeps the issue, the call and the
finish as columns (sync.handlers), from which core.queue_stats.emergency_steps makes its steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.queue_stats import Step, Trail, emergency_steps
from desk_client.store.db import AnyRow
from desk_client.store.schema import staff, ticket_events, tickets

T, E = tickets.c, ticket_events.c


def _in_period(hall_id: int, start: date, end: date) -> sa.ColumnElement[bool]:
    return sa.and_(T.hall_id == hall_id, T.service_day >= start, T.service_day <= end)


def _tickets(conn: Connection, hall_id: int, start: date, end: date) -> Sequence[AnyRow]:
    columns = (T.id, T.service_day, T.category_id, T.state, T.issued_at, T.called_at)
    query = sa.select(*columns, T.finished_at, T.window_id, T.channel)
    return conn.execute(query.where(_in_period(hall_id, start, end)).order_by(T.id)).all()


def _steps(conn: Connection, hall_id: int, start: date, end: date) -> dict[int, list[Step]]:
    query = (
        sa.select(E.ticket_id, E.action, E.at, E.window_id, E.staff_id)
        .join(tickets, T.id == E.ticket_id)
        .where(_in_period(hall_id, start, end))
        .order_by(E.ticket_id, E.id)
    )
    steps: dict[int, list[Step]] = {}
    for ticket_id, action, at, window_id, staff_id in conn.execute(query):
        found = steps.get(ticket_id)
        if found is None:
            found = steps[ticket_id] = []
        found.append(Step(action, at, window_id, staff_id))
    return steps


def _trail(row: AnyRow, steps: list[Step] | None) -> Trail:
    if not steps and row.channel == "emergency":
        steps = list(emergency_steps(row.issued_at, row.called_at, row.finished_at, row.window_id))
    state, day = str(row.state), row.service_day
    return Trail(row.id, day, row.category_id, state, row.issued_at, tuple(steps or ()))


def trails(conn: Connection, hall_id: int, start: date, end: date) -> list[Trail]:
    """Every ticket of the hall whose service day is in [start, end], with its steps."""
    steps = _steps(conn, hall_id, start, end)
    return [_trail(row, steps.get(row.id)) for row in _tickets(conn, hall_id, start, end)]


def staff_names(conn: Connection, hall_id: int) -> dict[int, tuple[str, str]]:
    """id -> (staff number, name) of everyone the hall has had, the departed included: a
    report of last month names the clerk who has left since."""
    s = staff.c
    query = sa.select(s.id, s.staff_no, s.name).where(s.hall_id == hall_id)
    return {int(row.id): (str(row.staff_no), str(row.name)) for row in conn.execute(query)}

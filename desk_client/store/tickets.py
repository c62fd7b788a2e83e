"""Ticket writes: numbering, the claim (叫号), state transitions, the day boundary.

Every change of state goes through :func:`desk_client.core.queue.next_state` and leaves a
``ticket_events`` row. Callers run these inside one write transaction (see ``db.write``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.queue import OPEN_STATES, Action, TicketState, next_state
from desk_client.store import claim_sql as sql
from desk_client.store.db import AnyRow, new_id
from desk_client.store.schema import calls, ticket_seq, tickets

T = tickets.c
WAITING = TicketState.WAITING.value


def next_seq(conn: Connection, hall_id: int, category_id: int, day: date) -> int:
    """Take the next sequence number of (hall, category, day); the counter row stays locked."""
    key = {"hall_id": hall_id, "category_id": category_id, "service_day": day}
    conn.execute(_insert_ignore(conn, ticket_seq, {**key, "last_seq": 0}))
    s = ticket_seq.c
    where = sa.and_(s.hall_id == hall_id, s.category_id == category_id, s.service_day == day)
    conn.execute(ticket_seq.update().where(where).values(last_seq=s.last_seq + 1))
    return int(conn.execute(sa.select(s.last_seq).where(where)).scalar_one())


def _insert_ignore(conn: Connection, table: sa.Table, values: dict[str, Any]) -> sa.Executable:
    name = conn.dialect.name
    if name == "postgresql":
        return postgresql.insert(table).values(**values).on_conflict_do_nothing()
    if name == "sqlite":
        return sqlite.insert(table).values(**values).on_conflict_do_nothing()
    # MariaDB: a no-op update keeps the counter as it is.
    return mysql.insert(table).values(**values).on_duplicate_key_update(last_seq=table.c.last_seq)


def insert_ticket(conn: Connection, **values: Any) -> int:
    defaults = {"state": WAITING, "call_count": 0, "transferred": False, "version": 1}
    result = conn.execute(tickets.insert().values(**{**defaults, **values}))
    ticket_id = new_id(result)
    audit(
        conn,
        ticket_id,
        action=None,
        from_state=None,
        to_state=WAITING,
        window_id=None,
        staff_id=None,
        at=values["issued_at"],
    )
    return ticket_id


def audit(
    conn: Connection,
    ticket_id: int,
    *,
    action: str | None,
    from_state: str | None,
    to_state: str,
    window_id: int | None,
    staff_id: int | None,
    at: datetime,
) -> None:
    """One ticket_events row (the pre-built claim_sql.AUDIT); action None marks the issue."""
    conn.execute(
        sql.AUDIT,
        {
            "ticket_id": ticket_id,
            "action": action or "issue",
            "from_state": from_state,
            "to_state": to_state,
            "window_id": window_id,
            "staff_id": staff_id,
            "at": at,
        },
    )


def record_call(
    conn: Connection,
    hall_id: int,
    ticket_id: int,
    *,
    window_id: int,
    number: str,
    kind: str,
    claim_id: str | None,
    at: datetime,
) -> None:
    conn.execute(
        calls.insert().values(
            hall_id=hall_id,
            ticket_id=ticket_id,
            window_id=window_id,
            number=number,
            kind=kind,
            claim_id=claim_id,
            called_at=at,
        )
    )


TicketRow = AnyRow


def lock_ticket(conn: Connection, where: Any) -> TicketRow | None:
    """The ticket row, locked for the rest of the transaction (a no-op lock on SQLite)."""
    return conn.execute(sa.select(tickets).where(where).with_for_update()).first()


def active_ticket(conn: Connection, window_id: int) -> TicketRow | None:
    return lock_ticket(conn, T.active_window_id == window_id)


def change(
    conn: Connection,
    row: TicketRow,
    action: Action,
    *,
    at: datetime,
    at_window: int | None,
    staff_id: int | None,
    **values: Any,
) -> str:
    """Apply ``action`` to a locked ticket row through the state machine; returns the new state."""
    target = next_state(row.state, action, row.number)
    values.setdefault("state", target.value)
    result = conn.execute(
        tickets.update()
        .where(T.id == row.id, T.version == row.version)
        .values(version=row.version + 1, **values)
    )
    if result.rowcount != 1:  # changed under us: another window was faster
        raise DeskError(
            "ticket.transition_forbidden",
            number=row.number,
            state=row.state,
            state_en=row.state,
            action=action.value,
            action_en=action.value,
        )
    audit(
        conn,
        row.id,
        action=action,
        from_state=row.state,
        to_state=values["state"],
        window_id=at_window,
        staff_id=staff_id,
        at=at,
    )
    return str(values["state"])


def waiting_order_ats(
    conn: Connection, hall_id: int, day: date, category_id: int
) -> list[datetime]:
    query = sa.select(T.order_at).where(
        T.hall_id == hall_id, T.service_day == day, T.state == WAITING, T.category_id == category_id
    )
    return list(conn.execute(query).scalars())


def close_previous_days(conn: Connection, hall_id: int, today: date, at: datetime) -> int:
    """Close (日终关闭) every open ticket of an earlier service day; returns how many."""
    open_states = sorted(s.value for s in OPEN_STATES)
    stale: Sequence[TicketRow] = conn.execute(
        sa.select(tickets)
        .where(T.hall_id == hall_id, T.service_day < today, T.state.in_(open_states))
        .with_for_update()
    ).all()
    for row in stale:
        change(conn, row, Action.CLOSE, at=at, at_window=None, staff_id=None, active_window_id=None)
    return len(stale)

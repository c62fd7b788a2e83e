"""Ticket writes: numbering, the claim (叫号), state transitions, the day boundary.

Every change of state goes through :func:`desk_client.core.queue.next_state` and leaves a
``ticket_events`` row. Callers run these inside one write transaction (see ``db.write``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.queue import OPEN_STATES, Action, TicketState, next_state
from desk_client.store import claim_sql as sql
from desk_client.store.channels import channel_name
from desk_client.store.db import AnyRow, new_id
from desk_client.store.schema import calls, ticket_seq, tickets

T = tickets.c
WAITING = TicketState.WAITING.value
#: How many candidates per lane a MariaDB claim reads before it re-reads the queue.
CANDIDATES = 48
#: Re-reads of the queue before a claim gives up while tickets still (seem to) wait.
CLAIM_ROUNDS = 200


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


def claim_order(now: datetime) -> tuple[Any, ...]:
    """The SQL twin of core.call_order.order_key."""
    due = sa.case((sa.and_(T.appointment_at.is_not(None), T.appointment_at <= now), 1), else_=0)
    return (T.priority.desc(), due.desc(), T.order_at, T.id)


def eligible(hall_id: int, day: date, window_id: int, category_ids: Collection[int]) -> Any:
    for_window = sa.or_(
        sa.and_(T.target_window_id.is_(None), T.category_id.in_(list(category_ids))),
        T.target_window_id == window_id,
    )
    return sa.and_(T.hall_id == hall_id, T.service_day == day, T.state == WAITING, for_window)


@dataclass(frozen=True)
class Claim:
    hall_id: int
    window_id: int
    category_ids: tuple[int, ...]
    day: date
    now: datetime
    claim_id: str
    staff_id: int | None
    window_number: int = 0
    hall_code: str = ""

    def params(self) -> dict[str, Any]:
        """The bind parameters of the pre-built claim statements (store/claim_sql.py)."""
        return {
            "hall_id": self.hall_id,
            "window_id": self.window_id,
            "window_number": self.window_number,
            "category_ids": list(self.category_ids),
            "day": self.day,
            "now": self.now,
            "claim_id": self.claim_id,
            "staff_id": self.staff_id,
            "channel": channel_name(self.hall_code),
            "waiting": WAITING,
            "called": sql.CALLED,
            "call_kind": "call",
            "call_action": Action.CALL.value,
            "candidates": CANDIDATES,
        }


@dataclass(frozen=True)
class Current:
    """The window's ticket before the claim; ``finished`` when this transaction finished it."""

    id: int
    number: str
    state: str
    finished: bool


def claimed_ticket(conn: Connection, claim_id: str) -> int | None:
    """The ticket an earlier call with this claim_id took (the idempotent retry)."""
    query = sa.select(calls.c.ticket_id).where(calls.c.claim_id == claim_id)
    found = conn.execute(query).scalar_one_or_none()
    return None if found is None else int(found)


def finish_current(conn: Connection, request: Claim, *, finish: bool) -> Current | None:
    """Lock the window's current ticket and, when ``finish``, finish it (办结) and audit it.

    Not finished (``finish`` False, or a state finishing is not allowed from) is left to the
    caller to refuse; the transaction then rolls back.
    """
    if conn.dialect.name == "postgresql":
        params = {
            "window_id": request.window_id,
            "staff_id": request.staff_id,
            "now": request.now,
            "finish": finish,
            "finish_from": list(sql.FINISH_FROM),
            "finished": sql.FINISHED,
            "finish_action": Action.FINISH.value,
        }
        row = conn.execute(sql.PG_FINISH, params).first()
        return None if row is None else Current(row.id, row.number, row.state, row.finished)
    return _finish_by_key(conn, request, finish=finish)


def _finish_by_key(conn: Connection, request: Claim, *, finish: bool) -> Current | None:
    active = sql.ACTIVE[conn.dialect.name]
    row = conn.execute(active, {"window_id": request.window_id}).first()
    if row is None:
        return None
    current = Current(int(row.id), str(row.number), str(row.state), finished=False)
    if not finish or row.state not in sql.FINISH_FROM:
        return current
    values = {"id": row.id, "version": row.version, "finished": sql.FINISHED, "now": request.now}
    if conn.execute(sql.FINISH_BY_KEY, values).rowcount != 1:  # locked, so never expected
        raise RuntimeError(f"ticket {current.number} changed while locked")
    _audit_fast(conn, request, current.id, Action.FINISH, source=current.state, target=sql.FINISHED)
    return Current(current.id, current.number, current.state, finished=True)


def _audit_fast(
    conn: Connection, request: Claim, ticket_id: int, action: Action, *, source: str, target: str
) -> None:
    audit(
        conn,
        ticket_id,
        action=action.value,
        from_state=source,
        to_state=target,
        window_id=request.window_id,
        staff_id=request.staff_id,
        at=request.now,
    )


def claim(conn: Connection, request: Claim) -> int | None:
    """The id of the ticket :func:`claim_row` takes (None when nobody waits)."""
    row = claim_row(conn, request)
    return None if row is None else int(row.id)


def claim_row(conn: Connection, request: Claim) -> AnyRow | None:
    """Take the best waiting ticket for the window; None only when nobody waits for it.

    The order of core.call_order.order_key is walked in four lanes (priority with a due
    appointment, priority, due appointment, everyone else), each an index range read in
    order_at order, so no statement sorts the queue (claim_sql). PostgreSQL does it all in one
    statement (claim_sql.PG_CLAIM) where LIMIT 1 ... FOR UPDATE SKIP LOCKED stops at the first
    free row. MariaDB locks every row a locking read sorts or scans, so there the lanes are
    read without locks (one statement) and one row at a time is locked by primary key; SQLite
    (one writer) reads the lanes plainly (:func:`_pick`).
    Rows another window holds are passed by; when nothing could be taken, a non-locking
    look decides between "nobody waits" and "try again". Returns the claimed ticket's
    claim_sql.CLAIMED_COLUMNS (and, on PostgreSQL, the hall has been notified).
    """
    dialect = conn.dialect.name
    params = request.params()
    for _ in range(CLAIM_ROUNDS):
        if dialect == "postgresql":
            row = conn.execute(sql.PG_CLAIM, params).first()
            if row is not None:
                return row
        else:
            found, empty = _claim_by_key(conn, request, params, dialect == "mysql")
            if found is not None:
                return found
            if empty:
                return None
        if not _anyone_waiting(conn, request):
            return None
    return None


def _claim_by_key(
    conn: Connection, request: Claim, params: dict[str, Any], mysql_like: bool
) -> tuple[AnyRow | None, bool]:
    """One round on MariaDB or SQLite: (the claimed row, or None; True if the lanes were empty)."""
    if mysql_like:
        rows = conn.execute(sql.MYSQL_LANES, params).all()
        ordered = sorted(rows, key=lambda r: (r.lane, r.order_at, r.id))
        for candidate in ordered:
            found = conn.execute(sql.MYSQL_LOCK, {"id": candidate.id, "waiting": WAITING}).first()
            if found is not None:
                _mark_called(conn, request, params, found)
                return found, False
        return None, not rows
    picked = _pick(conn, request)
    if picked is None:
        return None, False
    found = conn.execute(sql.CLAIMED_ROW, {"id": picked[0]}).one()
    _mark_called(conn, request, params, found)
    return found, False


def _mark_called(conn: Connection, request: Claim, params: dict[str, Any], row: AnyRow) -> None:
    values = {**params, "id": row.id, "number": row.number}
    conn.execute(sql.MARK_CALLED, values)
    conn.execute(sql.LOG_CALL, values)
    _audit_fast(conn, request, int(row.id), Action.CALL, source=WAITING, target=sql.CALLED)


def _pick(conn: Connection, request: Claim) -> tuple[int, str] | None:
    """SQLite (one writer at a time): the lanes as plain ordered reads."""
    where = eligible(request.hall_id, request.day, request.window_id, request.category_ids)
    due = sa.and_(T.appointment_at.is_not(None), T.appointment_at <= request.now)
    # "= true/false", not "IS": equality lets the (…, priority, order_at, id) index serve.
    lanes = (
        sa.select(T.id).where(where, T.priority == sa.true()).order_by(*claim_order(request.now)),
        sa.select(T.id).where(where, T.priority == sa.false(), due).order_by(T.order_at, T.id),
        sa.select(T.id)
        .where(where, T.priority == sa.false(), sa.not_(due))
        .order_by(T.order_at, T.id),
    )
    for lane in lanes:
        row = conn.execute(lane.add_columns(T.number).limit(1)).first()
        if row is not None:
            return int(row.id), str(row.number)
    return None


def _anyone_waiting(conn: Connection, request: Claim) -> bool:
    """The non-locking check: does an eligible ticket still wait (perhaps locked by others)?"""
    where = eligible(request.hall_id, request.day, request.window_id, request.category_ids)
    return conn.execute(sa.select(T.id).where(where).limit(1)).first() is not None


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

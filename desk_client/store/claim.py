"""The call (叫号): finish the window's current ticket and claim the next, on every backend.

PostgreSQL and MariaDB run the stored routine ``desk_claim`` (central migration 0008, where
its steps are described) in one round trip; SQLite, one process with one writer, runs the
same steps here. The order is core.call_order.order_key's, walked in four lanes (see
claim_sql), and tickets other windows hold are passed by (SKIP LOCKED).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.queue import Action, TicketState
from desk_client.store import claim_sql as sql
from desk_client.store.channels import channel_name
from desk_client.store.schema import calls, tickets
from desk_client.store.tickets import audit

T = tickets.c
WAITING = TicketState.WAITING.value
#: How many candidates per lane the MariaDB routine reads before it reads the queue again.
CANDIDATES = 48
#: Looks at the queue, 1 ms apart, before the routine returns ``held`` while tickets still
#: (seem to) wait, all held by other windows' calls that have not committed yet. Short on
#: purpose: the waiting call holds its own locks (the finished ticket, its unique-index
#: entries) and a holder may be waiting for exactly those, which no deadlock detector sees
#: while this call sleeps; the caller commits and calls again (services.queue).
CLAIM_ROUNDS = 10
#: How long a call keeps calling again while it gets ``held``, and the pause between tries.
HELD_WAIT_S = 5.0
HELD_PAUSE_S = 0.002


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


class Claimed(NamedTuple):
    """The ticket a call took: claim_sql.CLAIMED_COLUMNS, enough for its TicketView."""

    id: int
    number: str
    category_id: int
    priority: bool
    appointment_at: datetime | None
    service_day: date
    issued_at: datetime
    transferred: bool
    target_window_id: int | None


@dataclass(frozen=True)
class CallOutcome:
    """What a call did: the window's ticket before it (``current``), and the ticket it took
    (``claimed``: None when nobody waits, or when ``current`` could not be finished and
    nothing was changed). ``held``: nothing was taken though tickets wait, all held by other
    windows' calls still committing; call again once this transaction has ended."""

    current: Current | None
    claimed: Claimed | None
    held: bool = False


def in_autocommit(dialect: str) -> bool:
    """Whether :func:`call` runs on a connection in autocommit: PostgreSQL's routine is one
    statement, its own transaction, so BEGIN and COMMIT would only cost round trips."""
    return dialect == "postgresql"


def call(conn: Connection, request: Claim, *, finish: bool) -> CallOutcome:
    """Finish the window's current ticket (办结, when ``finish`` and its state allows) and
    claim the best waiting ticket for the window (叫号), in the order of
    core.call_order.order_key, passing over tickets other windows hold.

    PostgreSQL and MariaDB run the stored routine ``desk_claim`` (central migration 0008) in
    one round trip; PostgreSQL also wakes the hall's displays (store.claim_pg). SQLite runs
    the same steps here; its one writer holds the whole file. A current ticket that may not
    be finished, or finishing not asked, changes nothing and is returned for the caller to
    refuse.
    """
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from desk_client.store import claim_pg  # psycopg: loaded by PostgreSQL halls only

        return _outcome(claim_pg.call(conn, _pg_values(request, finish), _wake(request)))
    if dialect == "mysql":
        params = {**request.params(), "finish": finish, "rounds": CLAIM_ROUNDS}
        params["category_list"] = ",".join(str(c) for c in request.category_ids)
        return _outcome(tuple(conn.execute(sql.MYSQL_CALL, params).one()))
    current = _finish_sqlite(conn, request, finish=finish)
    if current is not None and not current.finished:
        return CallOutcome(current, None)
    return CallOutcome(current, _claim_sqlite(conn, request))


def _pg_values(request: Claim, finish: bool) -> tuple[Any, ...]:
    """desk_claim's arguments; times as the naive UTC the database keeps (UTCDateTime)."""
    now = request.now.astimezone(UTC).replace(tzinfo=None)
    return (request.hall_id, request.day, now, request.window_id, list(request.category_ids),
            request.claim_id, request.staff_id, finish, CLAIM_ROUNDS)  # fmt: skip


def _wake(request: Claim) -> tuple[str, str]:
    """The hall's wake-up: its displays and windows read the board again (the payload is for
    a person reading the server's log; listeners do not parse it)."""
    payload = json.dumps({"kind": "call", "window": request.window_number})
    return channel_name(request.hall_code), payload


def _outcome(row: tuple[Any, ...]) -> CallOutcome:
    """desk_claim's row (claim_sql.ROUTINE_COLUMNS) as a CallOutcome."""
    cur_id, cur_number, cur_state, cur_finished, *ticket, held = row
    current = None
    if cur_id is not None:
        current = Current(int(cur_id), str(cur_number), str(cur_state), bool(cur_finished))
    return CallOutcome(current, None if ticket[0] is None else _claimed(ticket), bool(held))


def _claimed(values: Sequence[Any]) -> Claimed:
    ticket_id, number, category_id, priority, appointment_at, day, issued_at, *rest = values
    transferred, target_window_id = rest
    return Claimed(
        int(ticket_id), str(number), int(category_id), bool(priority), _utc(appointment_at),
        day, _utc(issued_at), bool(transferred),
        None if target_window_id is None else int(target_window_id),
    )  # fmt: skip


def _utc(moment: datetime | None) -> Any:
    return None if moment is None else moment.replace(tzinfo=UTC)


def claim(conn: Connection, request: Claim) -> int | None:
    """The id of the ticket a call without finishing takes (None when nobody waits)."""
    claimed = call(conn, request, finish=False).claimed
    return None if claimed is None else claimed.id


def _finish_sqlite(conn: Connection, request: Claim, *, finish: bool) -> Current | None:
    row = conn.execute(sql.ACTIVE, {"window_id": request.window_id}).first()
    if row is None:
        return None
    current = Current(int(row.id), str(row.number), str(row.state), finished=False)
    if not finish or row.state not in sql.FINISH_FROM:
        return current
    values = {"id": row.id, "version": row.version, "finished": sql.FINISHED, "now": request.now}
    if conn.execute(sql.FINISH_BY_KEY, values).rowcount != 1:  # one writer, so never expected
        raise RuntimeError(f"ticket {current.number} changed while being finished")
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


def _claim_sqlite(conn: Connection, request: Claim) -> Claimed | None:
    picked = _pick(conn, request)
    if picked is None:
        return None
    found = Claimed(*conn.execute(sql.CLAIMED_ROW, {"id": picked[0]}).one())
    values = {**request.params(), "id": found.id, "number": found.number}
    conn.execute(sql.MARK_CALLED, values)
    conn.execute(sql.LOG_CALL, values)
    _audit_fast(conn, request, found.id, Action.CALL, source=WAITING, target=sql.CALLED)
    return found


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

"""The claim (叫号) hot path as pre-built statements: the SQL is written once, values are bound.

Building SQLAlchemy constructs per call cost more client CPU than the database spent on the
claim, so these are ``text()`` statements made at import time with typed bind parameters and
typed result columns. The states come from core.queue, so the state machine stays the single
source of truth.

PostgreSQL does a claim in two statements inside one transaction: :data:`PG_FINISH` (lock the
window's current ticket, finish it if asked, audit it) and :data:`PG_CLAIM` (pick by lanes with
FOR UPDATE SKIP LOCKED, mark called, log the call, audit it, notify the hall; one round trip).
MariaDB reads its lane candidates in one statement (:data:`MYSQL_LANES`, no locks) and then
locks one row at a time by primary key (:data:`MYSQL_LOCK`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from desk_client.core.queue import TRANSITIONS, Action, TicketState
from desk_client.store.schema import UTCDateTime

WAITING = TicketState.WAITING.value
CALLED = TRANSITIONS[(TicketState.WAITING, Action.CALL)].value
#: States a ticket may be finished from, and where finishing takes it (办结).
FINISH_FROM = tuple(sorted(s.value for (s, a) in TRANSITIONS if a is Action.FINISH))
FINISHED = {TRANSITIONS[(TicketState(s), Action.FINISH)].value for s in FINISH_FROM}.pop()

#: The columns a claim returns: enough to build the TicketView without another read.
CLAIMED_COLUMNS = {
    "id": sa.BigInteger,
    "number": sa.String,
    "category_id": sa.BigInteger,
    "priority": sa.Boolean,
    "appointment_at": UTCDateTime,
    "service_day": sa.Date,
    "issued_at": UTCDateTime,
    "transferred": sa.Boolean,
    "target_window_id": sa.BigInteger,
}
_RETURNING = ", ".join(f"t.{name}" for name in CLAIMED_COLUMNS)
_PLAIN = ", ".join(CLAIMED_COLUMNS)


def _typed(sql: str, *binds: sa.BindParameter[Any]) -> sa.TextClause:
    base: list[sa.BindParameter[Any]] = [
        sa.bindparam("now", type_=UTCDateTime),
        sa.bindparam("day", type_=sa.Date),
    ]
    used = [b for b in (*base, *binds) if f":{b.key}" in sql]
    return sa.text(sql).bindparams(*used)


# ---- PostgreSQL ----------------------------------------------------------------------------
PG_FINISH = _typed(
    """
WITH cur AS (
    SELECT id, number, state FROM tickets WHERE active_window_id = :window_id FOR UPDATE
), done AS (
    UPDATE tickets AS t
    SET state = :finished, finished_at = :now, active_window_id = NULL, version = t.version + 1
    FROM cur
    WHERE t.id = cur.id AND CAST(:finish AS boolean) AND cur.state = ANY(:finish_from)
    RETURNING t.id
), audit AS (
    INSERT INTO ticket_events (ticket_id, action, from_state, to_state, window_id, staff_id, at)
    SELECT cur.id, :finish_action, cur.state, :finished, :window_id, :staff_id, :now
    FROM cur JOIN done ON done.id = cur.id
)
SELECT cur.id, cur.number, cur.state, EXISTS (SELECT 1 FROM done) AS finished FROM cur
""",
    sa.bindparam("finish_from", type_=postgresql.ARRAY(sa.String)),
).columns(id=sa.BigInteger, number=sa.String, state=sa.String, finished=sa.Boolean)

#: Eligible for the window: its categories, unless sent to a named window (this one).
_PG_ELIGIBLE = """hall_id = :hall_id AND service_day = :day AND state = :waiting
        AND ((target_window_id IS NULL AND category_id = ANY(:category_ids))
             OR target_window_id = :window_id)"""

#: The four lanes of core.call_order.order_key — (priority, due appointment) first, then
#: (priority), (due appointment), everyone else — each an index range read in order_at order
#: (ix_tickets_due for the due lanes, ix_tickets_claim for the others), so no lane sorts the
#: queue. COALESCE stops at the first lane that yields a row: later lanes neither run nor lock.
_PG_LANES = (
    "priority = true AND appointment_at <= :now",
    "priority = true AND (appointment_at IS NULL OR appointment_at > :now)",
    "priority = false AND appointment_at <= :now",
    "priority = false AND (appointment_at IS NULL OR appointment_at > :now)",
)
_PG_PICK = ",\n".join(
    f"""        (SELECT id FROM tickets
         WHERE {_PG_ELIGIBLE} AND {lane}
         ORDER BY order_at, id
         LIMIT 1 FOR UPDATE SKIP LOCKED)"""
    for lane in _PG_LANES
)
PG_CLAIM = _typed(
    f"""
WITH pick AS (
    SELECT COALESCE(
{_PG_PICK}
    ) AS id
), called AS (
    UPDATE tickets AS t
    SET state = :called, window_id = :window_id, active_window_id = :window_id,
        claim_id = :claim_id, called_at = :now, served_at = NULL, finished_at = NULL,
        call_count = 1, version = t.version + 1
    FROM pick
    WHERE t.id = pick.id
    RETURNING {_RETURNING}
), logged AS (
    INSERT INTO calls (hall_id, ticket_id, window_id, number, kind, claim_id, called_at)
    SELECT :hall_id, id, :window_id, number, :call_kind, :claim_id, :now FROM called
), audit AS (
    INSERT INTO ticket_events (ticket_id, action, from_state, to_state, window_id, staff_id, at)
    SELECT id, :call_action, :waiting, :called, :window_id, :staff_id, :now FROM called
)
SELECT {_PLAIN}, pg_notify(:channel, json_build_object(
    'kind', 'call', 'number', number, 'window', CAST(:window_number AS integer))::text) AS notified
FROM called
""",
    sa.bindparam("category_ids", type_=postgresql.ARRAY(sa.BigInteger)),
).columns(**CLAIMED_COLUMNS, notified=sa.String)

# ---- MariaDB ---------------------------------------------------------------------------
_MY_ELIGIBLE = """hall_id = :hall_id AND service_day = :day AND state = :waiting
        AND ((target_window_id IS NULL AND category_id IN :category_ids)
             OR target_window_id = :window_id)"""

#: Candidates of all four lanes in one read, no locks; each lane an index range with LIMIT,
#: in the order of core.call_order.order_key (see _PG_LANES).
_MY_LANES = (
    ("ix_tickets_due", "priority = true AND appointment_at <= :now"),
    ("ix_tickets_claim", "priority = true AND (appointment_at IS NULL OR appointment_at > :now)"),
    ("ix_tickets_due", "priority = false AND appointment_at <= :now"),
    ("ix_tickets_claim", "priority = false AND (appointment_at IS NULL OR appointment_at > :now)"),
)
MYSQL_LANES = _typed(
    "\nUNION ALL\n".join(
        f"""(SELECT {number} AS lane, id, order_at FROM tickets FORCE INDEX ({index})
 WHERE {_MY_ELIGIBLE} AND {lane}
 ORDER BY order_at, id LIMIT :candidates)"""
        for number, (index, lane) in enumerate(_MY_LANES, start=1)
    ),
    sa.bindparam("category_ids", expanding=True),
).columns(lane=sa.Integer, id=sa.BigInteger, order_at=UTCDateTime)

#: Lock one candidate by primary key if it still waits and nobody else holds it.
MYSQL_LOCK = _typed(
    f"SELECT {_PLAIN} FROM tickets WHERE id = :id AND state = :waiting FOR UPDATE SKIP LOCKED"
).columns(**CLAIMED_COLUMNS)

# ---- MariaDB and SQLite (rows locked by key, or BEGIN IMMEDIATE) ----------------------------
_ACTIVE = "SELECT id, number, state, version FROM tickets WHERE active_window_id = :window_id"
#: The window's current ticket, locked (SQLite has no FOR UPDATE: its writer holds the file).
ACTIVE = {
    "mysql": sa.text(_ACTIVE + " FOR UPDATE"),
    "sqlite": sa.text(_ACTIVE),
}
FINISH_BY_KEY = _typed(
    """UPDATE tickets SET state = :finished, finished_at = :now, active_window_id = NULL,
    version = version + 1 WHERE id = :id AND version = :version"""
)
MARK_CALLED = _typed(
    """UPDATE tickets SET state = :called, window_id = :window_id,
    active_window_id = :window_id, claim_id = :claim_id, called_at = :now, served_at = NULL,
    finished_at = NULL, call_count = 1, version = version + 1 WHERE id = :id"""
)
LOG_CALL = _typed(
    """INSERT INTO calls (hall_id, ticket_id, window_id, number, kind, claim_id, called_at)
    VALUES (:hall_id, :id, :window_id, :number, :call_kind, :claim_id, :now)"""
)
AUDIT = sa.text(
    """INSERT INTO ticket_events (ticket_id, action, from_state, to_state, window_id, staff_id, at)
    VALUES (:ticket_id, :action, :from_state, :to_state, :window_id, :staff_id, :at)"""
).bindparams(sa.bindparam("at", type_=UTCDateTime))
CLAIMED_ROW = sa.text(f"SELECT {_PLAIN} FROM tickets WHERE id = :id").columns(**CLAIMED_COLUMNS)

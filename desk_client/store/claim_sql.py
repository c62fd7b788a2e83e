"""The claim (叫号) hot path as pre-built statements: the SQL is written once, values are bound.

Building SQLAlchemy constructs per call cost more client CPU than the database spent on the
claim, so these are ``text()`` statements made at import time with typed bind parameters and
typed result columns. The states come from core.queue, so the state machine stays the single
source of truth.

PostgreSQL and MariaDB run the whole call on the server: the stored routine ``desk_claim``
(central migration 0008, where its steps are described), on PostgreSQL as one statement in
autocommit sent by store.claim_pg, on MariaDB with :data:`MYSQL_CALL` inside the transaction.
SQLite, one process with one writer, runs the same steps here statement by statement.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

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
_PLAIN = ", ".join(CLAIMED_COLUMNS)


def _typed(sql: str, *binds: sa.BindParameter[Any]) -> sa.TextClause:
    base: list[sa.BindParameter[Any]] = [
        sa.bindparam("now", type_=UTCDateTime),
        sa.bindparam("day", type_=sa.Date),
    ]
    used = [b for b in (*base, *binds) if f":{b.key}" in sql]
    return sa.text(sql).bindparams(*used)


# ---- PostgreSQL and MariaDB: the stored routine (central migration 0008) -----------------
#: The first central revision with desk_claim: an older central cannot take a call.
ROUTINE_SINCE = "0008"
#: What desk_claim returns: the window's ticket before the call, the called ticket, and
#: whether every waiting ticket was held by other calls (then nothing was called).
ROUTINE_COLUMNS = {
    "cur_id": sa.BigInteger,
    "cur_number": sa.String,
    "cur_state": sa.String,
    "cur_finished": sa.Boolean,
    **CLAIMED_COLUMNS,
    "held": sa.Boolean,
}
#: MariaDB, inside the caller's transaction (a CALL in autocommit would commit each step).
MYSQL_CALL = _typed(
    """CALL desk_claim(:hall_id, :day, :now, :window_id, :category_list, :claim_id,
    :staff_id, :finish, :rounds, :candidates)""",
    sa.bindparam("finish", type_=sa.Boolean),
).columns(**ROUTINE_COLUMNS)

# ---- SQLite (BEGIN IMMEDIATE: the one writer holds the file, so nothing is locked by row) ---
#: The window's current ticket.
ACTIVE = sa.text(
    "SELECT id, number, state, version FROM tickets WHERE active_window_id = :window_id"
)
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

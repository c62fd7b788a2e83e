"""PostgreSQL's call (叫号) in one round trip: the claim routine and the hall's wake-up.

The call is the hall's busiest write, and on a 2-core hall server its cost was the client's:
each statement through SQLAlchemy's compile and result machinery cost the clerk's PC about as
much CPU as the server spent on the whole call (bench/claims.py). So this one path talks to
psycopg directly, on the SQLAlchemy connection's own driver connection (in autocommit):

- the routine ``desk_claim`` (central migration 0008) runs as its own transaction, committed
  and flushed at the first Sync;
- the hall's wake-up follows in the same pipeline as a second transaction that does not wait
  for its flush (see store.channels.wake for why it is not part of the first);
- both go out in one network round trip, as prepared statements.

Driver errors are raised as SQLAlchemy's (an IntegrityError stays an IntegrityError, a dead
connection is invalidated), so the retries and messages of services.context and store.db
treat this path like every other.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

CALL_SQL = (
    "SELECT * FROM desk_claim(%s::bigint, %s::date, %s::timestamp, %s::bigint, %s::bigint[],"
    " %s::varchar, %s::bigint, %s::boolean, %s::integer)"
)
WAKE_SQL = "SELECT set_config('synchronous_commit', 'off', true), pg_notify(%s, %s)"

#: A row of desk_claim, in its column order (see claim_sql.ROUTINE_COLUMNS).
RoutineRow = tuple[Any, ...]


def call(conn: Connection, values: tuple[Any, ...], wake: tuple[str, str]) -> RoutineRow:
    """Run desk_claim with ``values``, then NOTIFY ``wake`` = (channel, payload).

    The wake-up is sent whatever the routine found (a display woken for nothing reads an
    unchanged board). Its failure is logged and dropped: the call has committed by then, and
    listeners poll as well; only the routine's own failure is raised.
    """
    raw = conn.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)  # the postgresql+psycopg engine's connection
    row = None
    with raw.cursor() as cur:
        try:
            with raw.pipeline() as pipeline, raw.cursor() as woke:
                cur.execute(CALL_SQL, values, prepare=True)
                pipeline.sync()  # the routine's own transaction ends here
                woke.execute(WAKE_SQL, wake, prepare=True)
                row = cur.fetchone()
        except psycopg.Error as exc:  # raised by the fetch, or at the pipeline's end
            if not _answered(cur):
                raise _as_sqlalchemy(conn, exc, values) from exc
            log.warning("the hall's wake-up was not sent: %s", exc)
            row = row or cur.fetchone()
    if row is None:  # the routine always returns one row
        raise RuntimeError("desk_claim returned no row")
    return tuple(row)


def _answered(cur: psycopg.Cursor[Any]) -> bool:
    """Whether the routine's result arrived (so an error came from the wake-up after it)."""
    result = cur.pgresult
    return result is not None and result.status == psycopg.pq.ExecStatus.TUPLES_OK


def _as_sqlalchemy(conn: Connection, exc: psycopg.Error, values: tuple[Any, ...]) -> Exception:
    raw = conn.connection.driver_connection
    invalidated = bool(getattr(raw, "closed", True))
    if invalidated:
        conn.invalidate(exc)
    return sa.exc.DBAPIError.instance(
        CALL_SQL, values, exc, psycopg.Error, connection_invalidated=invalidated
    )

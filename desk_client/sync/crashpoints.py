"""Crash points for the fault tests: the process kills itself (SIGKILL, a real kill -9) there.

``DESK_CRASH_AT`` names the point and ``DESK_CRASH_AFTER`` (default 1) the occurrence:

- ``after_local_commit``: a LocalStore.record transaction (rows + outbox event) has committed;
- ``after_push_sent``: an ingest batch is on the server and COMMIT has been sent, but no answer
  was read. On PostgreSQL (psycopg ``pgconn.send_query``) and MariaDB (PyMySQL writes the
  COM_QUERY packet, exactly the first half of its own ``commit()``) the COMMIT really goes out
  on the wire before the kill: the server may commit or not, the client cannot know. The
  embedded SQLite central has no wire: COMMIT runs in-process and either returns or not, so
  there the process dies with the write transaction open (rows in the WAL, uncommitted), and
  the next opener rolls it back. That proves SQLite's recovery, not an ambiguous outcome; the
  "committed but unacknowledged" case is ``after_central_commit`` on every backend;
- ``after_central_commit``: the central transaction committed, the client has not stored the
  acknowledgement.

Unset, ``reach`` is a no-op and ``arm`` installs nothing: zero cost in production.
"""

from __future__ import annotations

import os
import signal
from typing import Any

from desk_client.store import local

POINTS = ("after_local_commit", "after_push_sent", "after_central_commit")
ENV_AT = "DESK_CRASH_AT"
ENV_AFTER = "DESK_CRASH_AFTER"

_plan: dict[str, int] = {}  # point -> occurrences left before the kill


def configure(environ: dict[str, str] | None = None) -> str | None:
    """Read the plan from the environment (again); returns the armed point, if any."""
    env = os.environ if environ is None else environ
    _plan.clear()
    local.set_commit_hook(None)
    point = env.get(ENV_AT, "")
    if not point:
        return None
    if point not in POINTS:
        raise ValueError(f"{ENV_AT} must be one of {', '.join(POINTS)}, not {point!r}")
    after = int(env.get(ENV_AFTER, "1") or "1")
    if after < 1:
        raise ValueError(f"{ENV_AFTER} must be 1 or more, not {after}")
    _plan[point] = after
    if point == "after_local_commit":
        local.set_commit_hook(lambda: reach("after_local_commit"))
    return point


def armed() -> bool:
    return bool(_plan)


def reach(point: str, conn: Any = None) -> None:
    """Count one occurrence of ``point``; on the planned one, die at once (kill -9)."""
    if point not in _plan:
        return
    _plan[point] -= 1
    if _plan[point] > 0:
        return
    if point == "after_push_sent" and conn is not None:
        _send_commit_unread(conn)
    os.kill(os.getpid(), signal.SIGKILL)


def _send_commit_unread(conn: Any) -> None:
    """Put COMMIT on the wire without reading the reply (psycopg 3, PyMySQL; SQLite: nothing)."""
    raw = getattr(getattr(conn, "connection", None), "dbapi_connection", None)
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is not None:
        pgconn.send_query(b"COMMIT")
        pgconn.flush()
    elif type(raw).__module__.startswith("pymysql"):
        _pymysql_send_commit(raw)


def _pymysql_send_commit(raw: Any) -> None:
    """PyMySQL's ``commit()`` is ``_execute_command(COM_QUERY, "COMMIT")`` + read OK: the first."""
    from pymysql.constants import COMMAND  # only a crash drill gets here

    raw._execute_command(COMMAND.COM_QUERY, "COMMIT")


configure()

"""The hall's PostgreSQL notification channels: wake-ups for displays and windows (the
queue's), and for the windows when a rating arrives (the ratings', issue 7).

Most writers notify inside their transaction (delivered at COMMIT). The call (叫号), the
hall's busiest write, wakes in a transaction of its own after its commit (store.claim_pg).
The CallWatcher LISTENs and then reads by query, so a lost notification costs one poll
interval, never a wrong board.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def channel_name(hall_code: str) -> str:
    return f"desk_queue_{hall_code}".lower()


def rating_channel_name(hall_code: str) -> str:
    """The hall's rating channel: a rating's transaction notifies its seq here (issue 7)."""
    return f"desk_rating_{hall_code}".lower()


def notify(conn: Connection, hall_code: str, payload: dict[str, Any]) -> None:
    """PostgreSQL: wake the hall's displays and windows when this transaction commits."""
    if conn.dialect.name != "postgresql":
        return
    channel = channel_name(hall_code)
    conn.execute(sa.select(sa.func.pg_notify(channel, json.dumps(payload, ensure_ascii=False))))

"""The hall's PostgreSQL notification channel: a wake-up for displays and windows.

Writers notify inside their transaction (delivered at COMMIT); the CallWatcher LISTENs and
then reads by query, so a lost notification costs one poll interval, never a wrong board.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def channel_name(hall_code: str) -> str:
    return f"desk_queue_{hall_code}".lower()


def notify(conn: Connection, hall_code: str, payload: dict[str, Any]) -> None:
    """PostgreSQL: wake the hall's displays and windows when this transaction commits."""
    if conn.dialect.name != "postgresql":
        return
    channel = channel_name(hall_code)
    conn.execute(sa.select(sa.func.pg_notify(channel, json.dumps(payload, ensure_ascii=False))))

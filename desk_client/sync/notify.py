"""CallWatcher: tells a display or window that the queue may have changed.

PostgreSQL: LISTEN desk_queue_<hall> (or another channel, e.g. the hall's rating channel
desk_rating_<hall>) on a dedicated autocommit connection, used only as a wake-up (the caller
then reads the board or the new ratings). Other backends have no such signal: ``wait`` simply
returns True after its timeout, which makes the caller poll.
"""

from __future__ import annotations

import threading
from typing import Protocol

from sqlalchemy.engine import make_url

from desk_client.store.channels import channel_name
from desk_client.store.db import CONNECT_TIMEOUT_S


class CallWatcher(Protocol):
    def wait(self, timeout_s: float) -> bool: ...

    def close(self) -> None: ...


class PollingWatcher:
    """No notifications: wait out the timeout (or until closed) and say "look again"."""

    def __init__(self) -> None:
        self._closed = threading.Event()

    def wait(self, timeout_s: float) -> bool:
        return not self._closed.wait(timeout_s)

    def close(self) -> None:
        self._closed.set()


class PostgresWatcher:
    def __init__(self, url: str, hall_code: str, channel: str | None = None) -> None:
        import psycopg  # only PostgreSQL halls need the driver loaded for this
        from psycopg import sql

        parsed = make_url(url).set(drivername="postgresql")
        dsn = parsed.render_as_string(hide_password=False)
        self._conn = psycopg.connect(dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        listened = channel or channel_name(hall_code)
        self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(listened)))

    def wait(self, timeout_s: float) -> bool:
        """True when a notification arrived within ``timeout_s`` seconds."""
        if self._conn.closed:
            return False
        got = False
        for _ in self._conn.notifies(timeout=timeout_s, stop_after=1):
            got = True
        return got

    def close(self) -> None:
        self._conn.close()


def make_watcher(url: str, hall_code: str, channel: str | None = None) -> CallWatcher:
    """A watcher of ``channel`` (default: the hall's queue channel)."""
    if make_url(url).get_backend_name() == "postgresql":
        return PostgresWatcher(url, hall_code, channel)
    return PollingWatcher()

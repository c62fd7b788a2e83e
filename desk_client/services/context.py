"""What every service shares: the config, the clock, the engine, the hall, transactions.

The engine is made on first use (building the services never connects). Write transactions
are retried on deadlocks and serialisation failures, and once when a pooled connection turns
out dead before COMMIT (instead of pinging every connection on checkout); driver errors a
person can act on become DeskErrors (``central.unreachable``, ``central.busy``) in
``store.db``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from desk_client.config import Config
from desk_client.core.clock import Clock
from desk_client.core.errors import DeskError
from desk_client.core.numbering import service_day
from desk_client.services.dto import HallInfo
from desk_client.store import db, hall, tickets

R = TypeVar("R")
RETRIES = 8
#: How long a window's layout (its id, name, categories) is trusted before it is read again.
WINDOW_TTL_S = 30.0


@dataclass(frozen=True)
class WindowRef:
    """A window as the claim needs it, cached for WINDOW_TTL_S (the layout rarely changes)."""

    id: int
    number: int
    name: str
    category_ids: tuple[int, ...]
    #: category id -> (code, name) for every category of the hall
    categories: Mapping[int, tuple[str, str]]


class Context:
    def __init__(
        self,
        config: Config,
        clock: Clock,
        pool_size: int = 5,
        max_overflow: int = 10,
        pool_timeout: float = 60,
    ) -> None:
        self.config = config
        self.clock = clock
        self.zone = ZoneInfo(config.timezone)
        self._pool = (pool_size, max_overflow, pool_timeout)
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._hall: tuple[int, HallInfo] | None = None
        self._closed_day: date | None = None
        self._close_lock = threading.Lock()
        self._windows: dict[int, tuple[float, WindowRef]] = {}

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                size, overflow, timeout = self._pool
                self._engine = db.make_engine(
                    self.config.database_url,
                    pool_size=size,
                    max_overflow=overflow,
                    pool_timeout=timeout,
                )
            return self._engine

    @cached_property
    def backend(self) -> str:
        """postgresql | mysql | sqlite: the central database's kind, read once from the URL."""
        return db.backend_name(self.config.database_url)

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return service_day(self.clock.now(), self.zone)

    def hall(self, conn: Connection) -> tuple[int, HallInfo]:
        """The configured hall's id and info (cached; refused when it does not exist)."""
        if self._hall is None:
            row = hall.hall_by_code(conn, self.config.hall_code)
            if row is None:
                raise DeskError("hall.not_found", hall=self.config.hall_code)
            self._hall = (int(row.id), HallInfo(row.code, row.name, row.timezone))
        return self._hall

    def forget_hall(self) -> None:
        self._hall = None
        self._windows = {}

    def window(self, conn: Connection, number: int) -> WindowRef:
        """The window by number (cached); refused when unknown or when it serves nothing."""
        cached = self._windows.get(number)
        if cached is not None and time.monotonic() - cached[0] < WINDOW_TTL_S:
            return cached[1]
        hall_id, _ = self.hall(conn)
        row = hall.window_by_number(conn, hall_id, number)
        if row is None:
            raise DeskError("queue.unknown_window", window=number)
        category_ids = tuple(hall.window_category_ids(conn, row.id))
        if not category_ids:  # not cached: the refusal must end as soon as it is fixed
            raise DeskError("queue.window_serves_nothing", window=number)
        names = {int(c.id): (c.code, c.name) for c in hall.hall_categories(conn, hall_id)}
        ref = WindowRef(int(row.id), int(row.number), row.name, category_ids, names)
        self._windows[number] = (time.monotonic(), ref)
        return ref

    def read(self, work: Callable[[Connection], R]) -> R:
        try:
            with db.read(self.engine) as conn:
                return work(conn)
        except DeskError as exc:
            if not db.is_stale(exc):
                raise
        with db.read(self.engine) as conn:  # once more, on a fresh connection
            return work(conn)

    def write(self, work: Callable[[Connection], R], *, autocommit: bool = False) -> R:
        """Run ``work`` in one write transaction (see :meth:`transact` for ``autocommit``),
        again from the start after a deadlock; the first write of a service day closes the
        earlier days' tickets first."""
        self._close_previous_days()
        return self.transact(work, autocommit=autocommit)

    def transact(self, work: Callable[[Connection], R], *, autocommit: bool = False) -> R:
        """``work`` in one write transaction (or, with ``autocommit``, statement by
        statement), run again after a deadlock, and once more when a pooled connection was
        found dead before COMMIT. Without write()'s closing of earlier days' tickets: the
        rating page, whose database account has no business with tickets, writes here."""
        session = db.autocommit if autocommit else db.write
        stale_retried = False
        for attempt in range(RETRIES):
            committing = False
            try:
                with session(self.engine) as conn:
                    result = work(conn)
                    committing = True
                return result
            except sa.exc.DBAPIError as exc:
                if not db.is_retryable(exc) or attempt == RETRIES - 1:
                    raise
            except DeskError as exc:
                # A dead pooled connection before COMMIT: nothing happened, run once more.
                if committing or stale_retried or not db.is_stale(exc):
                    raise
                stale_retried = True
        raise AssertionError("unreachable")

    def close_previous_days(self) -> int:
        today = self.today()

        def work(conn: Connection) -> int:
            hall_id, _ = self.hall(conn)
            return tickets.close_previous_days(conn, hall_id, today, self.now())

        with db.write(self.engine) as conn:
            closed = work(conn)
        self._closed_day = today
        return closed

    def _close_previous_days(self) -> None:
        """Once per service day, before the first write: nothing open crosses midnight.

        The check is one date comparison; the lock keeps 200 threads starting together from
        all closing the same day at once.
        """
        if self._closed_day == self.today():
            return
        with self._close_lock:
            if self._closed_day != self.today():
                self.close_previous_days()

"""The sync worker: push the outbox, then pull, forever, with backoff on connection errors.

``SyncEngine.sync_once`` is one full round (handshake, push every pending batch, pull to the
end); ``SyncWorker`` is a plain thread that runs it again and again. Connection failures are
retried by tenacity with exponential backoff and jitter; a refusal that waiting will not cure
soon (a schema the client cannot speak, a broken chain) is reported and tried again at the
longest interval. The outbox is acknowledged only up to what the central database returned:
when the connection drops after COMMIT the batch is simply sent again, and skipped there.

Tests inject ``sleep``, so nothing in them waits for real time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
import tenacity
from sqlalchemy.engine import Connection, Engine

from desk_client.core.clock import Clock
from desk_client.core.errors import DeskError
from desk_client.store import db
from desk_client.store.local import LocalStore, PulledRow
from desk_client.sync import crashpoints, handshake
from desk_client.sync.desks import register_desk
from desk_client.sync.ingest import ingest
from desk_client.sync.pull import pull

log = logging.getLogger(__name__)

#: Events per push transaction: each batch pays a central COMMIT and a local fsync (~45 ms
#: here), so a weekend's backlog drains in few batches (bench/sync.py: 2,000 halves MariaDB's time).
PUSH_BATCH = 2000
PULL_BATCH = 1000
#: Refusals that mean "the other side cannot take this now"; anything else is a bug and loud.
STUCK_CODES = frozenset(
    {
        "sync.schema_mismatch",
        "sync.gap",
        "sync.chain_broken",
        "sync.device_other_hall",
        "hall.not_found",
        "central.not_initialised",
    }
)


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    rejected: int
    pulled: int


@dataclass(frozen=True)
class WorkerStatus:
    state: str  # starting | online | offline | refused | stopped
    last_error: str = ""
    error_code: str = ""
    last_sync_at: datetime | None = None


def transient(exc: BaseException) -> bool:
    """A connection problem that waiting cures: retry with backoff."""
    if isinstance(exc, DeskError):
        return exc.code == "central.unreachable"
    if isinstance(exc, sa.exc.DBAPIError):
        return db.is_disconnect(exc) or db.is_retryable(exc)
    return isinstance(exc, OSError)


class SyncEngine:
    """One sync round at a time (the worker thread, or desk-admin / tests directly)."""

    def __init__(
        self,
        local: LocalStore,
        central: Callable[[], Engine],
        hall_code: str,
        clock: Clock,
        *,
        push_batch: int = PUSH_BATCH,
        pull_batch: int = PULL_BATCH,
        pull_hook: Callable[[Connection, Sequence[PulledRow]], None] | None = None,
        after_sync: Callable[[], None] | None = None,
        desk_wanted: int | None = None,
        desk_at_login: bool = False,
    ) -> None:
        self.local = local
        self._desk_wanted = desk_wanted
        self._desk_at_login = desk_at_login  # a PC without a window asks at its first login
        self._desk_checked = False
        self._central = central
        self._hall = hall_code
        self._clock = clock
        self._push_batch = push_batch
        self._pull_batch = pull_batch
        self._hook = pull_hook
        self._after_sync = after_sync
        self._lock = threading.Lock()

    def sync_once(self) -> SyncReport:
        with self._lock:
            engine = self._central()
            with db.read(engine) as conn:
                handshake.check(conn)
            if not self._desk_checked and not (self._desk_at_login and self.local.desk() is None):
                self.desk(self._desk_wanted)  # once a run: no local read every round after
            pushed, rejected = self.push(engine)
            report = SyncReport(pushed, rejected, self.pull(engine))
            if self._after_sync is not None:
                self._after_sync()
            return report

    def desk(self, wanted: int | None) -> int:
        """This PC's desk number (sync.desks); ``wanted`` is the window whose number it would
        like. Registered the first time, and checked once a run: a central database restored
        from a backup may have lost the registration, and another PC may since hold the desk
        (then this PC takes the one the central database gives)."""
        known = self.local.desk()
        if known is not None and self._desk_checked:
            return known
        now = self._clock.now()
        device_id = self.local.device_id(now)
        with db.write(self._central()) as conn:
            desk = register_desk(
                conn, self._hall, device_id, wanted if known is None else known, now
            )
        if desk != known:
            self.local.set_desk(desk)
        self._desk_checked = True
        return desk

    def push(self, engine: Engine) -> tuple[int, int]:
        pushed = rejected = 0
        while batch := self.local.pending(self._push_batch):
            with db.write(engine) as conn:
                result = ingest(conn, self._hall, batch[0].device_id, batch, self._clock.now())
                crashpoints.reach("after_push_sent", conn)
            crashpoints.reach("after_central_commit")
            self.local.acknowledge(result.last_client_seq, result.rejected, self._clock.now())
            pushed += result.stored
            rejected += len(result.rejected)
            if result.last_client_seq < batch[-1].client_seq:
                break  # the central side took less than sent; the next round resends the rest
        return pushed, rejected

    def pull(self, engine: Engine) -> int:
        pulled = 0
        cursor = self.local.cursor()
        while True:
            with db.read(engine) as conn:
                rows = pull(conn, self._hall, cursor, self._pull_batch)
            if not rows:
                return pulled
            cursor = self.local.apply_pulled(rows, self._hook)
            pulled += len(rows)


class SyncWorker(threading.Thread):
    """Runs ``engine.sync_once`` forever until ``stop()``; reports through ``on_status``."""

    def __init__(
        self,
        engine: SyncEngine,
        clock: Clock,
        on_status: Callable[[WorkerStatus], None] | None = None,
        *,
        idle_s: float = 2.0,
        initial_s: float = 0.5,
        max_s: float = 60.0,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        super().__init__(name="desk-sync", daemon=True)
        self.engine = engine
        self._clock = clock
        self._on_status = on_status
        self._idle_s, self._initial_s, self._max_s = idle_s, initial_s, max_s
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._sleep = sleep or self._wait
        self.status = WorkerStatus("starting")

    def _wait(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def wake(self) -> None:
        """Sync now (e.g. right after a local record) instead of at the next idle tick."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def _report(self, **changes: object) -> None:
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        if self._on_status is not None:
            self._on_status(self.status)

    def _offline(self, state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        self._report(state="offline", last_error=_text(exc), error_code=_code(exc))

    def _retrying(self) -> tenacity.Retrying:
        return tenacity.Retrying(
            retry=tenacity.retry_if_exception(transient),
            wait=tenacity.wait_exponential_jitter(multiplier=self._initial_s, max=self._max_s),
            stop=tenacity.stop_when_event_set(self._stopping),
            sleep=self._sleep,
            before_sleep=self._offline,
            reraise=True,
        )

    def run(self) -> None:
        while not self._stopping.is_set():
            pause = self._idle_s
            try:
                self._retrying()(self.engine.sync_once)
                self._report(
                    state="online", last_error="", error_code="", last_sync_at=self._clock.now()
                )
            except Exception as exc:  # the worker must outlive any one round
                if self._stopping.is_set():
                    break
                stuck = isinstance(exc, DeskError) and exc.code in STUCK_CODES
                if not stuck and not transient(exc):
                    log.exception("sync round failed")
                self._report(
                    state="refused" if stuck else "offline",
                    last_error=_text(exc),
                    error_code=_code(exc),
                )
                pause = self._max_s
            if not self._stopping.is_set():
                self._sleep(pause)
        self._report(state="stopped")


def _code(exc: BaseException | None) -> str:
    return exc.code if isinstance(exc, DeskError) else ("" if exc is None else type(exc).__name__)


def _text(exc: BaseException | None) -> str:
    if exc is None:
        return ""
    if isinstance(exc, DeskError):
        return exc.message("en")
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__

"""SyncService: the outbox, the sync worker, the audit, for the front ends and desk-admin.

Every local-by-nature action is recorded in the local store together with its outbox event
(store.local.LocalStore.record); the worker thread pushes them to the central database and
pulls the hall's events back (sync.worker). ``status()`` says which mode the window is in and
how much waits, for the status bar.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.services import calendar, catalogue, directory
from desk_client.services.context import Context
from desk_client.services.dto import (
    AuditReport,
    ChainBreakView,
    DeviceView,
    OutboxEventView,
    SyncReport,
    SyncStatus,
)
from desk_client.store import local_cases, local_inquiries, local_notices
from desk_client.store.db import errors_as_desk
from desk_client.store.local import LocalStore, OutboxRow, PulledRow
from desk_client.store.local_rows import insert_session
from desk_client.sync import audit
from desk_client.sync.desks import hall_devices
from desk_client.sync.worker import SyncEngine, SyncWorker, WorkerStatus

SESSION_KINDS = ("login", "logout")


def _view(row: OutboxRow) -> OutboxEventView:
    e = row.event
    return OutboxEventView(
        e.client_seq, e.event_id, e.type, e.payload, e.occurred_at, e.actor, row.status, row.reason
    )


def pull_hook(hall_code: str) -> Callable[[Connection, Sequence[PulledRow]], None]:
    """What the pull projects into the local store: the hall's notices, then its case events
    and calendar edits, then its inquiry and absence events, in the pull's transaction. Each
    projection logs and skips a row it cannot take, never raising (a failing hook would stop
    the pull for good)."""

    def project(conn: Connection, rows: Sequence[PulledRow]) -> None:
        local_notices.project_pulled(conn, rows)
        local_cases.project_pulled(conn, rows, hall_code)
        local_inquiries.project_pulled(conn, rows, hall_code)

    return project


def _desk_choice(ctx: Context) -> tuple[int | None, bool]:
    """(The window whose number a PC asks for as its desk, whether it asks at its first login
    instead of its first sync.) A window PC asks for its configured window; one configured
    without a window asks for the window chosen at its first login. A guide desk, a kiosk or
    a display has no window, even where the config file names one."""
    if ctx.config.mode != "clerk":
        return None, False
    return ctx.config.window, ctx.config.window is None


def after_sync(ctx: Context, local: LocalStore) -> None:
    """After each successful sync: the login cache's directory, the catalogue copy, the
    working-day calendar's copy, then the posts, roster and departments (issue 6)."""
    directory.refresh(ctx, local)
    catalogue.refresh_cache(ctx, local)
    calendar.refresh_cache(ctx, local)
    local_inquiries.refresh_cover(local, ctx.config.hall_code, ctx.read, ctx.today(), ctx.now())


class SyncService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._store = LocalStore(ctx.config.local_store) if ctx.config.local_store else None
        self._engine: SyncEngine | None = None
        self._worker: SyncWorker | None = None
        self._lock = threading.Lock()

    @property
    def local(self) -> LocalStore:
        if self._store is None:
            raise DeskError("sync.no_local_store")
        return self._store

    def engine(self) -> SyncEngine:
        with self._lock:
            if self._engine is None:
                ctx = self._ctx
                local = self.local
                wanted, at_login = _desk_choice(ctx)
                self._engine = SyncEngine(
                    local,
                    lambda: ctx.engine,
                    ctx.config.hall_code,
                    ctx.clock,
                    pull_hook=pull_hook(ctx.config.hall_code),
                    after_sync=lambda: after_sync(ctx, local),
                    desk_wanted=wanted,
                    desk_at_login=at_login,
                )
            return self._engine

    # -- recording ---------------------------------------------------------------------------

    def record_session(self, staff_no: str, window_number: int | None, kind: str) -> int:
        """A login or logout at this window (staff.session); returns its client_seq."""
        if kind not in SESSION_KINDS:
            raise ValueError(f"session kind must be login or logout, not {kind!r}")
        now = self._ctx.now()

        def rows(conn: Connection) -> dict[str, object]:
            insert_session(conn, staff_no, window_number, kind, now)
            return {
                "staff_no": staff_no,
                "window": window_number,
                "kind": kind,
                "at": now.isoformat(),
            }

        event = self.local.record("staff.session", rows, staff_no, now)
        self.wake()
        return event.client_seq

    def register_desk(self, wanted: int | None) -> int:
        """This PC's desk number, given by the central database the first time (sync.desks).

        The sync worker's first round registers the PC too (wanting the configured window);
        an online login does it at once, so the first notice never waits for that round.
        """
        with errors_as_desk():
            return self.engine().desk(wanted)

    def devices(self) -> tuple[DeviceView, ...]:
        """The hall's PCs with their desk numbers; ``this_pc`` marks this one's local store."""
        own = self.local.device_id(self._ctx.now()) if self._store is not None else None
        rows = self._ctx.read(lambda conn: hall_devices(conn, self._ctx.config.hall_code))
        return tuple(
            DeviceView(
                row.device_id,
                None if row.desk_no is None else int(row.desk_no),
                row.registered_at,
                int(row.last_client_seq),
                row.device_id == own,
            )
            for row in rows
        )

    # -- syncing -----------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """One full round now (desk-admin, tests): handshake, push everything, pull."""
        report = self.engine().sync_once()
        return SyncReport(report.pushed, report.rejected, report.pulled)

    def start(
        self,
        on_status: Callable[[SyncStatus], None] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        """Start the worker thread (once); ``on_status`` is called from that thread."""
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return
        callback = None if on_status is None else (lambda s: on_status(self._status(s)))
        idle = self._ctx.config.poll_ms / 1000 * 4
        worker = SyncWorker(
            self.engine(),
            self._ctx.clock,
            callback,
            idle_s=idle,
            max_s=max(60.0, float(self._ctx.config.retry_s)),
            sleep=sleep,
        )
        with self._lock:
            self._worker = worker
        worker.start()

    def wake(self) -> None:
        worker = self._worker
        if worker is not None:
            worker.wake()

    def stop(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()

    def _status(self, worker: WorkerStatus | None) -> SyncStatus:
        pending, oldest, rejected = self.local.counts()
        if worker is None:
            return SyncStatus("idle", pending, oldest, rejected)
        return SyncStatus(
            worker.state,
            pending,
            oldest,
            rejected,
            worker.last_error,
            worker.error_code,
            worker.last_sync_at,
        )

    def status(self) -> SyncStatus:
        worker = self._worker
        return self._status(None if worker is None else worker.status)

    def pending(self, limit: int = 1000) -> tuple[OutboxEventView, ...]:
        return tuple(_view(row) for row in self.local.events("pending", limit))

    def rejected(self, limit: int = 1000) -> tuple[OutboxEventView, ...]:
        """Poison events, each with the reason the central database gave."""
        return tuple(_view(row) for row in self.local.events("rejected", limit))

    # -- audit -------------------------------------------------------------------------------

    def audit_verify(self) -> AuditReport:
        """Walk every device's hash chain of this hall in the central events table."""
        result = self._ctx.read(lambda conn: audit.verify_hall(conn, self._ctx.config.hall_code))
        breaks = tuple(ChainBreakView(b.device_id, b.client_seq, b.problem) for b in result.breaks)
        return AuditReport(result.devices, result.events, breaks)

    def close(self) -> None:
        self.stop()
        if self._store is not None:
            self._store.dispose()

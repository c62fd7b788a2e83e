"""The per-PC local store (SQLite): this device's id, what it printed, and its outbox.

Every local-by-nature action is ONE local transaction that writes its rows and an outbox event
(:meth:`LocalStore.record`) with the next client_seq and the previous event's hash
(core.hashchain): nothing recorded is lost between table and outbox; the trail is tamper-evident.

One writer: every LocalStore on one file in this process shares one engine and write lock;
writes run ``BEGIN IMMEDIATE``. SQLite 3.7.0-3.51.2 (bar the 3.50.7 and 3.44.6 backports) can
corrupt a database when two connections of one process write and checkpoint concurrently (the
WAL-reset bug); on those versions the engine keeps ONE connection. Offline login: local_cache.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import uuid6
from sqlalchemy.engine import Connection, Engine, make_url

from desk_client.core.hashchain import GENESIS, ChainEvent, seal
from desk_client.store import db
from desk_client.store.local_schema import (
    device,
    inbox,
    outbox,
    printed_documents,
    sync_state,
)

Payload = Mapping[str, Any] | Callable[[Connection], Mapping[str, Any]]

#: Called after each committed record (sync.crashpoints installs a kill -9 here in fault
#: tests); None in production, so the cost is one comparison.
_commit_hook: Callable[[], None] | None = None


def set_commit_hook(hook: Callable[[], None] | None) -> None:
    global _commit_hook  # noqa: PLW0603 - one process-wide test hook, off by default
    _commit_hook = hook


def _committed() -> None:
    if _commit_hook is not None:
        _commit_hook()


def local_url(path_or_url: str) -> str:
    return path_or_url if "://" in path_or_url else f"sqlite:///{path_or_url}"


def wal_reset_bug(version: tuple[int, ...] = sqlite3.sqlite_version_info) -> bool:
    """True when this SQLite has the WAL-reset corruption bug (fixed 3.51.3/3.50.7/3.44.6)."""
    if version < (3, 7, 0) or version >= (3, 51, 3):
        return False
    fixed_backport = (3, 50, 7) <= version < (3, 51, 0) or (3, 44, 6) <= version < (3, 45, 0)
    return not fixed_backport


@dataclass(frozen=True)
class OutboxRow:
    """An outbox event with its sync status (for the status bar and the rejected list)."""

    event: ChainEvent
    status: str  # pending | acked | rejected
    reason: str | None
    acked_at: datetime | None


@dataclass(frozen=True)
class PulledRow:
    """One central event as the pull hands it over (sync.pull builds these)."""

    server_seq: int
    event_id: str
    device_id: str
    type: str
    payload: str
    occurred_at: datetime
    status: str


class _Shared:
    """The one engine and write lock of one local file in this process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine | None = None
        self.write_lock = threading.RLock()
        self.open_lock = threading.Lock()
        self.users = 0
        self.device_id: str | None = None


_SHARED: dict[str, _Shared] = {}
_SHARED_LOCK = threading.Lock()


def _make_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite" and wal_reset_bug():
        return db.make_engine(url, pool_size=1, max_overflow=0)
    return db.make_engine(url)


#: The head of the local migration tree. A store already there opens without alembic, whose
#: import costs a clerk's PC ~0.3 s on every start (tests/integration/test_migrations.py
#: checks this equals the tree's head).
LOCAL_HEAD = "0007"


def at_local_head(engine: Engine) -> bool:
    """True when the store's alembic_version is LOCAL_HEAD (False for a new file)."""
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.OperationalError:  # no such table: a new store
        return False
    return version == LOCAL_HEAD


class LocalStore:
    """Opened (and migrated) on first use."""

    def __init__(self, path_or_url: str) -> None:
        self._url = local_url(path_or_url)
        with _SHARED_LOCK:
            self._shared = _SHARED.setdefault(self._url, _Shared(self._url))
            self._shared.users += 1
        self._closed = False

    @property
    def single_connection(self) -> bool:
        return wal_reset_bug()

    def engine(self) -> Engine:
        shared = self._shared
        with shared.open_lock:
            if shared.engine is None:
                engine = _make_engine(self._url)
                if not at_local_head(engine):
                    from desk_client.store import migrate  # alembic: slow import

                    migrate.upgrade(engine, "local")
                shared.engine = engine
            return shared.engine

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction under the file's lock (also for store.local_cache)."""
        with self._shared.write_lock, db.write(self.engine()) as conn:
            yield conn

    def _device(self, conn: Connection, now: datetime) -> str:
        if self._shared.device_id is not None:
            return self._shared.device_id
        found = conn.execute(sa.select(device.c.device_id)).scalar_one_or_none()
        if found is None:  # not cached until committed: the transaction may still roll back
            new = str(uuid6.uuid7())
            conn.execute(device.insert().values(device_id=new, created_at=now))
            return new
        self._shared.device_id = str(found)
        return self._shared.device_id

    def device_id(self, now: datetime) -> str:
        with self.write() as conn:
            return self._device(conn, now)

    # -- recording -------------------------------------------------------------------------

    def record(self, type: str, payload: Payload, actor: str, now: datetime) -> ChainEvent:
        """ONE transaction: run ``payload`` (which may write rows) and append the event.

        ``payload`` is the event's JSON object, or a function that writes the action's rows
        on the connection and returns it (when the payload depends on those rows).
        """
        with self.write() as conn:
            event = self.record_in(conn, type, payload, actor, now)
        _committed()
        return event

    def record_in(
        self, conn: Connection, type: str, payload: Payload, actor: str, now: datetime
    ) -> ChainEvent:
        body = payload(conn) if callable(payload) else payload
        last = conn.execute(
            sa.select(outbox.c.client_seq, outbox.c.hash)
            .order_by(outbox.c.client_seq.desc())
            .limit(1)
        ).first()
        seq, prev = (int(last.client_seq), str(last.hash)) if last else (0, GENESIS)
        event = seal(
            event_id=str(uuid6.uuid7()),
            device_id=self._device(conn, now),
            client_seq=seq + 1,
            type=type,
            payload=body,
            occurred_at=now,
            actor=actor,
            prev_hash=prev,
        )
        values = {k: getattr(event, k) for k in _EVENT_COLUMNS if k != "device_id"}
        conn.execute(outbox.insert().values(**values, status="pending"))
        return event

    def save_printed(self, kind: str, number: str, pdf: bytes, now: datetime) -> int:
        """Keep the PDF for reprint and record ``document.printed`` in the same transaction."""
        with self.write() as conn:
            values = {"kind": kind, "number": number, "pdf": pdf, "created_at": now}
            new = db.new_id(conn.execute(printed_documents.insert().values(**values)))
            digest = hashlib.sha256(pdf).hexdigest()
            payload = {"kind": kind, "number": number, "sha256": digest, "at": now.isoformat()}
            self.record_in(conn, "document.printed", payload, "", now)
        _committed()
        return new

    def printed(self, document_id: int) -> bytes | None:
        with db.read(self.engine()) as conn:
            query = sa.select(printed_documents.c.pdf).where(printed_documents.c.id == document_id)
            found = conn.execute(query).scalar_one_or_none()
            return None if found is None else bytes(found)

    # -- the sync worker's side ------------------------------------------------------------

    def pending(self, limit: int) -> list[ChainEvent]:
        """The oldest unacknowledged events, in client_seq order."""
        with db.read(self.engine()) as conn:
            device_id = self._device_read(conn)
            query = (
                sa.select(*(outbox.c[k] for k in _EVENT_COLUMNS if k != "device_id"))
                .where(outbox.c.status == "pending")
                .order_by(outbox.c.client_seq)
                .limit(limit)
            )
            return [_event(row, device_id) for row in conn.execute(query)]

    def _device_read(self, conn: Connection) -> str:
        if self._shared.device_id is None:
            found = conn.execute(sa.select(device.c.device_id)).scalar_one_or_none()
            return "" if found is None else str(found)
        return self._shared.device_id

    def acknowledge(self, up_to: int, rejected: Mapping[int, str], now: datetime) -> int:
        """Mark pending events up to ``up_to`` acked (or rejected, with the central reason)."""
        with self.write() as conn:
            o = outbox.c
            done = conn.execute(
                outbox.update()
                .where(o.status == "pending", o.client_seq <= up_to)
                .values(status="acked", acked_at=now)
            ).rowcount
            for seq, reason in rejected.items():
                conn.execute(
                    outbox.update()
                    .where(o.client_seq == seq, o.status != "rejected")
                    .values(status="rejected", reason=reason[:500], acked_at=now)
                )
            _set(conn, "acked", str(up_to))
            return int(done)

    def counts(self) -> tuple[int, datetime | None, int]:
        """(pending count, oldest pending occurred_at, rejected count)."""
        o = outbox.c
        with db.read(self.engine()) as conn:
            pending = conn.execute(
                sa.select(sa.func.count()).where(o.status == "pending")
            ).scalar_one()
            oldest = conn.execute(
                sa.select(o.occurred_at)
                .where(o.status == "pending")
                .order_by(o.client_seq)
                .limit(1)
            ).scalar_one_or_none()
            rejected = conn.execute(
                sa.select(sa.func.count()).where(o.status == "rejected")
            ).scalar_one()
        return int(pending), oldest, int(rejected)

    def events(self, status: str | None = None, limit: int = 1000) -> list[OutboxRow]:
        o = outbox.c
        query = sa.select(outbox).order_by(o.client_seq).limit(limit)
        if status is not None:
            query = query.where(o.status == status)
        with db.read(self.engine()) as conn:
            device_id = self._device_read(conn)
            return [
                OutboxRow(_event(row, device_id), row.status, row.reason, row.acked_at)
                for row in conn.execute(query)
            ]

    def cursor(self) -> int:
        with db.read(self.engine()) as conn:
            return int(_get(conn, "cursor") or 0)

    def desk(self) -> int | None:
        """This PC's desk number (sync.desks), None until the central database gave one."""
        with db.read(self.engine()) as conn:
            return desk_in(conn)

    def set_desk(self, desk: int) -> None:
        with self.write() as conn:
            _set(conn, "desk", str(desk))

    def apply_pulled(
        self,
        rows: Sequence[PulledRow],
        hook: Callable[[Connection, Sequence[PulledRow]], None] | None = None,
    ) -> int:
        """Store pulled events and move the cursor past them, in ONE local transaction.

        ``hook`` projects them into local tables (later issues); if it fails, neither the
        rows nor the cursor move, so the same rows are pulled again.
        """
        if not rows:
            return self.cursor()
        with self.write() as conn:
            own = self._device_read(conn)
            others = [vars(row) for row in rows if row.device_id != own]
            if others:
                conn.execute(inbox.insert(), others)
            if hook is not None:
                hook(conn, rows)
            cursor = max(row.server_seq for row in rows)
            _set(conn, "cursor", str(cursor))
            return cursor

    def dispose(self) -> None:
        if self._closed:
            return
        self._closed = True
        shared = self._shared
        with _SHARED_LOCK:
            shared.users -= 1
            last = shared.users == 0
            if last:
                _SHARED.pop(shared.url, None)
        if last:
            with shared.open_lock:
                if shared.engine is not None:
                    shared.engine.dispose()
                    shared.engine = None


_EVENT_COLUMNS = (
    "client_seq",
    "event_id",
    "device_id",
    "type",
    "payload",
    "occurred_at",
    "actor",
    "prev_hash",
    "hash",
)


def _event(row: Any, device_id: str) -> ChainEvent:
    values = {k: getattr(row, k) for k in _EVENT_COLUMNS if k != "device_id"}
    values["client_seq"] = int(values["client_seq"])
    return ChainEvent(device_id=device_id, **values)


def desk_in(conn: Connection) -> int | None:
    found = _get(conn, "desk")
    return None if found is None else int(found)


def number_desk(conn: Connection, window: int | None) -> int:
    """The middle part of a number this PC makes (a notice's, an inquiry's, a walk-in's): its
    desk number (sync.desks), or before it has one, the window's number (0 for none)."""
    desk = desk_in(conn)
    return (window or 0) if desk is None else desk


def _get(conn: Connection, key: str) -> str | None:
    query = sa.select(sync_state.c.value).where(sync_state.c.key == key)
    found = conn.execute(query).scalar_one_or_none()
    return None if found is None else str(found)


def _set(conn: Connection, key: str, value: str) -> None:
    changed = conn.execute(
        sync_state.update().where(sync_state.c.key == key).values(value=value)
    ).rowcount
    if not changed:
        conn.execute(sync_state.insert().values(key=key, value=value))

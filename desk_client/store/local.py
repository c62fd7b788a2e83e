"""The per-PC local store (SQLite): this device's id and every printed document."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from desk_client.store import db
from desk_client.store.local_schema import device, printed_documents


def local_url(path_or_url: str) -> str:
    return path_or_url if "://" in path_or_url else f"sqlite:///{path_or_url}"


class LocalStore:
    """Opened (and migrated) on first use."""

    def __init__(self, path_or_url: str) -> None:
        self._url = local_url(path_or_url)
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                engine = db.make_engine(self._url)
                from desk_client.store import migrate  # alembic: slow import, first use only

                migrate.upgrade(engine, "local")
                self._engine = engine
            return self._engine

    def device_id(self, now: datetime) -> str:
        with db.write(self.engine()) as conn:
            found = conn.execute(sa.select(device.c.device_id)).scalar_one_or_none()
            if found is not None:
                return str(found)
            new = str(uuid.uuid4())
            conn.execute(device.insert().values(device_id=new, created_at=now))
            return new

    def save_printed(self, kind: str, number: str, pdf: bytes, now: datetime) -> int:
        with db.write(self.engine()) as conn:
            values = {"kind": kind, "number": number, "pdf": pdf, "created_at": now}
            return db.new_id(conn.execute(printed_documents.insert().values(**values)))

    def printed(self, document_id: int) -> bytes | None:
        with db.read(self.engine()) as conn:
            query = sa.select(printed_documents.c.pdf).where(printed_documents.c.id == document_id)
            found = conn.execute(query).scalar_one_or_none()
            return None if found is None else bytes(found)

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

"""A central database for the fault tests: migrated, with one bare hall, and the checks."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from desk_client.store import db, migrate
from desk_client.store.schema import halls
from desk_client.store.sync_schema import events
from desk_client.sync.audit import verify_hall


def prepare(url: str) -> str:
    """Migrate ``url`` and add a bare hall (events need only its row); returns its code."""
    migrate.upgrade(url, "central")
    code = f"f{uuid.uuid4().hex[:10]}"
    engine = db.make_engine(url, pool_size=1)
    try:
        with db.write(engine) as conn:
            conn.execute(halls.insert().values(code=code, name="fault", timezone="Asia/Shanghai"))
    finally:
        engine.dispose()
    return code


@dataclass(frozen=True)
class LocalView:
    device_id: str
    events: dict[int, str]  # client_seq -> event_id
    pending: int
    integrity: str


def read_local(path: Path) -> LocalView:
    """The outbox as the file holds it (plain sqlite3, closed at once)."""
    conn = sqlite3.connect(path)
    try:
        found = conn.execute("SELECT device_id FROM device").fetchone()
        rows = conn.execute("SELECT client_seq, event_id, status FROM outbox").fetchall()
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    pending = sum(1 for row in rows if row[2] == "pending")
    return LocalView(found[0] if found else "", {r[0]: r[1] for r in rows}, pending, integrity)


@dataclass
class Tally:
    cycles: int = 0
    crashed: int = 0
    lost: int = 0
    duplicated: int = 0
    integrity_failures: int = 0
    problems: list[str] | None = None

    def note(self, problem: str) -> None:
        self.problems = [*(self.problems or []), problem]


def compare(
    engine: sa.Engine, hall: str, local: LocalView, claimed: dict[int, str], t: Tally
) -> None:
    """Central events of the device == the local outbox; nothing lost, nothing twice."""
    e = events.c
    query = sa.select(e.client_seq, e.event_id).where(e.device_id == local.device_id)
    with db.read(engine) as conn:
        central = [(int(seq), str(eid)) for seq, eid in conn.execute(query)]
        audit = verify_hall(conn, hall)
    ids = [eid for _, eid in central]
    seqs = [seq for seq, _ in central]
    dup = (len(ids) - len(set(ids))) + (len(seqs) - len(set(seqs)))
    lost = len(set(local.events.values()) - set(ids))
    lost += sum(1 for seq, eid in claimed.items() if local.events.get(seq) != eid)
    extra = len(set(ids) - set(local.events.values()))
    t.duplicated += dup + extra
    t.lost += lost
    if local.integrity != "ok" or not audit.ok or local.pending:
        t.integrity_failures += 1
        t.note(f"integrity={local.integrity} audit={audit.breaks} pending={local.pending}")
    if dup or lost or extra:
        t.note(f"device {local.device_id}: lost={lost} dup={dup} extra={extra}")

"""``desk-admin audit verify``: walk every device's hash chain in the central events table.

Each stored event is hashed again from its fields, its prev_hash must be the previous event's
hash, client_seq must run 1, 2, 3, ... without a hole, and the device row's head (last
client_seq and hash) must be the chain's last event. Every break is reported by device and
sequence; nothing is changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.hashchain import GENESIS, ChainBreak, ChainEvent, verify_chain
from desk_client.store.sync_schema import devices, events
from desk_client.sync.ingest import hall_id_of

FIELDS = tuple(ChainEvent.__dataclass_fields__)


@dataclass(frozen=True)
class AuditResult:
    devices: int
    events: int
    breaks: tuple[ChainBreak, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks


def _stream(conn: Connection, hall_id: int) -> Iterator[ChainEvent]:
    e = events.c
    query = (
        sa.select(*(e[name] for name in FIELDS))
        .where(e.hall_id == hall_id)
        .order_by(e.device_id, e.client_seq)
    )
    for row in conn.execution_options(yield_per=2000).execute(query):
        values = row._asdict()
        values["client_seq"] = int(values["client_seq"])
        yield ChainEvent(**values)


def _heads(conn: Connection, hall_id: int) -> dict[str, tuple[int, str]]:
    d = devices.c
    query = sa.select(d.device_id, d.last_client_seq, d.last_hash).where(d.hall_id == hall_id)
    return {row.device_id: (int(row.last_client_seq), row.last_hash) for row in conn.execute(query)}


def verify_hall(conn: Connection, hall_code: str) -> AuditResult:
    hall_id = hall_id_of(conn, hall_code)
    heads = _heads(conn, hall_id)
    breaks: list[ChainBreak] = []
    count = 0
    seen: set[str] = set()
    for device_id, chain in itertools.groupby(_stream(conn, hall_id), key=lambda ev: ev.device_id):
        seen.add(device_id)
        last: ChainEvent | None = None

        def tracked(items: Iterator[ChainEvent]) -> Iterator[ChainEvent]:
            nonlocal last, count
            for item in items:
                last, count = item, count + 1
                yield item

        breaks += verify_chain(tracked(chain))
        head = heads.get(device_id)
        if last is not None and head != (last.client_seq, last.hash):
            breaks.append(ChainBreak(device_id, last.client_seq, "head"))
    for device_id, (seq, digest) in heads.items():
        if device_id not in seen and (seq, digest) != (0, GENESIS):
            breaks.append(ChainBreak(device_id, seq, "head"))
    return AuditResult(len(heads), count, tuple(breaks))

"""The central ingest transaction: one device's batch of outbox events, exactly once.

In ONE transaction (the caller's): lock the device row; skip events at or below the device's
last client_seq (a resend after a lost acknowledgement is harmless); refuse a gap or a broken
hash chain (nothing changes); take server_seq numbers from the hall's counter row, locked in
the same transaction (a plain sequence commits out of order and makes pull cursors skip rows);
apply each event through its handler, storing poison as rejected with the reason; insert the
events idempotently on event_id; move the device's last client_seq and hash; return them.

Lock order is always device row, then hall counter row, so two devices never deadlock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.hashchain import GENESIS, ChainEvent, check_link
from desk_client.store import hall
from desk_client.store.sync_schema import devices, events, hall_event_seq
from desk_client.sync import handlers as _handlers  # registers today's event types
from desk_client.sync import handlers_cases as _cases  # issue 5's
from desk_client.sync import handlers_inquiries as _inquiries  # issue 6's
from desk_client.sync import handlers_notices as _notices  # and issue 4's
from desk_client.sync import handlers_ratings as _ratings  # issue 7's
from desk_client.sync.events import (
    Apply,
    ApplyContext,
    Incoming,
    bulk_insert,
    handler_for,
    parse,
)

assert _handlers and _notices and _cases and _inquiries and _ratings  # for their registrations


@dataclass(frozen=True)
class IngestResult:
    """What the client may mark acknowledged: everything up to ``last_client_seq``."""

    last_client_seq: int
    stored: int  # events newly stored by this call
    rejected: Mapping[int, str]  # client_seq -> reason, for the batch's poison events
    last_server_seq: int


def insert_ignoring(
    conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]], key: str
) -> None:
    """INSERT that skips rows whose ``key`` already exists (idempotent on every backend)."""
    if not rows:
        return
    name = conn.dialect.name
    if name == "mysql":
        stmt_my = mysql.insert(table)
        conn.execute(stmt_my.on_duplicate_key_update({key: stmt_my.inserted[key]}), rows)
        return
    if name == "sqlite":
        conn.execute(sqlite.insert(table).on_conflict_do_nothing(index_elements=[key]), rows)
        return
    bulk_insert(conn, table, rows, conflict=key)  # PostgreSQL: ON CONFLICT DO NOTHING


def hall_id_of(conn: Connection, hall_code: str) -> int:
    row = hall.hall_by_code(conn, hall_code)
    if row is None:
        raise DeskError("hall.not_found", hall=hall_code)
    return int(row.id)


def lock_device(conn: Connection, hall_id: int, device_id: str, now: datetime) -> tuple[int, str]:
    """(last client_seq, last hash) of the device, its row locked (registered on first use)."""
    query = (
        sa.select(devices.c.hall_id, devices.c.last_client_seq, devices.c.last_hash)
        .where(devices.c.device_id == device_id)
        .with_for_update()
    )
    row = conn.execute(query).first()
    if row is None:
        new = {"device_id": device_id, "hall_id": hall_id, "last_client_seq": 0}
        new |= {"last_hash": GENESIS, "registered_at": now}
        insert_ignoring(conn, devices, [new], "device_id")
        row = conn.execute(query).one()
    if int(row.hall_id) != hall_id:
        raise DeskError("sync.device_other_hall", device=device_id)
    return int(row.last_client_seq), str(row.last_hash)


def take_server_seqs(conn: Connection, hall_id: int, count: int) -> int:
    """Reserve ``count`` server_seq numbers; returns the last one before them."""
    h = hall_event_seq.c
    query = sa.select(h.last_server_seq).where(h.hall_id == hall_id).with_for_update()
    last = conn.execute(query).scalar_one_or_none()
    if last is None:
        insert_ignoring(
            conn, hall_event_seq, [{"hall_id": hall_id, "last_server_seq": 0}], "hall_id"
        )
        last = conn.execute(query).scalar_one()
    update = hall_event_seq.update().where(h.hall_id == hall_id)
    conn.execute(update.values(last_server_seq=int(last) + count))
    return int(last)


def check_chain(fresh: Sequence[ChainEvent], device_id: str, last_seq: int, last_hash: str) -> None:
    """Refuse (change nothing) on a gap, a foreign device or a broken hash chain."""
    seq, prev = last_seq + 1, last_hash
    for event in fresh:
        if event.device_id != device_id:
            raise DeskError(
                "sync.chain_broken", device=device_id, seq=event.client_seq, problem="device"
            )
        problem = check_link(event, seq, prev)
        if problem == "gap":
            raise DeskError("sync.gap", device=device_id, expected=seq, got=event.client_seq)
        if problem is not None:
            raise DeskError(
                "sync.chain_broken", device=device_id, seq=event.client_seq, problem=problem
            )
        seq, prev = event.client_seq + 1, event.hash


def apply_all(conn: Connection, ctx: ApplyContext, fresh: Sequence[ChainEvent]) -> dict[str, str]:
    """Apply every valid event through its handler, grouped by apply function in first-seen
    order. Types that share one apply function (the case lifecycle: opened, paused, resumed,
    paused again...) reach it together in the device's order, which their rows depend on."""
    refused: dict[str, str] = {}
    groups: dict[Apply, list[Incoming]] = {}
    for event in fresh:
        payload, reason = parse(event)
        if payload is None:
            refused[event.event_id] = reason or "invalid"
            continue
        handler = handler_for(event.type)
        assert handler is not None  # parse() found it
        groups.setdefault(handler.apply, []).append(Incoming(event, payload))
    for apply, items in groups.items():
        refused |= apply(conn, ctx, items)
    return refused


def _event_rows(
    fresh: Sequence[ChainEvent],
    hall_id: int,
    first_server: int,
    refused: Mapping[str, str],
    now: datetime,
) -> list[dict[str, Any]]:
    rows = []
    for offset, event in enumerate(fresh, start=1):
        reason = refused.get(event.event_id)
        row = {k: getattr(event, k) for k in ChainEvent.__dataclass_fields__}
        row |= {"hall_id": hall_id, "server_seq": first_server + offset, "received_at": now}
        row |= {
            "status": "rejected" if reason else "applied",
            "reason": (reason or None) and reason[:500],
        }
        rows.append(row)
    return rows


def previous_rejections(conn: Connection, device_id: str, seqs: Sequence[int]) -> dict[int, str]:
    """Reasons for already-stored poison events of a resent batch (their ack was lost)."""
    if not seqs:
        return {}
    e = events.c
    query = sa.select(e.client_seq, e.reason).where(
        e.device_id == device_id,
        e.client_seq.between(min(seqs), max(seqs)),
        e.status == "rejected",
    )
    return {int(seq): str(reason or "") for seq, reason in conn.execute(query)}


def ingest(
    conn: Connection, hall_code: str, device_id: str, batch: Sequence[ChainEvent], now: datetime
) -> IngestResult:
    """Store and apply one batch of one device's events (see the module docstring)."""
    hall_id = hall_id_of(conn, hall_code)
    last_seq, last_hash = lock_device(conn, hall_id, device_id, now)
    ordered = sorted(batch, key=lambda e: e.client_seq)
    fresh = [e for e in ordered if e.client_seq > last_seq]
    old = previous_rejections(
        conn, device_id, [e.client_seq for e in ordered if e.client_seq <= last_seq]
    )
    if not fresh:
        return IngestResult(last_seq, 0, old, 0)
    check_chain(fresh, device_id, last_seq, last_hash)
    before = take_server_seqs(conn, hall_id, len(fresh))
    refused = apply_all(conn, ApplyContext(hall_id, hall_code, device_id, now), fresh)
    insert_ignoring(conn, events, _event_rows(fresh, hall_id, before, refused, now), "event_id")
    tail = fresh[-1]
    conn.execute(
        devices.update()
        .where(devices.c.device_id == device_id)
        .values(last_client_seq=tail.client_seq, last_hash=tail.hash)
    )
    by_id = {e.event_id: e.client_seq for e in fresh}
    rejected = old | {by_id[event_id]: reason for event_id, reason in refused.items()}
    return IngestResult(tail.client_seq, len(fresh), rejected, before + len(fresh))

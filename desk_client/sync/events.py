"""Event types and their handlers: ``register(type, apply_fn, validate_fn)``.

A handler says whether a payload is acceptable (``validate_fn``: pure, returns the reason it is
not, or None) and applies a batch of accepted events of its type to the central tables inside
the ingest transaction (``apply_fn``: returns the reason for any event it had to refuse after
all, e.g. an unknown category). A payload that is not a JSON object, an unknown type, or a
refusal is poison: the event is stored as rejected with its reason and still advances the
device's sequence, so one bad event from an old client never blocks the ones after it.

Later issues (cases, notices, inquiries, ratings) register their own types the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.hashchain import ChainEvent


@dataclass(frozen=True)
class ApplyContext:
    hall_id: int
    hall_code: str
    device_id: str
    now: datetime


@dataclass(frozen=True)
class Incoming:
    event: ChainEvent
    payload: dict[str, Any]


Validate = Callable[[Mapping[str, Any]], str | None]
#: Applies a batch (in client_seq order); returns {event_id: reason} for events it refused.
Apply = Callable[[Connection, ApplyContext, Sequence[Incoming]], dict[str, str]]


@dataclass(frozen=True)
class Handler:
    type: str
    apply: Apply
    validate: Validate


_HANDLERS: dict[str, Handler] = {}


def register(type: str, apply_fn: Apply, validate_fn: Validate) -> None:
    """Make ``type`` known to the central ingest (re-registering replaces the handler)."""
    _HANDLERS[type] = Handler(type, apply_fn, validate_fn)


def handler_for(type: str) -> Handler | None:
    return _HANDLERS.get(type)


def known_types() -> tuple[str, ...]:
    return tuple(sorted(_HANDLERS))


def parse(event: ChainEvent) -> tuple[dict[str, Any] | None, str | None]:
    """(payload, None) when the event can be applied, else (None, the poison reason)."""
    handler = handler_for(event.type)
    if handler is None:
        return None, f"unknown event type {event.type!r}"
    try:
        payload = json.loads(event.payload)
    except ValueError as exc:
        return None, f"payload is not JSON: {exc}"
    if not isinstance(payload, dict):
        return None, "payload is not a JSON object"
    reason = handler.validate(payload)
    return (None, reason) if reason else (payload, None)


def _bound(conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    """The rows as the driver takes them (each column's bind processing applied once)."""
    names = list(rows[0])
    columns = []
    for name in names:
        kind = table.c[name].type
        if isinstance(kind, sa.TypeDecorator):
            columns.append([kind.process_bind_param(row[name], conn.dialect) for row in rows])
            continue
        bind = kind.bind_processor(conn.dialect)
        values = [row[name] for row in rows]
        columns.append(values if bind is None else [bind(v) for v in values])
    return [list(row) for row in zip(*columns, strict=True)]


def _pg_copy_insert(
    conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]], conflict: str | None
) -> None:
    """COPY the rows in (psycopg formats them in C: several times faster than binding arrays
    for unnest). COPY knows no ON CONFLICT, so with ``conflict`` the rows go through a
    session-private staging table, moved by one INSERT ... SELECT ... ON CONFLICT DO NOTHING
    that also empties it. Both run on the caller's connection, inside its transaction."""
    names = ", ".join(rows[0])
    target = table.name if conflict is None else f"sync_stage_{table.name}"
    raw: Any = conn.connection.driver_connection
    with raw.cursor() as cursor:
        if conflict is not None:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {target} ON COMMIT DELETE ROWS "
                f"AS SELECT {names} FROM {table.name} WITH NO DATA"
            )
        with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for row in _bound(conn, table, rows):
                copy.write_row(row)
        if conflict is not None:
            cursor.execute(
                f"WITH moved AS (DELETE FROM {target} RETURNING {names}) "
                f"INSERT INTO {table.name} ({names}) SELECT {names} FROM moved "
                f"ON CONFLICT ({conflict}) DO NOTHING"
            )


def bulk_insert(
    conn: Connection,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    conflict: str | None = None,
) -> None:
    """Insert many rows fast (all rows must have the same keys); on PostgreSQL one unnest
    COPY. ``conflict`` names a unique column whose duplicates are skipped there."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _pg_copy_insert(conn, table, rows, conflict)
        return
    conn.execute(table.insert(), rows)


# -- small checks the handlers share ---------------------------------------------------------


def text_field(
    payload: Mapping[str, Any], key: str, max_len: int, *, empty: bool = False
) -> str | None:
    value = payload.get(key)
    if not isinstance(value, str) or (not value and not empty) or len(value) > max_len:
        return f"{key} must be text of 1-{max_len} characters"
    return None


def int_field(payload: Mapping[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = payload.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"{key} must be a positive whole number"
    return None


def time_field(payload: Mapping[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = payload.get(key)
    if value is None and optional:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        return f"{key} must be an ISO time with a UTC offset"
    return None


def first_problem(*problems: str | None) -> str | None:
    return next((p for p in problems if p), None)

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


def _pg_array_type(column: sa.Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, sa.TypeDecorator):
        return "timestamp[]"
    if isinstance(kind, sa.BigInteger):
        return "bigint[]"
    if isinstance(kind, sa.Integer):
        return "integer[]"
    if isinstance(kind, sa.Boolean):
        return "boolean[]"
    return "text[]"


def _pg_unnest_insert(
    conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]], conflict: str | None
) -> None:
    """One INSERT ... SELECT FROM unnest(arrays): one statement and one compiled plan per
    batch (psycopg's executemany sends a statement per row; a VALUES list recompiles)."""
    names = list(rows[0])
    params: dict[str, list[Any]] = {}
    casts = []
    for index, name in enumerate(names):
        column = table.c[name]
        bind = column.type.bind_processor(conn.dialect)
        kind = column.type
        values = [row[name] for row in rows]
        if isinstance(kind, sa.TypeDecorator):
            values = [kind.process_bind_param(v, conn.dialect) for v in values]
        elif bind is not None:
            values = [bind(v) for v in values]
        params[f"p{index}"] = values
        casts.append(f"CAST(:p{index} AS {_pg_array_type(column)})")
    tail = f" ON CONFLICT ({conflict}) DO NOTHING" if conflict else ""
    sql = (
        f"INSERT INTO {table.name} ({', '.join(names)}) "
        f"SELECT * FROM unnest({', '.join(casts)}){tail}"
    )
    conn.execute(sa.text(sql), params)


def bulk_insert(
    conn: Connection,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    conflict: str | None = None,
) -> None:
    """Insert many rows fast (all rows must have the same keys); on PostgreSQL one unnest
    statement. ``conflict`` names a unique column whose duplicates are skipped there."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _pg_unnest_insert(conn, table, rows, conflict)
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

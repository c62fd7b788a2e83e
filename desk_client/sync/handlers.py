"""The event types that exist today: staff.session, document.printed, ticket.emergency.

Imported by sync.ingest, which registers them on first import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store import hall
from desk_client.store.schema import tickets
from desk_client.store.sync_schema import printed_documents, staff_sessions
from desk_client.sync.events import (
    ApplyContext,
    Incoming,
    bulk_insert,
    first_problem,
    int_field,
    register,
    text_field,
    time_field,
)

EMERGENCY_RE = re.compile(r"^W\d{2,}-\d{3,}$")


def _at(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


# -- staff.session: a login or logout at a window -------------------------------------------


def validate_session(payload: Mapping[str, Any]) -> str | None:
    kind = payload.get("kind")
    return first_problem(
        text_field(payload, "staff_no", 32),
        int_field(payload, "window", optional=True),
        None if kind in ("login", "logout") else "kind must be login or logout",
        time_field(payload, "at"),
    )


def apply_sessions(
    conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]
) -> dict[str, str]:
    rows = [
        {
            "hall_id": ctx.hall_id,
            "event_id": item.event.event_id,
            "device_id": ctx.device_id,
            "staff_no": item.payload["staff_no"],
            "window_number": item.payload.get("window"),
            "kind": item.payload["kind"],
            "at": _at(item.payload["at"]),
        }
        for item in items
    ]
    bulk_insert(conn, staff_sessions, rows)
    return {}


# -- document.printed: the audit of every printed slip or notice ----------------------------


def validate_printed(payload: Mapping[str, Any]) -> str | None:
    digest = payload.get("sha256")
    return first_problem(
        text_field(payload, "kind", 32),
        text_field(payload, "number", 32),
        None
        if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)
        else "sha256 must be 64 hex digits",
        time_field(payload, "at"),
    )


def apply_printed(conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]) -> dict[str, str]:
    rows = [
        {
            "hall_id": ctx.hall_id,
            "event_id": item.event.event_id,
            "device_id": ctx.device_id,
            "kind": item.payload["kind"],
            "number": item.payload["number"],
            "sha256": item.payload["sha256"],
            "at": _at(item.payload["at"]),
        }
        for item in items
    ]
    bulk_insert(conn, printed_documents, rows)
    return {}


# -- ticket.emergency: an offline walk-in (应急号), into the central tickets table -----------


def validate_emergency(payload: Mapping[str, Any]) -> str | None:
    number = payload.get("number")
    try:
        date.fromisoformat(str(payload.get("service_day")))
        day_problem = None
    except ValueError:
        day_problem = "service_day must be an ISO date"
    return first_problem(
        None
        if isinstance(number, str) and EMERGENCY_RE.fullmatch(number)
        else "number must look like W03-001",
        int_field(payload, "window"),
        int_field(payload, "seq"),
        text_field(payload, "category", 32),
        text_field(payload, "staff_no", 32),
        day_problem,
        time_field(payload, "issued_at"),
        time_field(payload, "called_at", optional=True),
        time_field(payload, "finished_at", optional=True),
    )


def _emergency_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    finished = _at(payload.get("finished_at"))
    called = _at(payload.get("called_at"))
    return {
        "state": "done" if finished else "serving",
        "called_at": called,
        "served_at": called,
        "finished_at": finished,
    }


def _apply_emergency(conn: Connection, ctx: ApplyContext, payload: Mapping[str, Any]) -> str | None:
    category = hall.category_by_code(conn, ctx.hall_id, payload["category"])
    if category is None:
        return f"unknown category {payload['category']!r}"
    window = hall.window_by_number(conn, ctx.hall_id, payload["window"])
    if window is None:
        return f"unknown window {payload['window']}"
    day = date.fromisoformat(payload["service_day"])
    t = tickets.c
    where = (t.hall_id == ctx.hall_id, t.service_day == day, t.number == payload["number"])
    found = conn.execute(sa.select(t.id, t.channel, t.window_id).where(*where)).first()
    values = _emergency_values(payload)
    if found is not None:
        if found.channel != "emergency" or found.window_id != window.id:
            return f"ticket {payload['number']} already exists for {day}"
        conn.execute(tickets.update().where(t.id == found.id).values(**values))
        return None
    issued = _at(payload["issued_at"])
    conn.execute(
        tickets.insert().values(
            hall_id=ctx.hall_id,
            service_day=day,
            category_id=category.id,
            number=payload["number"],
            seq=payload["seq"],
            priority=False,
            order_at=issued,
            issued_at=issued,
            window_id=window.id,
            call_count=1,
            channel="emergency",
            transferred=False,
            version=1,
            **values,
        )
    )
    return None


def apply_emergency(
    conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]
) -> dict[str, str]:
    """One by one, in order: the issue and the finish of one walk-in may share a batch."""
    refused: dict[str, str] = {}
    for item in items:
        reason = _apply_emergency(conn, ctx, item.payload)
        if reason:
            refused[item.event.event_id] = reason
    return refused


register("staff.session", apply_sessions, validate_session)
register("document.printed", apply_printed, validate_printed)
register("ticket.emergency", apply_emergency, validate_emergency)

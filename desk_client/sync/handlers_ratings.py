"""Event type of issue 7: ``rating.visit``, a visit a window made a rating code for.

Imported by sync.ingest beside the other handler modules. Payload: {visit_id (32 lowercase
hex: a uuid7), kind (ticket | case | emergency), ref (the ticket or case number), window,
staff_no, item_code ("" allowed), category_code ("" allowed), case_number ("" allowed),
service_day (ISO date), issued_at, expires_at (ISO times with offset, expiry after issue)}.

It lands in ``rating_visits`` (what the "unrated counts as 基本满意" option reads); a visit
recorded already is a no-op, one recorded for another hall is poison. The ratings themselves
never come this way: the rating page writes them centrally.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.store import ratings_repo
from desk_client.store.rating_rows import VisitRow
from desk_client.sync.events import (
    ApplyContext,
    Incoming,
    first_problem,
    int_field,
    register,
    text_field,
    time_field,
)
from desk_client.sync.handlers_cases import choice_field, day_field

VISIT_ID_RE = re.compile(r"^[0-9a-f]{32}$")
KINDS = frozenset({"ticket", "case", "emergency"})


def _optional_text(payload: Mapping[str, Any], key: str, max_len: int) -> str | None:
    return text_field(payload, key, max_len, empty=True)


def _expiry_after_issue(payload: Mapping[str, Any]) -> str | None:
    issued = datetime.fromisoformat(payload["issued_at"])
    expires = datetime.fromisoformat(payload["expires_at"])
    return None if expires > issued else "expires_at must be after issued_at"


def validate_visit(payload: Mapping[str, Any]) -> str | None:
    visit_id = payload.get("visit_id")
    return first_problem(
        None
        if isinstance(visit_id, str) and VISIT_ID_RE.fullmatch(visit_id)
        else "visit_id must be 32 lowercase hex digits",
        choice_field(payload, "kind", KINDS),
        text_field(payload, "ref", 40),
        int_field(payload, "window"),
        text_field(payload, "staff_no", 32),
        _optional_text(payload, "item_code", 64),
        _optional_text(payload, "category_code", 32),
        _optional_text(payload, "case_number", 40),
        day_field(payload, "service_day"),
        time_field(payload, "issued_at"),
        time_field(payload, "expires_at"),
    ) or _expiry_after_issue(payload)


def visit_row(payload: Mapping[str, Any]) -> VisitRow:
    return VisitRow(
        visit_id=payload["visit_id"],
        kind=payload["kind"],
        ref=payload["ref"],
        window_number=payload["window"],
        staff_no=payload["staff_no"],
        item_code=payload["item_code"],
        category_code=payload["category_code"],
        service_day=date.fromisoformat(payload["service_day"]),
        issued_at=datetime.fromisoformat(payload["issued_at"]),
        expires_at=datetime.fromisoformat(payload["expires_at"]),
    )


def apply_visits(conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]) -> dict[str, str]:
    known = ratings_repo.visit_halls(conn, {item.payload["visit_id"] for item in items})
    refused: dict[str, str] = {}
    for item in items:
        visit = visit_row(item.payload)
        if known.get(visit.visit_id, ctx.hall_id) != ctx.hall_id:
            refused[item.event.event_id] = f"visit {visit.visit_id} belongs to another hall"
            continue
        ratings_repo.insert_visit(conn, ctx.hall_id, visit)
    return refused


register("rating.visit", apply_visits, validate_visit)

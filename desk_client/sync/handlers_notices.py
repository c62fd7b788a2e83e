"""Event types of issue 4: notice.issued, one_time.exception, id.revealed.

Imported by sync.ingest beside sync.handlers, which registers them on first import.

- ``notice.issued`` {number, kind, year, window, desk, seq, content, report, exceptions}: a
  notice written at a window (``content`` is core.notices.content_to_dict); the number's
  middle part is ``desk`` (sync.desks; events sent before desks have none: it is the window).
  A rejection carries ``report`` {reason, basis, print_first} and also opens its rejection
  report (pending).
  ``exceptions`` lists the approvals the notice relied on; they are recorded by their own
  one_time.exception events, so here they are only checked to be a list.
- ``one_time.exception`` {refers_to, material, reason, supervisor_no, supervisor_name,
  staff_no, approved_at}: a supervisor allowed asking for a material the earlier notice
  ``refers_to`` did not list.
- ``id.revealed`` {staff_no, number, at}: a clerk showed a notice's full ID number.

A notice number already taken in the hall (by a different event: a resend of the same event
never reaches a handler) is poison: refused with the reason, never a crash, never stored twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.notices import NoticeContent, NoticeKind, content_from_dict
from desk_client.core.notices import parse_notice_number as parse_number
from desk_client.store.catalogue_repo import dumps
from desk_client.store.notice_schema import (
    id_reveals,
    notices,
    one_time_exceptions,
    rejection_reports,
)
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

#: Generous caps for texts the window limits more tightly (the columns are TEXT); a payload
#: beyond them comes from no client of ours.
REASON_MAX, BASIS_MAX = 2000, 4000


def _at(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


# -- notice.issued -----------------------------------------------------------------------------


def _number_problem(payload: Mapping[str, Any]) -> str | None:
    try:
        kind, year, desk, seq = parse_number(str(payload["number"]))
    except DeskError:
        return "number is not a notice number"
    sent = payload.get("desk", payload.get("window") or 0)  # no desk: sent before sync.desks
    given = (payload["kind"], payload["year"], sent, payload["seq"])
    if (kind.value, year, desk, seq) != given:
        return "number does not match kind, year, desk and seq"
    return None


def _desk_problem(desk: Any) -> str | None:
    """A desk number, or 0: a PC without a window numbering before it had a desk."""
    whole = isinstance(desk, int) and not isinstance(desk, bool) and desk >= 0
    return None if desk is None or whole else "desk must be a whole number, 0 or more"


def _content_problem(payload: Mapping[str, Any]) -> str | None:
    try:
        content = content_from_dict(payload.get("content"))  # type: ignore[arg-type]
    except ValueError as exc:
        return f"content: {exc}"
    if content.number != payload["number"] or content.kind.value != payload["kind"]:
        return "content does not match the number and kind"
    return None


def _report_problem(payload: Mapping[str, Any]) -> str | None:
    report = payload.get("report")
    if payload["kind"] != NoticeKind.REJECTION.value:
        return None if report is None else "only a rejection carries a report"
    if not isinstance(report, dict):
        return "a rejection needs its report {reason, basis, print_first}"
    return first_problem(
        text_field(report, "reason", REASON_MAX),
        text_field(report, "basis", BASIS_MAX),
        None if isinstance(report.get("print_first"), bool) else "print_first must be a boolean",
    )


def validate_notice(payload: Mapping[str, Any]) -> str | None:
    kinds = {kind.value for kind in NoticeKind}
    exceptions = payload.get("exceptions", [])
    return first_problem(
        text_field(payload, "number", 32),
        None if payload.get("kind") in kinds else f"kind must be one of {sorted(kinds)}",
        int_field(payload, "year"),
        int_field(payload, "window", optional=True),
        _desk_problem(payload.get("desk")),
        int_field(payload, "seq"),
        None if isinstance(exceptions, list) else "exceptions must be a list",
    ) or first_problem(
        _number_problem(payload), _content_problem(payload), _report_problem(payload)
    )


def _notice_row(ctx: ApplyContext, item: Incoming, content: NoticeContent) -> dict[str, Any]:
    payload, applicant = item.payload, content.applicant
    return {
        "hall_id": ctx.hall_id,
        "number": content.number,
        "kind": content.kind.value,
        "year": payload["year"],
        "window_number": payload.get("window"),
        "seq": payload["seq"],
        "item_code": content.item_code[:64],
        "applicant_name": applicant.name[:200],
        "applicant_kind": applicant.kind.value,
        "applicant_id_number": applicant.id_number[:32],
        "applicant_phone": applicant.phone[:32],
        "staff_no": (content.clerk_no or item.event.actor)[:32],
        "issued_at": content.issued_at,
        "refers_to": content.refers_to[:32],
        "content": dumps(payload["content"]),
        "event_id": item.event.event_id,
        "device_id": ctx.device_id,
    }


def _report_row(
    ctx: ApplyContext, notice: Mapping[str, Any], report: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "hall_id": ctx.hall_id,
        "number": notice["number"],
        "status": "pending",
        "reported_by": notice["staff_no"],
        "reported_at": notice["issued_at"],
        "reason": report["reason"],
        "basis": report["basis"],
        "print_first": report["print_first"],
        "decided_by": None,
        "decided_at": None,
        "comment": None,
    }


def _taken(conn: Connection, hall_id: int, numbers: Sequence[str]) -> set[str]:
    n = notices.c
    query = sa.select(n.number).where(n.hall_id == hall_id, n.number.in_(set(numbers)))
    return set(conn.execute(query).scalars())


def apply_notices(conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]) -> dict[str, str]:
    """Checked against the hall's numbers first (the hall's counter row, locked by the
    ingest, keeps two devices' batches apart), then inserted in one go."""
    taken = _taken(conn, ctx.hall_id, [item.payload["number"] for item in items])
    refused: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    for item in items:
        content = content_from_dict(item.payload["content"])
        if content.hall_code != ctx.hall_code:
            refused[item.event.event_id] = f"notice {content.number} is of hall {content.hall_code}"
            continue
        if content.number in taken:
            refused[item.event.event_id] = f"notice number {content.number} is already taken"
            continue
        taken.add(content.number)
        rows.append(_notice_row(ctx, item, content))
        if item.payload.get("report") is not None:
            reports.append(_report_row(ctx, rows[-1], item.payload["report"]))
    bulk_insert(conn, notices, rows)
    bulk_insert(conn, rejection_reports, reports)
    return refused


# -- one_time.exception ------------------------------------------------------------------------


def validate_exception(payload: Mapping[str, Any]) -> str | None:
    return first_problem(
        text_field(payload, "refers_to", 32),
        text_field(payload, "material", 200),
        text_field(payload, "reason", REASON_MAX),
        text_field(payload, "supervisor_no", 32),
        text_field(payload, "supervisor_name", 100, empty=True),
        text_field(payload, "staff_no", 32),
        time_field(payload, "approved_at"),
    )


def apply_exceptions(
    conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]
) -> dict[str, str]:
    keys = ("refers_to", "material", "reason", "supervisor_no", "supervisor_name", "staff_no")
    rows = [
        {
            "hall_id": ctx.hall_id,
            "event_id": item.event.event_id,
            "device_id": ctx.device_id,
            **{key: item.payload[key] for key in keys},
            "approved_at": _at(item.payload["approved_at"]),
        }
        for item in items
    ]
    bulk_insert(conn, one_time_exceptions, rows)
    return {}


# -- id.revealed -------------------------------------------------------------------------------


def validate_reveal(payload: Mapping[str, Any]) -> str | None:
    return first_problem(
        text_field(payload, "staff_no", 32),
        text_field(payload, "number", 32),
        time_field(payload, "at"),
    )


def apply_reveals(conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]) -> dict[str, str]:
    rows = [
        {
            "hall_id": ctx.hall_id,
            "event_id": item.event.event_id,
            "device_id": ctx.device_id,
            "staff_no": item.payload["staff_no"],
            "notice_number": item.payload["number"],
            "at": _at(item.payload["at"]),
        }
        for item in items
    ]
    bulk_insert(conn, id_reveals, rows)
    return {}


register("notice.issued", apply_notices, validate_notice)
register("one_time.exception", apply_exceptions, validate_exception)
register("id.revealed", apply_reveals, validate_reveal)

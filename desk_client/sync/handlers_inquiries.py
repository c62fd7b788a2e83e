"""Event types of issue 6: the first-inquiry log (首问负责) and the absences of A/B cover.

Imported by sync.ingest beside the other handler modules. Every inquiry event carries
``number`` (SW2026-03-0012, canonical), ``at`` (ISO time with offset), ``actor`` and
optionally ``on_behalf_of`` (the absent A a B acts for; "" or absent when none):

- ``inquiry.logged`` {channel (visit|phone|letter|online), person_kind (person|organisation),
  person_name, person_display (masked), phone ("" allowed), id_number (whole, "" allowed),
  matter, item_code ("" allowed), materials [[name, quantity], ...], owner_no, logged_day
  (the hall's local date), window (null: none; absent before desks, then the number's middle
  part)}: the year, desk and sequence are read from the number
- ``inquiry.answered`` {text}: answered on the spot (closed)
- ``inquiry.guided`` {body, address, phone}: outside the hall's remit (closed)
- ``inquiry.follow_up`` {promised_reply (ISO date), days?}
- ``inquiry.referred`` {to_staff_no, department (exactly one of the two), contact, note,
  handler_no}: handler_no must be what core.inquiries.handler_after says (the colleague, or
  the owner for a department); the colleague must be active staff of the hall
- ``inquiry.accepted`` {}, ``inquiry.handed_back`` {reason}, ``inquiry.replied`` {text},
  ``inquiry.closed`` {note?}

All inquiry types share ONE apply function, so the ingest hands them over together in the
device's order (sync.ingest groups events by apply function): a batch that logs an inquiry,
refers it and closes it is applied in that order. An event for an inquiry the hall does not
have is poison unless an ``inquiry.logged`` came before it; so is a step the state forbids
(core.inquiries.next_inquiry_state) and a second ``inquiry.logged`` of a number.

Absences (the absence's id is its ``absence.recorded`` event's id):

- ``absence.recorded`` {staff_no, kind (leave|meeting|training|other), start, end (ISO times
  with offset, start before end), note, recorded_by?, at}: the person themself or a
  supervisor records it; one overlapping an active absence of the same person is poison
- ``absence.cancelled`` {id, at, actor?}: by the person, whoever recorded it, or a supervisor
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.inquiries import (
    MAX_MATERIAL_NAME,
    MAX_MATERIALS,
    MAX_QUANTITY,
    MAX_TEXT,
    InquiryChannel,
    PersonKind,
    normalise_inquiry_number,
)
from desk_client.store import hall
from desk_client.store.case_changes import AppliedEvent
from desk_client.store.inquiries_repo import central_tables
from desk_client.store.inquiry_changes import (
    ABSENCE_CANCELLED,
    ABSENCE_RECORDED,
    ACCEPTED,
    ANSWERED,
    CLOSED,
    FOLLOW_UP,
    GUIDED,
    HANDED_BACK,
    LOGGED,
    REFERRED,
    REPLIED,
    apply_absence,
    apply_inquiry,
    load_inquiries,
    read_absence,
)
from desk_client.store.inquiry_schema import absences
from desk_client.sync.events import (
    ApplyContext,
    Incoming,
    first_problem,
    int_field,
    register,
    text_field,
    time_field,
)
from desk_client.sync.handlers_cases import choice_field, count_field, day_field

#: Generous caps for texts the window limits more tightly.
REASON_MAX = 2000
SUPERVISORS = ("supervisor", "admin")
CHANNELS = frozenset(channel.value for channel in InquiryChannel)
PERSON_KINDS = frozenset(kind.value for kind in PersonKind)
ABSENCE_KINDS = frozenset({"leave", "meeting", "training", "other"})


# -- field checks -------------------------------------------------------------------------


def _optional_text(payload: Mapping[str, Any], key: str, max_len: int) -> str | None:
    """Absent, null, or text of at most ``max_len`` characters ("" allowed)."""
    if payload.get(key) is None:
        return None
    return text_field(payload, key, max_len, empty=True)


def number_field(payload: Mapping[str, Any], key: str = "number") -> str | None:
    value = payload.get(key)
    try:
        if isinstance(value, str) and normalise_inquiry_number(value) == value:
            return None  # canonical: one inquiry, one spelling
    except DeskError:
        pass
    return f"{key} must be an inquiry number like SW2026-03-0001"


def materials_field(payload: Mapping[str, Any]) -> str | None:
    value = payload.get("materials", [])
    problem = f"materials must be at most {MAX_MATERIALS} [name, quantity 1-{MAX_QUANTITY}]"
    if not isinstance(value, list) or len(value) > MAX_MATERIALS:
        return problem
    for entry in value:
        if not isinstance(entry, list) or len(entry) != 2:  # [name, quantity]
            return problem
        named = {"name": entry[0], "quantity": entry[1]}
        if text_field(named, "name", MAX_MATERIAL_NAME) or count_field(
            named, "quantity", 1, MAX_QUANTITY
        ):
            return problem
    return None


def _common(payload: Mapping[str, Any]) -> str | None:
    return first_problem(
        number_field(payload),
        time_field(payload, "at"),
        _optional_text(payload, "actor", 64),
        _optional_text(payload, "on_behalf_of", 32),
    )


# -- validation per type ------------------------------------------------------------------


def validate_logged(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or first_problem(
        choice_field(payload, "channel", CHANNELS),
        choice_field(payload, "person_kind", PERSON_KINDS),
        text_field(payload, "person_name", 200),
        text_field(payload, "person_display", 200),
        text_field(payload, "phone", 32, empty=True),
        _optional_text(payload, "id_number", 32),
        text_field(payload, "matter", MAX_TEXT),
        _optional_text(payload, "item_code", 64),
        materials_field(payload),
        text_field(payload, "owner_no", 32),
        day_field(payload, "logged_day"),
        int_field(payload, "window", optional=True),
    )


def validate_answered(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or text_field(payload, "text", REASON_MAX)


def validate_guided(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or first_problem(
        text_field(payload, "body", 200),
        text_field(payload, "address", 200, empty=True),
        text_field(payload, "phone", 32, empty=True),
    )


def validate_follow_up(payload: Mapping[str, Any]) -> str | None:
    days = None if payload.get("days") is None else count_field(payload, "days", 1, 366)
    return _common(payload) or first_problem(day_field(payload, "promised_reply"), days)


def _one_target(payload: Mapping[str, Any]) -> str | None:
    if bool(payload.get("to_staff_no")) == bool(payload.get("department")):
        return "exactly one of to_staff_no and department must be given"
    return None


def validate_referred(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or first_problem(
        _optional_text(payload, "to_staff_no", 32),
        _optional_text(payload, "department", 200),
        _one_target(payload),
        _optional_text(payload, "contact", 500),
        _optional_text(payload, "note", REASON_MAX),
        text_field(payload, "handler_no", 32),
    )


def validate_step(payload: Mapping[str, Any]) -> str | None:
    return _common(payload)


def validate_handed_back(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or text_field(payload, "reason", REASON_MAX)


def validate_closed(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or _optional_text(payload, "note", REASON_MAX)


def _span(payload: Mapping[str, Any]) -> str | None:
    start, end = datetime.fromisoformat(payload["start"]), datetime.fromisoformat(payload["end"])
    return None if start < end else "start must be before end"


def validate_absence(payload: Mapping[str, Any]) -> str | None:
    return first_problem(
        text_field(payload, "staff_no", 32),
        choice_field(payload, "kind", ABSENCE_KINDS),
        time_field(payload, "start"),
        time_field(payload, "end"),
        _optional_text(payload, "note", 500),
        _optional_text(payload, "recorded_by", 32),
        time_field(payload, "at"),
    ) or _span(payload)


def validate_cancelled(payload: Mapping[str, Any]) -> str | None:
    return first_problem(
        text_field(payload, "id", 36),
        time_field(payload, "at"),
        _optional_text(payload, "actor", 64),
    )


# -- applying ---------------------------------------------------------------------------------


def _is_staff(conn: Connection, hall_id: int, staff_no: str) -> bool:
    found = hall.staff_by_no(conn, hall_id, staff_no)
    return found is not None and bool(found.active)


def _is_supervisor(conn: Connection, hall_id: int, staff_no: str) -> bool:
    found = hall.staff_by_no(conn, hall_id, staff_no)
    return found is not None and found.role in SUPERVISORS


def _referral_refusal(conn: Connection, ctx: ApplyContext, item: Incoming) -> str | None:
    """What the central database knows better than the payload: who works here."""
    to_staff = str(item.payload.get("to_staff_no") or "")
    if item.event.type != REFERRED or not to_staff or _is_staff(conn, ctx.hall_id, to_staff):
        return None
    return f"{to_staff} is not active staff of hall {ctx.hall_code}; not referred"


def apply_inquiries(
    conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]
) -> dict[str, str]:
    """Every inquiry event of the batch, in the device's order."""
    tables = central_tables(ctx.hall_id)
    known = load_inquiries(conn, tables, sorted({str(i.payload["number"]) for i in items}))
    refused: dict[str, str] = {}
    for item in items:
        event = AppliedEvent(item.event.type, item.payload, item.event.event_id, item.event.actor)
        reason = _referral_refusal(conn, ctx, item) or apply_inquiry(conn, tables, known, event)
        if reason is not None:
            refused[item.event.event_id] = reason
    return refused


def _absence_refusal(conn: Connection, ctx: ApplyContext, item: Incoming) -> str | None:
    """Only the person themself (or whoever recorded it) or a supervisor may do this."""
    payload, actor = item.payload, item.event.actor
    if item.event.type == ABSENCE_RECORDED:
        staff_no = str(payload["staff_no"])
        if not _is_staff(conn, ctx.hall_id, staff_no):
            return f"{staff_no} is not active staff of hall {ctx.hall_code}; no absence"
        allowed = {staff_no}
    else:
        found = read_absence(conn, absences, {"hall_id": ctx.hall_id}, str(payload["id"]))
        allowed = set() if found is None else {found.staff_no, found.recorded_by}
    if actor in allowed or _is_supervisor(conn, ctx.hall_id, actor):
        return None
    return f"{actor} may not record or cancel this absence (not the person, not a supervisor)"


def apply_absences(
    conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]
) -> dict[str, str]:
    """Absences recorded and cancelled, in the device's order."""
    key = {"hall_id": ctx.hall_id}
    refused: dict[str, str] = {}
    for item in items:
        event = AppliedEvent(item.event.type, item.payload, item.event.event_id, item.event.actor)
        reason = _absence_refusal(conn, ctx, item) or apply_absence(conn, absences, key, event)
        if reason is not None:
            refused[item.event.event_id] = reason
    return refused


_INQUIRY_VALIDATORS = {
    LOGGED: validate_logged,
    ANSWERED: validate_answered,
    GUIDED: validate_guided,
    FOLLOW_UP: validate_follow_up,
    REFERRED: validate_referred,
    ACCEPTED: validate_step,
    HANDED_BACK: validate_handed_back,
    REPLIED: validate_answered,
    CLOSED: validate_closed,
}
for _type, _validate in _INQUIRY_VALIDATORS.items():
    register(_type, apply_inquiries, _validate)
register(ABSENCE_RECORDED, apply_absences, validate_absence)
register(ABSENCE_CANCELLED, apply_absences, validate_cancelled)

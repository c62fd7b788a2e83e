"""What an inquiry or absence event does to its rows, once for the central tables and the
local mirror (issue 6).

The central handlers (sync.handlers_inquiries) and the local store (store.local_inquiries:
this PC's own events and the hall's others projected from the pull) apply the same event the
same way, so an inquiry looks alike on every PC and centrally. Both table sets share their
column names; only the hall key differs (``hall_id`` centrally, ``hall_code`` locally).

The state follows core.inquiries.next_inquiry_state and the handler core.inquiries.
handler_after, so a forbidden step (a reply to an answered inquiry, a second close) is
refused with its reason instead of corrupting the row. The payloads are described in
sync.handlers_inquiries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.inquiries import (
    INITIAL_STATE,
    InquiryAction,
    handler_after,
    next_inquiry_state,
    parse_inquiry_number,
)
from desk_client.store.case_changes import AppliedEvent, dumps, time_of
from desk_client.store.inquiry_rows import (
    AbsenceRow,
    InquiryRecord,
    InquiryRow,
    StepRow,
    absence_from_row,
    inquiry_from_row,
    materials_text,
    step_from_row,
)

LOGGED, ANSWERED, GUIDED = "inquiry.logged", "inquiry.answered", "inquiry.guided"
FOLLOW_UP, REFERRED, ACCEPTED = "inquiry.follow_up", "inquiry.referred", "inquiry.accepted"
HANDED_BACK, REPLIED, CLOSED = "inquiry.handed_back", "inquiry.replied", "inquiry.closed"
ABSENCE_RECORDED, ABSENCE_CANCELLED = "absence.recorded", "absence.cancelled"

#: The steps after logging and the core action each stands for.
ACTIONS: dict[str, InquiryAction] = {
    ANSWERED: InquiryAction.ANSWER,
    GUIDED: InquiryAction.GUIDE,
    FOLLOW_UP: InquiryAction.FOLLOW_UP,
    REFERRED: InquiryAction.REFER,
    ACCEPTED: InquiryAction.ACCEPT,
    HANDED_BACK: InquiryAction.HAND_BACK,
    REPLIED: InquiryAction.REPLY,
    CLOSED: InquiryAction.CLOSE,
}
INQUIRY_TYPES = (LOGGED, *ACTIONS)
ABSENCE_TYPES = (ABSENCE_RECORDED, ABSENCE_CANCELLED)
#: How the outcome of a guided inquiry reads: body；address；phone.
GUIDE_JOIN = "；"


@dataclass(frozen=True)
class InquiryTables:
    """One set of inquiry tables and the hall key its rows carry ({"hall_id": 7})."""

    inquiries: sa.Table
    events: sa.Table
    key: Mapping[str, Any]

    def where(self, table: sa.Table, number: str | Sequence[str] | None = None) -> list[Any]:
        keys = [table.c[name] == value for name, value in self.key.items()]
        if number is None:
            return keys
        if isinstance(number, str):
            return [*keys, table.c.number == number]
        return [*keys, table.c.number.in_(set(number))]


# -- pure: the rows an event makes --------------------------------------------------------------


def logged_inquiry(payload: Mapping[str, Any]) -> InquiryRow:
    at = time_of(payload["at"])
    number = str(payload["number"])
    year, desk, seq = parse_inquiry_number(number)
    owner = str(payload["owner_no"])
    return InquiryRow(
        number=number,
        year=year,
        # the window it was logged at (0: none); sent before desks, the number's middle part
        window_number=int(payload.get("window") or 0) if "window" in payload else desk,
        seq=seq,
        channel=str(payload["channel"]),
        person_kind=str(payload["person_kind"]),
        person_name=str(payload["person_name"]),
        person_display=str(payload["person_display"]),
        phone=str(payload.get("phone") or ""),
        id_number=str(payload.get("id_number") or ""),
        matter=str(payload["matter"]),
        item_code=str(payload.get("item_code") or ""),
        materials=tuple((str(n), int(q)) for n, q in payload.get("materials", ())),
        owner_no=owner,
        handler_no=owner,
        department="",
        contact="",
        state=INITIAL_STATE.value,
        promised_reply=None,
        logged_day=date.fromisoformat(str(payload["logged_day"])),
        outcome="",
        on_behalf_of=str(payload.get("on_behalf_of") or ""),
        created_at=at,
        referred_at=None,
        closed_at=None,
        updated_at=at,
    )


def step_problem(inquiry: InquiryRow, type: str) -> str | None:
    """Why ``type`` cannot happen to the inquiry now (core.inquiries' rule), or None."""
    try:
        next_inquiry_state(inquiry.state, ACTIONS[type], inquiry.number)
    except DeskError as refused:
        return refused.message("en")
    return None


def referral_handler(inquiry: InquiryRow, payload: Mapping[str, Any]) -> str:
    """Who must act after a referral: the colleague referred to, else the owner."""
    to_staff = str(payload.get("to_staff_no") or "")
    return handler_after(InquiryAction.REFER, inquiry.owner_no, inquiry.handler_no, to_staff)


def _texts(type: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The texts a step leaves on the row: outcome, and where it was sent."""
    if type in {ANSWERED, REPLIED}:
        return {"outcome": str(payload["text"])}
    if type == HANDED_BACK:
        return {"outcome": str(payload["reason"]), "department": "", "contact": ""}
    if type == GUIDED:
        parts = (str(payload.get(key) or "") for key in ("body", "address", "phone"))
        body, phone = str(payload["body"]), str(payload.get("phone") or "")
        outcome = GUIDE_JOIN.join(part for part in parts if part)
        return {"outcome": outcome, "department": body, "contact": phone}
    if type == REFERRED:
        department = str(payload.get("department") or "")
        return {"department": department, "contact": str(payload.get("contact") or "")}
    return {}


def stepped(inquiry: InquiryRow, type: str, payload: Mapping[str, Any]) -> InquiryRow:
    """The inquiry after a step (the step must be allowed)."""
    at = time_of(payload["at"])
    action = ACTIONS[type]
    state = next_inquiry_state(inquiry.state, action, inquiry.number)
    to_staff = str(payload.get("to_staff_no") or "")
    handler = handler_after(action, inquiry.owner_no, inquiry.handler_no, to_staff)
    behalf = str(payload.get("on_behalf_of") or "")
    new = replace(inquiry, state=state.value, handler_no=handler, on_behalf_of=behalf)
    new = replace(new, updated_at=at, **_texts(type, payload))
    if type == FOLLOW_UP:
        new = replace(new, promised_reply=date.fromisoformat(str(payload["promised_reply"])))
    if type == REFERRED:
        new = replace(new, referred_at=at)
    return replace(new, closed_at=at) if not new.is_open else new


def step_of(type: str, payload: Mapping[str, Any], event_id: str | None, actor: str) -> StepRow:
    return StepRow(
        event_id=event_id,
        type=type,
        at=time_of(payload["at"]),
        actor=str(payload.get("actor") or actor),
        on_behalf_of=str(payload.get("on_behalf_of") or ""),
        detail=dict(payload),
    )


# -- the rows written -----------------------------------------------------------------------


def load_inquiries(
    conn: Connection, t: InquiryTables, numbers: Sequence[str]
) -> dict[str, InquiryRow]:
    """The inquiries among ``numbers`` that exist, by number (one query)."""
    if not numbers:
        return {}
    found = conn.execute(sa.select(t.inquiries).where(*t.where(t.inquiries, numbers)))
    return {row.number: inquiry_from_row(row) for row in found}


def inquiry_values(inquiry: InquiryRow) -> dict[str, Any]:
    values = {name: getattr(inquiry, name) for name in InquiryRow.__dataclass_fields__}
    return values | {"materials": materials_text(inquiry.materials)}


def _refusal(known: Mapping[str, InquiryRow], type: str, payload: Mapping[str, Any]) -> str | None:
    number = str(payload["number"])
    inquiry = known.get(number)
    if type == LOGGED:
        return None if inquiry is None else f"inquiry number {number} already exists"
    if inquiry is None:
        return f"unknown inquiry {number}"
    problem = step_problem(inquiry, type)
    if problem is None and type == REFERRED and "handler_no" in payload:
        expected = referral_handler(inquiry, payload)
        if str(payload["handler_no"]) != expected:
            return f"inquiry {number}: handler_no {payload['handler_no']} is not {expected}"
    return problem


def apply_inquiry(
    conn: Connection, t: InquiryTables, known: dict[str, InquiryRow], event: AppliedEvent
) -> str | None:
    """Apply one inquiry event to ``t``; the reason it was refused (nothing written), or None.

    ``known`` holds the inquiries already read (or written) in this transaction and is kept
    up to date, so a batch that logs an inquiry and moves it is applied in order.
    """
    type, payload = event.type, event.payload
    reason = _refusal(known, type, payload)
    if reason is not None:
        return reason
    number = str(payload["number"])
    before = known.get(number)
    if before is None:
        after = logged_inquiry(payload)
        conn.execute(t.inquiries.insert().values(**t.key, **inquiry_values(after)))
    else:
        after = stepped(before, type, payload)
        where = t.where(t.inquiries, number)
        conn.execute(t.inquiries.update().where(*where).values(**inquiry_values(after)))
    known[number] = after
    step = step_of(type, payload, event.event_id, event.actor)
    values = {name: getattr(step, name) for name in StepRow.__dataclass_fields__}
    conn.execute(t.events.insert().values(**t.key, number=number, **values | _detail(step)))
    return None


def _detail(step: StepRow) -> dict[str, str]:
    return {"detail": dumps(step.detail)}


# -- reading back -------------------------------------------------------------------------


def read_inquiry(conn: Connection, t: InquiryTables, number: str) -> InquiryRow | None:
    found = conn.execute(sa.select(t.inquiries).where(*t.where(t.inquiries, number))).first()
    return None if found is None else inquiry_from_row(found)


def read_record(conn: Connection, t: InquiryTables, number: str) -> InquiryRecord | None:
    """The inquiry with its timeline (in time order), or None."""
    inquiry = read_inquiry(conn, t, number)
    if inquiry is None:
        return None
    e = t.events.c
    steps = conn.execute(sa.select(t.events).where(*t.where(t.events, number)).order_by(e.at, e.id))
    return InquiryRecord(inquiry, tuple(step_from_row(row) for row in steps))


# -- absences -------------------------------------------------------------------------------


def _absence_key(table: sa.Table, key: Mapping[str, Any]) -> list[Any]:
    return [table.c[name] == value for name, value in key.items()]


def overlapping(
    conn: Connection,
    table: sa.Table,
    key: Mapping[str, Any],
    staff_no: str,
    span: tuple[datetime, datetime],
) -> AbsenceRow | None:
    """An active absence of ``staff_no`` that overlaps ``span`` (touching is not
    overlapping: leave until 12:00, a meeting from 12:00)."""
    a = table.c
    where = [*_absence_key(table, key), a.staff_no == staff_no, a.cancelled_at.is_(None)]
    where += [a.start_at < span[1], a.end_at > span[0]]
    found = conn.execute(sa.select(table).where(*where).order_by(a.start_at).limit(1)).first()
    return None if found is None else absence_from_row(found)


def read_absence(
    conn: Connection, table: sa.Table, key: Mapping[str, Any], absence_id: str
) -> AbsenceRow | None:
    where = [*_absence_key(table, key), table.c.id == absence_id]
    found = conn.execute(sa.select(table).where(*where)).first()
    return None if found is None else absence_from_row(found)


def _recorded(
    conn: Connection, table: sa.Table, key: Mapping[str, Any], event: AppliedEvent
) -> str | None:
    payload, absence_id = event.payload, event.event_id
    if absence_id is None:
        return "an absence needs its event's id"
    start, end = time_of(payload["start"]), time_of(payload["end"])
    staff_no = str(payload["staff_no"])
    if start >= end:
        return f"absence of {staff_no}: it starts at {start} but ends at {end}"
    if read_absence(conn, table, key, absence_id) is not None:
        return f"absence {absence_id} already exists"
    clash = overlapping(conn, table, key, staff_no, (start, end))
    if clash is not None:
        return f"absence of {staff_no} overlaps absence {clash.id} ({clash.start}-{clash.end})"
    values: dict[str, Any] = {"id": absence_id, "staff_no": staff_no}
    values |= {"kind": str(payload["kind"])}
    values |= {"start_at": start, "end_at": end, "note": str(payload.get("note") or "")}
    values |= {"recorded_by": str(payload.get("recorded_by") or event.actor)}
    values |= {"recorded_at": time_of(payload["at"])}
    conn.execute(table.insert().values(**key, **values))
    return None


def _cancelled(
    conn: Connection, table: sa.Table, key: Mapping[str, Any], event: AppliedEvent
) -> str | None:
    absence_id = str(event.payload["id"])
    found = read_absence(conn, table, key, absence_id)
    if found is None:
        return f"unknown absence {absence_id}"
    if not found.active:
        return f"absence {absence_id} was cancelled already"
    by = str(event.payload.get("actor") or event.actor)
    where = [*_absence_key(table, key), table.c.id == absence_id]
    at = time_of(event.payload["at"])
    conn.execute(table.update().where(*where).values(cancelled_by=by, cancelled_at=at))
    return None


def apply_absence(
    conn: Connection, table: sa.Table, key: Mapping[str, Any], event: AppliedEvent
) -> str | None:
    """Apply absence.recorded (the absence's id is the event's id) or absence.cancelled;
    the reason it was refused (nothing written), or None. An absence that would overlap an
    active one of the same person is refused."""
    if event.type == ABSENCE_RECORDED:
        return _recorded(conn, table, key, event)
    return _cancelled(conn, table, key, event)

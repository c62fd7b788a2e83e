"""The plain rows of issue 6, centrally and locally alike: inquiries with their timeline,
posts, absences, the roster and the departments.

Frozen dataclasses, never ORM rows: services turn them into their views
(services.dto_inquiries).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desk_client.core.inquiries import is_closed
from desk_client.store.case_rows import day_value

Materials = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class InquiryRow:
    """One inquiry as its row holds it. ``window_number`` the window it was logged at (0: none,
    a floor guide; the number carries the PC's desk instead, sync.desks); ``handler_no`` who
    must act now; ``department``/``contact`` where it was referred or guided to ("" when nowhere);
    ``on_behalf_of`` the absent A of the latest step ("" when the actor acted for themself);
    ``closed_at`` None while open."""

    number: str
    year: int
    window_number: int
    seq: int
    channel: str
    person_kind: str
    person_name: str
    person_display: str
    phone: str
    id_number: str
    matter: str
    item_code: str
    materials: Materials
    owner_no: str
    handler_no: str
    department: str
    contact: str
    state: str
    promised_reply: date | None
    logged_day: date
    outcome: str
    on_behalf_of: str
    created_at: datetime
    referred_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return not is_closed(self.state)


@dataclass(frozen=True)
class StepRow:
    """One step of an inquiry's timeline: the event's payload is ``detail``."""

    event_id: str | None
    type: str
    at: datetime
    actor: str
    on_behalf_of: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class InquiryRecord:
    """An inquiry with its timeline, oldest step first."""

    inquiry: InquiryRow
    timeline: tuple[StepRow, ...]


@dataclass(frozen=True)
class PostRow:
    """A post ("window:3", "role:guide") and its A and B (staff numbers)."""

    post: str
    a_no: str
    b_no: str


@dataclass(frozen=True)
class AbsenceRow:
    """An absence (``id`` = its absence.recorded event's id); times are aware UTC."""

    id: str
    staff_no: str
    kind: str
    start: datetime
    end: datetime
    note: str
    recorded_by: str
    recorded_at: datetime
    cancelled_by: str | None
    cancelled_at: datetime | None

    @property
    def active(self) -> bool:
        return self.cancelled_at is None


@dataclass(frozen=True)
class RosterRow:
    """Who sits at which window on a day, and when (am | pm | day)."""

    day: date
    window_number: int
    staff_no: str
    shift: str


@dataclass(frozen=True)
class DepartmentRow:
    """A department of the hall directory (for referrals and "guided elsewhere")."""

    name: str
    contact: str
    phone: str
    address: str


@dataclass(frozen=True)
class CoverSnapshot:
    """What a PC caches: the hall's posts, roster (from a day on) and departments as of
    ``version`` (central cover_state)."""

    version: int
    posts: tuple[PostRow, ...]
    roster: tuple[RosterRow, ...]
    departments: tuple[DepartmentRow, ...]


def _optional_day(value: Any) -> date | None:
    return None if value is None else day_value(value)


def materials_of(text: str) -> Materials:
    """The materials column ([[name, quantity], ...] as JSON) as pairs."""
    found = json.loads(text) if text else []
    return tuple((str(name), int(quantity)) for name, quantity in found)


def materials_text(materials: Materials) -> str:
    return json.dumps([list(pair) for pair in materials], ensure_ascii=False)


def inquiry_from_row(row: Any) -> InquiryRow:
    return InquiryRow(
        number=row.number,
        year=int(row.year),
        window_number=int(row.window_number or 0),
        seq=int(row.seq),
        channel=row.channel,
        person_kind=row.person_kind,
        person_name=row.person_name,
        person_display=row.person_display,
        phone=row.phone,
        id_number=row.id_number,
        matter=row.matter,
        item_code=row.item_code,
        materials=materials_of(row.materials),
        owner_no=row.owner_no,
        handler_no=row.handler_no,
        department=row.department,
        contact=row.contact,
        state=row.state,
        promised_reply=_optional_day(row.promised_reply),
        logged_day=day_value(row.logged_day),
        outcome=row.outcome,
        on_behalf_of=row.on_behalf_of,
        created_at=row.created_at,
        referred_at=row.referred_at,
        closed_at=row.closed_at,
        updated_at=row.updated_at,
    )


def step_from_row(row: Any) -> StepRow:
    detail = json.loads(row.detail)
    return StepRow(
        event_id=row.event_id,
        type=row.type,
        at=row.at,
        actor=row.actor,
        on_behalf_of=row.on_behalf_of,
        detail=detail if isinstance(detail, dict) else {"value": detail},
    )


def absence_from_row(row: Any) -> AbsenceRow:
    return AbsenceRow(
        id=row.id,
        staff_no=row.staff_no,
        kind=row.kind,
        start=row.start_at,
        end=row.end_at,
        note=row.note,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        cancelled_by=row.cancelled_by,
        cancelled_at=row.cancelled_at,
    )


def roster_from_row(row: Any) -> RosterRow:
    return RosterRow(day_value(row.day), int(row.window_number), row.staff_no, row.shift)


def department_from_row(row: Any) -> DepartmentRow:
    return DepartmentRow(row.name, row.contact, row.phone, row.address)

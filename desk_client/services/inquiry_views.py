"""What an inquiry looks like to the front ends: its view, its level, its timeline.

Pure helpers of services.inquiry_actions and services.inquiries (no database): the masked
person, the staff names, the follow-up's warning level (like a case's, core.inquiries), and
one readable line per timeline step.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from desk_client.core.idnumbers import mask_id
from desk_client.core.inquiries import InquiryState, PersonKind, follow_up_level
from desk_client.core.workdays import WorkCalendar
from desk_client.services.cover_settings import Staff
from desk_client.services.dto_inquiries import InquiryStep, InquiryView
from desk_client.store.inquiry_changes import (
    ANSWERED,
    CLOSED,
    FOLLOW_UP,
    GUIDED,
    HANDED_BACK,
    LOGGED,
    REFERRED,
    REPLIED,
)
from desk_client.store.inquiry_rows import InquiryRow, StepRow

#: States in which a promised reply is still awaited (its level counts).
AWAITING = frozenset(
    {
        InquiryState.OPEN,
        InquiryState.FOLLOW_UP,
        InquiryState.REFERRED,
        InquiryState.IN_HAND,
    }
)
#: Separates the parts of a timeline step's detail (values only: no language in it).
SEP = " · "


def follow_up_level_of(
    row: InquiryRow, today: date, calendar: WorkCalendar, yellow: tuple[int, int]
) -> str:
    """The follow-up's warning level now, like a case's (``yellow``: the hall's days and
    percent); "" without a promised reply or once the reply is given."""
    if row.promised_reply is None or row.state not in AWAITING:
        return ""
    days, percent = yellow
    return follow_up_level(today, row.logged_day, row.promised_reply, calendar, days, percent).value


def person_display(kind: str, name: str, id_number: str) -> str:
    """张三（1101**********002X）; an organisation's credit code is public and shown whole."""
    if not id_number:
        return name
    shown = id_number if kind == PersonKind.ORGANISATION else mask_id(id_number)
    return f"{name}（{shown}）"


def name_of(staff: Staff, staff_no: str) -> str:
    return staff.get(staff_no, (staff_no, ""))[0] if staff_no else ""


def inquiry_view(row: InquiryRow, staff: Staff, level: str) -> InquiryView:
    return InquiryView(
        number=row.number,
        channel=row.channel,
        person_kind=row.person_kind,
        person_name=row.person_name,
        person_display=row.person_display,
        phone=row.phone,
        matter=row.matter,
        item_code=row.item_code,
        materials=row.materials,
        owner_no=row.owner_no,
        owner_name=name_of(staff, row.owner_no),
        handler_no=row.handler_no,
        handler_name=name_of(staff, row.handler_no),
        department=row.department,
        state=row.state,
        promised_reply=row.promised_reply,
        level=level,
        outcome=row.outcome,
        created_at=row.created_at,
        closed_at=row.closed_at,
        on_behalf_of=row.on_behalf_of,
    )


def _parts(type: str, d: Mapping[str, Any], staff: Staff) -> list[Any]:
    parts: dict[str, list[Any]] = {
        # The channel is a code the view shows in the user's language (InquiryView.channel).
        LOGGED: [d.get("person_display"), d.get("matter")],
        ANSWERED: [d.get("text")],
        GUIDED: [d.get("body"), d.get("address"), d.get("phone")],
        FOLLOW_UP: [d.get("promised_reply")],
        REFERRED: [
            name_of(staff, str(d.get("to_staff_no") or "")) or d.get("department"),
            d.get("contact"),
            d.get("note"),
        ],
        HANDED_BACK: [d.get("reason")],
        REPLIED: [d.get("text")],
        CLOSED: [d.get("note")],
    }
    return parts.get(type, [])


def inquiry_step(step: StepRow, staff: Staff) -> InquiryStep:
    """One timeline step; ``detail`` is one readable line of its facts (values only)."""
    parts = [str(part) for part in _parts(step.type, step.detail, staff) if part not in (None, "")]
    return InquiryStep(step.at, step.type, step.actor, step.on_behalf_of, SEP.join(parts))

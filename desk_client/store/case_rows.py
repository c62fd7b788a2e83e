"""The plain rows of a case, centrally and locally alike (issue 5).

Frozen dataclasses, never ORM rows: services turn them into their views (services.dto_cases).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class CaseRow:
    """One case as its row holds it. ``deadline`` None: a pause without an end (or no
    calendar at acceptance); ``closed_at`` None while the case is open."""

    number: str
    item_code: str
    item_name: str
    kind: str
    applicant_name: str
    applicant_display: str
    staff_no: str
    window_number: int | None
    accepted_at: datetime
    accepted_day: date
    limit_days: int
    extension_days: int
    deadline: date | None
    state: str
    paused_since: date | None
    level: str
    closed_at: datetime | None
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class TimelineRow:
    """One entry of a case's timeline: the event's payload is ``detail``."""

    event_id: str | None
    type: str
    at: datetime
    actor: str
    on_behalf_of: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class PauseRow:
    """A special step that stops the clock (行政许可法第四十五条); ``end`` None while it runs."""

    start: date
    end: date | None
    reason: str
    basis: str
    step: str


@dataclass(frozen=True)
class CaseRecord:
    """A case with its timeline (oldest first) and its pauses (by start)."""

    case: CaseRow
    timeline: tuple[TimelineRow, ...]
    pauses: tuple[PauseRow, ...]


def _day(value: Any) -> date | None:
    """A DATE column's value (a datetime on some drivers, a date on others)."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value))


def day_value(value: Any) -> date:
    """A NOT NULL DATE column's value as a date."""
    found = _day(value)
    if found is None:
        raise ValueError("a date was expected, not NULL")
    return found


def case_from_row(row: Any) -> CaseRow:
    window = row.window_number
    return CaseRow(
        number=row.number,
        item_code=row.item_code,
        item_name=row.item_name,
        kind=row.kind,
        applicant_name=row.applicant_name,
        applicant_display=row.applicant_display,
        staff_no=row.staff_no,
        window_number=None if window is None else int(window),
        accepted_at=row.accepted_at,
        accepted_day=day_value(row.accepted_day),
        limit_days=int(row.limit_days),
        extension_days=int(row.extension_days),
        deadline=_day(row.deadline),
        state=row.state,
        paused_since=_day(row.paused_since),
        level=row.level,
        closed_at=row.closed_at,
        updated_at=row.updated_at,
    )


def timeline_from_row(row: Any) -> TimelineRow:
    detail = json.loads(row.detail)
    return TimelineRow(
        event_id=row.event_id,
        type=row.type,
        at=row.at,
        actor=row.actor,
        on_behalf_of=row.on_behalf_of,
        detail=detail if isinstance(detail, dict) else {"value": detail},
    )


def pause_from_row(row: Any) -> PauseRow:
    return PauseRow(
        start=day_value(row.start_day),
        end=_day(row.end_day),
        reason=row.reason,
        basis=row.basis,
        step=row.step,
    )

"""What a case is made of at the window: its limit and deadline, its level, its views.

Pure helpers of services.cases (no database): the limit an item gives, the deadline counted
on the calendar (None with ``missing`` when the calendar lacks a year the count needs: never
a guess), the live warning level, the ``case.opened`` payload, and the DTOs the front ends get.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desk_client.core.catalogue import ItemKind, ServiceItem
from desk_client.core.deadlines import Level, Pause, deadline, level, statutory_limit
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import mask_applicant
from desk_client.core.notices import NoticeContent
from desk_client.core.workdays import WorkCalendar
from desk_client.services.dto_cases import CaseView, TimelineEntry
from desk_client.store.case_rows import CaseRow, PauseRow, TimelineRow

OPENED = "case.opened"
#: Separates the parts of a timeline entry's detail (values only: no language in it).
SEP = " · "


@dataclass(frozen=True)
class Thresholds:
    """The hall's yellow rule (config [thresholds])."""

    yellow_days: int
    yellow_percent: int


@dataclass(frozen=True)
class Due:
    """A counted deadline: None while a pause has no end, or (``missing``) when the
    calendar lacks a year the count needs."""

    day: date | None
    missing: bool = False


def case_limit(item: ServiceItem) -> int:
    """Working days an item's case gets: 0 for a 即办件 (due the same day); else what the
    item promises, else its statutory limit, else the law's default (core.deadlines)."""
    if item.kind == ItemKind.INSTANT:
        return 0
    if item.promised_days is not None:
        return item.promised_days
    if item.statutory_days is not None:
        return item.statutory_days
    return statutory_limit(item.kind)[0]


def count_due(accepted: date, limit: int, pauses: Sequence[Pause], calendar: WorkCalendar) -> Due:
    try:
        return Due(deadline(accepted, limit, pauses, calendar))
    except DeskError as exc:
        if exc.code != "calendar.missing":
            raise
        return Due(None, missing=True)


def level_of(  # noqa: PLR0917 - mirrors core.deadlines.level
    today: date,
    due: Due,
    limit: int,
    accepted: date,
    calendar: WorkCalendar,
    thresholds: Thresholds,
) -> Level:
    if due.missing:
        return Level.MISSING
    days, percent = thresholds.yellow_days, thresholds.yellow_percent
    return level(today, due.day, limit, accepted, calendar, days, percent)


def live_level(row: CaseRow, today: date, calendar: WorkCalendar, thresholds: Thresholds) -> str:
    """The level of a stored case now, from its stored deadline (a closed case keeps the
    level it closed with; no deadline and no pause means the calendar was missing)."""
    if row.closed_at is not None:
        return row.level
    if row.deadline is None:
        return Level.OPEN.value if row.paused_since is not None else Level.MISSING.value
    due = Due(row.deadline)
    limit = row.limit_days + row.extension_days
    return level_of(today, due, limit, row.accepted_day, calendar, thresholds).value


def core_pauses(rows: Sequence[PauseRow]) -> tuple[Pause, ...]:
    return tuple(Pause(row.start, row.end, row.reason) for row in rows)


def case_view(row: CaseRow, level: str | None = None) -> CaseView:
    """``limit_days`` is the effective limit (extensions included); ``level`` overrides the
    stored one (a live level)."""
    return CaseView(
        number=row.number,
        item_code=row.item_code,
        item_name=row.item_name,
        kind=row.kind,
        applicant_display=row.applicant_display,
        staff_no=row.staff_no,
        window_number=row.window_number,
        accepted_at=row.accepted_at,
        accepted_day=row.accepted_day,
        limit_days=row.limit_days + row.extension_days,
        deadline=row.deadline,
        state=row.state,
        paused_since=row.paused_since,
        level=row.level if level is None else level,
    )


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def opened_payload(  # noqa: PLR0917 - every part of a new case
    content: NoticeContent,
    kind: str,
    limit: int,
    accepted_day: date,
    due: Due,
    level: Level,
) -> dict[str, Any]:
    """The ``case.opened`` event of an acceptance (the number is the acceptance notice's)."""
    return {
        "number": content.number,
        "at": content.issued_at.isoformat(),
        "actor": content.clerk_no,
        "item_code": content.item_code,
        "item_name": content.item_name,
        "kind": kind,
        "applicant_name": content.applicant.name,
        "applicant_display": mask_applicant(content.applicant),
        "staff_no": content.clerk_no,
        "window": content.window_number,
        "accepted_at": content.issued_at.isoformat(),
        "accepted_day": accepted_day.isoformat(),
        "limit_days": limit,
        "deadline": iso(due.day),
        "level": level.value,
    }


# -- the timeline ---------------------------------------------------------------------------


def _arrow(detail: Mapping[str, Any]) -> str:
    """``→ 2026-12-01`` when the event set a deadline, ``→ open`` when it left none."""
    if "deadline" not in detail:
        return ""
    return f"→ {detail['deadline'] or 'open'}"


def _parts(type: str, d: Mapping[str, Any]) -> list[Any]:
    parts: dict[str, list[Any]] = {
        OPENED: [d.get("item_code"), d.get("item_name"), d.get("limit_days")],
        "case.paused": [d.get("step"), d.get("start"), d.get("reason"), d.get("basis")],
        "case.resumed": [d.get("end")],
        "case.extended": [
            f"+{d.get('days')}",
            d.get("reason"),
            d.get("supervisor_name") or d.get("supervisor_no"),
        ],
        "case.withdrawn": [d.get("reason")],
        "case.transferred": [d.get("department"), d.get("reason")],
        "case.warned": [d.get("level")],
    }
    return parts.get(type, [])


def timeline_detail(type: str, detail: Mapping[str, Any]) -> str:
    """One readable line of an event's facts (values only; the UI names the type)."""
    parts = [str(part) for part in _parts(type, detail) if part not in (None, "")]
    arrow = _arrow(detail) if type != "case.warned" else ""
    return SEP.join([*parts, arrow] if arrow else parts)


def timeline_entry(row: TimelineRow) -> TimelineEntry:
    actor = row.actor if not row.on_behalf_of else f"{row.actor} ({row.on_behalf_of})"
    return TimelineEntry(row.at, row.type, actor, timeline_detail(row.type, row.detail))


def local_day(moment: datetime, zone: Any) -> date:
    return moment.astimezone(zone).date()

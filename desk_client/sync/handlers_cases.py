"""Event types of issue 5: the case lifecycle and the supervisor's calendar edits.

Imported by sync.ingest beside the other handler modules. Every case event carries
``number`` (the acceptance notice's number), ``at`` (ISO time with offset), ``actor`` and
optionally ``on_behalf_of`` and ``level`` (the case's level after it); the PC that records it
computes the new ``deadline`` (ISO date, null while a pause has no end) with its calendar.

- ``case.opened`` {item_code, item_name, kind, applicant_name, applicant_display, staff_no,
  window, accepted_at, accepted_day, limit_days, deadline, level}
- ``case.started`` {}
- ``case.paused`` {start, step, reason, basis, deadline}
- ``case.resumed`` {end, deadline}
- ``case.extended`` {days, reason, supervisor_no, deadline}: the supervisor must be one of
  the hall's supervisors (or admins)
- ``case.completed`` {pause_end?}, ``case.withdrawn`` {reason, pause_end?},
  ``case.transferred`` {department, reason, pause_end?}: close the case and its open pause
- ``case.warned`` {number, level, at}: the same level twice (or a closed case) is applied
  once; the repeat is accepted and changes nothing
- ``calendar.day_set`` {day, working, reason}: a supervisor's edit of one day (``working``
  null removes the override); bumps the calendar version

All case types share ONE apply function, so the ingest hands them over together in the
device's order (sync.ingest groups events by apply function): a batch that opens a case and
then pauses, resumes and pauses it again is applied in that order. An event for a case the
hall does not have is poison unless a ``case.opened`` came before it; so is a step the case's
state forbids (core.cases) and a second ``case.opened`` of a number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core.catalogue import ItemKind
from desk_client.core.deadlines import MAX_LIMIT, Level
from desk_client.store import hall, holidays_repo
from desk_client.store.case_changes import (
    COMPLETED,
    DAY_SET,
    EXTENDED,
    OPENED,
    PAUSED,
    RESUMED,
    STARTED,
    TRANSFERRED,
    WARNED,
    WITHDRAWN,
    AppliedEvent,
    apply_event,
    load_cases,
)
from desk_client.store.cases_repo import central_tables
from desk_client.sync.events import (
    ApplyContext,
    Incoming,
    first_problem,
    register,
    text_field,
    time_field,
)

#: Generous caps for texts the window limits more tightly.
REASON_MAX, BASIS_MAX = 2000, 4000
SUPERVISORS = ("supervisor", "admin")
LEVELS = frozenset(level.value for level in Level)
KINDS = frozenset(kind.value for kind in ItemKind)


# -- field checks -------------------------------------------------------------------------


def day_field(payload: Mapping[str, Any], key: str, *, nullable: bool = False) -> str | None:
    """An ISO date (``nullable``: or null/absent)."""
    value = payload.get(key)
    if value is None and nullable:
        return None
    try:
        if isinstance(value, str) and date.fromisoformat(value):
            return None
    except ValueError:
        pass
    return f"{key} must be an ISO date" + (" or null" if nullable else "")


def count_field(payload: Mapping[str, Any], key: str, low: int, high: int) -> str | None:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"{key} must be a whole number from {low} to {high}"
    return None


def choice_field(
    payload: Mapping[str, Any], key: str, allowed: frozenset[str], *, optional: bool = False
) -> str | None:
    value = payload.get(key)
    if (value is None and optional) or value in allowed:
        return None
    return f"{key} must be one of {sorted(allowed)}"


def _optional_text(payload: Mapping[str, Any], key: str, max_len: int) -> str | None:
    return None if payload.get(key) is None else text_field(payload, key, max_len)


def _deadline(payload: Mapping[str, Any]) -> str | None:
    if "deadline" not in payload:
        return "deadline must be given (an ISO date, or null while a pause has no end)"
    return day_field(payload, "deadline", nullable=True)


def _common(payload: Mapping[str, Any]) -> str | None:
    return first_problem(
        text_field(payload, "number", 32),
        time_field(payload, "at"),
        _optional_text(payload, "actor", 64),
        _optional_text(payload, "on_behalf_of", 64),
        choice_field(payload, "level", LEVELS, optional=True),
    )


# -- validation per type ------------------------------------------------------------------


def validate_opened(payload: Mapping[str, Any]) -> str | None:
    window = payload.get("window")
    return _common(payload) or first_problem(
        text_field(payload, "item_code", 64),
        text_field(payload, "item_name", 200),
        choice_field(payload, "kind", KINDS),
        text_field(payload, "applicant_name", 200),
        text_field(payload, "applicant_display", 200),
        text_field(payload, "staff_no", 32),
        None if window is None else count_field(payload, "window", 1, 9999),
        time_field(payload, "accepted_at"),
        day_field(payload, "accepted_day"),
        count_field(payload, "limit_days", 0, MAX_LIMIT),
        _deadline(payload),
        choice_field(payload, "level", LEVELS),
    )


def validate_started(payload: Mapping[str, Any]) -> str | None:
    return _common(payload)


def validate_paused(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or first_problem(
        day_field(payload, "start"),
        text_field(payload, "step", 200),
        text_field(payload, "reason", REASON_MAX),
        text_field(payload, "basis", BASIS_MAX, empty=True),
        _deadline(payload),
    )


def validate_resumed(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or first_problem(day_field(payload, "end"), _deadline(payload))


def validate_extended(payload: Mapping[str, Any]) -> str | None:
    return _common(payload) or first_problem(
        count_field(payload, "days", 1, MAX_LIMIT),
        text_field(payload, "reason", REASON_MAX),
        text_field(payload, "supervisor_no", 32),
        _deadline(payload),
    )


def _closing(payload: Mapping[str, Any], *keys: str) -> str | None:
    return _common(payload) or first_problem(
        day_field(payload, "pause_end", nullable=True),
        *(text_field(payload, key, REASON_MAX) for key in keys),
        None if "deadline" not in payload else day_field(payload, "deadline", nullable=True),
    )


def validate_completed(payload: Mapping[str, Any]) -> str | None:
    return _closing(payload)


def validate_withdrawn(payload: Mapping[str, Any]) -> str | None:
    return _closing(payload, "reason")


def validate_transferred(payload: Mapping[str, Any]) -> str | None:
    return _closing(payload, "department", "reason")


def validate_warned(payload: Mapping[str, Any]) -> str | None:
    return first_problem(
        _common(payload),
        choice_field(payload, "level", LEVELS),
        day_field(payload, "deadline", nullable=True) if "deadline" in payload else None,
    )


def validate_day_set(payload: Mapping[str, Any]) -> str | None:
    working = payload.get("working", "")
    return first_problem(
        day_field(payload, "day"),
        None
        if working is None or isinstance(working, bool)
        else "working must be true, false or null",
        text_field(payload, "reason", 200, empty=True),
        time_field(payload, "at", optional=True),
    )


# -- applying ---------------------------------------------------------------------------------


def _is_supervisor(conn: Connection, hall_id: int, staff_no: str) -> bool:
    found = hall.staff_by_no(conn, hall_id, staff_no)
    return found is not None and found.role in SUPERVISORS


def _refusal(conn: Connection, ctx: ApplyContext, item: Incoming) -> str | None:
    """What the central database knows better than the payload: who may approve."""
    if item.event.type != EXTENDED:
        return None
    supervisor = str(item.payload["supervisor_no"])
    if _is_supervisor(conn, ctx.hall_id, supervisor):
        return None
    return f"{supervisor} is not a supervisor of hall {ctx.hall_code}; no extension"


def apply_cases(conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]) -> dict[str, str]:
    """Every case event of the batch, in the device's order."""
    tables = central_tables(ctx.hall_id)
    known = load_cases(conn, tables, sorted({str(item.payload["number"]) for item in items}))
    refused: dict[str, str] = {}
    for item in items:
        event = AppliedEvent(item.event.type, item.payload, item.event.event_id, item.event.actor)
        reason = _refusal(conn, ctx, item) or apply_event(conn, tables, known, event)
        if reason is not None:
            refused[item.event.event_id] = reason
    return refused


def apply_day_set(conn: Connection, ctx: ApplyContext, items: Sequence[Incoming]) -> dict[str, str]:
    """A supervisor's edits of the national calendar, each bumping its version."""
    refused: dict[str, str] = {}
    for item in items:
        actor, payload = item.event.actor, item.payload
        if not _is_supervisor(conn, ctx.hall_id, actor):
            refused[item.event.event_id] = f"{actor} is not a supervisor; the calendar is unchanged"
            continue
        at = payload.get("at")
        now = ctx.now if at is None else datetime.fromisoformat(str(at))
        working = payload["working"]
        day = date.fromisoformat(str(payload["day"]))
        holidays_repo.set_day(conn, day, working, str(payload["reason"]), by=actor, now=now)
    return refused


_CASE_VALIDATORS = {
    OPENED: validate_opened,
    STARTED: validate_started,
    PAUSED: validate_paused,
    RESUMED: validate_resumed,
    EXTENDED: validate_extended,
    COMPLETED: validate_completed,
    WITHDRAWN: validate_withdrawn,
    TRANSFERRED: validate_transferred,
    WARNED: validate_warned,
}
for _type, _validate in _CASE_VALIDATORS.items():
    register(_type, apply_cases, _validate)
register(DAY_SET, apply_day_set, validate_day_set)

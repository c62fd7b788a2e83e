"""What a case event does to a case's rows, once for the central tables and the local mirror.

The central handlers (sync.handlers_cases) and the local store (store.local_cases: this PC's
own events and the hall's others projected from the pull) apply the same event the same way
through :func:`apply_event`, so a case looks alike on every PC and centrally. Both table sets
share their column names; only the hall key differs (``hall_id`` centrally, ``hall_code``
locally), which :class:`CaseTables` carries.

The PC recording an event computes the new deadline with the calendar and sends it; the state
follows core.cases.next_case_state, so a forbidden step (a second pause, anything after 办结)
is refused with its reason instead of corrupting the row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.cases import CaseAction, next_case_state
from desk_client.core.errors import DeskError
from desk_client.store.case_rows import (
    CaseRecord,
    CaseRow,
    PauseRow,
    TimelineRow,
    case_from_row,
    pause_from_row,
    timeline_from_row,
)

OPENED, STARTED, PAUSED, RESUMED = "case.opened", "case.started", "case.paused", "case.resumed"
EXTENDED, COMPLETED, WITHDRAWN = "case.extended", "case.completed", "case.withdrawn"
TRANSFERRED, WARNED = "case.transferred", "case.warned"
DAY_SET = "calendar.day_set"

#: The lifecycle events and the core action each stands for.
ACTIONS: dict[str, CaseAction] = {
    STARTED: CaseAction.START,
    PAUSED: CaseAction.PAUSE,
    RESUMED: CaseAction.RESUME,
    EXTENDED: CaseAction.EXTEND,
    COMPLETED: CaseAction.COMPLETE,
    WITHDRAWN: CaseAction.WITHDRAW,
    TRANSFERRED: CaseAction.TRANSFER,
}
CLOSING = frozenset({COMPLETED, WITHDRAWN, TRANSFERRED})
CASE_TYPES = (OPENED, *ACTIONS, WARNED)


def day_of(value: Any) -> date | None:
    """An ISO date of a payload (None stays None)."""
    return None if value is None else date.fromisoformat(str(value))


def time_of(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class AppliedEvent:
    """An event to apply to a mirror (cases here, inquiries in inquiry_changes): its type,
    payload, id (None when not sealed yet) and actor (the event's, used when the payload
    names none)."""

    type: str
    payload: Mapping[str, Any]
    event_id: str | None
    actor: str


@dataclass(frozen=True)
class CaseTables:
    """One set of case tables and the hall key its rows carry ({"hall_id": 7})."""

    cases: sa.Table
    events: sa.Table
    pauses: sa.Table
    key: Mapping[str, Any]

    def where(self, table: sa.Table, number: str | Sequence[str]) -> list[Any]:
        keys = [table.c[name] == value for name, value in self.key.items()]
        if isinstance(number, str):
            return [*keys, table.c.number == number]
        return [*keys, table.c.number.in_(set(number))]


# -- pure: the rows an event makes --------------------------------------------------------------


def opened_case(payload: Mapping[str, Any]) -> CaseRow:
    at = time_of(payload["at"])
    window = payload.get("window")
    return CaseRow(
        number=str(payload["number"]),
        item_code=str(payload["item_code"]),
        item_name=str(payload["item_name"]),
        kind=str(payload["kind"]),
        applicant_name=str(payload["applicant_name"]),
        applicant_display=str(payload["applicant_display"]),
        staff_no=str(payload["staff_no"]),
        window_number=None if window is None else int(window),
        accepted_at=time_of(payload["accepted_at"]),
        accepted_day=date.fromisoformat(str(payload["accepted_day"])),
        limit_days=int(payload["limit_days"]),
        extension_days=0,
        deadline=day_of(payload.get("deadline")),
        state="accepted",
        paused_since=None,
        level=str(payload["level"]),
        closed_at=None,
        updated_at=at,
    )


def transition_problem(case: CaseRow, type: str) -> str | None:
    """Why ``type`` cannot happen to the case now (core.cases' rule), or None."""
    try:
        next_case_state(case.state, ACTIONS[type], case.paused_since is not None, case.number)
    except DeskError as refused:
        return refused.message("en")  # "Case SL2026-03-0001 is completed; it cannot be ..."
    return None


def changed(case: CaseRow, type: str, payload: Mapping[str, Any]) -> CaseRow:
    """The case after a lifecycle event (the transition must be allowed)."""
    at = time_of(payload["at"])
    state = next_case_state(case.state, ACTIONS[type], case.paused_since is not None)
    new = replace(case, state=state.value, updated_at=at)
    if "deadline" in payload:
        new = replace(new, deadline=day_of(payload["deadline"]))
    if payload.get("level") is not None:
        new = replace(new, level=str(payload["level"]))
    if type == PAUSED:
        return replace(new, paused_since=day_of(payload["start"]))
    if type == RESUMED:
        return replace(new, paused_since=None)
    if type == EXTENDED:
        return replace(new, extension_days=case.extension_days + int(payload["days"]))
    if type in CLOSING:
        return replace(new, paused_since=None, closed_at=at)
    return new


def pause_end(case: CaseRow, type: str, payload: Mapping[str, Any]) -> date | None:
    """The day the case's open pause ends with this event, or None when none ends.

    A resume names its end; closing a paused case ends the pause on ``pause_end`` when the
    payload gives it, else on the (UTC) day of the event, never before the pause began."""
    if case.paused_since is None or not (type == RESUMED or type in CLOSING):
        return None
    given = day_of(payload.get("end" if type == RESUMED else "pause_end"))
    return given or max(case.paused_since, time_of(payload["at"]).date())


def pause_of(payload: Mapping[str, Any]) -> PauseRow:
    return PauseRow(
        start=date.fromisoformat(str(payload["start"])),
        end=None,
        reason=str(payload.get("reason", "")),
        basis=str(payload.get("basis", "")),
        step=str(payload.get("step", "")),
    )


def timeline_of(
    type: str, payload: Mapping[str, Any], event_id: str | None, actor: str
) -> TimelineRow:
    behalf = payload.get("on_behalf_of")
    return TimelineRow(
        event_id=event_id,
        type=type,
        at=time_of(payload["at"]),
        actor=str(payload.get("actor") or actor),
        on_behalf_of=None if behalf is None else str(behalf),
        detail=dict(payload),
    )


# -- the rows written -----------------------------------------------------------------------


def load_cases(conn: Connection, t: CaseTables, numbers: Sequence[str]) -> dict[str, CaseRow]:
    """The cases among ``numbers`` that exist, by number (one query)."""
    if not numbers:
        return {}
    found = conn.execute(sa.select(t.cases).where(*t.where(t.cases, numbers)))
    return {row.number: case_from_row(row) for row in found}


def _case_values(case: CaseRow) -> dict[str, Any]:
    return {name: getattr(case, name) for name in CaseRow.__dataclass_fields__}


def _timeline_values(t: CaseTables, number: str, entry: TimelineRow) -> dict[str, Any]:
    values = {name: getattr(entry, name) for name in TimelineRow.__dataclass_fields__}
    return {**t.key, "number": number, **values, "detail": dumps(entry.detail)}


def _write_pause(conn: Connection, t: CaseTables, before: CaseRow, event: AppliedEvent) -> None:
    type, payload = event.type, event.payload
    end = pause_end(before, type, payload)
    if end is not None:
        still_open = [*t.where(t.pauses, before.number), t.pauses.c.end_day.is_(None)]
        conn.execute(t.pauses.update().where(*still_open).values(end_day=end))
    if type == PAUSED:
        pause = pause_of(payload)
        values = {**t.key, "number": before.number, "start_day": pause.start, "end_day": None}
        values |= {"reason": pause.reason, "basis": pause.basis, "step": pause.step}
        if "event_id" in t.pauses.c:
            values["event_id"] = event.event_id
        conn.execute(t.pauses.insert().values(**values))


def _refusal(known: Mapping[str, CaseRow], type: str, payload: Mapping[str, Any]) -> str | None:
    number = str(payload["number"])
    case = known.get(number)
    if type == OPENED:
        return None if case is None else f"case number {number} already exists"
    if case is None:
        return f"unknown case {number}"
    if type == WARNED:
        return None
    return transition_problem(case, type) or _resume_problem(case, type, payload)


def _resume_problem(case: CaseRow, type: str, payload: Mapping[str, Any]) -> str | None:
    end, start = day_of(payload.get("end")), case.paused_since
    if type != RESUMED or end is None or start is None or end >= start:
        return None
    return f"case {case.number}: resumed on {end}, before its pause began on {start}"


def apply_event(
    conn: Connection, t: CaseTables, known: dict[str, CaseRow], event: AppliedEvent
) -> str | None:
    """Apply one case event to ``t``; the reason it was refused (nothing written), or None.

    ``known`` holds the cases already read (or written) in this transaction and is kept up
    to date, so a batch that opens a case and moves it is applied in order. A warning of the
    level the case already has, or of a closed case, is applied once: the repeat is a no-op.
    """
    type, payload = event.type, event.payload
    reason = _refusal(known, type, payload)
    if reason is not None:
        return reason
    number = str(payload["number"])
    after = _after(conn, t, known.get(number), event)
    if after is None:
        return None
    known[number] = after
    entry = timeline_of(type, payload, event.event_id, event.actor)
    conn.execute(t.events.insert().values(**_timeline_values(t, number, entry)))
    return None


def _after(
    conn: Connection, t: CaseTables, before: CaseRow | None, event: AppliedEvent
) -> CaseRow | None:
    """Write the case row (and pause) the event makes; None when a warning changes nothing."""
    type, payload = event.type, event.payload
    if before is None:
        after = opened_case(payload)
        conn.execute(t.cases.insert().values(**t.key, **_case_values(after)))
        return after
    if type == WARNED:
        warned = _warned(before, payload)
        if warned is None:
            return None
        return _update(conn, t, warned)
    _write_pause(conn, t, before, event)
    return _update(conn, t, changed(before, type, payload))


def _update(conn: Connection, t: CaseTables, after: CaseRow) -> CaseRow:
    where = t.where(t.cases, after.number)
    conn.execute(t.cases.update().where(*where).values(**_case_values(after)))
    return after


def _warned(before: CaseRow, payload: Mapping[str, Any]) -> CaseRow | None:
    """A level change, and the deadline when the sweep counted it anew (a case opened while
    the calendar lacked its year); None when it changes nothing (a repeat from another PC)."""
    deadline = day_of(payload["deadline"]) if "deadline" in payload else before.deadline
    level = str(payload["level"])
    if before.closed_at is not None or (before.level, before.deadline) == (level, deadline):
        return None
    return replace(before, level=level, deadline=deadline, updated_at=time_of(payload["at"]))


# -- reading back -------------------------------------------------------------------------


def read_case(conn: Connection, t: CaseTables, number: str) -> CaseRow | None:
    found = conn.execute(sa.select(t.cases).where(*t.where(t.cases, number))).first()
    return None if found is None else case_from_row(found)


def read_record(conn: Connection, t: CaseTables, number: str) -> CaseRecord | None:
    """The case with its timeline (in time order) and pauses (by start), or None."""
    case = read_case(conn, t, number)
    if case is None:
        return None
    e, p = t.events.c, t.pauses.c
    events = conn.execute(
        sa.select(t.events).where(*t.where(t.events, number)).order_by(e.at, e.id)
    )
    pauses = conn.execute(
        sa.select(t.pauses).where(*t.where(t.pauses, number)).order_by(p.start_day, p.id)
    )
    timeline = tuple(timeline_from_row(row) for row in events)
    return CaseRecord(case, timeline, tuple(pause_from_row(row) for row in pauses))

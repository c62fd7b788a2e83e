"""Cases and the cached calendar in the local store (issue 5).

A case is written here first (local-first): the flow service records each case event with
``LocalStore.record_in`` and applies the same event to the local mirror with
:func:`apply_event` in that transaction, exactly as the central handler will
(store.case_changes), so this PC's copy and the central row agree. Case events recorded on the
hall's other PCs arrive with the pull (:func:`project_pulled`, chained in services.sync).

The calendar: ``cached_holidays`` is the central ``holidays`` table as of ``cached_calendar``'s
version, replaced as a whole in one transaction (:func:`replace_holidays`) after a sync that
saw a newer version, so deadlines are computed offline with the calendar last seen.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store import db
from desk_client.store.case_changes import (
    CASE_TYPES,
    DAY_SET,
    AppliedEvent,
    CaseTables,
    read_case,
    read_record,
)
from desk_client.store.case_changes import apply_event as apply_to
from desk_client.store.case_rows import CaseRecord, CaseRow, case_from_row, day_value
from desk_client.store.local import LocalStore, PulledRow
from desk_client.store.local_schema import (
    cached_calendar,
    cached_holidays,
    case_events,
    case_pauses,
    cases,
    device,
    outbox,
)

log = logging.getLogger(__name__)

CALENDAR_ROW = 1
#: How many closed cases ``my_cases`` lists after the open ones.
CLOSED_SHOWN = 200


def local_tables(hall_code: str) -> CaseTables:
    return CaseTables(cases, case_events, case_pauses, {"hall_code": hall_code})


def apply_event(
    conn: Connection,
    hall_code: str,
    type: str,
    payload: Mapping[str, Any],
    *,
    event_id: str | None = None,
    actor: str = "",
) -> str | None:
    """Apply one case event to this PC's mirror, in the caller's transaction (the one that
    records the event). Returns the reason it cannot apply (nothing written): the case is
    unknown, already exists, or the step is forbidden in its state; None when applied."""
    event = AppliedEvent(type, payload, event_id, actor)
    known = {}
    found = read_case(conn, local_tables(hall_code), str(payload["number"]))
    if found is not None:
        known[found.number] = found
    return apply_to(conn, local_tables(hall_code), known, event)


# -- reading --------------------------------------------------------------------------------


def get_case(conn: Connection, hall_code: str, number: str) -> CaseRow | None:
    return read_case(conn, local_tables(hall_code), number)


def case_record(conn: Connection, hall_code: str, number: str) -> CaseRecord | None:
    """The case with its timeline and pauses (what the case view shows), or None."""
    return read_record(conn, local_tables(hall_code), number)


def _ordered(conn: Connection, where: Sequence[Any]) -> list[CaseRow]:
    """Open cases by deadline, those without one (paused, no end yet) last."""
    c = cases.c
    dated = sa.select(cases).where(*where, c.deadline.is_not(None)).order_by(c.deadline, c.number)
    undated = (
        sa.select(cases).where(*where, c.deadline.is_(None)).order_by(c.paused_since, c.number)
    )
    return [case_from_row(row) for query in (dated, undated) for row in conn.execute(query)]


def open_cases(conn: Connection, hall_code: str, staff_no: str | None = None) -> list[CaseRow]:
    """The open cases held here, of one clerk (``staff_no``) or of the whole hall."""
    c = cases.c
    where = [c.hall_code == hall_code, c.closed_at.is_(None)]
    if staff_no is not None:
        where.append(c.staff_no == staff_no)
    return _ordered(conn, where)


def my_cases(
    conn: Connection, hall_code: str, staff_no: str, closed: int = CLOSED_SHOWN
) -> list[CaseRow]:
    """A clerk's open cases (by deadline), then the ``closed`` most recently closed ones."""
    c = cases.c
    done = (
        sa.select(cases)
        .where(c.hall_code == hall_code, c.staff_no == staff_no, c.closed_at.is_not(None))
        .order_by(c.closed_at.desc(), c.number)
        .limit(closed)
    )
    recent = [case_from_row(row) for row in conn.execute(done)]
    return open_cases(conn, hall_code, staff_no) + recent


def read_case_record(local: LocalStore, hall_code: str, number: str) -> CaseRecord | None:
    with db.read(local.engine()) as conn:
        return case_record(conn, hall_code, number)


def read_my_cases(local: LocalStore, hall_code: str, staff_no: str) -> list[CaseRow]:
    with db.read(local.engine()) as conn:
        return my_cases(conn, hall_code, staff_no)


def read_open_cases(
    local: LocalStore, hall_code: str, staff_no: str | None = None
) -> list[CaseRow]:
    with db.read(local.engine()) as conn:
        return open_cases(conn, hall_code, staff_no)


# -- the cached calendar ----------------------------------------------------------------------


def cached_version(conn: Connection) -> int | None:
    """The central calendar version held here; None before the first refresh."""
    query = sa.select(cached_calendar.c.version).where(cached_calendar.c.id == CALENDAR_ROW)
    found = conn.execute(query).scalar_one_or_none()
    return None if found is None else int(found)


def load_holidays(conn: Connection) -> dict[date, tuple[bool, str]]:
    """The cached overrides: day -> (working, reason)."""
    query = sa.select(cached_holidays).order_by(cached_holidays.c.day)
    return {day_value(r.day): (bool(r.working), r.reason) for r in conn.execute(query)}


def replace_holidays(
    conn: Connection, version: int, days: Mapping[date, tuple[bool, str]], now: datetime
) -> None:
    """The whole cache and its version, in the caller's transaction."""
    conn.execute(cached_holidays.delete())
    rows = [
        {"day": day, "working": working, "reason": reason[:200]}
        for day, (working, reason) in sorted(days.items())
    ]
    if rows:
        conn.execute(cached_holidays.insert(), rows)
    conn.execute(cached_calendar.delete())
    values = {"id": CALENDAR_ROW, "version": version, "cached_at": now}
    conn.execute(cached_calendar.insert().values(**values))


def set_cached_day(conn: Connection, day: date, working: bool | None, reason: str) -> None:
    """One day's override here at once (a supervisor's edit, or one pulled); the version
    stays, so the next refresh still brings the central table whole."""
    conn.execute(cached_holidays.delete().where(cached_holidays.c.day == day))
    if working is not None:
        values = {"day": day, "working": working, "reason": reason[:200]}
        conn.execute(cached_holidays.insert().values(**values))


def read_holidays(local: LocalStore) -> tuple[int | None, dict[date, tuple[bool, str]]]:
    """(cached version, overrides) in one read."""
    with db.read(local.engine()) as conn:
        return cached_version(conn), load_holidays(conn)


def store_holidays(
    local: LocalStore,
    version: int,
    days: Mapping[date, tuple[bool, str]],
    now: datetime,
    *,
    unless_pending: str = "",
) -> bool:
    """Replace the cache; with ``unless_pending``, only while no event of that type waits in
    the outbox (checked in the same write transaction that a local edit takes, so an edit
    made while the central days were being read is never overwritten). True if written."""
    with local.write() as conn:
        if unless_pending and _pending(conn, unless_pending):
            return False
        replace_holidays(conn, version, days, now)
    return True


def _pending(conn: Connection, type: str) -> bool:
    o = outbox.c
    query = sa.select(o.client_seq).where(o.status == "pending", o.type == type).limit(1)
    return conn.execute(query).first() is not None


# -- projection of pulled events ----------------------------------------------------------------


def _project_one(conn: Connection, hall_code: str, row: PulledRow) -> None:
    payload = json.loads(row.payload)
    if not isinstance(payload, dict):
        raise TypeError("payload is not a JSON object")
    if row.type == DAY_SET:
        working = payload["working"]
        day = date.fromisoformat(str(payload["day"]))
        set_cached_day(
            conn, day, None if working is None else bool(working), str(payload["reason"])
        )
        return
    if conn.execute(
        sa.select(case_events.c.id).where(case_events.c.event_id == row.event_id)
    ).first():
        return  # projected before
    reason = apply_event(
        conn,
        hall_code,
        row.type,
        payload,
        event_id=row.event_id,
        actor=str(payload.get("actor", "")),
    )
    if reason is not None:
        log.warning("pulled case event %s not projected: %s", row.event_id, reason)


def _own_device(conn: Connection) -> str | None:
    return conn.execute(sa.select(device.c.device_id)).scalar_one_or_none()


def project_pulled(conn: Connection, rows: Sequence[PulledRow], hall_code: str) -> None:
    """Project the hall's case events and calendar edits recorded on OTHER PCs.

    This PC's own events were applied when they were recorded; rejected events changed
    nothing centrally and change nothing here. Each row runs in a savepoint: one that fails
    (an older or newer client's payload, a case this PC never saw) is logged and skipped,
    never raised, because a failing hook would stop the pull for good.
    """
    own = _own_device(conn)
    wanted = (*CASE_TYPES, DAY_SET)
    for row in rows:
        if row.type not in wanted or row.status != "applied" or row.device_id == own:
            continue
        try:
            with conn.begin_nested():
                _project_one(conn, hall_code, row)
        except (ValueError, KeyError, TypeError, sa.exc.SQLAlchemyError) as exc:
            log.warning("pulled event %s (%s) skipped: %s", row.event_id, row.type, exc)

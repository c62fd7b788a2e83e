"""The national working-day calendar's overrides, centrally (issue 5): table ``holidays``.

Each row overrides the chinese-calendar package for one day (a make-up working Saturday, a
holiday the package does not know yet); a year with at least one row counts as imported
(core.workdays.WorkCalendar). Every change bumps ``calendar_state.version`` in the same
transaction, so each PC replaces its cached copy (store.local_cases) only when it moved.

Writers lock the ``calendar_state`` row first (the version bump is their first statement),
so an import and a supervisor's edit never deadlock on the days in between and never insert
the same day twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store.case_rows import day_value
from desk_client.store.case_schema import calendar_state, holidays

STATE_ID = 1


@dataclass(frozen=True)
class HolidayRow:
    day: date
    working: bool
    reason: str
    updated_by: str
    updated_at: datetime


def _row(found: sa.Row) -> HolidayRow:  # type: ignore[type-arg]
    return HolidayRow(
        day=day_value(found.day),
        working=bool(found.working),
        reason=found.reason,
        updated_by=found.updated_by,
        updated_at=found.updated_at,
    )


def all_days(conn: Connection, year: int | None = None) -> list[HolidayRow]:
    """Every override by day (one year's with ``year``)."""
    h = holidays.c
    query = sa.select(holidays).order_by(h.day)
    if year is not None:
        query = query.where(h.day.between(date(year, 1, 1), date(year, 12, 31)))
    return [_row(found) for found in conn.execute(query)]


def overrides(rows: Iterable[HolidayRow]) -> tuple[dict[date, bool], frozenset[int]]:
    """What core.workdays.WorkCalendar takes: the overrides and the imported years."""
    days = {row.day: row.working for row in rows}
    return days, frozenset(day.year for day in days)


def calendar_version(conn: Connection) -> int:
    query = sa.select(calendar_state.c.version).where(calendar_state.c.id == STATE_ID)
    return int(conn.execute(query).scalar_one_or_none() or 0)


def bump_version(conn: Connection, now: datetime) -> int:
    """One more than the last version (locks the row until COMMIT); returns the new one."""
    s = calendar_state.c
    bumped = conn.execute(
        calendar_state.update()
        .where(s.id == STATE_ID)
        .values(version=s.version + 1, updated_at=now)
    ).rowcount
    if not bumped:  # a database built without the migration's row
        values = {"id": STATE_ID, "version": 1, "updated_at": now}
        conn.execute(calendar_state.insert().values(**values))
    return calendar_version(conn)


def _year_range(year: int) -> sa.ColumnElement[bool]:
    return holidays.c.day.between(date(year, 1, 1), date(year, 12, 31))


def replace_days(
    conn: Connection, days: Mapping[date, tuple[bool, str]], *, by: str, now: datetime
) -> int:
    """Make ``days`` the overrides of every year they touch, in the caller's transaction:
    that year's other rows go (a corrected notice replaces the earlier one). Returns the new
    version; nothing is written for an empty mapping (the version stays)."""
    if not days:
        return calendar_version(conn)
    version = bump_version(conn, now)
    years = sorted({day.year for day in days})
    conn.execute(holidays.delete().where(sa.or_(*(_year_range(year) for year in years))))
    rows = [
        {"day": day, "working": working, "reason": reason[:200], "updated_by": by[:64]}
        | {"updated_at": now}
        for day, (working, reason) in sorted(days.items())
    ]
    conn.execute(holidays.insert(), rows)
    return version


def set_day(
    conn: Connection, day: date, working: bool | None, reason: str, *, by: str, now: datetime
) -> int:
    """One day's override (a supervisor's edit); ``working`` None removes it, so the
    package's answer holds again. Returns the new version."""
    version = bump_version(conn, now)
    h = holidays.c
    if working is None:
        conn.execute(holidays.delete().where(h.day == day))
        return version
    values = {"working": working, "reason": reason[:200], "updated_by": by[:64], "updated_at": now}
    if not conn.execute(holidays.update().where(h.day == day).values(**values)).rowcount:
        conn.execute(holidays.insert().values(day=day, **values))
    return version

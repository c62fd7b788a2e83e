"""A/B post cover (AB岗), absences, the roster (排班) and the hall directory, centrally
(issue 6).

Posts, the roster and the departments are written here directly by a supervisor or
desk-admin (no event: they are the hall's settings, not a clerk's work). Every such write
bumps the hall's ``cover_state.version`` as its FIRST statement, so two writers queue on that
row instead of deadlocking on the rows in between, and every PC refreshes its cached copy
(store.local_inquiries) only when the version moved. An import replaces all or nothing: it
runs in the caller's transaction.

Absences arrive through the ``absence.*`` events (store.inquiry_changes.apply_absence); this
module only reads them. The queries on absences take the table and its hall key, so the
local copy (``hall_code``) is read by the same code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store import inquiry_schema as central
from desk_client.store.inquiry_rows import (
    AbsenceRow,
    CoverSnapshot,
    DepartmentRow,
    PostRow,
    RosterRow,
    absence_from_row,
    department_from_row,
    roster_from_row,
)

absences_table, cover_state = central.absences, central.cover_state
departments_table, posts_table, roster_table = central.departments, central.posts, central.roster


# -- the version ------------------------------------------------------------------------------


def cover_version(conn: Connection, hall_id: int) -> int:
    """The hall's cover version (0 before its first write)."""
    query = sa.select(cover_state.c.version).where(cover_state.c.hall_id == hall_id)
    return int(conn.execute(query).scalar_one_or_none() or 0)


def bump_version(conn: Connection, hall_id: int, now: datetime) -> int:
    """One more than the last version (locks the hall's row until COMMIT); the new one."""
    s = cover_state.c
    bumped = conn.execute(
        cover_state.update()
        .where(s.hall_id == hall_id)
        .values(version=s.version + 1, updated_at=now)
    ).rowcount
    if not bumped:
        conn.execute(cover_state.insert().values(hall_id=hall_id, version=1, updated_at=now))
    return cover_version(conn, hall_id)


# -- posts ------------------------------------------------------------------------------------


def posts(conn: Connection, hall_id: int) -> list[PostRow]:
    """The hall's posts by name (role:..., then window:1, window:2, ... window:10)."""
    p = posts_table.c
    found = conn.execute(sa.select(posts_table).where(p.hall_id == hall_id))
    rows = [PostRow(row.post, row.a_no, row.b_no) for row in found]
    return sorted(rows, key=lambda row: post_order(row.post))


def post_order(post: str) -> tuple[str, int, str]:
    """Posts sort by kind, then windows by number (window:2 before window:10)."""
    kind, _, name = post.partition(":")
    return (kind, int(name), "") if name.isdigit() else (kind, 0, name)


def set_post(
    conn: Connection, hall_id: int, post: str, a_no: str, b_no: str, *, by: str, now: datetime
) -> int:
    """Name the post's A and B (creating the post); returns the new cover version."""
    version = bump_version(conn, hall_id, now)
    p = posts_table.c
    values = {"a_no": a_no, "b_no": b_no, "updated_by": by[:32], "updated_at": now}
    where = [p.hall_id == hall_id, p.post == post]
    if not conn.execute(posts_table.update().where(*where).values(**values)).rowcount:
        conn.execute(posts_table.insert().values(hall_id=hall_id, post=post, **values))
    return version


def replace_posts(
    conn: Connection, hall_id: int, rows: Sequence[PostRow], *, by: str, now: datetime
) -> int:
    """The hall's posts become ``rows`` (the seed, an import); returns the new version."""
    version = bump_version(conn, hall_id, now)
    conn.execute(posts_table.delete().where(posts_table.c.hall_id == hall_id))
    values = [
        {"hall_id": hall_id, "post": r.post, "a_no": r.a_no, "b_no": r.b_no}
        | {"updated_by": by[:32], "updated_at": now}
        for r in rows
    ]
    if values:
        conn.execute(posts_table.insert(), values)
    return version


# -- absences (central or local: the table and its hall key) --------------------------------


def absences_in(
    conn: Connection,
    table: sa.Table,
    key: Mapping[str, Any],
    span: tuple[datetime, datetime] | None = None,
    staff_no: str | None = None,
) -> list[AbsenceRow]:
    """The active (not cancelled) absences, by start: those overlapping ``span`` (all
    with None), of one person with ``staff_no``."""
    a = table.c
    where = [*(a[name] == value for name, value in key.items()), a.cancelled_at.is_(None)]
    if span is not None:
        where += [a.start_at < span[1], a.end_at > span[0]]
    if staff_no is not None:
        where.append(a.staff_no == staff_no)
    query = sa.select(table).where(*where).order_by(a.start_at, a.id)
    return [absence_from_row(row) for row in conn.execute(query)]


def absences(
    conn: Connection,
    hall_id: int,
    span: tuple[datetime, datetime] | None = None,
    staff_no: str | None = None,
) -> list[AbsenceRow]:
    """The hall's active absences centrally (see :func:`absences_in`)."""
    return absences_in(conn, absences_table, {"hall_id": hall_id}, span, staff_no)


def absence(conn: Connection, hall_id: int, absence_id: str) -> AbsenceRow | None:
    a = absences_table.c
    query = sa.select(absences_table).where(a.hall_id == hall_id, a.id == absence_id)
    found = conn.execute(query).first()
    return None if found is None else absence_from_row(found)


# -- the roster -------------------------------------------------------------------------------


def roster(conn: Connection, hall_id: int, start: date, end: date | None = None) -> list[RosterRow]:
    """The roster's rows from ``start`` to ``end`` (inclusive; one day without ``end``), by
    day, window and shift."""
    r = roster_table.c
    query = sa.select(roster_table).where(r.hall_id == hall_id, r.day.between(start, end or start))
    ordered = query.order_by(r.day, r.window_number, r.shift)
    return [roster_from_row(row) for row in conn.execute(ordered)]


def replace_roster(
    conn: Connection, hall_id: int, rows: Sequence[RosterRow], *, now: datetime
) -> int:
    """Make ``rows`` the roster of every day they name (that day's other rows go: an import
    is the whole day's plan), in the caller's transaction; returns the new version. Nothing
    is written for no rows (the version stays)."""
    if not rows:
        return cover_version(conn, hall_id)
    version = bump_version(conn, hall_id, now)
    r = roster_table.c
    days = sorted({row.day for row in rows})
    conn.execute(roster_table.delete().where(r.hall_id == hall_id, r.day.in_(days)))
    values = [
        {"hall_id": hall_id, "day": row.day, "window_number": row.window_number}
        | {"staff_no": row.staff_no, "shift": row.shift}
        for row in rows
    ]
    conn.execute(roster_table.insert(), values)
    return version


def set_roster_day(conn: Connection, hall_id: int, day: date, rows: Sequence[RosterRow]) -> None:
    """Make ``rows`` (all of ``day``; none clears it) the day's roster, in the caller's
    transaction, which has bumped the version first (bump_version: the lock that keeps two
    supervisors' edits of one day apart)."""
    r = roster_table.c
    conn.execute(roster_table.delete().where(r.hall_id == hall_id, r.day == day))
    values = [
        {"hall_id": hall_id, "day": day, "window_number": row.window_number}
        | {"staff_no": row.staff_no, "shift": row.shift}
        for row in rows
    ]
    if values:
        conn.execute(roster_table.insert(), values)


# -- the departments --------------------------------------------------------------------------


def departments(conn: Connection, hall_id: int) -> list[DepartmentRow]:
    """The hall directory in its order."""
    d = departments_table.c
    query = sa.select(departments_table).where(d.hall_id == hall_id).order_by(d.position)
    return [department_from_row(row) for row in conn.execute(query)]


def replace_departments(
    conn: Connection, hall_id: int, rows: Sequence[DepartmentRow], *, now: datetime
) -> int:
    """The hall directory becomes ``rows`` (in that order); returns the new version."""
    version = bump_version(conn, hall_id, now)
    conn.execute(departments_table.delete().where(departments_table.c.hall_id == hall_id))
    values = [
        {"hall_id": hall_id, "name": row.name, "contact": row.contact, "phone": row.phone}
        | {"address": row.address, "position": position}
        for position, row in enumerate(rows, start=1)
    ]
    if values:
        conn.execute(departments_table.insert(), values)
    return version


# -- what a PC caches -------------------------------------------------------------------------


def snapshot(conn: Connection, hall_id: int, since: date) -> CoverSnapshot:
    """The hall's posts, roster from ``since`` on, and departments, with the version read
    FIRST: a write committing in between leaves newer rows under the older version, and the
    next refresh simply copies again."""
    version = cover_version(conn, hall_id)
    r = roster_table.c
    query = sa.select(roster_table).where(r.hall_id == hall_id, r.day >= since)
    ordered = query.order_by(r.day, r.window_number, r.shift)
    return CoverSnapshot(
        version=version,
        posts=tuple(posts(conn, hall_id)),
        roster=tuple(roster_from_row(row) for row in conn.execute(ordered)),
        departments=tuple(departments(conn, hall_id)),
    )

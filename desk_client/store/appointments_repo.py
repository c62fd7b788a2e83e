"""Appointments (预约) centrally: the hall's booking settings, booking, cancelling, the day.

Callers run the writes inside one write transaction (``Context.write``). A booking takes its
day's ``appointment_seq`` row first (:func:`next_code_seq`) and holds it to the commit, so the
bookings of a day run one after another: the count of a slot's bookings a booking reads after
taking it includes every booking committed before, and the slot's last seat is sold once. The
rules (capacity, the slot grid, who may cancel what, the no-show limit) are the service's;
this module only reads and writes rows, and counts them for the report (预约统计).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store.db import AnyRow, new_id
from desk_client.store.ratings_repo import insert_ignore
from desk_client.store.schema import (
    appointment_seq,
    appointment_settings,
    appointments,
    categories,
    staff,
    tickets,
)

A = appointments.c
SETTINGS = ("slot_minutes", "per_slot", "hours", "horizon_days", "no_show_limit", "no_show_days")


# -- settings ---------------------------------------------------------------------------------


def settings_row(conn: Connection, hall_id: int, *, lock: bool = False) -> AnyRow | None:
    """The hall's settings row, or None for a hall on the defaults. ``lock``: FOR UPDATE."""
    s = appointment_settings.c
    query = sa.select(*(s[name] for name in SETTINGS)).where(s.hall_id == hall_id)
    return conn.execute(query.with_for_update() if lock else query).first()


def save_settings(conn: Connection, hall_id: int, values: dict[str, Any]) -> None:
    """Make ``values`` (every one of SETTINGS, checked by the caller) the hall's settings."""
    insert_ignore(conn, appointment_settings, {"hall_id": hall_id, **values}, "hall_id")
    where = appointment_settings.c.hall_id == hall_id
    conn.execute(appointment_settings.update().where(where).values(**values))


# -- booking ----------------------------------------------------------------------------------


def next_code_seq(conn: Connection, hall_id: int, day: date) -> int:
    """The day's next code sequence; its counter row stays locked until the transaction
    ends, which is what serialises the day's bookings (see the module's docstring)."""
    insert_ignore(conn, appointment_seq, {"hall_id": hall_id, "day": day, "last_seq": 0}, "day")
    q = appointment_seq.c
    where = sa.and_(q.hall_id == hall_id, q.day == day)
    conn.execute(appointment_seq.update().where(where).values(last_seq=q.last_seq + 1))
    return int(conn.execute(sa.select(q.last_seq).where(where)).scalar_one())


def booked_count(conn: Connection, hall_id: int, category_id: int, slot_start: datetime) -> int:
    """How many bookings of the slot are not cancelled (checked in or not: each was a seat)."""
    query = sa.select(sa.func.count()).where(
        A.hall_id == hall_id,
        A.category_id == category_id,
        A.slot_start == slot_start,
        A.cancelled_at.is_(None),
    )
    return int(conn.execute(query).scalar_one())


def person_bookings(
    conn: Connection, hall_id: int, phone: str, since: datetime
) -> Sequence[AnyRow]:
    """The appointments booked with ``phone`` (normalised) whose slot starts at ``since`` or
    later, every state: what the no-show limit reads (by ix_appointments_phone)."""
    query = sa.select(A.slot_start, A.slot_end, A.checked_in_ticket_id, A.cancelled_at).where(
        A.hall_id == hall_id, A.phone == phone, A.slot_start >= since
    )
    return conn.execute(query).all()


def insert_appointment(conn: Connection, **values: Any) -> int:
    """A new booking (hall_id, code, category_id, slot_start, slot_end, name, phone, source,
    booked_at, booked_by, and for a move (改约) replaces: the code it moved from); its id."""
    return new_id(conn.execute(appointments.insert().values(**values)))


def slot_counts(
    conn: Connection, hall_id: int, category_id: int, span: tuple[datetime, datetime]
) -> dict[datetime, int]:
    """slot start -> bookings not cancelled, for the slots starting within ``span``."""
    start, end = span
    query = (
        sa.select(A.slot_start, sa.func.count())
        .where(A.hall_id == hall_id, A.category_id == category_id, A.cancelled_at.is_(None))
        .where(A.slot_start >= start, A.slot_start < end)
        .group_by(A.slot_start)
    )
    return {moment: int(count) for moment, count in conn.execute(query)}


def booking_of_code(conn: Connection, hall_id: int, code: str) -> AnyRow | None:
    """What an import compares a code's booking by: category, slot, name, phone."""
    query = sa.select(A.category_id, A.slot_start, A.slot_end, A.name, A.phone)
    return conn.execute(query.where(A.hall_id == hall_id, A.code == code)).first()


def same_booking(
    conn: Connection, hall_id: int, *, category_id: int, slot_start: datetime, name: str,
    phone: str | None,
) -> bool:  # fmt: skip
    """Whether a booking of this person, category and slot stands (not cancelled)."""
    query = sa.select(A.id).where(
        A.hall_id == hall_id, A.category_id == category_id, A.slot_start == slot_start,
        A.name == name, A.cancelled_at.is_(None),
        A.phone.is_(None) if phone is None else A.phone == phone,
    )  # fmt: skip
    return conn.execute(query.limit(1)).first() is not None


# -- cancelling -------------------------------------------------------------------------------


def lock_by_code(conn: Connection, hall_id: int, code: str) -> AnyRow | None:
    """The appointment by code, FOR UPDATE (a check-in of it waits, store.hall)."""
    query = sa.select(A.id, A.slot_end, A.checked_in_ticket_id, A.cancelled_at)
    query = query.where(A.hall_id == hall_id, A.code == code)
    return conn.execute(query.with_for_update()).first()


def mark_cancelled(conn: Connection, appointment_id: int, at: datetime, by: int | None) -> bool:
    """Cancel a booking neither checked in nor cancelled; False when it was either."""
    result = conn.execute(
        appointments.update()
        .where(A.id == appointment_id, A.checked_in_ticket_id.is_(None), A.cancelled_at.is_(None))
        .values(cancelled_at=at, cancelled_by=by)
    )
    return result.rowcount == 1


# -- what lists show --------------------------------------------------------------------------


def _listed() -> sa.Select[Any]:
    """Appointments with their category, the staff number that booked them, the number of
    the ticket their check-in issued and the code a move (改约) replaced."""
    c, s, t = categories.c, staff.c, tickets.c
    joined = (
        appointments.join(categories, c.id == A.category_id)
        .outerjoin(staff, s.id == A.booked_by)
        .outerjoin(tickets, t.id == A.checked_in_ticket_id)
    )
    columns = (A.code, A.slot_start, A.slot_end, A.name, A.phone, A.source, A.cancelled_at)
    extra = (A.checked_in_ticket_id, c.code.label("category_code"), c.name.label("category_name"))
    named = (s.staff_no.label("booked_by_no"), t.number.label("ticket_number"))
    return sa.select(*columns, A.replaces, *extra, *named).select_from(joined)


def day_rows(
    conn: Connection,
    hall_id: int,
    span: tuple[datetime, datetime],
    category_id: int | None = None,
) -> Sequence[AnyRow]:
    """The appointments whose slot starts within ``span``, by start time then code."""
    start, end = span
    query = _listed().where(A.hall_id == hall_id, A.slot_start >= start, A.slot_start < end)
    if category_id is not None:
        query = query.where(A.category_id == category_id)
    return conn.execute(query.order_by(A.slot_start, A.code)).all()


def row_by_code(conn: Connection, hall_id: int, code: str) -> AnyRow | None:
    return conn.execute(_listed().where(A.hall_id == hall_id, A.code == code)).first()


# -- the report (预约统计) ----------------------------------------------------------------------


def state_counts(
    conn: Connection, hall_id: int, span: tuple[datetime, datetime], now: datetime, by: str
) -> Sequence[AnyRow]:
    """The appointments whose slot starts within ``span`` counted by state, one row a group
    (``by``: "slot", the slot's start, which a caller folds into the hall's days; "category",
    the category's code), in the group's order: key, booked (every state), checked_in,
    cancelled, missed (neither, and the slot ended by ``now``). ValueError for another ``by``."""
    key = {"slot": A.slot_start, "category": categories.c.code}.get(by)
    if key is None:
        raise ValueError(f"appointments are counted by slot or category, not {by!r}")
    query = (
        sa.select(key.label("key"), sa.func.count().label("booked"), *_states(now))
        .select_from(appointments.join(categories, categories.c.id == A.category_id))
        .where(A.hall_id == hall_id, A.slot_start >= span[0], A.slot_start < span[1])
        .group_by(key)
        .order_by(key)
    )
    return conn.execute(query).all()


def _states(now: datetime) -> tuple[sa.Label[Any], ...]:
    """checked_in, cancelled and missed counts, as core.appointments.appointment_state tells
    the states apart: a check-in first, then a cancel, then a slot ended by ``now``."""
    came, gone = A.checked_in_ticket_id.is_not(None), A.cancelled_at.is_not(None)
    cancelled = sa.and_(gone, sa.not_(came))
    missed = sa.and_(sa.not_(came), sa.not_(gone), A.slot_end <= now)
    return _tally(came, "checked_in"), _tally(cancelled, "cancelled"), _tally(missed, "missed")


def _tally(condition: sa.ColumnElement[bool], label: str) -> sa.Label[Any]:
    """How many rows of the group meet ``condition`` (a group has rows, so never NULL)."""
    return sa.func.sum(sa.case((condition, 1), else_=0)).label(label)

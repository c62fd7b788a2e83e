"""Reads and writes of the hall's fixed data: categories, windows, staff, appointments."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store.db import AnyRow, new_id
from desk_client.store.schema import (
    appointments,
    categories,
    halls,
    staff,
    window_categories,
    windows,
)


def hall_by_code(conn: Connection, code: str) -> AnyRow | None:
    query = sa.select(halls.c.id, halls.c.code, halls.c.name, halls.c.timezone)
    return conn.execute(query.where(halls.c.code == code)).first()


def hall_categories(conn: Connection, hall_id: int) -> Sequence[AnyRow]:
    c = categories.c
    query = sa.select(c.id, c.code, c.name, c.prefix).where(c.hall_id == hall_id)
    return conn.execute(query.order_by(c.code)).all()


def category_by_code(conn: Connection, hall_id: int, code: str) -> AnyRow | None:
    c = categories.c
    query = sa.select(c.id, c.code, c.name, c.prefix)
    return conn.execute(query.where(c.hall_id == hall_id, c.code == code)).first()


def hall_windows(conn: Connection, hall_id: int) -> Sequence[AnyRow]:
    w = windows.c
    query = sa.select(w.id, w.number, w.name).where(w.hall_id == hall_id)
    return conn.execute(query.order_by(w.number)).all()


def window_by_number(conn: Connection, hall_id: int, number: int) -> AnyRow | None:
    w = windows.c
    query = sa.select(w.id, w.number, w.name)
    return conn.execute(query.where(w.hall_id == hall_id, w.number == number)).first()


def window_category_map(conn: Connection, hall_id: int) -> dict[int, list[tuple[int, str]]]:
    """window id -> [(category id, category code)], codes in order."""
    query = (
        sa.select(window_categories.c.window_id, categories.c.id, categories.c.code)
        .join(categories, categories.c.id == window_categories.c.category_id)
        .where(categories.c.hall_id == hall_id)
        .order_by(categories.c.code)
    )
    result: dict[int, list[tuple[int, str]]] = {}
    for window_id, category_id, code in conn.execute(query):
        result.setdefault(window_id, []).append((category_id, code))
    return result


def window_category_ids(conn: Connection, window_id: int) -> list[int]:
    wc = window_categories.c
    query = sa.select(wc.category_id).where(wc.window_id == window_id).order_by(wc.category_id)
    return list(conn.execute(query).scalars())


def staff_by_no(conn: Connection, hall_id: int, staff_no: str) -> AnyRow | None:
    """The staff member, with the phone printed on their notices."""
    s = staff.c
    query = sa.select(s.id, s.staff_no, s.name, s.role, s.password_hash, s.active, s.phone)
    return conn.execute(query.where(s.hall_id == hall_id, s.staff_no == staff_no)).first()


def active_staff(conn: Connection, hall_id: int) -> Sequence[AnyRow]:
    s = staff.c
    query = sa.select(s.id, s.staff_no, s.name, s.role, s.password_hash)
    return conn.execute(query.where(s.hall_id == hall_id, s.active.is_(True))).all()


def insert_staff(
    conn: Connection, hall_id: int, *, staff_no: str, name: str, password_hash: str, role: str
) -> int:
    values = {
        "hall_id": hall_id,
        "staff_no": staff_no,
        "name": name,
        "role": role,
        "password_hash": password_hash,
        "active": True,
    }
    return new_id(conn.execute(staff.insert().values(**values)))


def appointment_by_code(conn: Connection, hall_id: int, code: str) -> AnyRow | None:
    """The appointment, locked for the rest of the transaction: a check-in and a cancel of
    the same one wait for each other, so each sees what the other did."""
    a = appointments.c
    query = sa.select(
        a.id, a.code, a.category_id, a.slot_start, a.slot_end, a.name, a.checked_in_ticket_id,
        a.cancelled_at,
    )  # fmt: skip
    where = query.where(a.hall_id == hall_id, a.code == code)
    return conn.execute(where.with_for_update()).first()


def mark_checked_in(conn: Connection, appointment_id: int, ticket_id: int) -> bool:
    """Link the ticket; False when another kiosk checked the appointment in first (or it
    was cancelled meanwhile)."""
    a = appointments.c
    result = conn.execute(
        appointments.update()
        .where(a.id == appointment_id, a.checked_in_ticket_id.is_(None), a.cancelled_at.is_(None))
        .values(checked_in_ticket_id=ticket_id)
    )
    return result.rowcount == 1

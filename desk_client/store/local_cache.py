"""The offline-login cache in the local store: what the last online login at this PC saw.

After each online login at a window (services.auth.AuthService.open_session) the staff
member's row (with the central scrypt HASH, never a password), the hall, its categories and its
windows are written here in one local transaction. When the central database cannot be
reached, login and the category/window lookups read them instead, so a PC restarted during an
outage can still log in and serve walk-ins. The central database stays the authority: the next
online login refreshes the row, or deletes it when the account is gone or disabled. The staff
member's phone and the hall's phone and address ride along (0004): they are printed on notices.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store import db
from desk_client.store.local import LocalStore
from desk_client.store.local_schema import (
    cached_categories,
    cached_hall,
    cached_staff,
    cached_windows,
)

Row = Mapping[str, Any]


@contextmanager
def opened(path_or_url: str) -> Iterator[LocalStore]:
    """The local store for one use (the engine is shared while the sync service holds it)."""
    local = LocalStore(path_or_url)
    try:
        yield local
    finally:
        local.dispose()


def save_login(
    local: LocalStore,
    hall: Row,
    staff: Row,
    categories: Sequence[Row],
    windows: Sequence[Row],
    *,
    now: datetime,
) -> None:
    """Cache one online login: the staff row, and the hall's layout replaced as a whole."""
    code = str(hall["code"])
    with local.write() as conn:
        _delete(conn, cached_staff, code, staff_no=staff["staff_no"])
        conn.execute(cached_staff.insert().values(**staff, hall_code=code, cached_at=now))
        _replace_layout(conn, hall, categories, windows, now)


def save_directory(
    local: LocalStore,
    hall: Row,
    staff: Sequence[Row],
    categories: Sequence[Row],
    windows: Sequence[Row],
    *,
    now: datetime,
) -> None:
    """After a sync: the hall's active staff and layout as the central database has them.

    Every active colleague can then log in here while the central database is away, and an
    account disabled centrally stops working offline at the next sync, not at the next login.
    """
    code = str(hall["code"])
    with local.write() as conn:
        _delete(conn, cached_staff, code)
        if staff:
            rows = [{**row, "hall_code": code, "cached_at": now} for row in staff]
            conn.execute(cached_staff.insert(), rows)
        _replace_layout(conn, hall, categories, windows, now)


def _replace_layout(
    conn: Connection, hall: Row, categories: Sequence[Row], windows: Sequence[Row], now: datetime
) -> None:
    code = str(hall["code"])
    _delete(conn, cached_hall, code)
    conn.execute(cached_hall.insert().values(**hall, cached_at=now))
    for table, rows in ((cached_categories, categories), (cached_windows, windows)):
        _delete(conn, table, code)
        if rows:
            conn.execute(table.insert(), [{**row, "hall_code": code} for row in rows])


def refresh_hash(
    local: LocalStore, hall_code: str, staff_no: str, password_hash: str, now: datetime
) -> None:
    """A password changed centrally: the old one must stop working offline too."""
    s = cached_staff.c
    with local.write() as conn:
        conn.execute(
            cached_staff.update()
            .where(s.hall_code == hall_code, s.staff_no == staff_no)
            .values(password_hash=password_hash, cached_at=now)
        )


def forget_staff(local: LocalStore, hall_code: str, staff_no: str) -> None:
    """The account is gone or disabled centrally: no offline login for it on this PC."""
    with local.write() as conn:
        _delete(conn, cached_staff, hall_code, staff_no=staff_no)


def _delete(conn: Connection, table: sa.Table, hall_code: str, **match: Any) -> None:
    key = table.c.code if table is cached_hall else table.c.hall_code
    clauses = [key == hall_code, *(table.c[k] == v for k, v in match.items())]
    conn.execute(table.delete().where(*clauses))


# -- reads (offline) ------------------------------------------------------------------------


def staff(local: LocalStore, hall_code: str, staff_no: str) -> Any:
    s = cached_staff.c
    query = sa.select(cached_staff).where(s.hall_code == hall_code, s.staff_no == staff_no)
    return _first(local, query)


def hall(local: LocalStore, hall_code: str) -> Any:
    return _first(local, sa.select(cached_hall).where(cached_hall.c.code == hall_code))


def categories(local: LocalStore, hall_code: str) -> list[Any]:
    c = cached_categories.c
    query = sa.select(cached_categories).where(c.hall_code == hall_code).order_by(c.code)
    return _all(local, query)


def windows(local: LocalStore, hall_code: str) -> list[Any]:
    w = cached_windows.c
    query = sa.select(cached_windows).where(w.hall_code == hall_code).order_by(w.number)
    return _all(local, query)


def _first(local: LocalStore, query: sa.Select[Any]) -> Any:
    with db.read(local.engine()) as conn:
        return conn.execute(query).first()


def _all(local: LocalStore, query: sa.Select[Any]) -> list[Any]:
    with db.read(local.engine()) as conn:
        return list(conn.execute(query))

"""This PC's login cache (store.local_cache): what an online login leaves here, and the login
that uses it while the central database is away.

Kept out of services.auth so that a plain login (``AuthService.login``: desk-admin commands,
bench/startup.py) imports neither the local store's schema nor the hall layout readers;
auth imports this module when it caches or falls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.passwords import dummy_verify, verify_password
from desk_client.services import board, directory, offline
from desk_client.services.context import Context
from desk_client.services.dto import CategoryInfo, HallInfo, StaffSession, WindowInfo
from desk_client.store import hall, local_cache
from desk_client.store.db import AnyRow
from desk_client.store.local import LocalStore


@dataclass(frozen=True)
class Layout:
    """The hall as an online login caches it: categories, windows, the hall's contact row."""

    hall: HallInfo
    categories: tuple[CategoryInfo, ...]
    windows: tuple[WindowInfo, ...]
    hall_row: dict[str, Any]


def read_layout(ctx: Context, conn: Connection, hall_id: int, info: HallInfo) -> Layout:
    rows = hall.hall_categories(conn, hall_id)
    categories = tuple(CategoryInfo(int(r.id), r.code, r.name, r.prefix) for r in rows)
    windows = board.windows(ctx, conn)
    return Layout(info, categories, windows, directory.hall_row(conn, hall_id, info))


def remember(
    ctx: Context, staff_no: str, staff: AnyRow | None, phone: str, layout: Layout, *, ok: bool
) -> None:
    """The central answer wins: cache the login, refresh a changed hash, or forget it."""
    code, now = layout.hall.code, ctx.now()
    with local_cache.opened(ctx.config.local_store) as local:
        if staff is None or not staff.active:
            local_cache.forget_staff(local, code, staff_no)
        elif not ok:  # refresh only: a wrong guess must not add anyone
            local_cache.refresh_hash(local, code, staff_no, staff.password_hash, now)
        else:
            categories, windows = directory.layout_rows(layout.categories, layout.windows)
            row = directory.staff_row(staff, phone)
            local_cache.save_login(local, layout.hall_row, row, categories, windows, now=now)


def offline_login(
    ctx: Context, exc: DeskError, staff_no: str, password: str, window_number: int | None
) -> StaffSession:
    """The central database is away: the cached hash decides (the same refusals).

    Nothing cached for the hall (no online login ever on this PC) is the same "log in
    online here once first" as a staff number never seen here. A cached login the central
    database has not confirmed (at a login or a sync) for ``offline_login_days`` is refused
    too: a PC cut off for weeks must not keep admitting an account the hall has since
    disabled. It is said only to someone who typed the right password.
    """
    path = ctx.config.local_store
    if not path:
        raise exc
    with local_cache.opened(path) as local:
        info, row, numbers = _cached(local, ctx.config.hall_code, staff_no)
    if info is None or row is None:
        dummy_verify(password)
        raise DeskError("auth.offline_unknown", staff_no=staff_no)
    if not verify_password(password, row.password_hash):
        raise DeskError("auth.failed")
    days = ctx.config.offline_login_days
    if ctx.now() - row.cached_at > timedelta(days=days):  # see Config.offline_login_days
        raise DeskError("auth.offline_expired", staff_no=staff_no, days=days)
    if window_number is not None and window_number not in numbers:
        raise DeskError("queue.unknown_window", window=window_number)
    staff_id = int(row.staff_id)
    return StaffSession(
        staff_id, row.staff_no, row.name, row.role, info, window_number, True, row.phone
    )


def _cached(
    local: LocalStore, hall_code: str, staff_no: str
) -> tuple[HallInfo | None, Any, set[int]]:
    """(the cached hall, the staff row, the cached window numbers); None when not cached."""
    place = local_cache.hall(local, hall_code)
    info = None if place is None else HallInfo(place.code, place.name, place.timezone)
    numbers = {window.number for window in offline.cached_windows(local, hall_code)}
    return info, local_cache.staff(local, hall_code, staff_no), numbers

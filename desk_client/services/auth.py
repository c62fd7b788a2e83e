"""Staff login and accounts. Wrong password and unknown staff number get the same answer.

A window program opens and closes sessions (``open_session`` / ``close_session``): besides
checking the password they record a staff.session event in the local store, which the sync
worker sends to the central database later (the record never waits on the network).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.passwords import MIN_LENGTH, dummy_verify, hash_password, verify_password
from desk_client.services import board, directory, offline
from desk_client.services.context import Context
from desk_client.services.dto import CategoryInfo, HallInfo, StaffSession, WindowInfo
from desk_client.services.sync import SyncService
from desk_client.store import hall, local_cache, notices_central
from desk_client.store.db import AnyRow
from desk_client.store.local import LocalStore

ROLES = ("clerk", "supervisor", "admin")


@dataclass(frozen=True)
class _Found:
    """What one central read at login saw (the layout only when it is to be cached)."""

    hall: HallInfo
    staff: AnyRow | None
    window_ok: bool
    categories: tuple[CategoryInfo, ...] = ()
    windows: tuple[WindowInfo, ...] = ()
    phone: str = ""  # the staff member's, printed on their notices
    hall_row: dict[str, Any] | None = None  # with phone and address, for the login cache


class AuthService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def login(self, staff_no: str, password: str, window_number: int | None) -> StaffSession:
        """Check the password centrally; against this PC's login cache when unreachable."""
        return self._login(staff_no, password, window_number, cache=False)

    def open_session(
        self, sync: SyncService, staff_no: str, password: str, window_number: int | None
    ) -> StaffSession:
        """Log in and record it (staff.session, kind login) at this window.

        Online, the login is also cached on this PC (store.local_cache) so that the same person
        can log in here during a later outage; offline, the session is recorded all the same
        and reaches the central events when the sync worker gets through.
        """
        session = self._login(staff_no, password, window_number, cache=True)
        sync.record_session(session.staff_no, window_number, "login")
        return session

    def _login(
        self, staff_no: str, password: str, window_number: int | None, *, cache: bool
    ) -> StaffSession:
        staff_no = staff_no.strip()
        if not staff_no or not password:
            raise DeskError("auth.empty")
        try:
            found = self._ctx.read(lambda conn: self._read(conn, staff_no, window_number, cache))
        except DeskError as exc:
            if exc.code not in offline.UNREACHABLE:
                raise
            return self._offline_login(exc, staff_no, password, window_number)
        row = found.staff
        ok = row is not None and verify_password(password, row.password_hash)
        if row is None:
            dummy_verify(password)
        if cache and self._ctx.config.local_store:
            self._cache(found, staff_no, ok)
        if row is None or not ok or not row.active:
            raise DeskError("auth.failed")
        if not found.window_ok:
            raise DeskError("queue.unknown_window", window=window_number)
        return StaffSession(
            int(row.id),
            row.staff_no,
            row.name,
            row.role,
            found.hall,
            window_number,
            phone=found.phone,
        )

    def _read(
        self, conn: Connection, staff_no: str, window_number: int | None, layout: bool
    ) -> _Found:
        hall_id, info = self._ctx.hall(conn)
        row = hall.staff_by_no(conn, hall_id, staff_no)
        window_ok = window_number is None or (
            hall.window_by_number(conn, hall_id, window_number) is not None
        )
        phone = "" if row is None else notices_central.staff_phone(conn, hall_id, staff_no)
        if not layout:
            return _Found(info, row, window_ok, phone=phone)
        rows = hall.hall_categories(conn, hall_id)
        categories = tuple(CategoryInfo(int(r.id), r.code, r.name, r.prefix) for r in rows)
        windows = board.windows(self._ctx, conn)
        place = directory.hall_row(conn, hall_id, info)
        return _Found(info, row, window_ok, categories, windows, phone, place)

    def _cache(self, found: _Found, staff_no: str, password_ok: bool) -> None:
        """The central answer wins: cache the login, refresh a changed hash, or forget it."""
        row, code, now = found.staff, found.hall.code, self._ctx.now()
        with local_cache.opened(self._ctx.config.local_store) as local:
            if row is None or not row.active:
                local_cache.forget_staff(local, code, staff_no)
            elif not password_ok:  # refresh only: a wrong guess must not add anyone
                local_cache.refresh_hash(local, code, staff_no, row.password_hash, now)
            else:
                local_cache.save_login(local, *_cache_rows(found), now=now)

    def _offline_login(
        self, exc: DeskError, staff_no: str, password: str, window_number: int | None
    ) -> StaffSession:
        """The central database is away: the cached hash decides (the same refusals).

        Nothing cached for the hall (no online login ever on this PC) is the same "log in
        online here once first" as a staff number never seen here.
        """
        path = self._ctx.config.local_store
        if not path:
            raise exc
        with local_cache.opened(path) as local:
            info, row, numbers = _cached(local, self._ctx.config.hall_code, staff_no)
        if info is None or row is None:
            dummy_verify(password)
            raise DeskError("auth.offline_unknown", staff_no=staff_no)
        if not verify_password(password, row.password_hash):
            raise DeskError("auth.failed")
        if window_number is not None and window_number not in numbers:
            raise DeskError("queue.unknown_window", window=window_number)
        staff_id = int(row.staff_id)
        return StaffSession(
            staff_id, row.staff_no, row.name, row.role, info, window_number, True, row.phone
        )

    def close_session(self, sync: SyncService, session: StaffSession) -> None:
        """Record the logout (staff.session, kind logout); nothing central is touched."""
        sync.record_session(session.staff_no, session.window_number, "logout")

    def create_staff(self, staff_no: str, name: str, password: str, role: str = "clerk") -> int:
        staff_no = staff_no.strip()
        if role not in ROLES:
            raise DeskError("staff.bad_role", role=role)
        if len(password) < MIN_LENGTH:
            raise DeskError("staff.weak_password", min=MIN_LENGTH)
        if not staff_no or not name.strip():
            raise DeskError("auth.empty")
        hashed = hash_password(password)

        def work(conn: Connection) -> int:
            hall_id, _ = self._ctx.hall(conn)
            if hall.staff_by_no(conn, hall_id, staff_no) is not None:
                raise DeskError("staff.duplicate", staff_no=staff_no)
            return hall.insert_staff(
                conn, hall_id, staff_no=staff_no, name=name.strip(), password_hash=hashed, role=role
            )

        try:
            return self._ctx.write(work)
        except sa.exc.IntegrityError as exc:  # created at the same moment elsewhere
            raise DeskError("staff.duplicate", staff_no=staff_no) from exc

    def staff_id(self, staff_no: str) -> int:
        """The id of an active staff member, for desk-admin commands that act as someone."""

        def work(conn: Connection) -> int:
            hall_id, _ = self._ctx.hall(conn)
            row = hall.staff_by_no(conn, hall_id, staff_no.strip())
            if row is None or not row.active:
                raise DeskError("staff.not_found", staff_no=staff_no)
            return int(row.id)

        return self._ctx.read(work)


def _cached(
    local: LocalStore, hall_code: str, staff_no: str
) -> tuple[HallInfo | None, Any, set[int]]:
    """(the cached hall, the staff row, the cached window numbers); None when not cached."""
    place = local_cache.hall(local, hall_code)
    info = None if place is None else HallInfo(place.code, place.name, place.timezone)
    numbers = {window.number for window in offline.cached_windows(local, hall_code)}
    return info, local_cache.staff(local, hall_code, staff_no), numbers


def _cache_rows(found: _Found) -> tuple[dict[str, Any], dict[str, Any], list[Any], list[Any]]:
    """The rows store.local_cache.save_login writes: hall, staff, categories, windows."""
    assert found.staff is not None
    categories, windows = directory.layout_rows(found.categories, found.windows)
    place = found.hall_row or asdict(found.hall)
    return place, directory.staff_row(found.staff, found.phone), categories, windows

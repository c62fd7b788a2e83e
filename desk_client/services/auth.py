"""Staff login and accounts. Wrong password and unknown staff number get the same answer.

A window program opens and closes sessions (``open_session`` / ``close_session``): besides
checking the password they record a staff.session event in the local store, which the sync
worker sends to the central database later (the record never waits on the network).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.passwords import MIN_LENGTH, dummy_verify, hash_password, verify_password
from desk_client.services.context import Context
from desk_client.services.dto import HallInfo, StaffSession
from desk_client.store import hall
from desk_client.store.db import UNREACHABLE, AnyRow

if TYPE_CHECKING:  # a login needs neither the sync engine nor the login cache (start-up)
    from desk_client.services.login_cache import Layout
    from desk_client.services.sync import SyncService

log = logging.getLogger(__name__)

ROLES = ("clerk", "supervisor", "admin")


@dataclass(frozen=True)
class _Found:
    """What one central read at login saw (the hall's layout only when it is to be cached)."""

    hall: HallInfo
    staff: AnyRow | None
    window_ok: bool
    phone: str = ""  # the staff member's, printed on their notices
    layout: Layout | None = None


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
        if not session.offline and self._ctx.config.local_store:
            _register_desk(sync, window_number)
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
            if exc.code not in UNREACHABLE:
                raise
            from desk_client.services import login_cache  # see its docstring

            return login_cache.offline_login(self._ctx, exc, staff_no, password, window_number)
        row = found.staff
        ok = row is not None and verify_password(password, row.password_hash)
        if row is None:
            dummy_verify(password)
        if found.layout is not None and self._ctx.config.local_store:
            from desk_client.services import login_cache

            login_cache.remember(self._ctx, staff_no, row, found.phone, found.layout, ok=ok)
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
        phone = "" if row is None else str(row.phone or "")
        if not layout:
            return _Found(info, row, window_ok, phone)
        from desk_client.services import login_cache

        return _Found(
            info, row, window_ok, phone, login_cache.read_layout(self._ctx, conn, hall_id, info)
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


def _register_desk(sync: SyncService, window_number: int | None) -> None:
    """Give this PC its desk number now (once). A failure does not stop the login: the sync
    worker's next round tries again and shows its error, and until then the PC numbers by its
    window as before the desks (store.local.number_desk)."""
    try:
        sync.register_desk(window_number)
    except DeskError as exc:
        log.warning("no desk number yet: %s", exc.message("en"))
    except sa.exc.SQLAlchemyError:
        log.exception("no desk number yet")

"""Staff login and accounts. Wrong password and unknown staff number get the same answer.

A window program opens and closes sessions (``open_session`` / ``close_session``): besides
checking the password they record a staff.session event in the local store, which the sync
worker sends to the central database later (the record never waits on the network).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.passwords import MIN_LENGTH, dummy_verify, hash_password, verify_password
from desk_client.services.context import Context
from desk_client.services.dto import StaffSession
from desk_client.services.sync import SyncService
from desk_client.store import hall

ROLES = ("clerk", "supervisor", "admin")


class AuthService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def login(self, staff_no: str, password: str, window_number: int | None) -> StaffSession:
        staff_no = staff_no.strip()
        if not staff_no or not password:
            raise DeskError("auth.empty")

        def work(conn: Connection) -> StaffSession:
            hall_id, info = self._ctx.hall(conn)
            row = hall.staff_by_no(conn, hall_id, staff_no)
            if row is None:
                dummy_verify(password)
                raise DeskError("auth.failed")
            if not verify_password(password, row.password_hash) or not row.active:
                raise DeskError("auth.failed")
            if (
                window_number is not None
                and hall.window_by_number(conn, hall_id, window_number) is None
            ):
                raise DeskError("queue.unknown_window", window=window_number)
            return StaffSession(int(row.id), row.staff_no, row.name, row.role, info, window_number)

        return self._ctx.read(work)

    def open_session(
        self, sync: SyncService, staff_no: str, password: str, window_number: int | None
    ) -> StaffSession:
        """Log in and record it (staff.session, kind login) at this window."""
        session = self.login(staff_no, password, window_number)
        sync.record_session(session.staff_no, window_number, "login")
        return session

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

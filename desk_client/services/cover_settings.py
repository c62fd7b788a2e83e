"""The hall's cover settings: posts (AB岗), the roster (排班, 5+2 weekends) and the directory
of departments; the staff directory they name.

They are the hall's settings, not a clerk's work: a supervisor or desk-admin writes them
centrally (an import all or nothing, every problem of a file listed by line) and every PC
reads its cached copy, refreshed after each sync (store.local_inquiries.refresh_cover) and at
once after a write made here, so cover works offline. The roster's own reads and writes, and
the categories a weekend serves, are services.roster; services.cover builds absences and who
covers whom on top of both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core import cover as rules
from desk_client.core import roster_csv
from desk_client.core.cover import Absence, Post
from desk_client.core.errors import DeskError
from desk_client.core.roster_csv import CsvProblem
from desk_client.services.calendar import CalendarService
from desk_client.services.context import Context
from desk_client.services.dto import StaffSession
from desk_client.services.dto_inquiries import Department, PostView
from desk_client.services.queue import QueueService
from desk_client.services.sync import SyncService
from desk_client.store import cover_repo, hall, local_inquiries, notices_central
from desk_client.store.cases_repo import hall_id_of
from desk_client.store.db import UNREACHABLE
from desk_client.store.inquiry_rows import AbsenceRow, DepartmentRow, PostRow
from desk_client.store.local import LocalStore
from desk_client.store.local_inquiries import read_local
from desk_client.store.local_schema import cached_staff

SUPERVISORS = ("supervisor", "admin")
T = TypeVar("T")
#: staff_no -> (name, phone)
Staff = dict[str, tuple[str, str]]


class RosterInvalidError(DeskError):
    """A refused roster file: ``problems`` lists everything wrong with it, by line."""

    def __init__(self, problems: Sequence[CsvProblem], code: str = "roster.invalid") -> None:
        super().__init__(code, count=len(problems))
        self.problems = tuple(problems)


class DepartmentsInvalidError(RosterInvalidError):
    def __init__(self, problems: Sequence[CsvProblem]) -> None:
        super().__init__(problems, "departments.invalid")


@dataclass(frozen=True)
class Cover:
    """Who holds which post and who is away: what cover and referrals are decided on."""

    posts: tuple[Post, ...]
    absences: tuple[Absence, ...]


def read_text_file(path: str | Path) -> str:
    """A CSV file's text (UTF-8, a BOM is fine); Excel's GBK is refused with advice."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise DeskError("cover_file.unreadable", file=str(path), detail=detail) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeskError("cover_file.not_utf8", file=str(path)) from None


def core_absence(row: AbsenceRow, zone: tzinfo = UTC) -> Absence:
    """The rule's absence, its times in ``zone`` (a refusal names them as the hall reads)."""
    start, end = row.start.astimezone(zone), row.end.astimezone(zone)
    return Absence(row.staff_no, row.kind, start, end, row.note, row.id)


class CoverSettings:
    """``sync`` gives this PC's local store; a config without one (desk-admin) reads and
    writes the central tables only."""

    def __init__(
        self, ctx: Context, sync: SyncService, calendar: CalendarService, queue: QueueService
    ) -> None:
        self._ctx = ctx
        self._sync = sync
        self._calendar = calendar
        self._queue = queue
        self._has_local = bool(ctx.config.local_store)
        self._fill_tried = False

    @property
    def _hall(self) -> str:
        return self._ctx.config.hall_code

    # -- where the settings are read: this PC's copy, else the central tables ------------------

    def _local(self) -> LocalStore | None:
        return self._sync.local if self._has_local else None

    def _cached(
        self, local_read: Callable[[Connection], T], central_read: Callable[[Connection, int], T]
    ) -> T:
        local = self._local()
        if local is None:
            return self._ctx.read(lambda conn: central_read(conn, hall_id_of(conn, self._hall)))
        self._fill_once(local)
        return read_local(local, local_read)

    def _fill_once(self, local: LocalStore) -> None:
        """A PC that never synced copies the settings once (an unreachable server must not
        slow every read: the next sync fills it)."""
        if self._fill_tried:
            return
        self._fill_tried = True
        if read_local(local, lambda c: local_inquiries.cached_version(c, self._hall)) is None:
            self._refresh_quietly()

    def refresh_cache(self) -> bool:
        """Bring this PC's copy of posts, roster and departments up to date (True if moved)."""
        local = self._local()
        if local is None:
            return False
        ctx = self._ctx
        return local_inquiries.refresh_cover(local, self._hall, ctx.read, ctx.today(), ctx.now())

    def _refresh_quietly(self) -> None:
        try:
            self.refresh_cache()
        except DeskError as exc:
            if exc.code not in UNREACHABLE:
                raise

    def staff(self) -> Staff:
        """The hall's active staff: staff_no -> (name, phone), from the login cache (the
        central table without a store, or before this PC's first sync)."""
        local = self._local()
        found: Staff = {}
        if local is not None:
            s = cached_staff.c
            query = sa.select(s.staff_no, s.name, s.phone).where(s.hall_code == self._hall)
            rows = read_local(local, lambda conn: list(conn.execute(query)))
            found = {str(r.staff_no): (str(r.name), str(r.phone or "")) for r in rows}
        if found:
            return found
        try:
            return self._ctx.read(lambda conn: central_staff(conn, hall_id_of(conn, self._hall)))
        except DeskError as exc:
            if exc.code not in UNREACHABLE or local is None:
                raise
            return {}

    def name_of(self, staff: Staff, staff_no: str) -> str:
        return staff.get(staff_no, (staff_no, ""))[0] if staff_no else ""

    # -- posts --------------------------------------------------------------------------------

    def _post_rows(self) -> list[PostRow]:
        return self._cached(lambda c: local_inquiries.load_posts(c, self._hall), cover_repo.posts)

    def posts(self) -> tuple[PostView, ...]:
        """Every post with its A and B (roles first, then windows by number)."""
        staff = self.staff()
        return tuple(self._post_view(row, staff) for row in self._post_rows())

    def _post_view(self, row: PostRow, staff: Staff) -> PostView:
        a, b = self.name_of(staff, row.a_no), self.name_of(staff, row.b_no)
        return PostView(row.post, row.a_no, a, row.b_no, b)

    def set_post(self, session: StaffSession, post: str, a_no: str, b_no: str) -> PostView:
        """A supervisor names a post's A and B (centrally; this PC's copy follows at once)."""
        if session.role not in SUPERVISORS:
            raise DeskError("post.not_supervisor")
        checked = rules.check_post(post, a_no, b_no)
        now = self._ctx.now()
        work = lambda conn: _write_post(conn, self._hall, checked, session.staff_no, now)  # noqa: E731
        staff = self._ctx.write(work)
        self._refresh_quietly()
        return self._post_view(PostRow(checked.post, checked.a_no, checked.b_no), staff)

    # -- the hall directory ---------------------------------------------------------------------

    def departments(self) -> tuple[Department, ...]:
        rows = self._cached(
            lambda c: local_inquiries.load_departments(c, self._hall), cover_repo.departments
        )
        return tuple(Department(r.name, r.contact, r.phone, r.address) for r in rows)

    def import_departments(self, path: str | Path) -> int:
        """Replace the hall directory with the file's departments (all or nothing);
        DepartmentsInvalidError lists every problem by line."""
        rows, problems = roster_csv.parse_departments_csv(read_text_file(path))
        if problems:
            raise DepartmentsInvalidError(problems)
        stored = [DepartmentRow(r.name, r.contact, r.phone, r.address) for r in rows]

        def work(conn: Connection) -> int:
            hall_id = hall_id_of(conn, self._hall)
            cover_repo.replace_departments(conn, hall_id, stored, now=self._ctx.now())
            return len(stored)

        count = self._ctx.write(work)
        self._refresh_quietly()
        return count


def central_staff(conn: Connection, hall_id: int) -> Staff:
    phones = notices_central.staff_phones(conn, hall_id)
    rows = hall.active_staff(conn, hall_id)
    return {str(r.staff_no): (str(r.name), str(phones.get(r.staff_no) or "")) for r in rows}


def _write_post(conn: Connection, hall_code: str, post: Post, by: str, now: datetime) -> Staff:
    """Check the staff and window a post names against the central tables, then write it;
    the hall's staff (for the names)."""
    hall_id = hall_id_of(conn, hall_code)
    staff = central_staff(conn, hall_id)
    _check_post_rows(conn, hall_id, post, staff)
    cover_repo.set_post(conn, hall_id, post.post, post.a_no, post.b_no, by=by, now=now)
    return staff


def _check_post_rows(conn: Connection, hall_id: int, post: Post, staff: Staff) -> None:
    for staff_no in (post.a_no, post.b_no):
        if staff_no not in staff:
            raise DeskError("post.unknown_staff", post=post.post, staff_no=staff_no)
    kind, _, name = post.post.partition(":")
    if kind == "window" and hall.window_by_number(conn, hall_id, int(name)) is None:
        raise DeskError("post.unknown_window", post=post.post, window=name)

"""The roster (排班, 5+2 weekends) and the categories a day serves, on top of the cover settings.

The roster is the hall's, kept centrally: imported from a file (all or nothing, every problem
by line), edited a day at a time by a supervisor (each write the whole day, under the hall's
cover-version lock, refused when the day changed since the editor read it), exported for a
spreadsheet in the import's own format. Every PC reads its cached copy (services.cover_settings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import Connection

from desk_client.core import cover as rules
from desk_client.core import roster_csv
from desk_client.core.errors import DeskError
from desk_client.core.roster_csv import Shift
from desk_client.core.workdays import day_kind
from desk_client.services.cover_settings import (
    SUPERVISORS,
    CoverSettings,
    RosterInvalidError,
    central_staff,
    read_text_file,
)
from desk_client.services.dto import CategoryInfo, StaffSession
from desk_client.services.report_files import write_report
from desk_client.store import cover_repo, hall, local_inquiries
from desk_client.store.cases_repo import hall_id_of
from desk_client.store.inquiry_rows import RosterRow

T = TypeVar("T")
#: A roster row as the editor shows it: (window, staff_no, shift).
Entry = tuple[int, str, str]
#: The longest roster export, in days: a year of weekends.
EXPORT_DAYS = 366


class RosterSettings(CoverSettings):
    """The roster's reads and writes; services.cover adds absences on top."""

    def _roster_rows(self, day: date, end: date | None = None) -> list[RosterRow]:
        return self._cached(
            lambda c: local_inquiries.load_roster(c, self._hall, day, end),
            lambda c, hall_id: cover_repo.roster(c, hall_id, day, end),
        )

    def roster(self, day: date) -> tuple[Entry, ...]:
        """(window, staff_no, shift) of ``day``, by window and shift."""
        return _entries(self._roster_rows(day))

    def import_roster(self, path: str | Path) -> int:
        """Check the whole file (unknown staff or windows, bad dates and shifts, one person
        twice at once), then make it the roster of the days it names, in ONE central
        transaction; the number of rows. RosterInvalidError lists every problem by line:
        then nothing changed."""
        text = read_text_file(path)

        def work(conn: Connection) -> int:
            hall_id = hall_id_of(conn, self._hall)
            staff = set(central_staff(conn, hall_id))
            windows = {int(w.number) for w in hall.hall_windows(conn, hall_id)}
            rows, problems = roster_csv.parse_roster_csv(text, staff, windows)
            if problems:
                raise RosterInvalidError(problems)
            stored = [RosterRow(r.day, r.window, r.staff_no, r.shift.value) for r in rows]
            cover_repo.replace_roster(conn, hall_id, stored, now=self._ctx.now())
            return len(stored)

        count = self._ctx.write(work)
        self._refresh_quietly()
        return count

    def export_roster(self, path: str | Path, start: date, end: date) -> int:
        """The roster from ``start`` to ``end`` as a file the import reads back (in the
        configured language, for a spreadsheet); the number of rows."""
        if not start <= end <= start + timedelta(days=EXPORT_DAYS - 1):
            span = {"start": start.isoformat(), "end": end.isoformat(), "max": EXPORT_DAYS}
            raise DeskError("roster.bad_span", **span)
        rows = [_checked(row) for row in self._roster_rows(start, end)]
        text = roster_csv.roster_csv_text(rows, self._ctx.config.language)
        write_report(path, text)
        return len(rows)

    def save_roster_day(
        self, session: StaffSession, day: date, entries: Sequence[Entry], seen: Sequence[Entry]
    ) -> tuple[Entry, ...]:
        """A supervisor makes ``entries`` (window, staff_no, shift) the whole roster of
        ``day``; none clears it. ``seen`` is the day's roster the editor showed: when the
        central one differs (another supervisor, an import, this PC's copy behind), nothing
        is written, this PC's copy is refreshed and ``roster.changed`` says to look again."""
        _supervisor(session)

        def work(conn: Connection) -> tuple[Entry, ...]:
            hall_id, staff, windows = self._lock_roster(conn)
            _unchanged(conn, hall_id, day, seen)
            rows = roster_csv.check_roster_day(day, entries, staff, windows)
            cover_repo.set_roster_day(conn, hall_id, day, [_stored(row) for row in rows])
            return _entries(cover_repo.roster(conn, hall_id, day))

        return self._write_roster(work)

    def copy_roster_day(
        self,
        session: StaffSession,
        source: date,
        target: date,
        *,
        shown: Sequence[Entry],
        replaced: Sequence[Entry],
    ) -> tuple[Entry, ...]:
        """A supervisor copies the roster of ``source`` to ``target`` (last Saturday's to
        this one). ``shown`` is the source roster the editor showed, ``replaced`` the target
        one it would replace; when either differs centrally, ``roster.changed`` as for a
        save. Checked as a new roster (someone who has left since is refused), written all
        or nothing."""
        _supervisor(session)
        if source == target:
            raise DeskError("roster.copy_same_day", day=source.isoformat())

        def work(conn: Connection) -> tuple[Entry, ...]:
            hall_id, staff, windows = self._lock_roster(conn)
            _unchanged(conn, hall_id, source, shown)
            _unchanged(conn, hall_id, target, replaced)
            if not shown:
                raise DeskError("roster.copy_empty", day=source.isoformat())
            rows = roster_csv.check_roster_day(target, shown, staff, windows)
            cover_repo.set_roster_day(conn, hall_id, target, [_stored(row) for row in rows])
            return _entries(cover_repo.roster(conn, hall_id, target))

        return self._write_roster(work)

    def _lock_roster(self, conn: Connection) -> tuple[int, set[str], set[int]]:
        """The hall (its cover version bumped: the lock), its active staff and windows."""
        hall_id = hall_id_of(conn, self._hall)
        cover_repo.bump_version(conn, hall_id, self._ctx.now())
        windows = {int(w.number) for w in hall.hall_windows(conn, hall_id)}
        return hall_id, set(central_staff(conn, hall_id)), windows

    def _write_roster(self, work: Callable[[Connection], T]) -> T:
        try:
            written = self._ctx.write(work)
        except DeskError as exc:
            if exc.code == "roster.changed":
                self._refresh_quietly()
            raise
        self._refresh_quietly()
        return written

    def day_kind(self, day: date) -> str:
        """core.workdays.day_kind of ``day`` on this PC's calendar (workday, makeup, rest or
        holiday)."""
        return day_kind(day, self._working(day))

    def calendar_knows(self, day: date) -> bool:
        """Whether this PC's calendar has ``day``'s year (the package's years, or one the
        hall imported): booking ahead must not guess where the holidays fall."""
        try:
            self._calendar.calendar().is_working_day(day)
        except DeskError as exc:
            if exc.code != "calendar.missing":
                raise
            return False
        return True

    def _working(self, day: date) -> bool:
        """This PC's working-day calendar; a year it lacks falls back to Monday-Friday."""
        try:
            return self._calendar.calendar().is_working_day(day)
        except DeskError as exc:
            if exc.code != "calendar.missing":
                raise
            return day.weekday() < 5

    def categories_served(self, day: date) -> tuple[str, ...]:
        """The category codes the hall serves on ``day``: all of them on a working day; on
        a weekend or holiday (5+2) those of the windows the roster opens that day."""
        categories = self._queue.list_categories()
        working = self._working(day)
        windows = (
            {} if working else {w.number: w.category_codes for w in self._queue.list_windows()}
        )
        opened = [] if working else [r.window_number for r in self._roster_rows(day)]
        codes = [c.code for c in categories]
        return rules.categories_served(working, opened, windows, codes)

    def kiosk_categories(self) -> tuple[CategoryInfo, ...]:
        """The kiosk's buttons today: the categories served today, in the hall's order."""
        served = set(self.categories_served(self._ctx.today()))
        return tuple(c for c in self._queue.list_categories() if c.code in served)


def _supervisor(session: StaffSession) -> None:
    if session.role not in SUPERVISORS:
        raise DeskError("roster.not_supervisor")


def _entries(rows: Sequence[RosterRow]) -> tuple[Entry, ...]:
    return tuple((r.window_number, r.staff_no, r.shift) for r in rows)


def _stored(row: roster_csv.RosterRow) -> RosterRow:
    return RosterRow(row.day, row.window, row.staff_no, row.shift.value)


def _checked(row: RosterRow) -> roster_csv.RosterRow:
    return roster_csv.RosterRow(row.day, row.window_number, row.staff_no, Shift(row.shift))


def _unchanged(conn: Connection, hall_id: int, day: date, seen: Sequence[Entry]) -> None:
    """Refuse when the central roster of ``day`` is not the one the editor showed."""
    current = _entries(cover_repo.roster(conn, hall_id, day))
    if sorted(current) != sorted(tuple(entry) for entry in seen):
        raise DeskError("roster.changed", day=day.isoformat())

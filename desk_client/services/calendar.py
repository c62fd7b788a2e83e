"""CalendarService: the working-day calendar (工作日历) every deadline is counted on.

The calendar is chinese-calendar's data with the central ``holidays`` table laid over it
(core.workdays.WorkCalendar). Each November a supervisor imports next year's State Council
notice (``desk-admin calendar import FILE``: the whole file is checked first, every problem
reported with its line, and only a clean file replaces the days, in ONE central transaction)
or edits single days in the program (``set_day``: local-first, a ``calendar.day_set`` event,
and this PC's cached copy changes at once so its countdowns use the edit immediately).

Every PC keeps a copy of the table (``cached_holidays``), replaced after a sync when the
central version moved (:func:`refresh_cache`), so deadlines are computed offline with the
calendar last seen. A year neither the package nor the table covers is never guessed: it is
reported by ``status()`` (the banner) and raises calendar.missing wherever a count needs it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from desk_client.core import calendar_csv
from desk_client.core.calendar_csv import CalendarProblem
from desk_client.core.errors import DeskError
from desk_client.core.workdays import WorkCalendar
from desk_client.services.context import Context
from desk_client.services.dto import StaffSession
from desk_client.services.dto_cases import CalendarStatus
from desk_client.store import db, holidays_repo, local_cases
from desk_client.store.db import UNREACHABLE
from desk_client.store.local import LocalStore

if TYPE_CHECKING:  # services.sync imports this module (refresh_cache after a sync)
    from desk_client.services.sync import SyncService

SUPERVISORS = ("supervisor", "admin")
DAY_SET = "calendar.day_set"
REASON_LIMIT = 200  # holidays.reason
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: From this day of December the banner also asks for next year's calendar.
NEXT_YEAR_FROM = (12, 1)

Days = Mapping[date, tuple[bool, str]]
DayRow = tuple[date, bool, str]


class CalendarInvalidError(DeskError):
    """A refused calendar file: ``problems`` lists everything wrong with it, by line."""

    def __init__(self, problems: Sequence[CalendarProblem]) -> None:
        super().__init__("calendar.invalid", count=len(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class CalendarImport:
    days: int
    years: tuple[int, ...]
    version: int  # the central calendar version after the import


def make_calendar(days: Days) -> WorkCalendar:
    """A year with at least one row counts as imported (the table's rule)."""
    overrides = {day: working for day, (working, _) in days.items()}
    return WorkCalendar(overrides, frozenset(day.year for day in overrides))


def central_days(conn: Connection, year: int | None = None) -> dict[date, tuple[bool, str]]:
    return {row.day: (row.working, row.reason) for row in holidays_repo.all_days(conn, year)}


def refresh_cache(ctx: Context, local: LocalStore) -> bool:
    """Copy the central holidays into this PC's cache if their version moved; True if so.

    Called after every successful sync. The version is read before the days (as the
    catalogue does): an edit committing in between leaves newer days under the older
    version, and the next sync simply copies again. While this PC's own edits
    (calendar.day_set) still wait to be pushed the copy is left alone: the central days do
    not have them yet, and copying would undo them here until the next round.
    """
    with db.read(local.engine()) as conn:
        held = local_cases.cached_version(conn)
    if ctx.read(holidays_repo.calendar_version) == held:
        return False

    def both(conn: Connection) -> tuple[int, dict[date, tuple[bool, str]]]:
        return holidays_repo.calendar_version(conn), central_days(conn)

    version, days = ctx.read(both)
    return local_cases.store_holidays(local, version, days, ctx.now(), unless_pending=DAY_SET)


def read_calendar_file(path: str | Path) -> str:
    """The file's text (UTF-8, a BOM is fine); Excel's GBK is refused with advice."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise DeskError("calendar.file_unreadable", file=str(path), detail=detail) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeskError("calendar.not_utf8", file=str(path)) from None


def checked_days(text: str) -> dict[date, tuple[bool, str]]:
    """The file's days; CalendarInvalidError with every problem if there is any."""
    days, problems = calendar_csv.parse_calendar_csv(text)
    if problems:
        raise CalendarInvalidError(problems)
    return days


class CalendarService:
    """``sync``: this PC's sync service (its local store, the worker to wake); None, or a
    config without a local store, reads the central table only (desk-admin)."""

    def __init__(self, ctx: Context, sync: SyncService | None = None) -> None:
        self._ctx = ctx
        self._sync = sync
        self._local: Callable[[], LocalStore] | None = None
        if sync is not None and ctx.config.local_store:
            self._local = lambda: sync.local
        self._lock = threading.Lock()
        self._memo: tuple[dict[date, tuple[bool, str]], WorkCalendar] | None = None
        self._fill_tried = False

    # -- the calendar the countdowns use ---------------------------------------------------

    def calendar(self) -> WorkCalendar:
        """This PC's calendar: the cached holidays (works offline). A PC that never synced
        copies the central table first; without a local store the central table is read."""
        return self._memoised(self._days())

    def _days(self) -> dict[date, tuple[bool, str]]:
        if self._local is None:
            return self._ctx.read(central_days)
        local = self._local()
        version, days = local_cases.read_holidays(local)
        if version is not None or self._fill_tried:
            return days
        self._fill_tried = True  # once: an unreachable server must not slow every count
        try:
            refresh_cache(self._ctx, local)
        except DeskError as exc:
            if exc.code not in UNREACHABLE:
                raise
            return days  # offline and never synced: the package alone, until a sync
        return local_cases.read_holidays(local)[1]

    def _memoised(self, days: dict[date, tuple[bool, str]]) -> WorkCalendar:
        """The same days give the same calendar object, so its per-year working days are
        computed once, not at every call."""
        with self._lock:
            memo = self._memo
        if memo is not None and memo[0] == days:
            return memo[1]
        made = make_calendar(days)
        with self._lock:
            self._memo = (days, made)
        return made

    def status(self) -> CalendarStatus:
        """This year, and from December 1 the next one too: the years the calendar lacks."""
        today = self._ctx.today()
        years = [today.year]
        if (today.month, today.day) >= NEXT_YEAR_FROM:
            years.append(today.year + 1)
        return CalendarStatus(today.year, self.calendar().missing_years(years))

    def refresh_cache(self) -> bool:
        """Bring this PC's copy up to the central version now (True if it changed)."""
        if self._local is None:
            return False
        return refresh_cache(self._ctx, self._local())

    # -- reading and editing the days --------------------------------------------------------

    def days(self, year: int, *, central: bool = False) -> tuple[DayRow, ...]:
        """The overrides of ``year`` by day: (day, working, reason). This PC's copy (with
        its own edits at once), or the central table with ``central`` or without a store."""
        _check_year(year)
        if central or self._local is None:
            found = self._ctx.read(lambda conn: central_days(conn, year))
        else:
            found = {d: v for d, v in self._days().items() if d.year == year}
        return tuple((day, working, reason) for day, (working, reason) in sorted(found.items()))

    def set_day(self, session: StaffSession, day: date, working: bool | None, reason: str) -> None:
        """A supervisor's edit of one day (``working`` None removes the override).

        Recorded locally with its calendar.day_set event, and this PC's cached copy changes
        in the same transaction, so its countdowns use the edit at once; the central table
        follows when the event is synced (a non-supervisor's event would be refused there).
        """
        if session.role not in SUPERVISORS:
            raise DeskError("calendar.not_supervisor")
        _check_year(day.year)
        said = reason.strip()
        if len(said) > REASON_LIMIT:
            raise DeskError("calendar.reason_too_long", limit=REASON_LIMIT)
        local = self._store()
        now = self._ctx.now()
        payload = {"day": day.isoformat(), "working": working, "reason": said}
        with local.write() as conn:
            local.record_in(conn, DAY_SET, payload | {"at": now.isoformat()}, session.staff_no, now)
            local_cases.set_cached_day(conn, day, working, said)
        if self._sync is not None:
            self._sync.wake()

    def _store(self) -> LocalStore:
        if self._local is None:
            raise DeskError("sync.no_local_store")
        return self._local()

    # -- the central table: import and the deadline check ------------------------------------

    def import_csv(self, path: str | Path, *, by: str = "desk-admin") -> int:
        """Check the whole file, then replace the days of the years it covers in ONE central
        transaction; the number of days imported. CalendarInvalidError (every problem with
        its line) when anything is wrong: then nothing is written."""
        return self.import_file(path, by=by).days

    def import_file(self, path: str | Path, *, by: str = "desk-admin") -> CalendarImport:
        days = checked_days(read_calendar_file(path))
        now = self._ctx.now()
        with db.write(self._ctx.engine) as conn:
            version = holidays_repo.replace_days(conn, days, by=by, now=now)
        return CalendarImport(len(days), tuple(sorted({d.year for d in days})), version)

    def deadline_lines(self, lines: Iterable[str]) -> tuple[list[str], bool]:
        """``desk-admin calendar deadline``: one answer per ``accepted,limit[,pauses]`` line,
        counted on the central calendar when reachable, else this PC's copy, else
        chinese-calendar alone; and whether every line gave a date or ``open``."""
        return calendar_csv.deadline_lines(lines, self.best_calendar())

    def best_calendar(self) -> WorkCalendar:
        """The central calendar; this PC's copy when it cannot be read; else the package."""
        try:
            return make_calendar(self._ctx.read(central_days))
        except DeskError as exc:
            if exc.code not in UNREACHABLE and exc.code != "central.not_initialised":
                raise
        if self._local is None:
            return WorkCalendar()
        return make_calendar(local_cases.read_holidays(self._local())[1])


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DeskError("calendar.bad_year", year=year)

"""Working days (工作日): public holidays and swapped days (调休) included.

chinese_calendar carries the State Council's published calendar for the years it knows; the
hall's override table (kept centrally, edited each November for the coming year) comes first.
A year neither covers is an explicit refusal, never a guess: a wrong deadline is worse than
none.

:class:`WorkCalendar` answers the questions of deadline arithmetic for thousands of cases per
repaint: each covered year's working days are computed once, lazily, into a sorted tuple of
day ordinals, and counting is a pair of bisections instead of a walk day by day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType

import chinese_calendar
from chinese_calendar.constants import holidays as _package_holidays

from desk_client.core.errors import DeskError

_NO_OVERRIDES: Mapping[date, bool] = MappingProxyType({})
# The years the installed package has data for (it refuses every other year).
PACKAGE_YEARS = range(min(_package_holidays).year, max(_package_holidays).year + 1)


def is_working_day(day: date, overrides: Mapping[date, bool] = _NO_OVERRIDES) -> bool:
    """True on a working day: a make-up Saturday is one, a swapped weekday is not.

    ``overrides`` maps a day to True (working) or False (day off) and wins over the package.
    """
    if day in overrides:
        return overrides[day]
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise DeskError("calendar.missing", year=day.year) from None


def day_kind(day: date, working: bool) -> str:
    """What a day is in the hall's week, given whether it is a working day: ``workday``,
    ``makeup`` (a weekend day worked in exchange, 调休上班), ``rest`` (a weekend) or
    ``holiday`` (a weekday off). A supervisor planning the 5+2 roster needs to see the
    make-up Saturday: the hall works normally then, whatever the weekend roster says."""
    weekend = day.weekday() >= 5
    if working:
        return "makeup" if weekend else "workday"
    return "rest" if weekend else "holiday"


def never(_day: date) -> bool:
    """The default ``skip`` of :meth:`WorkCalendar.working_days_after`: skips nothing."""
    return False


class WorkCalendar:
    """The official calendar with the central holidays table laid over it.

    ``overrides`` are the table's rows (day -> working). A year is covered when the package
    knows it or when it is imported: listed in ``imported_years`` or having at least one row
    in ``overrides`` (the table's rule: a year with a row in it counts as imported). In an
    imported year the package is not asked: Monday to Friday are working days and weekends
    are not, unless a row says otherwise. A day of a year not covered raises
    ``DeskError("calendar.missing", year=...)``.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] = _NO_OVERRIDES,
        imported_years: frozenset[int] = frozenset(),
    ) -> None:
        self._overrides: Mapping[date, bool] = MappingProxyType(dict(overrides))
        self._imported = frozenset(imported_years) | {day.year for day in self._overrides}
        self._years: dict[int, tuple[int, ...]] = {}

    @property
    def overrides(self) -> Mapping[date, bool]:
        return self._overrides

    @property
    def imported_years(self) -> frozenset[int]:
        return self._imported

    def covers(self, year: int) -> bool:
        return year in PACKAGE_YEARS or year in self._imported

    def missing_years(self, years: Iterable[int]) -> tuple[int, ...]:
        """The years among ``years`` that are not covered, sorted, each once."""
        return tuple(sorted({year for year in years if not self.covers(year)}))

    def require(self, year: int) -> None:
        """Raise calendar.missing unless ``year`` is covered."""
        if not self.covers(year):
            raise DeskError("calendar.missing", year=year)

    def is_working_day(self, day: date) -> bool:
        self.require(day.year)
        if day in self._overrides:
            return self._overrides[day]
        if day.year in PACKAGE_YEARS:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def year_days(self, year: int) -> tuple[int, ...]:
        """The ordinals of ``year``'s working days, ascending (computed once per year)."""
        cached = self._years.get(year)
        if cached is None:
            self.require(year)
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            days = (date.fromordinal(ordinal) for ordinal in range(first, last + 1))
            cached = tuple(day.toordinal() for day in days if self.is_working_day(day))
            self._years[year] = cached
        return cached

    def working_days_after(
        self, day: date, count: int, skip: Callable[[date], bool] = never
    ) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself never counts; 0 -> ``day``).

        A working day for which ``skip`` is true does not count (a paused day). Raises
        calendar.missing for the first year the count needs and the calendar lacks.
        """
        if count < 0:
            raise ValueError(f"count must not be negative: {count}")
        if count == 0:
            return day
        if skip is never:
            return self._nth_after(day, count)
        found = day
        for _ in range(count):
            found = self._nth_after(found, 1)
            while skip(found):
                found = self._nth_after(found, 1)
        return found

    def _nth_after(self, day: date, count: int) -> date:
        year, ordinal = day.year, day.toordinal()
        while True:
            days = self._days_after_in_year(year, ordinal)
            start = bisect_right(days, ordinal)
            if start + count <= len(days):
                return date.fromordinal(days[start + count - 1])
            count -= len(days) - start
            year += 1

    def _days_after_in_year(self, year: int, ordinal: int) -> tuple[int, ...]:
        # The last day of a year needs nothing of that year: its calendar may be missing.
        if ordinal >= date(year, 12, 31).toordinal():
            return ()
        return self.year_days(year)

    def count_working_days(self, after: date, upto: date) -> int:
        """How many working days lie in (after, upto]; 0 when ``upto`` is not after ``after``."""
        if upto <= after:
            return 0
        total = 0
        low, high = after.toordinal(), upto.toordinal()
        for year in range(after.year, upto.year + 1):
            days = self._days_after_in_year(year, low)
            total += bisect_right(days, high) - bisect_left(days, low + 1)
        return total

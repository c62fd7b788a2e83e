"""Working days (工作日): public holidays and swapped days (调休) included.

chinese_calendar carries the State Council's published calendar for the years it knows; the
hall's override table (kept centrally, edited each November for the coming year) comes first.
A year neither covers is an explicit refusal, never a guess: a wrong deadline is worse than
none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

import chinese_calendar

from desk_client.core.errors import DeskError

_NO_OVERRIDES: Mapping[date, bool] = MappingProxyType({})


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

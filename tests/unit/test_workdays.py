"""Working days: chinese_calendar's published holidays, the hall's overrides, missing years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.errors import DeskError
from desk_client.core.workdays import is_working_day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 22), False),  # a Sunday
        (date(2026, 11, 23), True),  # a Monday
        (date(2025, 10, 11), True),  # a make-up Saturday (调休)
        (date(2025, 10, 1), False),  # National Day
        (date(2025, 10, 8), False),  # a swapped weekday
        (date(2025, 10, 9), True),
        (date(2026, 1, 1), False),  # New Year's Day
    ],
)
def test_the_published_calendar(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_overrides_win_over_the_package() -> None:
    sunday, monday = date(2026, 11, 22), date(2026, 11, 23)
    assert is_working_day(sunday, {sunday: True}) is True
    assert is_working_day(monday, {monday: False}) is False
    assert is_working_day(monday, {sunday: True}) is True


def test_a_year_without_data_is_refused_by_name() -> None:
    with pytest.raises(DeskError) as error:
        is_working_day(date(2031, 3, 3))
    assert (error.value.code, error.value.params) == ("calendar.missing", {"year": 2031})
    assert "2031" in error.value.message("zh_CN") and "2031" in error.value.message("en")


def test_an_override_covers_a_year_the_package_does_not() -> None:
    new_year = date(2031, 1, 1)
    assert is_working_day(new_year, {new_year: False}) is False
    with pytest.raises(DeskError):
        is_working_day(new_year + timedelta(days=1), {new_year: False})


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_every_day_is_answered_or_refused_with_the_missing_year(day: date) -> None:
    try:
        working = is_working_day(day)
    except DeskError as error:
        assert error.code == "calendar.missing" and error.params["year"] == day.year
    else:
        assert isinstance(working, bool)
        assert is_working_day(day, {day: not working}) is not working

"""Working days: chinese_calendar's published holidays, the hall's overrides, missing years."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.errors import DeskError
from desk_client.core.workdays import WorkCalendar, day_kind, is_working_day


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


# WorkCalendar -----------------------------------------------------------------------------
#
# The 2025 and 2026 holidays, checked against the State Council's notices:
#   2025: 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号 (2024-11-12);
#   2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, Xinhua; e.g.
#         politics.gmw.cn/2025-11/04/content_38391083.htm).
# Each holiday run is listed whole (off) with its make-up days (working, 调休上班).
OFF, ON = False, True
NOTICE_DAYS: list[tuple[str, date, bool]] = [
    ("2025 元旦", date(2025, 1, 1), OFF),
    *(("2025 春节", date(2025, 1, 28) + timedelta(days=n), OFF) for n in range(8)),
    ("2025 春节 调休", date(2025, 1, 26), ON),  # a Sunday
    ("2025 春节 调休", date(2025, 2, 8), ON),  # a Saturday
    *(("2025 清明", date(2025, 4, 4) + timedelta(days=n), OFF) for n in range(3)),
    *(("2025 劳动节", date(2025, 5, 1) + timedelta(days=n), OFF) for n in range(5)),
    ("2025 劳动节 调休", date(2025, 4, 27), ON),
    *(("2025 端午", date(2025, 5, 31) + timedelta(days=n), OFF) for n in range(3)),
    *(("2025 国庆中秋", date(2025, 10, 1) + timedelta(days=n), OFF) for n in range(8)),
    ("2025 国庆 调休", date(2025, 9, 28), ON),
    ("2025 国庆 调休", date(2025, 10, 11), ON),
    *(("2026 元旦", date(2026, 1, 1) + timedelta(days=n), OFF) for n in range(3)),
    ("2026 元旦 调休", date(2026, 1, 4), ON),
    *(("2026 春节", date(2026, 2, 15) + timedelta(days=n), OFF) for n in range(9)),
    ("2026 春节 调休", date(2026, 2, 14), ON),
    ("2026 春节 调休", date(2026, 2, 28), ON),
    *(("2026 清明", date(2026, 4, 4) + timedelta(days=n), OFF) for n in range(3)),
    *(("2026 劳动节", date(2026, 5, 1) + timedelta(days=n), OFF) for n in range(5)),
    ("2026 劳动节 调休", date(2026, 5, 9), ON),
    *(("2026 端午", date(2026, 6, 19) + timedelta(days=n), OFF) for n in range(3)),
    *(("2026 中秋", date(2026, 9, 25) + timedelta(days=n), OFF) for n in range(3)),
    *(("2026 国庆", date(2026, 10, 1) + timedelta(days=n), OFF) for n in range(7)),
    ("2026 国庆 调休", date(2026, 9, 20), ON),
    ("2026 国庆 调休", date(2026, 10, 10), ON),
]


@pytest.mark.parametrize(("holiday", "day", "working"), NOTICE_DAYS)
def test_the_calendar_follows_the_state_council_notices(
    holiday: str, day: date, working: bool
) -> None:
    calendar = WorkCalendar()
    assert calendar.is_working_day(day) is working, holiday
    assert is_working_day(day) is working, holiday


def test_outside_the_notices_weekdays_work_and_weekends_rest() -> None:
    listed = {day for _, day, _ in NOTICE_DAYS}
    calendar = WorkCalendar()
    for ordinal in range(date(2025, 1, 1).toordinal(), date(2026, 12, 31).toordinal() + 1):
        day = date.fromordinal(ordinal)
        if day not in listed:
            assert calendar.is_working_day(day) is (day.weekday() < 5), day


def test_2027_is_missing_until_imported() -> None:
    bare = WorkCalendar()
    assert bare.covers(2026) and not bare.covers(2027)
    assert bare.missing_years([2027, 2026, 2027, 2031]) == (2027, 2031)
    with pytest.raises(DeskError) as error:
        bare.is_working_day(date(2027, 3, 1))
    assert (error.value.code, error.value.params) == ("calendar.missing", {"year": 2027})
    with pytest.raises(DeskError) as after:
        bare.working_days_after(date(2026, 12, 30), 3)
    assert after.value.params == {"year": 2027}


def test_an_imported_year_rests_on_weekends_unless_a_row_says_otherwise() -> None:
    new_year, makeup = date(2027, 1, 1), date(2027, 2, 6)  # a Friday, a Saturday
    imported = WorkCalendar({new_year: False, makeup: True}, frozenset({2027}))
    assert imported.covers(2027) and imported.missing_years([2026, 2027, 2028]) == (2028,)
    assert imported.is_working_day(new_year) is False
    assert imported.is_working_day(makeup) is True
    assert imported.is_working_day(date(2027, 1, 4)) is True  # a Monday
    assert imported.is_working_day(date(2027, 1, 9)) is False  # a Saturday
    # 2026-12-31 (Thu) + 2: 2027-01-01 is off, then Mon 4 and Tue 5.
    assert imported.working_days_after(date(2026, 12, 31), 2) == date(2027, 1, 5)


def test_a_row_in_a_year_makes_it_imported_and_rows_win_over_the_package() -> None:
    assert WorkCalendar({date(2027, 10, 1): False}).covers(2027)
    assert WorkCalendar(imported_years=frozenset({2030})).covers(2030)
    monday = date(2026, 11, 23)
    calendar = WorkCalendar({monday: False, date(2026, 11, 22): True})
    assert calendar.is_working_day(monday) is False
    assert calendar.working_days_after(date(2026, 11, 21), 1) == date(2026, 11, 22)
    assert calendar.working_days_after(date(2026, 11, 22), 1) == date(2026, 11, 24)


def test_the_acceptance_day_never_counts_and_zero_is_the_day_itself() -> None:
    calendar = WorkCalendar()
    assert calendar.working_days_after(date(2025, 9, 30), 5) == date(2025, 10, 14)
    assert calendar.working_days_after(date(2025, 10, 4), 1) == date(2025, 10, 9)
    assert calendar.working_days_after(date(2025, 10, 4), 0) == date(2025, 10, 4)
    with pytest.raises(ValueError, match="negative"):
        calendar.working_days_after(date(2025, 10, 4), -1)


def test_the_last_day_of_a_missing_year_needs_nothing_of_it() -> None:
    imported_2027 = WorkCalendar(imported_years=frozenset({2027}))
    assert imported_2027.working_days_after(date(2026, 12, 31), 1) == date(2027, 1, 1)
    later = WorkCalendar(imported_years=frozenset({2028}))
    assert later.working_days_after(date(2027, 12, 31), 1) == date(2028, 1, 3)
    assert later.count_working_days(date(2027, 12, 31), date(2028, 1, 3)) == 1


def test_skip_leaves_out_the_days_it_names() -> None:
    calendar = WorkCalendar()
    paused = {date(2025, 10, 9), date(2025, 10, 10)}
    found = calendar.working_days_after(date(2025, 9, 30), 3, skip=paused.__contains__)
    assert found == date(2025, 10, 14)  # 11 (a make-up Saturday), 13, 14


def test_each_year_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[date] = []
    real = chinese_calendar.is_workday

    def counting(day: date) -> bool:
        calls.append(day)
        return bool(real(day))

    monkeypatch.setattr(chinese_calendar, "is_workday", counting)
    calendar = WorkCalendar()
    for offset in range(2000):
        calendar.working_days_after(date(2025, 1, 1) + timedelta(days=offset % 600), 20)
        calendar.count_working_days(date(2025, 1, 1), date(2026, 6, 1))
    assert len(calls) == 365 + 365  # 2025 and 2026, each day once
    assert calendar.year_days(2025) is calendar.year_days(2025)


def naive_after(calendar: WorkCalendar, day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        count -= calendar.is_working_day(day)
    return day


COVERED_DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 9, 30))


@settings(max_examples=60)
@given(COVERED_DAYS, st.integers(min_value=0, max_value=60))
def test_bisection_agrees_with_walking_day_by_day(day: date, count: int) -> None:
    calendar = WorkCalendar()
    found = calendar.working_days_after(day, count)
    assert found == naive_after(calendar, day, count)
    assert calendar.count_working_days(day, found) == count


@settings(max_examples=60)
@given(COVERED_DAYS, COVERED_DAYS)
def test_counting_agrees_with_walking_day_by_day(first: date, second: date) -> None:
    calendar = WorkCalendar()
    days = range(first.toordinal() + 1, second.toordinal() + 1)
    expected = sum(calendar.is_working_day(date.fromordinal(ordinal)) for ordinal in days)
    assert calendar.count_working_days(first, second) == expected


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (date(2026, 11, 25), "workday"),  # a Wednesday
        (date(2026, 10, 10), "makeup"),  # a Saturday worked for the National Day week
        (date(2026, 11, 28), "rest"),  # a Saturday
        (date(2026, 10, 1), "holiday"),  # National Day, a Thursday
    ],
)
def test_the_kind_of_a_day_for_the_roster(day: date, kind: str) -> None:
    assert day_kind(day, is_working_day(day)) == kind

"""Deadline arithmetic: the domain's example, the 2025/2026 holidays, pauses, levels, checks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.deadlines import (
    Level,
    Pause,
    check_accepted,
    check_extension,
    check_limit,
    check_pauses,
    deadline,
    effective_limit,
    hours_left,
    level,
    remaining_working_days,
    statutory_limit,
)
from desk_client.core.errors import DeskError
from desk_client.core.workdays import WorkCalendar

CAL = WorkCalendar()
D = date


def test_the_domain_example() -> None:
    """Accepted 2025-09-30, 5 working days: Oct 9, 10, 11 (make-up Saturday), 13, 14."""
    assert deadline(D(2025, 9, 30), 5, (), CAL) == D(2025, 10, 14)


# Dates from the State Council notices (see test_workdays.NOTICE_DAYS for the sources).
@pytest.mark.parametrize(
    ("accepted", "limit", "expected"),
    [
        (D(2025, 9, 30), 20, D(2025, 11, 4)),  # statutory limit over National Day
        (D(2025, 1, 24), 3, D(2025, 2, 5)),  # Sun 26 Jan works, 28 Jan - 4 Feb off
        (D(2025, 2, 4), 1, D(2025, 2, 5)),  # accepted on a holiday: it does not count
        (D(2025, 2, 4), 4, D(2025, 2, 8)),  # make-up Saturday 8 Feb
        (D(2025, 4, 3), 1, D(2025, 4, 7)),  # 清明 4-6 Apr
        (D(2025, 4, 25), 2, D(2025, 4, 28)),  # make-up Sunday 27 Apr
        (D(2025, 4, 30), 1, D(2025, 5, 6)),  # 劳动节 1-5 May
        (D(2025, 5, 30), 1, D(2025, 6, 3)),  # 端午 31 May - 2 Jun
        (D(2025, 9, 26), 2, D(2025, 9, 29)),  # make-up Sunday 28 Sep
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # into 2026: 1-3 Jan off, Sunday 4 Jan works
        (D(2025, 12, 31), 20, D(2026, 1, 29)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # make-up Saturday before 春节
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # 春节 15-23 Feb
        (D(2026, 2, 13), 6, D(2026, 2, 28)),  # make-up Saturday after 春节
        (D(2026, 4, 30), 1, D(2026, 5, 6)),  # 劳动节 1-5 May
        (D(2026, 4, 30), 4, D(2026, 5, 9)),  # make-up Saturday 9 May
        (D(2026, 6, 18), 1, D(2026, 6, 22)),  # 端午 19-21 Jun
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # make-up Sunday 20 Sep
        (D(2026, 9, 24), 3, D(2026, 9, 30)),  # 中秋 25-27 Sep
        (D(2026, 9, 24), 4, D(2026, 10, 8)),  # 国庆 1-7 Oct
        (D(2026, 9, 24), 6, D(2026, 10, 10)),  # make-up Saturday 10 Oct
        (D(2025, 10, 1), 0, D(2025, 10, 1)),  # 即办件: the acceptance day, even a holiday
    ],
)
def test_deadlines_across_the_2025_and_2026_holidays(
    accepted: date, limit: int, expected: date
) -> None:
    assert deadline(accepted, limit, (), CAL) == expected


def test_a_year_without_data_is_refused_and_an_imported_one_works() -> None:
    with pytest.raises(DeskError) as error:
        deadline(D(2026, 12, 20), 20, (), CAL)
    assert (error.value.code, error.value.params) == ("calendar.missing", {"year": 2027})
    imported = WorkCalendar({D(2027, 1, 1): False}, frozenset({2027}))
    # 2026-12-21..25 (5), 28..31 (9), 2027-01-01 off, 4..8 (14), 11..15 (19), 18 (20).
    assert deadline(D(2026, 12, 18), 20, (), imported) == D(2027, 1, 18)


# Pauses ------------------------------------------------------------------------------------


def test_a_pause_stops_the_clock_on_its_working_days_both_ends_included() -> None:
    accepted = D(2025, 9, 30)
    assert deadline(accepted, 5, [Pause(D(2025, 10, 10), D(2025, 10, 11))], CAL) == D(2025, 10, 16)
    # A pause over holidays only skips nothing.
    assert deadline(accepted, 5, [Pause(D(2025, 10, 1), D(2025, 10, 8))], CAL) == D(2025, 10, 14)
    # A pause starting on the acceptance day.
    assert deadline(accepted, 5, [Pause(accepted, D(2025, 10, 9))], CAL) == D(2025, 10, 15)


def test_an_open_pause_leaves_the_deadline_open_unless_it_starts_after_it() -> None:
    accepted = D(2025, 9, 30)
    assert deadline(accepted, 5, [Pause(D(2025, 10, 14), None)], CAL) is None
    assert deadline(accepted, 5, [Pause(D(2025, 10, 2), None)], CAL) is None
    assert deadline(accepted, 5, [Pause(D(2025, 10, 15), None)], CAL) == D(2025, 10, 14)


def test_a_pause_after_the_deadline_does_not_move_it() -> None:
    late = Pause(D(2025, 10, 15), D(2025, 10, 31), "专家评审")
    assert deadline(D(2025, 9, 30), 5, [late], CAL) == D(2025, 10, 14)


def test_several_pauses_in_any_order() -> None:
    pauses = [Pause(D(2025, 10, 13), D(2025, 10, 13)), Pause(D(2025, 10, 9), D(2025, 10, 9))]
    # Counted: 10, 11, 14, 15, 16.
    assert deadline(D(2025, 9, 30), 5, pauses, CAL) == D(2025, 10, 16)


def naive_deadline(accepted: date, limit: int, pauses: list[Pause]) -> date | None:
    """The rule, walked day by day: the reference for the bisecting implementation."""
    day, counted = accepted, 0
    while counted < limit:
        day += timedelta(days=1)
        if any(pause.end is None and pause.start <= day for pause in pauses):
            return None
        inside = any(pause.start <= day <= (pause.end or day) for pause in pauses)
        counted += CAL.is_working_day(day) and not inside
    return day


ACCEPTED = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 3, 31))


@st.composite
def pauses_after(draw: st.DrawFn, accepted: date) -> list[Pause]:
    pauses, start = [], accepted
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        start += timedelta(days=draw(st.integers(min_value=0, max_value=20)))
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            pauses.append(Pause(start, None))
            break
        end = start + timedelta(days=draw(st.integers(min_value=0, max_value=15)))
        pauses.append(Pause(start, end))
        start = end + timedelta(days=1)
    return pauses


@st.composite
def cases(draw: st.DrawFn) -> tuple[date, int, list[Pause]]:
    accepted = draw(ACCEPTED)
    return accepted, draw(st.integers(min_value=0, max_value=45)), draw(pauses_after(accepted))


@settings(max_examples=80)
@given(cases())
def test_bisection_agrees_with_the_rule_walked_day_by_day(
    case: tuple[date, int, list[Pause]],
) -> None:
    accepted, limit, pauses = case
    check_pauses(pauses, accepted)
    assert deadline(accepted, limit, pauses, CAL) == naive_deadline(accepted, limit, pauses)


@settings(max_examples=60)
@given(ACCEPTED, st.integers(min_value=1, max_value=45))
def test_without_pauses_exactly_n_working_days_lie_up_to_a_working_deadline(
    accepted: date, limit: int
) -> None:
    due = deadline(accepted, limit, (), CAL)
    assert due is not None and CAL.is_working_day(due)
    assert CAL.count_working_days(accepted, due) == limit
    later = deadline(accepted, limit + 1, (), CAL)
    assert later is not None and later > due


@settings(max_examples=60)
@given(cases(), st.data())
def test_adding_a_pause_never_moves_the_deadline_earlier(
    case: tuple[date, int, list[Pause]], data: st.DataObject
) -> None:
    accepted, limit, pauses = case
    closed = [pause for pause in pauses if pause.end is not None]
    if not closed or limit == 0:
        return
    fewer = closed[: data.draw(st.integers(min_value=0, max_value=len(closed) - 1))]
    with_all, with_fewer = (deadline(accepted, limit, p, CAL) for p in (closed, fewer))
    assert with_all is not None and with_fewer is not None
    assert with_all >= with_fewer
    assert CAL.is_working_day(with_all)


# Limits ------------------------------------------------------------------------------------


def test_statutory_and_effective_limits() -> None:
    assert statutory_limit("promised") == (20, 10)
    assert statutory_limit("instant") == (20, 10)
    assert statutory_limit("joint") == (45, 15)
    assert effective_limit(20, 10) == 30
    assert effective_limit(5, [2, 3]) == 10
    assert effective_limit(5, ()) == 5


@pytest.mark.parametrize(
    ("kind", "limit", "code"),
    [
        ("promised", 0, "limit.zero"),
        ("joint", 0, "limit.zero"),
        ("promised", -1, "limit.absurd"),
        ("instant", -3, "limit.absurd"),
        ("promised", 366, "limit.absurd"),
    ],
)
def test_bad_limits_are_refused(kind: str, limit: int, code: str) -> None:
    with pytest.raises(DeskError) as error:
        check_limit(kind, limit)
    assert error.value.code == code
    assert error.value.message("zh_CN") != code and error.value.message("en") != code


@pytest.mark.parametrize(("kind", "limit"), [("instant", 0), ("promised", 1), ("joint", 365)])
def test_good_limits_pass(kind: str, limit: int) -> None:
    check_limit(kind, limit)


def test_extensions_stay_within_the_statutory_extension() -> None:
    check_extension("promised", 10)
    check_extension("joint", 5, already=10)
    for kind, days, already, code in [
        ("promised", 0, 0, "extension.days"),
        ("promised", -2, 0, "extension.days"),
        ("promised", 11, 0, "extension.too_long"),
        ("promised", 4, 7, "extension.too_long"),
        ("joint", 16, 0, "extension.too_long"),
    ]:
        with pytest.raises(DeskError) as error:
            check_extension(kind, days, already)
        assert error.value.code == code


def test_an_acceptance_in_the_future_is_refused() -> None:
    check_accepted(D(2025, 9, 30), D(2025, 9, 30))
    with pytest.raises(DeskError) as error:
        check_accepted(D(2025, 10, 1), D(2025, 9, 30))
    assert error.value.code == "case.accepted_in_future"
    assert "2025-10-01" in error.value.message("en") and "2025-10-01" in error.value.message()


def test_bad_pauses_are_refused() -> None:
    ok = [Pause(D(2025, 10, 9), D(2025, 10, 10)), Pause(D(2025, 10, 11), None)]
    check_pauses(ok, D(2025, 9, 30))
    cases_and_codes = [
        ([Pause(D(2025, 10, 10), D(2025, 10, 9))], "pause.ends_before_start"),
        ([Pause(D(2025, 10, 9), D(2025, 10, 13)), Pause(D(2025, 10, 13), None)], "pause.overlaps"),
        ([Pause(D(2025, 10, 20), D(2025, 10, 21)), Pause(D(2025, 10, 9), None)], "pause.overlaps"),
        ([Pause(D(2025, 10, 9), None), Pause(D(2025, 10, 9), None)], "pause.overlaps"),
        ([Pause(D(2025, 9, 29), D(2025, 10, 9))], "pause.before_acceptance"),
    ]
    for pauses, code in cases_and_codes:
        with pytest.raises(DeskError) as error:
            check_pauses(pauses, D(2025, 9, 30))
        assert error.value.code == code
        assert str(pauses[0].start) in error.value.message("en")


# Levels, remaining days, hours -------------------------------------------------------------


def test_remaining_working_days_around_the_deadline() -> None:
    due = D(2025, 10, 14)
    assert remaining_working_days(D(2025, 9, 30), due, CAL) == 5
    assert remaining_working_days(D(2025, 10, 5), due, CAL) == 5  # a holiday before any count
    assert remaining_working_days(D(2025, 10, 13), due, CAL) == 1
    assert remaining_working_days(due, due, CAL) == 0
    assert remaining_working_days(D(2025, 10, 15), due, CAL) == -1
    assert remaining_working_days(D(2025, 10, 17), due, CAL) == -3
    friday = D(2025, 10, 17)
    assert remaining_working_days(D(2025, 10, 18), friday, CAL) == -1  # a Saturday: still late
    assert remaining_working_days(D(2025, 10, 20), friday, CAL) == -1
    assert remaining_working_days(D(2025, 10, 21), friday, CAL) == -2


def level_on(today: date, yellow_days: int = 1, yellow_percent: int = 80) -> Level:
    accepted = D(2025, 9, 30)
    return level(today, D(2025, 11, 4), 20, accepted, CAL, yellow_days, yellow_percent)


def test_levels_through_the_life_of_a_statutory_case() -> None:
    """Accepted 2025-09-30, 20 working days, due 2025-11-04; yellow 1 day or 80%."""
    assert level_on(D(2025, 9, 30)) is Level.GREEN
    assert level_on(D(2025, 10, 27)) is Level.GREEN  # 14 of 20 elapsed (70%), 6 left
    assert level_on(D(2025, 10, 29)) is Level.YELLOW  # 16 of 20 = 80%
    assert level_on(D(2025, 10, 29), yellow_percent=0) is Level.GREEN  # share rule off
    assert level_on(D(2025, 11, 3)) is Level.YELLOW  # 1 day left
    assert level_on(D(2025, 11, 3), yellow_days=-1, yellow_percent=0) is Level.GREEN
    assert level_on(D(2025, 11, 4), yellow_days=0, yellow_percent=0) is Level.YELLOW
    assert level_on(D(2025, 11, 5)) is Level.RED
    assert level_on(D(2025, 10, 31), yellow_days=5, yellow_percent=0) is Level.YELLOW


def test_open_missing_and_instant_levels() -> None:
    accepted = D(2025, 9, 30)
    assert level(D(2025, 10, 9), None, 5, accepted, CAL, 1, 80) is Level.OPEN
    late = D(2026, 12, 28)
    assert level(late, D(2027, 1, 20), 20, late, CAL, 1, 80) is Level.MISSING
    assert level(D(2027, 1, 21), D(2027, 1, 20), 20, late, CAL, 1, 80) is Level.RED
    assert level(accepted, accepted, 0, accepted, CAL, 0, 80) is Level.YELLOW
    assert level(accepted, accepted, 0, accepted, CAL, -1, 0) is Level.GREEN
    assert level(D(2025, 10, 1), accepted, 0, accepted, CAL, 0, 80) is Level.RED


def test_hours_left_until_closing_never_negative() -> None:
    zone = ZoneInfo("Asia/Shanghai")
    close = time(17, 30)
    assert hours_left(datetime(2025, 10, 14, 15, 0, tzinfo=zone), close) == 2.5
    assert hours_left(datetime(2025, 10, 14, 9, 0), close) == 8.5
    assert hours_left(datetime(2025, 10, 14, 17, 30, tzinfo=zone), close) == 0.0
    assert hours_left(datetime(2025, 10, 14, 19, 0, tzinfo=zone), close) == 0.0

"""The no-show limit (爽约限制: core.appointments.no_show_block and check_no_shows) and the
rules of the appointments report (预约统计: its period, the show rate)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.appointments import (
    AppointmentRules,
    NoShowBlock,
    check_no_shows,
    check_report_request,
    make_rules,
    no_show_block,
    no_show_since,
    show_rate,
)
from tests.unit.test_appointments import refusal

# -- 爽约限制: the no-show limit ------------------------------------------------------------------


def limited(limit: int, days: int) -> AppointmentRules:
    return make_rules(30, 4, "09:00-12:00", 30, no_show_limit=limit, no_show_days=days)


MONDAY = date(2026, 11, 23)


def test_a_miss_counts_on_its_day_and_the_days_after_until_days_have_passed() -> None:
    assert no_show_since(MONDAY, 1) == MONDAY  # only today's misses
    assert no_show_since(MONDAY, 90) == date(2026, 8, 26)
    rules = limited(1, 30)
    miss = [date(2026, 10, 25)]  # counts from 10-25 to 11-23, 30 days
    assert no_show_block(miss, date(2026, 10, 25), rules) == NoShowBlock(1, 30, date(2026, 11, 24))
    assert no_show_block(miss, MONDAY, rules) is not None  # its last day
    assert no_show_block(miss, date(2026, 11, 24), rules) is None


def test_below_the_limit_books_at_the_limit_is_suspended() -> None:
    rules = limited(3, 90)
    two = [date(2026, 11, 2), date(2026, 11, 20)]
    assert no_show_block(two, MONDAY, rules) is None
    three = [*two, date(2026, 11, 21)]
    # Open again once the oldest of the three, 11-02, has counted its 90 days.
    assert no_show_block(three, MONDAY, rules) == NoShowBlock(3, 90, date(2027, 1, 31))


def test_booking_opens_when_the_limit_th_most_recent_miss_stops_counting() -> None:
    """Five misses, limit 2: the three oldest must go too, but it is the second most recent
    whose going leaves one, below the limit."""
    misses = [date(2026, 11, day) for day in (20, 2, 10, 5, 18)]  # in no particular order
    block = no_show_block(misses, MONDAY, limited(2, 30))
    assert block == NoShowBlock(5, 30, date(2026, 11, 18) + timedelta(days=30))
    assert no_show_block(misses, block.until - timedelta(days=1), limited(2, 30)) is not None
    assert no_show_block(misses, block.until, limited(2, 30)) is None


def test_the_limit_off_never_suspends() -> None:
    misses = [MONDAY] * 25
    assert no_show_block(misses, MONDAY, limited(0, 90)) is None
    check_no_shows(misses, MONDAY, limited(0, 90), "13800138000")


@given(
    st.lists(st.integers(0, 400), max_size=30),
    st.integers(1, 20),
    st.integers(1, 366),
    st.integers(0, 400),
)
def test_suspended_until_exactly_the_day_it_names(
    ages: list[int], limit: int, days: int, later: int
) -> None:
    """Whatever the misses: suspended on every day before ``until`` (as long as no new miss
    comes), free from ``until`` on; and suspended exactly when the counted misses reach the
    limit."""
    misses = [MONDAY - timedelta(days=age) for age in ages]
    rules = limited(limit, days)
    counted = sum(1 for age in ages if age < days)
    block = no_show_block(misses, MONDAY, rules)
    assert (block is not None) == (counted >= limit)
    if block is None:
        return
    assert block.misses == counted and block.days == days and block.until > MONDAY
    day = MONDAY + timedelta(days=later)
    assert (no_show_block(misses, day, rules) is None) == (day >= block.until)


def test_the_refusal_says_how_many_in_how_many_days_and_from_when() -> None:
    misses = [date(2026, 11, 2), date(2026, 11, 20)]
    error = refusal(
        "appointment.no_show_blocked", check_no_shows, misses, MONDAY, limited(2, 30),
        "13800138000",
    )  # fmt: skip
    assert error.message("zh_CN") == (
        "电话 138****8000 的预约人近 30 天内爽约 2 次（满 2 次暂停预约），暂不能预约，"
        "2026-12-02 起可再预约"
    )
    assert "missed 2 appointments in the last 30 days" in error.message("en")
    assert "book again from 2026-12-02" in error.message("en")


# -- 预约统计: the report ---------------------------------------------------------------------


def test_the_show_rate_counts_who_came_of_who_came_or_missed() -> None:
    assert show_rate(3, 1) == 0.75
    assert show_rate(0, 2) == 0.0
    assert show_rate(2, 0) == 1.0
    assert show_rate(0, 0) is None


def test_a_report_runs_forward_over_at_most_366_days() -> None:
    check_report_request(MONDAY, MONDAY, "day")
    check_report_request(date(2026, 1, 1), date(2027, 1, 1), "category")  # 366 days
    error = refusal("appointment.report_range", check_report_request, MONDAY, date(2026, 11, 22),
                    "day")  # fmt: skip
    assert "2026-11-23" in error.message("en")
    refusal("appointment.report_range", check_report_request, date(2026, 1, 1),
            date(2027, 1, 2), "day")  # fmt: skip
    refusal("appointment.report_by", check_report_request, MONDAY, MONDAY, "window")

"""Ticket numbers, the service day in the hall's time zone, emergency numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.numbering import (
    choose_desk,
    day_bounds,
    day_start,
    emergency_number,
    format_number,
    hall_zone,
    parse_number,
    service_day,
    valid_prefix,
)

SHANGHAI = hall_zone()


@pytest.mark.parametrize(
    ("prefix", "sequence", "number"),
    [
        ("A", 1, "A001"),
        ("B", 42, "B042"),
        ("C", 999, "C999"),
        ("A", 1000, "A1000"),
        ("AB", 7, "AB007"),
    ],
)
def test_format_and_parse(prefix: str, sequence: int, number: str) -> None:
    assert format_number(prefix, sequence) == number
    assert parse_number(number) == (prefix, sequence)


def test_parse_is_lenient_about_case_and_spaces() -> None:
    assert parse_number(" a012 ") == ("A", 12)


@pytest.mark.parametrize("bad", ["", "A", "001", "A01", "A-001", "ABC001", "W03-001", "A 001"])
def test_parse_refuses_anything_else(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_number(bad)


def test_sequences_start_at_one() -> None:
    with pytest.raises(ValueError):
        format_number("A", 0)


@given(st.from_regex(r"[A-Z]{1,2}", fullmatch=True), st.integers(1, 10**6))
def test_format_parse_round_trip(prefix: str, sequence: int) -> None:
    assert parse_number(format_number(prefix, sequence)) == (prefix, sequence)


def test_valid_prefix() -> None:
    assert valid_prefix("A") and valid_prefix("ZZ")
    assert not valid_prefix("") and not valid_prefix("a") and not valid_prefix("ABC")
    assert not valid_prefix("1")


def test_service_day_turns_at_local_midnight() -> None:
    """23:59 in Shanghai is 15:59 UTC: still that day. 16:00 UTC is the next day."""
    before = datetime(2026, 11, 23, 15, 59, 59, tzinfo=UTC)
    after = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    assert service_day(before, SHANGHAI) == date(2026, 11, 23)
    assert service_day(after, SHANGHAI) == date(2026, 11, 24)


def test_service_day_in_utc_would_differ() -> None:
    early = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # 01:00 on the 24th in Shanghai
    assert service_day(early, SHANGHAI) == date(2026, 11, 24)
    assert service_day(early, hall_zone("UTC")) == date(2026, 11, 23)


def test_service_day_needs_an_aware_moment() -> None:
    with pytest.raises(ValueError):
        service_day(datetime(2026, 11, 23, 9, 0), SHANGHAI)


def test_day_bounds_are_local_midnights_in_utc() -> None:
    start, end = day_bounds(date(2026, 11, 23), SHANGHAI)
    assert start == datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    assert start.tzinfo is UTC and end - start == timedelta(days=1)
    assert day_start(date(2026, 11, 24), SHANGHAI) == end


def test_day_bounds_follow_daylight_saving_where_it_exists() -> None:
    start, end = day_bounds(date(2026, 3, 29), hall_zone("Europe/Berlin"))  # clocks go forward
    assert end - start == timedelta(hours=23)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    )
)
def test_every_moment_lies_within_its_service_day(moment: datetime) -> None:
    start, end = day_bounds(service_day(moment, SHANGHAI), SHANGHAI)
    assert start <= moment < end


@pytest.mark.parametrize(
    ("window", "sequence", "number"),
    [(3, 1, "W03-001"), (12, 45, "W12-045"), (1, 1000, "W01-1000"), (120, 7, "W120-007")],
)
def test_emergency_numbers_carry_the_desk(window: int, sequence: int, number: str) -> None:
    assert emergency_number(window, sequence) == number


def test_emergency_numbers_never_collide_across_desks() -> None:
    numbers = {emergency_number(w, s) for w in range(1, 31) for s in range(1, 101)}
    assert len(numbers) == 30 * 100


@pytest.mark.parametrize(
    ("wanted", "taken", "desk"),
    [
        (3, set(), 3),  # the first PC at window 3: its numbers read as window 3's
        (3, {3}, 7),  # a spare PC at window 3: after windows 1-6
        (None, {3, 7}, 8),  # a guide PC
        (0, set(), 7),  # "no window" spelled 0
        (9, {3}, 9),  # a window the hall has not set up yet, still free
        (None, {3, 12}, 13),  # after every desk too
    ],
)
def test_a_pc_gets_its_windows_number_when_free(
    wanted: int | None, taken: set[int], desk: int
) -> None:
    assert choose_desk(wanted, taken, range(1, 7)) == desk


@given(
    st.lists(st.one_of(st.none(), st.integers(0, 40)), max_size=30),
    st.sets(st.integers(1, 30)),
)
def test_desks_given_one_after_another_never_repeat(
    wanted: list[int | None], windows: set[int]
) -> None:
    taken: set[int] = set()
    for window in wanted:
        desk = choose_desk(window, taken, windows)
        assert desk >= 1 and desk not in taken
        taken.add(desk)


def test_scan_code_round_trip_and_typed_numbers() -> None:
    from desk_client.core.numbering import read_ticket_input, ticket_scan_code

    day = date(2026, 11, 23)
    scanned = read_ticket_input(ticket_scan_code("demo", day, "A007"))
    assert (scanned.hall_code, scanned.day, scanned.number) == ("demo", day, "A007")
    typed = read_ticket_input(" a7 ".replace("7", "007"))
    assert (typed.hall_code, typed.day, typed.number) == (None, None, "A007")
    for bad in ("", "DESK|demo|A001", "DESK|demo|2026-13-01|A001", "7|8", "A01"):
        with pytest.raises(ValueError):
            read_ticket_input(bad)

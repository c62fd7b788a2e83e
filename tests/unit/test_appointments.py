"""Appointments' rules (core.appointments): the hours, the slot grid, a booking's checks, the
person's name and phone, the code and the state (the no-show limit and the report's rules:
test_appointments_no_show.py)."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.appointments import (
    DEFAULT_RULES,
    AppointmentRules,
    AppointmentState,
    appointment_code,
    appointment_state,
    check_slot,
    clean_person,
    day_slots,
    format_hours,
    make_rules,
    mask_phone,
    parse_hours,
    read_code,
)
from desk_client.core.errors import DeskError

ZONE = ZoneInfo("Asia/Shanghai")
#: Monday 2026-11-23, 09:00 in the hall.
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
SATURDAY = date(2026, 11, 28)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def refusal(code: str, action: object, *args: object, **kw: object) -> DeskError:
    assert callable(action)
    with pytest.raises(DeskError) as caught:
        action(*args, **kw)
    assert caught.value.code == code, caught.value.message("en")
    for language in ("zh_CN", "en"):
        text = caught.value.message(language)
        assert "{" not in text and text != code, text
    return caught.value


# -- the hours and the settings -----------------------------------------------------------------


def test_the_defaults() -> None:
    assert make_rules(30, 4, "09:00-12:00,13:30-17:00", 30) == DEFAULT_RULES
    assert DEFAULT_RULES.hours_text == "09:00-12:00,13:30-17:00"
    assert (DEFAULT_RULES.no_show_limit, DEFAULT_RULES.no_show_days) == (0, 90)  # off


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("09:00-12:00", ((time(9), time(12)),)),
        (" 9:00 - 12:00 ， 13:30–17:00 ", ((time(9), time(12)), (time(13, 30), time(17)))),
        ("08:00-12:00,12:00-13:00", ((time(8), time(12)), (time(12), time(13)))),  # touching
    ],
)
def test_hours_are_read_and_written_back_plainly(text: str, periods: tuple[object, ...]) -> None:
    assert parse_hours(text) == periods
    assert parse_hours(format_hours(parse_hours(text))) == periods


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "HH:MM-HH:MM"),
        ("09:00-12:00,", "HH:MM-HH:MM"),
        ("9-12", "HH:MM-HH:MM"),
        ("09:00-24:00", "HH:MM-HH:MM"),
        ("09:60-10:00", "HH:MM-HH:MM"),
        ("12:00-09:00", "start before it ends"),
        ("09:00-09:00", "start before it ends"),
        ("13:30-17:00,09:00-12:00", "in order"),
        ("09:00-12:00,11:00-13:00", "none overlapping"),
        (",".join(f"{h:02d}:00-{h:02d}:30" for h in range(8, 14)), "at most 5"),
    ],
)
def test_bad_hours_are_refused_naming_the_field(text: str, why: str) -> None:
    error = refusal("appointment.bad_settings", make_rules, 30, 4, text, 30)
    assert "opening hours" in error.message("en") and why in error.message("en")
    assert "开放预约时间" in error.message("zh_CN")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ((4, 4, 30), "slot length in minutes"),
        ((241, 4, 30), "slot length in minutes"),
        ((30, 0, 30), "bookings per category and slot"),
        ((30, 501, 30), "bookings per category and slot"),
        ((30, 4, 0), "days ahead one may book"),
        ((30, 4, 367), "days ahead one may book"),
        ((30, True, 30), "bookings per category and slot"),  # not a number of people
    ],
)
def test_settings_out_of_range_are_refused_naming_the_field(
    values: tuple[int, int, int], field: str
) -> None:
    minutes, per_slot, horizon = values
    error = refusal(
        "appointment.bad_settings", make_rules, minutes, per_slot, "09:00-12:00", horizon
    )
    assert field in error.message("en")


@pytest.mark.parametrize(
    ("limit", "days", "field", "name"),
    [
        (-1, 90, "misses that suspend booking", "爽约暂停预约次数"),
        (21, 90, "misses that suspend booking", "爽约暂停预约次数"),
        (True, 90, "misses that suspend booking", "爽约暂停预约次数"),
        (3, 0, "days misses are counted over", "爽约统计天数"),
        (3, 367, "days misses are counted over", "爽约统计天数"),
    ],
)
def test_a_bad_no_show_limit_is_refused_naming_the_field(
    limit: int, days: int, field: str, name: str
) -> None:
    error = refusal(
        "appointment.bad_settings", make_rules, 30, 4, "09:00-12:00", 30,
        no_show_limit=limit, no_show_days=days,
    )  # fmt: skip
    assert field in error.message("en") and name in error.message("zh_CN")


def test_the_range_limits_themselves_are_allowed() -> None:
    assert make_rules(5, 1, "09:00-09:05", 1).slot_minutes == 5
    assert make_rules(240, 500, "08:00-12:00", 366).per_slot == 500
    low = make_rules(30, 4, "09:00-12:00", 30, no_show_limit=0, no_show_days=1)
    high = make_rules(30, 4, "09:00-12:00", 30, no_show_limit=20, no_show_days=366)
    assert (low.no_show_limit, low.no_show_days, high.no_show_limit, high.no_show_days) == (
        0, 1, 20, 366,
    )  # fmt: skip


def test_a_period_too_short_for_one_slot_is_refused() -> None:
    error = refusal("appointment.bad_settings", make_rules, 60, 4, "09:00-12:00,13:00-13:30", 30)
    assert "60-minute slot" in error.message("en")


# -- the slot grid -------------------------------------------------------------------------------


def test_the_default_day() -> None:
    slots = day_slots(SATURDAY, DEFAULT_RULES, ZONE)
    assert len(slots) == 6 + 7
    assert slots[0] == (at(SATURDAY, 9), at(SATURDAY, 9, 30))
    assert slots[5] == (at(SATURDAY, 11, 30), at(SATURDAY, 12))
    assert slots[6] == (at(SATURDAY, 13, 30), at(SATURDAY, 14))
    assert slots[-1] == (at(SATURDAY, 16, 30), at(SATURDAY, 17))


def test_a_slot_that_would_run_past_the_period_is_not_offered() -> None:
    rules = make_rules(45, 4, "09:00-10:40", 30)
    assert day_slots(SATURDAY, rules, ZONE) == [
        (at(SATURDAY, 9), at(SATURDAY, 9, 45)),
        (at(SATURDAY, 9, 45), at(SATURDAY, 10, 30)),
    ]


periods = st.lists(st.integers(0, 24 * 60 - 1), min_size=2, max_size=10, unique=True).map(sorted)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    periods,
    st.integers(5, 240),
)
def test_every_slot_lies_inside_the_hours_on_the_grid_in_order(
    day: date, bounds: list[int], minutes: int
) -> None:
    pairs = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)][:5]
    hours = [(time(a // 60, a % 60), time(b // 60, b % 60)) for a, b in pairs]
    rules = AppointmentRules(minutes, 4, tuple(hours), 30)
    slots = day_slots(day, rules, ZONE)
    for start, end in slots:
        assert end - start == timedelta(minutes=minutes) and start.date() == day
        (opens, closes) = next(p for p in hours if p[0] <= start.time() < p[1])
        assert end.time() <= closes
        assert (start - at(day, opens.hour, opens.minute)) % timedelta(
            minutes=minutes
        ) == timedelta()
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(slots))
    expected = sum((b - a) // minutes for a, b in pairs)
    assert len(slots) == expected  # every slot that fits is offered


# -- a booking's slot ----------------------------------------------------------------------------


def test_a_slot_start_within_the_horizon_is_accepted() -> None:
    assert check_slot(at(SATURDAY, 10), NOW, DEFAULT_RULES, ZONE) == (
        at(SATURDAY, 10),
        at(SATURDAY, 10, 30),
    )
    later_today = at(date(2026, 11, 23), 9, 30)
    assert check_slot(later_today.astimezone(UTC), NOW, DEFAULT_RULES, ZONE)[0] == later_today
    last = date(2026, 12, 23)  # 30 days ahead
    assert check_slot(at(last, 16, 30), NOW, DEFAULT_RULES, ZONE)[0] == at(last, 16, 30)


@pytest.mark.parametrize(
    ("start", "code"),
    [
        (at(date(2026, 11, 23), 9), "appointment.past"),  # begins right now
        (at(date(2026, 11, 22), 10), "appointment.past"),
        (at(date(2026, 12, 24), 9), "appointment.too_far"),
        (at(SATURDAY, 10, 5), "appointment.off_grid"),
        (at(SATURDAY, 12), "appointment.off_grid"),  # the lunch break
        (at(SATURDAY, 8, 30), "appointment.off_grid"),
    ],
)
def test_a_bad_start_is_refused(start: datetime, code: str) -> None:
    refusal(code, check_slot, start, NOW, DEFAULT_RULES, ZONE)


def test_the_refusals_name_the_time_and_the_rule() -> None:
    far = refusal(
        "appointment.too_far", check_slot, at(date(2027, 1, 4), 9), NOW, DEFAULT_RULES, ZONE
    )
    assert "30" in far.message("zh_CN") and "2026-12-23" in far.message("zh_CN")
    grid = refusal(
        "appointment.off_grid", check_slot, at(SATURDAY, 10, 5), NOW, DEFAULT_RULES, ZONE
    )
    assert "2026-11-28 10:05" in grid.message("zh_CN") and "30" in grid.message("en")


# -- the person ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "phone", "cleaned"),
    [
        (" 张三 ", "", ("张三", "")),
        ("买买提·艾力", "138 1234 5678", ("买买提·艾力", "13812345678")),
        ("欧阳娜娜", "0591-8700-0101", ("欧阳娜娜", "059187000101")),
        ("Anna Lee", "+86 138-1234-5678", ("Anna Lee", "+8613812345678")),
        ("李四", "１３８１２３４５６７８", ("李四", "13812345678")),  # full-width digits
        ("王" * 50, "1234567", ("王" * 50, "1234567")),
    ],
)
def test_a_person_is_cleaned(name: str, phone: str, cleaned: tuple[str, str]) -> None:
    assert clean_person(name, phone) == cleaned


@pytest.mark.parametrize("name", ["", "   ", "王" * 51, "张\x00三", "张三\n李四", "张\u200b三"])
def test_a_bad_name_is_refused(name: str) -> None:
    refusal("appointment.bad_name", clean_person, name, "")


@pytest.mark.parametrize(
    "phone", ["123456", "1" * 21, "138-1234-567x", "++8613812345678", "(0591)87000101", "-1381234"]
)
def test_a_bad_phone_is_refused(phone: str) -> None:
    error = refusal("appointment.bad_phone", clean_person, "张三", phone)
    assert phone in error.message("zh_CN")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("059187000101", "059*****0101"),
        ("+8613812345678", "+861******5678"),
        ("87000101", "87****01"),
        ("1234567", "12***67"),
        ("", ""),
        ("12", "*2"),
    ],
)
def test_phones_are_masked(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@given(st.text(alphabet="0123456789", min_size=7, max_size=20))
def test_a_masked_phone_hides_at_least_a_third_and_keeps_its_length(digits: str) -> None:
    masked = mask_phone(digits)
    assert len(masked) == len(digits)
    assert masked.count("*") * 3 >= len(digits)


# -- the code and the state ----------------------------------------------------------------------


def test_the_code_names_the_day() -> None:
    assert appointment_code(SATURDAY, 7) == "YY261128007"
    assert appointment_code(SATURDAY, 1000) == "YY2611281000"
    assert read_code(" yy261128007\n") == "YY261128007"
    with pytest.raises(ValueError):
        appointment_code(SATURDAY, 0)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2068, 12, 31)), st.integers(1, 99_999))
def test_codes_are_distinct_and_carry_their_day(day: date, seq: int) -> None:
    code = appointment_code(day, seq)
    found = re.fullmatch(r"YY(\d{6})(\d{3,})", code)
    assert found is not None
    assert datetime.strptime(found.group(1), "%y%m%d").date() == day
    assert int(found.group(2)) == seq and read_code(code) == code
    assert appointment_code(day, seq + 1) != code


def test_the_state() -> None:
    end = at(SATURDAY, 10, 30)
    before, after = end - timedelta(minutes=1), end
    state = appointment_state
    assert state(checked_in=False, cancelled=False, slot_end=end, now=before) == "booked"
    assert state(checked_in=False, cancelled=False, slot_end=end, now=after) == "missed"
    assert state(checked_in=True, cancelled=False, slot_end=end, now=after) == "checked_in"
    assert state(checked_in=False, cancelled=True, slot_end=end, now=after) == "cancelled"
    assert state(checked_in=False, cancelled=True, slot_end=end, now=before) is (
        AppointmentState.CANCELLED
    )

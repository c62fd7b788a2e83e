"""The appointments report (预约统计, AppointmentService.report) on SQLite, PostgreSQL and
MariaDB: by the hall's day and by category, each state counted once, the show rate, the
period's bounds and its refusals.

The fake clock starts at Monday 2026-11-23 09:00 in the hall; the demo seeds eight imported
appointments today and eight tomorrow (categories A, B, C in turn, no phone), and its roster
opens A and B on Saturday 2026-11-28 and A, B and C on Sunday.
"""

from __future__ import annotations

from datetime import date

import pytest

from desk_client.services.app import Services
from desk_client.services.dto_appointments import AppointmentStatsRow
from tests.integration.test_appointments import at, refused
from tests.integration.test_appointments_no_show import set_clock

TODAY, TOMORROW = date(2026, 11, 23), date(2026, 11, 24)
FRIDAY, SATURDAY, SUNDAY = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 29)
NEXT_MONDAY = date(2026, 11, 30)


def a_weekend(services: Services) -> None:
    """Saturday: A 07:00 came, A 09:00 cancelled, A 09:30 missed, B 10:00 came; Sunday: C 16:30
    still to come; Monday A 00:00, just past the weekend. The clock then stands at Sunday 10:00.
    07:00 in the hall is 23:00 UTC on Friday: the report's day is the hall's."""
    services.appointments.update_settings(hours="00:00-12:00,13:30-17:00")
    book = services.appointments.book
    early = book("A", at(services, SATURDAY, 7), "甲", staff_id=None)
    gone = book("A", at(services, SATURDAY, 9), "乙", staff_id=None)
    book("A", at(services, SATURDAY, 9, 30), "丙", staff_id=None)
    came = book("B", at(services, SATURDAY, 10), "丁", staff_id=None)
    book("C", at(services, SUNDAY, 16, 30), "戊", staff_id=None)
    book("A", at(services, NEXT_MONDAY, 0), "己", staff_id=None)
    services.appointments.cancel(gone.code, staff_id=None)
    set_clock(services, at(services, SATURDAY, 6, 50))
    for made in (early, came):
        services.queue.check_in_appointment(made.code)
    set_clock(services, at(services, SUNDAY, 10))


def test_a_report_by_day_counts_each_state_once(services: Services) -> None:
    a_weekend(services)
    assert services.appointments.report(SATURDAY, SUNDAY) == (
        AppointmentStatsRow("2026-11-28", 4, 2, 1, 1, 2 / 3),
        AppointmentStatsRow("2026-11-29", 1, 0, 0, 0, None),
    )
    assert services.appointments.report(FRIDAY, FRIDAY, "day") == ()
    assert services.appointments.report(SUNDAY, SUNDAY) == (
        AppointmentStatsRow("2026-11-29", 1, 0, 0, 0, None),
    )
    # The demo's imported ones count as well: nobody came, so all missed.
    week = services.appointments.report(TODAY, SUNDAY)
    assert [row.key for row in week] == ["2026-11-23", "2026-11-24", "2026-11-28", "2026-11-29"]
    assert week[0] == AppointmentStatsRow("2026-11-23", 8, 0, 0, 8, 0.0)


def test_a_report_by_category(services: Services) -> None:
    a_weekend(services)
    assert services.appointments.report(SATURDAY, SUNDAY, "category") == (
        AppointmentStatsRow("A", 3, 1, 1, 1, 0.5),
        AppointmentStatsRow("B", 1, 1, 0, 0, 1.0),
        AppointmentStatsRow("C", 1, 0, 0, 0, None),
    )
    # Monday's eight and Tuesday's eight seeded, A B C in turn: A 3+3, B 3+2, C 2+3.
    seeded = services.appointments.report(TODAY, TOMORROW, "category")
    assert [(row.key, row.booked, row.missed) for row in seeded] == [
        ("A", 6, 6), ("B", 5, 5), ("C", 5, 5),
    ]  # fmt: skip


def test_a_slot_not_over_yet_is_not_missed(services: Services) -> None:
    made = services.appointments.book("A", at(services, TODAY, 16, 30), "甲", staff_id=None)
    set_clock(services, at(services, TODAY, 16, 59))
    (before,) = [r for r in services.appointments.report(TODAY, TODAY, "category") if r.key == "A"]
    set_clock(services, at(services, TODAY, 17))
    (after,) = [r for r in services.appointments.report(TODAY, TODAY, "category") if r.key == "A"]
    assert (before.booked, before.missed + 1) == (after.booked, after.missed) == (4, 4)
    assert services.appointments.find(made.code).state == "missed"


@pytest.mark.parametrize(
    ("start", "end", "by", "code"),
    [
        (SUNDAY, SATURDAY, "day", "appointment.report_range"),
        (date(2026, 1, 1), date(2027, 1, 2), "day", "appointment.report_range"),
        (SATURDAY, SUNDAY, "window", "appointment.report_by"),
    ],
)
def test_a_bad_period_is_refused(
    services: Services, start: date, end: date, by: str, code: str
) -> None:
    refused(code, services, services.appointments.report, start, end, by)


def test_a_year_is_reported(services: Services) -> None:
    year = services.appointments.report(date(2026, 1, 1), date(2027, 1, 1))  # 366 days
    assert sum(row.booked for row in year) == 16

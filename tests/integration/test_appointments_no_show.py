"""The no-show limit (爽约限制) on SQLite, PostgreSQL and MariaDB: a person (by phone) with the
hall's limit of missed appointments in its last days may not book at a window or from
desk-admin until the misses age out; cancelled and checked-in bookings are no misses, and the
platform's import is never refused.

The fake clock starts at Monday 2026-11-23 09:00 in the hall (hours 09:00-12:00 and
13:30-17:00, 30-minute slots); the demo roster opens A and B on Saturday 2026-11-28.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from tests.integration.test_appointments import at, refused

TODAY, TUESDAY, SATURDAY = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 28)
PHONE = "13800138000"


def set_clock(services: Services, moment: datetime) -> None:
    clock = services.clock
    assert isinstance(clock, FakeClock)
    clock.set(moment)


def misses_of_monday(services: Services, phone: str = PHONE) -> None:
    """On Monday, four bookings of ``phone``: 09:30 and 10:00 missed, 10:30 cancelled, 11:00
    checked in; the clock then stands at 17:30."""
    book = services.appointments.book
    made = [
        book("A", at(services, TODAY, *hm), "张三", phone, staff_id=None)
        for hm in ((9, 30), (10, 0))
    ]
    gone = book("A", at(services, TODAY, 10, 30), "张三", phone, staff_id=None)
    came = book("B", at(services, TODAY, 11), "张三", phone, staff_id=None)
    services.appointments.cancel(gone.code, staff_id=None)
    services.queue.check_in_appointment(came.code)
    set_clock(services, at(services, TODAY, 17, 30))
    assert [services.appointments.find(a.code).state for a in (*made, gone, came)] == [
        "missed", "missed", "cancelled", "checked_in",
    ]  # fmt: skip


def miss_on_tuesday(services: Services, phone: str = PHONE) -> None:
    services.appointments.book("A", at(services, TUESDAY, 9), "张三", phone, staff_id=None)
    set_clock(services, at(services, TUESDAY, 10))


def test_at_the_limit_booking_is_refused_until_the_misses_age_out(services: Services) -> None:
    services.appointments.update_settings(no_show_limit=3, no_show_days=30)
    misses_of_monday(services)
    # Two misses: below the limit; the cancelled and the checked-in ones are not misses.
    below = services.appointments.book("A", at(services, SATURDAY, 9), "张三", PHONE, staff_id=None)
    services.appointments.cancel(below.code, staff_id=None)  # a cancel is no miss either
    miss_on_tuesday(services)

    book = services.appointments.book
    saturday = at(services, SATURDAY, 10)
    error = refused("appointment.no_show_blocked", services, book, "A", saturday, "张三", PHONE,
                    staff_id=None)  # fmt: skip
    # The oldest of the three, Monday's, counts until 12-22: booking opens on 12-23.
    assert error.message("zh_CN") == (
        "电话 138****8000 的预约人近 30 天内爽约 3 次（满 3 次暂停预约），暂不能预约，"
        "2026-12-23 起可再预约"
    )
    assert "missed 3 appointments in the last 30 days" in error.message("en")
    # The phone as typed is normalised first; desk-admin's bookings are checked too.
    refused("appointment.no_show_blocked", services, book, "B", saturday, "张三",
            "138-0013-8000", staff_id=None, source="admin")  # fmt: skip

    set_clock(services, at(services, date(2026, 12, 22), 17, 30))
    refused("appointment.no_show_blocked", services, book, "A",
            at(services, date(2026, 12, 23), 9), "张三", PHONE, staff_id=None)  # fmt: skip
    set_clock(services, at(services, date(2026, 12, 23), 9))
    again = book("A", at(services, date(2026, 12, 23), 10), "张三", PHONE, staff_id=None)
    assert again.code == "YY261223001" and again.state == "booked"


def test_only_this_phones_misses_count_and_a_booking_without_a_phone_is_not_checked(
    services: Services,
) -> None:
    services.appointments.update_settings(no_show_limit=2)
    misses_of_monday(services)
    book = services.appointments.book
    saturday = at(services, SATURDAY, 10)
    refused("appointment.no_show_blocked", services, book, "A", saturday, "张三", PHONE,
            staff_id=None)  # fmt: skip
    assert book("A", saturday, "李四", "13900139000", staff_id=None).phone == "13900139000"
    assert book("A", saturday, "张三", staff_id=None).phone == ""  # nobody to count


def test_the_limit_off_never_refuses(services: Services) -> None:
    misses_of_monday(services)  # the limit off (the default): booked all the same
    miss_on_tuesday(services)
    services.appointments.update_settings(no_show_limit=1)
    saturday = at(services, SATURDAY, 10)
    with pytest.raises(DeskError):
        services.appointments.book("A", saturday, "张三", PHONE, staff_id=None)
    assert services.appointments.update_settings(no_show_limit=0).no_show_limit == 0
    made = services.appointments.book("A", saturday, "张三", PHONE, staff_id=None)
    assert made.code == "YY261128001"


def test_the_platforms_bookings_are_not_refused(services: Services, tmp_path: Path) -> None:
    """The platform booked them with the citizen already: the import records them, and so does
    a booking of source "import"."""
    services.appointments.update_settings(no_show_limit=2)
    misses_of_monday(services)
    path = tmp_path / "platform.csv"
    path.write_text(
        f"预约码,日期,时段,业务,姓名,电话\nWX-1128-001,2026-11-28,10:00,A,张三,{PHONE}\n",
        encoding="utf-8",
    )
    assert services.appointments.import_file(path).added == 1
    made = services.appointments.book(
        "B", at(services, SATURDAY, 10), "张三", PHONE, staff_id=None, source="import"
    )
    assert made.source == "import"
    assert {a.code for a in services.appointments.day(SATURDAY)} == {"WX-1128-001", made.code}

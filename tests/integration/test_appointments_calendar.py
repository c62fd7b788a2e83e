"""Booking ahead into a year whose holidays the hall has not imported (services.appointments,
on SQLite, PostgreSQL and MariaDB): refused until the year is imported, then booked by it.

The fake clock stands at Monday 2026-11-23 09:00; chinese-calendar knows 2004-2026 only, so
2027 is the hall's to import (the State Council publishes it each November).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desk_client.services.app import Services
from tests.integration.test_appointments import at, refused

NEW_YEAR_2027 = "日期,是否上班,说明\n2027-01-01,否,元旦\n2027-01-02,否,元旦\n2027-01-03,否,元旦\n"


def test_a_year_without_its_holidays_is_not_booked_until_they_are_imported(
    services: Services, tmp_path: Path
) -> None:
    services.appointments.update_settings(horizon_days=120)
    monday, new_year = date(2027, 1, 4), date(2027, 1, 1)
    error = refused(
        "appointment.calendar_missing", services, services.appointments.slots, "A", monday
    )
    assert error.message("zh_CN").startswith("尚未导入 2027 年的节假日安排，暂不能预约 2027-01-04")
    refused("appointment.calendar_missing", services, services.appointments.book, "A",
            at(services, new_year, 10), "张三", staff_id=None)  # fmt: skip

    path = tmp_path / "2027.csv"
    path.write_text(NEW_YEAR_2027, encoding="utf-8")
    services.calendar.import_file(path)
    services.calendar.refresh_cache()  # as the PC's next sync round does
    booked = services.appointments.book("A", at(services, monday, 10), "张三", staff_id=None)
    assert booked.code == "YY270104001"
    closed = refused("appointment.closed_day", services, services.appointments.slots, "A",
                     new_year)  # fmt: skip
    assert "（星期五，节假日）" in closed.message("zh_CN")

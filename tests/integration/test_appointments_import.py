"""The platform's appointments imported from its export (services.appointment_import,
`desk-admin appointments import`) on SQLite, PostgreSQL and MariaDB.

The fake clock stands at Monday 2026-11-23 09:00 in the hall (hours 09:00-12:00 and
13:30-17:00, 30-minute slots); the demo roster opens A and B on Saturday 2026-11-28 and
nothing on Saturday 2026-12-05.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desk_client.services.app import Services
from desk_client.services.appointment_import import AppointmentsInvalidError
from tests.integration.test_appointments import central, refused
from tests.integration.test_appointments_cli import config, run

__all__ = ["config"]  # the CLI's fixture, used below by name

TODAY, SATURDAY = date(2026, 11, 23), date(2026, 11, 28)
HEADER = "预约码,日期,时段,业务,姓名,电话\n"
PLATFORM = (
    HEADER + "WX-1128-001,2026-11-28,10:00-10:30,B,张三,13800138000\n"
    "WX-1128-002,2026-11-28,10:00-11:00,社保医保,李四,\n"
    ",2026-11-28,14:00,A,王五,0591-87000000\n"
    "WX-1123-001,2026-11-23,10:00-10:30,A,赵六,\n"
)


def write(tmp_path: Path, text: str, name: str = "platform.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(services: Services, day: date) -> list[tuple[str, str, str, str, str]]:
    """(slot, code, category, name, phone) of the day's imported rows, the demo's left out."""
    return [
        (f"{a.start:%H:%M}-{a.end:%H:%M}", a.code, a.category_code, a.name, a.phone)
        for a in services.appointments.day(day)
        if a.source == "import" and not a.code.startswith("YY00")
    ]


def test_the_platform_bookings_are_imported_with_their_codes_and_checked_in(
    services: Services, tmp_path: Path
) -> None:
    done = services.appointments.import_file(write(tmp_path, PLATFORM))
    assert (done.added, done.already) == (4, 0)
    assert imported(services, SATURDAY) == [
        ("10:00-10:30", "WX-1128-001", "B", "张三", "13800138000"),
        ("10:00-11:00", "WX-1128-002", "B", "李四", ""),
        ("14:00-14:30", "YY261128001", "A", "王五", "059187000000"),  # one slot; the hall's code
    ]
    ticket = services.queue.check_in_appointment("wx-1123-001").ticket  # as the SMS says
    assert ticket.number.startswith("A")
    (today,) = [a for a in services.appointments.day(TODAY) if a.code == "WX-1123-001"]
    assert (today.state, today.ticket_number) == ("checked_in", ticket.number)


def test_the_same_export_imported_again_adds_nothing(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, PLATFORM)
    services.appointments.import_file(path)
    before = central(services)
    done = services.appointments.import_file(path)
    assert (done.added, done.already) == (0, 4)
    assert central(services) == before


def test_the_platform_decides_capacity_and_its_bookings_fill_the_window_seats(
    services: Services, tmp_path: Path
) -> None:
    services.appointments.update_settings(per_slot=1)
    rows = "".join(f"P{i},2026-11-28,10:00-10:30,A,市民{i},\n" for i in range(3))
    rows += "P9,2026-11-28,10:10-10:50,A,市民9,\n"  # off the hall's grid: the platform's slot
    done = services.appointments.import_file(write(tmp_path, HEADER + rows))
    assert done.added == 4
    slots = {
        f"{s.start:%H:%M}": (s.booked, s.free) for s in services.appointments.slots("A", SATURDAY)
    }
    assert slots["10:00"] == (3, 0)
    start = services.appointments.slots("A", SATURDAY)[2].start
    assert f"{start:%H:%M}" == "10:00"
    refused("appointment.full", services, services.appointments.book, "A", start, "张三",
            staff_id=None)  # fmt: skip


def test_a_file_with_problems_lists_every_one_and_imports_nothing(
    services: Services, tmp_path: Path
) -> None:
    services.appointments.import_file(write(tmp_path, HEADER + "WX-9,2026-11-28,09:00,A,甲,\n"))
    text = HEADER + (
        "OK-1,2026-11-28,09:30,A,张三,\n"  # fine on its own
        "OK-2,2026-11-20,09:30,A,张三,\n"  # past
        "OK-3,2026-11-28,08:00-08:30,A,张三,\n"  # before the hall opens
        "OK-4,2026-11-28,11:30-12:30,A,张三,\n"  # runs past noon
        "OK-5,2026-12-05,10:00,A,张三,\n"  # the hall is closed that Saturday
        "WX-9,2026-11-28,09:00,B,甲,\n"  # the code holds another booking
        "OK-7,2026-11-28,9点,A,张三,\n"  # not a time
    )
    error = refused(
        "appointments.invalid", services, services.appointments.import_file, write(tmp_path, text)
    )
    assert isinstance(error, AppointmentsInvalidError)
    assert [(p.line, p.code) for p in error.problems] == [
        (8, "appointment_csv.bad_time"),  # the file's own problems come first
        (3, "appointment_csv.past_day"),
        (4, "appointment_csv.closed_hours"),
        (5, "appointment_csv.closed_hours"),
        (6, "appointment_csv.closed_day"),
        (7, "appointment_csv.code_taken"),
    ]
    for problem in error.problems:
        for language in ("zh_CN", "en"):
            assert "{" not in problem.message(language)
    assert error.problems[2].message() == (
        "第 4 行：08:00–08:30 不在大厅的预约开放时间（09:00-12:00,13:30-17:00）内"
    )


def test_a_file_that_is_not_utf8_or_missing_is_refused(services: Services, tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(PLATFORM.encode("gbk"))
    assert refused("cover_file.not_utf8", services, services.appointments.import_file, gbk)
    missing = tmp_path / "missing.csv"
    assert refused("cover_file.unreadable", services, services.appointments.import_file, missing)


def test_desk_admin_imports_and_prints_every_problem(
    services: Services, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, PLATFORM)
    status, out, _ = run(capsys, config, "appointments", "import", str(path), "--staff", "S001")
    assert (status, out) == (0, ["导入预约 4 条（此前已导入 0 条，未重复导入）"])
    assert services.appointments.find("WX-1128-001").booked_by_no == "S001"
    status, out, _ = run(capsys, config, "appointments", "import", str(path), "--json")
    assert status == 0 and out == ['{"ok": true, "added": 0, "already": 4}']
    bad = write(tmp_path, HEADER + "X,2026-11-28,10:00,Z,张三,\n", "bad.csv")
    status, out, err = run(capsys, config, "appointments", "import", str(bad), "--lang", "en")
    assert (status, out) == (1, [])
    assert err.splitlines() == [
        "The appointments file has 1 problems; nothing was imported:",
        "Line 2: there is no category 'Z' (give its code, e.g. A, or its name)",
    ]

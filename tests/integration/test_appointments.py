"""Appointments (预约) on SQLite, PostgreSQL and MariaDB: booking, the day's list, check-in at
the kiosk, cancelling, the slot's capacity (also under two windows at once), every refusal
changing nothing, the missed state, the hall's settings, and revision 0011.

The fake clock stands at Monday 2026-11-23 09:00 in the hall; the demo roster opens windows 1,
3 and 4 (categories A and B) on Saturday 2026-11-28 and window 6 (A, B, C) on Sunday.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services, build_services
from desk_client.services.dto_appointments import AppointmentSettingsView, AppointmentView
from desk_client.store import hall, migrate
from desk_client.store.db import make_engine
from desk_client.store.schema import (
    SCHEMA_VERSION,
    appointment_seq,
    appointment_settings,
    appointments,
    schema_info,
)
from tests.integration.conftest import BACKENDS, make_services

TODAY, SATURDAY, SUNDAY = date(2026, 11, 23), date(2026, 11, 28), date(2026, 11, 29)
NEXT_SATURDAY = date(2026, 12, 5)  # no roster: the hall is closed
CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/x"


def at(services: Services, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=services.context.zone)


def central(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every appointment row of the hall, its day counters and settings: what a refusal must
    leave as it was."""

    def work(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
        hall_id, _ = services.context.hall(conn)
        found = {}
        for table in (appointments, appointment_seq, appointment_settings):
            query = sa.select(table).where(table.c.hall_id == hall_id)
            found[table.name] = sorted(tuple(row) for row in conn.execute(query))
        return found

    return services.context.read(work)


def refused(
    code: str, services: Services, action: Callable[..., object], *args: Any, **kw: Any
) -> DeskError:
    """``action`` is refused with ``code``, in words in both languages, changing nothing."""
    before = central(services)
    with pytest.raises(DeskError) as caught:
        action(*args, **kw)
    assert caught.value.code == code, caught.value.message("en")
    assert central(services) == before, f"{code} changed something"
    for language in ("zh_CN", "en"):
        message = caught.value.message(language)
        assert message != code and "{" not in message, message
    return caught.value


def booked(services: Services, day: date, category: str | None = None) -> list[AppointmentView]:
    """The day's list without the demo's seeded appointments."""
    return [a for a in services.appointments.day(day, category) if a.source != "import"]


def clerk(services: Services, staff_no: str = "1001") -> int:
    return services.auth.staff_id(staff_no)


# -- the way through: book, list, check in ----------------------------------------------------


def test_a_booking_is_listed_then_checked_in_at_the_kiosk(services: Services) -> None:
    book = services.appointments.book
    first = book("b", at(services, TODAY, 10), " 张三 ", "138 1234 5678", staff_id=clerk(services))
    assert first.code == "YY261123001" and first.category_code == "B"
    assert (first.start, first.end) == (at(services, TODAY, 10), at(services, TODAY, 10, 30))
    assert (first.name, first.phone, first.phone_display) == ("张三", "13812345678", "138****5678")
    assert (first.state, first.source, first.booked_by_no, first.ticket_number) == (
        "booked", "window", "1001", "",
    )  # fmt: skip
    second = book("A", at(services, TODAY, 9, 30), "李四", staff_id=None, source="admin")
    assert second.code == "YY261123002" and second.phone == second.phone_display == ""
    listed = services.appointments.day(TODAY)
    assert [a.code for a in listed if a.source != "import"] == [second.code, first.code]
    seeded = [a for a in listed if a.source == "import"]  # the demo's, from before 0011
    assert len(seeded) == 8 and seeded[0].code == "YY0001" and seeded[0].state == "booked"
    assert [a.start for a in listed] == sorted(a.start for a in listed)
    assert [a.code for a in booked(services, TODAY, "B")] == [first.code]
    slots = {s.start: s for s in services.appointments.slots("B", TODAY)}
    assert (slots[first.start].booked, slots[first.start].capacity) == (1, 4)

    issued = services.queue.check_in_appointment(first.code.lower())
    assert issued.ticket.number == "B001"
    came = services.appointments.find(first.code)
    assert (came.state, came.ticket_number) == ("checked_in", "B001")
    assert booked(services, TODAY, "B") == [came]
    refused("appointment.used", services, services.appointments.cancel, first.code, staff_id=None)
    # A checked-in booking keeps its seat.
    assert services.appointments.slots("B", TODAY)[2].booked == 1


def test_a_weekend_visit_is_booked_on_a_weekday(services: Services) -> None:
    """5+2: Saturday serves A and B (windows 1, 3, 4), Sunday A, B and C (window 6)."""
    made = services.appointments.book("A", at(services, SATURDAY, 9), "王五", staff_id=None)
    assert made.code == "YY261128001" and made.start.date() == SATURDAY
    sunday = services.appointments.book("C", at(services, SUNDAY, 16, 30), "赵六", staff_id=None)
    assert sunday.code == "YY261129001"  # each day counts from 1
    assert len(services.appointments.slots("A", SATURDAY)) == 13


def test_a_cancelled_booking_frees_its_seat_and_cannot_be_checked_in(services: Services) -> None:
    made = services.appointments.book("A", at(services, TODAY, 11), "张三", staff_id=None)
    staff = clerk(services, "1002")
    gone = services.appointments.cancel(f" {made.code.lower()} ", staff_id=staff)
    assert gone.state == "cancelled" and gone.code == made.code
    assert booked(services, TODAY) == [gone]
    assert services.appointments.slots("A", TODAY)[4].booked == 0
    refused("appointment.cancelled", services, services.queue.check_in_appointment, made.code)
    refused(
        "appointment.cancelled", services, services.appointments.cancel, made.code, staff_id=None
    )
    refused(
        "appointment.not_found",
        services,
        services.appointments.cancel,
        "YY261123999",
        staff_id=None,
    )
    with pytest.raises(DeskError) as missing:
        services.appointments.find("YY000000001")
    assert missing.value.code == "appointment.not_found"


def test_the_check_in_link_is_never_written_on_a_cancelled_booking(services: Services) -> None:
    """store.hall.mark_checked_in's own guard, behind the row lock the check-in takes."""
    made = services.appointments.book("A", at(services, TODAY, 11), "张三", staff_id=None)
    services.appointments.cancel(made.code, staff_id=None)

    def link(conn: Connection) -> bool:
        hall_id, _ = services.context.hall(conn)
        row = hall.appointment_by_code(conn, hall_id, made.code)
        assert row is not None
        return hall.mark_checked_in(conn, row.id, 1)

    assert services.context.write(link) is False
    assert services.appointments.find(made.code).state == "cancelled"


def test_a_booking_not_checked_in_by_the_slots_end_is_missed(services: Services) -> None:
    clock = services.clock
    assert isinstance(clock, FakeClock)
    made = services.appointments.book("A", at(services, TODAY, 9, 30), "张三", staff_id=None)
    clock.set(at(services, TODAY, 9, 59))
    assert services.appointments.find(made.code).state == "booked"
    clock.set(at(services, TODAY, 10))
    assert services.appointments.find(made.code).state == "missed"
    refused("appointment.missed", services, services.appointments.cancel, made.code, staff_id=None)


# -- capacity ------------------------------------------------------------------------------------


def test_a_full_slot_is_refused_and_writes_nothing(services: Services) -> None:
    services.appointments.update_settings(per_slot=2)
    slot = at(services, SATURDAY, 10)
    for name in ("甲", "乙"):
        services.appointments.book("B", slot, name, staff_id=None)
    error = refused(
        "appointment.full", services, services.appointments.book, "B", slot, "丙", staff_id=None
    )
    assert error.message("zh_CN") == (
        "预约已满：2026-11-28 10:00–10:30 的 B 类业务已约满 2 人，请选其他时段"
    )
    # Another category's seats, and the next slot's, are not this slot's.
    assert services.appointments.book("A", slot, "丙", staff_id=None).code == "YY261128003"
    later = services.appointments.book("B", slot + timedelta(minutes=30), "丁", staff_id=None)
    assert later.code == "YY261128004"  # the refused booking took no number
    assert [s.free for s in services.appointments.slots("B", SATURDAY)][2:4] == [0, 1]
    # A cancelled booking gives its seat back; a checked-in one keeps it (first test).
    services.appointments.cancel("YY261128001", staff_id=None)
    assert services.appointments.book("B", slot, "丙", staff_id=None).code == "YY261128005"


def test_two_windows_booking_the_last_seat_at_once_never_both_win(
    services: Services, tmp_path: Path
) -> None:
    """Each of two PCs books the only seat of the same slot at the same moment, five slots
    over: the day's counter lock makes one wait, and it then finds the slot full."""
    if services.context.backend == "sqlite":
        pytest.skip("SQLite runs one write at a time: there is no race to lose")
    services.appointments.update_settings(per_slot=1)
    other = build_services(
        replace(services.config, local_store=str(tmp_path / "pc2.db")), services.clock
    )
    try:
        outcomes = [
            _race(services, other, at(services, SATURDAY, 9) + timedelta(minutes=30 * n))
            for n in range(5)
        ]
    finally:
        other.close()
    assert all(sorted(outcome) == ["YY", "appointment.full"] for outcome in outcomes), outcomes
    assert len(services.appointments.day(SATURDAY)) == 5


def _race(first: Services, second: Services, slot: datetime) -> list[str]:
    gate = threading.Barrier(2)
    outcomes: list[str] = []

    def book(pc: Services, name: str) -> None:
        gate.wait()
        try:
            outcomes.append(pc.appointments.book("B", slot, name, staff_id=None).code[:2])
        except DeskError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=book, args=pair) for pair in ((first, "甲"), (second, "乙"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


# -- every refusal changes nothing ---------------------------------------------------------------


#: (category, day, hour, minute, name, phone) -> the refusal
BAD_BOOKINGS = [
    (("A", TODAY, 9, 0, "张三", ""), "appointment.past"),  # begins now
    (("A", date(2026, 11, 20), 10, 0, "张三", ""), "appointment.past"),
    (("A", date(2026, 12, 24), 9, 0, "张三", ""), "appointment.too_far"),
    (("A", TODAY, 10, 10, "张三", ""), "appointment.off_grid"),
    (("A", TODAY, 12, 0, "张三", ""), "appointment.off_grid"),  # the lunch break
    (("C", SATURDAY, 10, 0, "张三", ""), "appointment.closed_day"),  # no window of C opens
    (("A", NEXT_SATURDAY, 10, 0, "张三", ""), "appointment.closed_day"),  # no roster
    (("A", TODAY, 10, 0, "  ", ""), "appointment.bad_name"),
    (("A", TODAY, 10, 0, "张\x07三", ""), "appointment.bad_name"),
    (("A", TODAY, 10, 0, "张三", "12345"), "appointment.bad_phone"),
    (("A", TODAY, 10, 0, "张三", "138x12345678"), "appointment.bad_phone"),
    (("Z", TODAY, 10, 0, "张三", ""), "queue.unknown_category"),
]


@pytest.mark.parametrize(("booking", "code"), BAD_BOOKINGS)
def test_a_bad_booking_is_refused_with_its_reason(
    services: Services, booking: tuple[str, date, int, int, str, str], code: str
) -> None:
    services.appointments.book("A", at(services, TODAY, 16), "已约", staff_id=None)  # a day counter
    category, day, hour, minute, name, phone = booking
    start = at(services, day, hour, minute)
    refused(code, services, services.appointments.book, category, start, name, phone, staff_id=None)


def test_a_closed_day_is_named_as_the_roster_page_names_it(services: Services) -> None:
    error = refused("appointment.closed_day", services, services.appointments.slots, "C", SATURDAY)
    assert error.message("zh_CN") == (
        "2026-11-28（星期六，休息日）大厅不办理 C 类业务，不能预约，请选其他日期"
    )
    assert "Saturday, weekend" in error.message("en")
    refused("queue.unknown_category", services, services.appointments.slots, "Z", SATURDAY)
    refused("queue.unknown_category", services, services.appointments.day, SATURDAY, "Z")


def test_holidays_are_closed_and_a_make_up_saturday_serves_everything(
    central_url: str, tmp_path: Path
) -> None:
    """National Day 2026: Thursday 10-01 is a holiday (no roster: closed), Saturday 10-10 a
    make-up working day (调休上班日) that serves every category with no weekend roster."""
    clock = FakeClock(datetime(2026, 9, 28, 1, 0, tzinfo=UTC))
    services = make_services(central_url, clock, tmp_path)
    try:
        holiday = at(services, date(2026, 10, 1), 10)
        error = refused(
            "appointment.closed_day",
            services,
            services.appointments.book,
            "A",
            holiday,
            "张三",
            staff_id=None,
        )
        assert "（星期四，节假日）" in error.message("zh_CN")
        makeup = services.appointments.book(
            "C", at(services, date(2026, 10, 10), 10), "张三", staff_id=None
        )
        assert makeup.code == "YY261010001"
    finally:
        services.close()


def test_booking_while_the_central_database_is_down_is_refused(services: Services) -> None:
    away = build_services(replace(services.config, database_url=CLOSED_PORT), services.clock)
    try:
        start = at(services, TODAY, 10)
        refused(
            "central.unreachable",
            services,
            away.appointments.book,
            "A",
            start,
            "张三",
            staff_id=None,
        )
    finally:
        away.close()


# -- the hall's settings -------------------------------------------------------------------------


def test_settings_round_trip(services: Services) -> None:
    rules = services.appointments
    assert rules.settings() == AppointmentSettingsView(30, 4, "09:00-12:00,13:30-17:00", 30)
    changed = rules.update_settings(slot_minutes=20, hours=" 8:30-11:30，14:00-16:00 ")
    assert changed == AppointmentSettingsView(20, 4, "08:30-11:30,14:00-16:00", 30)
    assert rules.update_settings(per_slot=6, horizon_days=60) == replace(
        changed, per_slot=6, horizon_days=60
    )
    assert rules.settings() == AppointmentSettingsView(20, 6, "08:30-11:30,14:00-16:00", 60)
    limited = rules.update_settings(no_show_limit=3, no_show_days=30)
    assert limited == AppointmentSettingsView(20, 6, "08:30-11:30,14:00-16:00", 60, 3, 30)
    assert rules.update_settings(per_slot=6) == limited  # the limit kept
    slots = rules.slots("A", TODAY)
    assert (slots[0].start, slots[0].end) == (
        at(services, TODAY, 8, 30),
        at(services, TODAY, 8, 50),
    )
    assert len(slots) == 9 + 6 and {s.capacity for s in slots} == {6}
    far = rules.book("A", at(services, date(2026, 12, 28), 14, 20), "张三", staff_id=None)
    assert far.end == at(services, date(2026, 12, 28), 14, 40)


@pytest.mark.parametrize(
    "change",
    [
        {"slot_minutes": 4},
        {"per_slot": 0},
        {"horizon_days": 367},
        {"hours": "17:00-09:00"},
        {"slot_minutes": 200},  # longer than the morning's three hours
        {"no_show_limit": 21},
        {"no_show_limit": -1},
        {"no_show_days": 0},
    ],
)
def test_bad_settings_are_refused_and_change_nothing(
    services: Services, change: dict[str, Any]
) -> None:
    services.appointments.update_settings(per_slot=3)
    refused("appointment.bad_settings", services, services.appointments.update_settings, **change)
    assert services.appointments.settings().per_slot == 3


# -- revision 0011 -------------------------------------------------------------------------------


NEW_TABLES = {"appointment_settings", "appointment_seq"}
NEW_COLUMNS = {
    "phone", "source", "booked_at", "booked_by", "cancelled_at", "cancelled_by", "replaces",
}  # fmt: skip
NEW_INDEXES = {"ix_appointments_slot", "ix_appointments_phone"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_revision_0011_up_and_down(backend: str, scratch_database: object, tmp_path: Path) -> None:
    """Down to 0010 and up again: the booking tables and columns go and come back, and an
    appointment made before (the demo's kind) becomes an imported one."""
    assert callable(scratch_database)
    engine = make_engine(scratch_database(backend, tmp_path))
    try:
        migrate.upgrade(engine, "central", "0010")
        with engine.begin() as conn:
            _old_appointment(conn)
        migrate.upgrade(engine, "central")
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            assert set(inspector.get_table_names()) >= NEW_TABLES
            assert {i["name"] for i in inspector.get_indexes("appointments")} >= NEW_INDEXES
            settings = {c["name"] for c in inspector.get_columns("appointment_settings")}
            assert settings >= {"no_show_limit", "no_show_days"}
            assert {c["name"] for c in inspector.get_columns("appointments")} >= NEW_COLUMNS
            assert conn.execute(sa.select(appointments.c.source, appointments.c.phone)).one() == (
                "import",
                None,
            )
            assert (
                conn.execute(sa.select(schema_info.c.value)).scalar_one()
                == SCHEMA_VERSION
                == "0011"
            )
        migrate.downgrade(engine, "central", "0010")
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            assert not NEW_TABLES & set(inspector.get_table_names())
            columns = {c["name"] for c in inspector.get_columns("appointments")}
            assert not NEW_COLUMNS & columns and "checked_in_ticket_id" in columns
            assert not NEW_INDEXES & {i["name"] for i in inspector.get_indexes("appointments")}
            assert conn.execute(sa.select(schema_info.c.value)).scalar_one() == "0010"
            assert conn.execute(sa.text("SELECT code FROM appointments")).scalar_one() == "YY0001"
        migrate.upgrade(engine, "central")
    finally:
        engine.dispose()


def _old_appointment(conn: Connection) -> None:
    """A hall, a category and an appointment as revision 0010 stores them."""
    conn.execute(
        sa.text(
            "INSERT INTO halls (id, code, name, timezone) VALUES (1, 'h', 'H', 'Asia/Shanghai')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO categories (id, hall_id, code, name, prefix) VALUES (1, 1, 'A', 'A', 'A')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO appointments (hall_id, code, category_id, slot_start, slot_end, name)"
            " VALUES (1, 'YY0001', 1, :start, :end, '张三')"
        ),
        {"start": datetime(2026, 11, 23, 2, 0), "end": datetime(2026, 11, 23, 2, 30)},
    )

"""改约 (AppointmentService.reschedule) on SQLite, PostgreSQL and MariaDB: a booking moves to
another slot in one write transaction, the new one booked under every rule of book and the
old one cancelled; a refused move changes nothing, so the citizen keeps the seat they had.

The fake clock stands at Monday 2026-11-23 09:00 in the hall; the demo roster opens A and B
on Saturday 2026-11-28 and A, B and C on Sunday; Saturday 2026-12-05 has no roster (closed).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services, build_services
from desk_client.services.dto_appointments import AppointmentView
from desk_client.store.schema import appointments
from tests.integration.test_appointments import at, clerk, refused

TODAY, SATURDAY, SUNDAY = date(2026, 11, 23), date(2026, 11, 28), date(2026, 11, 29)
NEXT_SATURDAY = date(2026, 12, 5)
PHONE = "13812345678"


def seats(services: Services, category: str, day: date) -> dict[str, int]:
    """The day's slots' bookings by start time, those with any."""
    return {
        f"{s.start:%H:%M}": s.booked for s in services.appointments.slots(category, day) if s.booked
    }


def cancelled_by(services: Services, code: str) -> int | None:
    def work(conn: Connection) -> int | None:
        a = appointments.c
        hall_id, _ = services.context.hall(conn)
        query = sa.select(a.cancelled_by).where(a.hall_id == hall_id, a.code == code)
        return conn.execute(query).scalar_one()

    result: int | None = services.context.read(work)
    return result


def saturday_booking(services: Services, hour: int = 10, name: str = "张三") -> AppointmentView:
    return services.appointments.book(
        "B", at(services, SATURDAY, hour), name, PHONE, staff_id=clerk(services, "1001")
    )


def test_a_reschedule_moves_the_seat_to_a_new_code(services: Services) -> None:
    old = saturday_booking(services)
    staff = clerk(services, "1003")
    new = services.appointments.reschedule(
        f" {old.code.lower()} ", at(services, SUNDAY, 10), staff_id=staff
    )
    assert new.code == "YY261129001" and new.replaces == old.code  # the code names its day
    assert (new.start, new.end) == (at(services, SUNDAY, 10), at(services, SUNDAY, 10, 30))
    assert (new.category_code, new.name, new.phone) == ("B", "张三", PHONE)
    assert (new.state, new.source, new.booked_by_no) == ("booked", "window", "1003")
    assert services.appointments.find(new.code) == new
    gone = services.appointments.find(old.code)
    assert (gone.state, gone.replaces) == ("cancelled", "")
    assert cancelled_by(services, old.code) == staff
    assert seats(services, "B", SATURDAY) == {} and seats(services, "B", SUNDAY) == {"10:00": 1}
    assert [(a.code, a.state) for a in services.appointments.day(SUNDAY)] == [(new.code, "booked")]
    # Moved once, the old code is a cancelled one; the new one moves on like any booking.
    refused(
        "appointment.cancelled", services, services.appointments.reschedule, old.code,
        at(services, SUNDAY, 11), staff_id=None,
    )  # fmt: skip
    again = services.appointments.reschedule(
        new.code, datetime(2026, 11, 28, 14, 0), staff_id=None, source="admin"
    )  # a naive time is the hall's
    assert (again.code, again.replaces, again.source) == ("YY261128002", new.code, "admin")
    assert again.start == at(services, SATURDAY, 14)


def test_the_capacity_counts_the_moved_seat_where_it_went(services: Services) -> None:
    """One seat a slot: 张三 leaves 10:00 for 10:30, so 李四 can have 10:00 but not 10:30."""
    services.appointments.update_settings(per_slot=1)
    old = saturday_booking(services)
    moved = services.appointments.reschedule(
        old.code, at(services, SATURDAY, 10, 30), staff_id=None
    )
    assert moved.code == "YY261128002"
    assert seats(services, "B", SATURDAY) == {"10:30": 1}
    other = saturday_booking(services, name="李四")
    assert other.code == "YY261128003"
    refused(
        "appointment.full", services, services.appointments.reschedule, other.code,
        at(services, SATURDAY, 10, 30), staff_id=None,
    )  # fmt: skip
    assert seats(services, "B", SATURDAY) == {"10:00": 1, "10:30": 1}


#: Where the move is refused to: (day, hour, minute) -> the refusal. The booking is
#: Saturday's B at 10:00; Sunday's 10:00 is full (one seat a slot, taken).
BAD_TARGETS = [
    ((SUNDAY, 10, 0), "appointment.full"),
    ((NEXT_SATURDAY, 10, 0), "appointment.closed_day"),  # no roster that day
    ((TODAY, 9, 0), "appointment.past"),  # begun
    ((date(2026, 12, 24), 9, 0), "appointment.too_far"),
    ((SUNDAY, 10, 10), "appointment.off_grid"),
    ((SATURDAY, 10, 0), "appointment.same_slot"),
]


@pytest.mark.parametrize(("target", "code"), BAD_TARGETS)
def test_a_refused_target_changes_nothing_and_the_old_stays_booked(
    services: Services, target: tuple[date, int, int], code: str
) -> None:
    services.appointments.update_settings(per_slot=1)
    services.appointments.book("B", at(services, SUNDAY, 10), "王五", staff_id=None)
    old = saturday_booking(services)
    day, hour, minute = target
    error = refused(
        code, services, services.appointments.reschedule, old.code,
        at(services, day, hour, minute), staff_id=clerk(services, "1003"),
    )  # fmt: skip
    assert services.appointments.find(old.code).state == "booked"
    if code == "appointment.same_slot":
        assert error.message("zh_CN") == (
            f"{old.code} 已约在 2026-11-28 10:00 这个时段，改约请选另一个时段"
        )
    # The refused move took no number: the next booking of Sunday is its second.
    later = services.appointments.book("B", at(services, SUNDAY, 11), "赵六", staff_id=None)
    assert later.code == "YY261129002"


def test_a_year_without_its_holidays_and_the_no_show_limit_refuse_a_move(
    services: Services,
) -> None:
    """The rules book applies beyond the slot: the calendar known, the person not suspended."""
    clock = services.clock
    assert isinstance(clock, FakeClock)
    services.appointments.update_settings(horizon_days=120, no_show_limit=1)
    old = saturday_booking(services)
    refused(
        "appointment.calendar_missing", services, services.appointments.reschedule, old.code,
        at(services, date(2027, 1, 4), 10), staff_id=None,
    )  # fmt: skip
    services.appointments.book("A", at(services, TODAY, 9, 30), "张三", PHONE, staff_id=None)
    clock.set(at(services, TODAY, 10))  # 09:30's slot ended: a miss
    refused(
        "appointment.no_show_blocked", services, services.appointments.reschedule, old.code,
        at(services, SUNDAY, 10), staff_id=None,
    )  # fmt: skip
    assert services.appointments.find(old.code).state == "booked"


def test_only_a_booked_appointment_is_moved(services: Services) -> None:
    clock = services.clock
    assert isinstance(clock, FakeClock)
    move = services.appointments.reschedule
    sunday = at(services, SUNDAY, 10)
    came = services.appointments.book("A", at(services, TODAY, 14), "王五", staff_id=None)
    services.queue.check_in_appointment(came.code)
    refused("appointment.used", services, move, came.code, sunday, staff_id=None)
    gone = saturday_booking(services)
    services.appointments.cancel(gone.code, staff_id=None)
    refused("appointment.cancelled", services, move, gone.code, sunday, staff_id=None)
    missed = services.appointments.book("A", at(services, TODAY, 9, 30), "赵六", staff_id=None)
    clock.set(at(services, TODAY, 10))
    refused("appointment.missed", services, move, missed.code, sunday, staff_id=None)
    refused("appointment.not_found", services, move, "YY261128999", sunday, staff_id=None)
    assert services.appointments.day(SUNDAY) == ()


def test_two_windows_moving_one_booking_at_once_move_it_once(
    services: Services, tmp_path: Path
) -> None:
    """Two PCs move the same booking at the same moment, five times over: the old one's row
    lock makes one wait, and it then finds the booking cancelled (moved) and books nothing."""
    if services.context.backend == "sqlite":
        pytest.skip("SQLite runs one write at a time: there is no race to lose")
    other = build_services(
        replace(services.config, local_store=str(tmp_path / "pc2.db")), services.clock
    )
    try:
        outcomes = []
        for n in range(5):
            old = services.appointments.book(
                "B", at(services, SATURDAY, 9) + timedelta(minutes=30 * n), f"甲{n}", staff_id=None
            )
            target = at(services, SUNDAY, 9) + timedelta(minutes=30 * n)
            outcomes.append(_race(services, other, old.code, target))
    finally:
        other.close()
    assert all(sorted(o) == ["YY", "appointment.cancelled"] for o in outcomes), outcomes
    assert len(services.appointments.day(SUNDAY)) == 5
    assert {a.state for a in services.appointments.day(SATURDAY)} == {"cancelled"}


def _race(first: Services, second: Services, code: str, target: datetime) -> list[str]:
    gate = threading.Barrier(2)
    outcomes: list[str] = []

    def move(pc: Services) -> None:
        gate.wait()
        try:
            outcomes.append(pc.appointments.reschedule(code, target, staff_id=None).code[:2])
        except DeskError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=move, args=(pc,)) for pc in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes

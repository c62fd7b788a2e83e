"""Booking a slot under the hall's rules, in a caller's write transaction: what
AppointmentService.book and .reschedule (改约) share, so a moved appointment passes every
check a new one does.

:meth:`Booker.insert` reads the hall's rules, checks the slot (begun, beyond the horizon, off
the grid) and the day (served by the roster as the kiosk reads it, its year's holidays
known), the person's recent misses (爽约限制) unless the platform booked it, then takes the
day's counter row, whose lock held to the commit serialises the day's bookings
(store.appointments_repo), and only then counts the slot's seats. The first rule broken is
raised as a DeskError and the caller's transaction rolls back whatever it wrote, the counter
included, so a refusal leaves no trace and codes have no gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.engine import Connection

from desk_client.core.appointments import (
    AppointmentRules,
    AppointmentState,
    appointment_code,
    appointment_state,
    check_no_shows,
    check_slot,
    make_rules,
    no_show_since,
)
from desk_client.core.errors import DeskError
from desk_client.core.messages_appointments import DAY_KIND_NAMES, WEEKDAY_NAMES
from desk_client.core.numbering import day_bounds
from desk_client.services.context import Context
from desk_client.store import appointments_repo as repo
from desk_client.store import hall
from desk_client.store.db import AnyRow

SOURCES = ("window", "admin", "import")


class DaysServed(Protocol):
    """What booking needs of the roster (services.roster.RosterSettings)."""

    def categories_served(self, day: date) -> tuple[str, ...]: ...

    def day_kind(self, day: date) -> str: ...

    def calendar_knows(self, day: date) -> bool: ...


@dataclass(frozen=True)
class Booking:
    """A booking to make: ``start`` aware, ``name`` and ``phone`` as
    core.appointments.clean_person returns them ("" for no phone); ``replaces`` the code of
    the appointment it moves (改约), None for a new one."""

    category_code: str
    start: datetime
    name: str
    phone: str
    source: str
    staff_id: int | None
    replaces: str | None = None

    def __post_init__(self) -> None:
        if self.source not in SOURCES:  # a caller's mistake, not the citizen's
            raise ValueError(f"unknown appointment source {self.source!r}")


class Booker:
    """The hall's booking rules over one connection: read, check, insert."""

    def __init__(self, ctx: Context, roster: DaysServed) -> None:
        self._ctx = ctx
        self._roster = roster

    def insert(self, conn: Connection, booking: Booking) -> str:
        """Check ``booking`` against everything and insert it; its code. Nothing is checked
        outside ``conn``'s transaction, so a settings change or another window's booking
        since the clerk looked at the slots cannot slip past."""
        hall_id, category = self.category(conn, booking.category_code)
        rules = self.rules(conn)
        slot_start, slot_end = check_slot(booking.start, self._ctx.now(), rules, self._ctx.zone)
        day = slot_start.date()
        self.open(day, category.code)
        if booking.source != "import":
            self._no_shows(conn, hall_id, booking.phone, rules)
        seq = repo.next_code_seq(conn, hall_id, day)  # the day's lock, held to the commit
        _seat_left(conn, hall_id, category, (slot_start, slot_end), rules.per_slot)
        code = appointment_code(day, seq)
        repo.insert_appointment(
            conn, hall_id=hall_id, code=code, category_id=category.id, slot_start=slot_start,
            slot_end=slot_end, name=booking.name, phone=booking.phone or None,
            source=booking.source, booked_at=self._ctx.now(), booked_by=booking.staff_id,
            replaces=booking.replaces,
        )  # fmt: skip
        return code

    def rules(self, conn: Connection, *, lock: bool = False) -> AppointmentRules:
        """The hall's rules (the defaults without a settings row)."""
        row = repo.settings_row(conn, self._ctx.hall(conn)[0], lock=lock)
        if row is None:
            return AppointmentRules()
        return make_rules(**row._mapping)

    def category(self, conn: Connection, code: str) -> tuple[int, AnyRow]:
        hall_id, _ = self._ctx.hall(conn)
        row = hall.category_by_code(conn, hall_id, code.strip().upper())
        if row is None:
            raise DeskError("queue.unknown_category", category=code)
        return hall_id, row

    def open(self, day: date, category: str) -> None:
        """Refuse a day that does not serve the category (a weekend whose roster opens no
        window of it, a holiday), naming the day as the roster page does; and a day of a
        year whose holidays the hall has not imported yet (the State Council publishes them
        each November): a citizen must not be booked onto what turns out a holiday."""
        if not self._roster.calendar_knows(day):
            raise DeskError("appointment.calendar_missing", year=day.year, day=day.isoformat())
        if category in self._roster.categories_served(day):
            return
        kind, kind_en = DAY_KIND_NAMES[self._roster.day_kind(day)]
        weekday, weekday_en = WEEKDAY_NAMES[day.weekday()]
        raise DeskError(
            "appointment.closed_day", day=day.isoformat(), category=category,
            kind=f"{weekday}，{kind}", kind_en=f"{weekday_en}, {kind_en}",
        )  # fmt: skip

    def state(self, row: AnyRow) -> AppointmentState:
        return appointment_state(
            checked_in=row.checked_in_ticket_id is not None,
            cancelled=row.cancelled_at is not None,
            slot_end=row.slot_end,
            now=self._ctx.now(),
        )

    def _no_shows(
        self, conn: Connection, hall_id: int, phone: str, rules: AppointmentRules
    ) -> None:
        """爽约限制: refuse the person booking with ``phone`` when their misses of the last
        days reach the hall's limit (core.appointments.check_no_shows); no phone, no check."""
        if not phone or rules.no_show_limit == 0:
            return
        zone, today = self._ctx.zone, self._ctx.today()
        since = day_bounds(no_show_since(today, rules.no_show_days), zone)[0]
        missed = [
            row.slot_start.astimezone(zone).date()
            for row in repo.person_bookings(conn, hall_id, phone, since)
            if self.state(row) is AppointmentState.MISSED
        ]
        check_no_shows(missed, today, rules, phone)


def _seat_left(
    conn: Connection,
    hall_id: int,
    category: AnyRow,
    slot: tuple[datetime, datetime],
    capacity: int,
) -> None:
    """Refuse a slot whose seats are taken (appointment.full names the slot and capacity);
    call it holding the day's counter lock, or another window's booking may be missed."""
    if repo.booked_count(conn, hall_id, category.id, slot[0]) >= capacity:
        start, end = slot
        raise DeskError(
            "appointment.full", day=start.date().isoformat(), start=f"{start:%H:%M}",
            end=f"{end:%H:%M}", category=category.code, capacity=capacity,
        )  # fmt: skip

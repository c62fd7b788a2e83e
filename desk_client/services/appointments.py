"""Appointments (预约): a clerk or desk-admin books a citizen's visit, cancels it, and reads
the day's list with who came; the kiosk checks them in (services.queue).

Booking is central, like the roster edit: it needs every window's bookings of the slot, so
an unreachable central database refuses it (``central.unreachable``) and nothing is kept on
the PC. ``book`` checks the request against the hall's rules read inside its own write
transaction, under the day's counter lock (store.appointments_repo), so a settings change or
another window's booking between a clerk's look at the slots and the press of the button
cannot slip past the capacity. A day serves a category as the kiosk does
(services.roster.categories_served): every category on a working day, a make-up Saturday
(调休上班日) included; on a weekend or holiday those of the windows the roster opens. A hall
may suspend booking for a person who missed too many appointments lately (爽约限制, the
``no_show_limit`` setting), and reads its appointments by state in :meth:`report` (预约统计,
services.appointment_stats).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.engine import Connection

from desk_client.core.appointments import (
    AppointmentRules,
    AppointmentState,
    appointment_code,
    appointment_state,
    check_no_shows,
    check_report_request,
    check_slot,
    clean_person,
    day_slots,
    make_rules,
    mask_phone,
    no_show_since,
    read_code,
)
from desk_client.core.errors import DeskError
from desk_client.core.messages_appointments import DAY_KIND_NAMES, WEEKDAY_NAMES
from desk_client.core.numbering import day_bounds
from desk_client.services import appointment_import, appointment_stats
from desk_client.services.appointment_import import AppointmentsInvalidError
from desk_client.services.context import Context
from desk_client.services.dto_appointments import (
    AppointmentSettingsView,
    AppointmentStatsRow,
    AppointmentView,
    ImportedFile,
    SlotView,
)
from desk_client.store import appointments_repo as repo
from desk_client.store import hall
from desk_client.store.db import AnyRow

SOURCES = ("window", "admin", "import")
#: Why a booking that is not booked any more cannot be cancelled.
NOT_CANCELLABLE = {
    AppointmentState.CHECKED_IN: "appointment.used",
    AppointmentState.CANCELLED: "appointment.cancelled",
    AppointmentState.MISSED: "appointment.missed",
}


class DaysServed(Protocol):
    """What booking needs of the roster (services.roster.RosterSettings)."""

    def categories_served(self, day: date) -> tuple[str, ...]: ...

    def day_kind(self, day: date) -> str: ...

    def calendar_knows(self, day: date) -> bool: ...


class AppointmentService:
    def __init__(self, ctx: Context, roster: DaysServed) -> None:
        self._ctx = ctx
        self._roster = roster

    # -- the hall's rules -----------------------------------------------------------------

    def settings(self) -> AppointmentSettingsView:
        return _settings_view(self._ctx.read(self._rules))

    def update_settings(
        self,
        *,
        slot_minutes: int | None = None,
        per_slot: int | None = None,
        hours: str | None = None,
        horizon_days: int | None = None,
        no_show_limit: int | None = None,
        no_show_days: int | None = None,
    ) -> AppointmentSettingsView:
        """Change the given settings (None: unchanged). The result is checked whole
        (appointment.bad_settings names the field); bookings already made stay as they are."""
        given: dict[str, Any] = {
            "slot_minutes": slot_minutes, "per_slot": per_slot, "hours": hours,
            "horizon_days": horizon_days, "no_show_limit": no_show_limit,
            "no_show_days": no_show_days,
        }  # fmt: skip

        def work(conn: Connection) -> AppointmentRules:
            current = _stored(self._rules(conn, lock=True))
            merged = {
                name: current[name] if value is None else value for name, value in given.items()
            }
            rules = make_rules(**merged)
            repo.save_settings(conn, self._ctx.hall(conn)[0], _stored(rules))
            return rules

        return _settings_view(self._ctx.write(work))

    # -- slots and booking ----------------------------------------------------------------

    def slots(self, category_code: str, day: date) -> tuple[SlotView, ...]:
        """Every slot of ``day`` with its bookings of the category and capacity."""

        def work(conn: Connection) -> tuple[SlotView, ...]:
            hall_id, category = self._category(conn, category_code)
            self._open(day, category.code)
            rules = self._rules(conn)
            span = day_bounds(day, self._ctx.zone)
            counts = repo.slot_counts(conn, hall_id, category.id, span)
            return tuple(
                SlotView(start, end, counts.get(start, 0), rules.per_slot)
                for start, end in day_slots(day, rules, self._ctx.zone)
            )

        return self._ctx.read(work)

    def book(
        self,
        category_code: str,
        start: datetime,
        name: str,
        phone: str = "",
        *,
        staff_id: int | None,
        source: str = "window",
    ) -> AppointmentView:
        """Book the slot beginning at ``start`` (a naive time is read in the hall's zone).
        Everything is checked inside the write: nothing is written unless all holds. With the
        hall's no-show limit on, a person whose phone has that many recent misses is refused
        (appointment.no_show_blocked); a booking without a phone names nobody to count and
        is not checked, nor one of source "import" (the platform booked it already)."""
        if source not in SOURCES:
            raise ValueError(f"unknown appointment source {source!r}")
        person, phone_no = clean_person(name, phone)
        moment = start if start.tzinfo is not None else start.replace(tzinfo=self._ctx.zone)

        def work(conn: Connection) -> AppointmentView:
            hall_id, category = self._category(conn, category_code)
            rules = self._rules(conn)
            slot_start, slot_end = check_slot(moment, self._ctx.now(), rules, self._ctx.zone)
            day = slot_start.date()
            self._open(day, category.code)
            if source != "import":
                self._no_shows(conn, hall_id, phone_no, rules)
            seq = repo.next_code_seq(conn, hall_id, day)  # the day's lock, held to the commit
            _seat_left(conn, hall_id, category, (slot_start, slot_end), rules.per_slot)
            code = appointment_code(day, seq)
            repo.insert_appointment(
                conn, hall_id=hall_id, code=code, category_id=category.id,
                slot_start=slot_start, slot_end=slot_end, name=person, phone=phone_no or None,
                source=source, booked_at=self._ctx.now(), booked_by=staff_id,
            )  # fmt: skip
            return self._found(conn, hall_id, code)

        return self._ctx.write(work)

    def cancel(self, code: str, *, staff_id: int | None) -> AppointmentView:
        """Cancel a booking that is still booked; a checked-in, cancelled or missed one is
        refused (appointment.used / .cancelled / .missed). Its seat is free again."""
        wanted = read_code(code)

        def work(conn: Connection) -> AppointmentView:
            hall_id, _ = self._ctx.hall(conn)
            row = repo.lock_by_code(conn, hall_id, wanted)
            if row is None:
                raise DeskError("appointment.not_found", code=wanted)
            state = self._state(row)
            if state in NOT_CANCELLABLE:
                raise DeskError(NOT_CANCELLABLE[state], code=wanted)
            repo.mark_cancelled(conn, row.id, self._ctx.now(), staff_id)
            return self._found(conn, hall_id, wanted)

        return self._ctx.write(work)

    def import_file(self, path: str | Path, *, staff_id: int | None = None) -> ImportedFile:
        """The platform's bookings from a file (services.appointment_import), all or nothing:
        AppointmentsInvalidError lists every problem by line, and then nothing changed."""
        text = appointment_import.read_file(path)

        def work(conn: Connection) -> ImportedFile:
            where = self._import_hall(conn)
            planned, problems = appointment_import.check_rows(conn, where, text)
            if problems:
                raise AppointmentsInvalidError(tuple(problems))
            added = appointment_import.insert_planned(
                conn, where, planned, self._ctx.now(), staff_id
            )
            return ImportedFile(added, len(planned) - added)

        return self._ctx.write(work)

    def _import_hall(self, conn: Connection) -> appointment_import.Hall:
        hall_id, _ = self._ctx.hall(conn)
        served = functools.cache(self._roster.categories_served)
        return appointment_import.Hall(
            hall_id, self._ctx.zone, self._ctx.today(), self._rules(conn),
            {str(row.code): int(row.id) for row in hall.hall_categories(conn, hall_id)},
            lambda day, category: category in served(day),
        )  # fmt: skip

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
            if self._state(row) is AppointmentState.MISSED
        ]
        check_no_shows(missed, today, rules, phone)

    # -- what lists show ------------------------------------------------------------------

    def day(self, day: date, category_code: str | None = None) -> tuple[AppointmentView, ...]:
        """The appointments of ``day`` (every state), by start time then code."""

        def work(conn: Connection) -> tuple[AppointmentView, ...]:
            hall_id, _ = self._ctx.hall(conn)
            category_id = None
            if category_code is not None:
                category_id = self._category(conn, category_code)[1].id
            span = day_bounds(day, self._ctx.zone)
            return tuple(self._view(row) for row in repo.day_rows(conn, hall_id, span, category_id))

        return self._ctx.read(work)

    def find(self, code: str) -> AppointmentView:
        def work(conn: Connection) -> AppointmentView:
            return self._found(conn, self._ctx.hall(conn)[0], read_code(code))

        return self._ctx.read(work)

    def report(self, start: date, end: date, by: str = "day") -> tuple[AppointmentStatsRow, ...]:
        """预约统计: the appointments whose slot's day is in [start, end] counted by state, one
        row a day or a category (``by``) that has any, in order; appointment.report_range for
        a period running backwards or longer than 366 days, appointment.report_by."""
        check_report_request(start, end, by)
        zone = self._ctx.zone
        span = (day_bounds(start, zone)[0], day_bounds(end, zone)[1])

        def work(conn: Connection) -> Sequence[AnyRow]:
            hall_id, _ = self._ctx.hall(conn)
            group = "slot" if by == "day" else by
            return repo.state_counts(conn, hall_id, span, self._ctx.now(), group)

        found = self._ctx.read(work)
        if by == "day":
            return appointment_stats.by_day(found, zone)
        return appointment_stats.by_category(found)

    # -- helpers --------------------------------------------------------------------------

    def _rules(self, conn: Connection, *, lock: bool = False) -> AppointmentRules:
        """The hall's rules (the defaults without a settings row)."""
        row = repo.settings_row(conn, self._ctx.hall(conn)[0], lock=lock)
        if row is None:
            return AppointmentRules()
        return make_rules(**row._mapping)

    def _category(self, conn: Connection, code: str) -> tuple[int, AnyRow]:
        hall_id, _ = self._ctx.hall(conn)
        row = hall.category_by_code(conn, hall_id, code.strip().upper())
        if row is None:
            raise DeskError("queue.unknown_category", category=code)
        return hall_id, row

    def _open(self, day: date, category: str) -> None:
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

    def _found(self, conn: Connection, hall_id: int, code: str) -> AppointmentView:
        row = repo.row_by_code(conn, hall_id, code)
        if row is None:
            raise DeskError("appointment.not_found", code=code)
        return self._view(row)

    def _state(self, row: AnyRow) -> AppointmentState:
        return appointment_state(
            checked_in=row.checked_in_ticket_id is not None,
            cancelled=row.cancelled_at is not None,
            slot_end=row.slot_end,
            now=self._ctx.now(),
        )

    def _view(self, row: AnyRow) -> AppointmentView:
        zone, phone = self._ctx.zone, row.phone or ""
        return AppointmentView(
            code=row.code,
            category_code=row.category_code,
            category_name=row.category_name,
            start=row.slot_start.astimezone(zone),
            end=row.slot_end.astimezone(zone),
            name=row.name,
            phone=phone,
            phone_display=mask_phone(phone),
            state=self._state(row).value,
            source=row.source,
            booked_by_no=row.booked_by_no or "",
            ticket_number=row.ticket_number or "",
        )


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


def _stored(rules: AppointmentRules) -> dict[str, Any]:
    """The rules as appointment_settings stores them (and make_rules takes them)."""
    return {
        "slot_minutes": rules.slot_minutes,
        "per_slot": rules.per_slot,
        "hours": rules.hours_text,
        "horizon_days": rules.horizon_days,
        "no_show_limit": rules.no_show_limit,
        "no_show_days": rules.no_show_days,
    }


def _settings_view(rules: AppointmentRules) -> AppointmentSettingsView:
    return AppointmentSettingsView(**_stored(rules))

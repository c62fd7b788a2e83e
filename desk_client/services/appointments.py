"""Appointments (预约): a clerk or desk-admin books a citizen's visit, cancels it, and reads
the day's list with who came; the kiosk checks them in (services.queue).

Booking is central, like the roster edit: it needs every window's bookings of the slot, so
an unreachable central database refuses it (``central.unreachable``) and nothing is kept on
the PC. ``book`` checks the request against the hall's rules read inside its own write
transaction, under the day's counter lock (services.appointment_booking), so a settings
change or another window's booking between a clerk's look at the slots and the press of the
button cannot slip past the capacity; ``reschedule`` (改约) books the new slot by the same
checks and cancels the old one in that same transaction. A day serves a category as the
kiosk does (services.roster.categories_served): every category on a working day, a make-up
Saturday (调休上班日) included; on a weekend or holiday those of the windows the roster
opens. A hall may suspend booking for a person who missed too many appointments lately
(爽约限制, the ``no_show_limit`` setting), and reads its appointments by state in
:meth:`report` (预约统计, services.appointment_stats).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core.appointments import (
    AppointmentRules,
    AppointmentState,
    check_report_request,
    clean_person,
    day_slots,
    make_rules,
    mask_phone,
    read_code,
)
from desk_client.core.errors import DeskError
from desk_client.core.numbering import day_bounds
from desk_client.services import appointment_import, appointment_stats
from desk_client.services.appointment_booking import Booker, Booking, DaysServed
from desk_client.services.appointment_import import AppointmentsInvalidError
from desk_client.services.context import Context
from desk_client.services.cover_settings import read_text_file
from desk_client.services.dto_appointments import (
    AppointmentSettingsView,
    AppointmentStatsRow,
    AppointmentView,
    ImportedFile,
    SlotView,
)
from desk_client.store import appointments_repo as repo
from desk_client.store.db import AnyRow

#: Why a booking that is not booked any more cannot be cancelled (nor moved).
NOT_CANCELLABLE = {
    AppointmentState.CHECKED_IN: "appointment.used",
    AppointmentState.CANCELLED: "appointment.cancelled",
    AppointmentState.MISSED: "appointment.missed",
}


class AppointmentService:
    def __init__(self, ctx: Context, roster: DaysServed) -> None:
        self._ctx = ctx
        self._roster = roster
        self._booker = Booker(ctx, roster)

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
        person, phone_no = clean_person(name, phone)
        wanted = Booking(category_code, self._aware(start), person, phone_no, source, staff_id)

        def work(conn: Connection) -> AppointmentView:
            code = self._booker.insert(conn, wanted)
            return self._found(conn, self._ctx.hall(conn)[0], code)

        return self._ctx.write(work)

    def reschedule(
        self, code: str, start: datetime, *, staff_id: int | None, source: str = "window"
    ) -> AppointmentView:
        """改约: move a booked appointment to the slot beginning at ``start`` for the same
        category, name and phone, and return the new one: a new code, since a code names its
        day, whose ``replaces`` is the old one's. One write transaction: the old one is
        locked as a cancel locks it (a check-in of it waits), the new one booked under every
        rule of :meth:`book`, and only then the old one cancelled, so a refused move leaves
        the citizen's seat where it was. Refused as a cancel is (not found, checked in,
        cancelled, missed), and with appointment.same_slot for the slot it already has."""
        wanted, moment = read_code(code), self._aware(start)

        def work(conn: Connection) -> AppointmentView:
            hall_id, _ = self._ctx.hall(conn)
            locked = self._still_booked(conn, hall_id, wanted)
            old = self._found(conn, hall_id, wanted)
            if old.start == moment:
                at = f"{old.start:%Y-%m-%d %H:%M}"
                raise DeskError("appointment.same_slot", code=wanted, at=at)
            move = Booking(old.category_code, moment, old.name, old.phone, source, staff_id, wanted)
            new_code = self._booker.insert(conn, move)
            repo.mark_cancelled(conn, locked.id, self._ctx.now(), staff_id)
            return self._found(conn, hall_id, new_code)

        return self._ctx.write(work)

    def cancel(self, code: str, *, staff_id: int | None) -> AppointmentView:
        """Cancel a booking that is still booked; a checked-in, cancelled or missed one is
        refused (appointment.used / .cancelled / .missed). Its seat is free again."""
        wanted = read_code(code)

        def work(conn: Connection) -> AppointmentView:
            hall_id, _ = self._ctx.hall(conn)
            row = self._still_booked(conn, hall_id, wanted)
            repo.mark_cancelled(conn, row.id, self._ctx.now(), staff_id)
            return self._found(conn, hall_id, wanted)

        return self._ctx.write(work)

    def _still_booked(self, conn: Connection, hall_id: int, code: str) -> AnyRow:
        """The appointment's row, locked to the commit (a check-in of it waits, and sees
        what this transaction did), provided it is still booked."""
        row = repo.lock_by_code(conn, hall_id, code)
        if row is None:
            raise DeskError("appointment.not_found", code=code)
        state = self._state(row)
        if state in NOT_CANCELLABLE:
            raise DeskError(NOT_CANCELLABLE[state], code=code)
        return row

    def import_file(self, path: str | Path, *, staff_id: int | None = None) -> ImportedFile:
        """The platform's bookings from a file (services.appointment_import), all or nothing:
        AppointmentsInvalidError lists every problem by line, and then nothing changed."""
        text = read_text_file(path)

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
        ids, names = appointment_import.hall_categories(conn, hall_id)
        return appointment_import.Hall(
            hall_id, self._ctx.zone, self._ctx.today(), self._rules(conn), ids, names,
            lambda day, category: category in served(day),
        )  # fmt: skip

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
        return self._booker.rules(conn, lock=lock)

    def _category(self, conn: Connection, code: str) -> tuple[int, AnyRow]:
        return self._booker.category(conn, code)

    def _open(self, day: date, category: str) -> None:
        self._booker.open(day, category)

    def _aware(self, start: datetime) -> datetime:
        """``start`` as given, or a naive one read in the hall's zone."""
        return start if start.tzinfo is not None else start.replace(tzinfo=self._ctx.zone)

    def _found(self, conn: Connection, hall_id: int, code: str) -> AppointmentView:
        row = repo.row_by_code(conn, hall_id, code)
        if row is None:
            raise DeskError("appointment.not_found", code=code)
        return self._view(row)

    def _state(self, row: AnyRow) -> AppointmentState:
        return self._booker.state(row)

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
            replaces=row.replaces or "",
        )


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

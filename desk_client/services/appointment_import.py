"""The appointments the province's platform (一网通办) booked for the hall, imported from its
export (core.appointments_csv; `desk-admin appointments import FILE`).

The platform decided those bookings with the citizen, so the import keeps their codes and
slots and does not apply the hall's per-slot capacity or slot grid: refusing one would leave
a citizen with a text message the kiosk does not know. What it does refuse, every row at once
and then nothing imported: a day already past, a time outside the hall's opening hours, a day
that does not serve the category (the hall must ring those citizens), and a code the hall
already holds for another booking. A row already imported (the same code, or without a code
the same category, slot, name and phone) is counted and skipped, so the day's export can be
imported again after a correction. One central transaction: all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection

from desk_client.core.appointments import AppointmentRules, appointment_code
from desk_client.core.appointments_csv import ImportedAppointment, parse_appointments_csv
from desk_client.core.idnumbers import shorten
from desk_client.core.roster_csv import CsvProblem, csv_problem
from desk_client.services.cover_settings import RosterInvalidError
from desk_client.store import appointments_repo as repo
from desk_client.store import hall


class AppointmentsInvalidError(RosterInvalidError):
    """A refused appointments file: ``problems`` lists everything wrong with it, by line."""

    def __init__(self, problems: tuple[CsvProblem, ...]) -> None:
        super().__init__(problems, "appointments.invalid")


@dataclass(frozen=True)
class Hall:
    """What the checks need to know of the hall, read in the import's transaction."""

    id: int
    zone: ZoneInfo
    today: date
    rules: AppointmentRules
    categories: Mapping[str, int]  # code -> id
    names: Mapping[str, str]  # what a file may call a category (code, name) -> code
    served: Callable[[date, str], bool]


@dataclass(frozen=True)
class Planned:
    """A row checked against the hall: its slot in the hall's zone; ``known``: imported
    before (skipped)."""

    row: ImportedAppointment
    start: datetime
    end: datetime
    known: bool


def hall_categories(conn: Connection, hall_id: int) -> tuple[dict[str, int], dict[str, str]]:
    """The hall's categories in one read: code -> id, and what a file may call one (its
    code, its name) -> its code."""
    ids: dict[str, int] = {}
    names: dict[str, str] = {}
    for row in hall.hall_categories(conn, hall_id):
        ids[str(row.code)] = int(row.id)
        names[str(row.code).upper()] = names[str(row.name)] = str(row.code)
    return ids, names


def check_rows(conn: Connection, where: Hall, text: str) -> tuple[list[Planned], list[CsvProblem]]:
    """The file's rows planned against the hall, and every problem (the file's and the hall's)."""
    rows, problems = parse_appointments_csv(text, where.names)
    found = list(problems)
    planned = []
    for row in rows:
        plan = _plan(conn, where, row, found)
        if plan is not None:
            planned.append(plan)
    return planned, found


def _plan(
    conn: Connection, where: Hall, row: ImportedAppointment, found: list[CsvProblem]
) -> Planned | None:
    start = datetime.combine(row.day, row.start, tzinfo=where.zone)
    end = start + where.rules.slot
    if row.end is not None:
        end = datetime.combine(row.day, row.end, tzinfo=where.zone)
    before = len(found)
    if row.day < where.today:
        found.append(csv_problem(row.line, "appointment_csv.past_day", day=row.day.isoformat()))
    elif not _inside_hours(where.rules, start, end):
        found.append(_outside(row, start, end, where.rules))
    elif not where.served(row.day, row.category):
        found.append(_closed(row))
    if len(found) > before:
        return None
    known = _known(conn, where, row, (start, end), found)
    return None if known is None else Planned(row, start, end, known)


def _inside_hours(rules: AppointmentRules, start: datetime, end: datetime) -> bool:
    """Whether the slot lies within one opening period (one running past midnight never
    does)."""
    if end.date() != start.date():
        return False
    first, last = start.time(), end.time()
    return any(opens <= first and last <= closes for opens, closes in rules.hours)


def _outside(
    row: ImportedAppointment, start: datetime, end: datetime, rules: AppointmentRules
) -> CsvProblem:
    return csv_problem(
        row.line, "appointment_csv.closed_hours", start=f"{start:%H:%M}", end=f"{end:%H:%M}",
        hours=rules.hours_text,
    )  # fmt: skip


def _closed(row: ImportedAppointment) -> CsvProblem:
    return csv_problem(
        row.line, "appointment_csv.closed_day", day=row.day.isoformat(), category=row.category
    )


def _known(
    conn: Connection,
    where: Hall,
    row: ImportedAppointment,
    slot: tuple[datetime, datetime],
    found: list[CsvProblem],
) -> bool | None:
    """True: this booking is in the hall already; False: new; None: its code is taken by
    another booking (a problem is added)."""
    category_id = where.categories[row.category]
    if not row.code:
        return repo.same_booking(
            conn, where.id, category_id=category_id, slot_start=slot[0], name=row.name,
            phone=row.phone or None,
        )  # fmt: skip
    held = repo.booking_of_code(conn, where.id, row.code)
    if held is None:
        return False
    same = (held.category_id, held.slot_start, held.slot_end, held.name, held.phone or "") == (
        category_id, slot[0], slot[1], row.name, row.phone,
    )  # fmt: skip
    if not same:
        found.append(csv_problem(row.line, "appointment_csv.code_taken", value=shorten(row.code)))
        return None
    return True


def insert_planned(
    conn: Connection, where: Hall, planned: list[Planned], now: datetime, staff_id: int | None
) -> int:
    """Insert the new rows (a code given by the hall where the file has none); how many."""
    added = 0
    for plan in planned:
        if plan.known:
            continue
        code = plan.row.code or appointment_code(
            plan.row.day, repo.next_code_seq(conn, where.id, plan.row.day)
        )
        repo.insert_appointment(
            conn, hall_id=where.id, code=code, category_id=where.categories[plan.row.category],
            slot_start=plan.start, slot_end=plan.end, name=plan.row.name,
            phone=plan.row.phone or None, source="import", booked_at=now, booked_by=staff_id,
        )  # fmt: skip
        added += 1
    return added

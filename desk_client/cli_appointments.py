"""desk-admin appointments: book, list, move and cancel the hall's appointments (预约), and
its booking settings.

    desk-admin appointments book --category A --at "2026-11-28 10:00" --name 张三 [--phone P]
                                 [--staff S]
    desk-admin appointments list [--day D] [--category A] [--json]
    desk-admin appointments cancel CODE [--staff S]
    desk-admin appointments reschedule CODE --at "2026-11-29 10:00" [--staff S]    # 改约
    desk-admin appointments import FILE [--staff S]     # the platform's export; all or nothing
    desk-admin appointments settings [--slot-minutes N] [--per-slot N] [--hours H]
                                     [--horizon-days N] [--no-show-limit N] [--no-show-days D]
    desk-admin appointments report --from D --to D [--by day|category] [--csv FILE]

``book`` prints the new code alone (a script can read it), booked as source ``admin``;
``--at`` is the slot's start in the hall's time zone. ``reschedule`` (改约) moves a booked
appointment to the slot at ``--at`` (same category, name and phone; the old one cancelled in
the same transaction, or nothing changes) and prints the new code. ``list`` prints one line
a booking: slot, code, category, name, masked phone, state (with the check-in's ticket),
source, who booked. ``report`` (预约统计) prints a header, a line a day or category (booked,
checked in, cancelled, missed, show rate) and the total; --csv also writes them to a file
(UTF-8 with a BOM, for Excel and WPS). A refusal prints its message on stderr and exits 1,
changing nothing (desk_client.cli); a refused import prints every problem of the file with
its line (cli_output.file_refused).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from desk_client.cli_output import file_refused, out, settings_command
from desk_client.core.appointments import REPORT_BY
from desk_client.core.messages import normalise_language, translate
from desk_client.core.messages_appointments import SOURCE_NAMES, STATE_NAMES
from desk_client.core.numbering import service_day
from desk_client.services.app import Services
from desk_client.services.appointment_import import AppointmentsInvalidError
from desk_client.services.appointment_stats import csv_text, report_cells, report_header, total_row
from desk_client.services.dto_appointments import AppointmentView
from desk_client.services.report_files import write_report


def _json(value: object) -> None:
    out(json.dumps(value, default=str, ensure_ascii=False))


def _staff(services: Services, args: argparse.Namespace) -> int | None:
    return services.auth.staff_id(args.staff) if args.staff else None


def _line(view: AppointmentView, lang: str) -> str:
    """10:00-10:30  YY261128007  B 社保医保  张三  138****5678  已签到 B012  窗口 1001"""
    english = normalise_language(lang) == "en"
    state = STATE_NAMES[view.state][english]
    came = f"{state} {view.ticket_number}" if view.ticket_number else state
    source = SOURCE_NAMES.get(view.source, (view.source, view.source))[english]
    booked = f"{source} {view.booked_by_no}".strip()
    slot = f"{view.start:%Y-%m-%d %H:%M}-{view.end:%H:%M}"
    parts = (slot, view.code, f"{view.category_code} {view.category_name}", view.name)
    return "\t".join((*parts, view.phone_display or "-", came, booked))


def cmd_book(services: Services, args: argparse.Namespace) -> int:
    made = services.appointments.book(
        args.category, args.at, args.name, args.phone,
        staff_id=_staff(services, args), source="admin",
    )  # fmt: skip
    if args.json:
        _json(asdict(made))
    else:
        out(made.code)
    return 0


def cmd_list(services: Services, args: argparse.Namespace) -> int:
    """The day's appointments (today in the hall by default), every state, by start time."""
    day = args.day or service_day(services.clock.now(), ZoneInfo(services.config.timezone))
    found = services.appointments.day(day, args.category)
    if args.json:
        _json([asdict(view) for view in found])
        return 0
    for view in found:
        out(_line(view, services.config.language))
    return 0


def cmd_cancel(services: Services, args: argparse.Namespace) -> int:
    gone = services.appointments.cancel(args.code, staff_id=_staff(services, args))
    if args.json:
        _json(asdict(gone))
    else:
        out(_line(gone, services.config.language))
    return 0


def cmd_reschedule(services: Services, args: argparse.Namespace) -> int:
    """改约: the new appointment's code (a script reads it), or its view with --json."""
    made = services.appointments.reschedule(
        args.code, args.at, staff_id=_staff(services, args), source="admin"
    )
    if args.json:
        _json(asdict(made))
    else:
        out(made.code)
    return 0


def cmd_import(services: Services, args: argparse.Namespace) -> int:
    """The platform's bookings (core.appointments_csv): all or nothing."""
    lang = services.config.language
    try:
        done = services.appointments.import_file(args.file, staff_id=_staff(services, args))
    except AppointmentsInvalidError as exc:
        return file_refused(exc, lang, args.json)
    if args.json:
        _json({"ok": True, **asdict(done)})
    else:
        out(translate("appointments.imported", lang, added=done.added, already=done.already))
    return 0


def cmd_settings(services: Services, args: argparse.Namespace) -> int:
    """Print the hall's booking settings; change the ones given first (checked together)."""
    changes = {
        "slot_minutes": args.slot_minutes,
        "per_slot": args.per_slot,
        "hours": args.hours,
        "horizon_days": args.horizon_days,
        "no_show_limit": args.no_show_limit,
        "no_show_days": args.no_show_days,
    }
    booking = services.appointments
    return settings_command(changes, booking.update_settings, booking.settings, args.json)


def cmd_report(services: Services, args: argparse.Namespace) -> int:
    """预约统计 of the period by day or category, and the total. The CSV file is written
    first: one that cannot be written (report.unwritable) leaves nothing half printed."""
    language = services.config.language
    rows = services.appointments.report(args.start, args.end, args.by)
    if args.csv:
        write_report(args.csv, csv_text(rows, args.by, language))
    if args.json:
        _json([asdict(row) for row in rows])
        return 0
    out("\t".join(report_header(args.by, language)))
    for row in (*rows, total_row(rows, language)):
        out("\t".join(report_cells(row)))
    if not rows:  # a header and a zero total alone might read as a failure
        span = {"start": args.start.isoformat(), "end": args.end.isoformat()}
        sys.stderr.write(translate("appointments.report_empty", language, **span) + "\n")
    return 0


def appointments_parsers(sub: Any) -> None:
    """appointments book / list / cancel / reschedule / import / settings / report
    (registered by desk_client.cli)."""
    commands = sub.add_parser("appointments", help="appointments (预约)").add_subparsers(
        dest="appointments_cmd", required=True
    )
    book = commands.add_parser("book", help="book a slot (source admin); prints the code")
    book.add_argument("--category", required=True, help="category code, e.g. A")
    book.add_argument(
        "--at", required=True, type=datetime.fromisoformat, help='slot start, "2026-11-28 10:00"'
    )
    book.add_argument("--name", required=True)
    book.add_argument("--phone", default="", help="optional contact phone")
    book.set_defaults(handler=cmd_book)
    listing = commands.add_parser("list", help="a day's appointments, every state")
    listing.add_argument("--day", type=date.fromisoformat, help="default: today in the hall")
    listing.add_argument("--category", help="only this category")
    listing.set_defaults(handler=cmd_list)
    cancel = commands.add_parser("cancel", help="cancel a booking not checked in yet")
    cancel.add_argument("code")
    cancel.set_defaults(handler=cmd_cancel)
    moved = commands.add_parser("reschedule", help="改约: move a booking; prints the new code")
    moved.add_argument("code")
    moved.add_argument(
        "--at",
        required=True,
        type=datetime.fromisoformat,
        help='new slot start, "2026-11-29 10:00"',
    )
    moved.set_defaults(handler=cmd_reschedule)
    imported = commands.add_parser("import", help="the platform's bookings from a CSV file")
    imported.add_argument("file", help="code,day,time,category,name,phone (预约码,日期,时段,…)")
    imported.set_defaults(handler=cmd_import)
    for parser in (book, cancel, moved, imported):
        parser.add_argument("--staff", help="staff number acting (recorded with the change)")
    _settings_parser(commands)
    _report_parser(commands)


def _settings_parser(commands: Any) -> None:
    settings = commands.add_parser("settings", help="print (and change) the booking rules")
    for flag, kind, helps in (
        ("--slot-minutes", int, "slot length, 5-240 minutes"),
        ("--per-slot", int, "bookings per category and slot, 1-500"),
        ("--hours", str, 'opening periods, e.g. "09:00-12:00,13:30-17:00"'),
        ("--horizon-days", int, "how many days ahead one may book, 1-366"),
        ("--no-show-limit", int, "misses (爽约) that suspend booking by phone, 1-20; 0 = off"),
        ("--no-show-days", int, "days the misses are counted over, 1-366"),
    ):
        settings.add_argument(flag, type=kind, help=helps)
    settings.set_defaults(handler=cmd_settings)


def _report_parser(commands: Any) -> None:
    report = commands.add_parser("report", help="预约统计: booked, checked in, missed by day")
    report.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    report.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    report.add_argument("--by", choices=REPORT_BY, default="day", help="default: day")
    report.add_argument("--csv", help="also write the report to this CSV file")
    report.set_defaults(handler=cmd_report)

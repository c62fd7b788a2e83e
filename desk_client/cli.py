"""desk-admin: the hall's command line (初始化、演示数据、工作人员、取号、叫号、队列).

Every command reads the same configuration as the program (--config / DESK_CONFIG / the user
config dir); --url overrides the central database for one command. Refusals print the
message in the configured language on stderr and exit 1; nothing is changed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from typing import Any

from desk_client.cli_appointments import appointments_parsers
from desk_client.cli_cover import cover_parsers
from desk_client.cli_devices import devices_parsers
from desk_client.cli_output import file_refused, out
from desk_client.cli_queue import queue_parsers
from desk_client.cli_ratings import ratings_parsers
from desk_client.config import Config, ConfigError, load_config
from desk_client.core.catalogue_rows import CatalogueInvalidError
from desk_client.core.errors import DeskError
from desk_client.core.messages import state_name, translate
from desk_client.core.workdays import PACKAGE_YEARS
from desk_client.services.app import Services, build_services
from desk_client.services.calendar import CalendarInvalidError
from desk_client.services.catalogue import CatalogueService, keyed, rank_items
from desk_client.services.catalogue_files import FORMATS
from desk_client.services.dto import CallResult, IssuedTicket, TicketView

Handler = Callable[[Services, argparse.Namespace], int]


def _ticket_line(ticket: TicketView, lang: str) -> str:
    window = f" @{ticket.window_number}" if ticket.window_number else ""
    return f"{ticket.number}\t{ticket.category_name}\t{state_name(ticket.state, lang)}{window}"


def cmd_init_db(services: Services, args: argparse.Namespace) -> int:
    services.admin.init_db()
    out(f"ok: {services.config.database_url.split('@')[-1]}")
    return 0


def cmd_seed_demo(services: Services, args: argparse.Namespace) -> int:
    out(services.admin.seed_demo())
    return 0


def cmd_create_staff(services: Services, args: argparse.Namespace) -> int:
    password = args.password or getpass.getpass("password: ")
    staff_id = services.auth.create_staff(args.staff_no, args.name, password, args.role)
    out(f"ok: staff {args.staff_no} (id {staff_id}, {args.role})")
    return 0


def _print_issued(issued: IssuedTicket, args: argparse.Namespace) -> None:
    if args.json:
        out(json.dumps(asdict(issued), default=str, ensure_ascii=False))
        return
    wait = issued.estimated_wait_min
    out(
        f"{issued.ticket.number}\t{issued.ticket.category_name}\tahead {issued.people_ahead}"
        f"\twait {'-' if wait is None else wait} min"
    )


def cmd_ticket_issue(services: Services, args: argparse.Namespace) -> int:
    if args.appointment:
        issued = services.queue.check_in_appointment(args.appointment)
    else:
        issued = services.queue.issue_ticket(args.category, priority=args.priority, channel="admin")
    _print_issued(issued, args)
    return 0


def _staff_id(services: Services, args: argparse.Namespace) -> int:
    return services.auth.staff_id(args.staff)


def _print_call(result: CallResult, args: argparse.Namespace, lang: str) -> int:
    if args.json:
        out(json.dumps(asdict(result), default=str, ensure_ascii=False))
    elif result.ticket is None:
        out(DeskError("queue.empty").message(lang))
    else:
        out(_ticket_line(result.ticket, lang))
    return 0 if result.ticket is not None else 3


def cmd_ticket_call(services: Services, args: argparse.Namespace) -> int:
    staff = _staff_id(services, args)
    call = services.queue.finish_and_call_next if args.finish else services.queue.call_next
    result = call(args.window, staff, args.claim_id)
    return _print_call(result, args, services.config.language)


def _catalogue(services: Services) -> CatalogueService:
    return services.catalogue


def cmd_catalogue_import(services: Services, args: argparse.Namespace) -> int:
    """All or nothing: a refused file prints every problem, one a line, and exits 1."""
    lang = services.config.language
    hall = args.hall or services.config.hall_code
    try:
        report = _catalogue(services).import_file(args.file, hall, args.format)
    except CatalogueInvalidError as exc:
        return file_refused(exc, lang, args.json, lambda p: {"place": p.place(lang)})
    if args.json:
        out(json.dumps({"ok": True, "hall": hall, **asdict(report)}, ensure_ascii=False))
    else:
        out(translate("catalogue.imported", lang, hall=hall, **asdict(report)))
    return 0


def cmd_catalogue_export(services: Services, args: argparse.Namespace) -> int:
    count = _catalogue(services).export_file(args.file, args.format, args.hall)
    out(translate("catalogue.exported", services.config.language, items=count, file=args.file))
    return 0


def cmd_catalogue_search(services: Services, args: argparse.Namespace) -> int:
    """The item picker's search from the command line (code, name, pinyin initials)."""
    found = _catalogue(services).items(args.hall)
    if args.query:
        found = rank_items(args.query, keyed(found), args.limit)
    for item in found[: args.limit]:
        out(f"{item.code}\t{item.name}\t{item.department}\t{item.category}")
    return 0


def _catalogue_parsers(sub: Any) -> None:
    catalogue = sub.add_parser("catalogue", help="the service catalogue (办事指南)")
    commands = catalogue.add_subparsers(dest="catalogue_cmd", required=True)
    imp = commands.add_parser("import", help="replace the hall's catalogue (JSON, CSV, XLSX)")
    exp = commands.add_parser("export", help="write the hall's catalogue to a file")
    for parser, handler in ((imp, cmd_catalogue_import), (exp, cmd_catalogue_export)):
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS, help="default: the file's suffix")
        parser.add_argument("--hall", help="hall code (default: the configured hall)")
        parser.set_defaults(handler=handler)
    search = commands.add_parser("search", help="find items as the picker does (e.g. gjj)")
    search.add_argument("query", nargs="?", default="")
    search.add_argument("--hall", help="hall code (default: the configured hall)")
    search.add_argument("--limit", type=int, default=50)
    search.set_defaults(handler=cmd_catalogue_search)


def cmd_calendar_import(services: Services, args: argparse.Namespace) -> int:
    """All or nothing: a refused file prints every problem with its line, and exits 1."""
    lang = services.config.language
    try:
        done = services.calendar.import_file(args.file)
    except CalendarInvalidError as exc:
        return file_refused(exc, lang, args.json)
    if args.json:
        out(json.dumps({"ok": True, **asdict(done)}, ensure_ascii=False))
    else:
        years = "、".join(str(year) for year in done.years)
        out(translate("calendar.imported", lang, days=done.days, years=years, version=done.version))
    return 0


def cmd_calendar_deadline(services: Services, args: argparse.Namespace) -> int:
    """stdin ``accepted,limit[,pauses]`` -> stdout the deadline, ``open`` or ``error: ...``;
    exit 0 when every line gave a date or open (supervisors check disputed dates)."""
    lines, ok = services.calendar.deadline_lines(sys.stdin)
    for line in lines:
        out(line)
    return 0 if ok else 1


def cmd_calendar_show(services: Services, args: argparse.Namespace) -> int:
    """The year's overrides as a calendar file (date,working,reason: it imports again) on
    stdout, and how many working days the year has on stderr; exit 1 for a missing year."""
    days = services.calendar.days(args.year, central=True)
    calendar = services.calendar.best_calendar()
    lang = services.config.language
    working = len(calendar.year_days(args.year))  # calendar.missing for a year not covered
    code = "calendar.year_package" if args.year in PACKAGE_YEARS else "calendar.year_imported"
    out("date,working,reason")
    for day, is_working, reason in days:
        out(f"{day.isoformat()},{int(is_working)},{reason}")
    sys.stderr.write(translate(code, lang, year=args.year, working=working, days=len(days)) + "\n")
    return 0


def _calendar_parsers(sub: Any) -> None:
    calendar = sub.add_parser("calendar", help="the working-day calendar (工作日历)")
    commands = calendar.add_subparsers(dest="calendar_cmd", required=True)
    imp = commands.add_parser("import", help="replace the years a CSV file lists (all or nothing)")
    imp.add_argument("file", help="date,working,reason (or 日期,是否上班,说明)")
    imp.set_defaults(handler=cmd_calendar_import)
    deadline = commands.add_parser(
        "deadline", help="stdin accepted,limit[,start:end;...] -> the deadline, one a line"
    )
    deadline.set_defaults(handler=cmd_calendar_deadline)
    show = commands.add_parser("show", help="a year's overrides as a calendar file")
    show.add_argument("year", type=int)
    show.set_defaults(handler=cmd_calendar_show)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="TOML config file (default: DESK_CONFIG or user dir)")
    parser.add_argument("--url", help="central database URL for this command")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="message language")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _ticket_parsers(sub: Any) -> None:
    ticket = sub.add_parser("ticket", help="issue or call a ticket").add_subparsers(
        dest="ticket_cmd", required=True
    )
    issue = ticket.add_parser("issue", help="issue a ticket (取号)")
    issue.add_argument("category", nargs="?", default="A", help="category code, e.g. A")
    issue.add_argument("--priority", action="store_true", help="priority lane (绿色通道)")
    issue.add_argument("--appointment", help="check in an appointment by its code")
    issue.set_defaults(handler=cmd_ticket_issue)
    call = ticket.add_parser("call", help="call the next ticket at a window (叫号)")
    call.add_argument("--window", type=int, required=True)
    call.add_argument("--staff", default="admin", help="staff number acting (default admin)")
    call.add_argument("--claim-id", help="retry a call with the same claim id")
    call.add_argument("--finish", action="store_true", help="finish the current ticket first")
    call.set_defaults(handler=cmd_ticket_call)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desk-admin", description=__doc__.splitlines()[0])
    _add_common(parser)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", help="create or upgrade the central database").set_defaults(
        handler=cmd_init_db
    )
    sub.add_parser("seed-demo", help="load the demo hall").set_defaults(handler=cmd_seed_demo)
    staff = sub.add_parser("create-staff", help="add a staff member")
    staff.add_argument("staff_no")
    staff.add_argument("name")
    staff.add_argument("--role", default="clerk", help="clerk, supervisor or admin")
    staff.add_argument("--password", help="(prompted when omitted)")
    staff.set_defaults(handler=cmd_create_staff)
    _ticket_parsers(sub)
    _catalogue_parsers(sub)
    _calendar_parsers(sub)
    cover_parsers(sub)
    ratings_parsers(sub)
    devices_parsers(sub)
    appointments_parsers(sub)
    queue_parsers(sub)
    return parser


def _configure(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    if args.url:
        config = replace(config, database_url=args.url)
    if args.lang:
        config = replace(config, language=args.lang)
    return config


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The common options (--json, --lang, --url, --config) before the command or after it:
    ``desk-admin queue status --json`` as well as ``desk-admin --json queue status``."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
        _add_common(common)
        late, unknown = common.parse_known_args(extra)
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        vars(args).update(vars(late))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    language = args.lang or "zh_CN"
    try:
        config = _configure(args)
        language = config.language
        handler: Handler = args.handler
        services = build_services(config)
        try:
            return handler(services, args)
        finally:
            services.close()
    except (ConfigError, DeskError) as exc:
        sys.stderr.write(exc.message(language) + "\n")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())

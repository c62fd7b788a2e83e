"""desk-admin roster, departments and inquiries: the hall's cover settings and the
first-inquiry report.

    desk-admin roster import FILE                      # 排班: all or nothing
    desk-admin roster export --from D --to D FILE      # the same format, for a spreadsheet
    desk-admin departments import FILE                 # the hall directory
    desk-admin inquiries report --from D --to D [--csv FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from typing import Any

from desk_client.cli_output import file_refused, out
from desk_client.core.messages import translate
from desk_client.services.app import Services
from desk_client.services.cover import RosterInvalidError


def cmd_cover_import(services: Services, args: argparse.Namespace) -> int:
    """roster / departments import: all or nothing; a refused file prints every problem
    with its line (unknown staff or windows, bad dates, shifts, phones) and exits 1."""
    lang, roster = services.config.language, args.command == "roster"
    action = services.cover.import_roster if roster else services.cover.import_departments
    try:
        count = action(args.file)
    except RosterInvalidError as exc:
        return file_refused(exc, lang, args.json)
    code = "roster.imported" if roster else "departments.imported"
    out(
        json.dumps({"ok": True, "count": count})
        if args.json
        else translate(code, lang, count=count)
    )
    return 0


def cmd_roster_export(services: Services, args: argparse.Namespace) -> int:
    """The roster of a period as a file ``roster import`` reads back (Chinese headers and
    shifts, or English with --lang en)."""
    count = services.cover.export_roster(args.file, args.start, args.end)
    lang = services.config.language
    report = {"ok": True, "count": count, "file": args.file}
    text = translate("roster.exported", lang, count=count, file=args.file)
    out(json.dumps(report, ensure_ascii=False) if args.json else text)
    return 0


def cmd_inquiries_report(services: Services, args: argparse.Namespace) -> int:
    """A line per staff member and day, the overdue follow-ups, the summary; --csv FILE too."""
    lang, start, end = services.config.language, args.start, args.end
    found = services.inquiry_reports.report(start, end)
    if args.json:
        out(json.dumps(asdict(found), default=str, ensure_ascii=False))
    for staff_no, day, count in () if args.json else found.per_staff_day:
        out(f"{day.isoformat()}\t{staff_no}\t{count}")
    for view in () if args.json else found.overdue:
        out(f"overdue\t{view.number}\t{view.owner_no}\t{view.promised_reply}")
    if not args.json:
        logged, overdue = sum(row[2] for row in found.per_staff_day), len(found.overdue)
        hours = {"median": found.referral_median_h, "p90": found.referral_p90_h}
        summary = {k: "-" if v is None else v for k, v in hours.items()}
        summary |= {"logged": logged, "overdue": overdue}
        out(translate("report.summary", lang, start=start, end=end, **summary))
    if args.csv:
        rows = services.inquiry_reports.export_csv(args.csv, start, end)
        sys.stderr.write(translate("report.exported", lang, rows=rows, file=args.csv) + "\n")
    return 0


def cover_parsers(sub: Any) -> None:
    """roster, departments and inquiries (registered by desk_client.cli)."""
    for name, helps, columns in (
        ("roster", "the roster (排班, 5+2 weekends)", "day,window,staff_no,shift"),
        ("departments", "the hall directory of departments", "name,contact,phone,address"),
    ):
        commands = sub.add_parser(name, help=helps).add_subparsers(dest="sub_cmd", required=True)
        imp = commands.add_parser("import", help="replace from a CSV file (all or nothing)")
        imp.add_argument("file", help=f"{columns} (UTF-8; Chinese headers too)")
        imp.set_defaults(handler=cmd_cover_import)
        if name == "roster":
            _roster_export_parser(commands)
    inquiries = sub.add_parser("inquiries", help="the first-inquiry log (首问负责)")
    commands = inquiries.add_subparsers(dest="inquiries_cmd", required=True)
    report = commands.add_parser("report", help="per staff and day, referral turnaround, overdue")
    for flag, dest in (("--from", "start"), ("--to", "end")):
        report.add_argument(flag, dest=dest, type=date.fromisoformat, required=True)
    report.add_argument("--csv", help="also write the report to this CSV file")
    report.set_defaults(handler=cmd_inquiries_report)


def _roster_export_parser(commands: Any) -> None:
    export = commands.add_parser("export", help="write a period's roster as a CSV file")
    for flag, dest in (("--from", "start"), ("--to", "end")):
        export.add_argument(flag, dest=dest, type=date.fromisoformat, required=True)
    export.add_argument("file", help="where to write (UTF-8 with a BOM, for Excel)")
    export.set_defaults(handler=cmd_roster_export)

"""desk-admin ratings: the hall's 好差评 options, codes, figures and follow-ups.

    desk-admin ratings settings [--expiry-days N] [--followup-days N] [--followup-staff S]
                                [--default-after N]
    desk-admin ratings rotate-secret
    desk-admin ratings code --window N --staff S (--ticket A001 | --case SL...) [--item CODE]
    desk-admin ratings report --by window|staff|item|day [--from D] [--to D] [--csv FILE]
    desk-admin ratings defaults
    desk-admin ratings followups

``code`` records the visit in the configured local store with its rating.visit event, as a
window does, prints the URL and pushes the event (a push that fails leaves it in the outbox
for the next sync). Output is tab-separated lines, or JSON with --json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from desk_client.cli_output import out, settings_command
from desk_client.core.errors import DeskError
from desk_client.core.messages import translate
from desk_client.core.ratings import STATS_BY
from desk_client.services.app import Services
from desk_client.services.dto_ratings import RatingStatRow
from desk_client.services.rating_stats import stats_header
from desk_client.services.report_files import write_report

Handler = Callable[[Services, argparse.Namespace], int]


def _json(value: object) -> None:
    out(json.dumps(value, default=str, ensure_ascii=False))


def cmd_settings(services: Services, args: argparse.Namespace) -> int:
    """Print the hall's rating options; change the ones given first (all checked first)."""
    changes = {
        "expiry_days": args.expiry_days,
        "followup_days": args.followup_days,
        "followup_staff_no": args.followup_staff,
        "default_after_days": args.default_after,
    }
    ratings = services.ratings
    return settings_command(changes, ratings.update_settings, ratings.settings, args.json)


def cmd_rotate_secret(services: Services, args: argparse.Namespace) -> int:
    services.ratings.rotate_secret()
    out(json.dumps({"ok": True}) if args.json else "ok: rating secret rotated")
    return 0


def cmd_code(services: Services, args: argparse.Namespace) -> int:
    """A code for a ticket or case, recorded like the window's; its URL on stdout."""
    kind, ref = ("case", args.case) if args.case else ("ticket", args.ticket)
    code = services.ratings.code_for_visit(
        kind, ref, args.window, args.staff, item_code=args.item or ""
    )
    if args.json:
        _json({key: value for key, value in asdict(code).items() if key != "qr"})
    else:
        out(code.url)
    try:
        services.sync.sync_once()
    except DeskError as exc:  # the code stands; its event waits in the outbox
        sys.stderr.write(exc.message(services.config.language) + "\n")
    return 0


def _stat_line(row: RatingStatRow) -> str:
    levels = "\t".join(str(count) for count in row.levels)
    figures = f"{row.satisfaction * 100:.2f}%\t{row.average:.2f}"
    counts = f"{row.bad}\t{row.defaulted}\t{row.excluded}"
    return f"{row.key}\t{row.label}\t{row.count}\t{levels}\t{figures}\t{counts}"


def cmd_report(services: Services, args: argparse.Namespace) -> int:
    """The period's ratings by window, staff, item or day (default: this month so far)."""
    today = services.context.today()
    start, end = args.start or today.replace(day=1), args.end or today
    rows = services.rating_stats.stats(start, end, args.by)
    if args.json:
        _json([asdict(row) for row in rows])
    else:
        language = services.config.language
        out("\t".join(stats_header(args.by, language)))
        for row in rows:
            out(_stat_line(row))
        if not rows:  # the header alone might read as a failure
            span = {"start": start.isoformat(), "end": end.isoformat()}
            sys.stderr.write(translate("ratings.report_empty", language, **span) + "\n")
    if args.csv:
        write_report(args.csv, services.rating_stats.stats_csv(start, end, args.by))
    return 0


def cmd_defaults(services: Services, args: argparse.Namespace) -> int:
    """Rate the visits left unrated past the hall's days as 基本满意 (option on only)."""
    done = services.ratings.apply_defaults()
    out(json.dumps({"defaulted": done}) if args.json else f"defaulted\t{done}")
    return 0


def cmd_followups(services: Services, args: argparse.Namespace) -> int:
    """The follow-ups not closed, oldest first."""
    found = services.rating_followups.followups("open")
    if args.json:
        _json([asdict(view) for view in found])
        return 0
    for view in found:
        due = "-" if view.due_day is None else view.due_day.isoformat()
        rating = view.rating
        out(
            f"{view.id}\t{view.state}\t{view.level}\t{due}\t{view.assignee_no}"
            f"\t{rating.window}\t{rating.staff_no}\t{rating.overall}\t{','.join(rating.reasons)}"
        )
    return 0


def ratings_parsers(sub: Any) -> None:
    """The ``ratings`` command and its subcommands (registered by desk_client.cli)."""
    ratings = sub.add_parser("ratings", help="好差评: options, codes, figures, follow-ups")
    commands = ratings.add_subparsers(dest="ratings_cmd", required=True)
    settings = commands.add_parser("settings", help="print (and change) the hall's options")
    settings.add_argument("--expiry-days", type=int, help="days a code stays valid (1-90)")
    settings.add_argument("--followup-days", type=int, help="working days to follow up (1-60)")
    settings.add_argument("--followup-staff", help="supervisor following up ('' = the first)")
    settings.add_argument("--default-after", type=int, help="unrated -> 基本满意 after N days")
    settings.set_defaults(handler=cmd_settings)
    rotate = commands.add_parser("rotate-secret", help="a fresh secret (old codes stay valid)")
    rotate.set_defaults(handler=cmd_rotate_secret)
    _code_parser(commands)
    _report_parser(commands)
    defaults = commands.add_parser("defaults", help="rate old unrated visits 基本满意")
    defaults.set_defaults(handler=cmd_defaults)
    followups = commands.add_parser("followups", help="the follow-ups not closed (回访)")
    followups.set_defaults(handler=cmd_followups)


def _code_parser(commands: Any) -> None:
    code = commands.add_parser("code", help="make a rating code, print its URL")
    code.add_argument("--window", type=int, required=True)
    code.add_argument("--staff", required=True, help="the staff number who served")
    which = code.add_mutually_exclusive_group(required=True)
    which.add_argument("--ticket", help="the ticket number, e.g. A001")
    which.add_argument("--case", help="the case number, e.g. SL2026-03-0001")
    code.add_argument("--item", help="the service item's code")
    code.set_defaults(handler=cmd_code)


def _report_parser(commands: Any) -> None:
    report = commands.add_parser("report", help="ratings by window, staff, item or day")
    report.add_argument("--by", choices=STATS_BY, required=True)
    report.add_argument("--from", dest="start", type=date.fromisoformat)
    report.add_argument("--to", dest="end", type=date.fromisoformat)
    report.add_argument("--csv", help="also write the figures to this CSV file")
    report.set_defaults(handler=cmd_report)

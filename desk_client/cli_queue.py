"""desk-admin queue: the hall's queue now (status) and its figures over a period (report).

    desk-admin queue status [--json]
    desk-admin queue report --from D --to D [--by day|hour|category|window|staff]
                            [--wait-limit 30] [--csv FILE] [--pdf FILE] [--json]

``report`` (叫号统计) prints the header, a line per day, hour, category, window or clerk, and
the total, tab-separated, with the same cells as the screen and the printed report; the
column definitions follow on stderr. The files are written before anything is printed: one
that cannot be written (report.unwritable) leaves nothing half done.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from desk_client.cli_output import out
from desk_client.core.messages import translate
from desk_client.services.app import Services
from desk_client.services.dto_queue_stats import QUEUE_STATS_BY, QueueReport
from desk_client.services.report_files import write_report


def cmd_queue_status(services: Services, args: argparse.Namespace) -> int:
    board = services.queue.hall_board()
    if args.json:
        out(json.dumps(asdict(board), default=str, ensure_ascii=False))
        return 0
    out(f"{board.hall.name} ({board.hall.code})")
    for queue in board.queues:
        wait = "-" if queue.estimated_wait_min is None else f"{queue.estimated_wait_min} min"
        out(f"  {queue.prefix} {queue.name}\twaiting {queue.waiting}\twait {wait}")
    zone = ZoneInfo(services.config.timezone)
    for call in board.recent_calls:
        local = call.called_at.astimezone(zone)
        out(f"  {call.number} -> {call.window_number}\t{call.kind}\t{local:%H:%M:%S}")
    return 0


def cmd_queue_report(services: Services, args: argparse.Namespace) -> int:
    stats = services.queue_stats
    report = stats.report(args.start, args.end, args.by, args.wait_limit)
    if args.csv:
        stats.write_csv(report, args.csv)
    if args.pdf:
        write_report(args.pdf, stats.document(report).pdf)
    if args.json:
        out(json.dumps(_as_json(report), default=str, ensure_ascii=False))
        return 0
    for cells in (stats.header(report.by), *(stats.cells(row, report.by) for row in report.rows)):
        out("\t".join(cells))
    out("\t".join(stats.cells(report.total, report.by)))
    language = services.config.language
    if not report.rows:  # a header and a zero total alone might read as a failure
        span = {"start": args.start.isoformat(), "end": args.end.isoformat()}
        sys.stderr.write(translate("queue_stats.empty", language, **span) + "\n")
    sys.stderr.write("".join(f"{note}\n" for note in stats.notes(report)))
    return 0


def _as_json(report: QueueReport) -> dict[str, Any]:
    """The report with each row's figures (averages in seconds) beside its sums."""

    def row(one: Any) -> dict[str, Any]:
        figures = ("wait_avg_s", "handling_avg_s", "over_limit_share")
        return {**asdict(one), **{name: getattr(one, name) for name in figures}}

    found = asdict(report)
    found.update(rows=[row(one) for one in report.rows], total=row(report.total))
    return found


def queue_parsers(sub: Any) -> None:
    """queue status / report"""
    commands = sub.add_parser("queue", help="the queue: status, statistics").add_subparsers(
        dest="queue_cmd", required=True
    )
    status = commands.add_parser("status", help="waiting counts and recent calls")
    status.set_defaults(handler=cmd_queue_status)
    report = commands.add_parser("report", help="叫号统计: issued, waits, handling, by day...")
    report.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    report.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    report.add_argument("--by", choices=QUEUE_STATS_BY, default="day", help="default: day")
    report.add_argument(
        "--wait-limit", type=int, default=30, help="minutes; longer waits count as 超时 (30)"
    )
    report.add_argument("--csv", help="also write the report to this CSV file (UTF-8, BOM)")
    report.add_argument("--pdf", help="also write the printed A4 report to this PDF file")
    report.set_defaults(handler=cmd_queue_report)

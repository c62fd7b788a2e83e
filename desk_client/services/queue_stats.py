"""QueueStatsService: 叫号统计, the queue's figures by day, hour, category, window or clerk.

Read centrally (the whole hall's queue) from each ticket's history and counted by
core.queue_stats, whose module says how each figure is defined so that the figures add up.
The screen, the CSV (UTF-8 with a BOM, for Excel and WPS) and the printed A4 report show the
same cells in the same words, made here once, in the configured language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from desk_client.core import queue_stats as qs
from desk_client.core.errors import DeskError
from desk_client.core.messages_queue_stats import (
    COLUMNS,
    KEYS,
    NOBODY,
    NOTES,
    TITLE,
    TOTAL,
    WEEKDAYS,
)
from desk_client.services.context import Context
from desk_client.services.dto import PrintedDocument
from desk_client.services.dto_queue_stats import QUEUE_STATS_BY, QueueReport, QueueStatRow
from desk_client.services.report_files import write_report
from desk_client.store import hall, queue_stats_repo
from desk_client.store.db import AnyRow

if TYPE_CHECKING:
    from desk_client.services.printing import PrintService

BOM = "\ufeff"
DEFAULT_WAIT_LIMIT = 30
SESSION_GROUPINGS = ("window", "staff")
#: The columns a window's or a clerk's row has no figure for: tickets are not issued to a
#: window, and a queue is the hall's, not a window's.
TICKETS_ONLY = frozenset({"issued", "called", "abandoned", "open", "peak_waiting"})


@dataclass(frozen=True)
class _Read:
    """What one report reads centrally: the tickets, and names for the row keys."""

    hall_name: str
    facts: tuple[qs.Facts, ...]
    labels: dict[str, tuple[str, str]]


class QueueStatsService:
    def __init__(self, ctx: Context, printing: PrintService) -> None:
        self._ctx = ctx
        self._printing = printing

    def report(
        self, start: date, end: date, by: str = "day", wait_limit_minutes: int = DEFAULT_WAIT_LIMIT
    ) -> QueueReport:
        """The tickets whose service day is in [start, end], one row per ``by`` key that has
        any, in order, and the period's total."""
        self._check(start, end, by, wait_limit_minutes)
        found = self._ctx.read(lambda conn: self._read(conn, start, end, by))
        tallies, peaks = self._tallies(found.facts, by, wait_limit_minutes * 60)
        rows = self._rows(found, by, tallies, peaks)
        hall_peak = self._hall_peak(found.facts, by, peaks)
        total = _row("", self._pick(TOTAL), qs.tally_total(tallies.values()), by, hall_peak)
        return QueueReport(found.hall_name, start, end, by, wait_limit_minutes, rows, total)

    def header(self, by: str) -> list[str]:
        """The report's column names in the configured language, as :meth:`cells` fills them:
        by window or clerk without the columns only tickets have (issued, abandoned, ...)."""
        return [self._pick(KEYS[by]), *(self._pick(name) for _, name in _columns(by))]

    def cells(self, row: QueueStatRow, by: str) -> list[str]:
        """A row as shown and printed: counts, minutes to one decimal, shares as 12.5%."""
        return [row.label, *(_cell(field, getattr(row, field), row) for field, _ in _columns(by))]

    def notes(self, report: QueueReport) -> tuple[str, ...]:
        """What the columns mean (the outcomes' sum only where tickets are counted)."""
        notes = NOTES[1:] if report.by in SESSION_GROUPINGS else NOTES
        return tuple(self._pick(note).format(limit=report.wait_limit_minutes) for note in notes)

    def csv_text(self, report: QueueReport) -> str:
        """The report as CSV: the header, the rows, the total; with the BOM Excel needs."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.header(report.by))
        writer.writerows(self.cells(row, report.by) for row in (*report.rows, report.total))
        return BOM + out.getvalue()

    def write_csv(self, report: QueueReport, path: str) -> str:
        """Write :meth:`csv_text` to ``path`` (report.unwritable when it cannot); the path."""
        write_report(path, self.csv_text(report))
        return path

    def document(self, report: QueueReport, printed_at: datetime | None = None) -> PrintedDocument:
        """The report on A4 (landscape), ready to print and stored like every printed paper."""
        from desk_client.printing.report_a4 import TableReport

        moment = (printed_at or self._ctx.now()).astimezone(self._ctx.zone)
        english = self._ctx.config.english
        table = TableReport(
            title=self._pick(TITLE),
            lines=self._lines(report),
            header=tuple(self.header(report.by)),
            rows=tuple(tuple(self.cells(row, report.by)) for row in report.rows),
            total=tuple(self.cells(report.total, report.by)),
            notes=self.notes(report),
            printed=("Printed " if english else "打印时间 ") + moment.strftime("%Y-%m-%d %H:%M"),
            english=english,
        )
        number = f"{report.by}-{report.start.isoformat()}-{report.end.isoformat()}"
        return self._printing.table_report("queue_report", number, table)

    # -- helpers --------------------------------------------------------------------------

    def _check(self, start: date, end: date, by: str, minutes: int) -> None:
        problem = qs.check_period(start, end)
        if problem:
            raise DeskError(problem, start=start.isoformat(), end=end.isoformat())
        if by not in QUEUE_STATS_BY:
            raise DeskError("queue_stats.by", by=by)
        if not qs.check_wait_limit(minutes):
            raise DeskError("queue_stats.wait_limit", minutes=minutes)

    def _read(self, conn: Connection, start: date, end: date, by: str) -> _Read:
        hall_id, info = self._ctx.hall(conn)
        trails = queue_stats_repo.trails(conn, hall_id, start, end)
        labels = self._labels(conn, hall_id, by)
        return _Read(info.name, tuple(qs.read(trail) for trail in trails), labels)

    def _labels(self, conn: Connection, hall_id: int, by: str) -> dict[str, tuple[str, str]]:
        """Row key -> (sort key, label) for the groupings keyed by ids: a category by its
        code, a window by its number, a clerk by the staff number."""
        if by == "category":
            rows = hall.hall_categories(conn, hall_id)
            return {str(c.id): (c.code, f"{c.code} {c.name}") for c in rows}
        if by == "window":
            windows = hall.hall_windows(conn, hall_id)
            return {str(w.id): (f"{w.number:06d}", self._window_label(w)) for w in windows}
        if by == "staff":
            names = queue_stats_repo.staff_names(conn, hall_id)
            return {str(i): (no, f"{no} {name}") for i, (no, name) in names.items()}
        return {}

    def _tallies(
        self, facts: Sequence[qs.Facts], by: str, limit_s: int
    ) -> tuple[dict[str, qs.Tally], dict[str, int]]:
        """The rows' sums by key, and their peak queues (none by window or clerk)."""
        if by in SESSION_GROUPINGS:
            return qs.tally_sessions(facts, by, limit_s), {}
        tallies = qs.tally_tickets(facts, qs.ticket_key(by, self._ctx.zone), limit_s)
        return tallies, self._peaks(facts, by)

    def _hall_peak(self, facts: Sequence[qs.Facts], by: str, peaks: dict[str, int]) -> int | None:
        """The hall's peak over the period: the greatest of the days' (or the hours'); none
        by window or clerk, whose rows have none either (a queue is not a window's)."""
        if by in SESSION_GROUPINGS:
            return None
        if by == "category":
            peaks = self._peaks(facts, "day")
        return max(peaks.values(), default=None)

    def _window_label(self, window: AnyRow) -> str:
        """The window's own name (6号综合窗口) as the hall calls it; "Window 6" in English."""
        if self._ctx.config.english:
            return f"Window {window.number}"
        return str(window.name or f"{window.number}号窗口")

    def _rows(
        self, found: _Read, by: str, tallies: dict[str, qs.Tally], peaks: dict[str, int]
    ) -> tuple[QueueStatRow, ...]:
        ordered = sorted(tallies, key=lambda key: _order(key, found.labels))
        label = self._labeller(by, found.labels)
        return tuple(_row(k, label(k), tallies[k], by, peaks.get(k)) for k in ordered)

    def _peaks(self, facts: Sequence[qs.Facts], by: str) -> dict[str, int]:
        """The peak queue per row: a category's own queue, the hall's by hour or by day."""
        zone = self._ctx.zone
        if by == "category":
            return qs.peak_waiting(facts, _category, lambda one, _at: _category(one))
        if by == "hour":
            return qs.peak_waiting(facts, _one_pool, lambda _one, at: _hour(at, zone))
        return qs.peak_waiting(facts, _one_pool, lambda one, _at: one.trail.day.isoformat())

    def _labeller(self, by: str, labels: dict[str, tuple[str, str]]) -> Callable[[str], str]:
        english = self._ctx.config.english
        if by == "day":
            return lambda key: _day_label(key, english)
        if by == "hour":
            return lambda key: f"{key}:00–{int(key) + 1:02d}:00"
        return lambda key: labels.get(key, (key, key))[1] if key else self._pick(NOBODY)

    def _lines(self, report: QueueReport) -> tuple[str, ...]:
        english = self._ctx.config.english
        period = f"{report.start.isoformat()} – {report.end.isoformat()}"
        by = self._pick(KEYS[report.by])
        if english:
            return (
                report.hall_name,
                f"Period {period}; by {by.lower()}; wait limit {report.wait_limit_minutes} min",
            )
        return (
            report.hall_name,
            f"统计期间 {period}　按{by}统计　等候超时标准 {report.wait_limit_minutes} 分钟",
        )

    def _pick(self, pair: tuple[str, str]) -> str:
        return pair[1] if self._ctx.config.english else pair[0]


def _one_pool(_one: qs.Facts) -> str:
    return ""


def _category(one: qs.Facts) -> str:
    return str(one.trail.category_id)


def _hour(at: datetime, zone: tzinfo) -> str:
    return f"{at.astimezone(zone).hour:02d}"


def _order(key: str, labels: dict[str, tuple[str, str]]) -> tuple[int, str]:
    """Days and hours by their key, the others by code or number; the unrecorded last."""
    if not key:
        return (2, "")
    return (0, labels[key][0]) if key in labels else (1, key)


def _day_label(key: str, english: bool) -> str:
    day = date.fromisoformat(key)
    return key if english else f"{key} {WEEKDAYS[day.weekday()]}"


def _row(key: str, label: str, tally: qs.Tally, by: str, peak: int | None) -> QueueStatRow:
    tickets = by not in SESSION_GROUPINGS
    return QueueStatRow(
        key=key,
        label=label,
        issued=tally.issued if tickets else None,
        called=tally.called if tickets else None,
        calls=tally.calls,
        recalls=tally.recalls,
        done=tally.done,
        no_show=tally.no_show,
        transferred=tally.transferred,
        abandoned=tally.abandoned if tickets else None,
        open=tally.open if tickets else None,
        wait_count=tally.wait_count,
        wait_total_s=tally.wait_total_s,
        wait_max_s=tally.wait_max_s,
        over_limit=tally.over_limit,
        handling_count=tally.handling_count,
        handling_total_s=tally.handling_total_s,
        peak_waiting=peak,
    )


def _columns(by: str) -> tuple[tuple[str, tuple[str, str]], ...]:
    if by in SESSION_GROUPINGS:
        return tuple(column for column in COLUMNS if column[0] not in TICKETS_ONLY)
    return COLUMNS


def _cell(field: str, value: object, row: QueueStatRow) -> str:
    if value is None or (field == "wait_max_s" and not row.wait_count):
        return "—"
    if field == "over_limit_share" and isinstance(value, float):
        return f"{value * 100:.1f}%"
    if field.endswith("_s") and isinstance(value, int | float):
        return f"{value / 60:.1f}"
    return str(value)

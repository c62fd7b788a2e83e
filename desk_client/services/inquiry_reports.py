"""ReportService: the first-inquiry log's figures for the supervisor (首问负责 统计).

For a period of local days: inquiries logged per staff member (the owner, 首问责任人) and day;
the referral turnaround (转办用时: from a referral to the receiver's answer, a reply or a
hand-back, in hours; its median and 90th percentile); and the follow-ups past their promised
reply date now. Read from the central database (the whole hall's), shown in the program and
exported as CSV (UTF-8 with a BOM, so Excel and WPS open it as it is).
"""

from __future__ import annotations

import csv
import math
import statistics
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.services.context import Context
from desk_client.services.cover import CoverService
from desk_client.services.cover_settings import Staff
from desk_client.services.dto_inquiries import InquiryReport
from desk_client.services.inquiry_actions import InquiryDesk
from desk_client.store import inquiries_repo
from desk_client.store.inquiry_changes import HANDED_BACK, REFERRED, REPLIED, InquiryTables
from desk_client.store.inquiry_rows import InquiryRow, StepRow

#: The longest period one report covers (a year and a day for a leap year's report).
MAX_DAYS = 366
#: What ends a referral's turnaround: the receiver answered or gave it back.
ANSWERED_BY_RECEIVER = frozenset({REPLIED, HANDED_BACK})
CSV_HEADER = ("section", "staff_no", "name", "day", "count", "number", "promised_reply", "hours")


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.9: the value 90% of them are within)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def turnarounds(
    steps: dict[str, tuple[StepRow, ...]], start: datetime, end: datetime
) -> list[float]:
    """Hours from each referral made in [start, end) to the receiver's answer (a reply or a
    hand-back, whenever it came); referrals still unanswered are not counted."""
    hours = []
    for timeline in steps.values():
        referred: datetime | None = None
        for step in timeline:
            if step.type == REFERRED:
                referred = step.at if start <= step.at < end else None
            elif step.type in ANSWERED_BY_RECEIVER and referred is not None:
                hours.append((step.at - referred).total_seconds() / 3600)
                referred = None
    return hours


class ReportService:
    def __init__(self, ctx: Context, cover: CoverService, inquiries: InquiryDesk) -> None:
        self._ctx = ctx
        self._cover = cover
        self._inquiries = inquiries

    def _span(self, start: date, end: date) -> tuple[datetime, datetime]:
        """[local midnight of ``start``, local midnight after ``end``) as aware moments."""
        if start > end or (end - start).days >= MAX_DAYS:
            raise DeskError("report.bad_range", start=start, end=end, max=MAX_DAYS)
        zone = self._ctx.zone
        first = datetime.combine(start, time(), tzinfo=zone)
        return first, datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)

    def report(self, start: date, end: date) -> InquiryReport:
        """The period's figures (``start`` and ``end`` included, the hall's local days)."""
        first, last = self._span(start, end)
        yesterday = self._ctx.today() - timedelta(days=1)

        def work(conn: Connection) -> tuple[list[InquiryRow], list[float], list[InquiryRow]]:
            t = inquiries_repo.tables_of(conn, self._ctx.config.hall_code)
            logged = inquiries_repo.logged_between(conn, t, first, last)
            return (
                logged,
                self._turnarounds(conn, t, first, last),
                inquiries_repo.follow_ups(conn, t, due_by=yesterday),
            )

        logged, hours, overdue = self._ctx.read(work)
        median = statistics.median(hours) if hours else None
        return InquiryReport(
            per_staff_day=self._per_staff_day(logged),
            referral_median_h=None if median is None else round(median, 2),
            referral_p90_h=_rounded(percentile(hours, 0.9)),
            overdue=self._inquiries.views(overdue),
        )

    @staticmethod
    def _turnarounds(
        conn: Connection, t: InquiryTables, start: datetime, end: datetime
    ) -> list[float]:
        referrals = inquiries_repo.steps_between(conn, t, start, end, (REFERRED,))
        numbers = sorted({number for number, _ in referrals})
        return turnarounds(inquiries_repo.timelines(conn, t, numbers), start, end)

    def _per_staff_day(self, rows: Sequence[InquiryRow]) -> tuple[tuple[str, date, int], ...]:
        zone = self._ctx.zone
        counts = Counter((row.owner_no, row.created_at.astimezone(zone).date()) for row in rows)
        ordered = sorted(counts.items(), key=lambda item: (item[0][1], item[0][0]))
        return tuple((staff_no, day, count) for (staff_no, day), count in ordered)

    def export_csv(self, path: str | Path, start: date, end: date) -> int:
        """Write the report to ``path``: one row per staff member and day, the turnaround,
        one row per overdue follow-up (a ``section`` column tells them apart); the number of
        rows written after the header."""
        rows = csv_rows(self.report(start, end), self._cover.staff())
        try:
            with Path(path).open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(CSV_HEADER)
                writer.writerows(rows)
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise DeskError("report.unwritable", file=str(path), detail=detail) from exc
        return len(rows)


def csv_rows(found: InquiryReport, staff: Staff) -> list[tuple[object, ...]]:
    """The report as CSV rows (CSV_HEADER's columns), a ``section`` first in each."""
    rows: list[tuple[object, ...]] = []
    for staff_no, day, count in found.per_staff_day:
        name = staff.get(staff_no, (staff_no, ""))[0]
        rows.append(("per_staff_day", staff_no, name, day.isoformat(), count, "", "", ""))
    for label, hours in (("median_h", found.referral_median_h), ("p90_h", found.referral_p90_h)):
        rows.append((f"referral_{label}", "", "", "", "", "", "", "" if hours is None else hours))
    for view in found.overdue:
        promised = "" if view.promised_reply is None else view.promised_reply.isoformat()
        rows.append(("overdue", view.owner_no, view.owner_name, "", "", view.number, promised, ""))
    return rows


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)

"""The appointments report (预约统计): how many were booked, came, were cancelled and missed,
by day or by category, with the show rate (到场率).

The store counts by SQL aggregates (store.appointments_repo.state_counts); a day is the
hall's calendar day, which SQL cannot tell on every backend, so the day report is counted by
slot there and folded into days here (a year has a few thousand slots at most). Printed
by desk-admin and exported as CSV in UTF-8 with a BOM, as the ratings' statistics are, so
Excel and WPS open it as it is, with the header in the configured language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from desk_client.core.appointments import show_rate
from desk_client.core.messages import normalise_language
from desk_client.core.messages_appointments import REPORT_HEADER, REPORT_KEYS, REPORT_TOTAL
from desk_client.services.dto_appointments import AppointmentStatsRow
from desk_client.store.db import AnyRow

Counts = tuple[int, int, int, int]  # booked, checked_in, cancelled, missed


def stats_row(key: str, counts: Counts) -> AppointmentStatsRow:
    booked, checked_in, cancelled, missed = counts
    rate = show_rate(checked_in, missed)
    return AppointmentStatsRow(key, booked, checked_in, cancelled, missed, rate)


def _counts(row: AnyRow) -> Counts:
    """A store row's counts as ints (MariaDB sums to decimals)."""
    return int(row.booked), int(row.checked_in), int(row.cancelled), int(row.missed)


def _add(one: Counts, other: Counts) -> Counts:
    booked, checked_in, cancelled, missed = (a + b for a, b in zip(one, other, strict=True))
    return booked, checked_in, cancelled, missed


def by_category(found: Iterable[AnyRow]) -> tuple[AppointmentStatsRow, ...]:
    return tuple(stats_row(str(row.key), _counts(row)) for row in found)


def by_day(found: Iterable[AnyRow], zone: ZoneInfo) -> tuple[AppointmentStatsRow, ...]:
    """Rows counted by slot start (in order) folded into the hall's days, in order."""
    days: dict[str, Counts] = {}
    for row in found:
        day = row.key.astimezone(zone).date().isoformat()
        days[day] = _add(days.get(day, (0, 0, 0, 0)), _counts(row))
    return tuple(stats_row(day, counts) for day, counts in days.items())


def total_row(rows: Sequence[AppointmentStatsRow], language: str) -> AppointmentStatsRow:
    """合计: the rows summed, its show rate from the sums (not an average of the rates)."""
    counts: Counts = (0, 0, 0, 0)
    for row in rows:
        counts = _add(counts, (row.booked, row.checked_in, row.cancelled, row.missed))
    return stats_row(_pick(REPORT_TOTAL, language), counts)


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if normalise_language(language) == "en" else pair[0]


def report_header(by: str, language: str) -> list[str]:
    """The report's column names, in the order of :func:`report_cells`, in ``language``."""
    return [_pick(REPORT_KEYS[by], language), *(_pick(name, language) for name in REPORT_HEADER)]


def report_cells(row: AppointmentStatsRow) -> list[str]:
    """A row as printed: the show rate as 87.50%, "-" while nobody came or missed."""
    rate = "-" if row.show_rate is None else f"{row.show_rate * 100:.2f}%"
    counts = (row.booked, row.checked_in, row.cancelled, row.missed)
    return [row.key, *(str(count) for count in counts), rate]


def csv_text(rows: Sequence[AppointmentStatsRow], by: str, language: str) -> str:
    """The header, the rows and the total row as CSV text with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(report_header(by, language))
    for row in (*rows, total_row(rows, language)):
        writer.writerow(report_cells(row))
    return "\ufeff" + out.getvalue()

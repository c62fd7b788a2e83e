"""RatingStatsService: the ratings of a period by window, staff member, item or day (评价统计).

Read centrally (the whole hall's), the counts by overall level from store.rating_stats_repo,
the figures from core.ratings: 满意率 (levels 3..5 over the counted ratings) and the average
level. Upheld appeals are not counted (only shown in ``excluded``); defaulted ratings (the
"unrated counts as 基本满意" option) are counted and shown apart. Exported as CSV in UTF-8
with a BOM, so Excel and WPS open it as it is, with the header in the configured language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from sqlalchemy.engine import Connection

from desk_client.core.ratings import (
    BAD_LEVELS,
    LEVELS,
    average_level,
    check_stats_request,
    level_name,
    satisfaction,
    stats_by_name,
)
from desk_client.services.catalogue import CatalogueService
from desk_client.services.context import Context
from desk_client.services.cover_settings import Staff
from desk_client.services.dto_ratings import RatingStatRow
from desk_client.services.rating_views import central_staff, staff_name
from desk_client.store import rating_stats_repo
from desk_client.store.rating_rows import RatingCount

#: CSV columns after the group's key and label, (zh_CN, en); the five levels come between.
COUNT_HEADER = (("评价数", "Ratings"),)
FIGURE_HEADER = (
    ("满意率", "Satisfaction"),
    ("平均分", "Average"),
    ("差评", "Bad"),
    ("默认评价", "Defaulted"),
    ("申诉成立不计", "Excluded"),
)
KEY_HEADER = ("编号", "Key")


def stat_row(count: RatingCount, label: str) -> RatingStatRow:
    by_level = dict(zip(LEVELS, count.levels, strict=True))
    return RatingStatRow(
        key=count.key,
        label=label,
        count=count.counted,
        levels=count.levels,
        satisfaction=satisfaction(by_level),
        average=average_level(by_level),
        bad=sum(by_level[level] for level in BAD_LEVELS),
        defaulted=count.defaulted,
        excluded=count.excluded,
    )


def _pick(pair: tuple[str, str], english: bool) -> str:
    return pair[1] if english else pair[0]


def stats_header(by: str, language: str) -> list[str]:
    """The report's column names, in the order of its rows, in ``language``."""
    english = language.lower().startswith("en")
    header = [_pick(KEY_HEADER, english), stats_by_name(by, language)]
    header += [_pick(name, english) for name in COUNT_HEADER]
    header += [level_name(level, language) for level in LEVELS]
    return header + [_pick(name, english) for name in FIGURE_HEADER]


def csv_text(rows: tuple[RatingStatRow, ...], by: str, language: str) -> str:
    """The rows as CSV text with a BOM; percentages and averages with two decimals."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(stats_header(by, language))
    for row in rows:
        figures = [f"{row.satisfaction * 100:.2f}%", f"{row.average:.2f}"]
        counts = [row.bad, row.defaulted, row.excluded]
        writer.writerow([row.key, row.label, row.count, *row.levels, *figures, *counts])
    return "\ufeff" + out.getvalue()


class RatingStatsService:
    def __init__(self, ctx: Context, catalogue: CatalogueService) -> None:
        self._ctx = ctx
        self._catalogue = catalogue

    def stats(self, start: date, end: date, by: str) -> tuple[RatingStatRow, ...]:
        """One row per window, staff member, item or day (``by``) with ratings whose service
        day is in [start, end], in the group's order; rating.stats_by / rating.stats_range
        for a bad request."""
        check_stats_request(start, end, by)

        def work(conn: Connection) -> tuple[list[RatingCount], Staff]:
            hall_id, _ = self._ctx.hall(conn)
            counts = rating_stats_repo.rating_counts(conn, hall_id, start, end, by)
            return counts, central_staff(conn, hall_id) if by == "staff" else {}

        counts, staff = self._ctx.read(work)
        label = self._labeller(by, staff)
        return tuple(stat_row(count, label(count.key)) for count in counts)

    def stats_csv(self, start: date, end: date, by: str) -> str:
        """:meth:`stats` as CSV text (UTF-8 with a BOM once encoded), the header in the
        configured language."""
        rows = self.stats(start, end, by)
        return csv_text(rows, by, self._ctx.config.language)

    def _labeller(self, by: str, staff: Staff) -> Callable[[str], str]:
        """What a group is called: 3号窗口, a staff member's name, an item's name, the day."""
        english = self._ctx.config.language.lower().startswith("en")
        if by == "window":
            return (lambda key: f"Window {key}") if english else (lambda key: f"{key}号窗口")
        if by == "staff":
            return lambda key: staff_name(staff, key)
        if by == "item":
            names = {item.code: item.name for item in self._catalogue.items()}
            names[""] = "(no item)" if english else "（无事项）"
            return lambda key: names.get(key, key)
        return lambda key: key

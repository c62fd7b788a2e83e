"""Rating counts for the statistics (评价统计, issue 7): the ratings of a period grouped by
window, staff member, item or service day, and by overall level.

One grouped read of ``ix_ratings_day`` (hall, service_day); the levels are folded here. An
excluded rating (an upheld appeal) is counted apart and never in the levels; a defaulted one
(the "unrated counts as 基本满意" option) is in the levels and counted apart as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store.rating_rows import RatingCount
from desk_client.store.rating_schema import ratings

LEVEL_ORDER = (5, 4, 3, 2, 1)
#: The column each grouping reads.
GROUPS = {
    "window": ratings.c.window_number,
    "staff": ratings.c.staff_no,
    "item": ratings.c.item_code,
    "day": ratings.c.service_day,
}


class _Tally:
    def __init__(self) -> None:
        self.levels = dict.fromkeys(LEVEL_ORDER, 0)
        self.defaulted = 0
        self.excluded = 0

    def add(self, level: int, defaulted: bool, excluded: bool, count: int) -> None:
        if excluded:
            self.excluded += count
            return
        self.levels[level] = self.levels.get(level, 0) + count
        self.defaulted += count if defaulted else 0

    def count(self, key: str) -> RatingCount:
        five, four, three, two, one = (self.levels[level] for level in LEVEL_ORDER)
        return RatingCount(key, (five, four, three, two, one), self.defaulted, self.excluded)


def _key(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def fold(rows: Iterable[Any]) -> list[RatingCount]:
    """(group value, level, defaulted, excluded, count) rows, in group order, to counts."""
    tallies: dict[str, _Tally] = {}
    for value, level, defaulted, excluded, count in rows:
        tally = tallies.setdefault(_key(value), _Tally())
        tally.add(int(level), bool(defaulted), bool(excluded), int(count))
    return [tally.count(key) for key, tally in tallies.items()]


def rating_counts(
    conn: Connection, hall_id: int, start: date, end: date, by: str
) -> list[RatingCount]:
    """Per group (``by``: window | staff | item | day) of the ratings with a service day in
    [start, end]: the counts by overall level, defaulted and excluded; in the group's order
    (windows by number, days by date). ValueError for another ``by``."""
    if by not in GROUPS:
        raise ValueError(f"ratings are grouped by {sorted(GROUPS)}, not {by!r}")
    group, r = GROUPS[by], ratings.c
    columns = (group, r.overall, r.defaulted, r.excluded)
    query = (
        sa.select(*columns, sa.func.count())
        .where(r.hall_id == hall_id, r.service_day >= start, r.service_day <= end)
        .group_by(*columns)
        .order_by(group)
    )
    return fold(conn.execute(query))

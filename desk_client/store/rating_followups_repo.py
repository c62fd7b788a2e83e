"""The follow-ups (回访) of bad ratings centrally (issue 7): made in the rating's own
transaction by the rating page, then worked on by supervisors directly (contact, 整改,
申诉复核, close). The rules of each step are core's (core.rating_followups); this module
only reads and writes rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store import ratings_repo
from desk_client.store.db import AnyRow, new_id
from desk_client.store.rating_rows import FollowUpRow, rating_from_mapping
from desk_client.store.rating_schema import rating_followups, rating_visits, ratings

OPEN = "open"
CLOSED = "closed"

#: The rating's columns, labelled apart from the follow-up's (both have id and hall_id).
_RATING_PREFIX = "rated__"
_RATING_NAMES = [column.name for column in ratings.c]
_RATING_COLUMNS = [ratings.c[name].label(_RATING_PREFIX + name) for name in _RATING_NAMES]
_JOINED = rating_followups.join(ratings, ratings.c.id == rating_followups.c.rating_id)
#: The visit's ticket or case number, once the window's ``rating.visit`` event has synced; a
#: scalar subquery, not an outer join, because FOR UPDATE may not lock an outer join's side.
_VISIT_REF = sa.func.coalesce(
    sa.select(rating_visits.c.ref)
    .where(rating_visits.c.visit_id == ratings.c.visit_id)
    .scalar_subquery(),
    "",
).label("visit_ref")
_SELECT = sa.select(rating_followups, *_RATING_COLUMNS, _VISIT_REF).select_from(_JOINED)
_FOLLOWUP_FIELDS = [
    name for name in FollowUpRow.__dataclass_fields__ if name not in ("rating", "visit_ref")
]


def insert_followup(
    conn: Connection,
    hall_id: int,
    rating_id: int,
    *,
    assignee_no: str,
    due_day: date | None,
    now: datetime,
) -> int:
    """Open the follow-up of a bad rating (one per rating: the database refuses a second)."""
    values = {
        "hall_id": hall_id,
        "rating_id": rating_id,
        "assignee_no": assignee_no,
        "due_day": due_day,
        "state": OPEN,
        "created_at": now,
    }
    return new_id(conn.execute(rating_followups.insert().values(**values)))


def _followup(row: AnyRow) -> FollowUpRow:
    mapping = row._mapping
    rated = {name: mapping[_RATING_PREFIX + name] for name in _RATING_NAMES}
    values: dict[str, Any] = {name: mapping[name] for name in _FOLLOWUP_FIELDS}
    return FollowUpRow(rating=rating_from_mapping(rated), visit_ref=mapping["visit_ref"], **values)


def followups(conn: Connection, hall_id: int, open_only: bool = True) -> list[FollowUpRow]:
    """The hall's follow-ups (only the ones not closed with ``open_only``), oldest first."""
    f = rating_followups.c
    query = _SELECT.where(f.hall_id == hall_id)
    if open_only:
        query = query.where(f.state != CLOSED)
    return [_followup(row) for row in conn.execute(query.order_by(f.created_at, f.id))]


def followups_between(conn: Connection, hall_id: int, start: date, end: date) -> list[FollowUpRow]:
    """The follow-ups of the ratings whose service day is in [start, end], oldest first."""
    f, r = rating_followups.c, ratings.c
    query = _SELECT.where(f.hall_id == hall_id, r.service_day >= start, r.service_day <= end)
    return [_followup(row) for row in conn.execute(query.order_by(f.created_at, f.id))]


def followup(
    conn: Connection, hall_id: int, followup_id: int, lock: bool = True
) -> FollowUpRow | None:
    """One follow-up of the hall, its row (and its rating's) locked with ``lock``."""
    f = rating_followups.c
    query = _SELECT.where(f.hall_id == hall_id, f.id == followup_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    return None if row is None else _followup(row)


def followup_of_rating(conn: Connection, rating_id: int) -> FollowUpRow | None:
    query = _SELECT.where(rating_followups.c.rating_id == rating_id)
    row = conn.execute(query).first()
    return None if row is None else _followup(row)


def update_followup(conn: Connection, followup_id: int, **values: Any) -> None:
    """Set the given columns of a follow-up (the caller checked the step)."""
    where = rating_followups.c.id == followup_id
    conn.execute(rating_followups.update().where(where).values(**values))


def exclude_rating(conn: Connection, hall_code: str, hall_id: int, rating_id: int) -> None:
    """An upheld appeal: the rating no longer counts in the statistics (it stays stored), and
    the windows' feeds take it again (ratings_repo.resequence) to show it so."""
    conn.execute(ratings.update().where(ratings.c.id == rating_id).values(excluded=True))
    ratings_repo.resequence(conn, hall_code, hall_id, rating_id)

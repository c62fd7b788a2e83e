"""Ratings centrally (issue 7): the hall's settings and secret, the rating insert of the
rating page, the windows' feed by ``seq``, and the visits the windows made codes for.

The secret never leaves the central database except to the hall's own windows (cached in
their local store so codes can be made offline) and the rating page.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.ratings import join_reasons
from desk_client.store import channels, rating_sql
from desk_client.store.db import AnyRow
from desk_client.store.rating_rows import (
    LevelsLike,
    RatedVisit,
    RatingRow,
    SettingsRow,
    VisitRow,
    rating_from_row,
)
from desk_client.store.rating_schema import rating_seq, rating_settings, rating_visits, ratings
from desk_client.store.schema import staff

EXPIRY_DAYS = 7
FOLLOWUP_DAYS = 5  # working days
DEFAULT_AFTER_DAYS = 0  # off
SECRET_BYTES = 32
SUPERVISOR_ROLE = "supervisor"


def new_secret_hex() -> str:
    return secrets.token_bytes(SECRET_BYTES).hex()


def insert_ignore(conn: Connection, table: sa.Table, values: dict[str, Any], key: str) -> None:
    """INSERT unless a row with this ``key`` exists (then nothing changes), on every backend."""
    name = conn.dialect.name
    if name == "postgresql":
        conn.execute(postgresql.insert(table).values(**values).on_conflict_do_nothing())
    elif name == "sqlite":
        conn.execute(sqlite.insert(table).values(**values).on_conflict_do_nothing())
    else:  # MariaDB: a no-op update of the key (INSERT IGNORE would hide other errors too)
        stmt = mysql.insert(table).values(**values)
        conn.execute(stmt.on_duplicate_key_update({key: table.c[key]}))


# -- settings -------------------------------------------------------------------------------


def _read_settings(conn: Connection, hall_id: int, lock: bool) -> SettingsRow | None:
    query = sa.select(rating_settings).where(rating_settings.c.hall_id == hall_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        return None
    return SettingsRow(**row._asdict())


def _fresh_settings(hall_id: int, now: datetime) -> dict[str, Any]:
    return {
        "hall_id": hall_id,
        "secret": new_secret_hex(),
        "previous_secret": None,
        "expiry_days": EXPIRY_DAYS,
        "followup_days": FOLLOWUP_DAYS,
        "followup_staff_no": None,
        "default_after_days": DEFAULT_AFTER_DAYS,
        "updated_at": now,
    }


def settings_row(
    conn: Connection, hall_id: int, *, now: datetime | None = None, lock: bool = False
) -> SettingsRow:
    """The hall's settings, made on first need with a fresh secret and the defaults (and the
    hall's seq row with them). Race-safe (insert-if-absent, then read): call it in a write
    transaction. ``lock``: FOR UPDATE."""
    found = _read_settings(conn, hall_id, lock)
    if found is not None:
        return found
    fresh = _fresh_settings(hall_id, now or datetime.now(UTC))
    insert_ignore(conn, rating_settings, fresh, "hall_id")
    insert_ignore(conn, rating_seq, {"hall_id": hall_id, "last_seq": 0}, "hall_id")
    made = _read_settings(conn, hall_id, lock)
    if made is None:
        raise RuntimeError(f"rating settings of hall {hall_id} neither found nor made")
    return made


def update_settings(conn: Connection, hall_id: int, now: datetime, **values: Any) -> SettingsRow:
    """Set the given columns (expiry_days, followup_days, followup_staff_no,
    default_after_days; checked by the caller) and return the settings as they are now."""
    settings_row(conn, hall_id, now=now, lock=True)
    where = rating_settings.c.hall_id == hall_id
    conn.execute(rating_settings.update().where(where).values(**values, updated_at=now))
    return settings_row(conn, hall_id)


def rotate_secret(conn: Connection, hall_id: int, now: datetime) -> SettingsRow:
    """A fresh secret; the current one is kept as the previous, so the codes already handed
    out stay valid until they expire (a second rotation forgets the oldest)."""
    current = settings_row(conn, hall_id, now=now, lock=True)
    where = rating_settings.c.hall_id == hall_id
    values = {"secret": new_secret_hex(), "previous_secret": current.secret, "updated_at": now}
    conn.execute(rating_settings.update().where(where).values(**values))
    return settings_row(conn, hall_id)


# -- the rating -------------------------------------------------------------------------------


def _rating_values(
    hall_id: int,
    visit: RatedVisit,
    rating: LevelsLike,
    *,
    service_day: date,
    now: datetime,
    defaulted: bool,
) -> dict[str, Any]:
    return {
        "hall_id": hall_id,
        "visit_id": visit.visit_id,
        "window_number": visit.window,
        "staff_no": visit.staff_no,
        "case_number": visit.case_number,
        "item_code": visit.item_code,
        "overall": rating.overall,
        "efficiency": rating.efficiency,
        "competence": rating.competence,
        "attitude": rating.attitude,
        "reasons": join_reasons(rating.reasons),
        "comment": rating.comment,
        "defaulted": defaulted,
        "service_day": service_day,
        "submitted_at": now,
    }


def _next_seq(conn: Connection, hall_id: int) -> int | None:
    """Bump the hall's seq (its row stays locked); None without a row. (PostgreSQL's insert
    bumps it inside PG_RATE; a re-sequenced rating comes here.)"""
    if conn.dialect.name in ("sqlite", "postgresql"):
        return conn.execute(rating_sql.SQLITE_NEXT_SEQ, {"hall_id": hall_id}).scalar()
    result = conn.execute(rating_sql.MYSQL_NEXT_SEQ, {"hall_id": hall_id})
    return int(result.lastrowid) if result.rowcount else None


def _insert(conn: Connection, hall_code: str, values: dict[str, Any]) -> tuple[int, int] | None:
    """(seq, rating id), or None when the hall has no seq row yet."""
    if conn.dialect.name == "postgresql":
        channel = channels.rating_channel_name(hall_code)
        row = conn.execute(rating_sql.PG_RATE, {**values, "channel": channel}).first()
        return None if row is None else (int(row.seq), int(row.id))
    seq = _next_seq(conn, values["hall_id"])
    if seq is None:
        return None
    result = conn.execute(rating_sql.INSERT_RATING, {**values, "seq": seq, "excluded": False})
    key = result.inserted_primary_key
    return seq, int(key[0] if key is not None else result.lastrowid)


def insert_rating(
    conn: Connection,
    hall_code: str,
    hall_id: int,
    visit: RatedVisit,
    rating: LevelsLike,
    *,
    service_day: date,
    now: datetime,
    defaulted: bool = False,
) -> tuple[int, int]:
    """Insert a rating with the hall's next seq; returns (seq, rating id). The seq row stays
    locked until the caller's transaction ends, so commit soon. On PostgreSQL the hall's
    rating channel is notified too. A visit rated already raises
    DeskError("rating.token_used"): the unique (hall_id, visit_id) refused it, and as the
    caller's transaction then rolls back, nothing (not even the seq) has moved."""
    values = _rating_values(
        hall_id, visit, rating, service_day=service_day, now=now, defaulted=defaulted
    )
    try:
        taken = _insert(conn, hall_code, values)
        if taken is None:
            insert_ignore(conn, rating_seq, {"hall_id": hall_id, "last_seq": 0}, "hall_id")
            taken = _insert(conn, hall_code, values)
    except sa.exc.IntegrityError as exc:
        if rating_sql.is_visit_taken(exc):
            raise DeskError("rating.token_used") from exc
        raise
    if taken is None:
        raise RuntimeError(f"no rating seq row for hall {hall_id}")
    return taken


def resequence(conn: Connection, hall_code: str, hall_id: int, rating_id: int) -> int:
    """Give a changed rating (an appeal upheld) the hall's next seq, so that every window's
    feed, which reads by seq, takes it again. The seq row stays locked until COMMIT, as for
    an insert, so a feed's cursor still never skips; PostgreSQL wakes the windows."""
    seq = _next_seq(conn, hall_id)
    if seq is None:  # a rating exists, so its hall's seq row does
        raise RuntimeError(f"no rating seq row for hall {hall_id}")
    conn.execute(ratings.update().where(ratings.c.id == rating_id).values(seq=seq))
    notify_rating(conn, hall_code, seq)
    return seq


def notify_rating(conn: Connection, hall_code: str, seq: int) -> None:
    """PostgreSQL: wake the hall's windows when this transaction commits (insert_rating does
    it already; identical notifications of one transaction are delivered once)."""
    if conn.dialect.name == "postgresql":
        channel = channels.rating_channel_name(hall_code)
        conn.execute(sa.select(sa.func.pg_notify(channel, str(seq))))


def last_seq(conn: Connection, hall_id: int) -> int:
    query = sa.select(rating_seq.c.last_seq).where(rating_seq.c.hall_id == hall_id)
    return int(conn.execute(query).scalar() or 0)


def ratings_after(conn: Connection, hall_id: int, seq: int, limit: int) -> list[RatingRow]:
    """The hall's ratings with a seq above ``seq``, oldest first, at most ``limit``."""
    r = ratings.c
    query = sa.select(ratings).where(r.hall_id == hall_id, r.seq > seq).order_by(r.seq)
    return [rating_from_row(row) for row in conn.execute(query.limit(limit))]


def rating_by_visit(conn: Connection, hall_id: int, visit_id: str) -> tuple[int, RatingRow] | None:
    """(rating id, rating) of a visit, or None when it is not rated."""
    r = ratings.c
    row = conn.execute(
        sa.select(ratings).where(r.hall_id == hall_id, r.visit_id == visit_id)
    ).first()
    return None if row is None else (int(row.id), rating_from_row(row))


def rated(conn: Connection, hall_id: int, visit_id: str) -> bool:
    r = ratings.c
    query = sa.select(r.id).where(r.hall_id == hall_id, r.visit_id == visit_id)
    return conn.execute(query).first() is not None


# -- visits (the rating.visit event) and the "unrated counts as 基本满意" option --------------


def _visit(row: AnyRow) -> VisitRow:
    return VisitRow(**{name: getattr(row, name) for name in VisitRow.__dataclass_fields__})


def visit_halls(conn: Connection, visit_ids: Collection[str]) -> dict[str, int]:
    """The hall id of each of these visits that is recorded already."""
    v = rating_visits.c
    query = sa.select(v.visit_id, v.hall_id).where(v.visit_id.in_(sorted(visit_ids)))
    return {row.visit_id: int(row.hall_id) for row in conn.execute(query)}


def insert_visit(conn: Connection, hall_id: int, visit: VisitRow) -> None:
    """Record a visit unless it is recorded already (then nothing changes)."""
    values = {name: getattr(visit, name) for name in VisitRow.__dataclass_fields__}
    insert_ignore(conn, rating_visits, {**values, "hall_id": hall_id}, "visit_id")


def unrated_visits(
    conn: Connection, hall_id: int, issued_before: datetime, limit: int = 500
) -> list[VisitRow]:
    """Visits issued before ``issued_before`` that have no rating, oldest first."""
    v, r = rating_visits.c, ratings.c
    joined = rating_visits.outerjoin(
        ratings, sa.and_(r.hall_id == v.hall_id, r.visit_id == v.visit_id)
    )
    query = (
        sa.select(rating_visits)
        .select_from(joined)
        .where(v.hall_id == hall_id, v.issued_at < issued_before, r.id.is_(None))
        .order_by(v.issued_at, v.visit_id)
    )
    return [_visit(row) for row in conn.execute(query.limit(limit))]


def first_supervisor(conn: Connection, hall_id: int) -> str | None:
    """The staff number of the hall's first active supervisor (by staff number), if any."""
    s = staff.c
    query = sa.select(s.staff_no).where(
        s.hall_id == hall_id, s.active.is_(True), s.role == SUPERVISOR_ROLE
    )
    found = conn.execute(query.order_by(s.staff_no).limit(1)).scalar()
    return None if found is None else str(found)

"""好差评 on the PC (issue 7): the codes this window made, its mirror of the hall's ratings
read by the central ``seq`` cursor, and the hall's secrets cached for making codes offline.

A code is written with its ``rating.visit`` outbox event in ONE local transaction (the
caller's: services.ratings runs insert_code inside LocalStore.record's payload function).
The mirror holds only submitted ratings; it is never written from anything the window saw.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection

from desk_client.core.ratings import join_reasons
from desk_client.store.db import AnyRow
from desk_client.store.rating_local_schema import rating_codes, rating_state, ratings_seen
from desk_client.store.rating_rows import RatingRow, rating_from_row

CURSOR = "cursor"
SECRET = "secret"
SECRET_AT = "secret_at"
EXPIRY = "expiry_days"


@dataclass(frozen=True)
class CodeRow:
    """A rating code this PC made (kind ticket | case | emergency; ref its number)."""

    visit_id: str
    kind: str
    ref: str
    window_number: int
    staff_no: str
    item_code: str
    category_code: str
    case_number: str
    url: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class SeenRating:
    """A rating of the mirror; ``ref`` is the ticket or case number when this PC made the
    code, else the rating's case number ("" when none)."""

    rating: RatingRow
    ref: str


@dataclass(frozen=True)
class CachedSecrets:
    secrets_hex: tuple[str, ...]  # the current secret first
    at: datetime  # when they were read from the central database
    expiry_days: int | None = None  # the hall's code lifetime then (None: an older copy)


# -- codes ------------------------------------------------------------------------------------


def _code(row: AnyRow) -> CodeRow:
    return CodeRow(**row._asdict())


def insert_code(conn: Connection, code: CodeRow) -> None:
    conn.execute(rating_codes.insert().values(**asdict(code)))


def code(conn: Connection, visit_id: str) -> CodeRow | None:
    row = conn.execute(sa.select(rating_codes).where(rating_codes.c.visit_id == visit_id)).first()
    return None if row is None else _code(row)


def codes(conn: Connection, window: int | None = None, limit: int = 100) -> list[CodeRow]:
    """The codes made here (at one window with ``window``), newest first."""
    c = rating_codes.c
    query = sa.select(rating_codes).order_by(c.issued_at.desc(), c.visit_id.desc())
    if window is not None:
        query = query.where(c.window_number == window)
    return [_code(row) for row in conn.execute(query.limit(limit))]


def refs(conn: Connection, visit_ids: Sequence[str]) -> dict[str, str]:
    """visit id -> ticket or case number, for the visits whose code was made here."""
    c = rating_codes.c
    query = sa.select(c.visit_id, c.ref).where(c.visit_id.in_(sorted(set(visit_ids))))
    return {row.visit_id: row.ref for row in conn.execute(query)}


# -- the mirror of the hall's ratings -------------------------------------------------------


def _state(conn: Connection, key: str) -> str | None:
    query = sa.select(rating_state.c.value).where(rating_state.c.key == key)
    found = conn.execute(query).scalar_one_or_none()
    return None if found is None else str(found)


def _set_state(conn: Connection, key: str, value: str) -> None:
    stmt = sqlite.insert(rating_state).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def cursor(conn: Connection) -> int:
    """The last central seq taken into the mirror (0 before the first)."""
    return int(_state(conn, CURSOR) or 0)


def _seen_values(rating: RatingRow) -> dict[str, object]:
    values = asdict(rating)
    return {**values, "reasons": join_reasons(rating.reasons)}


def store_seen(conn: Connection, rows: Sequence[RatingRow], new_cursor: int) -> list[RatingRow]:
    """Take these ratings into the mirror and move the cursor to ``new_cursor`` (never
    back); returns the ones new or changed here, in ``rows``' order. A rating the mirror
    holds under an older seq was changed centrally (an appeal upheld gives it a new seq,
    ratings_repo.resequence) and replaces its old row. Idempotent on seq."""
    s = ratings_seen.c
    visits = [row.visit_id for row in rows]
    held_query = sa.select(s.visit_id, s.seq).where(s.visit_id.in_(visits))
    held = {row.visit_id: row.seq for row in conn.execute(held_query)} if visits else {}
    taken = [row for row in rows if held.get(row.visit_id) != row.seq]
    changed = [row.visit_id for row in taken if row.visit_id in held]
    if changed:
        conn.execute(ratings_seen.delete().where(s.visit_id.in_(changed)))
    if taken:
        stmt = sqlite.insert(ratings_seen).on_conflict_do_nothing()
        conn.execute(stmt, [_seen_values(row) for row in taken])
    _set_state(conn, CURSOR, str(max(cursor(conn), new_cursor)))
    return taken


def seen_for_window(conn: Connection, window: int, day: date) -> list[SeenRating]:
    """The ratings of one window for visits rated on ``day``, newest first."""
    s, c = ratings_seen.c, rating_codes.c
    query = (
        sa.select(ratings_seen, c.ref)
        .select_from(ratings_seen.outerjoin(rating_codes, c.visit_id == s.visit_id))
        .where(s.window_number == window, s.service_day == day)
        .order_by(s.seq.desc())
    )
    return [
        SeenRating(rating_from_row(row), row.ref or row.case_number) for row in conn.execute(query)
    ]


# -- the hall's secrets, for codes made offline ---------------------------------------------


def cache_secrets(
    conn: Connection, secrets_hex: Sequence[str], at: datetime, expiry_days: int | None = None
) -> None:
    """Keep the hall's secrets (the current one first) and its code lifetime as read
    centrally at ``at``, so an offline window signs codes that expire as the hall says."""
    _set_state(conn, SECRET, json.dumps(list(secrets_hex)))
    _set_state(conn, SECRET_AT, at.isoformat())
    if expiry_days is not None:
        _set_state(conn, EXPIRY, str(expiry_days))


def cached_secrets(conn: Connection) -> CachedSecrets | None:
    text, at = _state(conn, SECRET), _state(conn, SECRET_AT)
    if text is None or at is None:
        return None
    expiry = _state(conn, EXPIRY)
    secrets_hex = tuple(str(item) for item in json.loads(text))
    days = None if expiry is None else int(expiry)
    return CachedSecrets(secrets_hex, datetime.fromisoformat(at), days)

"""好差评 on the PC (issue 7, local revision 0007), on the same local metadata as
store.local_schema (which is full): the codes this PC made, the hall's ratings it has read,
and the feed's cursor and cached secrets.

A code is made in one local transaction with its ``rating.visit`` outbox event, so a window
can make codes offline once the hall's secret is cached here. ``ratings_seen`` mirrors the
central ``ratings`` by their central ``seq``; only what was submitted ever lands here.
"""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.local_schema import local_metadata
from desk_client.store.schema import UTCDateTime


def _text(name: str, length: int) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=False)


def _level(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.SmallInteger, nullable=False)


rating_codes = sa.Table(
    "rating_codes",
    local_metadata,
    sa.Column("visit_id", sa.String(32), primary_key=True),
    _text("kind", 12),  # ticket | case | emergency
    _text("ref", 40),  # the ticket or case number
    sa.Column("window_number", sa.Integer, nullable=False),
    _text("staff_no", 32),
    _text("item_code", 64),
    _text("category_code", 32),
    _text("case_number", 40),
    _text("url", 500),
    sa.Column("issued_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Index("ix_rating_codes_issued", "window_number", "issued_at"),
)

ratings_seen = sa.Table(
    "ratings_seen",
    local_metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),  # the central seq
    sa.Column("visit_id", sa.String(32), nullable=False, unique=True),
    sa.Column("window_number", sa.Integer, nullable=False),
    _text("staff_no", 32),
    _text("case_number", 40),
    _text("item_code", 64),
    _level("overall"),
    _level("efficiency"),
    _level("competence"),
    _level("attitude"),
    _text("reasons", 200),
    _text("comment", 200),
    sa.Column("defaulted", sa.Boolean, nullable=False),
    sa.Column("excluded", sa.Boolean, nullable=False),
    sa.Column("service_day", sa.Date, nullable=False),
    sa.Column("submitted_at", UTCDateTime, nullable=False),
    sa.Index("ix_ratings_seen_window", "window_number", "service_day"),
)

#: key/value: "cursor" (the last central seq taken), "secret" (JSON list of hex secrets,
#: current first), "secret_at" (ISO time they were cached).
rating_state = sa.Table(
    "rating_state",
    local_metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

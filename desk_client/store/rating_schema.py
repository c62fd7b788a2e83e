"""好差评 centrally (issue 7, revision 0007): the hall's rating settings, the ratings, the
visits that may be rated, and the follow-ups (回访) of bad ratings.

The rating page writes ``ratings`` directly (they are not outbox events). Each rating takes
the hall's next ``rating_seq.last_seq`` under that row's lock in its own transaction, so the
``seq`` values commit in order and a window reading ``seq > cursor`` never skips one.
``UNIQUE(hall_id, visit_id)`` is what makes a visit rated once (一次一评).

``rating_visits`` arrive from the windows through the ``rating.visit`` event
(sync.handlers_ratings); they feed the "unrated after N days counts as 基本满意" option.
"""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.schema import BigId, UTCDateTime, metadata

#: The first central schema revision that has these tables.
RATINGS_SINCE = "0007"


def _hall() -> sa.Column[int]:
    return sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False)


def _hall_key() -> sa.Column[int]:
    return sa.Column(
        "hall_id", BigId, sa.ForeignKey("halls.id"), primary_key=True, autoincrement=False
    )


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=nullable)


def _note(name: str, length: int, default: str = "") -> sa.Column[str]:
    """A follow-up field that starts empty (a Python-side default; the DDL has none)."""
    return sa.Column(name, sa.String(length), nullable=False, default=default)


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime, nullable=nullable)


#: One row per hall, made on first need with a fresh secret (hex of 32 random bytes).
rating_settings = sa.Table(
    "rating_settings",
    metadata,
    _hall_key(),
    _text("secret", 64),
    _text("previous_secret", 64, nullable=True),  # still accepted until its codes expire
    sa.Column("expiry_days", sa.Integer, nullable=False),
    sa.Column("followup_days", sa.Integer, nullable=False),  # working days
    _text("followup_staff_no", 32, nullable=True),  # NULL: the first active supervisor
    sa.Column("default_after_days", sa.Integer, nullable=False),  # 0: the option is off
    _time("updated_at"),
)

#: The hall's last rating seq; its row lock serialises the ratings of a hall.
rating_seq = sa.Table(
    "rating_seq",
    metadata,
    _hall_key(),
    sa.Column("last_seq", sa.BigInteger, nullable=False),
)

ratings = sa.Table(
    "ratings",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    _hall(),
    sa.Column("seq", sa.BigInteger, nullable=False),
    _text("visit_id", 32),
    sa.Column("window_number", sa.Integer, nullable=False),
    _text("staff_no", 32),
    _text("case_number", 40),  # "" when the visit was not a case
    _text("item_code", 64),
    sa.Column("overall", sa.SmallInteger, nullable=False),
    sa.Column("efficiency", sa.SmallInteger, nullable=False),
    sa.Column("competence", sa.SmallInteger, nullable=False),
    sa.Column("attitude", sa.SmallInteger, nullable=False),
    _text("reasons", 200),  # comma-joined core.ratings.REASONS codes
    _text("comment", 200),  # characters (utf8mb4 on MariaDB)
    sa.Column("defaulted", sa.Boolean, nullable=False),  # the "unrated counts as 3" option
    sa.Column("excluded", sa.Boolean, nullable=False),  # an upheld appeal: not counted
    sa.Column("service_day", sa.Date, nullable=False),  # the hall's local date of submission
    _time("submitted_at"),
    sa.UniqueConstraint("hall_id", "seq"),
    sa.UniqueConstraint("hall_id", "visit_id"),
    sa.Index("ix_ratings_day", "hall_id", "service_day"),
)

#: Every visit a window made a code for (kind ticket | case | emergency).
rating_visits = sa.Table(
    "rating_visits",
    metadata,
    _text("visit_id", 32),
    _hall(),
    _text("kind", 12),
    _text("ref", 40),  # the ticket or case number
    sa.Column("window_number", sa.Integer, nullable=False),
    _text("staff_no", 32),
    _text("item_code", 64),
    _text("category_code", 32),
    sa.Column("service_day", sa.Date, nullable=False),
    _time("issued_at"),
    _time("expires_at"),
    sa.PrimaryKeyConstraint("visit_id"),
    sa.Index("ix_rating_visits_issued", "hall_id", "issued_at"),
)

#: The follow-up (回访) of a bad rating: contact, rectification (整改), appeal (申诉复核).
rating_followups = sa.Table(
    "rating_followups",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    _hall(),
    sa.Column("rating_id", BigId, sa.ForeignKey("ratings.id"), nullable=False, unique=True),
    _text("assignee_no", 32),
    sa.Column("due_day", sa.Date, nullable=True),  # NULL: the calendar lacks the year
    _text("state", 12),  # open | contacted | closed
    _note("contact_note", 500),
    _time("contacted_at", nullable=True),
    _note("contacted_by", 32),
    _note("rectification", 500),
    _time("rectified_at", nullable=True),
    _note("rectified_by", 32),
    _note("appeal_state", 12, "none"),  # none | requested | upheld | rejected
    _note("appeal_reason", 500),
    _note("appeal_by", 32),
    _note("appeal_note", 500),
    _note("appeal_decided_by", 32),
    _time("appeal_decided_at", nullable=True),
    _note("close_note", 500),
    _note("closed_by", 32),
    _time("closed_at", nullable=True),
    _time("created_at"),
    sa.Index("ix_rating_followups_state", "hall_id", "state"),
)

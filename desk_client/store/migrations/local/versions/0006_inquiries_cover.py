"""inquiries and cover: inquiries, inquiry_events, absences, cached_cover, cached_posts,
cached_roster, cached_departments

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLES = (
    "cached_departments",
    "cached_roster",
    "cached_posts",
    "cached_cover",
    "absences",
    "inquiry_events",
    "inquiries",
)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def _key(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint, sa.Column[str]]:
    column = sa.Column("id", ID, autoincrement=True, nullable=False)
    return column, sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")), _text("hall_code", 32)


def _inquiries() -> None:
    op.create_table(
        "inquiries",
        *_key("inquiries"),
        _text("number", 32),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("window_number", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        *(_text(name, 16) for name in ("channel", "person_kind")),
        *(_text(name, 200) for name in ("person_name", "person_display")),
        *(_text(name, 32) for name in ("phone", "id_number")),
        sa.Column("matter", sa.Text(), nullable=False),
        _text("item_code", 64),
        sa.Column("materials", sa.Text(), nullable=False),
        *(_text(name, 32) for name in ("owner_no", "handler_no")),
        _text("department", 200),
        _text("contact", 500),
        _text("state", 16),
        sa.Column("promised_reply", sa.Date(), nullable=True),
        sa.Column("logged_day", sa.Date(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        _text("on_behalf_of", 32),
        _time("created_at"),
        _time("referred_at", nullable=True),
        _time("closed_at", nullable=True),
        _time("updated_at"),
        sa.UniqueConstraint("hall_code", "number", name=op.f("uq_inquiries_hall_code_number")),
    )
    for name, columns in (
        ("seq", ["year", "window_number", "seq"]),
        ("handler", ["handler_no", "closed_at"]),
        ("owner", ["owner_no", "closed_at"]),
        ("phone", ["phone"]),
        ("name", ["person_name"]),
    ):
        op.create_index(f"ix_inquiries_{name}", "inquiries", ["hall_code", *columns])


def _timeline() -> None:
    op.create_table(
        "inquiry_events",
        *_key("inquiry_events"),
        _text("number", 32),
        _text("event_id", 36, nullable=True),
        _text("type", 64),
        _time("at"),
        _text("actor", 64),
        _text("on_behalf_of", 64),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.UniqueConstraint("event_id", name=op.f("uq_inquiry_events_event_id")),
    )
    op.create_index("ix_inquiry_events_inquiry", "inquiry_events", ["hall_code", "number", "at"])
    op.create_table(
        "absences",
        _text("id", 36),
        _text("hall_code", 32),
        _text("staff_no", 32),
        _text("kind", 16),
        _time("start_at"),
        _time("end_at"),
        _text("note", 500),
        _text("recorded_by", 32),
        _time("recorded_at"),
        _text("cancelled_by", 32, nullable=True),
        _time("cancelled_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absences")),
    )
    op.create_index("ix_absences_staff", "absences", ["hall_code", "staff_no", "start_at"])


def _cached() -> None:
    op.create_table(
        "cached_cover",
        _text("hall_code", 32),
        sa.Column("version", sa.Integer(), nullable=False),
        _time("cached_at"),
        sa.PrimaryKeyConstraint("hall_code", name=op.f("pk_cached_cover")),
    )
    op.create_table(
        "cached_posts",
        _text("hall_code", 32),
        _text("post", 32),
        _text("a_no", 32),
        _text("b_no", 32),
        sa.PrimaryKeyConstraint("hall_code", "post", name=op.f("pk_cached_posts")),
    )
    op.create_table(
        "cached_roster",
        _text("hall_code", 32),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("window_number", sa.Integer(), autoincrement=False, nullable=False),
        _text("shift", 8),
        _text("staff_no", 32),
        sa.PrimaryKeyConstraint(
            "hall_code", "day", "window_number", "shift", name=op.f("pk_cached_roster")
        ),
    )
    op.create_table(
        "cached_departments",
        _text("hall_code", 32),
        _text("name", 200),
        _text("contact", 100),
        _text("phone", 32),
        _text("address", 200),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "name", name=op.f("pk_cached_departments")),
    )


def upgrade() -> None:
    _inquiries()
    _timeline()
    _cached()


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)

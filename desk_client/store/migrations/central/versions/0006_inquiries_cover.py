"""inquiries and cover: inquiries, inquiry_events, posts, absences, roster, departments,
cover_state

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import LongText, UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLES = (
    "cover_state",
    "departments",
    "roster",
    "absences",
    "posts",
    "inquiry_events",
    "inquiries",
)


def _id(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint]:
    column = sa.Column("id", ID, autoincrement=True, nullable=False)
    return column, sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _hall(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    key = sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f(f"fk_{table}_hall_id_halls"))
    return sa.Column("hall_id", ID, nullable=False), key


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def _inquiries() -> None:
    op.create_table(
        "inquiries",
        *_id("inquiries"),
        *_hall("inquiries"),
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
        sa.UniqueConstraint("hall_id", "number", name=op.f("uq_inquiries_hall_id_number")),
    )
    for name, columns in (
        ("handler", ["handler_no", "closed_at"]),
        ("owner", ["owner_no", "closed_at"]),
        ("phone", ["phone"]),
        ("name", ["person_name"]),
        ("created", ["created_at"]),
    ):
        op.create_index(f"ix_inquiries_{name}", "inquiries", ["hall_id", *columns])


def _timeline() -> None:
    op.create_table(
        "inquiry_events",
        *_id("inquiry_events"),
        sa.Column("hall_id", ID, nullable=False),
        _text("number", 32),
        _text("event_id", 36),
        _text("type", 64),
        _time("at"),
        _text("actor", 64),
        _text("on_behalf_of", 64),
        sa.Column("detail", LongText, nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id", "number"],
            ["inquiries.hall_id", "inquiries.number"],
            name="fk_inquiry_events_inquiry_inquiries",
        ),
        sa.UniqueConstraint("event_id", name=op.f("uq_inquiry_events_event_id")),
    )
    op.create_index("ix_inquiry_events_inquiry", "inquiry_events", ["hall_id", "number", "at"])


def _cover() -> None:
    op.create_table(
        "posts",
        *_id("posts"),
        *_hall("posts"),
        _text("post", 32),
        _text("a_no", 32),
        _text("b_no", 32),
        _text("updated_by", 32),
        _time("updated_at"),
        sa.UniqueConstraint("hall_id", "post", name=op.f("uq_posts_hall_id_post")),
    )
    op.create_table(
        "absences",
        _text("id", 36),
        *_hall("absences"),
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
    op.create_index("ix_absences_staff", "absences", ["hall_id", "staff_no", "start_at"])
    op.create_index("ix_absences_end", "absences", ["hall_id", "end_at"])


def _roster() -> None:
    op.create_table(
        "roster",
        *_id("roster"),
        *_hall("roster"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("window_number", sa.Integer(), nullable=False),
        _text("staff_no", 32),
        _text("shift", 8),
        sa.UniqueConstraint(
            "hall_id",
            "day",
            "window_number",
            "shift",
            name=op.f("uq_roster_hall_id_day_window_number_shift"),
        ),
    )
    op.create_table(
        "departments",
        *_id("departments"),
        *_hall("departments"),
        _text("name", 200),
        _text("contact", 100),
        _text("phone", 32),
        _text("address", 200),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("hall_id", "name", name=op.f("uq_departments_hall_id_name")),
    )
    op.create_table(
        "cover_state",
        sa.Column("hall_id", ID, autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _time("updated_at"),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.id"], name=op.f("fk_cover_state_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint("hall_id", name=op.f("pk_cover_state")),
    )


def upgrade() -> None:
    _inquiries()
    _timeline()
    _cover()
    _roster()
    _version(revision)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    _version(down_revision)

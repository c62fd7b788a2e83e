"""ratings: rating_settings, rating_seq, ratings, rating_visits, rating_followups

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-20 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

from desk_client.store.schema import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLES = ("rating_followups", "rating_visits", "ratings", "rating_seq", "rating_settings")
LEVELS = ("overall", "efficiency", "competence", "attitude")


def _hall(table: str, primary: bool = False) -> tuple[SchemaItem, ...]:
    column = sa.Column("hall_id", ID, autoincrement=False, nullable=False)
    key = sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f(f"fk_{table}_hall_id_halls"))
    if primary:
        return column, key, sa.PrimaryKeyConstraint("hall_id", name=op.f(f"pk_{table}"))
    return column, key


def _id(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint]:
    column = sa.Column("id", ID, autoincrement=True, nullable=False)
    return column, sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def _settings() -> None:
    op.create_table(
        "rating_settings",
        *_hall("rating_settings", primary=True),
        _text("secret", 64),
        _text("previous_secret", 64, nullable=True),
        sa.Column("expiry_days", sa.Integer(), nullable=False),
        sa.Column("followup_days", sa.Integer(), nullable=False),
        _text("followup_staff_no", 32, nullable=True),
        sa.Column("default_after_days", sa.Integer(), nullable=False),
        _time("updated_at"),
    )
    op.create_table(
        "rating_seq",
        *_hall("rating_seq", primary=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
    )


def _ratings() -> None:
    op.create_table(
        "ratings",
        *_id("ratings"),
        *_hall("ratings"),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        _text("visit_id", 32),
        sa.Column("window_number", sa.Integer(), nullable=False),
        _text("staff_no", 32),
        _text("case_number", 40),
        _text("item_code", 64),
        *(sa.Column(name, sa.SmallInteger(), nullable=False) for name in LEVELS),
        _text("reasons", 200),
        _text("comment", 200),
        sa.Column("defaulted", sa.Boolean(), nullable=False),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        _time("submitted_at"),
        sa.UniqueConstraint("hall_id", "seq", name=op.f("uq_ratings_hall_id_seq")),
        sa.UniqueConstraint("hall_id", "visit_id", name=op.f("uq_ratings_hall_id_visit_id")),
    )
    op.create_index("ix_ratings_day", "ratings", ["hall_id", "service_day"])


def _visits() -> None:
    op.create_table(
        "rating_visits",
        _text("visit_id", 32),
        *_hall("rating_visits"),
        _text("kind", 12),
        _text("ref", 40),
        sa.Column("window_number", sa.Integer(), nullable=False),
        _text("staff_no", 32),
        _text("item_code", 64),
        _text("category_code", 32),
        sa.Column("service_day", sa.Date(), nullable=False),
        _time("issued_at"),
        _time("expires_at"),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_rating_visits")),
    )
    op.create_index("ix_rating_visits_issued", "rating_visits", ["hall_id", "issued_at"])


def _followups() -> None:
    op.create_table(
        "rating_followups",
        *_id("rating_followups"),
        *_hall("rating_followups"),
        sa.Column("rating_id", ID, nullable=False),
        _text("assignee_no", 32),
        sa.Column("due_day", sa.Date(), nullable=True),
        _text("state", 12),
        _text("contact_note", 500),
        _time("contacted_at", nullable=True),
        _text("contacted_by", 32),
        _text("rectification", 500),
        _time("rectified_at", nullable=True),
        _text("rectified_by", 32),
        _text("appeal_state", 12),
        _text("appeal_reason", 500),
        _text("appeal_by", 32),
        _text("appeal_note", 500),
        _text("appeal_decided_by", 32),
        _time("appeal_decided_at", nullable=True),
        _text("close_note", 500),
        _text("closed_by", 32),
        _time("closed_at", nullable=True),
        _time("created_at"),
        sa.ForeignKeyConstraint(
            ["rating_id"], ["ratings.id"], name=op.f("fk_rating_followups_rating_id_ratings")
        ),
        sa.UniqueConstraint("rating_id", name=op.f("uq_rating_followups_rating_id")),
    )
    op.create_index("ix_rating_followups_state", "rating_followups", ["hall_id", "state"])


def upgrade() -> None:
    _settings()
    _ratings()
    _visits()
    _followups()
    _version(revision)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    _version(down_revision)

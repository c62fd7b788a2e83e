"""ratings: rating_codes, ratings_seen, rating_state

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-20 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("rating_state", "ratings_seen", "rating_codes")
LEVELS = ("overall", "efficiency", "competence", "attitude")


def _text(name: str, length: int) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=False)


def _time(name: str) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(), nullable=False)


def _codes() -> None:
    op.create_table(
        "rating_codes",
        _text("visit_id", 32),
        _text("kind", 12),
        _text("ref", 40),
        sa.Column("window_number", sa.Integer(), nullable=False),
        _text("staff_no", 32),
        _text("item_code", 64),
        _text("category_code", 32),
        _text("case_number", 40),
        _text("url", 500),
        _time("issued_at"),
        _time("expires_at"),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_rating_codes")),
    )
    op.create_index("ix_rating_codes_issued", "rating_codes", ["window_number", "issued_at"])


def _seen() -> None:
    op.create_table(
        "ratings_seen",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
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
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_ratings_seen")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_ratings_seen_visit_id")),
    )
    op.create_index("ix_ratings_seen_window", "ratings_seen", ["window_number", "service_day"])


def upgrade() -> None:
    _codes()
    _seen()
    op.create_table(
        "rating_state",
        _text("key", 32),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rating_state")),
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)

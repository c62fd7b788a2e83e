"""offline login cache: cached_hall, cached_staff, cached_categories, cached_windows

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _hall_and_staff() -> None:
    op.create_table(
        "cached_hall",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("cached_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_cached_hall")),
    )
    op.create_table(
        "cached_staff",
        sa.Column("hall_code", sa.String(length=32), nullable=False),
        sa.Column("staff_no", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("cached_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "staff_no", name=op.f("pk_cached_staff")),
    )


def _layout() -> None:
    op.create_table(
        "cached_categories",
        sa.Column("hall_code", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("category_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "code", name=op.f("pk_cached_categories")),
    )
    op.create_table(
        "cached_windows",
        sa.Column("hall_code", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("window_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category_codes", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "number", name=op.f("pk_cached_windows")),
    )


def upgrade() -> None:
    _hall_and_staff()
    _layout()


def downgrade() -> None:
    op.drop_table("cached_windows")
    op.drop_table("cached_categories")
    op.drop_table("cached_staff")
    op.drop_table("cached_hall")

"""catalogue copy and notices: cached_catalogue, cached_items, notices; phones in the cache

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _phones() -> None:
    with op.batch_alter_table("cached_hall", recreate="never") as batch:
        batch.add_column(sa.Column("phone", sa.String(32), server_default="", nullable=False))
        batch.add_column(sa.Column("address", sa.String(200), server_default="", nullable=False))
    with op.batch_alter_table("cached_staff", recreate="never") as batch:
        batch.add_column(sa.Column("phone", sa.String(32), server_default="", nullable=False))


def _catalogue() -> None:
    op.create_table(
        "cached_catalogue",
        _text("hall_code", 32),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("cached_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", name=op.f("pk_cached_catalogue")),
    )
    op.create_table(
        "cached_items",
        _text("hall_code", 32),
        _text("code", 64),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("initials", 500),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "code", name=op.f("pk_cached_items")),
    )


def _notices() -> None:
    op.create_table(
        "notices",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        _text("hall_code", 32),
        _text("number", 32),
        _text("kind", 16),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("window_number", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        _text("item_code", 64),
        _text("item_name", 200),
        _text("applicant_name", 200),
        _text("staff_no", 32),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        _text("status", 20),
        sa.Column("comment", sa.Text(), nullable=False),
        _text("refers_to", 32),
        _text("event_id", 36, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("hall_code", "number", name=op.f("uq_notices_hall_code_number")),
    )
    op.create_index(
        "ix_notices_seq", "notices", ["hall_code", "kind", "year", "window_number", "seq"]
    )
    op.create_index("ix_notices_created", "notices", ["hall_code", "created_at"])


def upgrade() -> None:
    _phones()
    _catalogue()
    _notices()


def downgrade() -> None:
    op.drop_table("notices")
    op.drop_table("cached_items")
    op.drop_table("cached_catalogue")
    with op.batch_alter_table("cached_staff", recreate="never") as batch:
        batch.drop_column("phone")
    with op.batch_alter_table("cached_hall", recreate="never") as batch:
        batch.drop_column("address")
        batch.drop_column("phone")

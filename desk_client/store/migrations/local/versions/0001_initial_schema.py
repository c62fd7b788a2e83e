"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 02:16:31.760547
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_device")),
    )
    op.create_table(
        "printed_documents",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printed_documents")),
    )


def downgrade() -> None:
    op.drop_table("printed_documents")
    op.drop_table("device")

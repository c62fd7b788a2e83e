"""sync engine: outbox, sync state, emergency tickets, sessions, inbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("client_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("acked_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("client_seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_status", ["status", "client_seq"], unique=False)
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )


def _records() -> None:
    op.create_table(
        "emergency_tickets",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("window_number", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("category_code", sa.String(length=32), nullable=False),
        sa.Column("staff_no", sa.String(length=32), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("called_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_tickets")),
        sa.UniqueConstraint(
            "service_day",
            "window_number",
            "seq",
            name=op.f("uq_emergency_tickets_service_day_window_number_seq"),
        ),
    )
    op.create_table(
        "sessions",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("staff_no", sa.String(length=32), nullable=False),
        sa.Column("window_number", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    op.create_table(
        "inbox",
        sa.Column("server_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("server_seq", name=op.f("pk_inbox")),
    )


def upgrade() -> None:
    _outbox()
    _records()


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("sessions")
    op.drop_table("emergency_tickets")
    op.drop_table("sync_state")
    op.drop_table("outbox")

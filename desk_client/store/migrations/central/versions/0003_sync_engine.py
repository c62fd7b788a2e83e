"""sync engine: devices, the per-hall event counter, events, and the apply targets

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, autoincrement=True, nullable=False)


def _hall(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    name = op.f(f"fk_{table}_hall_id_halls")
    return sa.Column("hall_id", ID, nullable=False), sa.ForeignKeyConstraint(
        ["hall_id"], ["halls.id"], name=name
    )


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def _devices() -> None:
    op.create_table(
        "devices",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        *_hall("devices"),
        sa.Column("last_client_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_devices")),
    )
    op.create_table(
        "hall_event_seq",
        *_hall("hall_event_seq"),
        sa.Column("last_server_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("hall_id", name=op.f("pk_hall_event_seq")),
    )


def _events() -> None:
    op.create_table(
        "events",
        _id(),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        *_hall("events"),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("client_seq", sa.BigInteger(), nullable=False),
        sa.Column("server_seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.device_id"], name=op.f("fk_events_device_id_devices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_events_event_id")),
        sa.UniqueConstraint("device_id", "client_seq", name=op.f("uq_events_device_id_client_seq")),
        sa.UniqueConstraint("hall_id", "server_seq", name=op.f("uq_events_hall_id_server_seq")),
    )


def _targets() -> None:
    op.create_table(
        "staff_sessions",
        _id(),
        *_hall("staff_sessions"),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("staff_no", sa.String(length=32), nullable=False),
        sa.Column("window_number", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_sessions")),
        sa.UniqueConstraint("event_id", name=op.f("uq_staff_sessions_event_id")),
    )
    op.create_table(
        "printed_documents",
        _id(),
        *_hall("printed_documents"),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printed_documents")),
        sa.UniqueConstraint("event_id", name=op.f("uq_printed_documents_event_id")),
    )


def upgrade() -> None:
    _devices()
    _events()
    _targets()
    _version(revision)


def downgrade() -> None:
    op.drop_table("printed_documents")
    op.drop_table("staff_sessions")
    op.drop_table("events")
    op.drop_table("hall_event_seq")
    op.drop_table("devices")
    _version(down_revision)

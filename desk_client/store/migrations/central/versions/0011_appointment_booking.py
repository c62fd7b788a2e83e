"""appointment booking: who booked and cancelled, the hall's booking rules, the day's counter

Appointments were only imported (the demo's seed) and checked in. A hall now books them at
a window or from desk-admin: appointments gain the phone, where and by whom each was booked
or cancelled, the code a move (改约) replaced, an index by slot (the capacity count and the
day's list read by slot) and one by phone (the no-show limit reads a person's recent
appointments). ``appointment_settings`` holds a hall's rules, the 爽约限制 among them (no
row: the defaults); ``appointment_seq`` is the day's code counter, whose row lock serialises
the bookings of a day. Existing rows become source 'import'.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
#: The columns appointments gain, in the order the downgrade drops them.
NEW_COLUMNS = (
    "replaces",
    "cancelled_by",
    "cancelled_at",
    "booked_by",
    "booked_at",
    "source",
    "phone",
)
STAFF_KEYS = (
    ("booked_by", "fk_appointments_booked_by_staff"),
    ("cancelled_by", "fk_appointments_cancelled_by_staff"),
)


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def _hall(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    column = sa.Column("hall_id", ID, autoincrement=False, nullable=False)
    return column, sa.ForeignKeyConstraint(
        ["hall_id"], ["halls.id"], name=op.f(f"fk_{table}_hall_id_halls")
    )


def upgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("source", sa.String(length=16), nullable=False, server_default="import")
        )
        batch_op.add_column(sa.Column("booked_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("booked_by", ID, nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_by", ID, nullable=True))
        batch_op.add_column(sa.Column("replaces", sa.String(length=32), nullable=True))
        for column, name in STAFF_KEYS:
            batch_op.create_foreign_key(name, "staff", [column], ["id"])
        batch_op.create_index("ix_appointments_slot", ["hall_id", "slot_start"], unique=False)
        batch_op.create_index("ix_appointments_phone", ["hall_id", "phone"], unique=False)
    op.create_table(
        "appointment_settings",
        *_hall("appointment_settings"),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("per_slot", sa.Integer(), nullable=False),
        sa.Column("hours", sa.String(length=64), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("no_show_limit", sa.Integer(), nullable=False),
        sa.Column("no_show_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hall_id", name=op.f("pk_appointment_settings")),
    )
    op.create_table(
        "appointment_seq",
        *_hall("appointment_seq"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hall_id", "day", name=op.f("pk_appointment_seq")),
    )
    _version(revision)


def downgrade() -> None:
    op.drop_table("appointment_seq")
    op.drop_table("appointment_settings")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_phone")
        batch_op.drop_index("ix_appointments_slot")
        for _, name in STAFF_KEYS:
            batch_op.drop_constraint(name, type_="foreignkey")
        for column in NEW_COLUMNS:
            batch_op.drop_column(column)
    _version(down_revision)

"""desk numbers: devices.desk_no, unique in the hall

Notices, inquiries and emergency walk-ins are numbered on the PC (local-first) and used to
carry the window number, so two PCs sharing a window number (two guide desks, a spare PC at
a busy window) could make the same number, and the later one was refused centrally as a
duplicate. Each PC now registers once and gets a desk number (sync.desks), which those
numbers carry instead; existing devices keep NULL until they register.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UNIQUE = "uq_devices_desk_no_hall_id"  # desk_no first: see store.sync_schema.devices


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("desk_no", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(UNIQUE, ["desk_no", "hall_id"])
    _version(revision)


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_constraint(UNIQUE, type_="unique")
        batch_op.drop_column("desk_no")
    _version(down_revision)

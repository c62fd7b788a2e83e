"""claim: an index for the due-appointment lane

The claim's second lane (appointments whose slot has begun) filters ``appointment_at <= now``;
over ix_tickets_claim that walked every waiting row of the day on every claim. This index
makes it a range read: (hall, day, state = waiting, appointment_at <= now).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEX = "ix_tickets_due"
COLUMNS = ["hall_id", "service_day", "state", "appointment_at"]


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(INDEX, COLUMNS, unique=False)
    _version(revision)


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(INDEX)
    _version(down_revision)

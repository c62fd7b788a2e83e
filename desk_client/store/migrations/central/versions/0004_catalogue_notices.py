"""catalogue and notices: service_items, notices, rejection_reports, one_time_exceptions,
id_reveals; halls.catalogue_version/phone/address, staff.phone

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import LongText, UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _id(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint]:
    column = sa.Column("id", ID, autoincrement=True, nullable=False)
    return column, sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _hall(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    name = op.f(f"fk_{table}_hall_id_halls")
    return sa.Column("hall_id", ID, nullable=False), sa.ForeignKeyConstraint(
        ["hall_id"], ["halls.id"], name=name
    )


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def _columns() -> None:
    """On SQLite plain ALTER TABLE ADD/DROP COLUMN (3.35+), never a copy of the table: the
    copy's DROP TABLE halls would trip the foreign keys of every hall's rows."""
    with op.batch_alter_table("halls", recreate="never") as batch:
        zero = sa.text("0")
        batch.add_column(
            sa.Column("catalogue_version", sa.Integer(), server_default=zero, nullable=False)
        )
        batch.add_column(sa.Column("phone", sa.String(32), server_default="", nullable=False))
        batch.add_column(sa.Column("address", sa.String(200), server_default="", nullable=False))
    with op.batch_alter_table("staff", recreate="never") as batch:
        batch.add_column(sa.Column("phone", sa.String(32), server_default="", nullable=False))


def _service_items() -> None:
    op.create_table(
        "service_items",
        *_id("service_items"),
        *_hall("service_items"),
        _text("code", 64),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("name", 200),
        _text("department", 100),
        _text("category", 32),
        _text("kind", 16),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("promised_days", sa.Integer(), nullable=True),
        sa.Column("statutory_days", sa.Integer(), nullable=True),
        _text("fee", 200),
        _text("enquiry_phone", 32),
        _text("complaint_phone", 32),
        sa.Column("weekend", sa.Boolean(), nullable=False),
        _text("initials", 500),
        sa.Column("data", LongText, nullable=False),
        _unique("service_items", "hall_id", "code"),
    )


def _notices() -> None:
    op.create_table(
        "notices",
        *_id("notices"),
        *_hall("notices"),
        _text("number", 32),
        _text("kind", 16),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("window_number", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        _text("item_code", 64),
        _text("applicant_name", 200),
        _text("applicant_kind", 16),
        _text("applicant_id_number", 32),
        _text("applicant_phone", 32),
        _text("staff_no", 32),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        _text("refers_to", 32),
        sa.Column("content", LongText, nullable=False),
        _text("event_id", 36),
        _text("device_id", 36),
        _unique("notices", "event_id"),
        _unique("notices", "hall_id", "number"),
    )
    op.create_index("ix_notices_hall_issued", "notices", ["hall_id", "issued_at"])


def _reports() -> None:
    op.create_table(
        "rejection_reports",
        *_id("rejection_reports"),
        *_hall("rejection_reports"),
        _text("number", 32),
        _text("status", 16),
        _text("reported_by", 32),
        sa.Column("reported_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("print_first", sa.Boolean(), nullable=False),
        _text("decided_by", 32, nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        _unique("rejection_reports", "hall_id", "number"),
    )
    op.create_index(
        "ix_rejection_reports_status", "rejection_reports", ["hall_id", "status", "reported_at"]
    )


def _audit() -> None:
    op.create_table(
        "one_time_exceptions",
        *_id("one_time_exceptions"),
        *_hall("one_time_exceptions"),
        _text("event_id", 36),
        _text("device_id", 36),
        _text("refers_to", 32),
        _text("material", 200),
        sa.Column("reason", sa.Text(), nullable=False),
        _text("supervisor_no", 32),
        _text("supervisor_name", 100),
        _text("staff_no", 32),
        sa.Column("approved_at", UTCDateTime(), nullable=False),
        _unique("one_time_exceptions", "event_id"),
    )
    op.create_index(
        "ix_one_time_exceptions_recent", "one_time_exceptions", ["hall_id", "approved_at"]
    )
    op.create_table(
        "id_reveals",
        *_id("id_reveals"),
        *_hall("id_reveals"),
        _text("event_id", 36),
        _text("device_id", 36),
        _text("staff_no", 32),
        _text("notice_number", 32),
        sa.Column("at", UTCDateTime(), nullable=False),
        _unique("id_reveals", "event_id"),
    )


def upgrade() -> None:
    _columns()
    _service_items()
    _notices()
    _reports()
    _audit()
    _version(revision)


def downgrade() -> None:
    for table in ("id_reveals", "one_time_exceptions", "rejection_reports", "notices"):
        op.drop_table(table)
    op.drop_table("service_items")
    with op.batch_alter_table("staff", recreate="never") as batch:
        batch.drop_column("phone")
    with op.batch_alter_table("halls", recreate="never") as batch:
        for column in ("address", "phone", "catalogue_version"):
            batch.drop_column(column)
    _version(down_revision)

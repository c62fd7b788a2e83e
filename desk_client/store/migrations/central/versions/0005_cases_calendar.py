"""cases and the working-day calendar: cases, case_events, case_pauses, holidays,
calendar_state

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import LongText, UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _id(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint]:
    column = sa.Column("id", ID, autoincrement=True, nullable=False)
    return column, sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _case_key(table: str) -> tuple[sa.Column[int], sa.Column[str], sa.ForeignKeyConstraint]:
    key = sa.ForeignKeyConstraint(
        ["hall_id", "number"],
        ["cases.hall_id", "cases.number"],
        name=op.f(f"fk_{table}_case_cases"),
    )
    return sa.Column("hall_id", ID, nullable=False), _text("number", 32), key


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def _cases() -> None:
    op.create_table(
        "cases",
        *_id("cases"),
        sa.Column("hall_id", ID, nullable=False),
        _text("number", 32),
        _text("item_code", 64),
        _text("item_name", 200),
        _text("kind", 16),
        _text("applicant_name", 200),
        _text("applicant_display", 200),
        _text("staff_no", 32),
        sa.Column("window_number", sa.Integer(), nullable=True),
        sa.Column("accepted_at", UTCDateTime(), nullable=False),
        sa.Column("accepted_day", sa.Date(), nullable=False),
        sa.Column("limit_days", sa.Integer(), nullable=False),
        sa.Column("extension_days", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        _text("state", 16),
        sa.Column("paused_since", sa.Date(), nullable=True),
        _text("level", 16),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_cases_hall_id_halls")),
        sa.UniqueConstraint("hall_id", "number", name=op.f("uq_cases_hall_id_number")),
    )
    op.create_index("ix_cases_board", "cases", ["hall_id", "closed_at", "deadline"])
    op.create_index("ix_cases_staff", "cases", ["hall_id", "staff_no", "closed_at"])


def _timeline() -> None:
    op.create_table(
        "case_events",
        *_id("case_events"),
        *_case_key("case_events"),
        _text("event_id", 36),
        _text("type", 64),
        sa.Column("at", UTCDateTime(), nullable=False),
        _text("actor", 64),
        _text("on_behalf_of", 64, nullable=True),
        sa.Column("detail", LongText, nullable=False),
        sa.UniqueConstraint("event_id", name=op.f("uq_case_events_event_id")),
    )
    op.create_index("ix_case_events_case", "case_events", ["hall_id", "number", "at"])
    op.create_table(
        "case_pauses",
        *_id("case_pauses"),
        *_case_key("case_pauses"),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        _text("step", 200),
        _text("event_id", 36),
        sa.UniqueConstraint("event_id", name=op.f("uq_case_pauses_event_id")),
    )
    op.create_index("ix_case_pauses_case", "case_pauses", ["hall_id", "number", "start_day"])


def _calendar() -> None:
    op.create_table(
        "holidays",
        sa.Column("day", sa.Date(), autoincrement=False, nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        _text("reason", 200),
        _text("updated_by", 64),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holidays")),
    )
    state = op.create_table(
        "calendar_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_state")),
    )
    op.bulk_insert(state, [{"id": 1, "version": 0, "updated_at": None}])


def upgrade() -> None:
    _cases()
    _timeline()
    _calendar()
    _version(revision)


def downgrade() -> None:
    for table in ("calendar_state", "holidays", "case_pauses", "case_events", "cases"):
        op.drop_table(table)
    _version(down_revision)

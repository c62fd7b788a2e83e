"""cases and the calendar copy: cases, case_events, case_pauses, cached_calendar,
cached_holidays

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desk_client.store.schema import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _key(
    table: str,
) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint, sa.Column[str], sa.Column[str]]:
    column = sa.Column("id", ID, autoincrement=True, nullable=False)
    primary = sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))
    return column, primary, _text("hall_code", 32), _text("number", 32)


def _cases() -> None:
    op.create_table(
        "cases",
        *_key("cases"),
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
        sa.UniqueConstraint("hall_code", "number", name=op.f("uq_cases_hall_code_number")),
    )
    op.create_index("ix_cases_open", "cases", ["hall_code", "closed_at", "deadline"])
    op.create_index("ix_cases_staff", "cases", ["hall_code", "staff_no", "closed_at", "deadline"])


def _timeline() -> None:
    op.create_table(
        "case_events",
        *_key("case_events"),
        _text("event_id", 36, nullable=True),
        _text("type", 64),
        sa.Column("at", UTCDateTime(), nullable=False),
        _text("actor", 64),
        _text("on_behalf_of", 64, nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.UniqueConstraint("event_id", name=op.f("uq_case_events_event_id")),
    )
    op.create_index("ix_case_events_case", "case_events", ["hall_code", "number", "at"])
    op.create_table(
        "case_pauses",
        *_key("case_pauses"),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        _text("step", 200),
    )
    op.create_index("ix_case_pauses_case", "case_pauses", ["hall_code", "number", "start_day"])


def _calendar() -> None:
    op.create_table(
        "cached_calendar",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("cached_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cached_calendar")),
    )
    op.create_table(
        "cached_holidays",
        sa.Column("day", sa.Date(), autoincrement=False, nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        _text("reason", 200),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_cached_holidays")),
    )


def upgrade() -> None:
    _cases()
    _timeline()
    _calendar()


def downgrade() -> None:
    for table in ("cached_holidays", "cached_calendar", "case_pauses", "case_events", "cases"):
        op.drop_table(table)

"""The central schema: one hall's shared queue (SQLAlchemy Core tables).

Times are stored as naive UTC (MariaDB DATETIME(6), PostgreSQL timestamp, SQLite text) and
come back as aware UTC datetimes, the same on every backend.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect

SCHEMA_VERSION = "0011"  # the head of the central tree (0011: appointment booking)

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: BIGINT on the servers; SQLite needs INTEGER PRIMARY KEY for its rowid autoincrement.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
DateTime6 = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
#: JSON documents stored as text: MariaDB's TEXT stops at 64 KB, MEDIUMTEXT at 16 MB.
LongText = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb")


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC in Python, naive UTC in the database."""

    impl = DateTime6
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _id() -> sa.Column[int]:
    return sa.Column("id", BigId, primary_key=True, autoincrement=True)


def _fk(name: str, target: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, BigId, sa.ForeignKey(target), nullable=nullable)


halls = sa.Table(
    "halls",
    metadata,
    _id(),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    # Bumped by every catalogue import: a PC refreshes its cached copy when it changed (0004).
    sa.Column("catalogue_version", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("phone", sa.String(32), nullable=False, server_default=""),
    sa.Column("address", sa.String(200), nullable=False, server_default=""),
)

categories = sa.Table(
    "categories",
    metadata,
    _id(),
    _fk("hall_id", "halls.id"),
    sa.Column("code", sa.String(32), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("prefix", sa.String(2), nullable=False),
    sa.UniqueConstraint("hall_id", "code"),
)

windows = sa.Table(
    "windows",
    metadata,
    _id(),
    _fk("hall_id", "halls.id"),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.UniqueConstraint("hall_id", "number"),
)

window_categories = sa.Table(
    "window_categories",
    metadata,
    sa.Column("window_id", BigId, sa.ForeignKey("windows.id"), primary_key=True),
    sa.Column("category_id", BigId, sa.ForeignKey("categories.id"), primary_key=True),
)

staff = sa.Table(
    "staff",
    metadata,
    _id(),
    _fk("hall_id", "halls.id"),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("phone", sa.String(32), nullable=False, server_default=""),  # on notices (0004)
    sa.UniqueConstraint("hall_id", "staff_no"),
)

appointments = sa.Table(
    "appointments",
    metadata,
    _id(),
    _fk("hall_id", "halls.id"),
    sa.Column("code", sa.String(32), nullable=False),
    _fk("category_id", "categories.id"),
    sa.Column("slot_start", UTCDateTime, nullable=False),
    sa.Column("slot_end", UTCDateTime, nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    # No foreign key: tickets and appointments would refer to each other.
    sa.Column("checked_in_ticket_id", BigId, nullable=True),
    # Booking at a window or from desk-admin (0011): the demo's and older rows are 'import'.
    sa.Column("phone", sa.String(32), nullable=True),
    sa.Column("source", sa.String(16), nullable=False, server_default="import"),
    sa.Column("booked_at", UTCDateTime, nullable=True),
    _fk("booked_by", "staff.id", nullable=True),
    sa.Column("cancelled_at", UTCDateTime, nullable=True),
    _fk("cancelled_by", "staff.id", nullable=True),
    # 改约: the code of the appointment this one moved (cancelled in the same transaction).
    sa.Column("replaces", sa.String(32), nullable=True),
    sa.UniqueConstraint("hall_id", "code"),
    # A slot's bookings are counted under the day's lock, and a day's list read by slot.
    sa.Index("ix_appointments_slot", "hall_id", "slot_start"),
    # 爽约限制: a booking reads the person's recent appointments by phone.
    sa.Index("ix_appointments_phone", "hall_id", "phone"),
)

#: The first central revision that books appointments (the columns above and the tables
#: below); the handshake refuses an older central.
APPOINTMENTS_SINCE = "0011"

#: One row per hall that changed its booking rules; no row means core.appointments'
#: defaults (30-minute slots, 4 per category and slot, 09:00-12:00,13:30-17:00, 30 days, no
#: 爽约限制: no_show_limit 0, counted over 90 days).
appointment_settings = sa.Table(
    "appointment_settings",
    metadata,
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), primary_key=True, autoincrement=False),
    sa.Column("slot_minutes", sa.Integer, nullable=False),
    sa.Column("per_slot", sa.Integer, nullable=False),
    sa.Column("hours", sa.String(64), nullable=False),
    sa.Column("horizon_days", sa.Integer, nullable=False),
    sa.Column("no_show_limit", sa.Integer, nullable=False),
    sa.Column("no_show_days", sa.Integer, nullable=False),
)

#: The day's code counter (YY261128007) and, locked first by every booking of that day, what
#: serialises them: two windows can never both sell a slot's last seat.
appointment_seq = sa.Table(
    "appointment_seq",
    metadata,
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), primary_key=True, autoincrement=False),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("last_seq", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets",
    metadata,
    _id(),
    _fk("hall_id", "halls.id"),
    sa.Column("service_day", sa.Date, nullable=False),
    _fk("category_id", "categories.id"),
    sa.Column("number", sa.String(16), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("priority", sa.Boolean, nullable=False),
    sa.Column("appointment_at", UTCDateTime, nullable=True),
    sa.Column("order_at", UTCDateTime, nullable=False),
    sa.Column("issued_at", UTCDateTime, nullable=False),
    sa.Column("called_at", UTCDateTime, nullable=True),
    sa.Column("served_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    _fk("window_id", "windows.id", nullable=True),
    # = window_id while called/serving, else NULL: at most one active ticket per window.
    sa.Column("active_window_id", BigId, sa.ForeignKey("windows.id"), nullable=True, unique=True),
    _fk("target_window_id", "windows.id", nullable=True),
    sa.Column("claim_id", sa.String(36), nullable=True, unique=True),
    sa.Column("call_count", sa.Integer, nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("transferred", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("hall_id", "service_day", "number"),
    sa.Index("ix_tickets_claim", "hall_id", "service_day", "state", "priority", "order_at", "id"),
    # The claim's due-appointment lane: a range read on appointment_at <= now (0002).
    sa.Index("ix_tickets_due", "hall_id", "service_day", "state", "appointment_at"),
    # PostgreSQL's due lanes in call order, walked when many appointments are due at once
    # (0008; a few due ones are read on ix_tickets_due by their slot, 0009).
    sa.Index(
        "ix_tickets_due_order",
        "hall_id",
        "service_day",
        "priority",
        "order_at",
        "id",
        postgresql_where=sa.text("state = 'waiting' AND appointment_at IS NOT NULL"),
    ).ddl_if(dialect="postgresql"),
)

ticket_seq = sa.Table(
    "ticket_seq",
    metadata,
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), primary_key=True),
    sa.Column("category_id", BigId, sa.ForeignKey("categories.id"), primary_key=True),
    sa.Column("service_day", sa.Date, primary_key=True),
    sa.Column("last_seq", sa.Integer, nullable=False),
)

calls = sa.Table(
    "calls",
    metadata,
    _id(),
    _fk("hall_id", "halls.id"),
    _fk("ticket_id", "tickets.id"),
    _fk("window_id", "windows.id"),
    sa.Column("number", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("claim_id", sa.String(36), nullable=True, unique=True),
    sa.Column("called_at", UTCDateTime, nullable=False),
    sa.Index("ix_calls_hall_recent", "hall_id", "called_at"),
)

ticket_events = sa.Table(
    "ticket_events",
    metadata,
    _id(),
    _fk("ticket_id", "tickets.id"),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("from_state", sa.String(16), nullable=True),
    sa.Column("to_state", sa.String(16), nullable=False),
    _fk("window_id", "windows.id", nullable=True),
    _fk("staff_id", "staff.id", nullable=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_ticket_events_ticket", "ticket_id"),
)

schema_info = sa.Table(
    "schema_info",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

"""The central tables of the sync engine (issue 3), on the same MetaData as store/schema.py.

- ``devices``: one row per PC; locked by every ingest of that PC; remembers the last client_seq
  and the last hash of the device's chain, and the PC's desk number (``desk_no``, 机位号,
  given once by sync.desks: NULL until the PC registered; unique in the hall).
- ``hall_event_seq``: one counter row per hall; ``server_seq`` is taken from it under a row
  lock in the ingest transaction (a plain sequence commits out of order and makes pull cursors
  skip rows).
- ``events``: every event ever received, applied or rejected (poison) with its reason.
- ``staff_sessions`` and ``printed_documents``: where ``staff.session`` and
  ``document.printed`` events land. ``ticket.emergency`` lands in ``tickets``.
"""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.schema import BigId, UTCDateTime, metadata

#: The first central schema revision that has these tables.
SYNC_SINCE = "0003"
#: The first that gives desk numbers (devices.desk_no).
DESKS_SINCE = "0010"

devices = sa.Table(
    "devices",
    metadata,
    sa.Column("device_id", sa.String(36), primary_key=True),
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False),
    sa.Column("last_client_seq", sa.BigInteger, nullable=False),
    sa.Column("last_hash", sa.String(64), nullable=False),
    sa.Column("registered_at", UTCDateTime, nullable=False),
    sa.Column("desk_no", sa.Integer, nullable=True),
    # desk_no first: MariaDB would take a (hall_id, ...) index for the foreign key's, drop its
    # own, and then refuse to drop this one on a downgrade.
    sa.UniqueConstraint("desk_no", "hall_id"),
)

hall_event_seq = sa.Table(
    "hall_event_seq",
    metadata,
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), primary_key=True),
    sa.Column("last_server_seq", sa.BigInteger, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False),
    sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.device_id"), nullable=False),
    sa.Column("client_seq", sa.BigInteger, nullable=False),
    sa.Column("server_seq", sa.BigInteger, nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(8), nullable=False),  # applied | rejected
    sa.Column("reason", sa.String(500), nullable=True),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("device_id", "client_seq"),
    sa.UniqueConstraint("hall_id", "server_seq"),
)

staff_sessions = sa.Table(
    "staff_sessions",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("window_number", sa.Integer, nullable=True),
    sa.Column("kind", sa.String(8), nullable=False),  # login | logout
    sa.Column("at", UTCDateTime, nullable=False),
)

printed_documents = sa.Table(
    "printed_documents",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
)

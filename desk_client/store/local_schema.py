"""The local store, one SQLite file per PC: who this device is, and what it printed."""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.schema import BigId, UTCDateTime

local_metadata = sa.MetaData(
    naming_convention={"uq": "uq_%(table_name)s_%(column_0_N_name)s", "pk": "pk_%(table_name)s"}
)

device = sa.Table(
    "device",
    local_metadata,
    sa.Column("device_id", sa.String(36), primary_key=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

printed_documents = sa.Table(
    "printed_documents",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("pdf", sa.LargeBinary, nullable=False),
)

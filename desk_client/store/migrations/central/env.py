"""Alembic environment for the central tree; the engine comes from desk_client.store.migrate."""

from __future__ import annotations

from alembic import context

import desk_client.store.sync_schema  # noqa: F401  (its tables join the shared MetaData)
from desk_client.store.schema import metadata as target_metadata

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()

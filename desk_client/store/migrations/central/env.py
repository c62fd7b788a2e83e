"""Alembic environment for the central tree; the engine comes from desk_client.store.migrate."""

from __future__ import annotations

from alembic import context

import desk_client.store.sync_schema  # noqa: F401  (its tables join the shared MetaData)
from desk_client.store.migrate import run_env
from desk_client.store.schema import metadata

run_env(context, metadata)

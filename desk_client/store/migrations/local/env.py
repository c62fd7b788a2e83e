"""Alembic environment for the local tree; the engine comes from desk_client.store.migrate."""

from __future__ import annotations

from alembic import context

import desk_client.store.rating_local_schema  # noqa: F401  (its tables join local_metadata)
from desk_client.store.local_schema import local_metadata
from desk_client.store.migrate import run_env

run_env(context, local_metadata)

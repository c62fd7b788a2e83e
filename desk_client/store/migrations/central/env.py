"""Alembic environment for the central tree; the engine comes from desk_client.store.migrate."""

from __future__ import annotations

from alembic import context

# Imported for their tables, which join the shared MetaData.
import desk_client.store.case_schema
import desk_client.store.catalogue_schema
import desk_client.store.inquiry_schema
import desk_client.store.notice_schema
import desk_client.store.rating_schema
import desk_client.store.sync_schema  # noqa: F401
from desk_client.store.migrate import run_env
from desk_client.store.schema import metadata

run_env(context, metadata)

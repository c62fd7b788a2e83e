"""Both migration trees: upgrade head, schema equals schema.py, downgrade base."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import desk_client.store.case_schema
import desk_client.store.catalogue_schema
import desk_client.store.inquiry_schema
import desk_client.store.notice_schema
import desk_client.store.rating_local_schema
import desk_client.store.rating_schema
import desk_client.store.sync_schema  # noqa: F401  (every table joins the compared metadata)
from desk_client.store import migrate
from desk_client.store.db import make_engine
from desk_client.store.local import at_local_head
from desk_client.store.local_schema import local_metadata
from desk_client.store.schema import SCHEMA_VERSION, metadata
from tests.integration.conftest import BACKENDS


def _on_this_backend(dialect: str) -> object:
    """Leave out of the comparison what schema.py makes only on another backend
    (``Index(...).ddl_if(dialect=...)``, e.g. PostgreSQL's partial ix_tickets_due_order)."""

    def include(item: object, *_: object) -> bool:
        condition = getattr(item, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect)

    return include


@pytest.mark.parametrize("backend", BACKENDS)
def test_central_upgrade_matches_schema_then_downgrade(
    backend: str, scratch_database: object, tmp_path: Path
) -> None:
    assert callable(scratch_database)
    url: str = scratch_database(backend, tmp_path)
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "central")
        with engine.connect() as conn:
            include = _on_this_backend(conn.dialect.name)
            opts = {"compare_type": True, "include_object": include}
            context = MigrationContext.configure(conn, opts=opts)
            assert compare_metadata(context, metadata) == []
            version = conn.execute(sa.text("SELECT value FROM schema_info")).scalar_one()
            assert version == SCHEMA_VERSION
        migrate.downgrade(engine, "central")
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) == {"alembic_version"}
        migrate.upgrade(engine, "central")  # and up again, cleanly
    finally:
        engine.dispose()


def test_local_tree(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'local.db'}")
    try:
        assert not at_local_head(engine)  # a new file is migrated
        migrate.upgrade(engine, "local")
        assert at_local_head(engine)  # LOCAL_HEAD is the tree's head: later opens skip alembic
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, local_metadata) == []
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        migrate.downgrade(engine, "local")
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()

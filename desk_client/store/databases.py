"""Whole databases on a PostgreSQL or MariaDB server: scratch halls for tests and benches.

Names are generated here (``<prefix>_<random hex>``), never taken from input, so they are
safe to put into CREATE/DROP DATABASE, which cannot take bind parameters.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def run_on_server(server_url: str, statement: str) -> None:
    """One statement outside any transaction (CREATE/DROP DATABASE need that)."""
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def create_database(server_url: str, prefix: str) -> str:
    """A new empty database beside ``server_url``'s; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    run_on_server(server_url, f"CREATE DATABASE {name}")
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database ``url`` names, closing others' connections to it on PostgreSQL."""
    parsed = make_url(url)
    force = " WITH (FORCE)" if parsed.get_backend_name() == "postgresql" else ""
    server = parsed.set(database=_maintenance_db(parsed.get_backend_name()))
    name = parsed.database
    run_on_server(
        server.render_as_string(hide_password=False), f"DROP DATABASE IF EXISTS {name}{force}"
    )


def _maintenance_db(backend: str) -> str:
    return "postgres" if backend == "postgresql" else "mysql"


@contextmanager
def scratch_database(server_url: str, prefix: str) -> Iterator[str]:
    """A fresh database for the duration of the block; dropped even after a failure."""
    url = create_database(server_url, prefix)
    try:
        yield url
    finally:
        drop_database(url)

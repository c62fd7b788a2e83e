"""Real databases for the integration tests.

``central_url`` is a migrated central database, one per test module and backend: a file in
tmp_path on SQLite, a fresh ``desk_it_<random>`` database on PostgreSQL and MariaDB (dropped
afterwards). Tests inside a module stay apart by using a hall of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.store import migrate
from tests.conftest import MYSQL_ENV, PG_ENV, database_url

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", id="mariadb", marks=pytest.mark.mariadb),
]


def server_url(backend: str) -> str:
    return database_url(PG_ENV if backend == "postgres" else MYSQL_ENV)


@pytest.fixture(scope="module")
def scratch_database() -> Iterator[object]:
    """A factory: fresh_database(backend, tmp_dir) -> url, dropped at module end."""
    made: list[tuple[str, str]] = []

    def fresh(backend: str, folder: Path) -> str:
        if backend == "sqlite":
            return f"sqlite:///{folder / f'central-{uuid.uuid4().hex[:8]}.db'}"
        base = server_url(backend)
        name = f"desk_it_{uuid.uuid4().hex[:12]}"
        _admin(base, f"CREATE DATABASE {name}")
        made.append((base, name))
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    yield fresh
    for base, name in made:
        force = " WITH (FORCE)" if make_url(base).get_backend_name() == "postgresql" else ""
        _admin(base, f"DROP DATABASE IF EXISTS {name}{force}")


def _admin(url: str, statement: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def central_url(
    request: pytest.FixtureRequest,
    scratch_database: object,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    fresh = scratch_database
    assert callable(fresh)
    url: str = fresh(request.param, tmp_path_factory.mktemp("central"))
    migrate.upgrade(url, "central")
    return url


def make_services(
    url: str,
    clock: FakeClock,
    folder: Path,
    *,
    pool_size: int = 5,
    max_overflow: int = 10,
    pool_timeout: float = 60,
    **config: object,
) -> Services:
    """Services for a hall of its own (seeded with the demo data)."""
    hall = f"t{uuid.uuid4().hex[:10]}"
    values: dict[str, object] = {
        "hall_code": hall,
        "database_url": url,
        "local_store": str(folder / f"local-{hall}.db"),
        **config,
    }
    services = build_services(
        Config(**values),  # type: ignore[arg-type]
        clock,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
    )
    services.admin.seed_demo()
    return services


@pytest.fixture
def services(central_url: str, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    made = make_services(central_url, fake_clock, tmp_path)
    yield made
    made.close()

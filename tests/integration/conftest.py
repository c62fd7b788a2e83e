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

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.store import migrate
from desk_client.store.databases import create_database, drop_database
from tests.conftest import MYSQL_ENV, PG_ENV, database_url
from tests.support.templates import copy_migrated

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
    made: list[str] = []

    def fresh(backend: str, folder: Path) -> str:
        if backend == "sqlite":
            return f"sqlite:///{folder / f'central-{uuid.uuid4().hex[:8]}.db'}"
        made.append(create_database(server_url(backend), "desk_it"))
        return made[-1]

    yield fresh
    for url in made:
        drop_database(url)


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
        "local_store": str(copy_migrated("local", folder / f"local-{hall}.db")),
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

"""Shared fixtures: database URLs from the environment, an offscreen Qt, a fake clock.

Tests that need PostgreSQL or MariaDB read DESK_TEST_PG_URL / DESK_TEST_MYSQL_URL. Without
them they skip with a reason; with DESK_REQUIRE_DB=1 (set by .ci/run) a missing database
fails the run instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import hypothesis
import pytest

from desk_client.core.clock import FakeClock
from tests.support import templates

# Imported here, before any test starts the program in-process and so freezes the heap out of
# collection (ui/collector.py): on its first import hypothesis checks the PRNGs that plugins
# register with gc.get_referrers, which does not see frozen objects, and warns.
# No deadlines: a case's wall-clock time says how loaded the machine is (two workers and two
# database servers on two cores), not whether the code is right; bench/ measures speed.
hypothesis.settings.register_profile("desk", deadline=None)
hypothesis.settings.load_profile("desk")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_ENV = "DESK_TEST_PG_URL"
MYSQL_ENV = "DESK_TEST_MYSQL_URL"


def require_db() -> bool:
    return os.environ.get("DESK_REQUIRE_DB") == "1"


def database_url(env_var: str) -> str:
    """The URL in ``env_var``; skip (or fail under DESK_REQUIRE_DB=1) without it."""
    url = os.environ.get(env_var)
    if url:
        return url
    reason = f"{env_var} is not set: no server to test against"
    if require_db():
        pytest.fail(f"DESK_REQUIRE_DB=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def demo_passwords_hashed_once() -> Iterator[None]:
    """Seeding the demo hall hashes its eight passwords with scrypt, slow on purpose (about
    0.6 s of CPU), and hundreds of tests seed a hall of their own: each test process hashes
    each password once and its halls share the hashes. Each is still a real scrypt hash, and
    every login verifies it at full cost."""
    from desk_client.core.passwords import hash_password

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("desk_client.services.admin.hash_password", functools.cache(hash_password))
        yield


@pytest.fixture(autouse=True, scope="session")
def migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The folder of this process's migrated SQLite files (tests/support/templates.py)."""
    templates.use_folder(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def fake_clock() -> Iterator[FakeClock]:
    # A weekday morning in Asia/Shanghai (09:00 local).
    yield FakeClock(datetime(2026, 11, 23, 1, 0, tzinfo=UTC))


@pytest.fixture(autouse=True)
def automatic_collection_after_the_test() -> Iterator[None]:
    """A test that started the program in-process (ui.app.launch) pinned garbage collection
    to the GUI thread (ui/collector.py); the tests after it in this process, which spin no
    Qt event loop, get automatic collection back (without it one worker grew past 1 GB)."""
    yield
    collector = sys.modules.get("desk_client.ui.collector")
    if collector is not None:
        collector.unpin_collection()

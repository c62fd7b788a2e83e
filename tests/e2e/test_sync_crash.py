"""kill -9 at the sync crash points, restart, sync, count: nothing lost, nothing twice.

The drill child (``python -m desk_client.sync.drill``) records events on a real SQLite file
and syncs to a real central hall: PostgreSQL, MariaDB or the embedded SQLite default (a file
beside the local ones). ``DESK_CRASH_AT`` makes it SIGKILL itself after the local commit, after
the push was sent or after the central commit (acknowledgement not stored). "After the push
was sent" puts COMMIT on the wire unanswered on PostgreSQL (psycopg) and MariaDB (PyMySQL's
COM_QUERY packet); on SQLite, which has no wire, it dies with the central write transaction
open, and the restart rolls it back (see sync.crashpoints). Every cycle then compares the
central events of the device with the local outbox and with what the child said it had
committed, checks count == count distinct, the hash chains (sync.audit) and PRAGMA
integrity_check. Randomised cycles: 120 on PostgreSQL, 40 each on MariaDB and SQLite here;
``bench/crash.py --backend all`` runs more.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_client.store import db
from desk_client.sync.crashpoints import ENV_AFTER, ENV_AT, POINTS
from tests.conftest import MYSQL_ENV, PG_ENV, database_url
from tests.support.central import Tally, compare, prepare, read_local
from tests.support.drill import Cycles, child_env, claimed, count_events, scratch_central

CYCLES = {"postgres": 120, "mariadb": 40, "sqlite": 40}
SEED = 20261123
BACKENDS = [
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", id="mariadb", marks=pytest.mark.mariadb),
    pytest.param("sqlite", id="sqlite"),
]
SERVERS = {"postgres": PG_ENV, "mariadb": MYSQL_ENV}


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def hall_db(backend: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(url, hall code) of a fresh migrated central database of that backend."""
    server = database_url(SERVERS[backend]) if backend in SERVERS else None
    with scratch_central(server, tmp_path) as url:
        yield url, prepare(url)


def drill(url: str, hall: str, local: Path, events: int, crash: dict[str, str]) -> str:
    """One real ``python -m desk_client.sync.drill run`` process; asserts how it ended."""
    argv = [sys.executable, "-m", "desk_client.sync.drill", "run", "--local", str(local)]
    argv += ["--central", url, "--hall", hall, "--events", str(events), "--batch", "2"]
    done = subprocess.run(
        argv, env=child_env() | crash, capture_output=True, text=True, timeout=120, check=False
    )
    expected = -signal.SIGKILL if crash.get(ENV_AT) else 0
    assert done.returncode == expected, done.stderr
    return done.stdout


def central_after_kill(point: str, backend: str) -> int:
    """Central events after the kill at the 2nd occurrence of ``point`` (batches of 2).

    The COMMIT sent unanswered reaches a server before the connection's end does (loopback,
    in order), so PostgreSQL and MariaDB commit the 2nd batch the client never heard about;
    SQLite has no wire and rolls the open transaction back.
    """
    if point == "after_local_commit":
        return 0
    return 2 if point == "after_push_sent" and backend == "sqlite" else 4


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_client_loses_nothing_and_sends_nothing_twice(
    hall_db: tuple[str, str], tmp_path: Path, point: str, backend: str
) -> None:
    url, hall = hall_db
    local = tmp_path / "client.db"
    out = tmp_path / "out.txt"
    out.write_text(drill(url, hall, local, 5, {ENV_AT: point, ENV_AFTER: "2"}))
    promised = claimed(out)
    # killed right after the 2nd commit: its line was never printed, yet the event is kept
    assert len(promised) == (1 if point == "after_local_commit" else 5)
    assert count_events(url) == central_after_kill(point, backend)
    assert "synced" in drill(url, hall, local, 0, {})
    assert len(read_local(local).events) == (2 if point == "after_local_commit" else 5)
    tally = Tally()
    engine = db.make_engine(url, pool_size=1)
    try:
        compare(engine, hall, read_local(local), promised, tally)
    finally:
        engine.dispose()
    assert (tally.lost, tally.duplicated, tally.integrity_failures) == (0, 0, 0), tally.problems


@pytest.mark.slow
def test_randomised_crash_cycles(hall_db: tuple[str, str], tmp_path: Path, backend: str) -> None:
    url, hall = hall_db
    count = CYCLES[backend]
    cycles = Cycles(url, hall, tmp_path, SEED)
    try:
        result = cycles.run(count)
    finally:
        cycles.close()
    assert result["cycles"] == count
    assert result["problems"] == []
    assert (result["lost"], result["duplicated"], result["integrity_failures"]) == (0, 0, 0)
    assert int(str(result["crashed"])) >= count // 3  # the kills really happened

"""Sync under faults: a cut link (TCP proxy), a crashed server (private cluster), the cursor gap.

- The proxy cuts the client's PostgreSQL or MariaDB connection after N bytes upstream
  (mid-batch) or downstream (mid-response, also after the COMMIT went through): the client
  retries, and the central events equal the local outbox, each once.
- A private cluster is stopped with ``pg_ctl stop -m immediate`` at chosen statements of a push
  (and just before COMMIT), restarted: nothing lost, nothing twice.
- Two ingest transactions commit in the opposite order of their start; a puller between the
  commits never skips a row, because server_seq comes from the hall counter row locked until
  COMMIT. Real threads and connections, paused at exact statements by engine events.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.hashchain import GENESIS, ChainEvent, seal
from desk_client.store import db
from desk_client.store.databases import scratch_database
from desk_client.store.local import LocalStore
from desk_client.sync.ingest import ingest
from desk_client.sync.pull import pull
from desk_client.sync.worker import SyncEngine
from tests.conftest import MYSQL_ENV, PG_ENV, database_url
from tests.support import cluster
from tests.support.central import Tally, compare, prepare, read_local
from tests.support.proxy import Proxy

RETRIES = 6
LOCK_WAIT_DEADLINE_S = 20.0


SERVERS = [
    pytest.param(PG_ENV, id="postgres", marks=pytest.mark.postgres),
    pytest.param(MYSQL_ENV, id="mariadb", marks=pytest.mark.mariadb),
]


@pytest.fixture(params=SERVERS)
def server_hall(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(url, hall code) on a fresh database of PostgreSQL or MariaDB."""
    with scratch_database(database_url(request.param), "desk_fault") as url:
        yield url, prepare(url)


def record(local: LocalStore, clock: FakeClock, count: int) -> None:
    for _ in range(count):
        clock.advance(timedelta(seconds=1))
        now = clock.now()
        payload = {"staff_no": "9001", "window": 1, "kind": "login", "at": now.isoformat()}
        local.record("staff.session", payload, "9001", now)


def sync_until_done(engine: SyncEngine) -> int:
    """Sync, retrying after connection failures; returns how many attempts failed."""
    for failed in range(RETRIES):
        try:
            engine.sync_once()
            return failed
        except DeskError as exc:
            assert exc.code == "central.unreachable", exc
    pytest.fail(f"no successful sync in {RETRIES} attempts")


def check(url: str, hall: str, path: Path) -> None:
    tally = Tally()
    direct = db.make_engine(url, pool_size=1)
    try:
        compare(direct, hall, read_local(path), {}, tally)
    finally:
        direct.dispose()
    assert (tally.lost, tally.duplicated, tally.integrity_failures) == (0, 0, 0), tally.problems


# -- the TCP proxy ---------------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["up", "down"])
def test_a_link_cut_mid_batch_or_mid_response_loses_and_doubles_nothing(
    server_hall: tuple[str, str], tmp_path: Path, fake_clock: FakeClock, direction: str
) -> None:
    url, hall = server_hall
    default_port = 5432 if make_url(url).get_backend_name() == "postgresql" else 3306
    proxy = Proxy(make_url(url).port or default_port)
    via = make_url(url).set(port=proxy.port).render_as_string(hide_password=False)
    central = db.make_engine(via, pool_size=1, max_overflow=0)
    local = LocalStore(str(tmp_path / "client.db"))
    engine = SyncEngine(local, lambda: central, hall, fake_clock, push_batch=2)
    try:
        for _ in range(2):  # the second sync: no connection start-up in the count
            record(local, fake_clock, 6)
            before = proxy.moved[direction]
            assert sync_until_done(engine) == 0
        size = proxy.moved[direction] - before  # bytes one sync of 6 events moves that way
        for tenth in range(1, 10):
            record(local, fake_clock, 6)
            proxy.cut(direction, size * tenth // 10)
            assert sync_until_done(engine) >= 1
            check(url, hall, tmp_path / "client.db")
        assert proxy.cuts == 9
    finally:
        local.dispose()
        central.dispose()
        proxy.close()


# -- a private cluster, crashed mid-batch -----------------------------------------------------


@pytest.fixture
def private_pg() -> Iterator[cluster.Cluster]:
    reason = cluster.available()
    if reason:
        pytest.skip(reason)
    made = cluster.Cluster()
    try:
        made.init()
        made.start()
        yield made
    finally:
        made.destroy()


def crash_at(engine: sa.Engine, server: cluster.Cluster) -> Callable[[int | None], None]:
    """Arm: stop the server (-m immediate) before the n-th statement, or before COMMIT."""
    plan: dict[str, int | None] = {"left": -1, "commit": None}

    def statement(*_: Any) -> None:
        plan["left"] = (plan["left"] or 0) - 1
        if plan["left"] == 0:
            server.stop("immediate")

    def commit(_conn: Any) -> None:
        if plan["commit"]:
            plan["commit"] = None
            server.stop("immediate")

    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(engine, "commit", commit)

    def arm(n: int | None) -> None:
        plan.update(left=-1 if n is None else n, commit=1 if n is None else None)

    return arm


@pytest.mark.postgres
def test_the_server_killed_mid_batch_loses_nothing(
    private_pg: cluster.Cluster, tmp_path: Path, fake_clock: FakeClock
) -> None:
    hall = prepare(private_pg.url)
    central = db.make_engine(private_pg.url, pool_size=1, max_overflow=0)
    local = LocalStore(str(tmp_path / "client.db"))
    engine = SyncEngine(local, lambda: central, hall, fake_clock, push_batch=3)
    arm = crash_at(central, private_pg)
    try:
        for n in (None, 2, 4, 6, 9):  # None: just before a push's COMMIT
            record(local, fake_clock, 8)
            arm(n)
            with pytest.raises(DeskError):
                engine.sync_once()
            assert not private_pg.running
            private_pg.start()
            sync_until_done(engine)
            check(private_pg.url, hall, tmp_path / "client.db")
    finally:
        local.dispose()
        central.dispose()


# -- the cursor gap -----------------------------------------------------------------------------


BACKENDS = [
    pytest.param(PG_ENV, id="postgres", marks=pytest.mark.postgres),
    pytest.param(MYSQL_ENV, id="mariadb", marks=pytest.mark.mariadb),
]
LOCK_WAITS = {
    "postgresql": "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
    "mysql": "SELECT count(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'",
}


def events_of(count: int, start: datetime) -> list[ChainEvent]:
    """A fresh device's valid chain of ``count`` staff.session events."""
    device, prev, made = str(uuid.uuid4()), GENESIS, []
    for seq in range(1, count + 1):
        now = start + timedelta(seconds=seq)
        payload = {"staff_no": "9001", "window": 1, "kind": "login", "at": now.isoformat()}
        event = seal(event_id=str(uuid.uuid4()), device_id=device, client_seq=seq,
                     type="staff.session", payload=payload, occurred_at=now, actor="9001",
                     prev_hash=prev)  # fmt: skip
        made.append(event)
        prev = event.hash
    return made


class Paused(threading.Thread):
    """One ingest on its own connection, held at the counter lock and at COMMIT by events."""

    def __init__(self, engine: sa.Engine, hall: str, batch: list[ChainEvent], now: datetime):
        super().__init__(daemon=True)
        self.engine, self.hall, self.batch, self.now = engine, hall, batch, now
        self.at_counter, self.go_counter = threading.Event(), threading.Event()
        self.at_commit, self.go_commit = threading.Event(), threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with db.write(self.engine) as conn:
                conn.info["paused"] = self
                ingest(conn, self.hall, self.batch[0].device_id, self.batch, self.now)
        except BaseException as exc:  # reported to the test thread
            self.error = exc


def hold(engine: sa.Engine) -> None:
    """Engine events that stop a Paused ingest before the counter SELECT and before COMMIT."""

    def statement(conn: Any, _c: Any, sql: str, *_: Any) -> None:
        paused = conn.info.get("paused")
        if paused is not None and "hall_event_seq" in sql and "FOR UPDATE" in sql:
            paused.at_counter.set()
            assert paused.go_counter.wait(LOCK_WAIT_DEADLINE_S)

    def commit(conn: Any) -> None:
        paused = conn.info.pop("paused", None)
        if paused is not None:
            paused.at_commit.set()
            assert paused.go_commit.wait(LOCK_WAIT_DEADLINE_S)

    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(engine, "commit", commit)


def wait_for_lock_wait(engine: sa.Engine) -> None:
    """Poll the server (no sleep) until a transaction waits on a row lock."""
    query = sa.text(LOCK_WAITS[engine.dialect.name])
    deadline = time.monotonic() + LOCK_WAIT_DEADLINE_S
    while time.monotonic() < deadline:
        with db.read(engine) as conn:
            if conn.execute(query).scalar_one():
                return
    pytest.fail("the second ingest never waited on the hall counter lock")


@pytest.mark.parametrize("env", BACKENDS)
def test_ingests_committing_out_of_start_order_never_make_a_puller_skip(
    env: str, fake_clock: FakeClock
) -> None:
    with scratch_database(database_url(env), "desk_gap") as url:
        hall = prepare(url)
        engine = db.make_engine(url, pool_size=4)
        hold(engine)
        first = Paused(engine, hall, events_of(3, fake_clock.now()), fake_clock.now())
        second = Paused(engine, hall, events_of(4, fake_clock.now()), fake_clock.now())
        try:
            run_out_of_order(engine, hall, first, second)
        finally:
            for paused in (first, second):
                paused.go_counter.set()
                paused.go_commit.set()
                paused.join(LOCK_WAIT_DEADLINE_S)
            engine.dispose()
        assert (first.error, second.error) == (None, None)


def pulled(engine: sa.Engine, hall: str, cursor: int) -> list[int]:
    with db.read(engine) as conn:
        return [row.server_seq for row in pull(conn, hall, cursor)]


def run_out_of_order(engine: sa.Engine, hall: str, first: Paused, second: Paused) -> None:
    first.start()  # starts first: device row locked, held before the counter
    assert first.at_counter.wait(LOCK_WAIT_DEADLINE_S)
    second.start()  # starts second, takes the counter first, held before COMMIT
    assert second.at_counter.wait(LOCK_WAIT_DEADLINE_S)
    second.go_counter.set()
    assert second.at_commit.wait(LOCK_WAIT_DEADLINE_S)
    first.go_counter.set()
    wait_for_lock_wait(engine)  # the first now waits on the counter row
    assert pulled(engine, hall, 0) == []
    second.go_commit.set()  # the second commits first
    assert first.at_commit.wait(LOCK_WAIT_DEADLINE_S)
    second.join(LOCK_WAIT_DEADLINE_S)
    seen = pulled(engine, hall, 0)  # a puller between the two commits
    assert seen == [1, 2, 3, 4]
    first.go_commit.set()
    first.join(LOCK_WAIT_DEADLINE_S)
    later = pulled(engine, hall, seen[-1])
    assert later == [5, 6, 7]  # numbered after the earlier commit: nothing skipped
    assert pulled(engine, hall, 0) == [1, 2, 3, 4, 5, 6, 7]

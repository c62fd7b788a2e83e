"""Ratings under concurrency on SQLite, PostgreSQL and MariaDB, and the PostgreSQL wake-up:
two threads asking for a new hall's settings make one row; 8 writers take seq 1..N with no
gap and no repeat while a reader following the feed by seq never skips one; two ratings of
one visit at the same moment: one is stored, the other refused and the seq moves once; a
window LISTENing on the hall's rating channel is woken by the COMMIT, not before (polling
elsewhere).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from desk_client.core.errors import DeskError
from desk_client.store import channels, db, ratings_repo
from desk_client.store.rating_rows import RatedVisit
from desk_client.store.rating_schema import rating_settings
from desk_client.sync import notify
from tests.integration.rating_helpers import NOW, TODAY, Hall, Levels, new_hall, rate, visit

T = TypeVar("T")
WRITERS = 8
PER_WRITER = 30
#: Generous: the wake-up comes within milliseconds; the deadline only bounds a failure.
WAKE_DEADLINE_S = 5.0


@pytest.fixture(scope="module")
def engine(central_url: str) -> Iterator[Engine]:
    made = db.make_engine(central_url, pool_size=WRITERS + 2)
    yield made
    made.dispose()


def at_once(count: int, work: Callable[[int], T]) -> list[T | BaseException]:
    """Run ``work(0..count-1)`` on ``count`` threads released together; results or errors."""
    gate = threading.Barrier(count)

    def run(index: int) -> T | BaseException:
        gate.wait()
        try:
            return work(index)
        except (DeskError, sa.exc.SQLAlchemyError) as exc:
            return exc

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_two_threads_make_one_settings_row(engine: Engine) -> None:
    for _ in range(5):
        hall = new_hall(engine)

        def settings(_: int, hall: Hall = hall) -> str:
            with db.write(engine) as conn:
                return ratings_repo.settings_row(conn, hall.id, now=NOW).secret

        secrets = at_once(2, settings)
        assert all(isinstance(secret, str) for secret in secrets), secrets
        assert secrets[0] == secrets[1]  # both see the one row that was made
        with db.read(engine) as conn:
            query = sa.select(sa.func.count()).where(rating_settings.c.hall_id == hall.id)
            assert conn.execute(query).scalar_one() == 1


def _follow(engine: Engine, hall: Hall, total: int, stop: threading.Event) -> list[int]:
    """A window's feed: read after the cursor until ``total`` seen; every page must continue
    the cursor exactly (a skipped seq would show as a jump)."""
    seen: list[int] = []
    while len(seen) < total and not stop.is_set():
        with db.read(engine) as conn:
            page = ratings_repo.ratings_after(conn, hall.id, seen[-1] if seen else 0, 50)
        seqs = [row.seq for row in page]
        start = (seen[-1] if seen else 0) + 1
        assert seqs == list(range(start, start + len(seqs))), (seen[-3:], seqs)
        seen.extend(seqs)
    return seen


def test_concurrent_writers_take_every_seq_once_and_the_feed_never_skips(engine: Engine) -> None:
    hall, total = new_hall(engine), WRITERS * PER_WRITER
    stop = threading.Event()
    with ThreadPoolExecutor(1) as reader_pool:
        reader = reader_pool.submit(_follow, engine, hall, total, stop)
        taken = at_once(WRITERS, lambda _: [rate(engine, hall)[0] for _ in range(PER_WRITER)])
        failed = [t for t in taken if isinstance(t, BaseException)]
        if failed:
            stop.set()  # the reader would wait for ratings that never come
        seen = reader.result(timeout=120)
    assert not failed, failed
    seqs = sorted(seq for part in taken if isinstance(part, list) for seq in part)
    assert seqs == list(range(1, total + 1))  # no gap, no repeat
    for part in taken:  # each writer's own ratings got increasing seqs
        assert isinstance(part, list) and part == sorted(part)
    assert seen == list(range(1, total + 1))
    with db.read(engine) as conn:
        assert ratings_repo.last_seq(conn, hall.id) == total


def test_one_visit_rated_twice_at_once_is_stored_once(engine: Engine) -> None:
    hall = new_hall(engine)
    for round_ in range(5):
        rated = visit()

        def rate_it(n: int, rated: RatedVisit = rated) -> tuple[int, int]:
            return rate(engine, hall, rated, Levels(5 - n))

        results = at_once(2, rate_it)
        stored = [r for r in results if isinstance(r, tuple)]
        refused = [r for r in results if isinstance(r, DeskError)]
        assert len(stored) == 1 and len(refused) == 1, results
        assert refused[0].code == "rating.token_used"
        assert stored[0][0] == round_ + 1  # the refused one took no seq
    with db.read(engine) as conn:
        assert ratings_repo.last_seq(conn, hall.id) == 5


def test_a_window_listening_is_woken_by_the_commit(engine: Engine, central_url: str) -> None:
    hall = new_hall(engine)
    channel = channels.rating_channel_name(hall.code)
    assert channel == f"desk_rating_{hall.code}"
    ratings_watcher = notify.make_watcher(central_url, hall.code, channel)
    queue_watcher = notify.make_watcher(central_url, hall.code)
    try:
        if engine.dialect.name != "postgresql":
            assert isinstance(ratings_watcher, notify.PollingWatcher)
            assert ratings_watcher.wait(0.01)  # no signal here: "look again" after the timeout
            return
        with db.write(engine) as conn:
            ratings_repo.insert_rating(
                conn, hall.code, hall.id, visit(), Levels(4), service_day=TODAY, now=NOW
            )
            assert not ratings_watcher.wait(0.2)  # nothing before the COMMIT
        assert ratings_watcher.wait(WAKE_DEADLINE_S)
        assert not queue_watcher.wait(0.2)  # the queue's displays are not woken by ratings
        with db.write(engine) as conn:
            ratings_repo.notify_rating(conn, hall.code, 41)  # a wake-up without a rating
        assert ratings_watcher.wait(WAKE_DEADLINE_S)
    finally:
        ratings_watcher.close()
        queue_watcher.close()

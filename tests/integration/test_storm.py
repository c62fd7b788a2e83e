"""THE STORM: 200 windows call at once against 5,000 waiting tickets.

Every ticket must be called exactly once, and no window may be told "queue empty" while a
ticket still waits. The proof of the second: no tickets are issued during the storm, so the
waiting set only shrinks. If a window's empty answer E returned before some claim C *started*,
C's ticket was committed as waiting during the whole of E (only C ever takes it, and C had not
begun), so E lied. Hence: every claim starts before the first empty answer returns.
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from desk_client.store import db, schema
from tests.integration.conftest import make_services

WINDOWS = 200
TICKETS = 5000
POOL = 40
JOIN_S = 400

pytestmark = pytest.mark.slow


@pytest.fixture(params=[
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
])  # fmt: skip
def storm_services(
    request: pytest.FixtureRequest, scratch_database: object, fake_clock: FakeClock, tmp_path: Path
) -> Services:
    assert callable(scratch_database)
    from desk_client.store import migrate

    url: str = scratch_database(request.param, tmp_path)
    migrate.upgrade(url, "central")
    services = make_services(
        url, fake_clock, tmp_path, pool_size=POOL, max_overflow=0, pool_timeout=600
    )
    _fill(services, fake_clock)
    yield services  # type: ignore[misc]
    services.close()


def _fill(services: Services, clock: FakeClock) -> None:
    """Windows 7..200 as general windows; 5,000 waiting tickets across A, B and C, 5 %
    priority and a fifth checked-in appointments whose slots lie within half an hour of now:
    about 500 due, so the storm runs through every lane of the call order, and through both
    of PostgreSQL's due-lane reads (a backlog of due ones, then a few; central 0009)."""
    rng = random.Random(7)
    with db.write(services.context.engine) as conn:
        hall_id, _ = services.context.hall(conn)
        cats = conn.execute(
            sa.select(schema.categories.c.id, schema.categories.c.prefix)
            .where(schema.categories.c.hall_id == hall_id)
        ).all()  # fmt: skip
        for number in range(7, WINDOWS + 1):
            window_id = db.new_id(conn.execute(schema.windows.insert().values(
                hall_id=hall_id, number=number, name=f"{number}号窗口")))  # fmt: skip
            conn.execute(schema.window_categories.insert(),
                         [{"window_id": window_id, "category_id": c.id} for c in cats])  # fmt: skip
        start, day = clock.now() - timedelta(hours=1), services.context.today()
        rows = []
        for seq in range(1, TICKETS + 1):
            cat = rng.choice(cats)
            rows.append({
                "hall_id": hall_id, "service_day": day, "category_id": cat.id,
                "number": f"{cat.prefix}{seq:04d}", "seq": seq, "state": "waiting",
                "priority": rng.random() < 0.05, "appointment_at": _slot(clock, rng),
                "order_at": start + timedelta(milliseconds=seq), "issued_at": start,
                "call_count": 0, "channel": "kiosk", "transferred": False, "version": 1,
            })  # fmt: skip
        conn.execute(schema.tickets.insert(), rows)


@dataclass
class Log:
    claims: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, ticket)
    empties: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, window)
    errors: list[BaseException] = field(default_factory=list)
    all_held: int = 0  # calls told "every waiting ticket is being called elsewhere"
    lock: threading.Lock = field(default_factory=threading.Lock)


def _window_loop(
    services: Services, window: int, staff_id: int, log: Log, go: threading.Event
) -> None:
    go.wait()
    try:
        while True:
            started = time.perf_counter_ns()
            try:
                result = services.queue.finish_and_call_next(window, staff_id)
            except DeskError as exc:  # every waiting ticket held: the clerk calls again
                if exc.code != "queue.all_held":
                    raise
                with log.lock:
                    log.all_held += 1
                continue
            ended = time.perf_counter_ns()
            with log.lock:
                if result.ticket is None:
                    log.empties.append((started, ended, window))
                    return
                log.claims.append((started, ended, result.ticket.id))
    except BaseException as exc:  # reported by the test
        with log.lock:
            log.errors.append(exc)


def test_storm(storm_services: Services, record_property: pytest.RecordProperty) -> None:
    services = storm_services
    staff_id = services.auth.login("S001", "super123", None).staff_id
    log, go = Log(), threading.Event()
    threads = [
        threading.Thread(target=_window_loop, args=(services, w, staff_id, log, go), daemon=True)
        for w in range(1, WINDOWS + 1)
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join(timeout=JOIN_S)
    elapsed = time.perf_counter() - began
    assert not any(t.is_alive() for t in threads), f"windows still calling after {JOIN_S} s"
    assert not log.errors, log.errors[:3]

    called = [ticket for _, _, ticket in log.claims]
    assert len(called) == TICKETS and len(set(called)) == TICKETS  # each ticket once
    assert len(log.empties) == WINDOWS  # every window finally heard "empty", once
    last_claim_start = max(start for start, _, _ in log.claims)
    first_empty_end = min(end for _, end, _ in log.empties)
    assert last_claim_start < first_empty_end, "a window was told 'empty' while a ticket waited"

    c, t = schema.calls.c, schema.tickets.c
    with db.read(services.context.engine) as conn:
        hall_id, _ = services.context.hall(conn)
        per_ticket = conn.execute(
            sa.select(c.ticket_id, sa.func.count())
            .where(c.hall_id == hall_id)
            .group_by(c.ticket_id)
        ).all()
        states = dict(conn.execute(
            sa.select(t.state, sa.func.count()).where(t.hall_id == hall_id).group_by(t.state)
        ).all())  # fmt: skip
    assert len(per_ticket) == TICKETS and all(count == 1 for _, count in per_ticket)
    assert states == {"done": TICKETS}

    latencies = sorted((end - start) / 1e6 for start, end, _ in log.claims)
    figures = {
        "backend": services.context.backend,
        "windows": WINDOWS,
        "tickets": TICKETS,
        "pool": POOL,
        "seconds": round(elapsed, 2),
        "claims_per_s": round(TICKETS / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 1),
        "all_held": log.all_held,
    }
    record_property("storm", json.dumps(figures))
    print("STORM", json.dumps(figures))


def _slot(clock: FakeClock, rng: random.Random) -> datetime | None:
    if rng.random() >= 0.2:
        return None
    return clock.now() + timedelta(minutes=rng.uniform(-30, 30))

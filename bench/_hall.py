"""Bench setup: a throw-away database with the demo hall, many windows and a full queue.

Each run gets ``desk_bench_<random>`` on the server (CREATE DATABASE), migrated with the
central Alembic tree and seeded through ``AdminService.seed_demo``; the extra windows and the
waiting tickets go in directly with SQLAlchemy Core (a bench may skip the services there, the
claim is what it measures). ``verify`` reads the outcome back from the database.
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from desk_client.config import Config
from desk_client.services.app import Services, build_services
from desk_client.store import db, migrate, schema
from desk_client.store.databases import scratch_database

HALL = "demo"
#: Bench windows are numbered from here (the demo hall has 1..6).
FIRST_WINDOW = 101
BATCH = 1000
#: The share of waiting tickets that are checked-in appointments.
APPOINTMENTS = 0.2


@dataclass(frozen=True)
class Hall:
    url: str
    windows: tuple[int, ...]
    staff_id: int


def fresh_database(server_url: str) -> AbstractContextManager[str]:
    """A new empty database on the server; dropped (even after a failure) on exit."""
    return scratch_database(server_url, "desk_bench")


def services_for(url: str, pool_size: int = 5, max_overflow: int = 0) -> Services:
    config = Config(hall_code=HALL, database_url=url)
    return build_services(config, pool_size=pool_size, max_overflow=max_overflow)


def prepare(url: str, windows: int, tickets: int, seed: int = 7) -> Hall:
    """Migrate, seed the demo hall, add ``windows`` general windows and ``tickets`` waiting."""
    migrate.upgrade(url, "central")
    services = services_for(url)
    try:
        services.admin.seed_demo()
        with db.write(services.context.engine) as conn:
            hall_id, _ = services.context.hall(conn)
            numbers = _add_windows(conn, hall_id, windows)
            _add_tickets(conn, hall_id, services, tickets, random.Random(seed))
            staff_id = conn.execute(
                sa.select(schema.staff.c.id).where(
                    schema.staff.c.hall_id == hall_id, schema.staff.c.staff_no == "1001"
                )
            ).scalar_one()
    finally:
        services.close()
    _analyze(url)
    return Hall(url, numbers, int(staff_id))


def _analyze(url: str) -> None:
    """Fresh planner statistics after the bulk load.

    A real hall's tickets arrive over the day and autovacuum keeps the statistics current;
    a bench that loads thousands at once and starts at once would otherwise be planned as
    if the table were empty (wrong index, the whole lane walked).
    """
    engine = db.make_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.begin() as conn:
            mysql_like = conn.dialect.name == "mysql"
            conn.exec_driver_sql("ANALYZE TABLE tickets" if mysql_like else "ANALYZE tickets")
    finally:
        engine.dispose()


def _categories(conn: sa.Connection, hall_id: int) -> list[tuple[int, str]]:
    c = schema.categories.c
    query = sa.select(c.id, c.prefix).where(c.hall_id == hall_id).order_by(c.code)
    return [(int(row.id), str(row.prefix)) for row in conn.execute(query)]


def _add_windows(conn: sa.Connection, hall_id: int, count: int) -> tuple[int, ...]:
    """General windows (综合窗口) serving every demo category."""
    cats = _categories(conn, hall_id)
    numbers = tuple(range(FIRST_WINDOW, FIRST_WINDOW + count))
    rows = [{"hall_id": hall_id, "number": n, "name": f"{n}号窗口"} for n in numbers]
    conn.execute(schema.windows.insert(), rows)
    w = schema.windows.c
    ids = conn.execute(sa.select(w.id).where(w.hall_id == hall_id, w.number >= FIRST_WINDOW))
    links = [{"window_id": wid, "category_id": c} for wid in ids.scalars() for c, _ in cats]
    conn.execute(schema.window_categories.insert(), links)
    return numbers


def _add_tickets(
    conn: sa.Connection, hall_id: int, services: Services, count: int, rng: random.Random
) -> None:
    """Waiting tickets across A, B and C, issued over the last hour, 5 % priority (优先) and
    20 % checked-in appointments (预约) whose slots lie within half an hour either side of
    now, so about half of them are due and go before the walk-ins."""
    cats = _categories(conn, hall_id)
    now, day = services.clock.now(), services.context.today()
    start = now - timedelta(hours=1)
    rows = []
    for seq in range(1, count + 1):
        cat_id, prefix = rng.choice(cats)
        rows.append({
            "hall_id": hall_id, "service_day": day, "category_id": cat_id,
            "number": f"{prefix}{seq:05d}", "seq": seq, "state": "waiting",
            "priority": rng.random() < 0.05, "appointment_at": _slot(now, rng),
            "order_at": start + timedelta(milliseconds=seq), "issued_at": start,
            "call_count": 0, "channel": "kiosk", "transferred": False, "version": 1,
        })  # fmt: skip
    for first in range(0, len(rows), BATCH):
        conn.execute(schema.tickets.insert(), rows[first : first + BATCH])


def _slot(now: datetime, rng: random.Random) -> datetime | None:
    if rng.random() >= APPOINTMENTS:
        return None
    return now + timedelta(minutes=rng.uniform(-30, 30))


@dataclass(frozen=True)
class Outcome:
    """What the database says after a run."""

    called: int  # tickets with at least one 'call' row
    double_calls: int  # tickets with more than one 'call' row
    still_waiting: int


def verify(url: str) -> Outcome:
    engine = db.make_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            c = schema.calls.c
            per_ticket = (
                sa.select(c.ticket_id, sa.func.count().label("n"))
                .where(c.kind == "call")
                .group_by(c.ticket_id)
                .subquery()
            )
            called = conn.execute(sa.select(sa.func.count()).select_from(per_ticket)).scalar_one()
            doubles = conn.execute(
                sa.select(sa.func.count()).select_from(per_ticket).where(per_ticket.c.n > 1)
            ).scalar_one()
            t = schema.tickets.c
            waiting = conn.execute(
                sa.select(sa.func.count()).where(t.state == "waiting")
            ).scalar_one()
    finally:
        engine.dispose()
    return Outcome(int(called), int(doubles), int(waiting))

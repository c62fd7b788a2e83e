"""叫号统计 over a busy month: how long a supervisor waits for each grouping of the report.

Prints one JSON object:

    {backend, days, tickets, events, load_s, reports: {day|hour|category|window|staff:
     {seconds, rows}}, peak_rss_mb}

A scratch database on the server (``--backend pg|mariadb``; dropped afterwards) or a scratch
SQLite file (``sqlite``), migrated and seeded with the demo hall, gets ``--days`` working
days of ``--per-day`` tickets each, loaded directly with SQLAlchemy Core: issued from 09:00
over eight hours, called by one of the six windows after a random wait, 80 % finished, 8 %
no-shows, 6 % transferred and finished at another window, 3 % held and resumed, 3 % left
waiting and closed at the day's end, each with its ticket_events rows as the services write
them. Then QueueStatsService.report runs over the whole period once per grouping, as the
page's worker runs it; ``seconds`` is its wall time (the GUI thread never waits on it).

    python bench/queue_stats.py --backend pg            # 22 days x 2,000 tickets
    python bench/queue_stats.py --backend mariadb --days 22 --per-day 2000
    python bench/queue_stats.py --backend sqlite
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from bench._hall import HALL, fresh_database
from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import build_services
from desk_client.services.dto_queue_stats import QUEUE_STATS_BY
from desk_client.store import db, migrate, schema

SERVERS = {
    "pg": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306/test",
}
FIRST_DAY = date(2026, 10, 5)  # a Monday; weekends are skipped
BATCH = 2000


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/central.db"
        return
    with fresh_database(SERVERS[backend]) as url:
        yield url


def working_days(count: int) -> list[date]:
    days, day = [], FIRST_DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def ids(conn: sa.Connection, table: sa.Table, hall_id: int) -> list[int]:
    return list(conn.execute(sa.select(table.c.id).where(table.c.hall_id == hall_id)).scalars())


class Loader:
    """Makes a day's tickets and their events as rows, as the services would have."""

    def __init__(self, conn: sa.Connection, hall_id: int, rng: random.Random) -> None:
        self.conn, self.hall_id, self.rng = conn, hall_id, rng
        self.categories = ids(conn, schema.categories, hall_id)
        self.windows = ids(conn, schema.windows, hall_id)
        self.staff = ids(conn, schema.staff, hall_id)
        self.events = 0

    def day(self, day: date, count: int) -> None:
        opening = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)  # 09:00 local
        tickets, steps = [], []
        for seq in range(1, count + 1):
            issued = opening + timedelta(seconds=seq * 8 * 3600 // count)
            state, history = self.history(issued)
            tickets.append(self.ticket(day, seq, issued, state))
            steps.append(history)
        first_id = self.insert(tickets)
        rows = [
            {"ticket_id": first_id + n, **step}
            for n, history in enumerate(steps)
            for step in history
        ]
        for start in range(0, len(rows), BATCH):
            self.conn.execute(schema.ticket_events.insert(), rows[start : start + BATCH])
        self.events += len(rows)

    def insert(self, tickets: list[dict[str, Any]]) -> int:
        for start in range(0, len(tickets), BATCH):
            self.conn.execute(schema.tickets.insert(), tickets[start : start + BATCH])
        t = schema.tickets.c
        query = sa.select(sa.func.min(t.id)).where(
            t.hall_id == self.hall_id, t.service_day == tickets[0]["service_day"]
        )
        return int(self.conn.execute(query).scalar_one())

    def ticket(self, day: date, seq: int, issued: datetime, state: str) -> dict[str, Any]:
        return {
            "hall_id": self.hall_id, "service_day": day,
            "category_id": self.rng.choice(self.categories),
            "number": f"Q{seq:05d}", "seq": seq, "state": state, "priority": False,
            "order_at": issued, "issued_at": issued, "call_count": 1, "channel": "kiosk",
            "transferred": False, "version": 1,
        }  # fmt: skip

    def history(self, issued: datetime) -> tuple[str, list[dict[str, Any]]]:
        """(final state, the events) of one ticket."""
        steps = [self.step("issue", None, "waiting", issued)]
        fate = self.rng.random()
        if fate < 0.03:
            return "closed", [
                *steps,
                self.step("close", "waiting", "closed", issued + timedelta(hours=9)),
            ]
        at = issued + timedelta(seconds=self.rng.randint(60, 3600))
        window, staff = self.rng.choice(self.windows), self.rng.choice(self.staff)
        steps.append(self.step("call", "waiting", "called", at, window, staff))
        at += timedelta(seconds=self.rng.randint(60, 1200))
        if fate < 0.11:
            return "no_show", [*steps, self.step("no_show", "called", "no_show", at, window, staff)]
        if fate < 0.17:
            steps.append(self.step("transfer", "called", "waiting", at, window, staff))
            at += timedelta(seconds=self.rng.randint(60, 900))
            window = self.rng.choice(self.windows)
            steps.append(self.step("call", "waiting", "called", at, window, staff))
            at += timedelta(seconds=self.rng.randint(60, 900))
        elif fate < 0.20:
            steps.append(self.step("hold", "called", "held", at, window, staff))
            at += timedelta(seconds=self.rng.randint(60, 1800))
            steps.append(self.step("resume", "held", "serving", at, window, staff))
            at += timedelta(seconds=self.rng.randint(60, 600))
        return "done", [*steps, self.step("finish", "serving", "done", at, window, staff)]

    @staticmethod
    def step(
        action: str, source: str | None, target: str, at: datetime,
        *where: int,
    ) -> dict[str, Any]:  # fmt: skip
        """An event row; ``where`` is (window, staff) for the steps taken at a window."""
        window, staff = where or (None, None)
        return {
            "action": action, "from_state": source, "to_state": target,
            "window_id": window, "staff_id": staff, "at": at,
        }  # fmt: skip


def load(url: str, days: list[date], per_day: int) -> tuple[int, float]:
    migrate.upgrade(url, "central")
    services = build_services(Config(hall_code=HALL, database_url=url))
    started = time.perf_counter()
    try:
        services.admin.seed_demo()
        with db.write(services.context.engine) as conn:
            hall_id, _ = services.context.hall(conn)
            loader = Loader(conn, hall_id, random.Random(11))
            for day in days:
                loader.day(day, per_day)
    finally:
        services.close()
    return loader.events, time.perf_counter() - started


def reports(url: str, days: list[date]) -> dict[str, Any]:
    clock = FakeClock(datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), UTC))
    services = build_services(Config(hall_code=HALL, database_url=url), clock)
    found: dict[str, Any] = {}
    try:
        for by in QUEUE_STATS_BY:
            started = time.perf_counter()
            report = services.queue_stats.report(days[0], days[-1], by)
            found[by] = {
                "seconds": round(time.perf_counter() - started, 3),
                "rows": len(report.rows),
            }
    finally:
        services.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("pg", "mariadb", "sqlite"), default="pg")
    parser.add_argument("--days", type=int, default=22, help="working days (default 22, a month)")
    parser.add_argument("--per-day", type=int, default=2000, help="tickets a day (default 2000)")
    args = parser.parse_args(argv)
    days = working_days(args.days)
    with database(args.backend) as url:
        events, load_s = load(url, days, args.per_day)
        found = reports(url, days)
    result = {
        "backend": args.backend, "days": args.days, "tickets": args.days * args.per_day,
        "events": events, "load_s": round(load_s, 1), "reports": found,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }  # fmt: skip
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The outbox push: a backlog of 50,000 events (a busy weekend offline) drained to the central
database, against a naive one-event-per-transaction push measured in the same run.

Prints one JSON object per backend to stdout:

    {backend, events, seconds, events_per_s, naive_events, naive_events_per_s, speedup,
     gui_stall_p99_ms, gui_stall_max_ms, ...}

- seconds: ``SyncEngine.push`` of the whole backlog (batches of ``--batch``, each batch ONE
  central ingest transaction plus ONE local acknowledgement), run by a ``SyncWorker`` thread
  while the GUI thread spins a Qt event loop; only the push is timed (the pull that follows in
  the same round is not).
- naive: the same code with one event per batch (one central transaction and one local
  acknowledgement per event) on a sample of ``--naive-events`` from another device of the same
  hall; its rate is extrapolated to the backlog (``naive_extrapolated``: true).
- GUI stall: a QTimer at ``--tick-ms`` on the GUI thread (QApplication, offscreen) while the
  worker drains; the stall of a tick is (gap between ticks - interval); p99 and max.
- ``--model-examples N`` instead runs the sync state machine of
  tests/integration/test_sync_model.py with N examples (SQLite) and prints its figures.

Every run gets a fresh ``desk_bench_<random>`` database, dropped afterwards.

Figures on the 2-core dev box (shared with other jobs; 50,000 events, naive on 2,000):
PostgreSQL batch 500: 8.95 s, 5,588 events/s, naive 109/s, 51x, GUI stall p99 6.5 ms (max
58 ms); batch 2000: 9.28 s. MariaDB batch 500: 18.2 s, 24x (under load); batch 2000: 9.8 s,
49x, p99 9.7 ms. Each batch costs two commits (central + local fsync), ~45 ms of overhead:
hence sync.worker.PUSH_BATCH = 2000. 500 model examples: 107 s, pass.

    python bench/sync.py                       # PostgreSQL and MariaDB (about 1-2 minutes)
    python bench/sync.py --backend pg --events 20000
    python bench/sync.py --model-examples 500
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from bench import _hall
from desk_client.core.clock import FakeClock
from desk_client.core.hashchain import GENESIS, ChainEvent, seal
from desk_client.store import db, migrate
from desk_client.store.local import LocalStore
from desk_client.store.local_schema import outbox
from desk_client.sync.worker import PUSH_BATCH, SyncEngine, SyncWorker, WorkerStatus

SERVERS = {
    "pg": ("postgresql", "DESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
    "mariadb": ("mariadb", "DESK_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test"),
}  # fmt: skip
START = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
#: A worker that has not drained the backlog by then is reported as stuck.
DRAIN_CAP_S = 300.0


# ---- the backlog ---------------------------------------------------------------------------
def _payload(index: int, at: datetime) -> tuple[str, dict[str, Any]]:
    """A weekend's mix: logins/logouts and printed slips (both applied set-wise centrally)."""
    if index % 3 == 2:
        digest = f"{index:064x}"
        return "document.printed", {"kind": "ticket", "number": f"A{index % 1000:03d}",
                                    "sha256": digest, "at": at.isoformat()}  # fmt: skip
    kind = "login" if index % 3 == 0 else "logout"
    return "staff.session", {"staff_no": "1001", "window": 1, "kind": kind, "at": at.isoformat()}


def _chain(device_id: str, count: int) -> list[ChainEvent]:
    chain, prev = [], GENESIS
    for index in range(count):
        at = START + timedelta(seconds=index)
        type_, payload = _payload(index, at)
        event = seal(event_id=_uuid7(), device_id=device_id, client_seq=index + 1, type=type_,
                     payload=payload, occurred_at=at, actor="1001", prev_hash=prev)  # fmt: skip
        chain.append(event)
        prev = event.hash
    return chain


def _uuid7() -> str:
    import uuid6

    return str(uuid6.uuid7())


def fill_outbox(path: str, count: int, clock: FakeClock) -> LocalStore:
    """A local store whose outbox holds ``count`` pending events (one bulk transaction: the
    bench measures the push, not 50,000 clerk actions)."""
    local = LocalStore(path)
    device_id = local.device_id(clock.now())
    rows = [
        {k: v for k, v in vars(e).items() if k != "device_id"} | {"status": "pending"}
        for e in _chain(device_id, count)
    ]
    with db.write(local.engine()) as conn:
        for first in range(0, len(rows), 5000):
            conn.execute(outbox.insert(), rows[first : first + 5000])
    return local


# ---- measurements --------------------------------------------------------------------------
def timed_push(local: LocalStore, engine: sa.Engine, clock: FakeClock, batch: int) -> float:
    sync = SyncEngine(local, lambda: engine, _hall.HALL, clock, push_batch=batch)
    start = time.perf_counter()
    sync.push(engine)
    seconds = time.perf_counter() - start
    assert local.counts()[0] == 0, "backlog not drained"
    return seconds


def naive_rate(folder: str, engine: sa.Engine, clock: FakeClock, count: int) -> float:
    local = fill_outbox(os.path.join(folder, "naive.db"), count, clock)
    try:
        return count / timed_push(local, engine, clock, 1)
    finally:
        local.dispose()


class _Ticks:
    """Gaps between QTimer ticks on the GUI thread."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.gaps: list[float] = []

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class _TimedEngine(SyncEngine):
    """Times the push of the worker's round (the pull after it is not part of the figure)."""

    push_seconds: float | None = None

    def push(self, engine: sa.Engine) -> tuple[int, int]:
        start = time.perf_counter()
        result = super().push(engine)
        if self.push_seconds is None:
            self.push_seconds = time.perf_counter() - start
        return result


def drain_with_gui(
    local: LocalStore, engine: sa.Engine, clock: FakeClock, batch: int, tick_ms: int
) -> tuple[float, dict[str, float]]:
    """Drain in a SyncWorker thread while the GUI thread's QTimer ticks; (seconds, stalls)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    sync = _TimedEngine(local, lambda: engine, _hall.HALL, clock, push_batch=batch)
    done = threading.Event()
    worker = SyncWorker(sync, clock, _on_first_round(done), idle_s=3600)
    ticks, timer = _Ticks(), QTimer()
    timer.setInterval(tick_ms)
    timer.timeout.connect(ticks.tick)
    stopper = QTimer()
    stopper.timeout.connect(lambda: app.quit() if done.is_set() else None)
    stopper.start(20)
    timer.start()
    ticks.last = time.perf_counter()
    worker.start()
    app.exec()
    timer.stop()
    stopper.stop()
    worker.stop()
    stalls = [max(0.0, gap - tick_ms / 1000) * 1000 for gap in ticks.gaps]
    figures = {"gui_stall_p99_ms": round(_percentile(stalls, 0.99), 2),
               "gui_stall_max_ms": round(max(stalls), 2), "gui_ticks": len(stalls)}  # fmt: skip
    assert sync.push_seconds is not None, worker.status
    return sync.push_seconds, figures


def _on_first_round(done: threading.Event) -> Callable[[WorkerStatus], None]:
    def seen(status: WorkerStatus) -> None:
        if status.state in ("online", "refused"):
            done.set()

    return seen


def central_counts(engine: sa.Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT count(*), count(DISTINCT event_id) FROM events").one()
    return int(row[0]), int(row[1])


def prepare(url: str) -> sa.Engine:
    """Migrate, seed the demo hall; an engine like the worker's (a small pool)."""
    migrate.upgrade(url, "central")
    services = _hall.services_for(url)
    services.admin.seed_demo()
    services.close()
    return db.make_engine(url, pool_size=2, max_overflow=0)


def measure(engine: sa.Engine, folder: str, args: argparse.Namespace) -> dict[str, Any]:
    clock = FakeClock(START + timedelta(days=2))
    naive = naive_rate(folder, engine, clock, args.naive_events)
    local = fill_outbox(os.path.join(folder, "local.db"), args.events, clock)
    try:
        seconds, stalls = drain_with_gui(local, engine, clock, args.batch, args.tick_ms)
        left = local.counts()[0]
    finally:
        local.dispose()
    total, distinct = central_counts(engine)
    rate = args.events / seconds
    return {"events": args.events, "batch": args.batch, "seconds": round(seconds, 2),
            "events_per_s": round(rate), "naive_events": args.naive_events,
            "naive_events_per_s": round(naive, 1), "naive_extrapolated": True,
            "naive_seconds_for_backlog": round(args.events / naive, 1),
            "speedup": round(rate / naive, 1), **stalls, "tick_ms": args.tick_ms,
            "left_pending": left, "central_events": total,
            "central_distinct": distinct}  # fmt: skip


def run_backend(key: str, args: argparse.Namespace) -> dict[str, Any]:
    name, env, default = SERVERS[key]
    with _hall.fresh_database(os.environ.get(env, default)) as url:
        engine = prepare(url)
        try:
            with tempfile.TemporaryDirectory() as folder:
                return {"backend": name, **measure(engine, folder, args)}
        finally:
            engine.dispose()


def run_model(examples: int) -> int:
    """The state machine test with ``examples`` examples (its own pytest process)."""
    env = os.environ | {"DESK_MODEL_EXAMPLES": str(examples)}
    test = "tests/integration/test_sync_model.py"
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test, "-k", "sqlite"]
    start = time.perf_counter()
    code = subprocess.run(cmd, env=env, check=False, stdout=sys.stderr).returncode
    print(json.dumps({"model_examples": examples, "backend": "sqlite", "passed": code == 0,
                      "seconds": round(time.perf_counter() - start, 1)}))  # fmt: skip
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=[*SERVERS, "all"], default="all")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--naive-events", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=PUSH_BATCH)
    parser.add_argument("--tick-ms", type=int, default=1)
    parser.add_argument("--model-examples", type=int, default=0)
    args = parser.parse_args(argv)
    if args.model_examples:
        return run_model(args.model_examples)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for key in SERVERS if args.backend == "all" else [args.backend]:
        print(json.dumps(run_backend(key, args)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

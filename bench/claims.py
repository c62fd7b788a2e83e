"""The central claim (叫号): throughput (closed loop) and latency (open loop) at 200 windows.

Prints one JSON object per backend and mode to stdout, then exits 0:

    {backend, windows, tickets, mode, claims_per_s, p50_ms, p99_ms, double_calls,
     empty_while_waiting, ...extra figures}

Every run gets a fresh ``desk_bench_<random>`` database (migrated, the demo hall seeded, the
bench windows and the waiting tickets inserted), dropped afterwards. The windows run as
threads in several worker processes (one Python process is GIL-bound long before the
database is), each process with its own ``build_services(..., pool_size=...)``; their
timings are merged here. Before the clock starts every pooled connection runs the call
routine a few times in a transaction it rolls back (``_warm_up``): a hall's connections have
compiled the routine long before its rush.

- closed: every window loops ``finish_and_call_next`` until it is told the queue is empty
  (or ``--closed-cap`` seconds pass: a slow backend still ends the run in time);
  claims_per_s = tickets called / wall seconds; p50/p99 of the call itself.
- open: each window calls on its own fixed schedule (every windows/rate seconds, phase
  shifted), so the hall is offered ``--rate`` calls/s; latency runs from the *scheduled*
  start, so a call that starts late because the client was busy counts its wait
  (no coordinated omission). Calls still not started ``GRACE_S`` after the offered period
  are given up and count as infinitely late (a percentile landing on them prints null).

Afterwards the database is asked: tickets with more than one 'call' row (double_calls), and
empty answers given while a ticket still waited (empty_while_waiting). No ticket is issued
during a run, so the waiting set only shrinks: an empty answer that returned before another
claim *started* was a lie (that claim's ticket waited all along), and so is every empty
answer when tickets are still waiting at the end.

    python bench/claims.py                      # both backends, both modes (< 2 minutes)
    python bench/claims.py --backend pg --processes 3 --tickets 10000
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import os
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from bench import _hall
from desk_client.services.app import Services
from desk_client.store import claim

SERVERS = {
    "pg": (
        "postgresql",
        "DESK_TEST_PG_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    ),
    "mariadb": ("mariadb", "DESK_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test"),
}
MODES = ("closed", "open")
TICKET, EMPTY, ERROR, NOT_STARTED = 1, 0, -1, -2
#: A window stops after this many failed calls in a row (the database is gone, say).
MAX_FAILURES = 20
#: Open loop: calls still not started this long after the offered period are given up on.
GRACE_S = 5.0
#: (scheduled or actual start, actual start, end, outcome) in time.monotonic() seconds;
#: CLOCK_MONOTONIC is system-wide on Linux, so records from all processes compare.
Record = tuple[float, float, float, int]
START_DELAY_S = 0.5
#: Calls each pooled connection makes (rolled back) before the run: see _warm_up.
WARM_CALLS = 6


@dataclass(frozen=True)
class Plan:
    """What one worker process does."""

    url: str
    mode: str
    windows: tuple[int, ...]  # the window numbers this process drives
    phases: tuple[float, ...]  # open loop: each window's offset into the period
    period_s: float
    seconds: float
    staff_id: int
    pool: int


# ---- the worker processes ----------------------------------------------------------------
def worker(plan: Plan, pipe: Pipe) -> None:
    """Warm up, say ready, wait for the common start moment, run, send the records back."""
    services = _hall.services_for(plan.url, pool_size=plan.pool)
    try:
        _warm_up(services, plan)
        pipe.send("ready")
        start_at: float = pipe.recv()
        records: list[Record] = []
        errors: list[str] = []
        threads = [
            threading.Thread(
                target=_window_loop,
                args=(services, plan),
                kwargs={"index": i, "start_at": start_at, "records": records, "errors": errors},
            )
            for i in range(len(plan.windows))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        pipe.send((records, errors))
    finally:
        services.close()


def _warm_up(services: Services, plan: Plan) -> None:
    """Fill the pool and the per-process caches (hall, day close) before the clock starts,
    and let every pooled connection run the call routine ``WARM_CALLS`` times in a
    transaction it rolls back.

    A window's connection has run its calls long before a hall's rush: the first call on a
    fresh PostgreSQL backend compiles the PL/pgSQL routine and plans each of its statements
    (custom plans for the first five, then the cached generic one), tens of milliseconds that
    40 new connections would otherwise all pay in the run's first quarter second.
    """
    services.queue.close_previous_days()
    services.queue.list_windows()
    gate = threading.Barrier(plan.pool)
    failed: list[BaseException] = []

    def hold(window: int) -> None:
        try:
            with services.context.engine.connect() as conn:
                for _ in range(WARM_CALLS):
                    with conn.begin() as transaction:
                        claim.call(conn, _dry_request(services, conn, plan, window), finish=False)
                        transaction.rollback()
                gate.wait()
        except BaseException as exc:  # re-raised below: a failed warm-up must not be measured
            failed.append(exc)
            gate.abort()  # the others stop waiting for this connection

    # A window each: two dry calls at one window would wait on each other's current ticket.
    windows = [plan.windows[i % len(plan.windows)] for i in range(plan.pool)]
    threads = [threading.Thread(target=hold, args=(number,)) for number in windows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        causes = [e for e in failed if not isinstance(e, threading.BrokenBarrierError)]
        raise RuntimeError("the pool's warm-up failed") from (causes or failed)[0]


def _dry_request(services: Services, conn: sa.Connection, plan: Plan, number: int) -> claim.Claim:
    ctx = services.context
    hall_id, info = ctx.hall(conn)
    window = ctx.window(conn, number)
    return claim.Claim(
        hall_id, window.id, window.category_ids, ctx.today(), ctx.now(), str(uuid.uuid4()),
        plan.staff_id, number, info.code,
    )  # fmt: skip


def _window_loop(
    services: Services,
    plan: Plan,
    *,
    index: int,
    start_at: float,
    records: list[Record],
    errors: list[str],
) -> None:
    window = plan.windows[index]
    mine: list[Record] = []
    if plan.mode == "closed":
        _closed(services, plan, window, start_at=start_at, out=mine, errors=errors)
    else:
        first = start_at + plan.phases[index]
        _open(services, plan, window, first=first, start_at=start_at, out=mine, errors=errors)
    records.extend(mine)  # list.extend is atomic under the GIL


def _sleep_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def _call(services: Services, window: int, staff_id: int, errors: list[str]) -> int:
    """One claim; a refusal or a client-side failure (pool timeout...) is an ERROR record."""
    try:
        result = services.queue.finish_and_call_next(window, staff_id)
    except Exception as exc:  # a bench counts what broke instead of losing the window
        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        return ERROR
    return TICKET if result.ticket is not None else EMPTY


def _closed(
    services: Services,
    plan: Plan,
    window: int,
    *,
    start_at: float,
    out: list[Record],
    errors: list[str],
) -> None:
    """Call again at once until the queue is empty (or the time cap, or errors, stop it)."""
    _sleep_until(start_at)
    stop_at, failures = start_at + plan.seconds, 0
    while time.monotonic() < stop_at and failures < MAX_FAILURES:
        began = time.monotonic()
        outcome = _call(services, window, plan.staff_id, errors)
        out.append((began, began, time.monotonic(), outcome))
        if outcome == EMPTY:
            return
        failures = failures + 1 if outcome == ERROR else 0


def _open(
    services: Services,
    plan: Plan,
    window: int,
    *,
    first: float,
    start_at: float,
    out: list[Record],
    errors: list[str],
) -> None:
    """Call on a fixed schedule; calls not started by the grace deadline are NOT_STARTED."""
    scheduled, stop_at = first, start_at + plan.seconds
    give_up = stop_at + max(GRACE_S, plan.seconds)
    while scheduled < stop_at:
        _sleep_until(scheduled)
        if time.monotonic() > give_up:
            out.append((scheduled, math.nan, math.nan, NOT_STARTED))
        else:
            began = time.monotonic()
            outcome = _call(services, window, plan.staff_id, errors)
            out.append((scheduled, began, time.monotonic(), outcome))
        scheduled += plan.period_s


# ---- the parent ---------------------------------------------------------------------------
def _plans(args: argparse.Namespace, hall: _hall.Hall, mode: str) -> list[Plan]:
    period = args.windows / args.rate
    pool = max(1, args.pool // args.processes)
    plans = []
    for p in range(args.processes):
        indexes = range(p, args.windows, args.processes)
        plans.append(
            Plan(
                url=hall.url,
                mode=mode,
                windows=tuple(hall.windows[i] for i in indexes),
                phases=tuple(period * i / args.windows for i in indexes),
                period_s=period,
                seconds=args.seconds if mode == "open" else args.closed_cap,
                staff_id=hall.staff_id,
                pool=pool,
            )
        )
    return plans


def _drive(plans: Sequence[Plan]) -> tuple[list[Record], list[str], float]:
    """Start the workers, release them together, collect their records."""
    ctx = mp.get_context("spawn")
    pipes, procs = [], []
    for plan in plans:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=worker, args=(plan, child), daemon=True)
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    for pipe in pipes:
        if pipe.recv() != "ready":
            raise RuntimeError("a worker did not warm up")
    start_at = time.monotonic() + START_DELAY_S
    for pipe in pipes:
        pipe.send(start_at)
    records: list[Record] = []
    errors: list[str] = []
    for pipe in pipes:
        got_records, got_errors = pipe.recv()
        records.extend(got_records)
        errors.extend(got_errors)
    for proc in procs:
        proc.join()
    return records, errors, start_at


def _percentile(sorted_ms: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None when it falls on a call never started."""
    if not sorted_ms:
        return None
    rank = max(1, math.ceil(q / 100 * len(sorted_ms)))
    value = sorted_ms[rank - 1]
    return None if math.isinf(value) else round(value, 2)


def _lying_empties(records: Sequence[Record], still_waiting: int) -> int:
    """Empty answers given while a ticket waited (see the module docstring for the proof)."""
    empties = [r for r in records if r[3] == EMPTY]
    if still_waiting > 0:
        return len(empties)
    last_start = max((r[1] for r in records if r[3] == TICKET), default=-math.inf)
    return sum(1 for r in empties if r[2] < last_start)


def _latency_ms(record: Record) -> float:
    """From the scheduled (open) or actual (closed) start to the answer; never started = inf."""
    return math.inf if record[3] == NOT_STARTED else (record[2] - record[0]) * 1000


def _figures(records: Sequence[Record], start_at: float, outcome: _hall.Outcome) -> dict[str, Any]:
    calls = [r for r in records if r[3] == TICKET]
    latencies = sorted(_latency_ms(r) for r in records)
    end = max((r[2] for r in records if r[3] != NOT_STARTED), default=start_at)
    wall = end - start_at
    count = Counter(r[3] for r in records)
    return {
        "claims_per_s": round(len(calls) / wall, 1) if wall > 0 else 0.0,
        "p50_ms": _percentile(latencies, 50),
        "p99_ms": _percentile(latencies, 99),
        "double_calls": outcome.double_calls,
        "empty_while_waiting": _lying_empties(records, outcome.still_waiting),
        "claims": len(calls),
        "empty_answers": count[EMPTY],
        "failed_calls": count[ERROR],
        "not_started": count[NOT_STARTED],
        "p999_ms": _percentile(latencies, 99.9),
        "max_ms": _percentile(latencies, 100),
        "wall_s": round(wall, 3),
        "tickets_called_in_db": outcome.called,
        "still_waiting": outcome.still_waiting,
    }


def run(args: argparse.Namespace, backend: str, mode: str) -> dict[str, Any]:
    name, env, default = SERVERS[backend]
    server = os.environ.get(env) or default
    offered = int(args.rate * args.seconds)
    tickets = args.tickets if mode == "closed" else max(args.tickets, offered + offered // 10)
    with _hall.fresh_database(server) as url:
        hall = _hall.prepare(url, args.windows, tickets)
        records, errors, start_at = _drive(_plans(args, hall, mode))
        outcome = _hall.verify(url)
    result: dict[str, Any] = {
        "backend": name,
        "windows": args.windows,
        "tickets": tickets,
        "mode": mode,
    }
    result.update(_figures(records, start_at, outcome))
    # The machine may be shared: the 1-minute load average says how much it was.
    result.update(processes=args.processes, pool=args.pool, loadavg_1m=os.getloadavg()[0])
    if mode == "open":
        result.update(offered_per_s=args.rate, seconds=args.seconds)
    if errors:  # the distinct failures, most frequent first
        result["errors"] = [f"{n} x {text}" for text, n in Counter(errors).most_common(3)]
    return result


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("pg", "mariadb", "both"), default="both")
    parser.add_argument("--mode", choices=(*MODES, "both"), default="both")
    parser.add_argument("--tickets", type=int, default=5000, help="closed loop queue length")
    parser.add_argument("--windows", type=int, default=200)
    parser.add_argument("--rate", type=float, default=1000.0, help="open loop: calls/s offered")
    parser.add_argument("--seconds", type=float, default=5.0, help="open loop: duration")
    parser.add_argument(
        "--closed-cap", type=float, default=30.0, help="closed loop: stop after this long"
    )
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--pool", type=int, default=40, help="connections in all processes")
    args = parser.parse_args(argv)
    if args.windows < args.processes or args.pool < args.processes:
        parser.error("need at least one window and one connection per process")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    backends = ("pg", "mariadb") if args.backend == "both" else (args.backend,)
    modes = MODES if args.mode == "both" else (args.mode,)
    for backend in backends:
        for mode in modes:
            print(json.dumps(run(args, backend, mode), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The rating page under load: ratings accepted per second, and submit -> shown at the window.

Prints one JSON object:

    {backend, workers, ratings, ratings_per_s, p50_ms, p99_ms, shown_p50_ms, shown_p99_ms,
     errors, ...extra figures}

A fresh ``desk_bench_<random>`` database (migrated, the demo hall seeded) is dropped
afterwards. The codes are made beforehand: signed with the hall's secret exactly as the
window signs them (making codes is not what is measured). ``desk-rating`` runs as real
processes (uvicorn, ``--workers``), the load comes from this process (asyncio, a small
HTTP/1.1 client), and for the shown phase a separate process plays the window:
``RatingService.make_watcher()`` (LISTEN desk_rating_<hall> on PostgreSQL, polling
elsewhere) and ``fetch_new()`` in a loop, noting when each rating arrived. The window is not
running during the throughput phase: in a hall it is another PC, here it would take the
server's CPU (at 300 ratings/s its feed alone used 0.4 of a core).

- Throughput (closed loop): ``--concurrency`` citizens rate one code after another;
  ratings_per_s = ratings accepted / wall seconds; p50/p99 of one citizen's submit.
- Shown (open loop): ``--shown-ratings`` ratings offered at ``--shown-rate`` per second (100:
  half of what the page takes on a busy machine, and a hundred times a 200-window hall's
  busiest minute), each on its own schedule; shown = the moment the window's fetch returned it
  minus the moment the rating was due to be sent (a rating sent late because the client was
  busy counts its wait). Offered above the page's capacity, this measures the queue instead.

The CSRF pair, one JSON object per way (``--csrf both``, the default): ``get`` does what a
phone does, GET the form (cookie and hidden field) and then POST it: two requests per rating.
``key`` computes the pair from ``RatingPageService.csrf_key`` as the server would and only
POSTs: the ratings the page *accepts* per second, the write path alone. Each citizen opens a
connection of their own, as a phone does (keep-alive connections would stay with whichever
uvicorn worker accepted them first). ``errors``: replies other than the expected 200/303,
failed requests, and ratings missing in the database afterwards.

    python bench/rating.py                                  # PostgreSQL, 2 workers
    python bench/rating.py --workers 1 --csrf key --ratings 3000
    python bench/rating.py --url mysql+pymysql://root@127.0.0.1:3306/test
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing as mp
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from bench import _hall
from bench._http import Connection
from desk_client.config import Config
from desk_client.core.rating_tokens import RatingClaims, peek, sign
from desk_client.services.app import build_services
from desk_client.store import db
from desk_client.store.rating_schema import ratings
from desk_client.store.ratings_repo import settings_row
from desk_client.web import csrf

DEFAULT_URL = os.environ.get(
    "DESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
GOOD_FORM = "overall=5&efficiency=4&competence=5&attitude=5"
FIELD_RE = re.compile(rb'name="csrf" value="([0-9a-f]+)"')
START_DEADLINE_S = 60.0
SHOWN_DEADLINE_S = 30.0
WINDOWS = (1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class Sample:
    due: float  # time.time() the rating was due to start (its schedule, or its start)
    end: float
    ok: bool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: Sequence[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)], 1)


# --- the hall and its codes ---------------------------------------------------------------


def prepare(url: str, count: int) -> tuple[list[str], bytes]:
    """Migrate, seed the demo hall, and sign ``count`` codes with its secret."""
    from desk_client.store import migrate

    migrate.upgrade(url, "central")
    services = _hall.services_for(url)
    try:
        services.admin.seed_demo()
        with db.write(services.context.engine) as conn:
            hall_id, _ = services.context.hall(conn)
            secret = bytes.fromhex(settings_row(conn, hall_id).secret)
    finally:
        services.close()
    expires = int((datetime.now(UTC) + timedelta(days=7)).timestamp())
    tokens = [
        sign(
            RatingClaims(_hall.HALL, uuid.uuid4().hex, WINDOWS[n % 6], "1001", "", "", expires),
            secret,
        )
        for n in range(count)
    ]
    return tokens, secret


# --- desk-rating as real processes --------------------------------------------------------


@contextmanager
def rating_service(url: str, workers: int) -> Iterator[int]:
    """``desk-rating --workers N`` on a free port, up and answering; stopped afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_")}
    env.update(
        DESK_DATABASE_URL=url,
        DESK_HALL_CODE=_hall.HALL,
        DESK_DATA_DIR=tempfile.mkdtemp(prefix="desk-bench-rating-"),
        DESK_RATING_RATE_LIMIT_PER_MIN=str(10**9),  # every citizen here has one address
    )
    command = [sys.executable, "-m", "desk_client.web.main", "--port", str(port)]
    process = subprocess.Popen([*command, "--workers", str(workers)], env=env)
    try:
        _wait_for_health(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_health(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("desk-rating did not come up")


# --- the window -----------------------------------------------------------------------------


def watch_window(url: str, expected: int, until: float, ready: object, out: object) -> None:
    """A window's feed in its own process: wake on the watcher, fetch_new, note each arrival.

    The ratings already there are fetched first (as a window starting up would), then it
    runs until ``expected`` new ratings were seen or the epoch second ``until`` passed.
    """
    folder = tempfile.mkdtemp(prefix="desk-bench-window-")
    config = Config(hall_code=_hall.HALL, database_url=url, local_store=f"{folder}/local.db")
    services = build_services(config)
    watcher = services.ratings.make_watcher()
    while len(services.ratings.fetch_new()) >= 500:  # caught up before the shown phase
        pass
    ready.set()  # type: ignore[attr-defined]
    seen: dict[str, float] = {}
    while len(seen) < expected and time.time() < until:
        watcher.wait(1.0)
        batch = services.ratings.fetch_new()
        while batch:
            now = time.time()
            seen.update((rating.visit_id, now) for rating in batch)
            batch = services.ratings.fetch_new() if len(batch) >= 500 else ()
    watcher.close()
    services.close()
    out.send(seen)  # type: ignore[attr-defined]


# --- the citizens -----------------------------------------------------------------------------


class Citizen:
    """Rates codes over one keep-alive connection, the way the chosen --csrf mode says."""

    def __init__(self, port: int, key: bytes | None) -> None:
        self.connection = Connection("127.0.0.1", port)
        self.origin = f"http://127.0.0.1:{port}"
        self.key = key

    async def _pair(self, token: str) -> tuple[str, str] | None:
        if self.key is not None:
            nonce = csrf.new_nonce()
            return nonce, csrf.form_value(self.key, nonce, token)
        reply = await self.connection.request("GET", f"/rate/{token}", {})
        cookie = re.search(r"desk_csrf=([^;]+)", reply.headers.get("set-cookie", ""))
        field = FIELD_RE.search(reply.body)
        if reply.status != 200 or cookie is None or field is None:
            return None
        return cookie.group(1), field.group(1).decode()

    async def rate(self, token: str) -> bool:
        pair = await self._pair(token)
        if pair is None:
            return False
        nonce, field = pair
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{csrf.COOKIE}={nonce}",
            "Origin": self.origin,
        }
        body = f"{GOOD_FORM}&csrf={field}".encode()
        reply = await self.connection.request("POST", f"/rate/{token}", headers, body)
        return reply.status == 303


async def rate_once(port: int, key: bytes | None, token: str) -> bool:
    """One citizen: a connection of their own (as a phone opens one), the form, the rating."""
    citizen = Citizen(port, key)
    try:
        return await citizen.rate(token)
    except OSError:
        return False
    finally:
        await citizen.connection.close()


async def _rate_all(
    port: int, key: bytes | None, tokens: Iterator[str], samples: list[Sample]
) -> None:
    for token in tokens:
        start = time.time()
        ok = await rate_once(port, key, token)
        samples.append(Sample(start, time.time(), ok))


async def closed_loop(
    port: int, key: bytes | None, tokens: list[str], users: int
) -> tuple[list[Sample], float]:
    """``users`` citizens at once, each rating again as soon as the last one is done."""
    samples: list[Sample] = []
    shared = iter(tokens)
    start = time.perf_counter()
    await asyncio.gather(*(_rate_all(port, key, shared, samples) for _ in range(users)))
    return samples, time.perf_counter() - start


async def _rate_on_schedule(
    port: int, key: bytes | None, token: str, due: float, sent: dict[str, Sample]
) -> None:
    await asyncio.sleep(max(0.0, due - time.time()))
    ok = await rate_once(port, key, token)
    sent[token] = Sample(due, time.time(), ok)


async def open_loop(
    port: int, key: bytes | None, tokens: list[str], rate: float
) -> dict[str, Sample]:
    """Rating i is due at start + i/rate, whether or not the ones before it are done."""
    sent: dict[str, Sample] = {}
    start = time.time() + 0.2
    await asyncio.gather(*(
        _rate_on_schedule(port, key, token, start + n / rate, sent)
        for n, token in enumerate(tokens)
    ))  # fmt: skip
    return sent


# --- the run ----------------------------------------------------------------------------------


def page_key(url: str) -> bytes:
    """The CSRF key the server derives, for --csrf key (as every worker derives it)."""
    from desk_client.services.rating_page import build_rating_page

    return build_rating_page(Config(hall_code=_hall.HALL, database_url=url)).csrf_key(_hall.HALL)


def stored_ratings(url: str) -> int:
    engine = db.make_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(ratings)).scalar_one())
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Measured:
    samples: list[Sample]
    elapsed: float
    sent: dict[str, Sample]
    seen: dict[str, float]
    stored: int


def start_window(url: str, expected: int) -> tuple[Any, Any]:
    """The window's feed process, started once it has caught up with the hall's ratings."""
    spawn = mp.get_context("spawn")
    ready, (receive, send) = spawn.Event(), spawn.Pipe(duplex=False)
    until = time.time() + 3600
    window = spawn.Process(target=watch_window, args=(url, expected, until, ready, send))
    window.start()
    if not ready.wait(START_DEADLINE_S):
        raise RuntimeError("the window's feed did not start")
    return window, receive


def measure(url: str, args: argparse.Namespace) -> Measured:
    """Throughput first, without the window: a window is another PC in the hall, and here its
    feed would take the server's CPU. Then the window's feed, then the shown phase."""
    tokens, _ = prepare(url, args.ratings + args.shown_ratings)
    closed_tokens, shown_tokens = tokens[: args.ratings], tokens[args.ratings :]
    key = page_key(url) if args.csrf == "key" else None
    with rating_service(url, args.workers) as port:
        samples, elapsed = asyncio.run(closed_loop(port, key, closed_tokens, args.concurrency))
        window, receive = start_window(url, len(shown_tokens))
        sent = asyncio.run(open_loop(port, key, shown_tokens, args.shown_rate))
    seen = receive.recv() if receive.poll(SHOWN_DEADLINE_S + 60) else {}
    window.join(timeout=30)
    return Measured(samples, elapsed, sent, seen, stored_ratings(url))


def figures(backend: str, args: argparse.Namespace, run: Measured) -> dict[str, object]:
    accepted = sum(sample.ok for sample in run.samples)
    submit_ms = [(s.end - s.due) * 1000 for s in run.samples if s.ok]
    visits = {token: token_visit(token) for token in run.sent}
    shown_ms = [
        (run.seen[visits[token]] - sample.due) * 1000 if visits[token] in run.seen else math.inf
        for token, sample in run.sent.items()
    ]
    failed = sum(not s.ok for s in run.samples) + sum(not s.ok for s in run.sent.values())
    offered_ok = sum(s.ok for s in run.sent.values())
    return {
        "backend": backend,
        "workers": args.workers,
        "csrf": args.csrf,
        "concurrency": args.concurrency,
        "ratings": accepted,
        "ratings_per_s": round(accepted / run.elapsed, 1),
        "p50_ms": percentile(submit_ms, 0.50),
        "p99_ms": percentile(submit_ms, 0.99),
        "shown_rate": args.shown_rate,
        "shown_ratings": len(shown_ms),
        "shown_p50_ms": _finite(percentile(shown_ms, 0.50)),
        "shown_p99_ms": _finite(percentile(shown_ms, 0.99)),
        "shown_max_ms": _finite(max(shown_ms, default=None)),
        "errors": failed + abs(accepted + offered_ok - run.stored),
        "stored": run.stored,
    }


def _finite(value: float | None) -> float | None:
    """An unseen rating is infinitely late: a percentile landing on it prints null."""
    return None if value is None or math.isinf(value) else round(value, 1)


def token_visit(token: str) -> str:
    return peek(token).visit


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--url", default=DEFAULT_URL, help="the database server (PostgreSQL)")
    parser.add_argument("--workers", type=int, default=2, help="desk-rating processes")
    parser.add_argument("--ratings", type=int, default=5000, help="closed-loop ratings")
    parser.add_argument("--concurrency", type=int, default=32, help="citizens at once")
    parser.add_argument("--csrf", choices=("both", "get", "key"), default="both")
    parser.add_argument("--shown-rate", type=float, default=100.0, help="open loop, per s")
    parser.add_argument("--shown-ratings", type=int, default=2000)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    backend = db.backend_name(args.url)
    for mode in ("get", "key") if args.csrf == "both" else (args.csrf,):
        one = argparse.Namespace(**{**vars(args), "csrf": mode})
        with _hall.fresh_database(args.url) as url:
            run = measure(url, one)
        print(json.dumps(figures(backend, one, run), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

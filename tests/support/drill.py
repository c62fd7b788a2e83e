"""Randomised crash cycles: the drill child is killed at a random point, restarted, compared.

One cycle: pick a device (one of a few local files), K events, a crash point (or none) and an
occurrence N; run the drill child with that plan (it SIGKILLs itself there); run it again
without a plan so it syncs everything; then compare the central events of the device with the
local outbox, the lines the child printed after each commit, the hash chains and PRAGMA
integrity_check (tests.support.central.compare).

The central side is a PostgreSQL or MariaDB scratch database, or a SQLite file beside the
local files (``scratch_central``): the same cycles, the same checks, on every backend.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from desk_client.store import db
from desk_client.store.databases import scratch_database
from desk_client.sync.crashpoints import ENV_AFTER, ENV_AT, POINTS
from tests.support.central import Tally, compare, read_local

DEVICES = 3
CHILD_DEADLINE_S = 60.0
BACKENDS = ("pg", "mariadb", "sqlite")


@contextmanager
def scratch_central(server_url: str | None, folder: Path) -> Iterator[str]:
    """A fresh central database: on ``server_url``'s server, or (None) a SQLite file."""
    if server_url is None:
        yield f"sqlite:///{folder / 'central.db'}"
        return
    with scratch_database(server_url, "desk_crash") as url:
        yield url


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_")}
    return env | {"PYTHONUNBUFFERED": "1"}


class Zygote:
    """``python -m desk_client.sync.drill serve``: forks one real drill process per job."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "desk_client.sync.drill", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(),
            text=True,
        )

    def run(self, argv: list[str], env: dict[str, str], out: Path) -> tuple[int, int]:
        """(exit code, signal) of one child; fails after CHILD_DEADLINE_S."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        job = {"argv": argv, "env": env, "out": str(out)}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], CHILD_DEADLINE_S)
        if not ready:
            raise TimeoutError(f"drill child gave no answer within {CHILD_DEADLINE_S} s")
        answer = json.loads(self.proc.stdout.readline())
        return int(answer["code"]), int(answer["signal"])

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        finally:
            self.proc.stdout.close()


def claimed(out: Path) -> dict[int, str]:
    """client_seq -> event_id for every 'committed' line the child printed before it died."""
    found = {}
    for line in out.read_text().splitlines():
        if line.startswith("committed "):
            _, seq, event_id = line.split()
            found[int(seq)] = event_id
    return found


def plan(rng: random.Random) -> tuple[int, dict[str, str]]:
    """(K events, crash env): a random point (a quarter of cycles: none) and occurrence."""
    events = rng.randint(0, 6)
    point = rng.choice((*POINTS, ""))
    after = rng.randint(1, 3) if point != "after_local_commit" else rng.randint(1, max(1, events))
    return events, {ENV_AT: point, ENV_AFTER: str(after)}


class Cycles:
    def __init__(self, central_url: str, hall: str, folder: Path, seed: int) -> None:
        self.url, self.hall, self.folder = central_url, hall, folder
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.zygote = Zygote()
        self.engine = db.make_engine(central_url, pool_size=1)

    def argv(self, local: Path, events: int) -> list[str]:
        base = ["--local", str(local), "--central", self.url, "--hall", self.hall]
        return [*base, "--events", str(events), "--batch", str(self.rng.randint(1, 4))]

    def one(self) -> None:
        local = self.folder / f"device-{self.rng.randrange(DEVICES)}.db"
        events, crash = plan(self.rng)
        out = self.folder / "drill.out"
        code, sig = self.zygote.run(self.argv(local, events), crash, out)
        promised = claimed(out)
        self.tally.crashed += sig == signal.SIGKILL
        if sig != signal.SIGKILL and code != 0:
            self.tally.note(f"crash run failed ({code}): {out.read_text()[-500:]}")
        code, sig = self.zygote.run(self.argv(local, 0), {ENV_AT: ""}, out)
        if (code, sig) != (0, 0):
            self.tally.note(f"restart failed ({code}, {sig}): {out.read_text()[-500:]}")
        compare(self.engine, self.hall, read_local(local), promised, self.tally)
        self.tally.cycles += 1

    def run(self, cycles: int) -> dict[str, object]:
        started = time.monotonic()
        for _ in range(cycles):
            self.one()
        t = self.tally
        return {
            "cycles": t.cycles,
            "seconds": round(time.monotonic() - started, 1),
            "crashed": t.crashed,
            "lost": t.lost,
            "duplicated": t.duplicated,
            "integrity_failures": t.integrity_failures,
            "problems": (t.problems or [])[:10],
        }

    def close(self) -> None:
        try:
            self.zygote.close()
        finally:
            self.engine.dispose()


def count_events(url: str) -> int:
    engine = db.make_engine(url, pool_size=1)
    try:
        with db.read(engine) as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM events")).scalar_one())
    finally:
        engine.dispose()

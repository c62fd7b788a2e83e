"""Randomised kill -9 crash cycles against PostgreSQL, MariaDB or a SQLite-file central; JSON.

    python bench/crash.py --cycles 1000 [--seed N] [--backend pg|mariadb|sqlite|all]

Each cycle runs the drill child (python -m desk_client.sync.drill) with a random crash point
and occurrence, restarts it without one, and compares the central events with the local
outbox (tests.support.drill). Output per backend: cycles, seconds, crashed, lost, duplicated,
integrity_failures (and the first problems, if any). Servers come from DESK_TEST_PG_URL and
DESK_TEST_MYSQL_URL (defaults: the local trust accounts). The default suite runs 200 cycles
on PostgreSQL and 40 each on MariaDB and SQLite (tests/e2e/test_sync_crash.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.central import prepare
from tests.support.drill import BACKENDS, Cycles, scratch_central

SERVERS = {
    "pg": ("DESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
    "mariadb": ("DESK_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test"),
}


def server_url(backend: str) -> str | None:
    """The server to make a scratch database on; None for the embedded SQLite central."""
    if backend not in SERVERS:
        return None
    env, default = SERVERS[backend]
    return os.environ.get(env, default)


def run(backend: str, count: int, seed: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with scratch_central(server_url(backend), folder) as url:
            cycles = Cycles(url, prepare(url), folder, seed)
            try:
                return {"backend": backend, **cycles.run(count)}
            finally:
                cycles.close()


def failed(result: dict[str, object]) -> bool:
    bad = result["lost"] or result["duplicated"] or result["integrity_failures"]
    return bool(bad or result["problems"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="pg")
    args = parser.parse_args()
    chosen = BACKENDS if args.backend == "all" else (args.backend,)
    results = [run(backend, args.cycles, args.seed) for backend in chosen]
    print(json.dumps(results if len(results) > 1 else results[0], indent=2))
    return 1 if any(failed(result) for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())

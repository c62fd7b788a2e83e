"""Randomised kill -9 crash cycles against PostgreSQL; prints JSON.

    python bench/crash.py --cycles 1000 [--seed N] [--url postgresql+psycopg://...]

Each cycle runs the drill child (python -m desk_client.sync.drill) with a random crash point
and occurrence, restarts it without one, and compares the central events with the local
outbox (tests.support.drill). Output: cycles, seconds, crashed, lost, duplicated,
integrity_failures (and the first problems, if any). The default suite runs 200 cycles
(tests/e2e/test_sync_crash.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_client.store.databases import scratch_database
from tests.support.central import prepare
from tests.support.drill import Cycles

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default=os.environ.get("DESK_TEST_PG_URL", DEFAULT_URL))
    args = parser.parse_args()
    with scratch_database(args.url, "desk_crash") as url, tempfile.TemporaryDirectory() as tmp:
        cycles = Cycles(url, prepare(url), Path(tmp), args.seed)
        try:
            result = cycles.run(args.cycles)
        finally:
            cycles.close()
    print(json.dumps(result, indent=2))
    bad = result["lost"] or result["duplicated"] or result["integrity_failures"]
    return 1 if bad or result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""The claim's server-side capacity: the exact PostgreSQL claim statements, driven by pgbench.

bench/claims.py measures the claim through the Python services, where client CPU dominates on
a 2-core machine that also runs the database. This script takes the same two statements the
services send (store/claim_pg.py: the routine desk_claim in autocommit, then the wake-up), binds
the hall's values, and lets pgbench (a C client) run "finish current and call next" from N
windows at once. The difference between the two figures is the Python client's cost.

    python bench/claims_server.py [--clients 90] [--seconds 10] [--tickets 40000]

Prints one JSON object: {backend, windows, tickets, claims_per_s, p50_ms?, avg_ms, double_calls}.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._hall import fresh_database, prepare, verify
from desk_client.store import claim, claim_pg, schema

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def hall_values(url: str) -> dict[str, str]:
    """The routine's arguments as SQL literals, the window left to pgbench's :window_id."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            t = schema.tickets.c
            row = conn.execute(sa.select(t.hall_id, t.service_day).limit(1)).one()
            cats = conn.execute(sa.select(schema.categories.c.id)).scalars().all()
            staff = conn.execute(sa.select(schema.staff.c.id).limit(1)).scalar_one()
    finally:
        engine.dispose()
    return {
        "hall_id": str(row.hall_id),
        "day": f"DATE '{row.service_day.isoformat()}'",
        "now": "(now() AT TIME ZONE 'utc')",
        "categories": "ARRAY[" + ",".join(str(c) for c in cats) + "]::bigint[]",
        "claim_id": "md5(random()::text || clock_timestamp()::text)",
        "staff_id": str(staff),
        "rounds": str(claim.CLAIM_ROUNDS),
    }


def window_ids(url: str, numbers: tuple[int, ...]) -> tuple[int, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            w = schema.windows.c
            ids = conn.execute(sa.select(w.id).where(w.number.in_(numbers))).scalars().all()
    finally:
        engine.dispose()
    return min(ids), max(ids)


def script(values: dict[str, str], first_window_id: int) -> str:
    """What store.claim_pg sends: the routine in autocommit, then the hall's wake-up."""
    call = claim_pg.CALL_SQL % (
        values["hall_id"], values["day"], values["now"], ":window_id", values["categories"],
        values["claim_id"], values["staff_id"], "true", values["rounds"],
    )  # fmt: skip
    wake = claim_pg.WAKE_SQL % ("'desk_queue_bench'", '\'{"kind": "call"}\'')
    return f"\\set window_id {first_window_id} + :client_id\n{call};\n{wake};\n"


def pgbench(url: str, path: Path, clients: int, seconds: int) -> dict[str, float]:
    parsed = make_url(url)
    args = [
        "pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(seconds),
        "-f", str(path), "-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432),
        "-U", parsed.username or "postgres", str(parsed.database),
    ]  # fmt: skip
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    tps = re.search(r"tps = ([\d.]+)", out)
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    failed = re.search(r"number of failed transactions: (\d+)", out)
    return {
        "claims_per_s": float(tps.group(1)) if tps else 0.0,
        "avg_ms": float(latency.group(1)) if latency else 0.0,
        "failed": float(failed.group(1)) if failed else 0.0,
    }


def run(server: str, clients: int, seconds: int, tickets: int) -> dict[str, Any]:
    with fresh_database(server) as url:
        hall = prepare(url, clients, tickets)
        first, _ = window_ids(url, hall.windows)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "claim.sql"
            path.write_text(script(hall_values(url), first), encoding="utf-8")
            figures = pgbench(url, path, clients, seconds)
        outcome = verify(url)
    return {
        "backend": "postgresql",
        "client": "pgbench",
        "windows": clients,
        "tickets": tickets,
        "seconds": seconds,
        **figures,
        "tickets_called": outcome.called,
        "double_calls": outcome.double_calls,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=90, help="windows (<= max_connections)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--tickets", type=int, default=40_000)
    args = parser.parse_args()
    server = os.environ.get("DESK_TEST_PG_URL", PG_DEFAULT)
    print(json.dumps(run(server, args.clients, args.seconds, args.tickets)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

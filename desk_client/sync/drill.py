"""The crash drill: a small client program for the fault tests (no Qt).

``python -m desk_client.sync.drill run --local FILE --central URL --hall CODE --events K``
records K events in the local store (one transaction each, a real LocalStore on a SQLite
file), printing ``committed <client_seq> <event_id>`` after each commit, then syncs once
(push every batch, pull) and prints ``synced <pushed>``. The crash point comes from
``DESK_CRASH_AT`` / ``DESK_CRASH_AFTER`` (sync.crashpoints): there the process kills itself.

``python -m desk_client.sync.drill serve`` is a zygote for many cheap cycles: it imports
everything once, then for each JSON line on stdin (``{"argv": [...], "env": {...},
"out": FILE}``) forks a child that runs ``run`` with that environment and its stdout in FILE,
waits for it and answers ``{"code": N, "signal": S}``. Each child is still a real process that
dies by a real SIGKILL; only the interpreter start-up is shared. The zygote runs no threads.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from desk_client.core.clock import SystemClock
from desk_client.store import db, migrate
from desk_client.store.local import LocalStore
from desk_client.sync import crashpoints
from desk_client.sync.worker import SyncEngine

assert migrate  # imported here so forked children do not pay for alembic


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m desk_client.sync.drill")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="record K events, then sync once")
    run.add_argument("--local", required=True)
    run.add_argument("--central", required=True)
    run.add_argument("--hall", required=True)
    run.add_argument("--events", type=int, default=0)
    run.add_argument("--batch", type=int, default=3)
    sub.add_parser("serve", help="fork one drill per JSON line on stdin")
    return parser


def record(local: LocalStore, count: int) -> None:
    clock = SystemClock()
    for _ in range(count):
        now = clock.now()
        payload = {"staff_no": "9001", "window": 1, "kind": "login", "at": now.isoformat()}
        event = local.record("staff.session", payload, "9001", now)
        print(f"committed {event.client_seq} {event.event_id}", flush=True)


def run(args: argparse.Namespace) -> int:
    crashpoints.configure()
    local = LocalStore(args.local)
    central = db.make_engine(args.central, pool_size=1, max_overflow=0)
    try:
        record(local, args.events)
        engine = SyncEngine(local, lambda: central, args.hall, SystemClock(), push_batch=args.batch)
        report = engine.sync_once()
        print(f"synced {report.pushed}", flush=True)
        return 0
    finally:
        central.dispose()
        local.dispose()


def _child(job: dict[str, Any]) -> None:
    """In the forked child: never returns."""
    code = 70
    try:
        os.environ.update(job.get("env", {}))
        out = os.open(job["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(out)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - replaced for this child
        sys.stderr = sys.stdout
        code = run(_parser().parse_args(["run", *job["argv"]]))
    except BaseException as exc:  # the child reports and dies; the zygote stays up
        print(f"error {type(exc).__name__}: {exc}", flush=True)
    finally:
        os._exit(code)


def _warm() -> None:
    """Import the drivers once, before any fork (the children share these pages)."""
    for name in ("postgresql.psycopg", "mysql.pymysql", "sqlite.pysqlite"):
        try:
            sa.dialects.registry.load(name).import_dbapi()
        except ImportError:  # a driver this machine lacks: its children pay the import
            continue


def serve() -> int:
    _warm()
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(job)
        _, status = os.waitpid(pid, 0)
        answer = {"code": os.waitstatus_to_exitcode(status)}
        answer["signal"] = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        print(json.dumps(answer), flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return serve() if args.command == "serve" else run(args)


if __name__ == "__main__":
    sys.exit(main())

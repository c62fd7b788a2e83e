"""A model of the sync protocol, checked by hypothesis after every step.

Two devices (real SQLite local stores) of one hall sync with a real central database (a
SQLite file by default; PostgreSQL and MariaDB once each, marked, few examples). Hypothesis
interleaves: emit (a local record, sometimes poison), sync, pull, drop the link for the next
operations, cut the link after a few statements of the next transaction, lose the next
acknowledgement (the central commit happened, the client never heard), crash a client (the
LocalStore object dropped, with or without a record in flight, and reopened from its file),
restart the central side (its engine disposed).

After every step:

- no loss: each outbox holds exactly the events its device committed, and the central events
  of a device are a prefix of them that includes every event acknowledged locally;
- no duplicate: central count == count of distinct event_id;
- per-device order: central client_seq runs 1..k per device, server_seq grows with it;
- gap-free cursors: server_seq runs 1..N in the hall, and every row at or below a device's
  cursor is in its inbox (or is its own).

DESK_MODEL_EXAMPLES sets the number of examples (default 100; ``bench/sync.py
--model-examples 500`` runs 500).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import event

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.store import db, migrate
from desk_client.store.local import LocalStore
from desk_client.store.local_schema import inbox, outbox
from desk_client.store.schema import halls
from desk_client.store.sync_schema import events
from desk_client.sync.worker import SyncEngine

EXAMPLES = int(os.environ.get("DESK_MODEL_EXAMPLES", "100"))
MODEL_SETTINGS = settings(
    max_examples=EXAMPLES,
    stateful_step_count=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
DEVICES = 2


class LinkDownError(ConnectionError):
    """The simulated network failure."""


class FlakyLocal(LocalStore):
    """A local store whose next acknowledgement can be lost (after the central COMMIT)."""

    lose_next_ack = False

    def acknowledge(self, up_to: int, rejected: Any, now: datetime) -> int:
        if self.lose_next_ack:
            self.lose_next_ack = False
            raise LinkDownError("the acknowledgement was lost")
        return super().acknowledge(up_to, rejected, now)


@dataclass
class Env:
    """What stays across examples: the central database and a migrated local template."""

    url: str
    folder: Path
    template: Path
    checker: sa.Engine


@dataclass
class Device:
    path: Path
    local: FlakyLocal
    sync: SyncEngine
    committed: list[str] = field(default_factory=list)  # event_ids, in client_seq order


def central_rows(conn: sa.Connection, hall_id: int) -> list[Any]:
    e = events.c
    query = (
        sa.select(e.device_id, e.client_seq, e.server_seq, e.event_id, e.status)
        .where(e.hall_id == hall_id)
        .order_by(e.server_seq)
    )
    return list(conn.execute(query))


def local_rows(local: LocalStore) -> tuple[list[Any], list[int], int]:
    """(outbox rows, inbox server_seqs, cursor) read straight from the file."""
    with db.read(local.engine()) as conn:
        o = outbox.c
        query = sa.select(o.client_seq, o.event_id, o.status).order_by(o.client_seq)
        box = list(conn.execute(query))
        seqs = [int(s) for s in conn.execute(sa.select(inbox.c.server_seq)).scalars()]
    return box, seqs, local.cursor()


class SyncModel(RuleBasedStateMachine):
    env: Env

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock(datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
        self.hall = f"m{uuid.uuid4().hex[:10]}"
        with db.write(self.env.checker) as conn:
            values = {"code": self.hall, "name": "model", "timezone": "Asia/Shanghai"}
            self.hall_id = db.new_id(conn.execute(halls.insert().values(**values)))
        self.engine: sa.Engine | None = None
        self.down = 0  # operations left during which the central is unreachable
        self.cut: int | None = None  # statements left before the link is cut mid-transaction
        self.devices = [self._open(self._new_file()) for _ in range(DEVICES)]

    # -- plumbing --------------------------------------------------------------------------

    def _new_file(self) -> Path:
        path = self.env.folder / f"local-{uuid.uuid4().hex[:12]}.db"
        shutil.copyfile(self.env.template, path)
        return path

    def _open(self, path: Path, committed: list[str] | None = None) -> Device:
        local = FlakyLocal(str(path))
        sync = SyncEngine(local, self._central, self.hall, self.clock, push_batch=3, pull_batch=4)
        return Device(path, local, sync, committed or [])

    def _central(self) -> sa.Engine:
        if self.down > 0:
            self.down -= 1
            raise DeskError("central.unreachable", detail="link down")
        if self.engine is None:
            self.engine = db.make_engine(self.env.url, pool_size=1, max_overflow=0)
            event.listen(self.engine, "before_cursor_execute", self._maybe_cut)
        return self.engine

    def _maybe_cut(self, *_: Any) -> None:
        if self.cut is not None:
            self.cut -= 1
            if self.cut <= 0:
                self.cut = None
                raise LinkDownError("the link was cut mid-transaction")

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except LinkDownError:
            return False
        except DeskError as exc:
            assert exc.code == "central.unreachable", exc
            return False
        return True

    # -- rules -----------------------------------------------------------------------------

    @rule(which=st.integers(0, DEVICES - 1), count=st.integers(1, 4), poison=st.booleans())
    def emit(self, which: int, count: int, poison: bool) -> None:
        """``count`` local records; with ``poison`` the last is of a type nobody knows."""
        device = self.devices[which]
        for index in range(count):
            self.clock.advance(timedelta(seconds=1))
            now = self.clock.now()
            payload = {"staff_no": "1001", "window": which + 1, "kind": "login"}
            payload["at"] = now.isoformat()
            bad = poison and index == count - 1
            event = device.local.record("x.unknown" if bad else "staff.session", payload, "1", now)
            device.committed.append(event.event_id)

    @rule(which=st.integers(0, DEVICES - 1))
    def sync(self, which: int) -> None:
        if self._attempt(self.devices[which].sync.sync_once) and self.down == 0:
            box, _, cursor = local_rows(self.devices[which].local)
            assert all(row.status != "pending" for row in box)  # drained
            with db.read(self.env.checker) as conn:
                assert cursor == len(central_rows(conn, self.hall_id))  # pulled to the end

    @rule()
    def sync_all(self) -> None:
        for which in range(DEVICES):
            self.sync(which)

    @rule(which=st.integers(0, DEVICES - 1))
    def pull(self, which: int) -> None:
        self._attempt(lambda: self.devices[which].sync.pull(self._central()))

    @rule(operations=st.integers(1, 2))
    def drop_link(self, operations: int) -> None:
        self.down = operations

    @rule(statements=st.integers(1, 12))
    def cut_link(self, statements: int) -> None:
        self.cut = statements

    @rule(which=st.integers(0, DEVICES - 1))
    def lose_ack(self, which: int) -> None:
        self.devices[which].local.lose_next_ack = True

    @rule(which=st.integers(0, DEVICES - 1), in_flight=st.booleans())
    def crash_client(self, which: int, in_flight: bool) -> None:
        device = self.devices[which]
        if in_flight:  # a record begun but never committed when the process died
            conn = device.local.engine().connect()
            conn.begin()
            device.local.record_in(conn, "staff.session", {"x": 1}, "1001", self.clock.now())
            conn.close()
        device.local.dispose()
        self.devices[which] = self._open(device.path, device.committed)

    @rule()
    def restart_central(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    # -- invariants ------------------------------------------------------------------------

    @invariant()
    def nothing_lost_nothing_twice_in_order_without_gaps(self) -> None:
        with db.read(self.env.checker) as conn:
            rows = central_rows(conn, self.hall_id)
        assert [int(r.server_seq) for r in rows] == list(range(1, len(rows) + 1))
        assert len({r.event_id for r in rows}) == len(rows)
        for device in self.devices:
            self._check_device(device, rows)

    def _check_device(self, device: Device, rows: list[Any]) -> None:
        box, inbox_seqs, cursor = local_rows(device.local)
        assert [r.event_id for r in box] == device.committed  # committed kept, nothing else
        assert [int(r.client_seq) for r in box] == list(range(1, len(box) + 1))
        mine = [r for r in rows if r.event_id in set(device.committed)]
        assert [r.event_id for r in mine] == device.committed[: len(mine)]  # a prefix, in order
        assert [int(r.client_seq) for r in mine] == list(range(1, len(mine) + 1))
        done = [r for r in box if r.status != "pending"]
        assert len(done) <= len(mine)  # nothing acknowledged that the central lacks
        central_status = {r.event_id: r.status for r in mine}
        assert all(central_status[r.event_id] == _central_status(r.status) for r in done)
        own = {int(r.server_seq) for r in mine}
        assert sorted(set(inbox_seqs) | (own & set(range(1, cursor + 1)))) == list(
            range(1, cursor + 1)
        )  # gap-free: every row at or below the cursor was taken
        assert not set(inbox_seqs) & own

    def teardown(self) -> None:
        for device in self.devices:
            device.local.dispose()
        if self.engine is not None:
            self.engine.dispose()


def _central_status(local_status: str) -> str:
    return "rejected" if local_status == "rejected" else "applied"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", id="mariadb", marks=pytest.mark.mariadb),
    ]
)
def env(
    request: pytest.FixtureRequest, tmp_path: Path, scratch_database: Callable[[str, Path], str]
) -> Iterator[Env]:
    url = scratch_database(request.param, tmp_path)
    migrate.upgrade(url, "central")
    template = tmp_path / "template.db"
    made = LocalStore(str(template))
    made.engine()  # migrated, no device yet
    made.dispose()
    checker = db.make_engine(url, pool_size=1, max_overflow=0)
    yield Env(url, tmp_path, template, checker)
    checker.dispose()


def test_the_sync_protocol_keeps_its_guarantees_under_faults(
    env: Env, request: pytest.FixtureRequest
) -> None:
    examples = EXAMPLES if "sqlite" in request.node.name else min(EXAMPLES, 5)
    machine = type("BoundSyncModel", (SyncModel,), {"env": env})
    run_state_machine_as_test(machine, settings=settings(MODEL_SETTINGS, max_examples=examples))

"""The sync engine on SQLite, PostgreSQL and MariaDB: outbox -> ingest -> pull, exactly once.

Each test runs against a migrated central database (one per backend and module) in a hall of
its own, with a local store file of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client import cli
from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.hashchain import GENESIS, seal
from desk_client.services.app import Services, build_services
from desk_client.store import db
from desk_client.store.local import PulledRow
from desk_client.store.local_schema import inbox, outbox
from desk_client.store.schema import SCHEMA_VERSION, schema_info, tickets
from desk_client.store.sync_schema import devices, events, printed_documents, staff_sessions
from desk_client.sync.ingest import ingest
from desk_client.sync.worker import SyncEngine
from tests.integration.conftest import make_services


@pytest.fixture
def svc(central_url: str, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    made = make_services(central_url, fake_clock, tmp_path)
    yield made
    made.close()


def second_device(svc: Services, folder: Path, name: str) -> Services:
    """Another PC of the same hall: same central database, its own local store."""
    config = replace(svc.config, local_store=str(folder / f"{name}.db"))
    return build_services(config, svc.clock)


def central(svc: Services, query: sa.Select[tuple[int]]) -> int:
    return int(svc.context.read(lambda conn: conn.execute(query).scalar_one()))


def device_events(svc: Services) -> tuple[int, int]:
    device = svc.sync.local.device_id(svc.clock.now())
    e = events.c
    count = sa.select(sa.func.count()).where(e.device_id == device)
    distinct = sa.select(sa.func.count(sa.distinct(e.event_id))).where(e.device_id == device)
    return central(svc, count), central(svc, distinct)


def record_some(svc: Services, clock: FakeClock) -> int:
    svc.sync.record_session("1001", 1, "login")
    clock.advance(timedelta(seconds=1))
    svc.sync.local.save_printed("ticket", "A001", b"%PDF-1.4 fake", clock.now())
    clock.advance(timedelta(seconds=1))
    svc.sync.record_session("1001", 1, "logout")
    return 3


def test_record_then_sync_stores_each_event_exactly_once(
    svc: Services, fake_clock: FakeClock
) -> None:
    count = record_some(svc, fake_clock)
    assert svc.sync.status().pending == count
    report = svc.sync.sync_once()
    assert (report.pushed, report.rejected) == (count, 0)
    assert device_events(svc) == (count, count)
    assert svc.sync.status().pending == 0
    assert svc.sync.sync_once().pushed == 0  # nothing left, nothing twice
    assert device_events(svc) == (count, count)
    device = svc.sync.local.device_id(fake_clock.now())
    sessions = sa.select(sa.func.count()).where(staff_sessions.c.device_id == device)
    printed = sa.select(sa.func.count()).where(printed_documents.c.device_id == device)
    assert (central(svc, sessions), central(svc, printed)) == (2, 1)


def test_a_resend_after_a_lost_acknowledgement_is_harmless(
    svc: Services, fake_clock: FakeClock
) -> None:
    count = record_some(svc, fake_clock)
    batch = svc.sync.local.pending(100)
    hall = svc.config.hall_code
    with db.write(svc.context.engine) as conn:  # committed centrally; the ack never arrives
        first = ingest(conn, hall, batch[0].device_id, batch, fake_clock.now())
    assert first.last_client_seq == count
    assert svc.sync.status().pending == count
    report = svc.sync.sync_once()  # sends the same batch again
    assert report.pushed == 0
    assert svc.sync.status().pending == 0
    assert device_events(svc) == (count, count)


def test_a_gap_is_refused_and_changes_nothing(svc: Services, fake_clock: FakeClock) -> None:
    record_some(svc, fake_clock)
    batch = svc.sync.local.pending(100)
    with pytest.raises(DeskError) as refused, db.write(svc.context.engine) as conn:
        ingest(conn, svc.config.hall_code, batch[0].device_id, batch[1:], fake_clock.now())
    assert refused.value.code == "sync.gap"
    assert refused.value.params["expected"] == 1
    assert device_events(svc) == (0, 0)


def test_a_tampered_outbox_event_is_refused_by_ingest(svc: Services, fake_clock: FakeClock) -> None:
    record_some(svc, fake_clock)
    with db.write(svc.sync.local.engine()) as conn:
        conn.execute(
            outbox.update().where(outbox.c.client_seq == 2).values(payload='{"kind":"forged"}')
        )
    with pytest.raises(DeskError) as refused:
        svc.sync.sync_once()
    assert refused.value.code == "sync.chain_broken"
    assert (refused.value.params["seq"], refused.value.params["problem"]) == (2, "hash")
    assert device_events(svc) == (0, 0)  # the whole batch was refused
    assert svc.sync.status().pending == 3


def test_audit_verify_finds_a_tampered_central_row(
    svc: Services,
    fake_clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_some(svc, fake_clock)
    svc.sync.sync_once()
    assert svc.sync.audit_verify().ok
    device = svc.sync.local.device_id(fake_clock.now())
    e = events.c
    with db.write(svc.context.engine) as conn:
        where = (e.device_id == device, e.client_seq == 2)
        conn.execute(events.update().where(*where).values(actor="intruder"))
    report = svc.sync.audit_verify()
    assert [(b.device_id, b.client_seq, b.problem) for b in report.breaks] == [(device, 2, "hash")]
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DESK_HALL_CODE", svc.config.hall_code)
    monkeypatch.delenv("DESK_CONFIG", raising=False)
    argv = ["--url", svc.config.database_url, "--lang", "en", "audit", "verify"]
    assert cli.main(argv) == 1
    assert f"device {device} sequence 2: hash" in capsys.readouterr().out
    with db.write(svc.context.engine) as conn:  # a missing event: the chain has a hole
        conn.execute(events.update().where(*where).values(actor=""))
        conn.execute(events.delete().where(e.device_id == device, e.client_seq == 1))
    problems = [(b.client_seq, b.problem) for b in svc.sync.audit_verify().breaks]
    assert problems == [(2, "gap")]


def test_poison_is_rejected_with_its_reason_and_advances_the_sequence(
    svc: Services, fake_clock: FakeClock
) -> None:
    local = svc.sync.local
    local.record("ticket.emergency", {"number": "not-a-number"}, "1001", fake_clock.now())
    local.record("no.such.type", {"x": 1}, "1001", fake_clock.now())
    svc.sync.record_session("1001", 2, "login")
    report = svc.sync.sync_once()
    assert (report.pushed, report.rejected) == (3, 2)
    rejected = svc.sync.rejected()
    assert [(r.client_seq, r.status) for r in rejected] == [(1, "rejected"), (2, "rejected")]
    assert "W03-001" in (rejected[0].reason or "")
    assert "unknown event type" in (rejected[1].reason or "")
    assert svc.sync.status().rejected == 2
    device = local.device_id(fake_clock.now())
    e = events.c
    statuses = svc.context.read(
        lambda conn: conn.execute(
            sa.select(e.client_seq, e.status).where(e.device_id == device).order_by(e.client_seq)
        ).all()
    )
    assert [tuple(row) for row in statuses] == [(1, "rejected"), (2, "rejected"), (3, "applied")]
    last = central(svc, sa.select(devices.c.last_client_seq).where(devices.c.device_id == device))
    assert last == 3
    assert svc.sync.audit_verify().ok  # rejected events are still links of the chain


def test_pull_returns_the_halls_events_in_order_and_stores_the_cursor_atomically(
    svc: Services, fake_clock: FakeClock, tmp_path: Path
) -> None:
    record_some(svc, fake_clock)
    svc.sync.sync_once()
    other = second_device(svc, tmp_path, "other")
    try:
        failing = SyncEngine(
            other.sync.local,
            lambda: other.context.engine,
            other.config.hall_code,
            fake_clock,
            pull_batch=2,
            pull_hook=_fail_on_second_batch(),
        )
        with pytest.raises(RuntimeError, match="projection failed"):
            failing.pull(other.context.engine)
        seqs = _server_seqs(svc)
        assert other.sync.local.cursor() == seqs[1]  # the first batch and its cursor, together
        assert _inbox(other) == seqs[:2]
        assert other.sync.sync_once().pulled == 1
        assert _inbox(other) == seqs
        assert other.sync.local.cursor() == seqs[2]
        assert svc.sync.local.cursor() == seqs[2]  # its own pulled back: cursor moved past them
        assert _inbox(svc) == []
    finally:
        other.close()


def _fail_on_second_batch() -> object:
    calls: list[int] = []

    def hook(conn: Connection, rows: Sequence[PulledRow]) -> None:
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("projection failed")

    return hook


def _inbox(svc: Services) -> list[int]:
    with db.read(svc.sync.local.engine()) as conn:
        query = sa.select(inbox.c.server_seq).order_by(inbox.c.server_seq)
        return [int(seq) for seq in conn.execute(query).scalars()]


def _server_seqs(svc: Services) -> list[int]:
    device = svc.sync.local.device_id(svc.clock.now())
    e = events.c
    query = sa.select(e.server_seq).where(e.device_id == device).order_by(e.server_seq)
    return [int(seq) for seq in svc.context.read(lambda conn: conn.execute(query).scalars())]


def test_the_handshake_refuses_an_unknown_central_version_and_local_work_continues(
    svc: Services, fake_clock: FakeClock
) -> None:
    info = schema_info.c
    with db.write(svc.context.engine) as conn:
        original = conn.execute(sa.select(info.value).where(info.key == "version")).scalar_one()
        conn.execute(schema_info.update().where(info.key == "version").values(value="9999"))
    try:
        svc.sync.record_session("1002", 3, "login")
        with pytest.raises(DeskError) as refused:
            svc.sync.sync_once()
        assert refused.value.code == "sync.schema_mismatch"
        assert refused.value.params["central"] == "9999"
        assert "9999" in refused.value.message("zh_CN")
        assert SCHEMA_VERSION in refused.value.message("en")
        ticket = svc.offline.issue_emergency(3, "B", "1002")  # the window works on
        assert ticket.number == "W03-001"
        assert svc.sync.status().pending == 2
    finally:
        with db.write(svc.context.engine) as conn:
            conn.execute(schema_info.update().where(info.key == "version").values(value=original))
    assert svc.sync.sync_once().pushed == 2


def test_emergency_walk_ins_reach_the_central_statistics_after_reconnecting(
    svc: Services, fake_clock: FakeClock, tmp_path: Path
) -> None:
    # The same PC while the central database is down: everything local still works.
    offline = build_services(
        replace(svc.config, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"),
        fake_clock,
    )
    try:
        first = offline.offline.issue_emergency(3, "b", "1003")
        fake_clock.advance(timedelta(minutes=6))
        done = offline.offline.finish_emergency(3, first.number, "1003")
        second = offline.offline.issue_emergency(3, "B", "1003")
        assert (first.number, second.number) == ("W03-001", "W03-002")
        assert done.finished_at == fake_clock.now()
        with pytest.raises(DeskError) as down:
            offline.sync.sync_once()
        assert down.value.code == "central.unreachable"
        assert [t.number for t in offline.offline.today(3)] == ["W03-001", "W03-002"]
    finally:
        offline.close()
    assert svc.sync.status().pending == 3
    assert svc.sync.sync_once().pushed == 3  # reconnected
    t = tickets.c
    rows = svc.context.read(
        lambda conn: conn.execute(
            sa.select(t.number, t.state, t.channel)
            .where(t.channel == "emergency", t.hall_id == _hall_id(conn, svc))
            .order_by(t.number)
        ).all()
    )
    assert [tuple(r) for r in rows] == [
        ("W03-001", "done", "emergency"),
        ("W03-002", "serving", "emergency"),
    ]
    served = svc.queue.window_state(3).served_today
    assert [ticket.number for ticket in served] == ["W03-001"]
    # 叫号统计 counts them at window 3: two calls, one finished in 6 minutes, one in service.
    today = fake_clock.now().date()
    window = svc.queue_stats.report(today, today, "window").rows
    assert [(r.label, r.calls, r.done, r.handling_total_s) for r in window] == [
        ("3号窗口", 2, 1, 360)
    ]
    day = svc.queue_stats.report(today, today).total
    assert (day.issued, day.done, day.open, day.wait_total_s) == (2, 1, 1, 0)


def _hall_id(conn: Connection, svc: Services) -> int:
    return int(
        conn.execute(
            sa.text("SELECT id FROM halls WHERE code = :c"), {"c": svc.config.hall_code}
        ).scalar_one()
    )


def test_an_event_sealed_by_another_device_cannot_be_slipped_in(
    svc: Services, fake_clock: FakeClock
) -> None:
    svc.sync.record_session("1001", 1, "login")
    mine = svc.sync.local.pending(10)
    foreign = seal(
        event_id="01900000-0000-7000-8000-000000000000",
        device_id="someone-else",
        client_seq=1,
        type="staff.session",
        payload={},
        occurred_at=fake_clock.now(),
        actor="x",
        prev_hash=GENESIS,
    )
    with pytest.raises(DeskError) as refused, db.write(svc.context.engine) as conn:
        ingest(conn, svc.config.hall_code, mine[0].device_id, [foreign], fake_clock.now())
    assert refused.value.code == "sync.chain_broken"


def test_the_offline_service_refuses_plainly(svc: Services) -> None:
    with pytest.raises(DeskError) as refused:
        svc.offline.finish_emergency(3, "W03-009", "1003")
    assert refused.value.code == "offline.not_found"
    with pytest.raises(DeskError) as empty:
        svc.offline.issue_emergency(3, " ", "1003")
    assert empty.value.code == "offline.bad_category"
    assert svc.sync.status().pending == 0


def test_config_without_local_store_refuses_recording(
    central_url: str, fake_clock: FakeClock
) -> None:
    services = build_services(Config(database_url=central_url, local_store=""), fake_clock)
    try:
        with pytest.raises(DeskError) as refused:
            services.sync.record_session("1001", 1, "login")
        assert refused.value.code == "sync.no_local_store"
    finally:
        services.close()

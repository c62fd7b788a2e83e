"""The claim routine desk_claim (central migrations 0008, 0009) and PostgreSQL's wake-up after it.

The call's rules (order, refusals, audit, one ticket per claim) are tested through the
services on every backend elsewhere; here: what only the routine brings: the handshake that
needs it, the hall's wake-up outside the claim's transaction, and the cached plan that must
not walk the appointments booked for later.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from desk_client.store import claim, claim_sql, db, schema
from desk_client.store.channels import channel_name
from desk_client.sync import handshake
from tests.integration.conftest import make_services


@pytest.fixture
def pg(central_url: str, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    if db.backend_name(central_url) != "postgresql":
        pytest.skip("the wake-up and the cached plan are PostgreSQL's")
    services = make_services(central_url, fake_clock, tmp_path)
    yield services
    services.close()


def _raw(url: str) -> psycopg.Connection[tuple[object, ...]]:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(dsn, autocommit=True)


def _clerk(services: Services) -> int:
    return services.auth.login("1001", "desk1234", 1).staff_id


def test_a_central_without_the_routine_is_refused(services: Services) -> None:
    assert claim_sql.ROUTINE_SINCE == "0008"
    assert int(handshake.supported()[0]) >= 8
    info = schema.schema_info.c
    with services.context.engine.connect() as conn, conn.begin() as transaction:
        conn.execute(schema.schema_info.update().where(info.key == "version").values(value="0007"))
        with pytest.raises(DeskError) as refused:
            handshake.check(conn)
        transaction.rollback()
    assert refused.value.code == "sync.schema_mismatch"
    assert refused.value.params["low"] == handshake.supported()[0]


def test_the_call_wakes_the_hall_after_its_commit(pg: Services) -> None:
    staff = _clerk(pg)
    pg.queue.issue_ticket("A")
    with _raw(pg.config.database_url) as listener:
        listener.execute(f"LISTEN {channel_name(pg.config.hall_code)}")
        called = pg.queue.call_next(1, staff).ticket
        woken = list(listener.notifies(timeout=5, stop_after=1))
    assert called is not None and called.number == "A001"
    assert [json.loads(n.payload) for n in woken] == [{"kind": "call", "window": 1}]


def test_a_failed_wake_up_leaves_the_call_committed(
    pg: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    staff = _clerk(pg)
    pg.queue.issue_ticket("A")
    too_long = ("desk_queue_x", "x" * 9000)  # NOTIFY refuses payloads over 8,000 bytes
    monkeypatch.setattr(claim, "_wake", lambda request: too_long)
    with caplog.at_level(logging.WARNING, logger="desk_client.store.claim_pg"):
        called = pg.queue.call_next(1, staff).ticket
    assert called is not None and called.number == "A001"
    assert "wake-up was not sent" in caplog.text
    assert pg.queue.window_state(1).current == called  # committed, and no second claim
    t = schema.tickets.c
    with db.read(pg.context.engine) as conn:
        states = conn.execute(sa.select(t.state).where(t.number == "A001", t.id == called.id))
        assert states.scalars().all() == ["called"]


@pytest.mark.parametrize(("due", "due_last"), [(5, True), (200, False)])
def test_the_cached_plan_reads_due_appointments_without_walking_later_ones(
    pg: Services, due: int, due_last: bool
) -> None:
    """PL/pgSQL keeps a generic plan, made without knowing ``now``. The due lane must not walk
    the appointments booked for later (0008 walked them all on every call): a few due ones are
    read by slot, a range on ix_tickets_due, even when they stand behind every later one in
    the queue (0009); a backlog of due ones, spread through the queue, is walked in queue
    order on ix_tickets_due_order, where one is found within a few rows. Either way the
    ticket called is the due one first in the queue."""
    hall_id, window_id, categories, first_due = _hall_with_appointments(pg, due, due_last)
    with _raw(pg.config.database_url) as conn:
        plans = _generic_plans(conn)
        now = pg.clock.now().replace(tzinfo=None)
        row = conn.execute(
            "SELECT id FROM desk_claim(%s, %s, %s, %s, %s, %s, NULL, false, 1)",
            (hall_id, pg.context.today(), now, window_id, categories, f"plan-probe-{due}"),
        ).fetchone()
    assert row is not None and row[0] == first_due
    by_slot = [p for p in plans if "LIMIT 64" in p and "Index Cond" in p]
    in_order = [p for p in plans if "ORDER BY t.order_at" in p and "ANY (v_due)" not in p]
    assert by_slot and all("appointment_at <= " in p.split("Index Cond")[1] for p in by_slot)
    if due < 64:
        assert any("ANY (v_due)" in p for p in plans)
        assert not any("ix_tickets_due_order" in p for p in in_order), in_order
    else:
        walk = next(p for p in in_order if "t.appointment_at <= p_now" in p)
        assert "using ix_tickets_due_order" in walk, walk
    assert all("Rows Removed by Filter" not in p or _removed(p) < 100 for p in plans), plans


def _generic_plans(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """The routine's statements' plans as auto_explain prints them (analyzed, generic)."""
    notices: list[str] = []
    conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
    for setting in ("log_min_duration = 0", "log_nested_statements = on",
                    "log_analyze = on", "log_level = notice"):  # fmt: skip
        conn.execute(f"SET auto_explain.{setting}")
    conn.execute("LOAD 'auto_explain'")
    conn.execute("SET plan_cache_mode = force_generic_plan")
    return notices


def _removed(plan: str) -> int:
    return sum(int(n) for n in re.findall(r"Rows Removed by Filter: (\d+)", plan))


def _hall_with_appointments(
    services: Services, due: int, due_last: bool
) -> tuple[int, int, list[int], int]:
    """2,000 walk-ins, ``due`` appointments whose slot has begun (issued after everyone else
    when ``due_last``) and 3,000 booked for later in the day; returns the hall, the window,
    its categories and the due ticket first in the queue."""
    now, day = services.clock.now(), services.context.today()
    booked = [now - timedelta(minutes=1)] * due + [now + timedelta(hours=2)] * 3000
    slots: list[datetime | None] = [*booked, *[None] * 2000]
    random.Random(9).shuffle(slots)
    if due_last:
        slots.sort(key=lambda slot: slot is not None and slot <= now)
    with db.write(services.context.engine) as conn:
        hall_id, _ = services.context.hall(conn)
        window = services.context.window(conn, 1)
        rows = [
            {"hall_id": hall_id, "service_day": day, "category_id": window.category_ids[0],
             "number": f"P{seq:05d}", "seq": seq, "state": "waiting", "priority": False,
             "appointment_at": slot, "order_at": now - timedelta(seconds=len(slots) - seq),
             "issued_at": now, "call_count": 0, "channel": "kiosk", "transferred": False,
             "version": 1}
            for seq, slot in enumerate(slots, start=1)
        ]  # fmt: skip
        conn.execute(schema.tickets.insert(), rows)
        t = schema.tickets.c
        first_due = conn.execute(
            sa.select(t.id)
            .where(t.hall_id == hall_id, t.appointment_at <= now)
            .order_by(t.order_at, t.id)
            .limit(1)
        ).scalar_one()
    with db.autocommit(services.context.engine) as conn:
        conn.execute(sa.text("ANALYZE tickets"))
    return hall_id, window.id, list(window.category_ids), int(first_due)

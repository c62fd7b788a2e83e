"""The claim routine desk_claim (central migration 0008) and PostgreSQL's wake-up after it.

The call's rules (order, refusals, audit, one ticket per claim) are tested through the
services on every backend elsewhere; here: what only the routine brings: the handshake that
needs it, the hall's wake-up outside the claim's transaction, and the cached plan that must
take due appointments by their own index.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Iterator
from datetime import timedelta
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
    assert claim_sql.ROUTINE_SINCE == "0008" == handshake.supported()[0]
    info = schema.schema_info.c
    with services.context.engine.connect() as conn, conn.begin() as transaction:
        conn.execute(schema.schema_info.update().where(info.key == "version").values(value="0007"))
        with pytest.raises(DeskError) as refused:
            handshake.check(conn)
        transaction.rollback()
    assert refused.value.code == "sync.schema_mismatch"
    assert refused.value.params["low"] == "0008"


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


def test_the_cached_plan_takes_due_appointments_by_their_index(pg: Services) -> None:
    """PL/pgSQL keeps a generic plan, made without knowing ``now``; on ix_tickets_due that
    plan walked the whole day's queue for every call (ix_tickets_due_order, 0008)."""
    hall_id, window_id, categories = _busy_hall(pg, 5000)
    notices: list[str] = []
    with _raw(pg.config.database_url) as conn:
        conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
        for setting in ("log_min_duration = 0", "log_nested_statements = on",
                        "log_level = notice"):  # fmt: skip
            conn.execute(f"SET auto_explain.{setting}")
        conn.execute("LOAD 'auto_explain'")
        conn.execute("SET plan_cache_mode = force_generic_plan")
        now = pg.clock.now().replace(tzinfo=None)
        row = conn.execute(
            "SELECT id FROM desk_claim(%s, %s, %s, %s, %s, 'plan-probe', NULL, false, 1)",
            (hall_id, pg.context.today(), now, window_id, categories),
        ).fetchone()
    assert row is not None and row[0] is not None
    pick = next(text for text in notices if "COALESCE" in text)
    assert pick.count("using ix_tickets_due_order") == 2, pick


def _busy_hall(services: Services, count: int) -> tuple[int, int, list[int]]:
    """``count`` waiting tickets, a fifth of them appointments around now; then ANALYZE."""
    rng, now, day = random.Random(8), services.clock.now(), services.context.today()
    with db.write(services.context.engine) as conn:
        hall_id, _ = services.context.hall(conn)
        window = services.context.window(conn, 1)
        rows = [
            {"hall_id": hall_id, "service_day": day, "category_id": window.category_ids[0],
             "number": f"P{seq:05d}", "seq": seq, "state": "waiting", "priority": False,
             "appointment_at": now + timedelta(minutes=rng.uniform(-30, 30))
             if rng.random() < 0.2 else None,
             "order_at": now - timedelta(seconds=count - seq), "issued_at": now,
             "call_count": 0, "channel": "kiosk", "transferred": False, "version": 1}
            for seq in range(1, count + 1)
        ]  # fmt: skip
        conn.execute(schema.tickets.insert(), rows)
    with db.autocommit(services.context.engine) as conn:
        conn.execute(sa.text("ANALYZE tickets"))
    return hall_id, window.id, list(window.category_ids)

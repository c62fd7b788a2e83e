"""The fast claim path: the TicketView it builds without a read, pool exhaustion, stale
connections, and the call audit it writes in the same statement."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from desk_client.store import claim, db, schema
from tests.integration.conftest import make_services


def _clerk(services: Services) -> int:
    return services.auth.login("1001", "desk1234", 1).staff_id


def _stored(services: Services, window: int) -> object:
    return services.queue.window_state(window).current


def test_claimed_view_equals_the_stored_ticket(services: Services, fake_clock: FakeClock) -> None:
    staff = _clerk(services)
    services.queue.issue_ticket("A", priority=True)
    services.queue.issue_ticket("A")
    first = services.queue.call_next(1, staff).ticket
    assert first is not None and first.priority
    assert first == _stored(services, 1)
    services.queue.transfer(1, staff, target_window=2)  # a ticket sent to a named window
    named = services.queue.call_next(2, staff).ticket
    assert named is not None and named.target_window_number == 2 and named.transferred
    assert named == _stored(services, 2)
    follow = services.queue.finish_and_call_next(2, staff).ticket  # finish, then A002
    assert follow is not None and follow.number == "A002"
    assert follow == _stored(services, 2)


def test_finish_and_call_audits_both_and_refuses_busy(services: Services) -> None:
    staff = _clerk(services)
    services.queue.issue_ticket("A")
    services.queue.issue_ticket("A")
    first = services.queue.call_next(1, staff).ticket
    with pytest.raises(DeskError) as busy:
        services.queue.call_next(1, staff)
    assert busy.value.code == "queue.window_busy"
    second = services.queue.finish_and_call_next(1, staff).ticket
    assert first is not None and second is not None
    e = schema.ticket_events.c
    with db.read(services.context.engine) as conn:
        actions = conn.execute(
            sa.select(e.ticket_id, e.action, e.from_state, e.to_state)
            .where(e.ticket_id.in_([first.id, second.id]), e.action != "issue")
            .order_by(e.id)
        ).all()
    assert [tuple(a) for a in actions] == [
        (first.id, "call", "waiting", "called"),
        (first.id, "finish", "called", "done"),
        (second.id, "call", "waiting", "called"),
    ]


def _server_services(central_url: str, clock: FakeClock, folder: Path, **pool: float) -> Services:
    if db.backend_name(central_url) == "sqlite":
        pytest.skip("the pool settings apply to the central servers")
    return make_services(central_url, clock, folder, **pool)  # type: ignore[arg-type]


def test_pool_exhausted_is_central_busy(
    central_url: str, fake_clock: FakeClock, tmp_path: Path
) -> None:
    services = _server_services(
        central_url, fake_clock, tmp_path, pool_size=1, max_overflow=0, pool_timeout=0.2
    )
    try:
        staff = _clerk(services)
        held = services.context.engine.connect()  # the only connection
        with held, pytest.raises(DeskError) as busy:
            services.queue.call_next(1, staff)
        assert busy.value.code == "central.busy"
        assert busy.value.message("zh_CN") and busy.value.message("en")
        assert services.queue.call_next(1, staff).ticket is None  # free again: works
    finally:
        services.close()


def test_dead_pooled_connection_is_retried(
    central_url: str, fake_clock: FakeClock, tmp_path: Path
) -> None:
    if db.backend_name(central_url) != "postgresql":
        pytest.skip("pg_terminate_backend cuts a pooled connection from the server side")
    services = _server_services(central_url, fake_clock, tmp_path, pool_size=1, max_overflow=0)
    killer = sa.create_engine(central_url, isolation_level="AUTOCOMMIT")
    try:
        staff = _clerk(services)
        services.queue.issue_ticket("A")
        with services.context.engine.connect() as conn:
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        with killer.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        called = services.queue.call_next(1, staff).ticket  # no pre-ping: retried once
        assert called is not None and called.number == "A001"
        assert services.queue.window_state(1).current == called
    finally:
        killer.dispose()
        services.close()


def test_a_call_that_finds_every_waiting_ticket_held_says_so(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tickets wait, but another window's call holds each of them: the window is told so
    after HELD_WAIT_S (store.claim), never "nobody waits"; its own ticket is finished, no
    other changes, and the next call takes the ticket once it is free again."""
    if services.context.backend == "sqlite":
        pytest.skip("one writer: a call never finds a ticket held by another call")
    staff = _clerk(services)
    services.queue.issue_ticket("A")
    second = services.queue.issue_ticket("A").ticket
    first = services.queue.call_next(1, staff).ticket
    assert first is not None
    monkeypatch.setattr(claim, "HELD_WAIT_S", 0.2)
    t = schema.tickets.c
    with services.context.engine.connect() as other, other.begin():  # another window's call
        other.execute(sa.select(t.id).where(t.id == second.id).with_for_update())
        with pytest.raises(DeskError) as held:
            services.queue.finish_and_call_next(1, staff)
    assert held.value.code == "queue.all_held"
    assert services.queue.window_state(1).current is None
    with db.read(services.context.engine) as conn:
        states = conn.execute(sa.select(t.state).where(t.id.in_([first.id, second.id])))
        assert sorted(states.scalars()) == ["done", "waiting"]
    again = services.queue.call_next(1, staff).ticket
    assert again is not None and again.id == second.id

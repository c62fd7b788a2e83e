"""The SQL claim calls tickets in exactly the order of core.call_order.pick_next."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_client.core.call_order import QueuedTicket, pick_next
from desk_client.store import claim, db, seed, tickets
from desk_client.store.schema import categories, windows

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DAY = date(2026, 11, 23)

ticket_spec = st.tuples(
    st.integers(0, 2),  # category index
    st.integers(0, 120),  # order_at minutes before now (ties on purpose)
    st.booleans(),  # priority
    st.sampled_from([None, -30, -1, 0, 1, 30]),  # appointment minutes from now
    st.sampled_from([None, None, None, 1, 6]),  # named target window number
)


@pytest.fixture(scope="module")
def engine(central_url: str) -> object:
    made = make_engine_once(central_url)
    yield made
    made.dispose()


def make_engine_once(url: str) -> sa.engine.Engine:
    return db.make_engine(url)


def _hall(conn: sa.Connection) -> tuple[int, dict[int, int], dict[int, int]]:
    hashes = dict.fromkeys(seed.staff_passwords(), "scrypt$x")
    hall_id = seed.seed_hall(conn, f"o{uuid.uuid4().hex[:10]}", "Asia/Shanghai", hashes)
    cats = conn.execute(
        sa.select(categories.c.id)
        .where(categories.c.hall_id == hall_id)
        .order_by(categories.c.code)
    ).scalars()
    wins = conn.execute(
        sa.select(windows.c.number, windows.c.id).where(windows.c.hall_id == hall_id)
    )
    return hall_id, dict(enumerate(cats)), dict(tuple(r) for r in wins)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=st.lists(ticket_spec, min_size=1, max_size=14))
def test_sql_order_equals_pick_next(engine: sa.engine.Engine, specs: list[tuple]) -> None:  # type: ignore[type-arg]
    with db.write(engine) as conn:
        hall_id, cats, wins = _hall(conn)
        queued = []
        for index, (cat, minutes, priority, appointment, target) in enumerate(specs):
            slot = None if appointment is None else NOW + timedelta(minutes=appointment)
            values = {
                "hall_id": hall_id, "service_day": DAY, "category_id": cats[cat],
                "number": f"X{index + 1:03d}", "seq": index + 1, "priority": priority,
                "appointment_at": slot,
                "order_at": NOW - timedelta(minutes=minutes), "issued_at": NOW, "channel": "test",
                "target_window_id": None if target is None else wins[target],
            }  # fmt: skip
            ticket_id = tickets.insert_ticket(conn, **values)
            target_id = values["target_window_id"]
            queued.append(QueuedTicket(ticket_id, cats[cat], values["order_at"], priority, slot,
                                       target_id))  # fmt: skip
    window_id, served = wins[6], set(cats.values())  # the general window serves A, B and C
    expected, remaining = [], list(queued)
    while (best := pick_next(remaining, window_id, served, NOW)) is not None:
        expected.append(best.id)
        remaining.remove(best)
    got = []
    for _ in range(len(specs) + 1):
        request = claim.Claim(hall_id, window_id, tuple(served), DAY, NOW, str(uuid.uuid4()), None)
        with db.write(engine) as conn:
            ticket_id = claim.claim(conn, request)
            if ticket_id is None:
                break
            got.append(ticket_id)
            conn.execute(tickets.tickets.update().where(tickets.T.id == ticket_id).values(
                state="done", active_window_id=None))  # fmt: skip
    assert got == expected

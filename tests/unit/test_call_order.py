"""Who is called next: priority lane, due appointments, then first come first served."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.call_order import (
    QueuedTicket,
    appointment_due,
    callable_by,
    order_key,
    pick_next,
    reinstated_order_at,
)

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
CAT_A, CAT_B, CAT_C = 1, 2, 3
WINDOW_1, WINDOW_2 = 11, 12


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


def ticket(id_: int, minutes: float, category: int = CAT_A, **kw: Any) -> QueuedTicket:
    return QueuedTicket(id=id_, category_id=category, order_at=at(minutes), **kw)


def pick(
    tickets: list[QueuedTicket], window: int = WINDOW_1, cats: set[int] | None = None
) -> int | None:
    chosen = pick_next(tickets, window, {CAT_A} if cats is None else cats, NOW)
    return None if chosen is None else chosen.id


def test_first_come_first_served() -> None:
    assert pick([ticket(2, -5), ticket(1, -10), ticket(3, -1)]) == 1


def test_ties_break_by_id() -> None:
    assert pick([ticket(9, -5), ticket(4, -5)]) == 4


def test_priority_lane_goes_first_even_if_issued_last() -> None:
    tickets = [ticket(1, -30), ticket(2, -1, priority=True), ticket(3, -20)]
    assert pick(tickets) == 2


def test_among_priority_tickets_the_earliest_goes_first() -> None:
    tickets = [ticket(1, -3, priority=True), ticket(2, -9, priority=True)]
    assert pick(tickets) == 2


def test_due_appointment_jumps_the_fcfs_queue() -> None:
    tickets = [ticket(1, -30), ticket(2, -1, appointment_at=at(-5))]
    assert pick(tickets) == 2


def test_appointment_due_exactly_now_counts() -> None:
    assert appointment_due(ticket(1, -1, appointment_at=NOW), NOW)


def test_not_yet_due_appointment_waits_in_fcfs() -> None:
    early_walk_in = ticket(1, -30)
    checked_in_early = ticket(2, -20, appointment_at=at(15))
    late_walk_in = ticket(3, -10)
    assert pick([late_walk_in, checked_in_early, early_walk_in]) == 1
    assert pick([late_walk_in, checked_in_early]) == 2  # its own issue time still counts


def test_priority_beats_a_due_appointment() -> None:
    tickets = [ticket(1, -30, appointment_at=at(-10)), ticket(2, -1, priority=True)]
    assert pick(tickets) == 2


def test_window_calls_only_its_categories() -> None:
    tickets = [ticket(1, -30, CAT_B), ticket(2, -5, CAT_A)]
    assert pick(tickets, cats={CAT_A}) == 2
    assert pick(tickets, cats={CAT_B, CAT_C}) == 1
    assert pick(tickets, cats={CAT_C}) is None


def test_general_window_serves_every_category() -> None:
    tickets = [ticket(1, -5, CAT_A), ticket(2, -9, CAT_B), ticket(3, -7, CAT_C)]
    assert pick(tickets, cats={CAT_A, CAT_B, CAT_C}) == 2


def test_ticket_for_a_named_window_waits_for_that_window_only() -> None:
    transferred = ticket(1, -60, CAT_A, target_window_id=WINDOW_2)
    tickets = [transferred, ticket(2, -5)]
    assert pick(tickets, WINDOW_1) == 2
    assert pick(tickets, WINDOW_2) == 1
    assert pick([transferred], WINDOW_2, cats=set()) == 1  # even outside its categories
    assert not callable_by(transferred, WINDOW_1, {CAT_A})


def test_empty_queue_gives_none() -> None:
    assert pick([]) is None


def test_transfer_keeps_the_issue_time() -> None:
    """Moved to category B, a ticket issued at 09:00 stays ahead of B's 09:30 tickets."""
    moved = replace(ticket(1, -60, CAT_A), category_id=CAT_B)
    assert moved.order_at == at(-60)
    assert pick([ticket(2, -30, CAT_B), moved], cats={CAT_B}) == 1
    to_window = replace(ticket(3, -45), target_window_id=WINDOW_2)
    assert order_key(to_window, NOW) == order_key(ticket(3, -45), NOW)


# --- properties over random queues ---------------------------------------------------------

minutes = st.integers(-240, 240)
tickets_strategy = st.lists(
    st.builds(
        QueuedTicket,
        id=st.integers(1, 10**6),
        category_id=st.sampled_from([CAT_A, CAT_B, CAT_C]),
        order_at=minutes.map(at),
        priority=st.booleans(),
        appointment_at=st.none() | minutes.map(at),
        target_window_id=st.none() | st.sampled_from([WINDOW_1, WINDOW_2]),
    ),
    max_size=30,
    unique_by=lambda t: t.id,
)
categories = st.sets(st.sampled_from([CAT_A, CAT_B, CAT_C]))
windows = st.sampled_from([WINDOW_1, WINDOW_2])


@given(tickets_strategy, windows, categories)
def test_pick_next_is_the_minimum_eligible(
    tickets: list[QueuedTicket], window: int, cats: set[int]
) -> None:
    eligible = [t for t in tickets if callable_by(t, window, cats)]
    chosen = pick_next(tickets, window, cats, NOW)
    if not eligible:
        assert chosen is None
        return
    assert chosen is not None and chosen in eligible
    assert all(order_key(chosen, NOW) <= order_key(t, NOW) for t in eligible)


@given(tickets_strategy, windows, categories)
def test_pick_next_never_returns_an_ineligible_ticket(
    tickets: list[QueuedTicket], window: int, cats: set[int]
) -> None:
    chosen = pick_next(tickets, window, cats, NOW)
    if chosen is not None:
        assert chosen.target_window_id in (None, window)
        assert chosen.target_window_id == window or chosen.category_id in cats


@given(tickets_strategy)
def test_priority_always_beats_non_priority(tickets: list[QueuedTicket]) -> None:
    chosen = pick_next(tickets, WINDOW_1, {CAT_A, CAT_B, CAT_C}, NOW)
    eligible = [t for t in tickets if callable_by(t, WINDOW_1, {CAT_A, CAT_B, CAT_C})]
    if any(t.priority for t in eligible):
        assert chosen is not None and chosen.priority


# --- reinstating a no-show ------------------------------------------------------------------


def test_reinstated_behind_k_others() -> None:
    waiting = [at(1), at(3), at(2), at(4)]
    position = reinstated_order_at(waiting, 2, NOW)
    assert at(2) < position < at(3)


def test_reinstated_to_the_front_with_k_zero() -> None:
    assert reinstated_order_at([at(5), at(2)], 0, NOW) < at(2)


def test_reinstated_to_the_back_when_fewer_wait() -> None:
    position = reinstated_order_at([at(1), at(2)], 5, NOW)
    assert position > at(2)


def test_reinstated_into_an_empty_queue_takes_now() -> None:
    assert reinstated_order_at([], 2, NOW) == NOW
    assert reinstated_order_at([], 0, NOW) == NOW


def test_negative_k_is_refused() -> None:
    with pytest.raises(ValueError):
        reinstated_order_at([at(1)], -1, NOW)


@given(
    st.lists(st.integers(-(10**6), 10**6), unique=True, max_size=40).map(
        lambda secs: [NOW + timedelta(seconds=s) for s in secs]
    ),
    st.integers(0, 50),
)
def test_reinstated_ticket_is_behind_exactly_k(waiting: list[datetime], k: int) -> None:
    """With distinct positions (issue times), exactly min(K, n) tickets stay ahead of it."""
    position = reinstated_order_at(waiting, k, NOW)
    ahead = [w for w in waiting if w < position]
    assert len(ahead) == min(k, len(waiting))
    assert all(w != position for w in waiting)
    reinstated = QueuedTicket(id=0, category_id=CAT_A, order_at=position)
    queue = [QueuedTicket(id=i + 1, category_id=CAT_A, order_at=w) for i, w in enumerate(waiting)]
    served_before = 0
    remaining = [*queue, reinstated]
    while (chosen := pick_next(remaining, WINDOW_1, {CAT_A}, NOW)) is not reinstated:
        assert chosen is not None
        remaining.remove(chosen)
        served_before += 1
    assert served_before == min(k, len(waiting))

"""Which waiting ticket a window calls next (叫号顺序).

Order, for the categories a window serves:
  1. the priority lane (绿色通道: elderly, disabled, pregnant, veterans);
  2. checked-in appointments whose slot has begun;
  3. first come, first served by ``order_at`` (the issue time, kept across transfers; a
     reinstated no-show gets a later position), ties broken by id.
A ticket transferred to a named window waits for that window only.

The central store runs the same order in SQL (ORDER BY with FOR UPDATE SKIP LOCKED); an
integration test checks the two agree on random queues.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_REINSTATE_AFTER = 2
_AFTER = timedelta(microseconds=1)


@dataclass(frozen=True)
class QueuedTicket:
    """The facts about a waiting ticket that decide its place in the queue."""

    id: int
    category_id: int
    order_at: datetime
    priority: bool = False
    appointment_at: datetime | None = None
    target_window_id: int | None = None


def appointment_due(ticket: QueuedTicket, now: datetime) -> bool:
    return ticket.appointment_at is not None and ticket.appointment_at <= now


def order_key(ticket: QueuedTicket, now: datetime) -> tuple[bool, bool, datetime, int]:
    """Sort key: smaller is called first."""
    return (not ticket.priority, not appointment_due(ticket, now), ticket.order_at, ticket.id)


def callable_by(ticket: QueuedTicket, window_id: int, categories: Collection[int]) -> bool:
    if ticket.target_window_id is not None:
        return ticket.target_window_id == window_id
    return ticket.category_id in categories


def pick_next(
    waiting: Iterable[QueuedTicket],
    window_id: int,
    categories: Collection[int],
    now: datetime,
) -> QueuedTicket | None:
    """The ticket ``window_id`` should call now, or None when nobody waits for it."""
    eligible = [t for t in waiting if callable_by(t, window_id, categories)]
    if not eligible:
        return None
    return min(eligible, key=lambda t: order_key(t, now))


def reinstated_order_at(
    waiting_order_ats: Sequence[datetime], after: int, now: datetime
) -> datetime:
    """The queue position for a reinstated no-show: behind the next ``after`` waiting tickets.

    ``waiting_order_ats`` are the positions of the tickets waiting in its category, in any
    order. With fewer than ``after`` tickets waiting it goes to the back (or ``now``).
    """
    if after < 0:
        raise ValueError("reinstate position must not be negative")
    ordered = sorted(waiting_order_ats)
    if after == 0:
        return ordered[0] - _AFTER if ordered else now
    if not ordered:
        return now
    anchor = ordered[min(after, len(ordered)) - 1]
    return anchor + _AFTER

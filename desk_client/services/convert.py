"""Rows from the store into the dataclasses the front ends receive."""

from __future__ import annotations

from datetime import datetime

from desk_client.core.queue import TRANSITIONS, Action, TicketState
from desk_client.services.context import WindowRef
from desk_client.services.dto import CallRecord, TicketView
from desk_client.store.claim import Claimed
from desk_client.store.db import AnyRow

CALLED = TRANSITIONS[(TicketState.WAITING, Action.CALL)].value


def ticket_view(row: AnyRow) -> TicketView:
    return TicketView(
        id=int(row.id),
        number=row.number,
        category_code=row.category_code,
        category_name=row.category_name,
        state=row.state,
        priority=bool(row.priority),
        appointment=row.appointment_at is not None,
        service_day=row.service_day,
        issued_at=row.issued_at,
        call_count=int(row.call_count),
        window_number=row.window_number,
        target_window_number=row.target_window_number,
        called_at=row.called_at,
        finished_at=row.finished_at,
        transferred=bool(row.transferred),
    )


def call_record(row: AnyRow) -> CallRecord:
    return CallRecord(
        id=int(row.id),
        number=row.number,
        window_number=int(row.window_number),
        kind=row.kind,
        called_at=row.called_at,
    )


def claimed_view(row: Claimed, window: WindowRef, called_at: datetime) -> TicketView:
    """The ticket a claim just took, from the claim's own row and the cached window layout
    (no extra read: only the claimed columns are not already known)."""
    code, name = window.categories.get(int(row.category_id), ("", ""))
    targeted = row.target_window_id is not None
    return TicketView(
        id=int(row.id),
        number=row.number,
        category_code=code,
        category_name=name,
        state=CALLED,
        priority=bool(row.priority),
        appointment=row.appointment_at is not None,
        service_day=row.service_day,
        issued_at=row.issued_at,
        call_count=1,
        window_number=window.number,
        # A ticket sent to a named window is claimed only by that window.
        target_window_number=window.number if targeted else None,
        called_at=called_at,
        finished_at=None,
        transferred=bool(row.transferred),
    )

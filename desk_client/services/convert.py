"""Rows from the store into the dataclasses the front ends receive."""

from __future__ import annotations

from desk_client.services.dto import CallRecord, TicketView
from desk_client.store.db import AnyRow


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

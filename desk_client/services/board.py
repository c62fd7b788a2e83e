"""What the screens show: a window's queue panel and the hall display (read-only)."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.numbering import day_bounds
from desk_client.core.queue import TicketState
from desk_client.core.wait import estimate_wait
from desk_client.services.context import Context
from desk_client.services.convert import call_record, ticket_view
from desk_client.services.dto import CategoryQueue, HallBoard, WindowInfo, WindowState
from desk_client.store import hall, schema, views

T = schema.tickets.c
SERVED_TODAY_SHOWN = 50


def windows(ctx: Context, conn: Connection) -> tuple[WindowInfo, ...]:
    hall_id, _ = ctx.hall(conn)
    served = hall.window_category_map(conn, hall_id)
    return tuple(
        WindowInfo(int(w.id), w.number, w.name, tuple(c for _, c in served.get(w.id, [])))
        for w in hall.hall_windows(conn, hall_id)
    )


def window_state(ctx: Context, conn: Connection, window_number: int) -> WindowState:
    info = next((w for w in windows(ctx, conn) if w.number == window_number), None)
    if info is None:
        raise DeskError("queue.unknown_window", window=window_number)
    today = ctx.today()
    current = views.ticket_rows(conn, T.active_window_id == info.id)
    mine = (T.window_id == info.id, T.service_day == today)
    held = views.ticket_rows(conn, *mine, T.state == TicketState.HELD)
    done = (*mine, T.state == TicketState.DONE)
    served = views.ticket_rows(conn, *done, order=T.finished_at.desc(), limit=SERVED_TODAY_SHOWN)
    return WindowState(
        info,
        ticket_view(current[0]) if current else None,
        tuple(ticket_view(r) for r in held),
        tuple(ticket_view(r) for r in served),
        queues(ctx, conn, set(info.category_codes)),
    )


def hall_board(ctx: Context, conn: Connection) -> HallBoard:
    hall_id, info = ctx.hall(conn)
    since, _ = day_bounds(ctx.today(), ctx.zone)
    recent = views.recent_calls(conn, hall_id, since, ctx.config.recent_calls)
    return HallBoard(info, tuple(call_record(r) for r in recent), queues(ctx, conn, None))


def queues(ctx: Context, conn: Connection, codes: set[str] | None) -> tuple[CategoryQueue, ...]:
    """Waiting counts and estimates per category (all of them when ``codes`` is None)."""
    hall_id, _ = ctx.hall(conn)
    today = ctx.today()
    waiting = views.waiting_counts(conn, hall_id, today)
    durations = views.service_seconds(conn, hall_id, today)
    serving = views.windows_per_category(conn, hall_id)
    result = []
    for cat in hall.hall_categories(conn, hall_id):
        if codes is not None and cat.code not in codes:
            continue
        count = waiting.get(cat.id, 0)
        wait = estimate_wait(durations.get(cat.id, []), count, serving.get(cat.id, 0))
        result.append(CategoryQueue(cat.code, cat.name, cat.prefix, count, wait.minutes))
    return tuple(result)

"""The hall's directory (staff, categories, windows) copied into this PC's login cache.

After every successful sync the active staff with their central password hashes (never a
password) and phones, the hall's phone and address, and its layout replace what the cache
held, so any colleague can log in at this window while the central database is away, and an
account a supervisor disables stops working offline at the next sync.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.services import board
from desk_client.services.context import Context
from desk_client.services.dto import CategoryInfo, HallInfo, WindowInfo
from desk_client.store import hall, local_cache, notices_central
from desk_client.store.db import AnyRow
from desk_client.store.local import LocalStore


def staff_row(row: AnyRow, phone: str = "") -> dict[str, Any]:
    return {
        "staff_no": row.staff_no,
        "staff_id": int(row.id),
        "name": row.name,
        "role": row.role,
        "password_hash": row.password_hash,
        "phone": phone,
    }


def hall_row(conn: Connection, hall_id: int, info: HallInfo) -> dict[str, Any]:
    """The cached_hall row: the hall's info with its phone and address (printed on notices)."""
    phone, address = notices_central.hall_contact(conn, hall_id)
    return {**asdict(info), "phone": phone, "address": address}


def layout_rows(
    categories: Sequence[CategoryInfo], windows: Sequence[WindowInfo]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    cats = [
        {"code": c.code, "category_id": c.id, "name": c.name, "prefix": c.prefix}
        for c in categories
    ]
    wins = [
        {
            "number": w.number,
            "window_id": w.id,
            "name": w.name,
            "category_codes": ",".join(w.category_codes),
        }
        for w in windows
    ]
    return cats, wins


def refresh(ctx: Context, local: LocalStore) -> None:
    """Read the directory centrally (one read transaction), then replace the cached copy."""

    def work(conn: Connection) -> tuple[Any, ...]:
        hall_id, info = ctx.hall(conn)
        rows = hall.hall_categories(conn, hall_id)
        categories = [CategoryInfo(int(r.id), r.code, r.name, r.prefix) for r in rows]
        phones = notices_central.staff_phones(conn, hall_id)
        staff = [staff_row(r, phones.get(r.staff_no, "")) for r in hall.active_staff(conn, hall_id)]
        return hall_row(conn, hall_id, info), staff, categories, board.windows(ctx, conn)

    info, staff, categories, windows = ctx.read(work)
    cats, wins = layout_rows(categories, windows)
    local_cache.save_directory(local, info, staff, cats, wins, now=ctx.now())

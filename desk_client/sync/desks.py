"""Desk numbers (机位号): the central database gives each PC one, once.

A PC numbers its notices (GZ2026-03-0012), inquiries (SW2026-03-0001) and offline walk-ins
(W03-001) itself, without asking the central database (local-first). Those numbers used to
carry the window number, so two PCs sharing one (two guide desks at 00, a spare PC logged in
at a busy window) made the same number while apart, and the central database refused the
later one as a duplicate: a notice or inquiry that never reached the hall. They now carry the
PC's desk number, unique in the hall by the ``devices`` constraint; a PC at its own window
gets that window's number (core.numbering.choose_desk), so its numbers read as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.numbering import choose_desk
from desk_client.store.schema import windows
from desk_client.store.sync_schema import devices
from desk_client.sync.ingest import hall_id_of, lock_device, take_server_seqs


def register_desk(
    conn: Connection, hall_code: str, device_id: str, wanted: int | None, now: datetime
) -> int:
    """The device's desk number, given now if it has none (in the caller's transaction).

    Locks as the ingest does, the device row and then the hall's counter row, so two PCs
    registering at once choose one after the other and never deadlock with a push.
    """
    hall_id = hall_id_of(conn, hall_code)
    lock_device(conn, hall_id, device_id, now)
    d = devices.c
    own = sa.select(d.desk_no).where(d.device_id == device_id)
    found = conn.execute(own).scalar_one_or_none()
    if found is not None:
        return int(found)
    take_server_seqs(conn, hall_id, 0)
    taken = conn.execute(sa.select(d.desk_no).where(d.hall_id == hall_id, d.desk_no.is_not(None)))
    numbers = conn.execute(sa.select(windows.c.number).where(windows.c.hall_id == hall_id))
    desk = choose_desk(wanted, set(taken.scalars()), set(numbers.scalars()))
    conn.execute(devices.update().where(d.device_id == device_id).values(desk_no=desk))
    return desk


def hall_devices(conn: Connection, hall_code: str) -> list[sa.Row[Any]]:
    """The hall's devices by desk number, those without one last."""
    d = devices.c
    query = (
        sa.select(d.device_id, d.desk_no, d.registered_at, d.last_client_seq)
        .where(d.hall_id == hall_id_of(conn, hall_code))
        .order_by(d.desk_no.is_(None), d.desk_no, d.registered_at)
    )
    return list(conn.execute(query))

"""Pull: the hall's central events after a cursor, in server_seq order.

server_seq numbers are taken under the hall counter's row lock, so a number becomes visible
only after every smaller one has committed: a reader never skips a row by moving its cursor.
The client stores the rows and the new cursor in ONE local transaction
(store.local.LocalStore.apply_pulled).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.store.local import PulledRow
from desk_client.store.sync_schema import events
from desk_client.sync.ingest import hall_id_of


def pull(conn: Connection, hall_code: str, cursor: int, limit: int = 1000) -> list[PulledRow]:
    hall_id = hall_id_of(conn, hall_code)
    e = events.c
    query = (
        sa.select(e.server_seq, e.event_id, e.device_id, e.type, e.payload, e.occurred_at, e.status)
        .where(e.hall_id == hall_id, e.server_seq > cursor)
        .order_by(e.server_seq)
        .limit(limit)
    )
    return [
        PulledRow(
            server_seq=int(row.server_seq),
            event_id=row.event_id,
            device_id=row.device_id,
            type=row.type,
            payload=row.payload,
            occurred_at=row.occurred_at,
            status=row.status,
        )
        for row in conn.execute(query)
    ]

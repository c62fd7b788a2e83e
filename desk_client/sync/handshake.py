"""Schema handshake: sync only with a central schema version this client can speak.

The central ``schema_info`` row ``version`` names the last migration applied. This client
speaks every version from the first that has the tables its events land in (the sync tables,
store.sync_schema.SYNC_SINCE, the notice tables, store.notice_schema.NOTICES_SINCE, the case
tables, store.case_schema.CASES_SINCE, the inquiry and cover tables,
store.inquiry_schema.INQUIRIES_SINCE, the rating tables, store.rating_schema.RATINGS_SINCE, and
the claim routine the window's calls run, store.claim_sql.ROUTINE_SINCE, the desk numbers,
store.sync_schema.DESKS_SINCE, and appointment booking, store.schema.APPOINTMENTS_SINCE: the
kiosk's check-in reads the booking columns)
up to the one it was built with (store.schema.SCHEMA_VERSION). An older central would take the
push and then fail on a missing table, so it is refused up front. Anything else is refused with
both versions named; the window keeps working locally and its outbox waits.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.store.case_schema import CASES_SINCE
from desk_client.store.claim_sql import ROUTINE_SINCE
from desk_client.store.inquiry_schema import INQUIRIES_SINCE
from desk_client.store.notice_schema import NOTICES_SINCE
from desk_client.store.rating_schema import RATINGS_SINCE
from desk_client.store.schema import APPOINTMENTS_SINCE, SCHEMA_VERSION, schema_info
from desk_client.store.sync_schema import DESKS_SINCE, SYNC_SINCE


def supported() -> tuple[str, str]:
    since = (
        SYNC_SINCE,
        NOTICES_SINCE,
        CASES_SINCE,
        INQUIRIES_SINCE,
        RATINGS_SINCE,
        ROUTINE_SINCE,
        DESKS_SINCE,
        APPOINTMENTS_SINCE,
    )
    low = max(since, key=int)
    return low, max(SCHEMA_VERSION, low, key=int)


def central_version(conn: Connection) -> str:
    query = sa.select(schema_info.c.value).where(schema_info.c.key == "version")
    found = conn.execute(query).scalar_one_or_none()
    return "" if found is None else str(found)


def check(conn: Connection) -> str:
    """The central version, or DeskError("sync.schema_mismatch") when it is not spoken here."""
    version = central_version(conn)
    low, high = supported()
    if not version.isdigit() or not int(low) <= int(version) <= int(high):
        raise DeskError("sync.schema_mismatch", central=version or "?", low=low, high=high)
    return version

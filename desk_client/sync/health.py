"""A quick round trip to the central database, on its own short-lived connection."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from desk_client.core.errors import DeskError
from desk_client.store import db


def probe(engine: Engine) -> tuple[bool, str]:
    """(online, detail): SELECT 1 with the engine's short connect timeout."""
    try:
        with db.read(engine) as conn:
            conn.execute(sa.text("SELECT 1"))
    except DeskError as exc:
        return False, str(exc.params.get("detail", exc.message("en")))
    except sa.exc.DBAPIError as exc:
        return False, str(exc.orig)[:200]
    return True, ""

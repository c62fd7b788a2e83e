"""This PC's copy of the hall's catalogue (cached_items), so the item picker works offline.

After a sync, when the central ``halls.catalogue_version`` differs from the cached one, the
whole copy and its version are replaced in ONE local transaction: a picker never sees half
of an old catalogue and half of a new one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime

import sqlalchemy as sa

from desk_client.core.catalogue import ServiceItem
from desk_client.store import db
from desk_client.store.catalogue_repo import INITIALS_MAX, dumps, item_from_dict, item_to_dict
from desk_client.store.local import LocalStore
from desk_client.store.local_schema import cached_catalogue, cached_items


def replace_cache(
    local: LocalStore,
    hall_code: str,
    version: int,
    items: Sequence[ServiceItem],
    initials: Mapping[str, str],
    *,
    now: datetime,
) -> None:
    """The hall's whole cached catalogue and its version, replaced together."""
    rows = [
        {
            "hall_code": hall_code,
            "code": item.code,
            "position": position,
            "initials": initials.get(item.code, "")[:INITIALS_MAX],
            "data": dumps(item_to_dict(item)),
        }
        for position, item in enumerate(items)
    ]
    with local.write() as conn:
        conn.execute(cached_items.delete().where(cached_items.c.hall_code == hall_code))
        if rows:
            conn.execute(cached_items.insert(), rows)
        conn.execute(cached_catalogue.delete().where(cached_catalogue.c.hall_code == hall_code))
        conn.execute(
            cached_catalogue.insert().values(hall_code=hall_code, version=version, cached_at=now)
        )


def cached_version(local: LocalStore, hall_code: str) -> int | None:
    """The catalogue_version the cache holds; None when nothing was ever cached."""
    query = sa.select(cached_catalogue.c.version).where(cached_catalogue.c.hall_code == hall_code)
    with db.read(local.engine()) as conn:
        found = conn.execute(query).scalar_one_or_none()
    return None if found is None else int(found)


def load_cached_entries(local: LocalStore, hall_code: str) -> list[tuple[ServiceItem, str]]:
    """(item, stored pinyin initials) pairs, in the catalogue's order."""
    c = cached_items.c
    query = (
        sa.select(c.initials, c.data).where(c.hall_code == hall_code).order_by(c.position, c.code)
    )
    with db.read(local.engine()) as conn:
        rows = conn.execute(query).all()
    return [(item_from_dict(json.loads(row.data)), str(row.initials)) for row in rows]


def load_cached(local: LocalStore, hall_code: str) -> list[ServiceItem]:
    """The cached catalogue, in order (empty before the first sync)."""
    return [item for item, _ in load_cached_entries(local, hall_code)]


def cached_item(local: LocalStore, hall_code: str, code: str) -> ServiceItem | None:
    c = cached_items.c
    query = sa.select(c.data).where(c.hall_code == hall_code, c.code == code)
    with db.read(local.engine()) as conn:
        found = conn.execute(query).scalar_one_or_none()
    return None if found is None else item_from_dict(json.loads(found))

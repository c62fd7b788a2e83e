"""The hall's catalogue, centrally: replace it as a whole, read it, and its version.

An import replaces the whole catalogue in the caller's transaction (all or nothing: a failure
half-way rolls the deletion back with everything else) and bumps ``halls.catalogue_version``,
which every PC compares after a sync to decide whether to refresh its cached copy.

``item_to_dict`` / ``item_from_dict`` are the exact JSON round trip of core.catalogue's
dataclasses; the scalar fields are columns too, the lists live in ``data``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.catalogue import (
    ItemKind,
    Material,
    MaterialForm,
    RefusalGround,
    ServiceItem,
    SpecialStep,
)
from desk_client.store.catalogue_schema import service_items
from desk_client.store.schema import halls

#: The fields of ServiceItem held in ``data`` rather than in columns of their own.
LIST_FIELDS = ("materials", "steps", "refusal_grounds")
INITIALS_MAX = 500
#: The other fields, in ServiceItem's order: one column each.
_SCALARS = tuple(name for name in ServiceItem.__dataclass_fields__ if name not in LIST_FIELDS)


def item_to_dict(item: ServiceItem) -> dict[str, Any]:
    """JSON-able: enums as their codes, tuples as lists (asdict keeps field order)."""
    data = asdict(item)
    data["kind"] = item.kind.value
    for material in data["materials"]:
        material["form"] = MaterialForm(material["form"]).value
    return data


def item_from_dict(data: Mapping[str, Any]) -> ServiceItem:
    """The inverse of item_to_dict (trusted input: the store wrote it)."""
    materials = tuple(
        Material(**{**m, "form": MaterialForm(m["form"])}) for m in data.get("materials", ())
    )
    steps = tuple(SpecialStep(**s) for s in data.get("steps", ()))
    grounds = tuple(RefusalGround(**g) for g in data.get("refusal_grounds", ()))
    scalars = {k: v for k, v in data.items() if k not in LIST_FIELDS}
    return ServiceItem(
        **{**scalars, "kind": ItemKind(scalars["kind"])},
        materials=materials,
        steps=steps,
        refusal_grounds=grounds,
    )


def dumps(data: Mapping[str, Any]) -> str:
    """Compact JSON with Chinese kept readable (what a DBA sees in the column)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _row(hall_id: int, position: int, item: ServiceItem, initials: str) -> dict[str, Any]:
    data = item_to_dict(item)
    lists = {k: data.pop(k) for k in LIST_FIELDS}
    return {
        **data,
        "hall_id": hall_id,
        "position": position,
        "initials": initials[:INITIALS_MAX],
        "data": dumps(lists),
    }


def catalogue_version(conn: Connection, hall_id: int) -> int:
    query = sa.select(halls.c.catalogue_version).where(halls.c.id == hall_id)
    return int(conn.execute(query).scalar_one())


def replace_catalogue(
    conn: Connection,
    hall_id: int,
    items: Sequence[ServiceItem],
    initials: Mapping[str, str],
) -> int:
    """Replace the hall's whole catalogue; returns the new catalogue_version.

    Runs inside the caller's transaction and commits nothing: if any insert fails (e.g. a
    duplicate code, refused by the unique key), the caller's rollback restores the old
    catalogue and version. The hall row is locked first, so two imports take turns.
    """
    locked = sa.select(halls.c.catalogue_version).where(halls.c.id == hall_id).with_for_update()
    version = int(conn.execute(locked).scalar_one()) + 1
    conn.execute(service_items.delete().where(service_items.c.hall_id == hall_id))
    rows = [
        _row(hall_id, position, item, initials.get(item.code, ""))
        for position, item in enumerate(items)
    ]
    if rows:
        conn.execute(service_items.insert(), rows)
    conn.execute(halls.update().where(halls.c.id == hall_id).values(catalogue_version=version))
    return version


def _item(row: Any) -> ServiceItem:
    scalars = {k: row._mapping[k] for k in _SCALARS}
    return item_from_dict({**scalars, **json.loads(row.data)})


def _query(hall_id: int) -> sa.Select[Any]:
    s = service_items.c
    columns = [s[name] for name in _SCALARS]
    return (
        sa.select(*columns, s.initials, s.data)
        .where(s.hall_id == hall_id)
        .order_by(s.position, s.code)
    )


def load_items(conn: Connection, hall_id: int) -> list[ServiceItem]:
    """The hall's catalogue in the imported file's order."""
    return [_item(row) for row in conn.execute(_query(hall_id))]


def load_entries(conn: Connection, hall_id: int) -> list[tuple[ServiceItem, str]]:
    """(item, stored pinyin initials) pairs, in order: what a PC's cache copies."""
    return [(_item(row), str(row.initials)) for row in conn.execute(_query(hall_id))]


def item_by_code(conn: Connection, hall_id: int, code: str) -> ServiceItem | None:
    row = conn.execute(_query(hall_id).where(service_items.c.code == code)).first()
    return None if row is None else _item(row)

"""The JSON catalogue document, both ways (pure: the caller parses and writes the text).

``{"format": "desk-catalogue", "version": 1, "items": [...]}``; each item carries the
fields of core.catalogue.ServiceItem by their English names, with ``kind`` and a material's
``form`` as their codes and the lists ``materials``, ``steps`` and ``refusal_grounds``. A
``demo_note`` (on the document or an item) says which figures are demonstration data; it is
read and dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from desk_client.core.catalogue import ServiceItem
from desk_client.core.catalogue_layout import ITEM_FIELDS
from desk_client.core.catalogue_rows import (
    LABELS,
    Catalogue,
    RawItem,
    RawRecord,
    RowProblem,
    Where,
    problem,
)

FORMAT = "desk-catalogue"
VERSION = 1
TOP_KEYS = frozenset({"format", "version", "items", "demo_note"})
CHILDREN = {"materials": "material", "steps": "step", "refusal_grounds": "ground"}
ITEM_KEYS = frozenset(ITEM_FIELDS) | frozenset(CHILDREN) | {"demo_note"}
OBJECT = {"expected": "对象", "expected_en": "an object"}
LIST = {"expected": "列表", "expected_en": "a list"}


def json_catalogue(data: object) -> Catalogue:
    """A parsed JSON document -> raw items, with every problem of its structure."""
    if not _is_document(data):
        return Catalogue(problems=(problem(Where(), "", "", "catalogue.bad_header"),))
    assert isinstance(data, dict)
    problems = [
        problem(Where(path="$"), "", str(key)[:80], "catalogue.unknown_field")
        for key in data
        if key not in TOP_KEYS
    ]
    raws = []
    for index, entry in enumerate(data["items"]):
        raw = _item(entry, f"items[{index}]", problems)
        if raw is not None:
            raws.append(raw)
    if not data["items"]:
        problems.append(problem(Where(), "", "", "catalogue.empty_file"))
    return Catalogue(tuple(raws), tuple(problems))


def _is_document(data: object) -> bool:
    return (
        isinstance(data, dict)
        and data.get("format") == FORMAT
        and data.get("version") == VERSION
        and not isinstance(data.get("version"), bool)
        and isinstance(data.get("items"), list)
    )


def _object(
    entry: object, path: str, keys: Iterable[str], problems: list[RowProblem]
) -> Mapping[str, Any] | None:
    if not isinstance(entry, dict):
        problems.append(problem(Where(path=path), "", "", "catalogue.wrong_type", **OBJECT))
        return None
    allowed = frozenset(keys)
    problems += [
        problem(Where(path=path), "", str(key)[:80], "catalogue.unknown_field")
        for key in entry
        if key not in allowed
    ]
    return entry


def _item(entry: object, path: str, problems: list[RowProblem]) -> RawItem | None:
    found = _object(entry, path, ITEM_KEYS, problems)
    if found is None:
        return None
    values = {key: found[key] for key in ITEM_FIELDS if key in found}
    children: dict[str, tuple[RawRecord, ...]] = {}
    for key, record in CHILDREN.items():
        children[key] = _children(found.get(key, []), f"{path}.{key}", record, problems)
    return RawItem(
        RawRecord(Where(path=path), values),
        children["materials"],
        children["steps"],
        children["refusal_grounds"],
    )


def _children(
    entries: object, path: str, record: str, problems: list[RowProblem]
) -> tuple[RawRecord, ...]:
    if not isinstance(entries, list):
        problems.append(problem(Where(path=path), "", "", "catalogue.wrong_type", **LIST))
        return ()
    records = []
    for index, entry in enumerate(entries):
        where = f"{path}[{index}]"
        found = _object(entry, where, LABELS[record], problems)
        if found is not None:
            records.append(RawRecord(Where(path=where), dict(found)))
    return tuple(records)


def item_document(item: ServiceItem) -> dict[str, Any]:
    """One item as the JSON format writes it (and core.catalogue_json reads it back)."""
    return {
        "code": item.code, "name": item.name, "department": item.department,
        "category": item.category, "legal_basis": item.legal_basis, "kind": item.kind.value,
        "promised_days": item.promised_days, "statutory_days": item.statutory_days,
        "fee": item.fee, "enquiry_phone": item.enquiry_phone,
        "complaint_phone": item.complaint_phone, "weekend": item.weekend,
        "materials": [
            {"name": m.name, "form": m.form.value, "copies": m.copies, "required": m.required,
             "condition": m.condition, "source": m.source, "notes": m.notes}
            for m in item.materials
        ],
        "steps": [
            {"name": s.name, "days": s.days, "legal_basis": s.legal_basis, "counts": s.counts}
            for s in item.steps
        ],
        "refusal_grounds": [
            {"reason": g.reason, "legal_basis": g.legal_basis} for g in item.refusal_grounds
        ],
    }  # fmt: skip


def catalogue_document(items: Iterable[ServiceItem]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "items": [item_document(i) for i in items]}

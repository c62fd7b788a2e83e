"""Catalogue rows -> ServiceItems, with every problem found (事项目录导入校验).

An import is all or nothing, and the person fixing the file wants the whole list of what is
wrong at once, not one error per attempt. So nothing here raises on bad data: each record is
read field by field, each bad field becomes a :class:`RowProblem` naming where it is (CSV
line, XLSX sheet and row, or JSON path), which field, and why; the caller refuses the import
if there is any. The file formats only differ in how records are laid out
(core.catalogue_layout); the checks are the same for all three.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from desk_client.core.catalogue import Material, RefusalGround, ServiceItem, SpecialStep
from desk_client.core.catalogue_cells import (
    LIMITS,
    BadCellError,
    Raw,
    cell_text_or_none,
    copies,
    days,
    flag,
    parse_code,
    parse_form,
    parse_kind,
    text,
)
from desk_client.core.errors import DeskError
from desk_client.core.messages import normalise_language, translate

#: record -> field -> (Chinese header, English header): the labels a problem is named by.
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "item": {
        "code": ("事项编码", "code"), "name": ("事项名称", "name"),
        "department": ("实施部门", "department"), "category": ("业务类别", "category"),
        "legal_basis": ("设定依据", "legal_basis"), "kind": ("办件类型", "kind"),
        "promised_days": ("承诺时限", "promised_days"),
        "statutory_days": ("法定时限", "statutory_days"), "fee": ("收费", "fee"),
        "enquiry_phone": ("咨询电话", "enquiry_phone"),
        "complaint_phone": ("投诉电话", "complaint_phone"), "weekend": ("周末可办", "weekend"),
        "steps": ("特殊环节", "steps"), "refusal_grounds": ("不予受理情形", "refusal_grounds"),
    },
    "material": {
        "name": ("材料名称", "material"), "form": ("材料形式", "form"),
        "copies": ("份数", "copies"),
        "required": ("是否必需", "required"), "condition": ("适用条件", "condition"),
        "source": ("来源渠道", "source"), "notes": ("备注", "notes"),
    },
    "step": {
        "name": ("环节名称", "step"), "days": ("所需工作日", "days"),
        "legal_basis": ("环节依据", "legal_basis"), "counts": ("计入时限", "counts"),
    },
    "ground": {
        "reason": ("不予受理情形", "reason"), "legal_basis": ("不予受理依据", "legal_basis"),
    },
    "link": {"code": ("事项编码", "code")},
}  # fmt: skip


@dataclass(frozen=True)
class Where:
    """Where a problem is: a CSV line (header = 1), an XLSX sheet and row, or a JSON path.

    ``entry`` counts the entries of a CSV cell that packs several steps or refusal grounds.
    """

    sheet: str = ""
    line: int = 0
    path: str = ""
    entry: int = 0


#: The CSV cell that packs the entries of a step or a refusal ground.
ENTRY_CELL = {"step": "steps", "ground": "refusal_grounds"}


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong in an import file; ``reason`` is a message code with ``params``."""

    where: Where
    record: str  # item | material | step | ground | link | "" (a row or the file as a whole)
    field: str
    reason: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, language: str = "zh_CN") -> str:
        lang = normalise_language(language)
        reason = translate(self.reason, lang, **dict(self.params))
        return translate("catalogue.problem", lang, where=self.place(lang), reason=reason)

    def place(self, language: str = "zh_CN") -> str:
        """Where, in words: 第 5 行“承诺时限”栏 / line 5, column promised_days."""
        lang = normalise_language(language)
        w = self.where
        if w.path:
            path = f"{w.path}.{self.field}" if self.field else w.path
            return translate("catalogue.loc_path", lang, path=path)
        parts = [_place_row(w, lang)] if w.sheet or w.line else []
        if w.entry:
            cell = field_label("item", ENTRY_CELL.get(self.record, self.field), lang)
            parts.append(translate("catalogue.loc_entry", lang, cell=cell, entry=w.entry))
        if self.field and not (w.entry and self.record == "item"):  # the cell was named
            label = field_label(self.record, self.field, lang)
            parts.append(translate("catalogue.loc_field", lang, field=label))
        if not parts:
            return translate("catalogue.loc_file", lang)
        return (", " if lang == "en" else "").join(parts)


def _place_row(where: Where, lang: str) -> str:
    if where.sheet and where.line:
        return translate("catalogue.loc_row", lang, sheet=where.sheet, line=where.line)
    if where.sheet:
        return translate("catalogue.loc_sheet", lang, sheet=where.sheet)
    return translate("catalogue.loc_line", lang, line=where.line)


def field_label(record: str, name: str, language: str) -> str:
    labels = LABELS.get(record, {}).get(name)
    if labels is None:
        return name
    return labels[1] if language == "en" else labels[0]


def problem(where: Where, record: str, name: str, reason: str, **params: object) -> RowProblem:
    pairs = tuple((key, str(value)) for key, value in params.items())
    return RowProblem(where, record, name, reason, pairs)


@dataclass(frozen=True)
class RawRecord:
    """One record as read: ``values`` maps a field of LABELS[record] to its cell."""

    where: Where
    values: Mapping[str, Raw]


@dataclass(frozen=True)
class RawItem:
    """An item's record with its materials, steps and refusal grounds, still unchecked."""

    record: RawRecord
    materials: tuple[RawRecord, ...] = ()
    steps: tuple[RawRecord, ...] = ()
    grounds: tuple[RawRecord, ...] = ()


# -- records -------------------------------------------------------------------------------

Parsers = Mapping[str, Callable[[Raw], object]]

ITEM_PARSERS: Parsers = {
    "code": parse_code, "name": text(LIMITS["name"], True),
    "department": text(LIMITS["department"], True), "category": text(LIMITS["category"], True),
    "legal_basis": text(LIMITS["legal_basis"]), "kind": parse_kind, "promised_days": days,
    "statutory_days": days, "fee": text(LIMITS["fee"]),
    "enquiry_phone": text(LIMITS["enquiry_phone"]),
    "complaint_phone": text(LIMITS["complaint_phone"]), "weekend": flag(False),
}  # fmt: skip
MATERIAL_PARSERS: Parsers = {
    "name": text(LIMITS["material"], True), "form": parse_form, "copies": copies,
    "required": flag(True), "condition": text(LIMITS["condition"]),
    "source": text(LIMITS["source"]), "notes": text(LIMITS["notes"]),
}  # fmt: skip
STEP_PARSERS: Parsers = {
    "name": text(LIMITS["step"], True), "days": days,
    "legal_basis": text(LIMITS["legal_basis"]), "counts": flag(False),
}  # fmt: skip
GROUND_PARSERS: Parsers = {
    "reason": text(LIMITS["reason"], True), "legal_basis": text(LIMITS["legal_basis"], True),
}  # fmt: skip


def read_record(
    record: RawRecord, kind: str, parsers: Parsers, problems: list[RowProblem]
) -> dict[str, object] | None:
    """Every field parsed; None (and a problem per bad field) if any was bad."""
    values = read_fields(record, kind, parsers, problems)
    return values if len(values) == len(parsers) else None


def read_fields(
    record: RawRecord, kind: str, parsers: Parsers, problems: list[RowProblem]
) -> dict[str, object]:
    """The fields that parse; a problem for each that does not."""
    values: dict[str, object] = {}
    for name, parse in parsers.items():
        try:
            values[name] = parse(record.values.get(name))
        except BadCellError as bad:
            problems.append(problem(record.where, kind, name, bad.reason, **bad.params))
    return values


def _material(record: RawRecord, problems: list[RowProblem]) -> Material | None:
    values = read_record(record, "material", MATERIAL_PARSERS, problems)
    if values is None:
        return None
    if not values["required"] and not values["condition"]:
        problems.append(
            problem(record.where, "material", "condition", "catalogue.condition_needed")
        )
        return None
    return Material(**values)  # type: ignore[arg-type]


def _step(record: RawRecord, problems: list[RowProblem]) -> SpecialStep | None:
    values = read_record(record, "step", STEP_PARSERS, problems)
    if values is None:
        return None
    if values["days"] is None:
        problems.append(problem(record.where, "step", "days", "catalogue.required"))
        return None
    return SpecialStep(**values)  # type: ignore[arg-type]


def _ground(record: RawRecord, problems: list[RowProblem]) -> RefusalGround | None:
    values = read_record(record, "ground", GROUND_PARSERS, problems)
    return None if values is None else RefusalGround(**values)  # type: ignore[arg-type]


def _item_checks(
    values: Mapping[str, object], where: Where, categories: Collection[str] | None
) -> list[RowProblem]:
    """What no single field shows: the limits agree, the category is one of the hall's."""
    found = []
    promised, statutory = values.get("promised_days"), values.get("statutory_days")
    if isinstance(promised, int) and isinstance(statutory, int) and promised > statutory:
        params = {"promised": promised, "statutory": statutory}
        found.append(problem(where, "item", "promised_days", _OVER, **params))
    category = values.get("category")
    if categories is not None and isinstance(category, str) and category not in categories:
        known = "、".join(sorted(categories)) or "-"
        reason = "catalogue.unknown_category"
        found.append(problem(where, "item", "category", reason, value=category, known=known))
    return found


_OVER = "catalogue.promised_over_statutory"


def _unique_materials(materials: Sequence[Material], raw: RawItem) -> list[RowProblem]:
    seen: set[str] = set()
    found = []
    for material, record in zip(materials, raw.materials, strict=True):
        if material.name in seen:
            reason = "catalogue.duplicate_material"
            found.append(problem(record.where, "material", "name", reason, value=material.name))
        seen.add(material.name)
    return found


def read_item(
    raw: RawItem, categories: Collection[str] | None = None
) -> tuple[ServiceItem | None, list[RowProblem]]:
    """One item, or None with every problem of its record and its child records."""
    problems: list[RowProblem] = []
    values = read_fields(raw.record, "item", ITEM_PARSERS, problems)
    materials = [_material(r, problems) for r in raw.materials]
    steps = [_step(r, problems) for r in raw.steps]
    grounds = [_ground(r, problems) for r in raw.grounds]
    problems += _item_checks(values, raw.record.where, categories)
    good = [m for m in materials if m is not None]
    if len(good) == len(materials):
        problems += _unique_materials(good, raw)
    if problems:
        return None, problems
    values["fee"] = values["fee"] or "不收费"
    parts = {"materials": tuple(good), "steps": tuple(steps), "refusal_grounds": tuple(grounds)}
    return ServiceItem(**values, **parts), []  # type: ignore[arg-type]


def build_catalogue(
    raws: Iterable[RawItem], categories: Collection[str] | None = None
) -> tuple[tuple[ServiceItem, ...], tuple[RowProblem, ...]]:
    """All items, or the problems of all of them (duplicate codes included)."""
    items: list[ServiceItem] = []
    problems: list[RowProblem] = []
    first: dict[str, Where] = {}
    for raw in raws:
        item, found = read_item(raw, categories)
        problems += found
        code = cell_text_or_none(raw.record.values.get("code"))
        if code is not None and code in first:
            problems.append(duplicate_code(raw.record.where, code, first[code]))
        elif code is not None:
            first[code] = raw.record.where
        if item is not None:
            items.append(item)
    return (tuple(items), ()) if not problems else ((), sort_problems(problems))


def sort_problems(problems: Iterable[RowProblem]) -> tuple[RowProblem, ...]:
    """In reading order: by sheet, line and entry, or by the numbers of a JSON path."""
    sheets = ("", "事项", "材料", "特殊环节", "不予受理情形")

    def key(found: RowProblem) -> tuple[int, int, int, tuple[int, ...]]:
        w = found.where
        order = sheets.index(w.sheet) if w.sheet in sheets else len(sheets)
        numbers = tuple(int(n) for n in re.findall(r"\[(\d+)\]", w.path))
        return order, w.line, w.entry, numbers

    return tuple(sorted(problems, key=key))


def duplicate_code(where: Where, code: str, first: Where) -> RowProblem:
    if first.path:
        return problem(
            where, "item", "code", "catalogue.duplicate_item", value=code, first=first.path
        )
    return problem(where, "item", "code", "catalogue.duplicate_code", value=code, first=first.line)


@dataclass(frozen=True)
class Catalogue:
    """What a reader hands over: the raw items and the problems of the file's layout."""

    items: tuple[RawItem, ...] = ()
    problems: tuple[RowProblem, ...] = field(default=())


class CatalogueInvalidError(DeskError):
    """A refused import: ``problems`` lists everything wrong with the file, in reading order."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__("catalogue.invalid", count=len(problems))
        self.problems = tuple(problems)


def checked_items(
    catalogue: Catalogue, categories: Collection[str] | None = None
) -> tuple[ServiceItem, ...]:
    """The file's items; CatalogueInvalidError with every problem if there is any."""
    items, problems = build_catalogue(catalogue.items, categories)
    found = sort_problems((*catalogue.problems, *problems))
    if found:
        raise CatalogueInvalidError(found)
    return items

"""How the three catalogue file formats lay items out, both ways (pure: no file I/O).

- JSON: ``{"format": "desk-catalogue", "version": 1, "items": [...]}``, one object per item
  with its ``materials``, ``steps`` and ``refusal_grounds`` lists.
- CSV: one table, one row per material; the item's columns repeat on every row of the item
  (continuation rows may leave them empty), and an item without materials has one row with
  the material columns empty. An item's rows must be consecutive. Special steps and refusal
  grounds pack into two cells, one entry per line (or separated by ``;``), fields separated
  by ``|``: ``名称|工作日|依据|是否计入时限`` and ``情形|依据``; a backslash escapes ``| ; \\``
  and ``\\n`` is a line break inside an entry.
- XLSX: sheets 事项, 材料, 特殊环节 and 不予受理情形, the last three linked by 事项编码.

Headers are the Chinese names; the English field names are accepted too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from desk_client.core.catalogue import FORM_LABELS, KIND_LABELS, ServiceItem
from desk_client.core.catalogue_cells import Raw, cell_text_or_none
from desk_client.core.catalogue_rows import (
    LABELS,
    Catalogue,
    RawItem,
    RawRecord,
    RowProblem,
    Where,
    duplicate_code,
    problem,
)

Row = Sequence[Raw]
#: An XLSX-like table: (sheet row number, cells) after the header row.
NumberedRows = Sequence[tuple[int, Row]]

ITEM_FIELDS = tuple(f for f in LABELS["item"] if f not in ("steps", "refusal_grounds"))
REQUIRED = {"item": ("code", "name", "department", "category", "kind"), "link": ("code",)}
SHEETS = {"事项": ("item",), "材料": ("link", "material"), "特殊环节": ("link", "step"),
          "不予受理情形": ("link", "ground")}  # fmt: skip
CSV_RECORDS = ("item", "material")
STEP_PATTERN = ("名称|工作日|依据|是否计入时限", "name|days|basis|counts")
GROUND_PATTERN = ("情形|依据", "reason|basis")
#: Other spellings of a header, per sheet (the legal basis of a step or ground is often
#: just called 依据).
EXTRA_HEADERS = {"step": {"依据": "legal_basis", "设定依据": "legal_basis"},
                 "ground": {"依据": "legal_basis", "设定依据": "legal_basis"}}  # fmt: skip

Column = tuple[str, str]  # (record, field)


def header_map(records: Sequence[str], packed: bool) -> dict[str, Column]:
    """Accepted header text (lower case for English) -> (record, field).

    ``packed``: the CSV table, whose item columns include the packed steps and grounds.
    """
    found: dict[str, Column] = {}
    for record in records:
        for name, (zh, en) in LABELS[record].items():
            if packed or name in ITEM_FIELDS or record != "item":
                found[zh] = found[en.lower()] = (record, name)
        for alias, name in EXTRA_HEADERS.get(record, {}).items():
            found[alias] = (record, name)
    return found


def read_header(
    header: Row, records: Sequence[str], where: Where
) -> tuple[dict[int, Column], list[RowProblem]]:
    """Column index -> (record, field); unknown, repeated and missing columns are problems."""
    known = header_map(records, packed=records == CSV_RECORDS)
    columns: dict[int, Column] = {}
    problems: list[RowProblem] = []
    for index, cell in enumerate(header):
        text = (cell_text_or_none(cell) or "").lstrip("\ufeff")
        if not text:
            continue  # spreadsheets leave empty columns at the right
        column = known.get(text) or known.get(text.lower())
        if column is None:
            problems.append(problem(where, "", "", "catalogue.unknown_column", value=text[:80]))
        elif column in columns.values():
            problems.append(problem(where, "", "", "catalogue.duplicate_column", value=text[:80]))
        else:
            columns[index] = column
    return columns, problems + _missing(records, columns.values(), where)


def _missing(records: Sequence[str], found: Iterable[Column], where: Where) -> list[RowProblem]:
    present = set(found)
    return [
        problem(where, "", "", "catalogue.missing_column", value=zh, value_en=en)
        for record in records
        for name in REQUIRED.get(record, ())
        if (record, name) not in present
        for zh, en in (LABELS[record][name],)
    ]


def split_row(row: Row, columns: Mapping[int, Column]) -> dict[str, dict[str, Raw]]:
    """record -> field -> cell, for the cells that are not empty."""
    found: dict[str, dict[str, Raw]] = {}
    for index, (record, name) in columns.items():
        value = row[index] if index < len(row) else None
        if value is not None and not (isinstance(value, str) and not value.strip()):
            found.setdefault(record, {})[name] = value
    return found


def is_blank(row: Row) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


# -- packed cells (CSV) --------------------------------------------------------------------


def pack(entries: Iterable[Sequence[str]]) -> str:
    return "\n".join("|".join(_escape(part) for part in entry) for entry in entries)


def _escape(text: str) -> str:
    for char, escaped in (("\\", "\\\\"), ("|", "\\|"), (";", "\\;"), ("\n", "\\n")):
        text = text.replace(char, escaped)
    return text


def unpack(cell: str) -> list[list[str]]:
    """Entries of a packed cell, each a list of its fields (escapes resolved)."""
    entries: list[list[str]] = []
    fields: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for char in chars:
        if char == "\\":
            following = next(chars, "\\")
            current.append("\n" if following == "n" else following)
        elif char == "|":
            fields.append("".join(current))
            current = []
        elif char in ";\n\r":
            entries.append([*fields, "".join(current)])
            fields, current = [], []
        else:
            current.append(char)
    entries.append([*fields, "".join(current)])
    return [[f.strip() for f in e] for e in entries if any(f.strip() for f in e)]


def unpack_records(cell: Raw, record: str, line: int) -> tuple[list[RawRecord], list[RowProblem]]:
    names = list(LABELS[record])
    pattern = STEP_PATTERN if record == "step" else GROUND_PATTERN
    need = 2 if record == "step" else len(names)
    records: list[RawRecord] = []
    problems: list[RowProblem] = []
    for number, entry in enumerate(unpack(cell_text_or_none(cell) or ""), start=1):
        where = Where(line=line, entry=number)
        if not need <= len(entry) <= len(names):
            problems.append(problem(where, "item", ENTRY_FIELD[record], "catalogue.bad_entry",
                                    pattern=pattern[0], pattern_en=pattern[1]))  # fmt: skip
            continue
        records.append(RawRecord(where, dict(zip(names, entry, strict=False))))
    return records, problems


ENTRY_FIELD = {"step": "steps", "ground": "refusal_grounds"}


# -- CSV -----------------------------------------------------------------------------------


@dataclass
class _Block:
    """The consecutive rows of one item in a CSV table."""

    line: int
    values: dict[str, Raw]
    materials: list[RawRecord]


def csv_catalogue(rows: NumberedRows) -> Catalogue:
    """A CSV table (header first) -> raw items; ``rows`` carry their line numbers."""
    if not rows:
        return Catalogue(problems=(problem(Where(), "", "", "catalogue.empty_file"),))
    columns, problems = read_header(rows[0][1], CSV_RECORDS, Where(line=rows[0][0]))
    if problems:
        return Catalogue(problems=tuple(problems))
    blocks: list[_Block] = []
    first: dict[str, int] = {}
    for line, row in rows[1:]:
        if not is_blank(row):
            problems += _csv_row(line, split_row(row, columns), blocks, first)
    raws = [_csv_item(block, problems) for block in blocks]
    if not raws and not problems:
        problems.append(problem(Where(), "", "", "catalogue.empty_file"))
    return Catalogue(tuple(raws), tuple(problems))


def _csv_row(
    line: int, cells: dict[str, dict[str, Raw]], blocks: list[_Block], first: dict[str, int]
) -> list[RowProblem]:
    item = cells.get("item", {})
    code = cell_text_or_none(item.get("code"))
    problems: list[RowProblem] = []
    if blocks and code is not None and code == cell_text_or_none(blocks[-1].values.get("code")):
        problems += _conflicts(line, item, blocks[-1])
    elif code is not None and code in first:
        return [duplicate_code(Where(line=line), code, Where(line=first[code]))]
    else:
        blocks.append(_Block(line, dict(item), []))
        if code is not None:
            first[code] = line
    if "material" in cells:
        blocks[-1].materials.append(RawRecord(Where(line=line), cells["material"]))
    return problems


def _conflicts(line: int, item: Mapping[str, Raw], block: _Block) -> list[RowProblem]:
    problems = []
    for name, value in item.items():
        earlier = block.values.get(name)
        if earlier is None:
            block.values[name] = value
        elif cell_text_or_none(earlier) != cell_text_or_none(value):
            shown = (cell_text_or_none(earlier) or "")[:40]
            problems.append(problem(Where(line=line), "item", name, "catalogue.conflict",
                                    first=block.line, value=shown))  # fmt: skip
    return problems


def _csv_item(block: _Block, problems: list[RowProblem]) -> RawItem:
    steps, bad_steps = unpack_records(block.values.pop("steps", None), "step", block.line)
    grounds, bad_grounds = unpack_records(
        block.values.pop("refusal_grounds", None), "ground", block.line
    )
    problems += bad_steps + bad_grounds
    record = RawRecord(Where(line=block.line), block.values)
    return RawItem(record, tuple(block.materials), tuple(steps), tuple(grounds))


# -- XLSX ----------------------------------------------------------------------------------


def sheet_catalogue(sheets: Mapping[str, NumberedRows]) -> Catalogue:
    """Workbook sheets (each with its header row first) -> raw items."""
    problems = [
        problem(Where(sheet=name), "", "", "catalogue.unknown_sheet", value=name[:80])
        for name in sheets
        if name not in SHEETS
    ]
    if "事项" not in sheets:
        problems.append(problem(Where(), "", "", "catalogue.missing_sheet", value="事项"))
        return Catalogue(problems=tuple(problems))
    items = [
        _Parts(RawRecord(where, cells.get("item", {})))
        for where, cells in _sheet_records(sheets, "事项", problems)
    ]
    by_code = _by_code(items)
    for sheet in ("材料", "特殊环节", "不予受理情形"):
        _attach(sheets, sheet, by_code, problems)
    if not items and not problems:
        problems.append(problem(Where(), "", "", "catalogue.empty_file"))
    return Catalogue(tuple(parts.raw() for parts in items), tuple(problems))


def _by_code(items: Iterable[_Parts]) -> dict[str, _Parts]:
    """The first item of each code (a repeated code is build_catalogue's problem to name)."""
    found: dict[str, _Parts] = {}
    for parts in items:
        code = cell_text_or_none(parts.record.values.get("code"))
        if code is not None:
            found.setdefault(code, parts)
    return found


@dataclass
class _Parts:
    record: RawRecord
    material: list[RawRecord] | None = None
    step: list[RawRecord] | None = None
    ground: list[RawRecord] | None = None

    def add(self, record: str, raw: RawRecord) -> None:
        found = getattr(self, record) or []
        found.append(raw)
        setattr(self, record, found)

    def raw(self) -> RawItem:
        return RawItem(
            self.record, tuple(self.material or ()), tuple(self.step or ()),
            tuple(self.ground or ()),
        )  # fmt: skip


def _sheet_records(
    sheets: Mapping[str, NumberedRows], sheet: str, problems: list[RowProblem]
) -> list[tuple[Where, dict[str, dict[str, Raw]]]]:
    rows = sheets.get(sheet) or ()
    if not rows:
        return []
    header_line, header = rows[0]
    columns, found = read_header(header, SHEETS[sheet], Where(sheet=sheet, line=header_line))
    problems += found
    if found:
        return []
    return [
        (Where(sheet=sheet, line=line), split_row(row, columns))
        for line, row in rows[1:]
        if not is_blank(row)
    ]


def _attach(
    sheets: Mapping[str, NumberedRows],
    sheet: str,
    by_code: Mapping[str, _Parts],
    problems: list[RowProblem],
) -> None:
    record = SHEETS[sheet][1]
    for where, cells in _sheet_records(sheets, sheet, problems):
        code = cell_text_or_none(cells.get("link", {}).get("code"))
        target = None if code is None else by_code.get(code)
        if code is None:
            problems.append(problem(where, "link", "code", "catalogue.required"))
        elif target is None:
            problems.append(problem(where, "link", "code", "catalogue.orphan", value=code[:80]))
        else:
            target.add(record, RawRecord(where, cells.get(record, {})))


# -- export --------------------------------------------------------------------------------


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def item_cells(item: ServiceItem) -> dict[str, Raw]:
    return {
        "code": item.code, "name": item.name, "department": item.department,
        "category": item.category, "legal_basis": item.legal_basis,
        "kind": KIND_LABELS[item.kind], "promised_days": item.promised_days,
        "statutory_days": item.statutory_days, "fee": item.fee,
        "enquiry_phone": item.enquiry_phone, "complaint_phone": item.complaint_phone,
        "weekend": yes_no(item.weekend),
    }  # fmt: skip


def child_cells(item: ServiceItem) -> dict[str, list[list[Raw]]]:
    """The rows of the three child sheets (after the item code), in LABELS order."""
    return {
        "material": [
            [m.name, FORM_LABELS[m.form], m.copies, yes_no(m.required), m.condition, m.source,
             m.notes]
            for m in item.materials
        ],
        "step": [[s.name, s.days, s.legal_basis, yes_no(s.counts)] for s in item.steps],
        "ground": [[g.reason, g.legal_basis] for g in item.refusal_grounds],
    }  # fmt: skip


def csv_table(items: Iterable[ServiceItem]) -> list[list[str]]:
    """Header and rows of the CSV layout, every cell as text."""
    header = [LABELS["item"][f][0] for f in ITEM_FIELDS]
    header += [zh for zh, _ in LABELS["material"].values()]
    header += [LABELS["item"]["steps"][0], LABELS["item"]["refusal_grounds"][0]]
    table = [header]
    for item in items:
        base = ["" if v is None else str(v) for v in item_cells(item).values()]
        children = child_cells(item)
        packed = [
            pack([[str(v) for v in entry] for entry in children["step"]]),
            pack([[str(v) for v in entry] for entry in children["ground"]]),
        ]
        materials = children["material"] or [[""] * len(LABELS["material"])]
        table += [base + [str(v) for v in m] + packed for m in materials]
    return table


def sheet_tables(items: Sequence[ServiceItem]) -> dict[str, list[list[Raw]]]:
    """Sheet name -> header and rows of the XLSX layout (numbers stay numbers)."""
    link = LABELS["link"]["code"][0]
    tables: dict[str, list[list[Raw]]] = {
        "事项": [[LABELS["item"][f][0] for f in ITEM_FIELDS]],
        "材料": [[link, *(zh for zh, _ in LABELS["material"].values())]],
        "特殊环节": [[link, *(zh for zh, _ in LABELS["step"].values())]],
        "不予受理情形": [[link, *(zh for zh, _ in LABELS["ground"].values())]],
    }
    for item in items:
        tables["事项"].append(list(item_cells(item).values()))
        for sheet, (_, record) in ((s, SHEETS[s]) for s in list(tables)[1:]):
            tables[sheet] += [[item.code, *row] for row in child_cells(item)[record]]
    return tables

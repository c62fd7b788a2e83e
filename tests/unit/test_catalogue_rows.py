"""Catalogue rows -> ServiceItems: every cell check, every problem with its place, the three
layouts both ways, and random rows that never crash (core.catalogue_*; no files, no DB)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.catalogue import (
    ItemKind,
    Material,
    MaterialForm,
    RefusalGround,
    ServiceItem,
    SpecialStep,
)
from desk_client.core.catalogue_cells import Raw
from desk_client.core.catalogue_json import catalogue_document, json_catalogue
from desk_client.core.catalogue_layout import (
    csv_catalogue,
    csv_table,
    pack,
    sheet_catalogue,
    sheet_tables,
    unpack,
)
from desk_client.core.catalogue_rows import (
    Catalogue,
    CatalogueInvalidError,
    RawItem,
    RawRecord,
    RowProblem,
    Where,
    build_catalogue,
    checked_items,
    read_item,
)
from desk_client.core.messages import MESSAGES

CATEGORIES = frozenset({"A", "B", "C"})
HEADER = ["事项编码", "事项名称", "实施部门", "业务类别", "办件类型", "承诺时限", "法定时限",
          "周末可办", "材料名称", "材料形式", "份数", "是否必需", "适用条件", "特殊环节",
          "不予受理情形"]  # fmt: skip
GROUND = "不属于本机关职权|《行政许可法》第三十二条"
GOOD = ["X1", "个体工商户设立登记", "示范市市场监督管理局", "A", "即办件", "0", "3", "是",
        "经营者身份证明", "原件", "1", "是", "", "", GROUND]  # fmt: skip


def item_values(**changes: Raw) -> dict[str, Raw]:
    values: dict[str, Raw] = {
        "code": "00013112700401", "name": "企业设立登记", "department": "市场监督管理局",
        "category": "A", "kind": "承诺件", "promised_days": "3", "statutory_days": "20",
    }  # fmt: skip
    return values | changes


def raw(values: dict[str, Raw], *materials: dict[str, Raw], line: int = 2) -> RawItem:
    where = Where(line=line)
    return RawItem(RawRecord(where, values), tuple(RawRecord(where, m) for m in materials))


def reasons(problems: Any) -> list[tuple[str, str]]:
    return [(p.field, p.reason) for p in problems]


def table(
    *rows: Sequence[Raw], header: Sequence[Raw] | None = None
) -> list[tuple[int, Sequence[Raw]]]:
    return list(enumerate([header or HEADER, *rows], start=1))


def csv_items(*rows: Sequence[Raw], header: Sequence[Raw] | None = None) -> tuple[Any, Any]:
    read = csv_catalogue(table(*rows, header=header))
    items, problems = build_catalogue(read.items, CATEGORIES)
    return items, (*read.problems, *problems)


# -- cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("three", "catalogue.not_integer"), ("-1", "catalogue.out_of_range"),
     ("366", "catalogue.out_of_range"), ("1.5", "catalogue.not_integer"),
     (2.5, "catalogue.not_integer"), ("15天", "catalogue.not_integer"),
     ("１５", "catalogue.not_integer"), (True, "catalogue.not_integer"),
     ("9" * 40, "catalogue.not_integer"), (["3"], "catalogue.wrong_type")],
)  # fmt: skip
def test_a_limit_must_be_a_whole_number_of_days_from_0_to_365(cell: Raw, reason: str) -> None:
    item, problems = read_item(raw(item_values(promised_days=cell, statutory_days="")))
    assert item is None
    assert reasons(problems) == [("promised_days", reason)]


@pytest.mark.parametrize(("cell", "days"), [("15", 15), (15, 15), (15.0, 15), ("", None),
                                            (None, None), (" 365 ", 365), ("+0", 0)])  # fmt: skip
def test_limits_that_read(cell: Raw, days: int | None) -> None:
    item, problems = read_item(raw(item_values(promised_days=cell, statutory_days="")))
    assert problems == [] and item is not None and item.promised_days == days


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("instant", ItemKind.INSTANT), ("即办件", ItemKind.INSTANT), ("承诺", ItemKind.PROMISED),
     ("JOINT", ItemKind.JOINT), ("上报件", ItemKind.ESCALATED)],
)  # fmt: skip
def test_kind_reads_its_code_or_its_chinese_label(cell: str, kind: ItemKind) -> None:
    item, _ = read_item(raw(item_values(kind=cell)))
    assert item is not None and item.kind is kind


@pytest.mark.parametrize(("cell", "weekend"), [("是", True), ("否", False), ("true", True),
                                               ("FALSE", False), ("1", True), (0, False),
                                               (True, True), ("", False)])  # fmt: skip
def test_weekend_reads_yes_and_no_in_both_languages(cell: Raw, weekend: bool) -> None:
    item, _ = read_item(raw(item_values(weekend=cell)))
    assert item is not None and item.weekend is weekend


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [({"name": "  "}, "name", "catalogue.required"),
     ({"code": ""}, "code", "catalogue.required"),
     ({"code": "0001 3112"}, "code", "catalogue.bad_code"),
     ({"code": "A" * 65}, "code", "catalogue.bad_code"),
     ({"kind": "急办件"}, "kind", "catalogue.bad_kind"),
     ({"weekend": "周末"}, "weekend", "catalogue.bad_bool"),
     ({"name": "名" * 201}, "name", "catalogue.too_long"),
     ({"department": "部" * 101}, "department", "catalogue.too_long"),
     ({"enquiry_phone": "0" * 33}, "enquiry_phone", "catalogue.too_long"),
     ({"legal_basis": "依\x07据"}, "legal_basis", "catalogue.control_chars"),
     ({"category": "Z"}, "category", "catalogue.unknown_category"),
     ({"promised_days": "30"}, "promised_days", "catalogue.promised_over_statutory")],
)  # fmt: skip
def test_each_bad_item_field_is_named(changes: dict[str, Raw], field: str, reason: str) -> None:
    item, problems = read_item(raw(item_values(**changes)), CATEGORIES)
    assert item is None
    assert reasons(problems) == [(field, reason)]


def test_every_bad_field_of_an_item_is_reported_not_just_the_first() -> None:
    bad = item_values(name="", category="Z", promised_days="three", kind="?")
    item, problems = read_item(raw(bad, {"name": "身份证", "copies": "x"}), CATEGORIES)
    assert item is None
    assert sorted(reasons(problems)) == sorted([
        ("name", "catalogue.required"), ("kind", "catalogue.bad_kind"),
        ("promised_days", "catalogue.not_integer"), ("copies", "catalogue.not_integer"),
        ("category", "catalogue.unknown_category"),
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("material", "field", "reason"),
    [({"name": ""}, "name", "catalogue.required"),
     ({"name": "身份证", "form": "影印件"}, "form", "catalogue.bad_form"),
     ({"name": "身份证", "copies": "0"}, "copies", "catalogue.out_of_range"),
     ({"name": "身份证", "copies": "100"}, "copies", "catalogue.out_of_range"),
     ({"name": "授权委托书", "required": "否"}, "condition", "catalogue.condition_needed"),
     ({"name": "身份证", "notes": "注" * 501}, "notes", "catalogue.too_long")],
)  # fmt: skip
def test_each_bad_material_field_is_named(
    material: dict[str, Raw], field: str, reason: str
) -> None:
    _, problems = read_item(raw(item_values(), material))
    assert [(p.record, p.field, p.reason) for p in problems] == [("material", field, reason)]


def test_a_material_defaults_to_one_required_original() -> None:
    item, _ = read_item(raw(item_values(), {"name": "身份证"}, {"name": "照片", "form": "电子版"}))
    assert item is not None
    assert item.materials == (Material("身份证"), Material("照片", MaterialForm.ELECTRONIC))
    assert item.fee == "不收费"


def test_the_same_material_twice_in_one_item_is_refused() -> None:
    _, problems = read_item(raw(item_values(), {"name": "身份证"}, {"name": "身份证"}))
    assert reasons(problems) == [("name", "catalogue.duplicate_material")]


def test_duplicate_codes_name_the_first_line() -> None:
    items, problems = build_catalogue([raw(item_values(), line=2), raw(item_values(), line=7)])
    assert items == ()
    assert problems == (
        RowProblem(Where(line=7), "item", "code", "catalogue.duplicate_code",
                   (("value", "00013112700401"), ("first", "2"))),
    )  # fmt: skip


def test_a_catalogue_with_one_problem_gives_no_items_at_all() -> None:
    good, bad = raw(item_values(code="A1")), raw(item_values(code="A2", name=""))
    items, problems = build_catalogue([good, bad])
    assert items == () and len(problems) == 1
    with pytest.raises(CatalogueInvalidError) as refused:
        checked_items(Catalogue((good, bad)))
    assert refused.value.code == "catalogue.invalid" and refused.value.params == {"count": 1}
    assert refused.value.problems == problems


# -- places, in both languages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("found", "zh", "en"),
    [(RowProblem(Where(line=5), "item", "promised_days", "catalogue.not_integer",
                 (("value", "three"),)),
      "第 5 行“承诺时限”栏有误：“three”不是整数", "line 5, column promised_days: 'three'"),
     (RowProblem(Where(sheet="材料", line=3), "material", "copies", "catalogue.required"),
      "工作表“材料”第 3 行“份数”栏有误：不能为空", "sheet 材料, row 3, column copies: must"),
     (RowProblem(Where(path="items[2].materials[0]"), "material", "copies", "catalogue.required"),
      "位置 items[2].materials[0].copies 有误：不能为空", "items[2].materials[0].copies: must"),
     (RowProblem(Where(line=4, entry=2), "step", "days", "catalogue.required"),
      "第 4 行“特殊环节”第 2 项“所需工作日”栏有误", "line 4, steps entry 2, column days: must"),
     (RowProblem(Where(), "", "", "catalogue.not_utf8"),
      "文件有误：文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8", "the file: The file is not")],
)  # fmt: skip
def test_a_problem_says_where_which_field_and_why(found: RowProblem, zh: str, en: str) -> None:
    assert found.message().startswith(zh)
    assert found.message("en").startswith(en)


def test_every_catalogue_reason_is_in_the_message_catalogue() -> None:
    used = {"catalogue.required", "catalogue.not_integer", "catalogue.conflict",
            "catalogue.orphan", "catalogue.bad_entry", "catalogue.missing_column"}  # fmt: skip
    assert used <= set(MESSAGES)


# -- CSV ----------------------------------------------------------------------------------


def test_csv_one_row_per_material_and_the_packed_steps_and_grounds() -> None:
    second = ["X1", "", "", "", "", "", "", "", "授权委托书", "复印件", "2", "否", "委托办理的",
              "", ""]  # fmt: skip
    first = [*GOOD[:13], "公告|15|《不动产登记暂行条例实施细则》第十七条|否\n审查|5", GOOD[14]]
    items, problems = csv_items(first, second)
    assert problems == ()
    (item,) = items
    assert [m.name for m in item.materials] == ["经营者身份证明", "授权委托书"]
    assert item.materials[1] == Material("授权委托书", MaterialForm.COPY, 2, False, "委托办理的")
    assert item.steps == (
        SpecialStep("公告", 15, "《不动产登记暂行条例实施细则》第十七条", False),
        SpecialStep("审查", 5),
    )
    assert item.refusal_grounds == (RefusalGround("不属于本机关职权", "《行政许可法》第三十二条"),)


def test_csv_item_without_materials_has_one_row_with_empty_material_columns() -> None:
    items, problems = csv_items(GOOD[:8] + [""] * 7)
    assert problems == () and items[0].materials == ()


def test_csv_line_numbers_count_the_header_as_line_1() -> None:
    bad = list(GOOD)
    bad[0], bad[5] = "X2", "three"
    _, problems = csv_items(GOOD, bad)
    assert [(p.where.line, p.field) for p in problems] == [(3, "promised_days")]


def test_csv_rows_of_one_item_that_disagree_are_named() -> None:
    other = list(GOOD)
    other[8], other[1] = "照片", "另一个名字"
    _, problems = csv_items(GOOD, other)
    assert [(p.where.line, p.field, p.reason) for p in problems] == [
        (3, "name", "catalogue.conflict")
    ]


def test_csv_an_item_code_coming_back_later_is_a_duplicate() -> None:
    other = ["X2", *GOOD[1:]]
    _, problems = csv_items(GOOD, other, GOOD)
    assert [(p.where.line, p.reason) for p in problems] == [(4, "catalogue.duplicate_code")]


@pytest.mark.parametrize(
    ("header", "reason", "value"),
    [(["事项编码", "事项名称", "实施部门", "业务类别"], "catalogue.missing_column", "办件类型"),
     ([*HEADER, "备 注"], "catalogue.unknown_column", "备 注"),
     ([*HEADER[:14], "事项编码"], "catalogue.duplicate_column", "事项编码")],
)  # fmt: skip
def test_csv_wrong_or_missing_columns(header: list[Raw], reason: str, value: str) -> None:
    _, problems = csv_items(GOOD, header=header)
    assert [(p.where.line, p.reason, dict(p.params)["value"]) for p in problems] == [
        (1, reason, value)
    ]


def test_csv_english_headers_and_blank_columns_are_accepted() -> None:
    english = ["CODE", "name", "department", "category", "kind", "promised_days", "", "weekend",
               "material", "form", "copies", "required", "condition", "steps",
               "refusal_grounds"]  # fmt: skip
    items, problems = csv_items(GOOD, header=english)
    assert problems == () and items[0].statutory_days is None


def test_csv_a_packed_entry_with_the_wrong_number_of_fields_is_named() -> None:
    bad = [*GOOD[:13], "公告", "只有情形"]
    _, problems = csv_items(bad)
    assert [(p.field, p.where.entry, p.reason) for p in problems] == [
        ("steps", 1, "catalogue.bad_entry"), ("refusal_grounds", 1, "catalogue.bad_entry")
    ]  # fmt: skip
    assert problems[0].message().startswith("第 2 行“特殊环节”第 1 项有误：应写作")


def test_csv_without_rows_is_an_empty_file() -> None:
    assert reasons(csv_catalogue(table()).problems) == [("", "catalogue.empty_file")]
    assert reasons(csv_catalogue([]).problems) == [("", "catalogue.empty_file")]


@given(st.lists(st.lists(st.text(alphabet="a|;\\\n 名", max_size=6), min_size=1, max_size=4),
                max_size=4))  # fmt: skip
def test_packed_cells_round_trip(entries: list[list[str]]) -> None:
    cleaned = [[f.strip() for f in e] for e in entries]
    expected = [e for e in cleaned if any(e)]
    assert unpack(pack(cleaned)) == expected


# -- XLSX sheets and JSON -----------------------------------------------------------------


def test_sheets_link_children_by_item_code_and_name_orphans() -> None:
    sheets = {
        "事项": table(["X1", "名称", "部门", "A", "即办件"], header=HEADER[:5]),
        "材料": table(["X1", "身份证"], ["X9", "照片"], [None, "户口簿"],
                      header=["事项编码", "材料名称"]),
        "不予受理情形": table(["X1", "情形", "依据"], header=["code", "reason", "依据"]),
    }  # fmt: skip
    read = sheet_catalogue(sheets)
    assert [(p.where.sheet, p.where.line, p.reason) for p in read.problems] == [
        ("材料", 3, "catalogue.orphan"), ("材料", 4, "catalogue.required")
    ]  # fmt: skip
    items, problems = build_catalogue(read.items)
    assert problems == () and items[0].materials == (Material("身份证"),)
    assert items[0].refusal_grounds == (RefusalGround("情形", "依据"),)


def test_a_workbook_needs_the_items_sheet_and_no_strange_ones() -> None:
    read = sheet_catalogue({"Sheet1": table(["x"])})
    assert reasons(read.problems) == [
        ("", "catalogue.unknown_sheet"),
        ("", "catalogue.missing_sheet"),
    ]


@pytest.mark.parametrize(
    ("document", "expected"),
    [({"format": "other", "version": 1, "items": []}, [("", "catalogue.bad_header")]),
     ([1, 2], [("", "catalogue.bad_header")]),
     ({"format": "desk-catalogue", "version": True, "items": []}, [("", "catalogue.bad_header")]),
     ({"format": "desk-catalogue", "version": 1, "items": []}, [("", "catalogue.empty_file")]),
     ({"format": "desk-catalogue", "version": 1, "items": [3], "x": 1},
      [("x", "catalogue.unknown_field"), ("", "catalogue.wrong_type")]),
     ({"format": "desk-catalogue", "version": 1, "items": [{"materials": {}, "typo": 1}]},
      [("typo", "catalogue.unknown_field"), ("", "catalogue.wrong_type")])],
)  # fmt: skip
def test_json_structure_problems(document: object, expected: list[tuple[str, str]]) -> None:
    assert reasons(json_catalogue(document).problems) == expected


def test_json_problems_name_the_item_index_and_field_path() -> None:
    entry = {**item_values(), "materials": [{"name": "身份证"}, {"name": "照片", "copies": -1}]}
    read = json_catalogue({"format": "desk-catalogue", "version": 1, "items": [entry]})
    _, problems = build_catalogue(read.items)
    assert [p.message("en") for p in problems] == [
        "items[0].materials[1].copies: -1 is out of range; it must be from 1 to 99"
    ]


# -- round trips and fuzz -----------------------------------------------------------------

TEXT = st.text(alphabet="住房公积金登记证明《》（）第条、，。：abXY09 -|;\\\n=", max_size=20).map(
    str.strip
)
NAMES = TEXT.filter(bool)
DAYS = st.none() | st.integers(0, 365)


@st.composite
def items(draw: st.DrawFn) -> ServiceItem:
    promised, statutory = draw(DAYS), draw(DAYS)
    if promised is not None and statutory is not None and promised > statutory:
        promised, statutory = statutory, promised
    names = draw(st.lists(NAMES, unique=True, max_size=4))
    return ServiceItem(
        code=draw(st.from_regex(r"[A-Za-z0-9._-]{1,20}", fullmatch=True)),
        name=draw(NAMES), department=draw(NAMES), category=draw(st.sampled_from("ABC")),
        kind=draw(st.sampled_from(ItemKind)), legal_basis=draw(TEXT),
        promised_days=promised, statutory_days=statutory, fee=draw(NAMES),
        enquiry_phone=draw(TEXT), complaint_phone=draw(TEXT), weekend=draw(st.booleans()),
        steps=tuple(SpecialStep(draw(NAMES), draw(st.integers(0, 365)), draw(TEXT),
                                draw(st.booleans())) for _ in range(draw(st.integers(0, 2)))),
        materials=tuple(_material(draw, name) for name in names),
        refusal_grounds=tuple(RefusalGround(draw(NAMES), draw(NAMES))
                              for _ in range(draw(st.integers(0, 2)))),
    )  # fmt: skip


def _material(draw: st.DrawFn, name: str) -> Material:
    required = draw(st.booleans())
    condition = draw(TEXT) if required else draw(NAMES)
    return Material(name, draw(st.sampled_from(MaterialForm)), draw(st.integers(1, 99)),
                    required, condition, draw(TEXT), draw(TEXT))  # fmt: skip


CATALOGUES = st.lists(items(), max_size=4, unique_by=lambda item: item.code)


@given(CATALOGUES)
@settings(max_examples=60, deadline=None)
def test_every_layout_gives_back_the_same_items(catalogue: list[ServiceItem]) -> None:
    expected = (tuple(catalogue), ())
    rows = list(enumerate(csv_table(catalogue), start=1))
    sheets = {name: list(enumerate(rows, 1)) for name, rows in sheet_tables(catalogue).items()}
    for read in (csv_catalogue(rows), sheet_catalogue(sheets),
                 json_catalogue(catalogue_document(catalogue))):  # fmt: skip
        if not catalogue:
            assert reasons(read.problems) == [("", "catalogue.empty_file")]
            continue
        assert read.problems == ()
        assert build_catalogue(read.items, CATEGORIES) == expected


CELLS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)


@given(st.lists(st.lists(CELLS, max_size=17), max_size=6))
@settings(max_examples=200, deadline=None)
def test_random_rows_give_items_or_problems_and_never_crash(rows: list[list[Raw]]) -> None:
    for header in (HEADER, rows[0] if rows else []):
        read = csv_catalogue(list(enumerate([header, *rows], start=1)))
        items, problems = build_catalogue(read.items, CATEGORIES)
        assert items or problems or read.problems or not read.items
        for found in (*read.problems, *problems):
            assert found.message() and found.message("en")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@given(st.lists(st.dictionaries(st.sampled_from(["code", "name", "kind", "materials", "steps",
                                                 "category", "weekend", "x"]), JSON)))  # fmt: skip
@settings(max_examples=100, deadline=None)
def test_random_json_items_give_items_or_problems(entries: list[Any]) -> None:
    read = json_catalogue({"format": "desk-catalogue", "version": 1, "items": entries})
    items, problems = build_catalogue(read.items)
    assert bool(items) != bool(problems or read.problems) or not entries
    for found in (*read.problems, *problems):
        assert found.message("en")

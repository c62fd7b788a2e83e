"""Catalogue files as bytes (services.catalogue_files; no database): encodings, broken files,
random bytes, formulas, and each format written and read back."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from desk_client.core.catalogue import ItemKind, Material, ServiceItem
from desk_client.core.catalogue_rows import CatalogueInvalidError, build_catalogue, checked_items
from desk_client.core.errors import DeskError
from desk_client.resources import resource
from desk_client.services import catalogue_files as files
from tests.unit.test_catalogue_rows import CATALOGUES, CATEGORIES

HEADER = "事项编码,事项名称,实施部门,业务类别,办件类型,承诺时限,材料名称\r\n"
ROW = "X1,个体工商户设立登记,示范市市场监督管理局,A,即办件,0,身份证\r\n"


def demo_items() -> tuple[ServiceItem, ...]:
    return checked_items(files.read_catalogue(resource("catalogue", "demo.json")), CATEGORIES)


def reasons(data: bytes, fmt: str) -> list[str]:
    return [p.reason for p in files.parse_catalogue(data, fmt).problems]


def test_the_demo_catalogue_reads_without_a_problem() -> None:
    items = demo_items()
    assert len(items) >= 10
    assert {"00013112700401", "00013112700402", "00013112700403"} <= {i.code for i in items}
    assert {i.category for i in items} == CATEGORIES
    assert 0.3 < sum(i.weekend for i in items) / len(items) < 0.7
    assert any(not s.counts and s.days == 15 for i in items for s in i.steps)  # 公告 15 days
    assert all(i.refusal_grounds and i.legal_basis for i in items)
    conditional = [m for i in items for m in i.materials if not m.required]
    assert any("委托" in m.condition for m in conditional)


def test_gbk_from_excel_is_refused_with_the_advice_to_save_as_utf8() -> None:
    data = (HEADER + ROW).encode("gbk")
    read = files.parse_catalogue(data, "csv")
    assert [p.message() for p in read.problems] == [
        "文件有误：文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8"
    ]
    assert reasons(data, "json") == ["catalogue.not_utf8"]


def test_a_utf8_bom_is_accepted() -> None:
    read = files.parse_catalogue((HEADER + ROW).encode("utf-8-sig"), "csv")
    items, problems = build_catalogue(read.items)
    assert read.problems == () and problems == ()
    assert items == (
        ServiceItem("X1", "个体工商户设立登记", "示范市市场监督管理局", "A", ItemKind.INSTANT,
                    promised_days=0, materials=(Material("身份证"),)),
    )  # fmt: skip


@pytest.mark.parametrize("fmt", files.FORMATS)
@pytest.mark.parametrize("data", [b"", b"  \r\n\n "])
def test_an_empty_file_is_refused(fmt: str, data: bytes) -> None:
    assert reasons(data, fmt) == ["catalogue.empty_file"]


def test_a_header_without_rows_is_an_empty_file() -> None:
    assert reasons(HEADER.encode(), "csv") == ["catalogue.empty_file"]


def test_csv_lines_are_rows_as_a_spreadsheet_shows_them_even_with_a_two_line_cell() -> None:
    data = (
        HEADER + 'X1,"两行\r\n名称",部门,A,即办件,0,身份证\r\n' + "X2,名称,部门,A,即办件,three,\r\n"
    )
    read = files.parse_catalogue(data.encode(), "csv")
    _, problems = build_catalogue(read.items)
    assert [(p.where.line, p.field) for p in problems] == [(3, "promised_days")]


def test_broken_json_names_line_and_column() -> None:
    read = files.parse_catalogue(b'{"format": "desk-catalogue",\n "items": [,]}', "json")
    assert [(p.reason, dict(p.params)["line"]) for p in read.problems] == [
        ("catalogue.bad_json", "2")
    ]


def test_deeply_nested_json_is_not_a_crash() -> None:
    assert reasons(b"[" * 100_000 + b"]" * 100_000, "json") == ["catalogue.bad_header"]


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", b"just text", b"\x00" * 64])
def test_a_file_that_is_no_workbook_is_refused(data: bytes) -> None:
    assert reasons(data, "xlsx") == ["catalogue.bad_xlsx"]


def test_a_workbook_from_excel_with_typed_cells() -> None:
    """Excel types what it can: a code of digits, 5.0 days, TRUE, a date as legal basis."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "事项"
    sheet.append(["事项编码", "事项名称", "实施部门", "业务类别", "办件类型", "承诺时限",
                  "周末可办", "设定依据"])  # fmt: skip
    sheet.append([1234, "名称", "部门", "A", "承诺件", 5.0, True, date(2026, 1, 1)])
    sheet.append(["X2", "名称", "部门", "A", "承诺件", 5.5, 1, None])
    out = io.BytesIO()
    book.save(out)
    read = files.parse_catalogue(out.getvalue(), "xlsx")
    _, problems = build_catalogue(read.items)
    assert [(p.where.sheet, p.where.line, p.field) for p in problems] == [
        ("事项", 3, "promised_days")
    ]
    item = build_catalogue(read.items[:1])[0][0]
    assert (item.code, item.promised_days, item.weekend) == ("1234", 5, True)
    assert item.legal_basis.startswith("2026-01-01")


def test_text_starting_with_equals_stays_text_in_a_workbook() -> None:
    item = ServiceItem("X1", "=SUM(A1)", "部门", "A", ItemKind.INSTANT, legal_basis="=依据")
    data = files.xlsx_bytes([item])
    sheet = load_workbook(io.BytesIO(data))["事项"]
    assert sheet["B2"].data_type == "s"
    assert checked_items(files.parse_catalogue(data, "xlsx")) == (item,)


@given(st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_random_bytes_as_csv_give_items_or_problems_never_an_exception(data: bytes) -> None:
    read = files.parse_catalogue(data, "csv")
    try:
        checked_items(read)
    except CatalogueInvalidError as refused:
        assert refused.code == "catalogue.invalid"
        assert all(p.message() for p in refused.problems)


@given(st.text(alphabet=',"\r\n事项编码名称A1即办件|;\\ x', max_size=200))
@settings(max_examples=300, deadline=None)
def test_random_csv_text_gives_items_or_problems(text: str) -> None:
    data = (HEADER + text).encode()
    try:
        checked_items(files.parse_catalogue(data, "csv"), CATEGORIES)
    except CatalogueInvalidError as refused:
        assert refused.code == "catalogue.invalid" and refused.problems


@pytest.mark.parametrize("fmt", files.FORMATS)
def test_the_demo_catalogue_round_trips_through_each_format(fmt: str, tmp_path: Path) -> None:
    items = demo_items()
    path = tmp_path / f"out.{fmt}"
    assert files.write_catalogue(path, items) == len(items)
    assert checked_items(files.read_catalogue(path), CATEGORIES) == items


@given(CATALOGUES.filter(bool))
@settings(max_examples=25, deadline=None)
def test_random_catalogues_round_trip_through_the_bytes_of_each_format(
    catalogue: list[ServiceItem],
) -> None:
    writers = {"json": files.json_bytes, "csv": files.csv_bytes, "xlsx": files.xlsx_bytes}
    for fmt, write in writers.items():
        assert checked_items(files.parse_catalogue(write(catalogue), fmt)) == tuple(catalogue)


def test_csv_is_written_with_a_bom_for_excel_and_json_readably() -> None:
    items = demo_items()
    assert files.csv_bytes(items).startswith("\ufeff事项编码".encode())
    document = json.loads(files.json_bytes(items))
    assert document["format"] == "desk-catalogue" and document["version"] == 1
    assert "公积金" in files.json_bytes(items).decode()  # not \u escapes


def test_the_format_comes_from_the_suffix_or_is_asked_for() -> None:
    assert files.format_of("a/B.XLSX") == "xlsx"
    assert files.format_of("catalogue.txt", "csv") == "csv"
    with pytest.raises(DeskError) as refused:
        files.format_of("catalogue.txt")
    assert refused.value.code == "catalogue.unknown_format"


def test_a_missing_file_and_an_unwritable_place_are_clear_refusals(tmp_path: Path) -> None:
    with pytest.raises(DeskError) as refused:
        files.read_catalogue(tmp_path / "none.json")
    assert refused.value.code == "catalogue.file_unreadable"
    with pytest.raises(DeskError) as refused:
        files.write_catalogue(tmp_path / "no-such-dir" / "out.json", demo_items())
    assert refused.value.code == "catalogue.file_unwritable"


def test_a_failed_export_leaves_what_was_there_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.mkdir()  # the rename onto it fails after the data was written beside it
    (target / "kept").write_text("old")
    with pytest.raises(DeskError) as refused:
        files.write_catalogue(target, demo_items())
    assert refused.value.code == "catalogue.file_unwritable"
    assert (target / "kept").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_cell_longer_than_csvs_default_is_read_and_the_default_stays() -> None:
    """A legal basis pasted whole can pass csv's 128 KiB default; the raised limit holds only
    while a catalogue is read, so other CSV readers (the calendar import) keep theirs."""
    default = csv.field_size_limit()
    long_name = "长" * (default + 10)
    read = files.parse_catalogue((HEADER + ROW.replace("身份证", long_name)).encode(), "csv")
    assert read.problems == ()
    assert long_name in read.items[0].materials[0].values.values()
    assert csv.field_size_limit() == default

"""Catalogue import and export against a real central database (SQLite, PostgreSQL, MariaDB),
and this PC's cached copy that the item picker searches, online and offline.

Every hall here is the demo hall (make_services seeds it, with the demo catalogue: version 1).
A refused import must change nothing: the test reads the catalogue and its version back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from desk_client.core.catalogue import ItemKind, Material, MaterialForm, ServiceItem
from desk_client.core.catalogue_rows import CatalogueInvalidError, checked_items
from desk_client.core.errors import DeskError
from desk_client.resources import resource
from desk_client.services import catalogue as catalogue_module
from desk_client.services import catalogue_files as files
from desk_client.services.app import Services
from desk_client.services.catalogue import CatalogueService, refresh_cache
from desk_client.services.context import Context

CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/x"


@pytest.fixture
def service(services: Services) -> CatalogueService:
    return CatalogueService(services.context, lambda: services.sync.local)


def demo_items() -> tuple[ServiceItem, ...]:
    return checked_items(files.read_catalogue(resource("catalogue", "demo.json")))


def demo_csv_rows() -> list[list[str]]:
    text = files.csv_bytes(demo_items()).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def refusal(service: CatalogueService, path: Path) -> list[tuple[int, str, str]]:
    """Import ``path``, expect the refusal, and check nothing changed; (line, field, reason)."""
    before = (service.version(), service.items())
    with pytest.raises(CatalogueInvalidError) as refused:
        service.import_file(path)
    assert (service.version(), service.items()) == before
    problems = refused.value.problems
    assert refused.value.params == {"count": len(problems)}
    return [(p.where.line, p.field, p.reason) for p in problems]


def test_the_demo_hall_comes_with_the_demo_catalogue(service: CatalogueService) -> None:
    assert service.version() == 1
    assert service.items() == demo_items()


@pytest.mark.parametrize("fmt", files.FORMATS)
def test_export_then_import_gives_identical_items(
    service: CatalogueService, tmp_path: Path, fmt: str
) -> None:
    before, version = service.items(), service.version()
    path = tmp_path / f"catalogue.{fmt}"
    assert service.export_file(path) == len(before)
    report = service.import_file(path)
    assert report.items == len(before)
    assert report.materials == sum(len(item.materials) for item in before)
    assert report.version == version + 1 == service.version()
    assert service.items() == before


def test_the_format_option_beats_the_suffix(service: CatalogueService, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.txt"
    service.export_file(path, "xlsx")
    assert path.read_bytes().startswith(b"PK")
    assert service.import_file(path, fmt="xlsx").items == len(demo_items())


def item_lines(rows: list[list[str]], index: int) -> list[int]:
    """The CSV lines (header = 1) of the ``index``-th item."""
    codes = list(dict.fromkeys(row[0] for row in rows[1:]))
    return [line for line, row in enumerate(rows[1:], start=2) if row[0] == codes[index]]


@pytest.mark.parametrize(
    "case",
    [
        ("事项名称", "", "name", "catalogue.required"),
        ("承诺时限", "three", "promised_days", "catalogue.not_integer"),
        ("法定时限", "-3", "statutory_days", "catalogue.out_of_range"),
        ("法定时限", "366", "statutory_days", "catalogue.out_of_range"),
        ("业务类别", "Z", "category", "catalogue.unknown_category"),
        ("实施部门", "部" * 101, "department", "catalogue.too_long"),
        ("材料名称", "材" * 201, "name", "catalogue.too_long"),
        ("份数", "两份", "copies", "catalogue.not_integer"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_by_line_and_changes_nothing(
    service: CatalogueService, tmp_path: Path, case: tuple[str, str, str, str]
) -> None:
    column, value, field, reason = case
    rows = demo_csv_rows()
    lines = item_lines(rows, 2)
    material = column in ("材料名称", "份数")
    for line in lines[:1] if material else lines:  # an item's columns repeat on all its rows
        rows[line - 1][rows[0].index(column)] = value
    assert refusal(service, write_csv(tmp_path / "bad.csv", rows)) == [(lines[0], field, reason)]


def test_wrong_columns_are_named(service: CatalogueService, tmp_path: Path) -> None:
    rows = demo_csv_rows()
    rows[0][rows[0].index("事项名称")] = "名称"
    assert refusal(service, write_csv(tmp_path / "bad.csv", rows)) == [
        (1, "", "catalogue.unknown_column"), (1, "", "catalogue.missing_column")
    ]  # fmt: skip


def test_every_problem_of_a_file_is_listed_at_once(
    service: CatalogueService, tmp_path: Path
) -> None:
    rows = demo_csv_rows()
    for line in item_lines(rows, 2):  # the third item takes the first one's code
        rows[line - 1][0] = rows[1][0]
    for line in item_lines(rows, 5):
        rows[line - 1][rows[0].index("承诺时限")] = "three"
        rows[line - 1][rows[0].index("业务类别")] = "Z"
    found = refusal(service, write_csv(tmp_path / "bad.csv", rows))
    assert {reason for _, _, reason in found} >= {
        "catalogue.duplicate_code", "catalogue.not_integer", "catalogue.unknown_category"
    }  # fmt: skip
    assert [line for line, _, _ in found] == sorted(line for line, _, _ in found)


def test_gbk_from_excel_is_refused_with_advice(service: CatalogueService, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", demo_csv_rows(), encoding="gbk")
    assert refusal(service, path) == [(0, "", "catalogue.not_utf8")]


@pytest.mark.parametrize("fmt", files.FORMATS)
def test_an_empty_file_is_refused(service: CatalogueService, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"empty.{fmt}"
    path.write_bytes(b"")
    assert refusal(service, path) == [(0, "", "catalogue.empty_file")]


def test_materials_of_an_item_not_on_the_items_sheet(
    service: CatalogueService, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "catalogue.xlsx"
    service.export_file(path)
    book = load_workbook(path)
    book["材料"].append(["NO-SUCH-ITEM", "身份证"])
    book.save(path)
    assert refusal(service, path) == [(book["材料"].max_row, "code", "catalogue.orphan")]


def test_duplicate_codes_in_json(service: CatalogueService, tmp_path: Path) -> None:
    items = demo_items()
    path = tmp_path / "dup.json"
    path.write_bytes(files.json_bytes([*items, items[0]]))
    assert refusal(service, path) == [(0, "code", "catalogue.duplicate_item")]


def test_another_hall_by_code_and_an_unknown_one(
    central_url: str, services: Services, service: CatalogueService, tmp_path: Path
) -> None:
    from tests.integration.conftest import make_services

    other = make_services(central_url, services.clock, tmp_path)  # type: ignore[arg-type]
    try:
        one = (ServiceItem("Z1", "测试事项", "测试部门", "B", ItemKind.JOINT),)
        path = tmp_path / "one.json"
        path.write_bytes(files.json_bytes(one))
        assert service.import_file(path, other.config.hall_code).version == 2
        assert service.items(other.config.hall_code) == one
        assert service.items() == demo_items()  # this hall untouched
        with pytest.raises(DeskError) as refused:
            service.import_file(path, "no-such-hall")
        assert refused.value.code == "hall.not_found"
    finally:
        other.close()


def big_catalogue(n: int) -> list[ServiceItem]:
    materials = tuple(Material(f"材料{m}", MaterialForm.COPY, notes="核验原件") for m in range(6))
    return [
        ServiceItem(
            f"B{i:05d}",
            f"事项{i}",
            "示范市市场监督管理局",
            "ABC"[i % 3],
            ItemKind.PROMISED,
            legal_basis="《行政许可法》" * 20,
            promised_days=5,
            statutory_days=20,
            materials=materials,
        )
        for i in range(n)
    ]


def test_a_county_sized_catalogue_replaces_the_old_one(
    service: CatalogueService, tmp_path: Path
) -> None:
    items = big_catalogue(2000)
    path = tmp_path / "big.json"
    path.write_bytes(files.json_bytes(items))
    assert service.import_file(path).items == 2000
    assert service.items() == tuple(items)
    assert [item.code for item in service.search("B01999")] == ["B01999"]


# -- this PC's copy -----------------------------------------------------------------------


def test_the_cache_follows_the_central_version(
    services: Services, service: CatalogueService, tmp_path: Path
) -> None:
    local = services.sync.local
    assert refresh_cache(services.context, local) is True
    assert refresh_cache(services.context, local) is False
    assert service.cached_items() == demo_items()
    path = tmp_path / "one.json"
    path.write_bytes(files.json_bytes(demo_items()[:1]))
    service.import_file(path)
    assert service.cached_items() == demo_items()  # until the next sync
    assert service.refresh_cache(local) is True
    assert service.cached_items() == demo_items()[:1]


def test_a_sync_brings_a_new_import_to_the_pc(
    services: Services, service: CatalogueService, tmp_path: Path
) -> None:
    services.sync.sync_once()
    assert service.cached_items() == demo_items()
    path = tmp_path / "one.json"
    path.write_bytes(files.json_bytes(demo_items()[-1:]))
    service.import_file(path)
    services.sync.sync_once()
    assert service.cached_items() == demo_items()[-1:]
    assert [item.code for item in service.search("bdc")] == [demo_items()[-1].code]


def test_search_keys_are_built_once_per_cached_version(
    services: Services, service: CatalogueService, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    real = catalogue_module.keyed

    def counting(items: tuple[ServiceItem, ...]) -> catalogue_module.Keyed:
        built.append(len(items))
        return real(items)

    monkeypatch.setattr(catalogue_module, "keyed", counting)
    for query in ("gjj", "zfgjj", "公积金", "00013112700402"):
        assert service.search(query)
    assert built == [len(demo_items())]
    assert [i.code for i in service.search("gjj")] == ["SF-GJJ-0201", "SF-GJJ-0202"]
    assert service.search("00013112700402")[0].name == "企业变更登记"
    assert service.item("SF-GA-0301").name == "居民身份证换领"
    with pytest.raises(DeskError) as refused:
        service.item("NOPE")
    assert refused.value.code == "catalogue.item_not_found"


@pytest.fixture
def offline_context(services: Services) -> Iterator[Callable[[str], Context]]:
    made: list[Context] = []

    def context(local_store: str) -> Context:
        config = replace(services.config, database_url=CLOSED_PORT, local_store=local_store)
        made.append(Context(config, services.clock))
        return made[-1]

    yield context
    for ctx in made:
        ctx.dispose()


def test_the_picker_works_offline_from_the_cache(
    services: Services, offline_context: Callable[[str], Context], tmp_path: Path
) -> None:
    refresh_cache(services.context, services.sync.local)
    offline = CatalogueService(offline_context(services.config.local_store))
    assert offline.cached_items() == demo_items()
    assert offline.search("bdc")[0].category == "C"
    never_synced = CatalogueService(offline_context(str(tmp_path / "new-pc.db")))
    with pytest.raises(DeskError) as refused:
        never_synced.search("gjj")
    assert refused.value.code == "catalogue.not_cached"


def test_a_pc_that_never_synced_copies_the_catalogue_on_first_use(
    services: Services, tmp_path: Path
) -> None:
    ctx = Context(replace(services.config, local_store=str(tmp_path / "pc2.db")), services.clock)
    try:
        assert CatalogueService(ctx).cached_items() == demo_items()
    finally:
        ctx.dispose()

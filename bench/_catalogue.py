"""How long a county hall's catalogue (2,000 items) takes to import, per file format.

``measure_import(url, n)`` builds an ``n``-item catalogue (5-8 materials an item, a special
step on every tenth, two refusal grounds each: about the shape of a real 办事指南), writes it
as JSON, CSV and XLSX, and times ``CatalogueService.import_file`` of each into a scratch
database with the demo hall: first the check of the whole file (read, parse, every row
checked, pinyin initials), then the one central transaction that replaces the catalogue.
Every import after the first replaces the ``n`` items the one before wrote, as a real
re-import does. bench/slips.py calls it; it also runs alone and prints JSON:

    python bench/_catalogue.py                                   # scratch SQLite file
    python bench/_catalogue.py --url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_client.config import Config
from desk_client.core import search
from desk_client.core.catalogue import (
    ItemKind,
    Material,
    MaterialForm,
    RefusalGround,
    ServiceItem,
    SpecialStep,
)
from desk_client.services.app import build_services
from desk_client.services.catalogue import CatalogueService, prepare
from desk_client.services.catalogue_files import FORMATS, write_catalogue
from desk_client.store import db, migrate
from desk_client.store.databases import scratch_database

HALL = "demo"
DEPARTMENTS = ("示范市市场监督管理局", "示范市住房公积金中心", "示范市不动产登记中心",
               "示范市人力资源和社会保障局", "示范市公安局", "示范市医疗保障局")  # fmt: skip
TOPICS = ("设立登记", "变更登记", "注销登记", "备案", "资格认定", "证明开具", "补领", "年度报告")
KINDS = tuple(ItemKind)


def sample_item(index: int) -> ServiceItem:
    """Item ``index`` of a made-up but realistic catalogue."""
    department = DEPARTMENTS[index % len(DEPARTMENTS)]
    materials = tuple(
        Material(
            f"申请材料{m + 1}（{TOPICS[(index + m) % len(TOPICS)]}）",
            MaterialForm.COPY if m % 3 else MaterialForm.ORIGINAL,
            copies=1 + m % 2,
            required=m % 4 != 3,
            condition="" if m % 4 != 3 else "委托他人代为办理的",
            source="申请人自备",
            notes="核验原件后退还" if m % 2 else "",
        )
        for m in range(5 + index % 4)
    )
    steps = (SpecialStep("专家评审", 10, "《中华人民共和国行政许可法》第四十五条"),)
    return ServiceItem(
        code=f"B{index:06d}",
        name=f"{department.removeprefix('示范市')}{TOPICS[index % len(TOPICS)]}第{index}项",
        department=department,
        category="ABC"[index % 3],
        kind=KINDS[index % len(KINDS)],
        legal_basis="《中华人民共和国行政许可法》；《示范市政务服务事项管理办法》（演示数据）",
        promised_days=5 + index % 10,
        statutory_days=20,
        enquiry_phone=f"0591-87{index % 100000:05d}"[:13],
        complaint_phone="12345",
        weekend=index % 2 == 0,
        steps=steps if index % 10 == 0 else (),
        materials=materials,
        refusal_grounds=(
            RefusalGround("申请事项依法不属于本机关职权范围", "《行政许可法》第三十二条"),
            RefusalGround("申请人不具备申请资格", "《示范市政务服务事项管理办法》（演示数据）"),
        ),
    )  # fmt: skip


@contextmanager
def _database(url: str) -> Iterator[str]:
    """The URL itself for a SQLite file; a fresh scratch database on a server."""
    if db.backend_name(url) == "sqlite":
        yield url
        return
    with scratch_database(url, "desk_bench") as fresh:
        yield fresh


def _cold() -> None:
    """Forget the pinyin of earlier runs: a desk-admin import starts in a fresh process."""
    search._pinyin_forms.cache_clear()


def _time_import(service: CatalogueService, path: Path) -> dict[str, Any]:
    """import_s: the whole import_file; check_s: its first part alone (prepare), timed apart."""
    _cold()
    started = time.perf_counter()
    prepare(path, ("A", "B", "C"))
    check_s = time.perf_counter() - started
    _cold()
    started = time.perf_counter()
    report = service.import_file(path, HALL)
    import_s = time.perf_counter() - started
    return {
        "items": report.items,
        "materials": report.materials,
        "import_s": round(import_s, 3),
        "check_s": round(check_s, 3),
        "write_s": round(import_s - check_s, 3),  # the central transaction (and hall read)
        "kb": path.stat().st_size // 1024,
    }


def measure_import(url: str, n: int = 2000, formats: tuple[str, ...] = FORMATS) -> dict[str, Any]:
    """Seconds to import an ``n``-item catalogue into a scratch database, per format."""
    items = [sample_item(i) for i in range(n)]
    figures: dict[str, Any] = {"backend": db.backend_name(url), "items": n}
    with _database(url) as target, tempfile.TemporaryDirectory(prefix="desk-cat-") as folder:
        migrate.upgrade(target, "central")
        services = build_services(Config(hall_code=HALL, database_url=target))
        try:
            services.admin.seed_demo()  # also imports pypinyin and warms it up
            service = CatalogueService(services.context)
            for fmt in formats:
                path = Path(folder) / f"catalogue.{fmt}"
                write_catalogue(path, items)
                figures[fmt] = _time_import(service, path)
            figures["round_trip_identical"] = service.items(HALL) == tuple(items)
        finally:
            services.close()
    figures["seconds"] = figures[formats[0]]["import_s"] if formats else None
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database server or SQLite URL (default: a scratch file)")
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="desk-cat-db-") as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'central.db'}"
        print(json.dumps(measure_import(url, args.items), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

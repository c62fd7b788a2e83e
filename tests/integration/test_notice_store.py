"""The store of issue 4 on SQLite, PostgreSQL and MariaDB: the central catalogue (replaced
all or nothing, versioned), this PC's cached copy, and the local notices table.

Each test makes a hall of its own in the module's migrated central database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from desk_client.core.catalogue import (
    ItemKind,
    Material,
    MaterialForm,
    RefusalGround,
    ServiceItem,
    SpecialStep,
)
from desk_client.core.notices import NoticeKind
from desk_client.store import catalogue_repo, db, local_catalogue, local_notices, migrate
from desk_client.store.catalogue_repo import item_from_dict, item_to_dict
from desk_client.store.catalogue_schema import service_items
from desk_client.store.local import LocalStore
from desk_client.store.local_notices import NoticeRow
from desk_client.store.schema import halls, schema_info, staff
from tests.integration.conftest import BACKENDS

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def rich_item(code: str = "00013112700401", name: str = "企业设立登记") -> ServiceItem:
    """Every field set, none at its default, Chinese text in every string."""
    return ServiceItem(
        code=code,
        name=name,
        department="市场监督管理局",
        category="A",
        kind=ItemKind.PROMISED,
        legal_basis="《中华人民共和国市场主体登记管理条例》第十九条" * 20,
        promised_days=3,
        statutory_days=15,
        fee="不收费（演示数据）",
        enquiry_phone="0591-87000101",
        complaint_phone="12345",
        weekend=True,
        steps=(SpecialStep("公告", 15, "《不动产登记暂行条例实施细则》第十七条", False),),
        materials=(
            Material("营业执照", MaterialForm.ORIGINAL, 1, True, "", "市场监管局", "核验后退还"),
            Material("身份证", MaterialForm.COPY, 2, True, "", "", "正反面"),
            Material(
                "授权委托书", MaterialForm.ELECTRONIC, 1, False, "委托他人办理的", "申请人", ""
            ),
        ),
        refusal_grounds=(
            RefusalGround("申请事项不属于本机关职权范围", "《行政许可法》第三十二条"),
        ),
    )


def plain_item(code: str) -> ServiceItem:
    return ServiceItem(code, f"事项{code}", "人社局", "B", ItemKind.INSTANT)


@pytest.fixture
def engine(central_url: str) -> Iterator[Engine]:
    made = db.make_engine(central_url)
    yield made
    made.dispose()


def new_hall(engine: Engine) -> int:
    code = f"s{uuid.uuid4().hex[:10]}"
    with db.write(engine) as conn:
        values = {"code": code, "name": "测试大厅", "timezone": "Asia/Shanghai"}
        return db.new_id(conn.execute(halls.insert().values(**values)))


def replace_in(engine: Engine, hall_id: int, items: list[ServiceItem]) -> int:
    initials = {item.code: f"init-{item.code}" for item in items}
    with db.write(engine) as conn:
        return catalogue_repo.replace_catalogue(conn, hall_id, items, initials)


def loaded(engine: Engine, hall_id: int) -> tuple[list[ServiceItem], int]:
    with db.read(engine) as conn:
        items = catalogue_repo.load_items(conn, hall_id)
        return items, catalogue_repo.catalogue_version(conn, hall_id)


# -- revision 0004 over a hall in use -------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_0004_upgrades_and_downgrades_a_populated_central(
    backend: str, scratch_database: object, tmp_path: Path
) -> None:
    """The halls and staff rows survive both ways (SQLite alters in place: a copy of halls
    would trip every hall's foreign keys) and get the new columns' defaults."""
    assert callable(scratch_database)
    engine = db.make_engine(scratch_database(backend, tmp_path))
    try:
        migrate.upgrade(engine, "central", "0003")
        with db.write(engine) as conn:
            conn.execute(
                sa.text("INSERT INTO halls (code, name, timezone) VALUES ('h', 'x', 'UTC')")
            )
            hall_id = conn.execute(sa.text("SELECT id FROM halls")).scalar_one()
            conn.execute(
                sa.text(
                    "INSERT INTO staff (hall_id, staff_no, name, role, password_hash, active) "
                    "VALUES (:hall, '1001', '张伟', 'clerk', 'hash', :yes)"
                ),
                {"hall": hall_id, "yes": True},
            )
        migrate.upgrade(engine, "central", "0004")  # this revision, whatever the head is
        with db.read(engine) as conn:
            hall = conn.execute(sa.select(halls.c.catalogue_version, halls.c.phone)).one()
            assert tuple(hall) == (0, "")
            assert conn.execute(sa.select(staff.c.phone)).scalar_one() == ""
            assert conn.execute(sa.select(schema_info.c.value)).scalar_one() == "0004"
        migrate.downgrade(engine, "central", "0003")
        with db.read(engine) as conn:
            assert conn.execute(sa.text("SELECT code FROM halls")).scalar_one() == "h"
            assert conn.execute(sa.text("SELECT name FROM staff")).scalar_one() == "张伟"
            assert conn.execute(sa.select(schema_info.c.value)).scalar_one() == "0003"
        migrate.upgrade(engine, "central")
    finally:
        engine.dispose()


def test_local_0004_keeps_the_login_cache(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'local.db'}")
    try:
        migrate.upgrade(engine, "local", "0003")
        with db.write(engine) as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO cached_hall (code, name, timezone, cached_at) "
                    "VALUES ('demo', '示范', 'Asia/Shanghai', '2026-11-23 01:00:00')"
                )
            )
        migrate.upgrade(engine, "local")
        with db.read(engine) as conn:
            row = conn.execute(sa.text("SELECT code, phone, address FROM cached_hall")).one()
            assert tuple(row) == ("demo", "", "")
        migrate.downgrade(engine, "local", "0003")
        with db.read(engine) as conn:
            assert conn.execute(sa.text("SELECT name FROM cached_hall")).scalar_one() == "示范"
    finally:
        engine.dispose()


# -- the central catalogue ---------------------------------------------------------------------


def test_item_dicts_round_trip_exactly() -> None:
    item = rich_item()
    data = item_to_dict(item)
    assert data["kind"] == "promised" and data["materials"][2]["form"] == "electronic"
    assert item_from_dict(data) == item
    assert item_from_dict(item_to_dict(plain_item("X1"))) == plain_item("X1")


def test_a_new_hall_starts_at_version_zero_with_no_items(engine: Engine) -> None:
    assert loaded(engine, new_hall(engine)) == ([], 0)


def test_replace_stores_the_items_exactly_in_order_and_bumps_the_version(engine: Engine) -> None:
    hall_id = new_hall(engine)
    items = [rich_item(), plain_item("Z-9"), plain_item("A.1")]
    assert replace_in(engine, hall_id, items) == 1
    assert loaded(engine, hall_id) == (items, 1)
    with db.read(engine) as conn:
        entries = catalogue_repo.load_entries(conn, hall_id)
        assert [initials for _, initials in entries] == [
            "init-00013112700401",
            "init-Z-9",
            "init-A.1",
        ]
        assert catalogue_repo.item_by_code(conn, hall_id, "Z-9") == plain_item("Z-9")
        assert catalogue_repo.item_by_code(conn, hall_id, "nope") is None
    changed = [replace(rich_item(), name="企业设立登记（变更后）"), plain_item("B2")]
    assert replace_in(engine, hall_id, changed) == 2
    assert loaded(engine, hall_id) == (changed, 2)  # the old items are gone
    assert replace_in(engine, hall_id, []) == 3
    assert loaded(engine, hall_id) == ([], 3)


def test_a_failure_half_way_leaves_the_old_catalogue_and_version(engine: Engine) -> None:
    hall_id = new_hall(engine)
    old = [rich_item(), plain_item("K1")]
    replace_in(engine, hall_id, old)
    # The duplicate is refused by the unique key AFTER the delete and the first inserts ran.
    broken = [plain_item("N1"), plain_item("N2"), plain_item("N1")]
    with pytest.raises(sa.exc.IntegrityError):
        replace_in(engine, hall_id, broken)
    assert loaded(engine, hall_id) == (old, 1)


def test_replacing_one_halls_catalogue_leaves_another_halls_alone(engine: Engine) -> None:
    first, second = new_hall(engine), new_hall(engine)
    replace_in(engine, first, [rich_item()])
    replace_in(engine, second, [plain_item("S1")])
    replace_in(engine, second, [plain_item("S2")])
    assert loaded(engine, first) == ([rich_item()], 1)
    assert loaded(engine, second) == ([plain_item("S2")], 2)
    with db.read(engine) as conn:
        count = sa.select(sa.func.count()).where(service_items.c.hall_id == first)
        assert conn.execute(count).scalar_one() == 1


def test_long_initials_are_cut_to_the_column(engine: Engine) -> None:
    hall_id = new_hall(engine)
    with db.write(engine) as conn:
        catalogue_repo.replace_catalogue(conn, hall_id, [plain_item("L1")], {"L1": "x" * 900})
    with db.read(engine) as conn:
        [(_, initials)] = catalogue_repo.load_entries(conn, hall_id)
    assert initials == "x" * catalogue_repo.INITIALS_MAX


# -- the local copy ------------------------------------------------------------------------------


@pytest.fixture
def local(tmp_path: Path) -> Iterator[LocalStore]:
    store = LocalStore(str(tmp_path / "local.db"))
    yield store
    store.dispose()


def test_the_cache_is_replaced_with_its_version_as_a_whole(local: LocalStore) -> None:
    assert local_catalogue.cached_version(local, "demo") is None
    assert local_catalogue.load_cached(local, "demo") == []
    items = [rich_item(), plain_item("P1")]
    local_catalogue.replace_cache(local, "demo", 4, items, {"P1": "sxp"}, now=NOW)
    local_catalogue.replace_cache(local, "other", 9, [plain_item("O1")], {}, now=NOW)
    assert local_catalogue.cached_version(local, "demo") == 4
    assert local_catalogue.load_cached(local, "demo") == items
    entries = local_catalogue.load_cached_entries(local, "demo")
    assert [initials for _, initials in entries] == ["", "sxp"]
    assert local_catalogue.cached_item(local, "demo", "P1") == plain_item("P1")
    assert local_catalogue.cached_item(local, "demo", "O1") is None  # another hall's
    local_catalogue.replace_cache(local, "demo", 5, [plain_item("P2")], {}, now=NOW)
    assert local_catalogue.load_cached(local, "demo") == [plain_item("P2")]
    assert local_catalogue.cached_version(local, "demo") == 5
    assert local_catalogue.load_cached(local, "other") == [plain_item("O1")]


def test_a_failed_cache_replacement_keeps_the_old_copy_and_version(local: LocalStore) -> None:
    local_catalogue.replace_cache(local, "demo", 1, [plain_item("P1")], {}, now=NOW)
    with pytest.raises(sa.exc.IntegrityError):
        duplicate = [plain_item("Q1"), plain_item("Q1")]
        local_catalogue.replace_cache(local, "demo", 2, duplicate, {}, now=NOW)
    assert local_catalogue.load_cached(local, "demo") == [plain_item("P1")]
    assert local_catalogue.cached_version(local, "demo") == 1


# -- local notices -------------------------------------------------------------------------------


def notice_row(
    number: str,
    *,
    kind: NoticeKind = NoticeKind.ONE_TIME,
    window: int | None = 3,
    seq: int = 1,
    hall: str = "demo",
    applicant: str = "赵敏",
    item: tuple[str, str] = ("00013112700401", "企业设立登记"),
    at: datetime = NOW,
) -> NoticeRow:
    content = {"number": number, "item_code": item[0], "item_name": item[1], "kind": kind.value}
    return NoticeRow(
        number=number,
        kind=kind,
        hall_code=hall,
        year=2026,
        window=window,
        seq=seq,
        item_code=item[0],
        applicant_name=applicant,
        staff_no="1003",
        created_at=at,
        content=content,
        status="issued",
    )


def insert(local: LocalStore, *rows: NoticeRow) -> None:
    with local.write() as conn:
        for row in rows:
            local_notices.insert_notice(conn, row)


def seq_of(local: LocalStore, kind: NoticeKind, window: int | None, hall: str = "demo") -> int:
    with db.read(local.engine()) as conn:
        return local_notices.next_seq(conn, hall, kind, 2026, window)


def test_next_seq_counts_per_kind_year_window_and_hall(local: LocalStore) -> None:
    assert seq_of(local, NoticeKind.ONE_TIME, 3) == 1
    insert(
        local,
        notice_row("GZ2026-03-0001", seq=1),
        notice_row("GZ2026-03-0002", seq=2),
        notice_row("GZ2026-04-0007", window=4, seq=7),
        notice_row("GZ2026-00-0005", window=None, seq=5),
        notice_row("SL2026-03-0001", kind=NoticeKind.ACCEPTANCE, seq=1),
        notice_row("GZ2026-03-0011", seq=11, hall="elsewhere"),
    )
    assert seq_of(local, NoticeKind.ONE_TIME, 3) == 3
    assert seq_of(local, NoticeKind.ONE_TIME, 4) == 8
    assert seq_of(local, NoticeKind.ONE_TIME, None) == 6
    assert seq_of(local, NoticeKind.ACCEPTANCE, 3) == 2
    assert seq_of(local, NoticeKind.REJECTION, 3) == 1
    assert seq_of(local, NoticeKind.ONE_TIME, 3, hall="elsewhere") == 12
    with db.read(local.engine()) as conn:
        assert local_notices.next_seq(conn, "demo", NoticeKind.ONE_TIME, 2027, 3) == 1


def test_a_notice_reads_back_as_it_was_written(local: LocalStore) -> None:
    row = replace(
        notice_row("BY2026-03-0001", kind=NoticeKind.REJECTION), refers_to="GZ2026-03-0001"
    )
    row = replace(row, status="awaiting_approval")
    insert(local, row)
    assert local_notices.read_notice(local, "demo", "BY2026-03-0001") == row
    assert local_notices.read_notice(local, "other", "BY2026-03-0001") is None
    assert local_notices.read_notice(local, "demo", "BY2026-03-0002") is None
    with pytest.raises(sa.exc.IntegrityError):  # one number, one notice
        insert(local, replace(row, applicant_name="别人"))
    assert local_notices.update_status(local, "demo", row.number, "returned", "理由不充分")
    assert not local_notices.update_status(local, "demo", "BY2026-03-0009", "approved")
    back = local_notices.read_notice(local, "demo", row.number)
    assert back == replace(row, status="returned", comment="理由不充分")


def test_history_finds_by_number_applicant_and_item_newest_first(local: LocalStore) -> None:
    insert(
        local,
        notice_row("GZ2026-03-0001", seq=1, applicant="赵敏", at=NOW),
        notice_row(
            "GZ2026-03-0002",
            seq=2,
            applicant="孙强",
            item=("001-GJJ", "住房公积金提取"),
            at=NOW + timedelta(minutes=5),
        ),
        notice_row("SL2026-03-0001", kind=NoticeKind.ACCEPTANCE, at=NOW + timedelta(minutes=9)),
        notice_row("GZ2026-03-0003", seq=3, hall="other", applicant="赵敏"),
    )

    def numbers(query: str = "", limit: int = 100) -> list[str]:
        return [r.number for r in local_notices.read_history(local, "demo", query, limit)]

    assert numbers() == ["SL2026-03-0001", "GZ2026-03-0002", "GZ2026-03-0001"]
    assert numbers(limit=1) == ["SL2026-03-0001"]
    assert numbers("gz2026-03-000") == ["GZ2026-03-0002", "GZ2026-03-0001"]
    assert numbers("赵") == ["SL2026-03-0001", "GZ2026-03-0001"]
    assert numbers("公积金") == ["GZ2026-03-0002"]
    assert numbers("001-GJ") == ["GZ2026-03-0002"]
    assert numbers("%") == []  # a wildcard is only a character
    assert numbers("_") == []
    assert numbers("  ") == numbers()

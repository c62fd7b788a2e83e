"""The inquiry and cover stores of issue 6 on SQLite, PostgreSQL and MariaDB (central) and
the local SQLite store: an inquiry's life through every step with its handler and timeline,
refusals that change nothing, the lookup (number, phone, a name with LIKE's own characters),
the inbox, the follow-ups, the report reads; absences with overlaps; posts, the roster and
the departments with their version, an import all or nothing; the local mirror with its
numbering, and the cached copy refreshed only when the version moved. Revision 0006 over a
hall in use, both ways.

One hall per module and backend (the demo seed is slow on purpose: scrypt); each test uses
numbers and staff of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.store import cover_repo, db, inquiries_repo, local_inquiries, migrate, seed
from desk_client.store.case_changes import AppliedEvent
from desk_client.store.inquiry_changes import (
    InquiryTables,
    apply_absence,
    apply_inquiry,
    load_inquiries,
)
from desk_client.store.inquiry_rows import CoverSnapshot, DepartmentRow, PostRow, RosterRow
from desk_client.store.inquiry_schema import absences, cover_state, inquiries
from desk_client.store.schema import schema_info
from tests.integration.conftest import BACKENDS, make_services

AT = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def svc(central_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    made = make_services(central_url, FakeClock(AT), tmp_path_factory.mktemp("store"))
    yield made
    made.close()


def logged(number: str, owner: str = "1001", **more: Any) -> dict[str, Any]:
    return {
        "number": number,
        "at": AT.isoformat(),
        "actor": owner,
        "channel": "visit",
        "person_kind": "person",
        "person_name": "赵敏",
        "person_display": "赵*",
        "phone": "13800138000",
        "id_number": "",
        "matter": "住房公积金提取需要哪些材料",
        "item_code": "",
        "materials": [["身份证", 1], ["购房合同", 2]],
        "owner_no": owner,
        "logged_day": "2026-11-23",
        **more,
    }


def step(number: str, minutes: int, actor: str = "1001", **more: Any) -> dict[str, Any]:
    at = (AT + timedelta(minutes=minutes)).isoformat()
    return {"number": number, "at": at, "actor": actor, **more}


def hall_id(svc: Services) -> int:
    return svc.context.read(lambda conn: svc.context.hall(conn)[0])


def central_tables(svc: Services) -> InquiryTables:
    return inquiries_repo.central_tables(hall_id(svc))


def central_apply(svc: Services, events: list[tuple[str, dict[str, Any]]]) -> list[str | None]:
    """Apply inquiry events to the central tables in one transaction, as the handler does."""
    tables = central_tables(svc)
    with db.write(svc.context.engine) as conn:
        known = load_inquiries(conn, tables, [p["number"] for _, p in events])
        return [
            apply_inquiry(conn, tables, known, AppliedEvent(type_, payload, str(uuid.uuid4()), "x"))
            for type_, payload in events
        ]


def read(svc: Services, work: Any) -> Any:
    return svc.context.read(work)


def record_of(svc: Services, number: str) -> Any:
    return read(svc, lambda conn: inquiries_repo.inquiry_record(conn, svc.config.hall_code, number))


def row_count(svc: Services, table: sa.Table, **where: Any) -> int:
    def work(conn: Connection) -> int:
        conditions = [table.c[key] == value for key, value in where.items()]
        query = sa.select(sa.func.count()).select_from(table).where(*conditions)
        return int(conn.execute(query).scalar_one())

    return svc.context.read(work)


# -- an inquiry's life centrally ------------------------------------------------------------------


def test_a_referral_round_trip_moves_state_handler_and_timeline(svc: Services) -> None:
    number = "SW2026-03-0001"
    events = [
        ("inquiry.logged", logged(number)),
        ("inquiry.follow_up", step(number, 1, promised_reply="2026-11-30", days=5)),
        ("inquiry.referred", step(number, 2, to_staff_no="1003", department="", contact="",
                                  note="请协助", handler_no="1003")),
        ("inquiry.handed_back", step(number, 3, "1003", reason="不属本岗")),
        ("inquiry.referred", step(number, 4, to_staff_no="1004", department="",
                                  handler_no="1004")),
        ("inquiry.accepted", step(number, 5, "1003", on_behalf_of="1004")),
        ("inquiry.replied", step(number, 6, "1003", on_behalf_of="1004", text="可以提取")),
        ("inquiry.closed", step(number, 7, note="已电话告知")),
    ]  # fmt: skip
    assert central_apply(svc, events) == [None] * len(events)
    record = record_of(svc, number)
    found = record.inquiry
    assert (found.year, found.window_number, found.seq) == (2026, 3, 1)
    assert found.materials == (("身份证", 1), ("购房合同", 2))
    assert (found.state, found.owner_no, found.handler_no) == ("closed", "1001", "1001")
    assert (found.outcome, found.on_behalf_of) == ("可以提取", "")
    assert found.promised_reply == date(2026, 11, 30) and found.logged_day == date(2026, 11, 23)
    assert found.referred_at == AT + timedelta(minutes=4)
    assert found.closed_at == AT + timedelta(minutes=7) and not found.is_open
    assert [s.type for s in record.timeline] == [t for t, _ in events]
    accepted = record.timeline[5]
    assert (accepted.actor, accepted.on_behalf_of) == ("1003", "1004")
    assert record.timeline[3].detail["reason"] == "不属本岗"


def test_each_step_leaves_its_texts(svc: Services) -> None:
    guided, answered, department, back = (f"SW2026-04-000{i}" for i in range(1, 5))
    events = [
        ("inquiry.logged", logged(guided)),
        ("inquiry.guided", step(guided, 1, body="市税务局", address="五四路1号", phone="12366")),
        ("inquiry.logged", logged(answered)),
        ("inquiry.answered", step(answered, 1, text="当场答复")),
        ("inquiry.logged", logged(department)),
        ("inquiry.referred", step(department, 1, to_staff_no="", department="市不动产登记中心",
                                  contact="许科长 0591-87000104", handler_no="1001")),
        ("inquiry.logged", logged(back)),
        ("inquiry.referred", step(back, 1, to_staff_no="1002", handler_no="1002")),
        ("inquiry.handed_back", step(back, 2, "1002", reason="请先补充材料")),
    ]  # fmt: skip
    assert central_apply(svc, events) == [None] * len(events)
    rows = {n: record_of(svc, n).inquiry for n in (guided, answered, department, back)}
    assert (rows[guided].state, rows[guided].department, rows[guided].contact) == (
        "guided",
        "市税务局",
        "12366",
    )
    assert rows[guided].outcome == "市税务局；五四路1号；12366" and rows[guided].closed_at
    assert (rows[answered].state, rows[answered].outcome) == ("answered", "当场答复")
    dept = rows[department]
    assert (dept.state, dept.handler_no, dept.department) == (
        "referred",
        "1001",
        "市不动产登记中心",
    )
    assert dept.contact == "许科长 0591-87000104" and dept.closed_at is None
    handed = rows[back]
    assert (handed.state, handed.handler_no, handed.department) == ("open", "1001", "")
    assert handed.outcome == "请先补充材料"


def test_refused_events_change_nothing(svc: Services) -> None:
    number = "SW2026-05-0001"
    assert central_apply(svc, [("inquiry.logged", logged(number))]) == [None]
    before = record_of(svc, number)
    reasons = central_apply(
        svc,
        [
            ("inquiry.logged", logged(number, person_name="钱七")),
            ("inquiry.accepted", step(number, 1)),  # not referred
            ("inquiry.closed", step(number, 1)),  # not replied
            ("inquiry.replied", step("SW2026-05-0099", 1, text="x")),
            ("inquiry.referred", step(number, 1, to_staff_no="1002", handler_no="1003")),
        ],
    )
    assert "already exists" in str(reasons[0])
    assert number in str(reasons[1]) and number in str(reasons[2])
    assert reasons[3] == "unknown inquiry SW2026-05-0099"
    assert "handler_no 1003 is not 1002" in str(reasons[4])
    assert record_of(svc, number) == before
    assert row_count(svc, inquiries, number=number) == 1


# -- lookup, inbox, follow-ups, reports -----------------------------------------------------------


def test_lookup_inbox_mine_follow_ups_and_report_reads(svc: Services) -> None:
    base = "SW2026-06-000"
    events = [
        ("inquiry.logged", logged(f"{base}1", "1005", person_name="孙强", phone="13900139001")),
        ("inquiry.logged", logged(f"{base}2", "1005", person_name="100%_孙", phone="13900139002")),
        ("inquiry.logged", logged(f"{base}3", "1006", person_name="周婷", phone="13900139001")),
        ("inquiry.referred", step(f"{base}3", 1, "1006", to_staff_no="1005", handler_no="1005")),
        ("inquiry.follow_up", step(f"{base}1", 2, "1005", promised_reply="2026-11-25")),
        ("inquiry.logged", logged(f"{base}4", "1005", person_name="吴刚", phone="13900139004")),
        ("inquiry.follow_up", step(f"{base}4", 3, "1005", promised_reply="2026-12-09")),
        ("inquiry.logged", logged(f"{base}5", "1005", person_name="郑丽", phone="13900139005")),
        ("inquiry.answered", step(f"{base}5", 4, "1005", text="已答复")),
    ]  # fmt: skip
    assert central_apply(svc, events) == [None] * len(events)
    t = central_tables(svc)

    def numbers(rows: Any) -> list[str]:
        return [row.number[-1] for row in rows]

    def q(work: Any) -> list[str]:
        return numbers(read(svc, work))

    assert q(lambda c: inquiries_repo.find(c, t, number=f"{base}3")) == ["3"]
    assert q(lambda c: inquiries_repo.find(c, t, phone="13900139001")) == ["3", "1"]
    assert q(lambda c: inquiries_repo.find(c, t, name="孙")) == ["2", "1"]
    assert q(lambda c: inquiries_repo.find(c, t, name="%_")) == ["2"]  # literally
    assert q(lambda c: inquiries_repo.find(c, t)) == []
    assert q(lambda c: inquiries_repo.handled_by(c, t, ["1005"])) == ["1", "2", "3", "4"]
    assert q(lambda c: inquiries_repo.owned_by(c, t, ["1005"])) == ["1", "2", "4"]
    assert q(lambda c: inquiries_repo.owned_by(c, t, ["1005", "1006"])) == ["1", "2", "3", "4"]
    due = lambda c: inquiries_repo.follow_ups(c, t, owners=["1005"], due_by=date(2026, 11, 30))  # noqa: E731
    assert q(due) == ["1"]
    assert q(lambda c: inquiries_repo.follow_ups(c, t, owners=["1005"])) == ["1", "4"]
    window = (AT, AT + timedelta(minutes=3))
    logged_rows = read(svc, lambda c: inquiries_repo.logged_between(c, t, *window))
    assert len([r for r in logged_rows if r.number.startswith(base)]) == 5
    steps = read(svc, lambda c: inquiries_repo.steps_between(c, t, *window, ["inquiry.referred"]))
    assert [(n, s.type) for n, s in steps if n.startswith(base)] == [
        (f"{base}3", "inquiry.referred")
    ]
    lines = read(svc, lambda c: inquiries_repo.timelines(c, t, [f"{base}3", f"{base}5"]))
    assert [s.type for s in lines[f"{base}3"]] == ["inquiry.logged", "inquiry.referred"]


# -- absences -----------------------------------------------------------------------------------


def absence(staff: str, start: datetime, hours: int, **more: Any) -> dict[str, Any]:
    end = start + timedelta(hours=hours)
    return {"staff_no": staff, "kind": "leave", "start": start.isoformat()} | {
        "end": end.isoformat(),
        "note": "年假",
        "at": AT.isoformat(),
        **more,
    }


def test_absences_refuse_overlaps_touching_is_fine_and_cancel_once(svc: Services) -> None:
    key = {"hall_id": hall_id(svc)}
    day = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    ids = [str(uuid.uuid4()) for _ in range(6)]
    payloads = [
        ("absence.recorded", absence("1002", day, 8), ids[0]),
        ("absence.recorded", absence("1002", day + timedelta(hours=4), 8), ids[1]),  # overlaps
        ("absence.recorded", absence("1002", day + timedelta(hours=8), 2), ids[2]),  # touches
        ("absence.recorded", absence("1003", day, 0), ids[3]),  # ends when it starts
        ("absence.cancelled", {"id": ids[2], "at": AT.isoformat()}, ids[4]),
        ("absence.cancelled", {"id": ids[2], "at": AT.isoformat()}, ids[5]),
    ]
    with db.write(svc.context.engine) as conn:
        reasons = [
            apply_absence(conn, absences, key, AppliedEvent(type_, payload, event_id, "S001"))
            for type_, payload, event_id in payloads
        ]
    assert reasons[0] is None and reasons[2] is None and reasons[4] is None
    assert "overlaps" in str(reasons[1]) and ids[0] in str(reasons[1])
    assert "ends" in str(reasons[3]) and "cancelled already" in str(reasons[5])
    assert row_count(svc, absences, staff_no="1003") == 0
    span = (day, day + timedelta(days=1))
    found = read(svc, lambda c: cover_repo.absences(c, key["hall_id"], span))
    assert [(a.id, a.staff_no, a.recorded_by, a.note) for a in found] == [
        (ids[0], "1002", "S001", "年假")
    ]
    cancelled = read(svc, lambda c: cover_repo.absence(c, key["hall_id"], ids[2]))
    assert cancelled.cancelled_by == "S001" and not cancelled.active
    later = (day + timedelta(days=1), day + timedelta(days=2))
    assert read(svc, lambda c: cover_repo.absences(c, key["hall_id"], later)) == []


# -- posts, roster, departments -------------------------------------------------------------------


def test_the_seed_and_set_post_with_the_version(svc: Services) -> None:
    hid = hall_id(svc)
    posts = read(svc, lambda c: cover_repo.posts(c, hid))
    assert [p.post for p in posts][:3] == ["role:guide", "role:supervisor", "window:1"]
    assert [p.post for p in posts][-1] == "window:6" and len(posts) == len(seed.POSTS)
    departments = read(svc, lambda c: cover_repo.departments(c, hid))
    assert [d.name for d in departments] == [d.name for d in seed.DEPARTMENTS]
    assert all("演示数据" in d.address for d in departments)
    version = read(svc, lambda c: cover_repo.cover_version(c, hid))
    with db.write(svc.context.engine) as conn:
        assert cover_repo.set_post(conn, hid, "window:10", "1001", "1002", by="S001", now=AT) == (
            version + 1
        )
        cover_repo.set_post(conn, hid, "window:10", "1002", "1001", by="S001", now=AT)
    posts = read(svc, lambda c: cover_repo.posts(c, hid))
    assert posts[-1] == PostRow("window:10", "1002", "1001")  # after window:6, not before
    assert read(svc, lambda c: cover_repo.cover_version(c, hid)) == version + 2


def test_a_roster_import_replaces_its_days_all_or_nothing(svc: Services) -> None:
    hid = hall_id(svc)
    sat, sun = date(2026, 12, 5), date(2026, 12, 6)
    first = [RosterRow(sat, 1, "1001", "day"), RosterRow(sun, 6, "1006", "am")]
    with db.write(svc.context.engine) as conn:
        version = cover_repo.replace_roster(conn, hid, first, now=AT)
        assert cover_repo.replace_roster(conn, hid, [], now=AT) == version  # nothing to do
    again = [RosterRow(sun, 5, "1005", "pm"), RosterRow(sun, 2, "1002", "day")]
    with db.write(svc.context.engine) as conn:
        assert cover_repo.replace_roster(conn, hid, again, now=AT) == version + 1
    both = read(svc, lambda c: cover_repo.roster(c, hid, sat, sun))
    assert both == [first[0], again[1], again[0]]  # Saturday kept, Sunday replaced, in order
    clash = [RosterRow(sat, 3, "1003", "am"), RosterRow(sat, 3, "1004", "am")]
    with pytest.raises(sa.exc.IntegrityError), db.write(svc.context.engine) as conn:
        cover_repo.replace_roster(conn, hid, clash, now=AT)
    assert read(svc, lambda c: cover_repo.roster(c, hid, sat, sun)) == both
    assert read(svc, lambda c: cover_repo.cover_version(c, hid)) == version + 1
    assert read(svc, lambda c: cover_repo.roster(c, hid, sat)) == [first[0]]


def test_departments_are_replaced_in_their_order(svc: Services) -> None:
    hid = hall_id(svc)
    rows = [DepartmentRow("市税务局", "王科长", "12366", "五四路1号"), seed.DEPARTMENTS[0]]
    with db.write(svc.context.engine) as conn:
        cover_repo.replace_departments(conn, hid, rows, now=AT)
    assert read(svc, lambda c: cover_repo.departments(c, hid)) == rows
    with db.write(svc.context.engine) as conn:
        cover_repo.replace_departments(conn, hid, seed.DEPARTMENTS, now=AT)
        snap = cover_repo.snapshot(conn, hid, date(2026, 12, 6))
    assert snap.departments == seed.DEPARTMENTS
    assert all(r.day >= date(2026, 12, 6) for r in snap.roster)


# -- the local store ------------------------------------------------------------------------------


def test_the_local_mirror_agrees_and_numbers_per_year_and_window(svc: Services) -> None:
    local, hall = svc.sync.local, svc.config.hall_code
    number = "SW2026-07-0001"
    events = [
        ("inquiry.logged", logged(number)),
        ("inquiry.referred", step(number, 1, to_staff_no="1002", handler_no="1002")),
        ("inquiry.accepted", step(number, 2, "1002")),
    ]
    with local.write() as conn:
        for type_, payload in events:
            event = local.record_in(conn, type_, payload, str(payload["actor"]), AT)
            reason = local_inquiries.apply_event(
                conn, hall, type_, payload, event_id=event.event_id, actor="1001"
            )
            assert reason is None
        assert "unknown inquiry" in str(
            local_inquiries.apply_event(conn, hall, "inquiry.closed", step("SW2026-07-0009", 3))
        )
        assert local_inquiries.next_seq(conn, hall, 2026, 7) == 2
        assert local_inquiries.next_seq(conn, hall, 2026, 0) == 1
        assert local_inquiries.next_seq(conn, hall, 2027, 7) == 1
    central_apply(svc, events)
    mine = local_inquiries.read_local(
        local, lambda c: local_inquiries.inquiry_record(c, hall, number)
    )
    assert mine is not None and mine.inquiry == record_of(svc, number).inquiry
    assert [s.type for s in mine.timeline] == [t for t, _ in events]
    assert all(s.event_id for s in mine.timeline)
    t = local_inquiries.local_tables(hall)
    inbox = local_inquiries.read_local(local, lambda c: inquiries_repo.handled_by(c, t, ["1002"]))
    assert [row.number for row in inbox] == [number]


def test_local_absences_refuse_overlaps_before_anything_is_recorded(svc: Services) -> None:
    local, hall = svc.sync.local, svc.config.hall_code
    start = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
    with local.write() as conn:
        payload = absence("1004", start, 4)
        event = local.record_in(conn, "absence.recorded", payload, "1004", AT)
        assert local_inquiries.apply_event(
            conn, hall, "absence.recorded", payload, event_id=event.event_id, actor="1004"
        ) is None  # fmt: skip
        clash = local_inquiries.local_overlap(conn, hall, "1004", (start, start + timedelta(1)))
        assert clash is not None and clash.id == event.event_id
        nobody = local_inquiries.local_overlap(conn, hall, "1005", (start, start + timedelta(1)))
        assert nobody is None
        assert local_inquiries.local_absence(conn, hall, event.event_id) == clash
        assert local_inquiries.local_absences(conn, hall, staff_no="1004") == [clash]


def test_the_cover_copy_is_refreshed_only_when_the_version_moved(svc: Services) -> None:
    local, hall, hid = svc.sync.local, svc.config.hall_code, hall_id(svc)
    today = date(2026, 12, 5)
    with db.write(svc.context.engine) as conn:
        cover_repo.replace_roster(conn, hid, [RosterRow(today, 1, "1001", "am")], now=AT)
    assert local_inquiries.refresh_cover(local, hall, svc.context.read, today, AT)
    assert not local_inquiries.refresh_cover(local, hall, svc.context.read, today, AT)
    snap: CoverSnapshot = read(svc, lambda c: cover_repo.snapshot(c, hid, today - timedelta(31)))

    def cached(conn: Connection) -> tuple[Any, ...]:
        span = (today - timedelta(31), today + timedelta(99))
        return (
            local_inquiries.cached_version(conn, hall),
            tuple(local_inquiries.load_posts(conn, hall)),
            tuple(local_inquiries.load_roster(conn, hall, *span)),
            tuple(local_inquiries.load_departments(conn, hall)),
        )

    assert local_inquiries.read_local(local, cached) == (
        snap.version,
        snap.posts,
        snap.roster,
        snap.departments,
    )
    with db.write(svc.context.engine) as conn:
        cover_repo.set_post(conn, hid, "role:guide", "1005", "1006", by="S001", now=AT)
    assert local_inquiries.refresh_cover(local, hall, svc.context.read, today, AT)
    posts = local_inquiries.read_local(local, lambda c: local_inquiries.load_posts(c, hall))
    assert posts[0] == PostRow("role:guide", "1005", "1006")
    roster = local_inquiries.read_local(
        local, lambda c: local_inquiries.load_roster(c, hall, today)
    )
    assert roster == [RosterRow(today, 1, "1001", "am")]


# -- revision 0006 over a hall in use -------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_0006_upgrades_and_downgrades_a_populated_central(
    backend: str, scratch_database: object, tmp_path: Path
) -> None:
    """The hall's rows survive both ways; a hall starts at cover version 0."""
    assert callable(scratch_database)
    engine = db.make_engine(scratch_database(backend, tmp_path))
    try:
        migrate.upgrade(engine, "central", "0005")
        with db.write(engine) as conn:
            conn.execute(
                sa.text("INSERT INTO halls (code, name, timezone) VALUES ('h', 'x', 'UTC')")
            )
        migrate.upgrade(engine, "central", "0006")
        with db.write(engine) as conn:
            hid = int(conn.execute(sa.text("SELECT id FROM halls")).scalar_one())
            assert cover_repo.cover_version(conn, hid) == 0
            assert cover_repo.set_post(conn, hid, "window:1", "a", "b", by="x", now=AT) == 1
            assert conn.execute(sa.select(schema_info.c.value)).scalar_one() == "0006"
        migrate.downgrade(engine, "central", "0005")
        with db.read(engine) as conn:
            assert conn.execute(sa.text("SELECT code FROM halls")).scalar_one() == "h"
            assert conn.execute(sa.select(schema_info.c.value)).scalar_one() == "0005"
            assert cover_state.name not in sa.inspect(conn).get_table_names()
        migrate.upgrade(engine, "central")
    finally:
        engine.dispose()


def test_the_demo_hall_comes_with_a_roster_for_its_next_weekend(svc: Services) -> None:
    saturday = seed.next_weekend(AT.date())
    rows = read(
        svc, lambda c: cover_repo.roster(c, hall_id(svc), saturday, saturday + timedelta(1))
    )
    assert rows and {row.day for row in rows} == {saturday, saturday + timedelta(days=1)}
    assert {row.window_number for row in rows} <= set(seed.WINDOWS)

"""The case and calendar stores of issue 5 on SQLite, PostgreSQL and MariaDB (central) and
the local SQLite store: the board's order (no deadline last on every backend), a case with
its timeline and pauses, the holidays with their version, the local mirror, my cases and the
cached calendar. A refused event changes nothing.

The holidays table is national, shared by every hall of the module's database: each test
works on a year of its own and compares versions relatively.
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
from desk_client.store import cases_repo, db, holidays_repo, local_cases, migrate
from desk_client.store.case_changes import AppliedEvent, apply_event, load_cases
from desk_client.store.case_rows import CaseRow, PauseRow
from desk_client.store.local_schema import case_events as local_timeline
from desk_client.store.local_schema import cases as local_case_table
from desk_client.store.schema import schema_info
from tests.integration.conftest import BACKENDS, make_services

AT = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.fixture
def svc(central_url: str, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    made = make_services(central_url, fake_clock, tmp_path)
    yield made
    made.close()


def opened(number: str, deadline: date | None, staff: str = "1001", **more: Any) -> dict[str, Any]:
    return {
        "number": number,
        "at": AT.isoformat(),
        "actor": staff,
        "item_code": "00013112700401",
        "item_name": "企业设立登记",
        "kind": "promised",
        "applicant_name": "赵敏",
        "applicant_display": "赵*",
        "staff_no": staff,
        "window": 3,
        "accepted_at": AT.isoformat(),
        "accepted_day": "2026-11-23",
        "limit_days": 5,
        "deadline": None if deadline is None else deadline.isoformat(),
        "level": "green",
        **more,
    }


def step(number: str, minutes: int, **more: Any) -> dict[str, Any]:
    return {"number": number, "at": (AT + timedelta(minutes=minutes)).isoformat(), **more}


def central_apply(svc: Services, events: list[tuple[str, dict[str, Any]]]) -> list[str | None]:
    """Apply case events to the central tables in one transaction, as the handler does."""

    def work(conn: Connection) -> list[str | None]:
        hall_id = svc.context.hall(conn)[0]
        tables = cases_repo.central_tables(hall_id)
        known = load_cases(conn, tables, [p["number"] for _, p in events])
        return [
            apply_event(
                conn, tables, known, AppliedEvent(type_, payload, str(uuid.uuid4()), "1001")
            )
            for type_, payload in events
        ]

    with db.write(svc.context.engine) as conn:
        return work(conn)


def read(svc: Services, work: Any) -> Any:
    return svc.context.read(work)


# -- central cases ------------------------------------------------------------------------------


def test_the_board_orders_by_deadline_with_open_ended_cases_last(
    svc: Services, central_url: str, fake_clock: FakeClock, tmp_path: Path
) -> None:
    events = [
        ("case.opened", opened("SL2026-03-0001", date(2026, 12, 4))),
        ("case.opened", opened("SL2026-03-0002", date(2026, 11, 27), staff="1002")),
        ("case.opened", opened("SL2026-03-0003", date(2026, 12, 1))),
        ("case.opened", opened("SL2026-03-0004", date(2026, 11, 24))),
        ("case.opened", opened("SL2026-03-0005", date(2026, 11, 30))),
        ("case.paused", step("SL2026-03-0003", 5, start="2026-11-24", step="专家评审",
                             reason="需专家评审", basis="行政许可法第四十五条", deadline=None)),
        ("case.completed", step("SL2026-03-0004", 6)),
    ]  # fmt: skip
    assert central_apply(svc, events) == [None] * len(events)
    neighbour = make_services(central_url, fake_clock, tmp_path)  # another hall, same database
    try:
        central_apply(neighbour, [("case.opened", opened("SL2026-03-0006", date(2026, 11, 20)))])
    finally:
        neighbour.close()
    code = svc.config.hall_code
    board = read(svc, lambda conn: cases_repo.board(conn, code))
    assert [c.number[-4:] for c in board] == ["0002", "0005", "0001", "0003"]
    assert board[-1].deadline is None and board[-1].paused_since == date(2026, 11, 24)
    mine = read(svc, lambda conn: cases_repo.board(conn, code, staff_no="1001"))
    assert [c.number[-4:] for c in mine] == ["0005", "0001", "0003"]


def test_a_case_with_its_timeline_and_pauses(svc: Services) -> None:
    number = "SL2026-03-0011"
    pause = {"step": "检验检测", "reason": "送检", "basis": "行政许可法第四十五条"}
    events = [
        ("case.opened", opened(number, date(2026, 11, 30))),
        ("case.started", step(number, 1)),
        ("case.paused", step(number, 2, start="2026-11-24", deadline=None, **pause)),
        ("case.resumed", step(number, 3, end="2026-11-26", deadline="2026-12-03", level="green")),
        ("case.extended", step(number, 4, days=3, reason="情况复杂", supervisor_no="S001",
                               deadline="2026-12-08", on_behalf_of="1002")),
    ]  # fmt: skip
    assert central_apply(svc, events) == [None] * 5
    record = read(svc, lambda conn: cases_repo.case_record(conn, svc.config.hall_code, number))
    assert record is not None
    case = record.case
    assert (case.state, case.deadline, case.extension_days) == (
        "in_progress",
        date(2026, 12, 8),
        3,
    )
    assert (case.paused_since, case.closed_at, case.accepted_day) == (
        None,
        None,
        date(2026, 11, 23),
    )
    assert case.accepted_at == AT and case.updated_at == AT + timedelta(minutes=4)
    assert [e.type for e in record.timeline] == [t for t, _ in events]
    assert record.timeline[-1].on_behalf_of == "1002"
    assert record.timeline[-1].detail["supervisor_no"] == "S001"
    assert record.pauses == (PauseRow(date(2026, 11, 24), date(2026, 11, 26), "送检",
                                      "行政许可法第四十五条", "检验检测"),)  # fmt: skip
    missing = read(svc, lambda conn: cases_repo.case_record(conn, svc.config.hall_code, "SL0"))
    assert missing is None


def test_closing_a_paused_case_ends_its_pause(svc: Services) -> None:
    number = "SL2026-03-0021"
    pause = {"step": "听证", "reason": "申请听证", "basis": "", "deadline": None}
    events = [
        ("case.opened", opened(number, date(2026, 11, 30))),
        ("case.paused", step(number, 1, start="2026-11-24", **pause)),
        ("case.withdrawn", step(number, 2, reason="申请人撤回", pause_end="2026-11-25")),
    ]
    assert central_apply(svc, events) == [None] * 3
    record = read(svc, lambda conn: cases_repo.case_record(conn, svc.config.hall_code, number))
    assert record.case.state == "withdrawn" and record.case.paused_since is None
    assert record.case.closed_at == AT + timedelta(minutes=2)
    assert [(p.start, p.end) for p in record.pauses] == [(date(2026, 11, 24), date(2026, 11, 25))]


def test_refused_steps_change_nothing(svc: Services) -> None:
    number = "SL2026-03-0031"
    pause = {"step": "鉴定", "reason": "r", "basis": "", "deadline": None}
    assert central_apply(svc, [("case.opened", opened(number, date(2026, 11, 30)))]) == [None]
    before = read(svc, lambda conn: cases_repo.case_record(conn, svc.config.hall_code, number))
    reasons = central_apply(
        svc,
        [
            ("case.resumed", step(number, 1, end="2026-11-25", deadline=None)),  # not paused
            ("case.opened", opened(number, date(2026, 12, 30))),  # taken
            ("case.started", step("SL2026-03-0039", 1)),  # unknown
            ("case.paused", step(number, 2, start="2026-11-25", **pause)),
            ("case.resumed", step(number, 3, end="2026-11-24", deadline=None)),  # before start
            ("case.paused", step(number, 4, start="2026-11-26", **pause)),  # already paused
        ],
    )
    assert reasons[3] is None
    assert number in str(reasons[0]) and "cannot" in str(reasons[0])
    assert "already exists" in str(reasons[1])
    assert reasons[2] == "unknown case SL2026-03-0039"
    assert "before its pause began on 2026-11-25" in str(reasons[4])
    assert reasons[5] is not None and number in reasons[5]
    after = read(svc, lambda conn: cases_repo.case_record(conn, svc.config.hall_code, number))
    assert len(after.timeline) == len(before.timeline) + 1  # only the good pause
    assert after.case.paused_since == date(2026, 11, 25) and len(after.pauses) == 1


def test_a_warning_of_the_same_level_is_applied_once(svc: Services) -> None:
    number = "SL2026-03-0041"
    warn = ("case.warned", step(number, 1, level="yellow"))
    events = [("case.opened", opened(number, date(2026, 11, 30))), warn, warn]
    assert central_apply(svc, events) == [None] * 3
    assert central_apply(svc, [warn, ("case.warned", step(number, 2, level="red"))]) == [None] * 2
    record = read(svc, lambda conn: cases_repo.case_record(conn, svc.config.hall_code, number))
    assert [e.type for e in record.timeline].count("case.warned") == 2  # yellow once, red once
    assert record.case.level == "red"


# -- holidays -----------------------------------------------------------------------------------


def test_holidays_replace_a_year_whole_and_bump_the_version(svc: Services) -> None:
    engine, by = svc.context.engine, "admin"
    first = {date(2031, 1, 1): (False, "元旦"), date(2031, 1, 26): (True, "春节调休上班")}
    neighbour_year = {date(2032, 1, 1): (False, "元旦")}
    with db.write(engine) as conn:
        start = holidays_repo.calendar_version(conn)
        holidays_repo.replace_days(conn, neighbour_year, by=by, now=AT)
        assert holidays_repo.replace_days(conn, first, by=by, now=AT) == start + 2
    corrected = {date(2031, 1, 1): (False, "元旦"), date(2031, 2, 8): (True, "调休")}
    with db.write(engine) as conn:
        assert holidays_repo.replace_days(conn, corrected, by=by, now=AT) == start + 3
        assert holidays_repo.replace_days(conn, {}, by=by, now=AT) == start + 3  # nothing
    rows = read(svc, lambda conn: holidays_repo.all_days(conn, 2031))
    assert [(r.day, r.working, r.reason) for r in rows] == [
        (date(2031, 1, 1), False, "元旦"),
        (date(2031, 2, 8), True, "调休"),
    ]
    assert rows[0].updated_by == by and rows[0].updated_at == AT
    every = read(svc, holidays_repo.all_days)
    overrides, years = holidays_repo.overrides(r for r in every if r.day.year in (2031, 2032))
    assert years == frozenset({2031, 2032}) and overrides[date(2032, 1, 1)] is False


def test_an_import_that_fails_halfway_changes_nothing(svc: Services) -> None:
    engine = svc.context.engine
    with db.write(engine) as conn:
        holidays_repo.replace_days(conn, {date(2033, 1, 1): (False, "元旦")}, by="a", now=AT)
        version = holidays_repo.calendar_version(conn)
    with pytest.raises(RuntimeError), db.write(engine) as conn:
        holidays_repo.replace_days(conn, {date(2033, 5, 1): (False, "劳动节")}, by="a", now=AT)
        raise RuntimeError("the file's last line was bad")
    assert read(svc, holidays_repo.calendar_version) == version
    assert [r.day for r in read(svc, lambda c: holidays_repo.all_days(c, 2033))] == [
        date(2033, 1, 1)
    ]


def test_one_day_set_updated_and_removed(svc: Services) -> None:
    engine, day = svc.context.engine, date(2034, 10, 11)
    with db.write(engine) as conn:
        start = holidays_repo.calendar_version(conn)
        holidays_repo.set_day(conn, day, True, "调休上班", by="S001", now=AT)
        holidays_repo.set_day(conn, day, False, "改为休息", by="S002", now=AT)
    rows = read(svc, lambda c: holidays_repo.all_days(c, 2034))
    assert [(r.working, r.reason, r.updated_by) for r in rows] == [(False, "改为休息", "S002")]
    with db.write(engine) as conn:
        assert holidays_repo.set_day(conn, day, None, "", by="S001", now=AT) == start + 3
    assert read(svc, lambda c: holidays_repo.all_days(c, 2034)) == []


# -- the local store ----------------------------------------------------------------------------


def local_apply(
    svc: Services, type_: str, payload: dict[str, Any], event_id: str | None = None
) -> str | None:
    with svc.sync.local.write() as conn:
        return local_cases.apply_event(
            conn, svc.config.hall_code, type_, payload, event_id=event_id, actor="1001"
        )


def local_count(svc: Services, table: sa.Table) -> int:
    with db.read(svc.sync.local.engine()) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_my_cases_lists_open_by_deadline_then_recently_closed(svc: Services) -> None:
    hall = svc.config.hall_code
    for n, deadline in enumerate([date(2026, 12, 1), None, date(2026, 11, 25), date(2026, 11, 26)]):
        assert local_apply(svc, "case.opened", opened(f"SL2026-03-010{n}", deadline)) is None
    local_apply(svc, "case.opened", opened("SL2026-03-0199", date(2026, 11, 24), staff="1002"))
    assert local_apply(svc, "case.completed", step("SL2026-03-0103", 9)) is None
    mine = local_cases.read_my_cases(svc.sync.local, hall, "1001")
    assert [c.number[-2:] for c in mine] == ["02", "00", "01", "03"]
    assert [c.is_open for c in mine] == [True, True, True, False]
    hall_open = local_cases.read_open_cases(svc.sync.local, hall)
    assert [c.number[-2:] for c in hall_open] == ["99", "02", "00", "01"]


def test_the_local_mirror_follows_the_events_and_refuses_like_the_centre(svc: Services) -> None:
    hall, number = svc.config.hall_code, "SL2026-03-0201"
    assert local_apply(svc, "case.opened", opened(number, date(2026, 11, 30)), "e1") is None
    pause = {"step": "招标", "reason": "r", "basis": "b", "deadline": None}
    assert local_apply(svc, "case.paused", step(number, 1, start="2026-11-24", **pause)) is None
    counts = (local_count(svc, local_case_table), local_count(svc, local_timeline))
    refused = local_apply(svc, "case.started", step(number, 2))  # start while paused
    assert refused is not None and number in refused
    assert local_apply(svc, "case.opened", opened(number, None)) is not None
    assert (local_count(svc, local_case_table), local_count(svc, local_timeline)) == counts
    assert (
        local_apply(svc, "case.resumed", step(number, 3, end="2026-11-25", deadline="2026-12-01"))
        is None
    )
    record = local_cases.read_case_record(svc.sync.local, hall, number)
    assert record is not None
    assert isinstance(record.case, CaseRow) and record.case.deadline == date(2026, 12, 1)
    assert [(p.start, p.end, p.step) for p in record.pauses] == [
        (date(2026, 11, 24), date(2026, 11, 25), "招标")
    ]
    assert [e.event_id for e in record.timeline] == ["e1", None, None]


def test_the_cached_calendar_is_replaced_whole_with_its_version(svc: Services) -> None:
    local = svc.sync.local
    assert local_cases.read_holidays(local) == (None, {})
    days = {date(2027, 1, 1): (False, "元旦"), date(2027, 2, 7): (True, "调休")}
    local_cases.store_holidays(local, 4, days, AT)
    assert local_cases.read_holidays(local) == (4, days)
    with local.write() as conn:
        local_cases.set_cached_day(conn, date(2027, 5, 1), False, "劳动节")
        local_cases.set_cached_day(conn, date(2027, 2, 7), None, "")
    assert local_cases.read_holidays(local) == (
        4,
        {date(2027, 1, 1): (False, "元旦"), date(2027, 5, 1): (False, "劳动节")},
    )
    local_cases.store_holidays(local, 5, {date(2028, 1, 1): (False, "元旦")}, AT)
    assert local_cases.read_holidays(local) == (5, {date(2028, 1, 1): (False, "元旦")})
    with pytest.raises(RuntimeError), local.write() as conn:
        local_cases.replace_holidays(conn, 6, {}, AT)
        raise RuntimeError("interrupted")
    assert local_cases.read_holidays(local)[0] == 5


# -- revision 0005 over a hall in use -------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_0005_upgrades_and_downgrades_a_populated_central(
    backend: str, scratch_database: object, tmp_path: Path
) -> None:
    """The hall's rows survive both ways; the calendar starts at version 0."""
    assert callable(scratch_database)
    engine = db.make_engine(scratch_database(backend, tmp_path))
    try:
        migrate.upgrade(engine, "central", "0004")
        with db.write(engine) as conn:
            conn.execute(
                sa.text("INSERT INTO halls (code, name, timezone) VALUES ('h', 'x', 'UTC')")
            )
        migrate.upgrade(engine, "central", "0005")  # this revision, whatever the head is
        with db.write(engine) as conn:
            assert holidays_repo.calendar_version(conn) == 0
            assert holidays_repo.set_day(conn, date(2030, 1, 1), False, "元旦", by="a", now=AT) == 1
            assert conn.execute(sa.select(schema_info.c.value)).scalar_one() == "0005"
        migrate.downgrade(engine, "central", "0004")
        with db.read(engine) as conn:
            assert conn.execute(sa.text("SELECT code FROM halls")).scalar_one() == "h"
            assert conn.execute(sa.select(schema_info.c.value)).scalar_one() == "0004"
            assert "holidays" not in sa.inspect(conn).get_table_names()
        migrate.upgrade(engine, "central")
    finally:
        engine.dispose()

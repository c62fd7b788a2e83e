"""The working-day calendar through CalendarService, on every central backend.

Import is all or nothing (bad dates, bad working values and a day listed twice with different
meanings are reported by line and change nothing); every PC's copy follows after a sync; a
supervisor's edit is local-first and used by this PC at once; a year the calendar lacks shows
in the status (the banner) and opens cases without a deadline until it is imported. The
holidays table is national (one per central database, shared by this module's tests), so
each test keeps to years of its own: 2027 (missing, then imported), 2029 (imported), 2030
(refused files), 2031-2032 (never imported), 2033 (imported, read offline), 2026-12-24 (a
supervisor's edit).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services, build_services
from desk_client.services.calendar import CalendarInvalidError
from desk_client.services.dto_cases import CalendarStatus, LevelChange
from desk_client.store import cases_repo, local_cases
from tests.integration.test_cases_flow import accept, events_of, local_noon
from tests.integration.test_checklist_flow import (
    CLOSED_PORT,
    SUPERVISOR_PASSWORD,
    desk,
    login,
    other_pc,
)

__all__ = ["desk", "other_pc"]  # the fixtures, used by name

#: A 2027 calendar file as a supervisor would type it (the notice's shape; days made up for
#: the test: the State Council publishes 2027's in late 2026).
CALENDAR_2027 = """\
日期,是否上班,说明
2027-01-01,休,元旦
2027-02-06,班,春节调休上班
2027-02-08,休,春节
2027-02-09,休,春节
2027-02-10,休,春节
2027-03-02,休,测试用假日
"""
CALENDAR_2029 = "date,working,reason\n2029-01-01,0,New Year\n2029-09-29,1,make-up\n"
BAD_2030 = (
    "date,working,reason\n"
    "2030-01-01,0,元旦\n"
    "2030-02-30,0,no such day\n"  # line 3
    "2030-05-01,maybe,劳动节\n"  # line 4
    "2030-10-01,0,国庆节\n"
    "2030-10-01,1,国庆节\n"  # line 6: contradicts line 5
    "2030-10-02,0,国庆节\n"
    "2030-10-02,0,国庆节\n"  # the same meaning twice is fine
)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def central_state(services: Services, year: int) -> tuple[object, ...]:
    return services.calendar.days(year, central=True), services.calendar.best_calendar().overrides


def test_a_good_file_replaces_its_years_and_every_pc_follows_after_a_sync(
    desk: Services, other_pc: Services, tmp_path: Path
) -> None:
    assert not desk.calendar.calendar().covers(2029)
    imported = desk.calendar.import_file(write(tmp_path, "2029.csv", CALENDAR_2029))
    assert (imported.days, imported.years) == (2, (2029,))
    assert desk.calendar.days(2029, central=True) == (
        (date(2029, 1, 1), False, "New Year"),
        (date(2029, 9, 29), True, "make-up"),
    )
    assert desk.calendar.days(2029) == ()  # this PC's copy: until the next sync
    desk.sync.sync_once()
    other_pc.sync.sync_once()
    for pc in (desk, other_pc):
        calendar = pc.calendar.calendar()
        assert calendar.covers(2029) and not calendar.is_working_day(date(2029, 1, 1))
        assert calendar.is_working_day(date(2029, 9, 29))  # a make-up Saturday
        assert len(pc.calendar.days(2029)) == 2
    again = desk.calendar.import_csv(write(tmp_path, "again.csv", CALENDAR_2029))
    assert again == 2
    assert (
        desk.calendar.import_file(write(tmp_path, "x.csv", CALENDAR_2029)).version
        > imported.version
    )


def test_a_bad_file_reports_every_problem_by_line_and_changes_nothing(
    desk: Services, tmp_path: Path
) -> None:
    before = central_state(desk, 2030)
    with pytest.raises(CalendarInvalidError) as caught:
        desk.calendar.import_csv(write(tmp_path, "bad.csv", BAD_2030))
    problems = caught.value.problems
    assert [(p.line, p.code) for p in problems] == [
        (3, "calendar_csv.bad_date"),
        (4, "calendar_csv.bad_working"),
        (6, "calendar_csv.conflict"),
    ]
    assert caught.value.code == "calendar.invalid" and caught.value.params == {"count": 3}
    assert caught.value.message("en") == "The calendar file has 3 problems; no day was imported:"
    assert "第 6 行的 2030-10-01 与第 5 行矛盾" in problems[2].message()
    assert central_state(desk, 2030) == before
    for text, encoding, code in (
        (CALENDAR_2029.replace("New Year", "元旦"), "gbk", "calendar.not_utf8"),
        ("", "utf-8", "calendar.invalid"),
    ):
        with pytest.raises(DeskError) as refused:
            desk.calendar.import_csv(write(tmp_path, "other.csv", text, encoding))
        assert refused.value.code == code
    with pytest.raises(DeskError) as missing:
        desk.calendar.import_csv(tmp_path / "absent.csv")
    assert missing.value.code == "calendar.file_unreadable"
    assert central_state(desk, 2030) == before


def test_a_missing_year_opens_cases_without_a_deadline_until_it_is_imported(
    desk: Services, fake_clock: FakeClock, tmp_path: Path
) -> None:
    fake_clock.set(local_noon(date(2027, 3, 1)))  # a Monday of a year nothing covers yet
    assert desk.calendar.status() == CalendarStatus(2027, (2027,))
    session = login(desk)
    number = accept(desk, session)
    case = desk.cases.case(number).case
    assert (case.deadline, case.level, case.limit_days) == (None, "missing", 5)
    assert desk.checklist.notice(number).content.deadline is None  # never a guess on paper
    assert desk.cases.sweep(session) == ()  # still missing: nothing to record
    desk.calendar.import_csv(write(tmp_path, "2027.csv", CALENDAR_2027))
    desk.sync.sync_once()  # this PC's copy of the calendar
    assert desk.calendar.status() == CalendarStatus(2027, ())
    # Counted on today's calendar at once, before any sweep (Mar 2 is a test holiday).
    (mine,) = desk.cases.my_cases(session)
    assert (mine.deadline, mine.level) == (date(2027, 3, 9), "green")
    assert desk.cases.case(number).case == mine
    assert desk.cases.sweep(session) == (LevelChange(number, "missing", "green"),)
    warned = events_of(desk, "case.warned")[-1]
    assert (warned["level"], warned["deadline"]) == ("green", "2027-03-09")
    stored = local_cases.read_case_record(desk.sync.local, desk.config.hall_code, number)
    assert stored is not None and stored.case.deadline == date(2027, 3, 9)  # the row, too
    desk.sync.sync_once()
    central = desk.context.read(
        lambda conn: cases_repo.get_case(conn, desk.config.hall_code, number)
    )
    assert central is not None and (central.deadline, central.level) == (date(2027, 3, 9), "green")
    (on_board,) = desk.cases.board()  # the central row, synced while 2027 was missing
    assert (on_board.number, on_board.deadline, on_board.level) == (
        number,
        date(2027, 3, 9),
        "green",
    )
    later = accept(desk, session)
    assert desk.cases.case(later).case.deadline == date(2027, 3, 9)
    assert desk.checklist.notice(later).content.deadline == date(2027, 3, 9)


def test_from_december_the_banner_asks_for_next_year_too(
    desk: Services, fake_clock: FakeClock
) -> None:
    fake_clock.set(local_noon(date(2026, 11, 30)))
    assert desk.calendar.status() == CalendarStatus(2026, ())
    fake_clock.set(datetime(2031, 11, 30, 15, 59, tzinfo=UTC))  # 23:59 in the hall
    assert desk.calendar.status() == CalendarStatus(2031, (2031,))
    fake_clock.set(datetime(2031, 11, 30, 16, 0, tzinfo=UTC))  # December 1 in the hall
    assert desk.calendar.status() == CalendarStatus(2031, (2031, 2032))


def test_a_supervisors_edit_counts_on_this_pc_at_once_and_everywhere_after_sync(
    desk: Services, other_pc: Services, fake_clock: FakeClock
) -> None:
    christmas_eve = date(2026, 12, 24)  # a Thursday, made a day off for the test
    clerk, boss = login(desk), desk.auth.open_session(desk.sync, "S001", SUPERVISOR_PASSWORD, 3)
    outbox = len(events_of(desk))
    for who, day, reason, code in (
        (clerk, christmas_eve, "x", "calendar.not_supervisor"),
        (boss, date(1999, 1, 1), "x", "calendar.bad_year"),
        (boss, christmas_eve, "理" * 201, "calendar.reason_too_long"),
    ):
        with pytest.raises(DeskError) as caught:
            desk.calendar.set_day(who, day, False, reason)
        assert caught.value.code == code
    assert len(events_of(desk)) == outbox and desk.calendar.days(2026) == ()
    desk.calendar.set_day(boss, christmas_eve, False, "临时调整")
    assert desk.calendar.days(2026) == ((christmas_eve, False, "临时调整"),)
    assert not desk.calendar.calendar().is_working_day(christmas_eve)
    assert events_of(desk, "calendar.day_set")[-1] | {"at": ""} == {
        "day": "2026-12-24",
        "working": False,
        "reason": "临时调整",
        "at": "",
    }
    fake_clock.set(local_noon(date(2026, 12, 21)))  # Monday: +5 skips the Thursday
    number = accept(desk, clerk)
    assert desk.cases.case(number).case.deadline == date(2026, 12, 29)
    assert desk.sync.sync_once().rejected == 0
    assert desk.calendar.days(2026, central=True) == ((christmas_eve, False, "临时调整"),)
    other_pc.sync.sync_once()
    assert not other_pc.calendar.calendar().is_working_day(christmas_eve)
    desk.calendar.set_day(boss, christmas_eve, None, "")  # removed: the package's answer again
    assert desk.calendar.calendar().is_working_day(christmas_eve)
    desk.sync.sync_once()
    assert desk.calendar.days(2026, central=True) == ()


def test_a_refresh_never_undoes_this_pcs_edit_that_waits_to_be_pushed(
    desk: Services, other_pc: Services
) -> None:
    """A sync's refresh can run while this PC's own calendar edit is still in its outbox
    (recorded during the sync): the central days lack it, so the copy is left alone."""
    boss_here = desk.auth.open_session(desk.sync, "S001", SUPERVISOR_PASSWORD, 3)
    boss_there = other_pc.auth.open_session(other_pc.sync, "S001", SUPERVISOR_PASSWORD, 6)
    desk.sync.sync_once()
    other_pc.calendar.set_day(boss_there, date(2026, 12, 23), False, "那边")
    other_pc.sync.sync_once()  # the central version moves on without this PC's edit
    desk.calendar.set_day(boss_here, date(2026, 12, 24), False, "这边")
    assert desk.calendar.refresh_cache() is False  # the edit waits: nothing copied over it
    assert desk.calendar.days(2026) == ((date(2026, 12, 24), False, "这边"),)
    desk.sync.sync_once()  # pushed, then copied with both
    assert [d for d, _, _ in desk.calendar.days(2026)] == [date(2026, 12, 23), date(2026, 12, 24)]


def test_deadline_lines_use_the_central_calendar_else_this_pcs_copy_else_the_package(
    desk: Services, fake_clock: FakeClock, tmp_path: Path
) -> None:
    lines = [
        "accepted,limit,pauses",
        "2025-09-30,5",
        "2025-09-30,5,2025-10-09:2025-10-10",
        "2025-10-09,3,2025-10-10:",
        "",
        "2031-01-06,3",
        "2025-13-01,5",
    ]
    expected = [
        "2025-10-14",
        "2025-10-16",
        "open",
        "error: 2031 working-day calendar missing",
        "error: bad date '2025-13-01'",
    ]
    assert desk.calendar.deadline_lines(lines) == (expected, False)
    assert desk.calendar.deadline_lines(lines[:4]) == (expected[:3], True)
    away = build_services(
        replace_url(desk, CLOSED_PORT, str(tmp_path / "never-synced.db")), fake_clock
    )
    try:
        assert away.calendar.deadline_lines(["2025-09-30,5"]) == (["2025-10-14"], True)
    finally:
        away.close()


def replace_url(services: Services, url: str, local: str) -> Config:
    return replace(services.config, database_url=url, local_store=local)


def test_the_import_keeps_the_pcs_countdowns_offline(
    desk: Services, fake_clock: FakeClock, tmp_path: Path
) -> None:
    """After a sync the copy is this PC's: the central database may go away."""
    desk.calendar.import_csv(write(tmp_path, "2033.csv", CALENDAR_2029.replace("2029", "2033")))
    desk.sync.sync_once()
    away = build_services(replace_url(desk, CLOSED_PORT, desk.config.local_store), fake_clock)
    try:
        assert away.calendar.calendar().covers(2033)
        # 2033 is imported (weekdays work unless a row says otherwise); 2032 is not covered.
        assert away.calendar.deadline_lines(["2033-01-03,1"]) == (["2033-01-04"], True)
        assert json.dumps(away.calendar.days(2033), default=str).count("2033") == 2
    finally:
        away.close()

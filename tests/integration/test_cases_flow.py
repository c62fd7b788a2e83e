"""Cases and their countdowns (issue 5) through the services, on every central backend.

An acceptance opens its case in the notice's transaction with the deadline printed on it
(2025-09-30 + 5 working days -> 2025-10-14); a pause leaves it open and the resume moves it;
an extension needs a supervisor's password and a reason; completion closes it. The sweep
records each level change once as the fake clock walks the days; the case reaches the central
board after a sync and another PC's copy after its pull. A year the calendar lacks opens the
case without a deadline (level "missing") until that year is imported. Every bad input is
refused with its code and changes nothing (outbox events and the clerk's cases compared).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desk_client.core.catalogue import ItemKind
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.notices import NoticeKind, notice_scan_code
from desk_client.services.app import Services, build_services
from desk_client.services.catalogue_files import write_catalogue
from desk_client.services.dto import StaffSession
from desk_client.services.dto_cases import CaseView
from tests.integration.test_checklist_flow import (
    CLOSED_PORT,
    SUPERVISOR_PASSWORD,
    desk,
    draft,
    login,
    other_pc,
)

__all__ = ["desk", "other_pc"]  # the fixtures, used by name

FIVE_DAYS = "SF-BDC-0501"  # 不动产转移登记（存量房买卖）: 承诺件, 5 working days
INSTANT = "SF-GJJ-0201"  # 住房公积金提取（退休）: 即办件
PROMISED_ZERO = "SF-GJJ-0202"  # made a 承诺件 of 0 days in one test


def local_noon(day: date) -> datetime:
    """10:00 in Fuzhou (Asia/Shanghai) on ``day``."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


SEP_30 = date(2025, 9, 30)


def events_of(services: Services, type: str | None = None) -> list[dict[str, object]]:
    rows = services.sync.local.events(limit=100_000)
    return [json.loads(r.event.payload) for r in rows if type is None or r.event.type == type]


def snapshot(services: Services, session: StaffSession) -> tuple[object, ...]:
    """What a refusal must leave as it was: the outbox, the clerk's cases, their timelines."""
    cases = services.cases.my_cases(session)
    timelines = tuple(len(services.cases.case(c.number).timeline) for c in cases)
    return len(events_of(services)), cases, timelines


def refused(
    code: str,
    services: Services,
    session: StaffSession,
    action: Callable[..., object],
    *args: object,
) -> DeskError:
    before = snapshot(services, session)
    with pytest.raises(DeskError) as caught:
        action(*args)
    assert caught.value.code == code, caught.value.message("en")
    assert snapshot(services, session) == before, f"{code} changed something"
    message = caught.value.message("zh_CN")
    assert message != code and caught.value.message("en") != code
    assert "{" not in message and "{" not in caught.value.message("en")
    return caught.value


def accept(services: Services, session: StaffSession, code: str = FIVE_DAYS) -> str:
    return services.checklist.accept(session, draft(services, code=code)).number


@pytest.fixture
def opened(desk: Services, fake_clock: FakeClock) -> tuple[StaffSession, str]:
    """Clerk 1003 at window 3 accepted a 5-day case on 2025-09-30."""
    fake_clock.set(local_noon(SEP_30))
    session = login(desk)
    return session, accept(desk, session)


# -- acceptance opens the case ----------------------------------------------------------------


def test_an_acceptance_opens_its_case_with_the_deadline_on_the_notice(
    desk: Services, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    notice = desk.checklist.notice(number)
    assert notice.kind is NoticeKind.ACCEPTANCE
    assert notice.content.deadline == date(2025, 10, 14)  # Oct 9, 10, 11 (make-up), 13, 14
    (case,) = desk.cases.my_cases(session)
    assert case == CaseView(
        number=number,
        item_code=FIVE_DAYS,
        item_name="不动产转移登记（存量房买卖）",
        kind=ItemKind.PROMISED.value,
        applicant_display="赵敏（1101**********002X）",
        staff_no="1003",
        window_number=3,
        accepted_at=local_noon(SEP_30),
        accepted_day=SEP_30,
        limit_days=5,
        deadline=date(2025, 10, 14),
        state="accepted",
        paused_since=None,
        level="green",
    )
    # ONE transaction: the notice's event and the case's, one after the other.
    rows = desk.sync.local.events(limit=1000)
    types = [r.event.type for r in rows]
    at = types.index("notice.issued")
    assert types[at : at + 2] == ["notice.issued", "case.opened"]
    assert rows[at + 1].event.client_seq == rows[at].event.client_seq + 1
    opened_event = events_of(desk, "case.opened")[0]
    assert opened_event["deadline"] == "2025-10-14" and opened_event["limit_days"] == 5
    detail = desk.cases.case(notice_scan_code(desk.config.hall_code, number))
    assert [entry.type for entry in detail.timeline] == ["case.opened"]
    assert detail.case == case and detail.pauses == ()


def test_an_instant_case_is_due_the_day_it_is_accepted(
    desk: Services, fake_clock: FakeClock
) -> None:
    fake_clock.set(local_noon(SEP_30))
    session = login(desk)
    number = accept(desk, session, INSTANT)
    case = desk.cases.case(number).case
    assert (case.kind, case.limit_days, case.deadline) == ("instant", 0, SEP_30)
    assert desk.checklist.notice(number).content.deadline == SEP_30


def test_a_promised_case_of_zero_days_is_refused_before_anything_is_written(
    desk: Services, fake_clock: FakeClock, tmp_path: Path
) -> None:
    items = [
        replace(item, promised_days=0) if item.code == PROMISED_ZERO else item
        for item in desk.catalogue.items()
    ]
    write_catalogue(tmp_path / "zero.json", items)
    desk.catalogue.import_file(tmp_path / "zero.json")
    desk.sync.sync_once()  # the PC's catalogue copy
    fake_clock.set(local_noon(SEP_30))
    session = login(desk)
    notices = len(desk.checklist.history("", 1000))
    refused(
        "limit.zero", desk, session, desk.checklist.accept, session, draft(desk, code=PROMISED_ZERO)
    )
    assert len(desk.checklist.history("", 1000)) == notices


# -- the steps --------------------------------------------------------------------------------


def test_a_pause_leaves_the_deadline_open_and_the_resume_moves_it(
    desk: Services, fake_clock: FakeClock, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    fake_clock.set(local_noon(date(2025, 10, 9)))
    assert desk.cases.start(session, number).state == "in_progress"
    paused = desk.cases.pause(session, number, None, "专家评审", "需组织专家现场评审", "")
    assert (paused.deadline, paused.level, paused.paused_since) == (None, "open", date(2025, 10, 9))
    fake_clock.set(local_noon(date(2025, 10, 13)))
    resumed = desk.cases.resume(session, number, date(2025, 10, 10))
    # Oct 9 and 10 do not count: Oct 11 (make-up Saturday), 13, 14, 15, 16.
    assert (resumed.deadline, resumed.paused_since, resumed.state) == (
        date(2025, 10, 16),
        None,
        "in_progress",
    )
    detail = desk.cases.case(number)
    assert [e.type for e in detail.timeline] == [
        "case.opened",
        "case.started",
        "case.paused",
        "case.resumed",
    ]
    assert len(detail.pauses) == 1 and detail.pauses[0].start == date(2025, 10, 9)
    assert detail.pauses[0].end == date(2025, 10, 10)
    assert "专家评审" in detail.timeline[2].detail and "2025-10-16" in detail.timeline[3].detail
    pause_event = events_of(desk, "case.paused")[0]
    assert pause_event["basis"] == "《中华人民共和国行政许可法》第四十五条"
    pause_notice = desk.cases.print_case_notice(number, "pause", "a4")
    resume_notice = desk.cases.print_case_notice(number, "resume", "80mm")
    assert (pause_notice.kind, pause_notice.number) == ("case_pause", f"{number}-T1")
    assert (resume_notice.kind, resume_notice.number) == ("case_resume", f"{number}-H1")
    assert pause_notice.pdf.startswith(b"%PDF") and resume_notice.pages


def test_an_extension_needs_a_supervisor_and_a_reason(
    desk: Services, fake_clock: FakeClock, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    fake_clock.set(local_noon(date(2025, 10, 13)))
    extend = desk.cases.extend
    reason = "需补充现场核查"
    refused("auth.failed", desk, session, extend, session, number, 5, reason, "S001", "wrong-pw")
    refused(
        "case.not_supervisor", desk, session, extend, session, number, 5, reason, "1003", "desk1234"
    )
    refused(
        "case.reason_required",
        desk,
        session,
        extend,
        session,
        number,
        5,
        "  ",
        "S001",
        SUPERVISOR_PASSWORD,
    )
    refused(
        "extension.days",
        desk,
        session,
        extend,
        session,
        number,
        0,
        reason,
        "S001",
        SUPERVISOR_PASSWORD,
    )
    refused(
        "extension.too_long",
        desk,
        session,
        extend,
        session,
        number,
        11,
        reason,
        "S001",
        SUPERVISOR_PASSWORD,
    )
    extended = extend(session, number, 5, reason, "S001", SUPERVISOR_PASSWORD)
    # 2025-10-14 + 5 working days: Oct 15, 16, 17, 20, 21.
    assert (extended.deadline, extended.limit_days) == (date(2025, 10, 21), 10)
    event = events_of(desk, "case.extended")[0]
    assert (event["supervisor_no"], event["supervisor_name"], event["days"]) == (
        "S001",
        "王主任",
        5,
    )
    refused(
        "extension.too_long",
        desk,
        session,
        extend,
        session,
        number,
        6,
        reason,
        "S001",
        SUPERVISOR_PASSWORD,
    )
    notice = desk.cases.print_case_notice(number, "extension", "a4")
    assert (notice.kind, notice.number) == ("case_extension", f"{number}-Y1")


def test_completion_closes_the_case_and_nothing_follows_it(
    desk: Services, fake_clock: FakeClock, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    fake_clock.set(local_noon(date(2025, 10, 10)))
    desk.cases.pause(session, number, date(2025, 10, 9), "检验检测", "送检", "")
    done = desk.cases.complete(session, number)
    assert (done.state, done.paused_since, done.deadline) == ("completed", None, date(2025, 10, 16))
    assert desk.cases.case(number).pauses[0].end == date(2025, 10, 10)  # the step ended with it
    assert events_of(desk, "case.completed")[0]["pause_end"] == "2025-10-10"
    for action, args in (
        (desk.cases.start, ()),
        (desk.cases.complete, ()),
        (desk.cases.resume, (None,)),
        (desk.cases.withdraw, ("申请人撤回",)),
    ):
        refused("case.transition_forbidden", desk, session, action, session, number, *args)
    later = accept(desk, session)
    assert [c.number for c in desk.cases.my_cases(session)] == [later, number]  # open first


def test_withdrawal_and_transfer_say_why_and_where(
    desk: Services, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    other = accept(desk, session)
    refused("case.reason_required", desk, session, desk.cases.withdraw, session, number, " ")
    refused(
        "case.department_required", desk, session, desk.cases.transfer, session, other, "", "联办"
    )
    refused(
        "case.reason_required", desk, session, desk.cases.transfer, session, other, "市税务局", ""
    )
    assert desk.cases.withdraw(session, number, "申请人书面撤回申请").state == "withdrawn"
    moved = desk.cases.transfer(session, other, "市自然资源局", "需联合办理")
    assert moved.state == "transferred"
    assert events_of(desk, "case.transferred")[0]["department"] == "市自然资源局"
    assert all(c.state != "accepted" for c in desk.cases.my_cases(session))


def test_bad_steps_are_refused_and_change_nothing(
    desk: Services, fake_clock: FakeClock, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    cases = desk.cases
    fake_clock.set(local_noon(date(2025, 10, 13)))
    tomorrow = date(2025, 10, 14)
    refused(
        "case.day_in_future",
        desk,
        session,
        cases.pause,
        session,
        number,
        tomorrow,
        "听证",
        "依申请听证",
        "",
    )
    refused(
        "pause.before_acceptance",
        desk,
        session,
        cases.pause,
        session,
        number,
        date(2025, 9, 29),
        "听证",
        "x",
        "",
    )
    refused("case.step_required", desk, session, cases.pause, session, number, None, " ", "x", "")
    refused(
        "case.reason_required", desk, session, cases.pause, session, number, None, "听证", "", ""
    )
    refused(
        "case.basis_too_long",
        desk,
        session,
        cases.pause,
        session,
        number,
        None,
        "听证",
        "x",
        "法" * 1001,
    )
    refused("case.transition_forbidden", desk, session, cases.resume, session, number, None)
    refused("case.not_found", desk, session, cases.start, session, "SL2025-03-9999")
    refused(
        "notice.other_hall",
        desk,
        session,
        cases.start,
        session,
        notice_scan_code("elsewhere", number),
    )
    refused("notice.bad_number", desk, session, cases.start, session, "A001")
    cases.pause(session, number, date(2025, 10, 9), "听证", "依申请举行听证", "")
    refused(
        "case.transition_forbidden",
        desk,
        session,
        cases.pause,
        session,
        number,
        None,
        "鉴定",
        "x",
        "",
    )
    refused("case.transition_forbidden", desk, session, cases.start, session, number)
    refused(
        "pause.ends_before_start", desk, session, cases.resume, session, number, date(2025, 10, 8)
    )
    refused("case.day_in_future", desk, session, cases.resume, session, number, tomorrow)
    cases.resume(session, number, date(2025, 10, 10))
    refused(
        "pause.overlaps",
        desk,
        session,
        cases.pause,
        session,
        number,
        date(2025, 10, 10),
        "鉴定",
        "x",
        "",
    )
    refused(
        "case.bad_notice_kind", desk, session, cases.print_case_notice, number, "rejection", "a4"
    )
    refused("notice.bad_paper", desk, session, cases.print_case_notice, number, "pause", "a5")
    refused("case.no_notice", desk, session, cases.print_case_notice, number, "extension", "a4")


# -- warnings ---------------------------------------------------------------------------------


def test_the_sweep_records_each_level_change_once_as_the_days_pass(
    desk: Services, fake_clock: FakeClock, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    seen: dict[date, tuple[tuple[str, str], ...]] = {}
    day = SEP_30
    while day <= date(2025, 10, 16):
        fake_clock.set(local_noon(day))
        changes = desk.cases.sweep(session)
        assert desk.cases.sweep(session) == ()  # a second sweep the same day finds nothing new
        if changes:
            assert [c.number for c in changes] == [number]
            seen[day] = tuple((c.old, c.new) for c in changes)
        day += timedelta(days=1)
    # 1 working day left (or 80% of 5 elapsed) on Oct 13; overdue after Oct 14.
    assert seen == {
        date(2025, 10, 13): (("green", "yellow"),),
        date(2025, 10, 15): (("yellow", "red"),),
    }
    warned = events_of(desk, "case.warned")
    assert [(w["number"], w["level"]) for w in warned] == [(number, "yellow"), (number, "red")]
    assert [e.type for e in desk.cases.case(number).timeline].count("case.warned") == 2
    assert desk.cases.my_cases(session)[0].level == "red"
    summary = desk.cases.summary(session)
    assert (summary.day, [c.number for c in summary.red], summary.yellow) == (
        date(2025, 10, 16),
        [number],
        (),
    )


def test_the_case_reaches_the_board_and_the_other_pc(
    desk: Services, other_pc: Services, fake_clock: FakeClock, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    fake_clock.set(local_noon(date(2025, 10, 9)))
    desk.cases.pause(session, number, None, "现场勘查", "需实地查看", "")
    fake_clock.set(local_noon(date(2025, 10, 10)))
    desk.cases.resume(session, number, date(2025, 10, 9))  # Oct 9 does not count
    fake_clock.set(local_noon(date(2025, 10, 15)))
    assert desk.cases.sweep(session)[0].new == "yellow"
    report = desk.sync.sync_once()
    assert report.rejected == 0
    (on_board,) = desk.cases.board()
    assert (on_board.number, on_board.deadline, on_board.level) == (
        number,
        date(2025, 10, 15),
        "yellow",
    )
    fake_clock.set(local_noon(date(2025, 10, 16)))
    assert desk.cases.board()[0].level == "red"  # live: computed now, before any sweep
    other_pc.sync.sync_once()
    detail = other_pc.cases.case(number)
    assert (detail.case.deadline, detail.case.state) == (date(2025, 10, 15), "in_progress")
    assert [e.type for e in detail.timeline] == [
        "case.opened",
        "case.paused",
        "case.resumed",
        "case.warned",
    ]
    assert detail.pauses[0].end == date(2025, 10, 9)
    boss = other_pc.auth.open_session(other_pc.sync, "S001", SUPERVISOR_PASSWORD, 6)
    assert [c.number for c in other_pc.cases.summary(boss).red] == [number]
    # The backup clerk (AB岗) at the other PC acts on the case for its owner.
    backup = login(other_pc, "1004", 6)
    done = other_pc.cases.complete(backup, number)
    assert done.state == "completed"
    assert events_of(other_pc, "case.completed")[0]["on_behalf_of"] == "1003"


def test_a_supervisor_away_from_the_central_database_sees_this_pcs_cases(
    desk: Services, fake_clock: FakeClock, opened: tuple[StaffSession, str]
) -> None:
    session, number = opened
    boss = desk.auth.open_session(desk.sync, "S001", SUPERVISOR_PASSWORD, 3)
    fake_clock.set(local_noon(date(2025, 10, 15)))
    away = build_services(replace(desk.config, database_url=CLOSED_PORT), fake_clock)
    try:
        summary = away.cases.summary(boss)
        assert [c.number for c in summary.red] == [number]
        with pytest.raises(DeskError) as caught:
            away.cases.board()
        assert caught.value.code == "central.unreachable"
        assert away.cases.sweep(session)[0].new == "red"  # local by nature: works offline
    finally:
        away.close()
    assert desk.cases.summary(session).red[0].number == number

"""A/B post cover (AB岗), absences and the roster (5+2) through the services, on every backend.

The demo hall's window 3 has A 1003 王芳 and B 1004 刘洋 (window 4 the other way round). When
王芳 records her leave, 刘洋's PC (after a sync) says it covers for her, lists her open
inquiries and cases, and what 刘洋 does to them is recorded as 1004 on behalf of 1003; a
referral to her lands with him. Both away at once is a warning for the supervisor, and a
referral to her is then refused. Absences that overlap, end before they start, or are
recorded by someone else than the person or a supervisor are refused; so is a roster file
with unknown staff or windows (every problem by line, nothing changed). The roster's weekend
windows decide which categories are served that day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.services.cover import RosterInvalidError
from tests.integration.inquiry_helpers import (
    A_NO,
    B_NO,
    another_pc,
    draft,
    events_of,
    login,
    pc3,
    pc4,
    refused,
    sync_all,
)
from tests.integration.test_checklist_flow import draft as checklist_draft

__all__ = ["pc3", "pc4"]  # the fixtures, used by name

SATURDAY, SUNDAY, MONDAY = date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 23)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock moment of November 2026 in the hall (naive: the hall's zone)."""
    return datetime(2026, 11, day, hour, minute)


def utc(day: int, hour: int) -> datetime:
    """The same moment as the fake clock takes it (the hall is UTC+8)."""
    return datetime(2026, 11, day, hour - 8, 0, tzinfo=UTC)


def leave(services: Services, staff_no: str, start: datetime, end: datetime) -> str:
    who = login(services, staff_no, services.config.window)
    return services.cover.record_absence(who, staff_no, "leave", start, end, "年休假").id


# -- B covers for an absent A ----------------------------------------------------------------


def test_b_covers_for_an_absent_a_and_acts_on_her_behalf(
    pc3: Services, pc4: Services, tmp_path: Path, fake_clock: FakeClock
) -> None:
    a = login(pc3, A_NO, 3)
    open_inquiry = pc3.inquiries.log(a, draft()).number
    case_number = pc3.checklist.accept(a, checklist_draft(pc3)).number
    absence = pc3.cover.record_absence(a, A_NO, "leave", at(23, 9), at(25, 17, 30), "年休假")
    assert (absence.staff_no, absence.staff_name, absence.kind) == (A_NO, "王芳", "leave")
    assert absence.end == datetime(2026, 11, 25, 17, 30, tzinfo=pc3.context.zone)
    assert pc3.cover.state(a).covering == ()  # A covers nobody

    b = login(pc4, B_NO, 4)
    assert pc4.cover.state(b).covering == ()  # not pulled yet
    sync_all(pc3, pc4)
    assert pc4.cover.state(b).covering == ((A_NO, "王芳", absence.end),)
    assert [v.number for v in pc4.inquiries.mine(b)] == [open_inquiry]
    assert [c.number for c in pc4.cover.covered_cases(b)] == [case_number]

    answered = pc4.inquiries.answer(b, open_inquiry, "已代为答复：带身份证即可")
    assert (answered.state, answered.on_behalf_of) == ("answered", A_NO)
    step = pc4.inquiries.detail(open_inquiry).timeline[-1]
    assert (step.actor, step.on_behalf_of) == (B_NO, A_NO)

    other_pc = another_pc(pc3, 6, tmp_path)
    try:
        referrer = login(other_pc, "1006", 6)
        number = other_pc.inquiries.log(referrer, draft()).number
        sync_all(other_pc)  # the absence reaches window 6's PC
        referred = other_pc.inquiries.refer(referrer, number, to_staff_no=A_NO)
        assert (referred.handler_no, referred.handler_name) == (B_NO, "刘洋")
        (event,) = events_of(other_pc, "inquiry.referred")
        assert (event["to_staff_no"], event["asked_for"]) == (B_NO, A_NO)
        sync_all(other_pc, pc4, pc3)
    finally:
        other_pc.close()
    assert number in [v.number for v in pc4.inquiries.inbox(b)]
    assert pc3.inquiries.detail(open_inquiry).inquiry.on_behalf_of == A_NO
    assert pc3.sync.rejected() == () and pc4.sync.rejected() == ()

    fake_clock.set(utc(26, 9))  # she is back
    assert pc4.cover.state(b).covering == () and pc4.cover.covered_cases(b) == ()


# -- A and B away at once -----------------------------------------------------------------------


def test_a_and_b_away_at_once_warn_the_supervisor_and_refuse_referrals(
    pc3: Services, fake_clock: FakeClock
) -> None:
    boss = login(pc3, "S001", 3)
    leave(pc3, A_NO, at(23, 9), at(25, 17, 30))
    meeting = pc3.cover.record_absence(boss, B_NO, "meeting", at(24, 14), at(24, 16), "业务培训会")
    assert pc3.cover.warnings(MONDAY) == ()
    found = pc3.cover.warnings(date(2026, 11, 24))
    assert [(w.post, w.a_no, w.b_no) for w in found] == [
        ("window:3", A_NO, B_NO),
        ("window:4", B_NO, A_NO),
    ]
    zone = pc3.context.zone
    assert (found[0].start, found[0].end) == (
        datetime(2026, 11, 24, 14, tzinfo=zone),
        datetime(2026, 11, 24, 16, tzinfo=zone),
    )
    assert [a.staff_no for a in pc3.cover.absences(date(2026, 11, 24))] == [A_NO, B_NO]

    clerk = login(pc3, "1006", 3)
    number = pc3.inquiries.log(clerk, draft()).number
    fake_clock.set(utc(24, 15))
    error = refused("inquiry.referral_absent", pc3, pc3.inquiries.refer, clerk, number, A_NO)
    assert error.params["staff_no"] == A_NO
    refused("inquiry.referral_absent", pc3, pc3.inquiries.check_referral, clerk, A_NO)
    fake_clock.set(utc(24, 10))
    assert pc3.inquiries.check_referral(clerk, A_NO) == B_NO
    assert pc3.inquiries.refer(clerk, number, to_staff_no=A_NO).handler_no == B_NO

    pc3.cover.cancel_absence(boss, meeting.id)
    assert pc3.cover.warnings(date(2026, 11, 24)) == ()
    pc3.sync.sync_once()
    assert pc3.sync.rejected() == ()


# -- absences: bad input changes nothing ---------------------------------------------------------


def test_bad_absences_are_refused_and_change_nothing(pc3: Services) -> None:
    a, other, boss = login(pc3, A_NO, 3), login(pc3, "1006", 3), login(pc3, "S001", 3)
    first = leave(pc3, A_NO, at(23, 9), at(25, 17, 30))
    record = pc3.cover.record_absence
    refused("absence.overlaps", pc3, record, a, A_NO, "training", at(25, 8), at(26, 12))
    refused("absence.ends_before_start", pc3, record, a, A_NO, "other", at(27, 12), at(27, 9))
    refused("absence.ends_before_start", pc3, record, a, A_NO, "other", at(27, 9), at(27, 9))
    refused("absence.kind", pc3, record, a, A_NO, "holiday", at(27, 9), at(27, 12))
    refused("absence.note", pc3, record, a, A_NO, "other", at(27, 9), at(27, 12), "长" * 201)
    refused("absence.not_allowed", pc3, record, other, A_NO, "leave", at(27, 9), at(27, 12))
    refused("absence.unknown_staff", pc3, record, boss, "9999", "leave", at(27, 9), at(27, 12))
    refused("absence.not_allowed", pc3, pc3.cover.cancel_absence, other, first)
    refused("absence.not_found", pc3, pc3.cover.cancel_absence, a, "no-such-absence")

    touching = record(a, A_NO, "meeting", at(25, 17, 30), at(25, 18))  # ends as the leave ends
    by_boss = record(boss, "1005", "training", at(27, 9), at(27, 17))
    assert [x.staff_no for x in pc3.cover.absences()] == [A_NO, A_NO, "1005"]
    pc3.cover.cancel_absence(a, touching.id)
    refused("absence.not_found", pc3, pc3.cover.cancel_absence, a, touching.id)
    pc3.sync.sync_once()
    assert pc3.sync.rejected() == ()
    assert events_of(pc3, "absence.recorded")[-1]["recorded_by"] == "S001"
    assert by_boss.staff_name == "陈静"


# -- posts --------------------------------------------------------------------------------------


def test_a_supervisor_names_a_posts_a_and_b(pc3: Services, pc4: Services) -> None:
    clerk, boss = login(pc3, A_NO, 3), login(pc3, "S001", 3)
    posts = pc3.cover.posts()
    assert ("window:3", A_NO, "王芳", B_NO, "刘洋") in [
        (p.post, p.a_no, p.a_name, p.b_no, p.b_name) for p in posts
    ]
    set_post = pc3.cover.set_post
    for code, args in (
        ("post.not_supervisor", (clerk, "window:3", A_NO, "1005")),
        ("post.unknown_staff", (boss, "window:3", A_NO, "9999")),
        ("post.unknown_window", (boss, "window:9", A_NO, "1005")),
        ("post.same_person", (boss, "window:3", A_NO, A_NO)),
        ("post.bad_name", (boss, "desk 3", A_NO, "1005")),
        ("post.staff_required", (boss, "window:3", A_NO, " ")),
    ):
        refused(code, pc3, set_post, *args)
        assert pc3.cover.posts() == posts
    changed = set_post(boss, "Window:3", A_NO, "1005")
    assert (changed.post, changed.b_name) == ("window:3", "陈静")
    assert set_post(boss, "role:reception", "1001", "1002").a_name == "张伟"

    leave(pc3, A_NO, at(23, 9), at(23, 17))
    sync_all(pc3, pc4)
    assert pc4.cover.state(login(pc4, B_NO, 4)).covering == ()  # 刘洋 no longer her B
    assert [p.b_no for p in pc4.cover.posts() if p.post == "window:3"] == ["1005"]


# -- the roster and the weekend's categories -------------------------------------------------------


def test_a_roster_with_unknown_staff_or_windows_is_refused_whole(
    pc3: Services, tmp_path: Path
) -> None:
    seeded = pc3.cover.roster(SATURDAY)  # the demo hall's next weekend (store.seed)
    assert seeded == ((1, "1001", "day"), (3, "1003", "am"), (4, "1004", "pm"))
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "日期,窗口,工号,班次\n2026-11-28,5,1005,全天\n2026-11-28,9,1001,上午\n"
        "2026-11-29,6,7777,day\n2026-11-30,6,1006,night\n",
        encoding="utf-8",
    )
    with pytest.raises(RosterInvalidError) as caught:
        pc3.cover.import_roster(bad)
    assert caught.value.code == "roster.invalid" and caught.value.params["count"] == 3
    assert [(p.line, p.code) for p in caught.value.problems] == [
        (3, "roster_csv.unknown_window"),
        (4, "roster_csv.unknown_staff"),
        (5, "roster_csv.bad_shift"),
    ]
    assert "7777" in caught.value.problems[1].message("en")
    assert pc3.cover.roster(SATURDAY) == seeded

    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("日期,窗口,工号,班次\n2026-11-28,5,1005,全天\n".encode("gbk"))
    refused("cover_file.not_utf8", pc3, pc3.cover.import_roster, gbk)
    refused("cover_file.unreadable", pc3, pc3.cover.import_roster, tmp_path / "missing.csv")
    assert pc3.cover.roster(SATURDAY) == seeded


def test_the_weekend_roster_decides_what_is_served(
    pc3: Services, tmp_path: Path, fake_clock: FakeClock
) -> None:
    assert pc3.cover.categories_served(MONDAY) == ("A", "B", "C")  # a working day: all
    assert pc3.cover.categories_served(SATURDAY) == ("A", "B")  # windows 1 (A), 3 and 4 (B)
    assert pc3.cover.categories_served(SUNDAY) == ("A", "B", "C")  # the general window 6
    assert pc3.cover.categories_served(date(2026, 12, 5)) == ()  # a Saturday nobody works
    fake_clock.set(utc(28, 9))
    assert [c.code for c in pc3.cover.kiosk_categories()] == ["A", "B"]

    plan = tmp_path / "weekend.csv"
    plan.write_text(
        "\ufeffday,window,staff_no,shift\n2026-11-28,5,1005,am\n2026-11-28,5,1003,pm\n"
        "2026-12-05,2,1002,day\n",
        encoding="utf-8",
    )
    assert pc3.cover.import_roster(plan) == 3
    assert pc3.cover.roster(SATURDAY) == ((5, "1005", "am"), (5, "1003", "pm"))
    assert pc3.cover.categories_served(SATURDAY) == ("C",)  # planned anew: window 5 only
    assert pc3.cover.categories_served(SUNDAY) == ("A", "B", "C")  # not named: kept
    assert pc3.cover.categories_served(date(2026, 12, 5)) == ("A",)
    assert [c.code for c in pc3.cover.kiosk_categories()] == ["C"]
    fake_clock.set(utc(30, 9))
    assert [c.code for c in pc3.cover.kiosk_categories()] == ["A", "B", "C"]

    other = another_pc(pc3, 6, tmp_path)  # another PC reads the roster from its own copy
    try:
        assert other.cover.roster(SATURDAY) == ((5, "1005", "am"), (5, "1003", "pm"))
    finally:
        other.close()


def test_the_directory_of_departments_is_imported_whole(pc3: Services, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("名称,联系人,电话,地址\n市税务局,周科长,123,五一路\n", encoding="utf-8")
    before = pc3.cover.departments()
    with pytest.raises(RosterInvalidError) as caught:
        pc3.cover.import_departments(bad)
    assert caught.value.code == "departments.invalid"
    assert [(p.line, p.code) for p in caught.value.problems] == [(2, "departments_csv.phone")]
    assert pc3.cover.departments() == before and len(before) == 4
    good = tmp_path / "good.csv"
    good.write_text(
        "名称,联系人,电话,地址\n市税务局,周科长,0591-87000201,五一路\n", encoding="utf-8"
    )
    assert pc3.cover.import_departments(good) == 1
    (department,) = pc3.inquiries.departments()
    assert (department.name, department.phone) == ("市税务局", "0591-87000201")

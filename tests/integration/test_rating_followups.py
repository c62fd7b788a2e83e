"""差评回访, 整改, 申诉复核, the "unrated counts as 基本满意" option, the figures and the hall's
rating options (issue 7) on every central backend.

A bad rating opens a follow-up for the named supervisor, due 5 working days after the service
day on the working-day calendar (2025-09-30 + 5 -> 2025-10-14 over the National Day holiday;
no due day for a year the calendar lacks). Closing needs a contact and a rectification; an
upheld appeal takes the rating out of the figures; nobody decides their own appeal and a
clerk closes nothing. Every refusal writes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from desk_client.core.clock import FakeClock
from desk_client.core.rating_tokens import peek
from desk_client.services.app import Services, build_services
from desk_client.services.dto_ratings import FollowUpSummary, RatingSettingsView, RatingStatRow
from desk_client.services.rating_page import RatingPageService
from tests.integration.rating_service_helpers import (
    BAD,
    GOOD,
    local_day,
    login,
    page,
    pc,
    rate,
    refused,
    ticket_code,
    token_of,
)

__all__ = ["page", "pc"]  # the fixtures, used by name

TODAY = date(2026, 11, 23)
NOTE = "已电话回访，群众表示理解"


def clock(services: Services) -> FakeClock:
    assert isinstance(services.clock, FakeClock)
    return services.clock


def bad_followup(pc: Services, page: RatingPageService) -> int:
    receipt = rate(page, ticket_code(pc), BAD)
    assert receipt.followup_id is not None
    return receipt.followup_id


# -- the follow-up ------------------------------------------------------------------------------


def test_the_named_supervisor_follows_up_within_working_days(
    pc: Services, page: RatingPageService
) -> None:
    clock(pc).set(local_day(2025, 9, 30))
    pc.auth.create_staff("S002", "李主任", "desk1234", "supervisor")
    refused(
        "rating.settings_staff", pc, lambda: pc.ratings.update_settings(followup_staff_no="1003")
    )
    assert pc.ratings.update_settings(followup_staff_no="S002").followup_staff_no == "S002"
    bad_followup(pc, page)
    (followup,) = pc.rating_followups.followups()
    assert (followup.assignee_no, followup.assignee_name) == ("S002", "李主任")
    assert (followup.due_day, followup.level) == (date(2025, 10, 14), "green")
    clock(pc).set(local_day(2025, 10, 15))
    (late,) = pc.rating_followups.followups()
    assert late.level == "red"
    assert pc.rating_followups.summary(date(2025, 9, 1), date(2025, 9, 30)) == FollowUpSummary(
        bad=1, followed=0, rate=0.0, open=1, overdue=1
    )


def test_a_follow_up_names_the_ticket_once_the_window_s_visit_has_synced(
    pc: Services, page: RatingPageService
) -> None:
    code = ticket_code(pc)
    rate(page, code, BAD)
    (before,) = pc.rating_followups.followups()
    assert before.rating.ref == ""  # the visit event still waits in the window's outbox
    pc.sync.sync_once()
    (after,) = pc.rating_followups.followups()
    assert after.rating.ref == code.ref
    session = login(pc, "S001")
    contacted = pc.rating_followups.contact(session, after.id, NOTE)  # the locking read
    assert contacted.rating.ref == code.ref


def test_a_year_the_calendar_lacks_leaves_the_due_day_missing(
    pc: Services, page: RatingPageService
) -> None:
    clock(pc).set(local_day(2030, 3, 4))
    bad_followup(pc, page)
    (followup,) = pc.rating_followups.followups()
    assert (followup.due_day, followup.level) == (None, "missing")


def test_contact_rectify_close_and_what_is_refused_on_the_way(
    pc: Services, page: RatingPageService
) -> None:
    steps, clerk, boss = pc.rating_followups, login(pc), login(pc, "S001", None)
    number = bad_followup(pc, page)
    refused("followup.not_allowed", pc, lambda: steps.close(clerk, number, ""))
    refused("followup.not_allowed", pc, lambda: steps.contact(clerk, number, NOTE))
    refused("followup.needs_contact", pc, lambda: steps.close(boss, number, ""))
    refused("followup.text_required", pc, lambda: steps.contact(boss, number, "  "))
    refused("followup.text_too_long", pc, lambda: steps.rectify(boss, number, "改" * 501))
    refused("followup.not_found", pc, lambda: steps.contact(boss, number + 1000, NOTE))
    contacted = steps.contact(boss, number, NOTE)
    assert (contacted.state, contacted.contact_note, contacted.contacted_by) == (
        "contacted", NOTE, "S001",
    )  # fmt: skip
    refused("followup.needs_rectification", pc, lambda: steps.close(boss, number, ""))
    fixed = steps.rectify(boss, number, "高峰时段增开社保窗口")
    assert (fixed.rectification, fixed.rectified_by, fixed.state) == (
        "高峰时段增开社保窗口", "S001", "contacted",
    )  # fmt: skip
    closed = steps.close(boss, number, "整改完成")
    assert (closed.state, closed.level, closed.closed_by, closed.close_note) == (
        "closed", "closed", "S001", "整改完成",
    )  # fmt: skip
    refused("followup.closed", pc, lambda: steps.contact(boss, number, NOTE))
    assert steps.followups() == ()
    assert [view.id for view in steps.followups("all")] == [number]
    assert steps.summary(TODAY, TODAY) == FollowUpSummary(1, 1, 1.0, 0, 0)


def test_an_upheld_appeal_takes_the_rating_out_of_the_figures(
    pc: Services, page: RatingPageService
) -> None:
    steps, clerk, boss = pc.rating_followups, login(pc), login(pc, "S001", None)
    other = login(pc, "1004", 4)
    number = bad_followup(pc, page)
    (arrived,) = pc.ratings.fetch_new()  # the window's feed takes the bad rating
    assert arrived.bad and not arrived.excluded
    reason = "群众误选，现场已确认满意"
    refused("followup.not_allowed", pc, lambda: steps.request_appeal(other, number, reason))
    refused(
        "followup.appeal_not_requested", pc, lambda: steps.decide_appeal(boss, number, True, "x")
    )
    asked = steps.request_appeal(clerk, number, reason)
    assert (asked.appeal_state, asked.appeal_by, asked.appeal_reason) == (
        "requested",
        "1003",
        reason,
    )
    refused("followup.appeal_pending", pc, lambda: steps.close(boss, number, ""))
    refused("followup.not_allowed", pc, lambda: steps.decide_appeal(clerk, number, True, "x"))
    decided = steps.decide_appeal(boss, number, True, "监控显示服务规范")
    assert (decided.appeal_state, decided.state, decided.level) == ("upheld", "closed", "closed")
    assert (decided.appeal_decided_by, decided.closed_by, decided.rating.excluded) == (
        "S001", "S001", True,
    )  # fmt: skip
    (row,) = pc.rating_stats.stats(TODAY, TODAY, "window")
    assert (row.count, row.levels, row.bad, row.excluded) == (0, (0, 0, 0, 0, 0), 0, 1)
    assert pc.rating_followups.summary(TODAY, TODAY) == FollowUpSummary(0, 0, 1.0, 0, 0)
    # the window's feed takes it again, and its list holds it once, marked
    (again,) = pc.ratings.fetch_new()
    assert (again.visit_id, again.excluded) == (arrived.visit_id, True) and again.seq > arrived.seq
    assert pc.ratings.fetch_new() == ()
    (listed,) = pc.ratings.window_ratings(3, TODAY)
    assert (listed.visit_id, listed.excluded) == (arrived.visit_id, True)


def test_nobody_decides_their_own_appeal_and_reassigning_names_a_supervisor(
    pc: Services, page: RatingPageService
) -> None:
    steps, boss, admin = pc.rating_followups, login(pc, "S001", None), login(pc, "admin", None)
    number = bad_followup(pc, page)
    steps.request_appeal(boss, number, "评价对象有误")
    refused("followup.own_appeal", pc, lambda: steps.decide_appeal(boss, number, True, "成立"))
    rejected = steps.decide_appeal(admin, number, False, "申诉理由不成立")
    assert (rejected.appeal_state, rejected.state) == ("rejected", "open")
    refused("followup.appeal_done", pc, lambda: steps.request_appeal(boss, number, "再次申诉"))
    refused("followup.assignee", pc, lambda: steps.reassign(boss, number, "1003"))
    moved = steps.reassign(boss, number, "admin")
    assert (moved.assignee_no, moved.assignee_name) == ("admin", "系统管理员")


# -- the default rating ------------------------------------------------------------------------


def test_only_old_unrated_visits_default_and_only_with_the_option_on(
    pc: Services, page: RatingPageService
) -> None:
    clerk = login(pc)
    old, rated = ticket_code(pc, clerk), ticket_code(pc, clerk)
    rate(page, rated)
    clock(pc).advance(timedelta(days=5))
    ticket_code(pc, clerk)  # 3 days old when the defaults run: left alone
    pc.sync.sync_once()  # the visits reach the central database
    clock(pc).advance(timedelta(days=3))
    assert pc.ratings.apply_defaults() == 0  # the option is off
    refused("rating.settings_default_after", pc, lambda: pc.ratings.update_settings(
        default_after_days=31))  # fmt: skip
    assert pc.ratings.update_settings(default_after_days=7).default_after_days == 7
    assert pc.ratings.apply_defaults() == 1
    assert pc.ratings.apply_defaults() == 0
    *_, defaulted = pc.ratings.fetch_new()
    assert (defaulted.visit_id, defaulted.ref, defaulted.defaulted) == (old.visit_id, old.ref, True)
    levels = (defaulted.overall, defaulted.efficiency, defaulted.competence, defaulted.attitude)
    assert levels == (3, 3, 3, 3) and not defaulted.bad
    assert page.state(token_of(old)).status == "used"


# -- the figures and the options ----------------------------------------------------------------


def test_figures_by_window_staff_item_and_day_and_the_csv(
    pc: Services, page: RatingPageService
) -> None:
    clerk = login(pc)
    rate(page, ticket_code(pc, clerk), GOOD)
    rate(page, ticket_code(pc, clerk), BAD)
    case = pc.ratings.code_for_visit("case", "SL2026-05-0001", 5, "1005", item_code="SF-GT-0101")
    assert peek(token_of(case)).case == "SL2026-05-0001"
    rate(page, case, replace(GOOD, overall=3))
    clock(pc).advance(timedelta(days=1))
    rate(page, ticket_code(pc, clerk), replace(GOOD, overall=4))
    end = TODAY + timedelta(days=1)
    stats = pc.rating_stats
    assert stats.stats(TODAY, end, "window") == (
        RatingStatRow("3", "3号窗口", 3, (1, 1, 0, 0, 1), 2 / 3, 10 / 3, 1, 0, 0),
        RatingStatRow("5", "5号窗口", 1, (0, 0, 1, 0, 0), 1.0, 3.0, 0, 0, 0),
    )
    assert [(r.key, r.label, r.count) for r in stats.stats(TODAY, end, "staff")] == [
        ("1003", "王芳", 3), ("1005", "陈静", 1),
    ]  # fmt: skip
    assert [(r.key, r.label, r.count) for r in stats.stats(TODAY, end, "item")] == [
        ("", "（无事项）", 3), ("SF-GT-0101", "个体工商户设立登记", 1),
    ]  # fmt: skip
    by_day = [(r.key, r.count) for r in stats.stats(TODAY, end, "day")]
    assert by_day == [("2026-11-23", 3), ("2026-11-24", 1)]
    lines = stats.stats_csv(TODAY, end, "window").splitlines()
    assert lines[0] == (
        "\ufeff编号,窗口,评价数,非常满意,满意,基本满意,不满意,非常不满意,满意率,平均分,差评,默认评价,申诉成立不计"
    )
    assert lines[1:] == [
        "3,3号窗口,3,1,1,0,0,1,66.67%,3.33,1,0,0",
        "5,5号窗口,1,0,0,1,0,0,100.00%,3.00,0,0,0",
    ]
    english = build_services(replace(pc.config, language="en"), pc.clock)
    try:
        header = english.rating_stats.stats_csv(TODAY, end, "staff").splitlines()[0]
    finally:
        english.close()
    assert header.startswith("\ufeffKey,Staff,Ratings,Very satisfied,Satisfied,")
    refused("rating.stats_by", pc, lambda: stats.stats(TODAY, end, "month"))
    refused("rating.stats_range", pc, lambda: stats.stats(end, TODAY, "day"))
    refused(
        "rating.stats_range", pc, lambda: stats.stats(TODAY, TODAY + timedelta(days=366), "day")
    )


def test_options_are_checked_and_a_rotated_secret_keeps_old_codes_valid(
    pc: Services, page: RatingPageService
) -> None:
    assert pc.ratings.settings() == RatingSettingsView(7, 5, "", 0, "http://127.0.0.1:8765/rate")
    for bad in ({"expiry_days": 0}, {"expiry_days": 91}, {"followup_days": 61}):
        code = "rating.settings_expiry" if "expiry_days" in bad else "rating.settings_followup_days"
        refused(code, pc, lambda bad=bad: pc.ratings.update_settings(**bad))  # type: ignore[misc]
    assert pc.ratings.update_settings(expiry_days=30, followup_days=15).expiry_days == 30
    before = ticket_code(pc)
    assert before.expires_at == pc.clock.now() + timedelta(days=30)
    assert page.state(token_of(before)).status == "ok"
    pc.ratings.rotate_secret()
    after = ticket_code(pc)
    fresh_page = RatingPageService(pc.context)  # another worker, reading the secrets anew
    assert [fresh_page.state(token_of(c)).status for c in (before, after)] == ["ok", "ok"]
    pc.ratings.rotate_secret()
    assert fresh_page.state(token_of(before)).status == "ok"  # its copy is fresh for 60 s
    assert RatingPageService(pc.context).state(token_of(before)).status == "forged"

"""好差评 rules: names, the citizen's form, the figures, settings, the follow-up steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.errors import DeskError
from desk_client.core.messages import MESSAGES
from desk_client.core.rating_followups import (
    TEXT_MAX,
    check_followup_text,
    check_may_act,
    may_act,
)
from desk_client.core.ratings import (
    BAD_LEVELS,
    INDICATORS,
    LEVELS,
    REASONS,
    AppealState,
    FollowUpAction,
    FollowUpState,
    FollowUpStatus,
    RatingForm,
    RatingFormError,
    average_level,
    check_default_after_days,
    check_expiry_days,
    check_followup_days,
    check_form,
    check_stats_request,
    default_rating,
    followup_level,
    followup_rate,
    indicator_name,
    join_reasons,
    level_counts,
    level_name,
    next_followup_state,
    reason_name,
    satisfaction,
    split_reasons,
    stats_by_name,
)
from desk_client.core.workdays import WorkCalendar

GOOD = RatingForm(overall=5, efficiency=4, competence=5, attitude=5)


def problems_of(form: RatingForm) -> tuple[tuple[str, str], ...]:
    with pytest.raises(RatingFormError) as caught:
        check_form(form)
    assert caught.value.code == "rating.form_invalid"
    assert caught.value.params["count"] == len(caught.value.problems)
    return caught.value.problems


# --- names ---------------------------------------------------------------------------------


def test_levels_and_names() -> None:
    assert LEVELS == (5, 4, 3, 2, 1) and frozenset({1, 2}) == BAD_LEVELS
    assert [level_name(level) for level in LEVELS] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert level_name(1, "en") == "Very dissatisfied"
    assert [indicator_name(key) for key in INDICATORS] == [
        "整体满意度",
        "服务效率",
        "服务水平",
        "服务态度",
    ]
    assert REASONS == ("slow", "attitude", "unclear", "materials", "rules", "other")
    assert reason_name("unclear") == "告知不清/一次性告知不到位"
    assert reason_name("other", "en-US") == "Other" and stats_by_name("staff") == "工作人员"


def test_every_problem_code_has_a_message() -> None:
    codes = {"rating.level_required", "rating.level_invalid", "rating.reason_unknown"}
    codes |= {"rating.comment_too_long", "rating.reason_required", "rating.other_needs_text"}
    assert codes <= MESSAGES.keys()
    assert all("{" not in MESSAGES[code]["zh_CN"] for code in codes)  # problems carry no params


# --- the form ------------------------------------------------------------------------------


def test_a_good_rating_passes_and_drops_ticked_reasons() -> None:
    valid = check_form(replace(GOOD, reasons=("slow",), comment="  很好  "))
    assert (valid.overall, valid.efficiency, valid.competence, valid.attitude) == (5, 4, 5, 5)
    assert valid.reasons == () and valid.comment == "很好" and not valid.bad


def test_a_bad_rating_keeps_its_reasons_in_page_order() -> None:
    form = RatingForm(2, 2, 3, 1, reasons=("other", "slow", "slow"), comment="等了两个小时")
    valid = check_form(form)
    assert valid.bad and valid.reasons == ("slow", "other")


def test_every_problem_is_listed_at_once() -> None:
    form = RatingForm(1, None, 7, True, reasons=("nonsense", "other"), comment=" " * 3)
    assert problems_of(form) == (
        ("efficiency", "rating.level_required"),
        ("competence", "rating.level_invalid"),
        ("attitude", "rating.level_invalid"),
        ("reasons", "rating.reason_unknown"),
        ("comment", "rating.other_needs_text"),
    )


@pytest.mark.parametrize("overall", sorted(BAD_LEVELS))
def test_a_bad_rating_needs_a_reason_or_a_comment(overall: int) -> None:
    bare = RatingForm(overall, 3, 3, 3)
    assert problems_of(bare) == (("reasons", "rating.reason_required"),)
    assert check_form(replace(bare, comment="窗口无人")).reasons == ()
    assert check_form(replace(bare, reasons=("attitude",))).comment == ""


def test_a_comment_over_200_characters_is_refused_but_200_pass() -> None:
    assert check_form(replace(GOOD, comment="好" * 200)).comment == "好" * 200
    assert problems_of(replace(GOOD, comment="好" * 201)) == (
        ("comment", "rating.comment_too_long"),
    )


def test_control_characters_are_dropped_from_the_comment() -> None:
    form = RatingForm(2, 2, 2, 2, comment="\x00等候\r\n太久\x07\ud800 ")
    assert check_form(form).comment == "等候\n太久"
    assert problems_of(RatingForm(2, 2, 2, 2, comment="\x00\x01")) == (
        ("reasons", "rating.reason_required"),
    )


level_value = st.one_of(st.none(), st.integers(-3, 8), st.booleans())


@settings(max_examples=200)
@given(
    st.tuples(level_value, level_value, level_value, level_value),
    st.lists(st.sampled_from([*REASONS, "bogus"]), max_size=4),
    st.text(max_size=230),
)
def test_the_form_either_passes_whole_or_names_each_problem(
    levels: tuple[int | None, int | None, int | None, int | None], reasons: list[str], comment: str
) -> None:
    overall, efficiency, competence, attitude = levels
    form = RatingForm(overall, efficiency, competence, attitude, tuple(reasons), comment)
    try:
        valid = check_form(form)
    except RatingFormError as error:
        assert error.problems and len(set(error.problems)) == len(error.problems)
        assert {field for field, _ in error.problems} <= {*INDICATORS, "reasons", "comment"}
        return
    assert all(getattr(valid, key) in LEVELS for key in INDICATORS)
    assert valid.bad == (valid.overall in BAD_LEVELS) and len(valid.comment) <= 200
    assert not valid.bad or valid.reasons or valid.comment
    assert set(valid.reasons) <= set(REASONS)


def test_the_default_rating_is_fairly_satisfied_everywhere() -> None:
    rating = default_rating()
    assert {rating.overall, rating.efficiency, rating.competence, rating.attitude} == {3}
    assert not rating.bad


def test_reasons_are_stored_comma_joined() -> None:
    assert join_reasons(("slow", "other")) == "slow,other"
    assert split_reasons("slow,other") == ("slow", "other") and split_reasons("") == ()


# --- figures -------------------------------------------------------------------------------


def test_satisfaction_counts_fairly_satisfied_and_better() -> None:
    assert satisfaction({}) == 1.0
    assert satisfaction({5: 6, 3: 2, 2: 1, 1: 1}) == 0.8
    assert satisfaction({1: 3}) == 0.0
    assert average_level({5: 1, 1: 1}) == 3.0 and average_level({}) == 0.0


def test_level_counts_are_in_level_order() -> None:
    assert level_counts([5, 5, 1, 3, 9]) == (2, 0, 1, 0, 1)


def test_followup_rate() -> None:
    assert followup_rate(0, 0) == 1.0
    assert followup_rate(4, 3) == 0.75
    for bad, followed in ((2, 3), (-1, 0), (1, -1)):
        with pytest.raises(ValueError, match="followed"):
            followup_rate(bad, followed)


# --- settings and statistics ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "good", "bad", "code"),
    [
        (check_expiry_days, (1, 7, 90), (0, 91), "rating.settings_expiry"),
        (check_followup_days, (1, 5, 60), (0, 61), "rating.settings_followup_days"),
        (check_default_after_days, (0, 7, 30), (-1, 31), "rating.settings_default_after"),
    ],
)
def test_settings_ranges(
    check: Callable[[int], int], good: tuple[int, ...], bad: tuple[int, ...], code: str
) -> None:
    assert [check(days) for days in good] == list(good)
    for days in bad:
        with pytest.raises(DeskError) as caught:
            check(days)
        assert caught.value.code == code and str(days) in caught.value.message()


def test_statistics_requests() -> None:
    check_stats_request(date(2026, 1, 1), date(2026, 12, 31), "item")
    check_stats_request(date(2024, 1, 1), date(2024, 12, 31), "day")  # a leap year: 366 days
    refusals = [
        (date(2026, 1, 1), date(2026, 1, 1), "hall", "rating.stats_by"),
        (date(2026, 1, 2), date(2026, 1, 1), "day", "rating.stats_range"),
        (date(2025, 1, 1), date(2026, 1, 2), "day", "rating.stats_range"),
    ]
    for start, end, by, code in refusals:
        with pytest.raises(DeskError) as caught:
            check_stats_request(start, end, by)
        assert caught.value.code == code


# --- the follow-up -------------------------------------------------------------------------

OPEN = FollowUpStatus()


def step(status: FollowUpStatus, action: str, actor: str = "M01", **extra: bool) -> FollowUpStatus:
    return next_followup_state(status, action, actor=actor, **extra)


def refusal(status: FollowUpStatus, action: str, actor: str = "M01", **extra: bool) -> str:
    with pytest.raises(DeskError) as caught:
        step(status, action, actor, **extra)
    return caught.value.code


def test_the_ordinary_path_contact_rectify_close() -> None:
    contacted = step(OPEN, "contact")
    assert contacted.state is FollowUpState.CONTACTED and contacted.contacted
    fixed = step(contacted, "rectify")
    assert fixed.rectified and fixed.state is FollowUpState.CONTACTED
    assert step(fixed, "close").state is FollowUpState.CLOSED


def test_closing_needs_a_contact_and_a_rectification() -> None:
    assert refusal(OPEN, "close") == "followup.needs_contact"
    assert refusal(step(OPEN, "contact"), "close") == "followup.needs_rectification"
    assert refusal(step(OPEN, "rectify"), "close") == "followup.needs_contact"


def test_nothing_happens_to_a_closed_follow_up() -> None:
    closed = replace(OPEN, state=FollowUpState.CLOSED, contacted=True, rectified=True)
    for action in FollowUpAction:
        assert refusal(closed, action.value, upheld=True) == "followup.closed"
    with pytest.raises(DeskError) as caught:
        step(closed, "contact")
    assert "登记回访" in caught.value.message() and "record a contact" in str(caught.value)


def test_an_upheld_appeal_closes_without_contact_or_rectification() -> None:
    appealed = step(OPEN, "appeal", actor="S001")
    assert appealed.appeal is AppealState.REQUESTED and appealed.appeal_by == "S001"
    assert refusal(appealed, "close") == "followup.appeal_pending"
    upheld = step(appealed, "decide", upheld=True)
    assert upheld.appeal is AppealState.UPHELD and upheld.state is FollowUpState.CLOSED


def test_a_rejected_appeal_leaves_the_follow_up_to_be_done_and_cannot_repeat() -> None:
    rejected = step(step(OPEN, "appeal", actor="S001"), "decide", upheld=False)
    assert rejected.appeal is AppealState.REJECTED and rejected.state is FollowUpState.OPEN
    assert refusal(rejected, "appeal", actor="S001") == "followup.appeal_done"
    assert step(step(step(rejected, "contact"), "rectify"), "close").state is FollowUpState.CLOSED


def test_appeal_rules() -> None:
    appealed = step(OPEN, "appeal", actor="M02")
    assert refusal(appealed, "appeal") == "followup.appeal_pending"
    assert refusal(OPEN, "decide", upheld=True) == "followup.appeal_not_requested"
    assert refusal(appealed, "decide", actor="M02", upheld=True) == "followup.own_appeal"
    with pytest.raises(ValueError, match="upheld"):
        step(appealed, "decide")


def test_contact_and_rectification_are_allowed_while_an_appeal_waits() -> None:
    appealed = step(OPEN, "appeal", actor="S001")
    assert step(step(appealed, "contact"), "rectify").appeal is AppealState.REQUESTED


def test_reassign_changes_nothing_in_the_status() -> None:
    assert step(OPEN, "reassign") == OPEN


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="nonsense"):
        step(OPEN, "nonsense")


@settings(max_examples=150)
@given(st.lists(st.tuples(st.sampled_from(list(FollowUpAction)), st.booleans()), max_size=12))
def test_a_closed_follow_up_was_contacted_and_rectified_or_upheld(
    actions: list[tuple[FollowUpAction, bool]],
) -> None:
    status = OPEN
    for action, flag in actions:
        actor = "S001" if action is FollowUpAction.APPEAL else "M01"
        try:
            status = step(status, action.value, actor, upheld=flag)
        except DeskError:
            continue
    if status.state is FollowUpState.CLOSED:
        assert status.appeal is AppealState.UPHELD or (status.contacted and status.rectified)
    assert status.appeal is not AppealState.REQUESTED or status.state is not FollowUpState.CLOSED


def test_who_may_act() -> None:
    for role in ("supervisor", "admin"):
        assert all(may_act(role, action, "M01", "S001") for action in FollowUpAction)
    assert may_act("clerk", "appeal", "S001", "S001")
    assert not may_act("clerk", "appeal", "S002", "S001")
    assert not may_act("clerk", "appeal", "", "")
    assert not any(may_act("clerk", a, "S001", "S001") for a in FollowUpAction if a != "appeal")
    with pytest.raises(DeskError) as caught:
        check_may_act("clerk", "close", "S001", "S001")
    assert caught.value.code == "followup.not_allowed" and "办结" in caught.value.message()


def test_followup_texts() -> None:
    assert (
        check_followup_text("  已致电，当事人表示理解 ", "contact_note") == "已致电，当事人表示理解"
    )
    assert check_followup_text("  ", "close_note", required=False) == ""
    with pytest.raises(DeskError) as caught:
        check_followup_text(" ", "rectification")
    assert caught.value.code == "followup.text_required" and "整改措施" in caught.value.message()
    with pytest.raises(DeskError) as caught:
        check_followup_text("字" * (TEXT_MAX + 1), "appeal_reason")
    assert caught.value.code == "followup.text_too_long" and "501" in caught.value.message()


# --- the board's light ---------------------------------------------------------------------

CAL = WorkCalendar()
YELLOW = (1, 0)  # yellow on the last working day before the due day


def light(due: date | None, today: date, *, closed: bool = False, cal: WorkCalendar = CAL) -> str:
    return followup_level(due, today, cal, YELLOW, created=date(2025, 10, 9), closed=closed)


def test_followup_level_like_a_promised_reply() -> None:
    due = date(2025, 10, 14)  # after the National Day week; 2025-10-11 is a make-up Saturday
    assert light(due, date(2025, 10, 9)) == "green"
    assert light(due, date(2025, 10, 13)) == "yellow"
    assert light(due, date(2025, 10, 14)) == "yellow"
    assert light(due, date(2025, 10, 15)) == "red"
    assert light(due, date(2025, 10, 15), closed=True) == "closed"
    assert light(None, date(2025, 10, 9)) == "missing"


def test_followup_level_without_the_calendar_year_is_missing() -> None:
    due = date(2099, 1, 10)
    assert light(due, date(2099, 1, 5)) == "missing"
    assert light(due, date(2099, 1, 11)) == "red"  # overdue needs no calendar

"""The first-inquiry log (首问负责): the step table, numbers, reply dates, levels, the form."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.deadlines import Level
from desk_client.core.errors import DeskError
from desk_client.core.inquiries import (
    CLOSED_STATES,
    INITIAL_STATE,
    MAX_MATERIALS,
    InquiryAction,
    InquiryChannel,
    InquiryState,
    PersonKind,
    allowed_steps,
    check_contact,
    check_draft,
    check_materials,
    check_referral_target,
    check_reply_date,
    check_text,
    follow_up_level,
    format_inquiry_number,
    handler_after,
    inquiry_scan_code,
    is_closed,
    looks_like_inquiry_input,
    next_inquiry_state,
    normalise_inquiry_number,
    parse_inquiry_number,
    read_inquiry_input,
    reply_date,
)
from desk_client.core.messages import MESSAGES
from desk_client.core.messages_inquiries import (
    INQUIRY_STATE_NAMES,
    INQUIRY_STEP_NAMES,
    INQUIRY_TEXT_NAMES,
)
from desk_client.core.workdays import WorkCalendar

S, A = InquiryState, InquiryAction
CAL = WorkCalendar()
D = date
TODAY = D(2025, 11, 20)
ID = "11010519491231002X"
CREDIT = "91350100M000100Y43"

# Written out again from the issue, not copied from the module: the two must agree.
EXPECTED: dict[tuple[InquiryState, InquiryAction], InquiryState] = {
    (S.OPEN, A.ANSWER): S.ANSWERED,
    (S.OPEN, A.GUIDE): S.GUIDED,
    (S.OPEN, A.FOLLOW_UP): S.FOLLOW_UP,
    (S.OPEN, A.REFER): S.REFERRED,
    (S.FOLLOW_UP, A.REFER): S.REFERRED,
    (S.REFERRED, A.ACCEPT): S.IN_HAND,
    (S.REFERRED, A.HAND_BACK): S.OPEN,
    (S.IN_HAND, A.HAND_BACK): S.OPEN,
    (S.IN_HAND, A.REPLY): S.REPLIED,
    (S.FOLLOW_UP, A.REPLY): S.REPLIED,
    (S.REPLIED, A.CLOSE): S.CLOSED,
}


@pytest.mark.parametrize(("state", "step"), list(itertools.product(S, A)))
def test_every_step_from_every_state(state: InquiryState, step: InquiryAction) -> None:
    expected = EXPECTED.get((state, step))
    if expected is not None:
        assert next_inquiry_state(state.value, step.value) is expected
        assert step in allowed_steps(state)
        return
    assert step not in allowed_steps(state)
    with pytest.raises(DeskError) as error:
        next_inquiry_state(state, step, number="SW2026-03-0001")
    assert error.value.code == "inquiry.transition_forbidden"
    zh, en = error.value.message("zh_CN"), error.value.message("en")
    assert "SW2026-03-0001" in zh and "SW2026-03-0001" in en
    assert INQUIRY_STATE_NAMES[state][0] in zh and INQUIRY_STATE_NAMES[state][1] in en
    assert INQUIRY_STEP_NAMES[step][0] in zh and INQUIRY_STEP_NAMES[step][1] in en


def test_a_refusal_reads_well() -> None:
    with pytest.raises(DeskError) as error:
        next_inquiry_state("closed", "refer", "SW2026-03-0001")
    assert error.value.message("en") == "Inquiry SW2026-03-0001 is closed; it cannot be referred"
    assert error.value.message("zh_CN") == "咨询 SW2026-03-0001 当前为“已办结”，不能转办"


def test_unknown_states_and_steps_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="nonsense"):
        next_inquiry_state("nonsense", "answer")
    with pytest.raises(ValueError, match="nonsense"):
        next_inquiry_state("open", "nonsense")


def test_closed_states_accept_nothing_and_the_rest_something() -> None:
    assert INITIAL_STATE is S.OPEN
    assert {state for state in S if not allowed_steps(state)} == set(CLOSED_STATES)
    assert is_closed("answered") and is_closed(S.GUIDED) and is_closed("closed")
    assert not any(is_closed(state) for state in S if state not in CLOSED_STATES)


def test_every_name_table_covers_its_enum() -> None:
    assert set(INQUIRY_STATE_NAMES) == {state.value for state in S}
    assert set(INQUIRY_STEP_NAMES) == {step.value for step in A}
    assert set(INQUIRY_TEXT_NAMES) >= {"answer", "reply", "reason", "body", "note"}
    assert all(code in MESSAGES for code in ("inquiry.transition_forbidden", "absence.overlaps"))


@settings(max_examples=80)
@given(st.lists(st.sampled_from(list(A)), max_size=25))
def test_a_walk_moves_as_the_table_says_or_is_refused(steps: list[InquiryAction]) -> None:
    state = INITIAL_STATE
    for step in steps:
        expected = EXPECTED.get((state, step))
        try:
            state = next_inquiry_state(state, step)
        except DeskError as error:
            assert error.code == "inquiry.transition_forbidden" and expected is None
        else:
            assert state is expected
    assert not is_closed(state) or not allowed_steps(state)


def test_the_handler_after_each_step() -> None:
    assert handler_after("refer", "0001", "0001", "0002") == "0002"
    assert handler_after(A.REFER, "0001", "0001") == "0001"  # a department: the owner follows
    assert handler_after("accept", "0001", "0002") == "0002"
    for step in ("hand_back", "reply", "follow_up", "answer", "guide", "close"):
        assert handler_after(step, "0001", "0002") == "0001"


# Numbers -----------------------------------------------------------------------------------


def test_numbers_look_like_notice_numbers() -> None:
    assert format_inquiry_number(2026, 3, 1) == "SW2026-03-0001"
    assert format_inquiry_number(2026, None, 12) == "SW2026-00-0012"
    assert format_inquiry_number(2026, 120, 12345) == "SW2026-120-12345"
    assert parse_inquiry_number(" sw2026-03-0001 ") == (2026, 3, 1)
    assert normalise_inquiry_number("sw2026-00-0012") == "SW2026-00-0012"


@pytest.mark.parametrize(("year", "window", "seq"), [(999, 1, 1), (2026, -1, 1), (2026, 1, 0)])
def test_no_number_for_nonsense(year: int, window: int, seq: int) -> None:
    with pytest.raises(ValueError, match="no inquiry number"):
        format_inquiry_number(year, window, seq)


@pytest.mark.parametrize(
    "text",
    [
        "SW2026-3-0001",
        "SW2026-03-001",
        "SW2026-03-0000",
        "SW2026-03-00001",
        "GZ2026-03-0001",
        "SW２０２６-03-0001",
        "SW2026-03-" + "1" * 5000,
        "",
        "0591-87654321",
    ],
)
def test_only_the_canonical_spelling_is_a_number(text: str) -> None:
    with pytest.raises(DeskError) as error:
        parse_inquiry_number(text)
    assert error.value.code == "inquiry.bad_number"
    assert len(error.value.message("en")) < 120


@settings(max_examples=80)
@given(st.integers(1000, 9999), st.one_of(st.none(), st.integers(0, 999)), st.integers(1, 10**6))
def test_numbers_round_trip(year: int, window: int | None, seq: int) -> None:
    number = format_inquiry_number(year, window, seq)
    assert parse_inquiry_number(number.lower()) == (year, window or 0, seq)


def test_typed_and_scanned_input() -> None:
    code = inquiry_scan_code("demo", "SW2026-03-0001")
    assert code == "DESKN|demo|SW2026-03-0001"
    assert read_inquiry_input(code) == ("demo", "SW2026-03-0001")
    assert read_inquiry_input("sw2026-03-0001") == (None, "SW2026-03-0001")
    for bad in ("DESKN||SW2026-03-0001", "a|b", "DESKN|demo|GZ2026-03-0001"):
        with pytest.raises(DeskError) as error:
            read_inquiry_input(bad)
        assert error.value.code == "inquiry.bad_number"
    assert looks_like_inquiry_input(" sw2026") and looks_like_inquiry_input(code)
    assert not looks_like_inquiry_input("13800138000") and not looks_like_inquiry_input("王芳")


# Reply dates and levels --------------------------------------------------------------------


def test_reply_dates_count_working_days() -> None:
    """The domain's example: 5 working days after 2025-09-30 is 2025-10-14 (the National Day
    week off, Saturday 10-11 a make-up working day)."""
    assert reply_date(D(2025, 9, 30), 5, CAL) == D(2025, 10, 14)
    assert reply_date(D(2025, 11, 21), 1, CAL) == D(2025, 11, 24)  # Friday -> Monday
    assert reply_date(TODAY, 60, CAL) > TODAY


@pytest.mark.parametrize("days", [0, -1, 61])
def test_reply_days_out_of_range(days: int) -> None:
    with pytest.raises(DeskError) as error:
        reply_date(TODAY, days, CAL)
    assert error.value.code == "inquiry.reply_days" and str(days) in error.value.message("en")


def test_reply_date_needs_the_calendar() -> None:
    with pytest.raises(DeskError) as error:
        reply_date(D(2026, 12, 30), 5, CAL)
    assert error.value.code == "calendar.missing" and error.value.params["year"] == 2027


def test_a_reply_date_in_the_past_is_refused() -> None:
    assert check_reply_date(TODAY, TODAY) == TODAY
    with pytest.raises(DeskError) as error:
        check_reply_date(D(2025, 11, 19), TODAY)
    assert error.value.code == "inquiry.reply_in_past"
    assert "2025-11-19" in error.value.message("zh_CN")


def test_follow_up_levels_like_cases() -> None:
    logged, reply = D(2025, 11, 17), D(2025, 11, 24)  # Monday; 5 working days
    assert follow_up_level(D(2025, 11, 18), logged, reply, CAL, 1, 0) is Level.GREEN
    assert follow_up_level(D(2025, 11, 21), logged, reply, CAL, 1, 0) is Level.YELLOW
    assert follow_up_level(D(2025, 11, 24), logged, reply, CAL, 0, 0) is Level.YELLOW
    assert follow_up_level(D(2025, 11, 25), logged, reply, CAL, 1, 0) is Level.RED
    assert follow_up_level(D(2025, 11, 19), logged, reply, CAL, -1, 40) is Level.YELLOW
    assert follow_up_level(D(2025, 11, 18), logged, reply, CAL, -1, 40) is Level.GREEN


def test_follow_up_level_without_the_calendar() -> None:
    logged, reply = D(2026, 12, 28), D(2027, 1, 5)
    assert follow_up_level(D(2026, 12, 29), logged, reply, CAL, 1, 0) is Level.MISSING
    assert follow_up_level(D(2027, 1, 6), logged, reply, CAL, 1, 0) is Level.RED


# Texts of the steps --------------------------------------------------------------------------


def test_step_texts() -> None:
    assert check_text("  已答复 ", "answer") == "已答复"
    assert check_text("", "note", required=False) == ""
    for text, what, required in (("  ", "reason", True), ("x" * 1001, "note", False)):
        with pytest.raises(DeskError) as error:
            check_text(text, what, required)
        assert error.value.code == "inquiry.text_required"
        assert INQUIRY_TEXT_NAMES[what][0] in error.value.message("zh_CN")
        assert INQUIRY_TEXT_NAMES[what][1] in error.value.message("en")


def test_a_referral_names_one_target_not_oneself() -> None:
    assert check_referral_target(" 0002 ", "", "0001") == ("0002", "")
    assert check_referral_target("", " 市场监管局 ", "0001") == ("", "市场监管局")
    for staff, department, code in (
        ("", "", "inquiry.refer_target"),
        ("0002", "市场监管局", "inquiry.refer_target"),
        ("0001", "", "inquiry.refer_self"),
    ):
        with pytest.raises(DeskError) as error:
            check_referral_target(staff, department, "0001")
        assert error.value.code == code


# The form ------------------------------------------------------------------------------------


def test_a_good_form_is_normalised() -> None:
    checked = check_draft(
        " visit ",
        "person",
        " 王芳 ",
        " 13800138000 ",
        " 咨询营业执照变更 ",
        item_code=" 00013112700402 ",
        id_number="11010519491231002x",
        materials=[(" 身份证复印件 ", 1), ("营业执照", 2)],
        today=TODAY,
    )
    assert checked.channel is InquiryChannel.VISIT and checked.person_kind is PersonKind.PERSON
    assert (checked.person_name, checked.phone, checked.matter) == (
        "王芳",
        "13800138000",
        "咨询营业执照变更",
    )
    assert (checked.item_code, checked.id_number) == ("00013112700402", ID)
    assert checked.materials == (("身份证复印件", 1), ("营业执照", 2))


def test_optional_fields_may_stay_empty() -> None:
    checked = check_draft("letter", "organisation", "某公司", "", "问", today=TODAY)
    assert (checked.phone, checked.item_code, checked.id_number, checked.materials) == (
        "",
        "",
        "",
        (),
    )
    with_code = check_draft(
        "online", "organisation", "某公司", "", "问", id_number=CREDIT, today=TODAY
    )
    assert with_code.id_number == CREDIT


GOOD = {
    "channel": "visit",
    "person_kind": "person",
    "person_name": "王芳",
    "phone": "",
    "matter": "问",
}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"channel": "fax"}, "inquiry.channel"),
        ({"person_kind": "robot"}, "inquiry.person_kind"),
        ({"person_name": "  "}, "inquiry.name"),
        ({"person_name": "名" * 101}, "inquiry.name"),
        ({"channel": "phone"}, "inquiry.contact_required"),
        ({"phone": "12345"}, "phone.invalid"),
        ({"matter": " "}, "inquiry.matter"),
        ({"matter": "事" * 1001}, "inquiry.matter"),
        ({"item_code": "not a code"}, "inquiry.item_code"),
        ({"id_number": "110105194912310021"}, "id.checksum"),
        ({"id_number": ID, "person_kind": "organisation"}, "credit.checksum"),
        ({"id_number": CREDIT}, "id.characters"),
        ({"materials": [("", 1)]}, "inquiry.material_name"),
        ({"materials": [("x" * 201, 1)]}, "inquiry.material_name"),
        ({"materials": [("身份证", 0)]}, "inquiry.material_quantity"),
        ({"materials": [("身份证", 100)]}, "inquiry.material_quantity"),
        ({"materials": [("身份证", True)]}, "inquiry.material_quantity"),
        ({"materials": [("证", 1)] * (MAX_MATERIALS + 1)}, "inquiry.materials_count"),
    ],
)
def test_bad_forms_are_refused_by_name(change: dict[str, object], code: str) -> None:
    fields: dict[str, object] = {**GOOD, **change}
    with pytest.raises(DeskError) as error:
        check_draft(**fields, today=TODAY)  # type: ignore[arg-type]
    assert error.value.code == code
    assert error.value.message("zh_CN") != code and error.value.message("en") != code


def test_the_id_number_is_never_shown_whole() -> None:
    with pytest.raises(DeskError) as error:
        check_draft(**GOOD, id_number="110105194912310021", today=TODAY)  # type: ignore[arg-type]
    assert "110105194912310021" not in error.value.message("zh_CN")


def test_a_follow_up_needs_a_phone() -> None:
    assert check_contact("", required=False) == ""
    assert check_contact(" 0591-87654321 ", required=True, reason="follow_up") == "0591-87654321"
    with pytest.raises(DeskError) as error:
        check_contact(" ", required=True, reason="follow_up")
    assert error.value.code == "inquiry.contact_required"
    assert "follow-up" in error.value.message("en") and "约定答复" in error.value.message("zh_CN")


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.text(min_size=0, max_size=210), st.integers(-5, 120)), min_size=0, max_size=5
    )
)
def test_materials_are_kept_exactly_when_valid(materials: list[tuple[str, int]]) -> None:
    valid = all(1 <= len(name.strip()) <= 200 and 1 <= qty <= 99 for name, qty in materials)
    try:
        checked = check_materials(materials)
    except DeskError as error:
        assert not valid
        assert error.code in {"inquiry.material_name", "inquiry.material_quantity"}
    else:
        assert valid and checked == tuple((name.strip(), qty) for name, qty in materials)

"""The first-inquiry log (首问负责, issue 6) through the services, on every central backend.

An inquiry is logged at window 3 (owner: the clerk logged in) and answered on the spot; or
referred to a colleague at another PC, where it reaches the inbox through the central
database (sync, pull), is accepted and replied to, and the reply reaches the owner's PC, who
closes it; a receiver hands one back with a reason; a follow-up promises a reply in working
days and turns yellow, then red, as the fake clock walks on; a person outside the hall's remit
is guided elsewhere. Anyone can look an inquiry up by number (typed or scanned), phone or
name. Every bad input is refused with its code and changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desk_client.core.clock import FakeClock
from desk_client.core.inquiries import inquiry_scan_code
from desk_client.services.app import Services
from desk_client.services.dto_inquiries import InquiryView
from tests.integration.inquiry_helpers import (
    PHONE,
    another_pc,
    draft,
    events_of,
    login,
    pc3,
    pc6,
    refused,
    sync_all,
)

__all__ = ["pc3", "pc6"]  # the fixtures, used by name

MONDAY = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in the hall (Asia/Shanghai)


def local_day(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=UTC)


# -- logging and answering on the spot ---------------------------------------------------------


def test_an_inquiry_is_logged_with_its_owner_and_answered_on_the_spot(pc3: Services) -> None:
    clerk = login(pc3, "1003", 3)
    logged = pc3.inquiries.log(clerk, draft())
    assert logged == InquiryView(
        number="SW2026-03-0001",
        channel="visit",
        person_kind="person",
        person_name="赵敏",
        person_display="赵敏（1101**********002X）",
        phone=PHONE,
        matter="退休提取住房公积金需要带哪些材料？",
        item_code="",
        materials=(("身份证复印件", 1),),
        owner_no="1003",
        owner_name="王芳",
        handler_no="1003",
        handler_name="王芳",
        department="",
        state="open",
        promised_reply=None,
        level="",
        outcome="",
        created_at=MONDAY,
        closed_at=None,
        on_behalf_of="",
    )
    (event,) = events_of(pc3, "inquiry.logged")
    assert (event["owner_no"], event["logged_day"], event["id_number"]) == (
        "1003",
        "2026-11-23",
        "11010519491231002X",  # whole in the record (auditable); masked on every screen
    )
    assert [v.number for v in pc3.inquiries.mine(clerk)] == [logged.number]

    answered = pc3.inquiries.answer(clerk, logged.number, "  身份证、退休证、本人银行卡  ")
    assert (answered.state, answered.outcome) == ("answered", "身份证、退休证、本人银行卡")
    assert answered.closed_at == MONDAY and pc3.inquiries.mine(clerk) == ()
    second = pc3.inquiries.log(clerk, draft(person_name="孙强", id_number=""))
    assert second.number == "SW2026-03-0002" and second.person_display == "孙强"

    refused("inquiry.transition_forbidden", pc3, pc3.inquiries.answer, clerk, logged.number, "再答")
    detail = pc3.inquiries.detail(logged.number)
    assert [step.type for step in detail.timeline] == ["inquiry.logged", "inquiry.answered"]
    assert detail.timeline[1].detail == "身份证、退休证、本人银行卡"
    assert "visit" not in detail.timeline[0].detail  # a code, never shown as text
    assert detail.timeline[0].detail.endswith(logged.matter)
    assert detail.timeline[1].actor == "1003" and detail.timeline[1].on_behalf_of == ""

    pc3.sync.sync_once()
    assert pc3.sync.rejected() == ()


def test_a_guide_without_a_window_logs_with_its_desk_number(pc3: Services, tmp_path: Path) -> None:
    """The demo hall has windows 1-6 and PC 3 holds desk 3: a guide PC gets desk 7."""
    guide_pc = another_pc(pc3, None, tmp_path)
    try:
        guide = login(guide_pc, "1002", None)
        logged = guide_pc.inquiries.log(guide, draft(channel="phone"))
        assert logged.number == "SW2026-07-0001" and logged.owner_name == "李娜"
    finally:
        guide_pc.close()


# -- a referral from one PC to another -----------------------------------------------------------


def test_a_referral_is_answered_on_another_pc_and_closed_by_the_owner(
    pc3: Services, pc6: Services, fake_clock: FakeClock
) -> None:
    owner, receiver = login(pc3, "1003", 3), login(pc6, "1006", 6)
    number = pc3.inquiries.log(owner, draft()).number
    referred = pc3.inquiries.refer(owner, number, to_staff_no="1006", note="综合窗口熟悉此业务")
    assert (referred.state, referred.handler_no, referred.handler_name) == (
        "referred",
        "1006",
        "杨磊",
    )
    assert pc6.inquiries.inbox(receiver) == ()  # not pulled yet

    sync_all(pc3, pc6)
    (waiting,) = pc6.inquiries.inbox(receiver)
    assert (waiting.number, waiting.state, waiting.owner_name) == (number, "referred", "王芳")
    fake_clock.advance(timedelta(minutes=30))
    assert pc6.inquiries.accept(receiver, number).state == "in_hand"
    replied = pc6.inquiries.reply(receiver, number, "带身份证、退休证和银行卡即可当场办理")
    assert (replied.state, replied.handler_no) == ("replied", "1003")
    assert pc6.inquiries.inbox(receiver) == ()

    sync_all(pc6, pc3)
    (back,) = pc3.inquiries.inbox(owner)
    assert (back.state, back.outcome) == ("replied", "带身份证、退休证和银行卡即可当场办理")
    closed = pc3.inquiries.close(owner, number, "已电话告知")
    assert closed.state == "closed" and closed.closed_at == fake_clock.now()
    assert pc3.inquiries.inbox(owner) == () and pc3.inquiries.mine(owner) == ()

    sync_all(pc3, pc6)
    steps = pc6.inquiries.detail(number).timeline
    assert [(s.type, s.actor) for s in steps] == [
        ("inquiry.logged", "1003"),
        ("inquiry.referred", "1003"),
        ("inquiry.accepted", "1006"),
        ("inquiry.replied", "1006"),
        ("inquiry.closed", "1003"),
    ]
    assert steps[1].detail == "杨磊 · 0591-87000008 · 综合窗口熟悉此业务"
    assert steps[2].at == MONDAY + timedelta(minutes=30)
    assert pc3.sync.rejected() == () and pc6.sync.rejected() == ()


def test_a_referral_to_a_department_stays_with_the_owner(pc3: Services) -> None:
    owner = login(pc3, "1003", 3)
    number = pc3.inquiries.log(owner, draft()).number
    department = pc3.inquiries.departments()[1]
    assert department.name == "市住房公积金中心"
    referred = pc3.inquiries.refer(owner, number, department=department.name)
    assert (referred.handler_no, referred.department) == ("1003", "市住房公积金中心")
    assert [v.number for v in pc3.inquiries.inbox(owner)] == [number]  # to chase the reply
    assert pc3.inquiries.accept(owner, number).state == "in_hand"
    assert pc3.inquiries.reply(owner, number, "公积金中心答复：可网上办理").state == "replied"
    step = pc3.inquiries.detail(number).timeline[1]
    assert step.detail == "市住房公积金中心 · 黄科长（演示数据） 0591-87000102"


def test_the_receiver_hands_it_back_with_a_reason(pc3: Services, pc6: Services) -> None:
    owner, receiver = login(pc3, "1003", 3), login(pc6, "1006", 6)
    number = pc3.inquiries.log(owner, draft()).number
    pc3.inquiries.refer(owner, number, to_staff_no="1006")
    sync_all(pc3, pc6)
    refused("inquiry.text_required", pc6, pc6.inquiries.hand_back, receiver, number, "   ")
    back = pc6.inquiries.hand_back(receiver, number, "不属于综合窗口，请转不动产窗口")
    assert (back.state, back.handler_no, back.outcome) == (
        "open",
        "1003",
        "不属于综合窗口，请转不动产窗口",
    )
    sync_all(pc6, pc3)
    (returned,) = pc3.inquiries.inbox(owner)
    assert (returned.number, returned.state) == (number, "open")
    assert pc3.inquiries.refer(owner, number, to_staff_no="1005").handler_name == "陈静"


# -- a promised reply and its warning levels -------------------------------------------------------


def test_a_follow_up_counts_working_days_and_turns_yellow_then_red(
    pc3: Services, fake_clock: FakeClock
) -> None:
    owner = login(pc3, "1003", 3)
    number = pc3.inquiries.log(owner, draft()).number
    assert pc3.inquiries.promised_date(5) == date(2026, 11, 30)  # Tue..Fri, then Monday
    promised = pc3.inquiries.follow_up(owner, number, 5)
    assert (promised.state, promised.promised_reply, promised.level) == (
        "follow_up",
        date(2026, 11, 30),
        "green",
    )
    assert pc3.inquiries.inbox(owner) == ()  # not due yet
    assert [v.number for v in pc3.inquiries.board()] == [number]

    fake_clock.set(local_day(date(2026, 11, 27)))  # Friday: one working day left
    (due,) = pc3.inquiries.inbox(owner)
    assert due.level == "yellow" and pc3.inquiries.mine(owner)[0].level == "yellow"
    fake_clock.set(local_day(date(2026, 12, 1)))
    assert pc3.inquiries.inbox(owner)[0].level == "red"
    assert pc3.inquiries.board()[0].level == "red"

    replied = pc3.inquiries.reply(owner, number, "经核实，可于下周一办理")
    assert (replied.state, replied.level) == ("replied", "")
    assert pc3.inquiries.close(owner, number).state == "closed"


def test_a_follow_up_needs_a_phone_and_a_sensible_number_of_days(pc3: Services) -> None:
    owner = login(pc3, "1003", 3)
    no_phone = pc3.inquiries.log(owner, draft(phone="")).number
    refused("inquiry.contact_required", pc3, pc3.inquiries.follow_up, owner, no_phone, 5)
    number = pc3.inquiries.log(owner, draft()).number
    for days in (0, -1, 61):
        refused("inquiry.reply_days", pc3, pc3.inquiries.follow_up, owner, number, days)
    # 60 working days reach into 2027, which the calendar lacks: never a guessed date.
    refused("calendar.missing", pc3, pc3.inquiries.follow_up, owner, number, 60)
    assert pc3.inquiries.follow_up(owner, number, 20).promised_reply == date(2026, 12, 21)


# -- guided elsewhere ---------------------------------------------------------------------------


def test_a_person_outside_the_remit_is_guided_elsewhere(pc3: Services) -> None:
    owner = login(pc3, "1003", 3)
    number = pc3.inquiries.log(owner, draft(matter="护照到期换发")).number
    body, address, phone = "市公安局出入境管理支队", "示范市鼓楼区华林路100号", "0591-87000101"
    refused("phone.invalid", pc3, pc3.inquiries.guide, owner, number, body, address, "12")
    refused("inquiry.text_required", pc3, pc3.inquiries.guide, owner, number, " ", address, phone)
    refused("inquiry.text_required", pc3, pc3.inquiries.guide, owner, number, "局" * 201, "", "")
    refused("inquiry.field_too_long", pc3, pc3.inquiries.guide, owner, number, body, "路" * 201)
    guided = pc3.inquiries.guide(owner, number, body, address, phone)
    assert (guided.state, guided.department) == ("guided", body)
    assert guided.outcome == f"{body}；{address}；{phone}" and guided.closed_at is not None
    assert pc3.inquiries.detail(number).timeline[-1].detail == f"{body} · {address} · {phone}"


# -- lookup ----------------------------------------------------------------------------------


def test_lookup_by_number_typed_or_scanned_phone_or_name(pc3: Services, pc6: Services) -> None:
    owner = login(pc3, "1003", 3)
    first = pc3.inquiries.log(owner, draft()).number
    pc3.inquiries.log(owner, draft(person_name="孙强", phone="0591-87654321", id_number=""))
    hall = pc3.config.hall_code
    for text in (first, first.lower(), f"  {first} ", inquiry_scan_code(hall, first)):
        assert [v.number for v in pc3.inquiries.lookup(text)] == [first]
    assert [v.person_name for v in pc3.inquiries.lookup(PHONE)] == ["赵敏"]
    assert [v.person_name for v in pc3.inquiries.lookup("0591-87654321")] == ["孙强"]
    assert [v.person_name for v in pc3.inquiries.lookup("孙")] == ["孙强"]
    assert pc3.inquiries.lookup("钱") == () and pc3.inquiries.lookup("  ") == ()
    assert pc3.inquiries.lookup("SW2026-03-0404") == ()
    refused("inquiry.other_hall", pc3, pc3.inquiries.lookup, inquiry_scan_code("zz", first))
    refused("inquiry.bad_number", pc3, pc3.inquiries.lookup, "SW2026-3-1")

    pc3.sync.sync_once()  # pushed, but window 6's PC has not pulled yet: found centrally
    assert [v.number for v in pc6.inquiries.lookup(first)] == [first]
    assert pc6.inquiries.detail(inquiry_scan_code(hall, first)).inquiry.owner_no == "1003"
    assert [v.number for v in pc6.inquiries.lookup("赵")] == [first]


def test_the_receipt_slip_prints_and_is_kept_for_reprint(pc3: Services) -> None:
    owner = login(pc3, "1003", 3)
    number = pc3.inquiries.log(owner, draft()).number
    pc3.inquiries.refer(owner, number, to_staff_no="1006")
    printed = pc3.inquiries.print_slip(number)
    assert (printed.kind, printed.number) == ("inquiry_slip", number)
    assert printed.pdf.startswith(b"%PDF") and printed.pages
    refused("inquiry.not_found", pc3, pc3.inquiries.print_slip, "SW2026-03-0999")


# -- bad input changes nothing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "changes"),
    [
        ("inquiry.channel", {"channel": "fax"}),
        ("inquiry.person_kind", {"person_kind": "robot"}),
        ("inquiry.name", {"person_name": "  "}),
        ("phone.invalid", {"phone": "12345"}),
        ("inquiry.contact_required", {"channel": "phone", "phone": ""}),
        ("id.checksum", {"id_number": "110105194912310021"}),
        ("inquiry.matter", {"matter": ""}),
        ("inquiry.matter", {"matter": "问" * 1001}),
        ("notice.unknown_item", {"item_code": "NOPE0001"}),
        ("inquiry.material_quantity", {"materials": (("身份证复印件", 0),)}),
        ("inquiry.material_name", {"materials": (("  ", 1),)}),
    ],
)
def test_a_bad_form_is_refused_and_nothing_is_logged(
    pc3: Services, code: str, changes: dict[str, object]
) -> None:
    owner = login(pc3, "1003", 3)
    refused(code, pc3, pc3.inquiries.log, owner, draft(**changes))


def test_bad_steps_are_refused_and_change_nothing(pc3: Services) -> None:
    owner, other = login(pc3, "1003", 3), login(pc3, "1006", 3)
    number = pc3.inquiries.log(owner, draft()).number
    inquiries = pc3.inquiries
    refused("inquiry.refer_target", pc3, inquiries.refer, owner, number)
    refused("inquiry.refer_target", pc3, inquiries.refer, owner, number, "1006", "市不动产登记中心")
    refused("inquiry.refer_self", pc3, inquiries.refer, owner, number, "1003")
    refused("inquiry.unknown_staff", pc3, inquiries.refer, owner, number, "9999")
    refused("inquiry.unknown_department", pc3, inquiries.refer, owner, number, "", "市长办公室")
    check = inquiries.check_referral  # what the form asks before it logs: the same refusals
    refused("inquiry.unknown_staff", pc3, check, owner, "9999")
    refused("inquiry.unknown_department", pc3, check, owner, "", "市长办公室")
    refused("inquiry.refer_self", pc3, check, owner, "1003")
    assert (check(owner, "1006"), check(owner, "", "市不动产登记中心")) == ("1006", "")
    refused("phone.invalid", pc3, inquiries.check_guidance, "市公安局", "", "12")
    refused("inquiry.text_required", pc3, inquiries.answer, owner, number, "")
    refused("inquiry.text_required", pc3, inquiries.refer, owner, number, "1006", "", "注" * 1001)
    refused("inquiry.transition_forbidden", pc3, inquiries.accept, owner, number)
    refused("inquiry.transition_forbidden", pc3, inquiries.close, owner, number)
    refused("inquiry.not_yours", pc3, inquiries.answer, other, number, "我来答")
    refused("inquiry.not_found", pc3, inquiries.answer, owner, "SW2026-03-0999", "答")
    refused("inquiry.not_found", pc3, inquiries.detail, "SW2026-03-0999")
    refused("inquiry.bad_number", pc3, inquiries.answer, owner, "GZ2026-03-0001", "答")
    pc3.inquiries.refer(owner, number, to_staff_no="1006")
    refused("inquiry.not_yours", pc3, inquiries.accept, owner, number)  # the receiver's step
    boss = login(pc3, "S001", 3)
    assert inquiries.accept(boss, number).on_behalf_of == "1006"  # 督办: recorded as for 1006
    pc3.sync.sync_once()
    assert pc3.sync.rejected() == ()

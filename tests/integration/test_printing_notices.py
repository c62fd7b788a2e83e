"""What the printed notices say, read back from the PDF (pypdf), on the 80 mm roll and A4."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from unittest import mock

import pytest

from desk_client.core.checklist import requirement
from desk_client.core.notices import RIGHTS_TEXT, notice_scan_code
from desk_client.printing import notice_blocks
from desk_client.printing.notice_sheet import ONE_TIME_RULE, notice_sheet
from desk_client.printing.notices import render_notice, render_weekday_slip
from tests.integration.notice_samples import (
    ACCEPTANCE,
    COMPANY,
    CREDIT_CODE,
    FULL_ID,
    HALL,
    ISSUED_LOCAL,
    ITEM,
    MASKED_ID,
    MATERIALS,
    ONE_TIME,
    REASON,
    REJECTION,
    text,
)

PAPERS = ["80mm", "a4"]


def squeeze(words: str) -> str:
    return "".join(words.split())


def assert_all_in(page: str, expected: list[str]) -> None:
    missing = [word for word in expected if squeeze(word) not in page]
    assert missing == []


# --- 一次性告知单 -------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
def test_one_time_notice_carries_every_required_field(paper: str) -> None:
    page = text(render_notice(ONE_TIME, paper))
    assert_all_in(
        page,
        [
            "一次性告知单",
            "编号：GZ2026-03-0012",
            HALL,
            "申请人：张三" if paper == "80mm" else "申请人张三",
            MASKED_ID,
            "13800138000",
            ITEM.name,
            ITEM.code,
            ITEM.department,
            "设定依据：" + ITEM.legal_basis,
            "承诺时限：3个工作日",
            "法定时限：15个工作日",
            "收费标准：不收费",
            "咨询电话：0591-87654321",
            "投诉电话：12345",
            "经办人：李四（工号0123）",
            "0591-87654322",
            "3号窗口",
            ISSUED_LOCAL,
            ONE_TIME_RULE,
            "申请人签字：",
            "日期：",
            "窗口工作人员签字：",
        ],
    )


@pytest.mark.parametrize("paper", PAPERS)
def test_each_missing_material_with_its_requirement_and_reason(paper: str) -> None:
    page = text(render_notice(ONE_TIME, paper))
    told = [MATERIALS[1], MATERIALS[2], MATERIALS[3]]
    assert_all_in(page, [m.name for m in told] + [requirement(m) for m in told] + [REASON])
    assert "缺少" in page and "不符合要求" in page
    assert "需补正的材料（共3项）" in page
    for untold in (MATERIALS[0], MATERIALS[4]):  # present, and not applicable
        assert untold.name not in page


@pytest.mark.parametrize("paper", PAPERS)
def test_the_full_id_number_is_never_printed(paper: str) -> None:
    for notice in (ONE_TIME, ACCEPTANCE, REJECTION):
        pdf = render_notice(notice, paper)
        assert MASKED_ID in text(pdf)
        assert FULL_ID not in text(pdf)
        assert FULL_ID.encode() not in pdf  # nor in the metadata


@pytest.mark.parametrize("paper", PAPERS)
def test_an_organisation_prints_its_public_credit_code_and_contact(paper: str) -> None:
    page = text(render_notice(replace(ONE_TIME, applicant=COMPANY), paper))
    assert_all_in(page, [COMPANY.name, "统一社会信用代码", CREDIT_CODE, "联系人", "王五"])
    assert "身份证号码" not in page


@pytest.mark.parametrize("paper", PAPERS)
def test_a_return_visit_prints_the_supplementation_notice(paper: str) -> None:
    notice = replace(ONE_TIME, number="GZ2026-03-0020", refers_to="GZ2026-03-0012")
    page = text(render_notice(notice, paper))
    assert "补正材料通知书" in page and "一次性告知单" not in page
    assert_all_in(page, ["原告知单编号", "GZ2026-03-0012", "GZ2026-03-0020"])


@pytest.mark.parametrize("paper", PAPERS)
def test_the_qr_code_carries_the_notice_scan_code(paper: str) -> None:
    with mock.patch.object(
        notice_blocks, "draw_notice_qr", wraps=notice_blocks.draw_notice_qr
    ) as drawn:
        render_notice(ONE_TIME, paper)
    [call] = drawn.call_args_list
    assert call.args[1] == notice_scan_code("demo", "GZ2026-03-0012")
    assert notice_sheet(ONE_TIME).qr_payload == "DESKN|demo|GZ2026-03-0012"


@pytest.mark.parametrize("paper", PAPERS)
def test_typed_markup_is_printed_not_parsed(paper: str) -> None:
    odd = replace(ONE_TIME.lines[0], material="A&B <b>证明</b>", reason="x < y & z")
    page = text(render_notice(replace(ONE_TIME, lines=(odd,)), paper))
    assert "A&B<b>证明</b>" in page


def test_missing_optional_facts_print_no_none() -> None:
    bare = replace(
        ONE_TIME, clerk_phone="", window_number=None, promised_days=None, enquiry_phone=""
    )
    for paper in PAPERS:
        page = text(render_notice(bare, paper))
        assert "None" not in page and "承诺时限" not in page and "咨询电话" not in page
        assert "法定时限：15个工作日" in page and "投诉电话：12345" in page


def test_an_instant_item_says_so() -> None:
    page = text(render_notice(replace(ONE_TIME, promised_days=0), "a4"))
    assert "承诺时限：即办（当场办结）" in page


# --- 受理通知书 -------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
def test_acceptance_lists_received_materials_time_clerk_and_limit(paper: str) -> None:
    page = text(render_notice(ACCEPTANCE, paper))
    assert_all_in(
        page,
        [
            "受理通知书",
            "SL2026-03-0007",
            "决定予以受理",
            *ACCEPTANCE.received,
            "已收取的材料（共5项）",
            "受理时间：" + ISSUED_LOCAL,
            "办结期限：自受理之日起3个工作日",
            "承诺时限：3个工作日",
            "经办人：李四",
            "0591-87654322",
            "申请人签收：",
        ],
    )


def test_acceptance_without_a_promise_counts_the_statutory_limit() -> None:
    page = text(render_notice(replace(ACCEPTANCE, promised_days=None), "80mm"))
    assert "办结期限：自受理之日起15个工作日" in page


# --- 不予受理通知书 -----------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
def test_rejection_states_reason_basis_and_rights(paper: str) -> None:
    page = text(render_notice(REJECTION, paper))
    assert_all_in(
        page,
        [
            "不予受理通知书",
            "BY2026-03-0002",
            "决定不予受理",
            "不予受理理由：" + REJECTION.refusal_reason,
            "法律依据：" + REJECTION.refusal_basis,
            RIGHTS_TEXT,
            "经办人签字：",
            "申请人签收：",
        ],
    )
    for right in ("陈述", "申辩", "行政复议", "行政诉讼"):
        assert right in page


def test_a4_notices_carry_the_seal_line() -> None:
    for notice in (ONE_TIME, ACCEPTANCE, REJECTION):
        assert f"{HALL}（盖章）" in text(render_notice(notice, "a4"))


# --- 预约提示单 ------------------------------------------------------------------------------

PRINTED = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)  # a Saturday


def test_weekday_slip_names_item_day_materials_and_phone() -> None:
    pdf = render_weekday_slip(
        HALL, ITEM, date(2026, 11, 23), "0591-87650000", PRINTED, "Asia/Shanghai"
    )
    page = text(pdf)
    assert_all_in(
        page,
        [
            "预约提示单",
            HALL,
            ITEM.name,
            ITEM.code,
            "本事项请于工作日办理",
            "下一个工作日：2026年11月23日（星期一）",
            "经营者身份证明复印件1份",
            "《个体工商户登记（备案）申请书》原件1份",
            "委托代理人身份证明及授权委托书原件1份（委托他人办理的）",
            "请携带以下材料（共5项）",
            "咨询电话：0591-87650000",
            "预约办理时间：",
            "打印时间：2026年11月21日10:00",
        ],
    )


def test_weekday_slip_without_a_known_working_day_asks_to_call() -> None:
    page = text(render_weekday_slip(HALL, ITEM, None, "", PRINTED, "Asia/Shanghai"))
    assert "下一个工作日：请致电咨询" in page
    assert "咨询电话：0591-87654321" in page  # the item's own enquiry line


def test_an_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        render_notice(ONE_TIME, "a5")


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_an_unknown_time_zone_is_refused(zone: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        render_notice(replace(ONE_TIME, timezone=zone), "80mm")
    with pytest.raises(ValueError, match="time zone"):
        render_weekday_slip(HALL, ITEM, None, "", PRINTED, zone)

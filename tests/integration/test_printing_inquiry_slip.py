"""The 首问登记回执 (issue 6) read back from the PDF with pypdf: every field, the masked phone
and ID, the referral and the promised reply date, the QR code, real glyphs and ink on the 80 mm
roll, refusals, and the print service that stores it for reprint."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pypdf
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.notices import notice_scan_code
from desk_client.printing import notice_blocks
from desk_client.printing.inquiry_slip import (
    MATTER_MAX,
    QR_CAPTION,
    TITLE,
    InquirySlipFields,
    mask_phone,
    render_inquiry_slip,
)
from desk_client.printing.raster import rasterize
from desk_client.services.context import Context
from desk_client.services.printing import PrintService
from tests.integration.notice_samples import CREDIT_CODE, FULL_ID, HALL, MASKED_ID, text
from tests.integration.test_printing_notice_layout import DPI, dark_share, glyph_shapes, stored

MATTER = "咨询个体工商户设立登记需要准备哪些材料，租赁的住宅能否作为经营场所登记。"
SLIP = InquirySlipFields(
    number="SW2026-03-0012",
    hall_name=HALL,
    hall_code="demo",
    hall_phone="0591-87654321",
    channel="visit",
    person_display=f"张三（{MASKED_ID}）",
    phone="13800138000",
    matter=MATTER,
    materials=(("租赁合同复印件", 1), ("房产证复印件", 2)),
    owner_name="李四",
    owner_no="0123",
    owner_phone="0591-87654322",
    window_number=3,
    promised_reply=date(2026, 11, 27),
    issued_at=datetime(2026, 11, 22, 2, 5, tzinfo=UTC),  # 10:05 in Asia/Shanghai
)
REFERRED = replace(
    SLIP,
    number="SW2026-00-0003",
    channel="phone",
    person_kind="organisation",
    person_display=f"示范市某某商贸有限公司（{CREDIT_CODE}）",
    phone="0591-83330000",
    materials=(),
    window_number=None,
    promised_reply=None,
    referred_to=("示范市市场监督管理局登记注册科", "王五 0591-83331234"),
)

EVERY_FIELD = [
    TITLE,
    HALL,
    "编号：SW2026-03-0012",
    "登记时间：2026年11月22日10:05",
    "咨询方式：现场咨询",
    "咨询人：张三",
    f"证件号码：{MASKED_ID}",
    "联系电话：138****8000",
    f"咨询事项：{MATTER}",
    "收到材料（共2项）：",
    "1.租赁合同复印件（1份）",
    "2.房产证复印件（2份）",
    "承诺回复日期：2026年11月27日（星期五）",
    "首问责任人：李四（工号0123）",
    "联系电话：0591-87654322",
    "办理窗口：3号窗口",
    "咨询电话：0591-87654321",
    QR_CAPTION,
    "首问责任人签字：",
]


def squeeze(words: str) -> str:
    return "".join(words.split())


def missing(page: str, expected: list[str]) -> list[str]:
    return [word for word in expected if squeeze(word) not in page]


def slip_text(fields: InquirySlipFields) -> str:
    return text(render_inquiry_slip(fields))


# --- what it says ------------------------------------------------------------------------


def test_every_field_is_printed() -> None:
    page = slip_text(SLIP)
    assert missing(page, EVERY_FIELD) == []
    assert "None" not in page and "转办至" not in page and "处理结果" not in page


def test_the_phone_is_printed_partly_masked_never_whole() -> None:
    page = slip_text(SLIP)
    assert "138****8000" in page
    assert "13800138000" not in page and "8001380" not in page


def test_a_resident_id_given_unmasked_is_masked_on_the_paper() -> None:
    page = slip_text(replace(SLIP, person_display=f"张三（{FULL_ID}）"))
    assert f"证件号码：{MASKED_ID}" in page
    assert FULL_ID not in page


def test_a_referral_prints_who_and_their_contact() -> None:
    page = slip_text(REFERRED)
    expected = [
        "咨询方式：电话咨询",
        "咨询单位：示范市某某商贸有限公司",
        f"证件号码：{CREDIT_CODE}",  # a credit code is public: printed whole
        "联系电话：0591-****0000",
        "收到材料：无",
        "转办至：示范市市场监督管理局登记注册科",
        "联系方式：王五0591-83331234",
    ]
    assert missing(page, expected) == []
    assert "承诺回复日期" not in page and "办理窗口" not in page


def test_a_referral_to_a_bare_name_has_no_contact_line() -> None:
    page = slip_text(replace(REFERRED, referred_to="示范市税务局第一税务分局"))
    assert "转办至：示范市税务局第一税务分局" in page and "联系方式" not in page


def test_the_outcome_of_an_answered_or_guided_inquiry_is_printed() -> None:
    outcome = "已当场答复：可通过“闽政通”APP在线办理，无需到窗口。"
    page = slip_text(replace(SLIP, outcome=outcome, promised_reply=None))
    assert f"处理结果：{outcome}" in page and "承诺回复日期" not in page


def test_without_phone_or_display_number_the_lines_are_left_out() -> None:
    page = slip_text(replace(SLIP, phone="", person_display="张三", hall_phone=""))
    assert "证件号码" not in page and "138****" not in page and "咨询电话" not in page
    assert "咨询人：张三咨询事项" in page


@pytest.mark.parametrize(
    ("channel", "label"),
    [
        ("visit", "现场咨询"),
        ("phone", "电话咨询"),
        ("letter", "来信咨询"),
        ("online", "网上咨询"),
        ("12345转来", "12345转来"),
    ],
)
def test_the_channel_code_prints_as_its_label(channel: str, label: str) -> None:
    assert f"咨询方式：{label}" in slip_text(replace(SLIP, channel=channel))


def test_a_long_matter_prints_its_first_200_characters() -> None:
    matter = "".join(f"第{i:03d}字" for i in range(100))  # 500 characters, each run unique
    page = slip_text(replace(SLIP, matter=matter))
    assert matter[: MATTER_MAX - 1] + "…" in page
    assert matter[MATTER_MAX - 1 : MATTER_MAX + 4] not in page


def test_a_bracket_that_is_not_a_number_stays_in_the_name() -> None:
    page = slip_text(replace(SLIP, person_display="示范市某某商贸有限公司（福州）"))
    assert "咨询人：示范市某某商贸有限公司（福州）" in page and "证件号码" not in page


def test_typed_markup_is_printed_not_parsed() -> None:
    page = slip_text(replace(SLIP, matter="A&B <b>租赁</b> x < y", outcome="<i>已答复</i>"))
    assert "A&B<b>租赁</b>x<y" in page and "<i>已答复</i>" in page


def test_the_qr_code_carries_the_inquiry_number() -> None:
    with mock.patch.object(
        notice_blocks, "draw_notice_qr", wraps=notice_blocks.draw_notice_qr
    ) as drawn:
        render_inquiry_slip(SLIP)
    [call] = drawn.call_args_list
    assert call.args[1] == notice_scan_code("demo", "SW2026-03-0012") == "DESKN|demo|SW2026-03-0012"


# --- masking -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13800138000", "138****8000"),
        (" 13800138000 ", "138****8000"),
        ("0591-87654321", "0591-****4321"),
        ("059187654321", "059*****4321"),
        ("0591-87654321-8001", "0591-********-8001"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-[2-9][0-9]{6,7}", fullmatch=True))
def test_a_masked_phone_keeps_its_head_and_last_four_only(phone: str) -> None:
    """A mobile keeps 3 + 4 digits, a landline its area code (a city, public) + 4."""
    masked = mask_phone(phone)
    head = phone.split("-", maxsplit=1)[0] if "-" in phone else phone[:3]
    assert len(masked) == len(phone) and masked[-4:] == phone[-4:]
    assert masked.startswith(head) and masked[len(head) :].count("*") >= 3
    assert sum(ch.isdigit() for ch in masked) == len(head) + 4


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"number": ""}, "number"),
        ({"owner_name": " ", "owner_no": ""}, "owner_name, owner_no"),
        ({"matter": ""}, "matter"),
        ({"person_display": ""}, "person_display"),
        ({"hall_code": ""}, "hall_code"),
        ({"number": "SW2026-03-" + "1" * 30}, "at most 32"),
        ({"materials": (("身份证复印件", 0),)}, "quantity"),
        ({"materials": (("", 1),)}, "quantity"),
        ({"issued_at": datetime(2026, 11, 22, 10, 5)}, "time zone"),
        ({"timezone": "Mars/Olympus_Mons"}, "time zone"),
    ],
)
def test_a_slip_missing_what_makes_it_a_receipt_is_refused(
    changes: dict[str, Any], named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        render_inquiry_slip(replace(SLIP, **changes))


# --- paper, glyphs, ink ------------------------------------------------------------------


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def test_one_page_80_mm_wide_that_grows_with_its_materials() -> None:
    [short] = reader(render_inquiry_slip(SLIP)).pages
    many = tuple((f"第{i}号申请材料", 1) for i in range(1, 21))
    pdf = render_inquiry_slip(replace(SLIP, materials=many))
    [long] = reader(pdf).pages
    assert float(short.mediabox.width) == pytest.approx(80 * mm, abs=1e-3)
    assert float(long.mediabox.height) > float(short.mediabox.height) + 20 * 9
    assert "20.第20号申请材料（1份）" in text(pdf)


def test_only_the_embedded_cjk_truetype_font_is_used() -> None:
    [page] = reader(render_inquiry_slip(SLIP)).pages
    resources: Any = page["/Resources"]
    for ref in resources["/Font"].values():
        font = ref.get_object()
        assert font["/Subtype"] == "/TrueType" and "Helvetica" not in font["/BaseFont"]
        assert len(font["/FontDescriptor"].get_object()["/FontFile2"].get_data()) > 2_000


def test_the_title_is_real_chinese_glyphs_not_boxes() -> None:
    shapes = glyph_shapes(render_inquiry_slip(SLIP), TITLE)
    assert all(any(shape) for shape in shapes)
    assert len(set(shapes)) == len(set(TITLE))


@pytest.mark.parametrize("fields", [SLIP, REFERRED], ids=["follow_up", "referred"])
def test_the_slip_is_ink_not_a_blank(fields: InquirySlipFields) -> None:
    [(width, height, rgba)] = rasterize(render_inquiry_slip(fields), DPI)
    assert 0.01 < dark_share(width, height, rgba) < 0.4


def test_long_values_wrap_inside_the_paper() -> None:
    long = replace(
        REFERRED,
        hall_name="示范省示范市示范区行政审批服务局政务服务中心（市民服务中心）",
        referred_to=("示范市自然资源和规划局不动产登记中心权籍调查科" * 2, "0591-80000000"),
        outcome="因涉及多个部门，转办后由承办部门于承诺日期前回复。" * 3,
    )
    pdf = render_inquiry_slip(long)
    assert squeeze(long.outcome) in text(pdf)
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
        assert all(left >= 0 and right <= page.get_width() for left, _b, right, _t in boxes)
    finally:
        document.close()


# --- the print service -------------------------------------------------------------------


@pytest.fixture
def printing(tmp_path: Path, fake_clock: FakeClock) -> PrintService:
    config = Config(hall_code="demo", local_store=str(tmp_path / "local.db"))
    return PrintService(Context(config, fake_clock))


def test_the_service_rasterises_and_stores_the_slip_for_reprint(printing: PrintService) -> None:
    document = printing.inquiry_slip(SLIP)
    assert (document.kind, document.number) == ("inquiry_slip", "SW2026-03-0012")
    [page] = document.pages
    assert page.dpi == 203 and page.width == pytest.approx(80 / 25.4 * 203, abs=1)
    assert len(page.rgba) == page.width * page.height * 4
    assert stored(printing) == [("inquiry_slip", "SW2026-03-0012", document.pdf)]
    assert "138****8000" in text(document.pdf)


@pytest.mark.parametrize(
    "bad",
    [
        replace(SLIP, owner_name=""),
        replace(SLIP, timezone=""),
        replace(SLIP, materials=(("身份证复印件", -1),)),
        replace(SLIP, number="SW2026-03-" + "1" * 30),
    ],
    ids=["no_owner", "no_zone", "negative_quantity", "long_number"],
)
def test_a_slip_that_cannot_be_printed_is_refused_and_nothing_is_stored(
    printing: PrintService, bad: InquirySlipFields
) -> None:
    printing.inquiry_slip(SLIP)
    before = stored(printing)
    with pytest.raises(DeskError) as caught:
        printing.inquiry_slip(bad)
    assert caught.value.code == "print.failed"
    assert caught.value.message("zh_CN").startswith("打印失败")
    assert stored(printing) == before

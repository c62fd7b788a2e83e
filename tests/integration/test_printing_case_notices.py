"""The written notices of a running case (特殊环节告知书, 恢复计时告知书, 延长办理期限通知书),
read back from the PDF with pypdf on the 80 mm roll and A4; their glyphs, ink, paper, QR code,
refusals, and the print service that stores them."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from unittest import mock

import pypdf
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.notices import notice_scan_code, read_notice_input
from desk_client.printing import notice_blocks
from desk_client.printing.case_notice_sheet import ART_42, ART_45, case_sheet
from desk_client.printing.case_notices import (
    CASE_NOTICE_TITLES,
    CaseNoticeFields,
    render_case_notice,
)
from desk_client.printing.raster import rasterize
from desk_client.services.context import Context
from desk_client.services.printing import PrintService
from tests.integration.notice_samples import HALL, pages_text, text
from tests.integration.test_printing_notice_layout import (
    DPI,
    dark_share,
    glyph_shapes,
    stored,
)

PAPERS = ["80mm", "a4"]
KINDS = ["pause", "resume", "extension"]
DISPLAY = "张三（1101**********002X）"
OWN_BASIS = "《食品生产许可管理办法》第二十条"

BASE = CaseNoticeFields(
    kind="pause",
    number="SL2025-03-0007-T1",
    case_number="SL2025-03-0007",
    hall_name=HALL,
    hall_code="demo",
    item_name="食品生产许可（新办）",
    item_code="11350100MB0000001",
    applicant_display=DISPLAY,
    start=date(2025, 10, 9),
    issued_at=datetime(2025, 10, 9, 1, 30, tzinfo=UTC),  # 09:30 in Asia/Shanghai
    clerk_name="李四",
    clerk_phone="0591-87654322",
    window_number=3,
)
PAUSE = replace(
    BASE,
    step="现场核查及检验检测",
    reason="需对生产场所进行现场核查并抽样检验",
    legal_basis=OWN_BASIS,
    end=date(2025, 10, 20),
    days=8,
    old_deadline=date(2025, 10, 14),
)
RESUME = replace(
    BASE,
    kind="resume",
    number="SL2025-03-0007-H1",
    step="现场核查及检验检测",
    end=date(2025, 10, 17),
    days=7,
    old_deadline=date(2025, 10, 14),
    new_deadline=date(2025, 10, 23),
    issued_at=datetime(2025, 10, 20, 1, 30, tzinfo=UTC),
)
EXTENSION = replace(
    BASE,
    kind="extension",
    number="SL2025-03-0007-Y1",
    reason="涉及多个部门会同审查并需组织专家论证",
    days=10,
    supervisor_name="王主任",
    start=date(2025, 10, 22),
    old_deadline=date(2025, 10, 23),
    new_deadline=date(2025, 11, 6),
    issued_at=datetime(2025, 10, 22, 7, 0, tzinfo=UTC),
)
SAMPLES = {"pause": PAUSE, "resume": RESUME, "extension": EXTENSION}

#: What every case notice prints, whatever its kind.
COMMON = [
    HALL,
    DISPLAY,
    "张三：",
    "食品生产许可（新办）",
    "11350100MB0000001",
    "办件编号",
    "SL2025-03-0007",
    "经办人：李四",
    "联系电话：0591-87654322",
    "办理窗口：3号窗口",
    "申请人签收：",
    "日期：",
    "经办人签字：",
]

EXPECTED = {
    "pause": [
        "特殊环节告知书",
        "编号：SL2025-03-0007-T1",
        "特殊环节：现场核查及检验检测",
        "事由：需对生产场所进行现场核查并抽样检验",
        f"设定依据：{ART_45}；{OWN_BASIS}",
        "暂停计时日期：2025年10月9日",
        "预计所需时间：8个工作日",
        "预计结束日期：2025年10月20日",
        "原办结期限：2025年10月14日",
        "现场核查及检验检测所需时间不计入办理时限",
        "自2025年10月9日起暂停计算办理时限",
        "2025年10月9日09:30",
        "特此告知。",
    ],
    "resume": [
        "恢复计时告知书",
        "编号：SL2025-03-0007-H1",
        "特殊环节：现场核查及检验检测",
        "暂停期间：2025年10月9日至2025年10月17日",
        "不计入时限：7个工作日",
        "原办结期限：2025年10月14日",
        "顺延后办结期限：2025年10月23日",
        "已于2025年10月17日结束，自次日起恢复计算办理时限",
        ART_45,
        "2025年10月20日09:30",
        "特此告知。",
    ],
    "extension": [
        "延长办理期限通知书",
        "编号：SL2025-03-0007-Y1",
        "延长理由：涉及多个部门会同审查并需组织专家论证",
        "延长期限：10个工作日",
        f"法律依据：{ART_42}",
        "经本机关负责人批准，办理期限延长10个工作日",
        "批准人：王主任",
        "批准日期：2025年10月22日",
        "原办结期限：2025年10月23日",
        "延长后办结期限：2025年11月6日",
        "在延长后的期限内作出决定",
        "特此通知。",
        "2025年10月22日15:00",
    ],
}


def squeeze(words: str) -> str:
    return "".join(words.split())


def missing_words(page: str, expected: list[str]) -> list[str]:
    return [word for word in expected if squeeze(word) not in page]


# --- what they say -----------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_printed(kind: str, paper: str) -> None:
    page = text(render_case_notice(SAMPLES[kind], paper))
    assert missing_words(page, COMMON + EXPECTED[kind]) == []
    assert "None" not in page


@pytest.mark.parametrize("kind", KINDS)
def test_a4_carries_the_seal_and_one_page(kind: str) -> None:
    [page] = pages_text(render_case_notice(SAMPLES[kind], "a4"))
    assert f"{HALL}（盖章）" in page and "第1页共1页" in page


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_prints_its_own_title_only(kind: str) -> None:
    page = text(render_case_notice(SAMPLES[kind], "80mm"))
    others = [title for other, title in CASE_NOTICE_TITLES.items() if other != kind]
    assert CASE_NOTICE_TITLES[kind] in page
    assert [title for title in others if title in page] == []


def test_a_pause_without_an_expected_end_says_it_is_not_known_yet() -> None:
    page = text(render_case_notice(replace(PAUSE, end=None, days=None, old_deadline=None), "a4"))
    assert "预计所需时间：以实际完成时间为准" in page
    assert "预计结束日期" not in page and "原办结期限" not in page


def test_the_article_is_not_repeated_when_it_is_the_given_basis() -> None:
    page = text(render_case_notice(replace(PAUSE, legal_basis=ART_45), "80mm"))
    assert f"设定依据：{ART_45}暂停计时日期" in page  # the basis, once, then the next fact


def test_an_organisation_is_greeted_by_its_name() -> None:
    display = "福州示范科技有限公司（91350100M000100Y43）"
    page = text(render_case_notice(replace(EXTENSION, applicant_display=display), "a4"))
    assert "福州示范科技有限公司：" in page and "91350100M000100Y43" in page


@pytest.mark.parametrize("paper", PAPERS)
def test_typed_markup_is_printed_not_parsed(paper: str) -> None:
    odd = replace(EXTENSION, reason="A&B <b>会审</b> x < y")
    assert "A&B<b>会审</b>x<y" in text(render_case_notice(odd, paper))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_qr_code_opens_the_case(kind: str, paper: str) -> None:
    with mock.patch.object(
        notice_blocks, "draw_notice_qr", wraps=notice_blocks.draw_notice_qr
    ) as drawn:
        render_case_notice(SAMPLES[kind], paper)
    [call] = drawn.call_args_list
    assert call.args[1] == notice_scan_code("demo", "SL2025-03-0007")
    assert read_notice_input(call.args[1]) == ("demo", "SL2025-03-0007")


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        (replace(PAUSE, step=""), "step"),
        (replace(RESUME, end=None), "end"),
        (replace(RESUME, new_deadline=None), "new_deadline"),
        (replace(EXTENSION, supervisor_name=""), "supervisor_name"),
        (replace(EXTENSION, reason="", days=None), "days, reason"),
        (replace(EXTENSION, new_deadline=None), "new_deadline"),
    ],
)
def test_a_notice_missing_a_fact_the_law_wants_is_refused(
    fields: CaseNoticeFields, named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        render_case_notice(fields, "a4")


def test_an_unknown_kind_paper_or_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="case notice"):
        render_case_notice(replace(PAUSE, kind="holiday"), "80mm")
    with pytest.raises(ValueError, match="paper"):
        render_case_notice(PAUSE, "a5")
    with pytest.raises(ValueError, match="time zone"):
        render_case_notice(replace(PAUSE, timezone="Mars/Olympus_Mons"), "a4")


# --- paper, glyphs, ink ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_80mm_is_one_page_80_mm_wide(kind: str) -> None:
    pdf = pypdf.PdfReader(io.BytesIO(render_case_notice(SAMPLES[kind], "80mm")))
    [page] = pdf.pages
    assert float(page.mediabox.width) == pytest.approx(80 * mm, abs=1e-3)
    assert float(page.mediabox.height) > 150 * mm


@pytest.mark.parametrize("kind", KINDS)
def test_a4_is_a4(kind: str) -> None:
    pdf = pypdf.PdfReader(io.BytesIO(render_case_notice(SAMPLES[kind], "a4")))
    [page] = pdf.pages
    size = (float(page.mediabox.width), float(page.mediabox.height))
    assert size == pytest.approx(A4)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", KINDS)
def test_titles_are_real_chinese_glyphs_not_boxes(kind: str, paper: str) -> None:
    title = CASE_NOTICE_TITLES[kind]
    shapes = glyph_shapes(render_case_notice(SAMPLES[kind], paper), title)
    assert all(any(shape) for shape in shapes)
    assert len(set(shapes)) == len(set(title))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_page_is_ink_not_a_blank(kind: str, paper: str) -> None:
    [(width, height, rgba)] = rasterize(render_case_notice(SAMPLES[kind], paper), DPI)
    assert 0.01 < dark_share(width, height, rgba) < 0.4


@pytest.mark.parametrize("paper", PAPERS)
def test_long_values_wrap_inside_the_paper(paper: str) -> None:
    long = replace(EXTENSION, reason="需要会同自然资源、住房城乡建设、生态环境等部门审查" * 4)
    pdf = render_case_notice(long, paper)
    assert long.reason in text(pdf)
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
        assert all(left >= 0 and right <= page.get_width() for left, _b, right, _t in boxes)
    finally:
        document.close()


def test_the_sheet_is_the_words_both_papers_print() -> None:
    sheet = case_sheet(PAUSE)
    assert sheet.qr_payload == "DESKN|demo|SL2025-03-0007"
    assert sheet.salutation == "张三："
    assert ("办件编号", "SL2025-03-0007") in sheet.item


# --- the print service -------------------------------------------------------------------


@pytest.fixture
def printing(tmp_path: Path, fake_clock: FakeClock) -> PrintService:
    config = Config(hall_code="demo", local_store=str(tmp_path / "local.db"))
    return PrintService(Context(config, fake_clock))


@pytest.mark.parametrize("kind", KINDS)
def test_the_service_rasterises_and_stores_a_case_notice(printing: PrintService, kind: str) -> None:
    fields = SAMPLES[kind]
    document = printing.case_notice(fields, "80mm")
    assert (document.kind, document.number) == (f"case_{kind}", fields.number)
    [page] = document.pages
    assert len(page.rgba) == page.width * page.height * 4 and page.dpi == 203
    assert stored(printing) == [(f"case_{kind}", fields.number, document.pdf)]


@pytest.mark.parametrize(
    "bad",
    [
        replace(PAUSE, step=""),
        replace(PAUSE, kind="holiday"),
        replace(PAUSE, timezone=""),
        replace(PAUSE, number="SL2025-03-0007-T" + "1" * 20),
    ],
)
def test_a_case_notice_that_cannot_be_printed_is_refused_and_nothing_is_stored(
    printing: PrintService, bad: CaseNoticeFields
) -> None:
    printing.case_notice(PAUSE, "a4")
    before = stored(printing)
    with pytest.raises(DeskError) as caught:
        printing.case_notice(bad, "a4")
    assert caught.value.code == "print.failed"
    assert caught.value.message("zh_CN").startswith("打印失败")
    assert stored(printing) == before

"""How the printed notices look: paper sizes, pages, the embedded font, the pixels, line
breaks, and the print service that rasterises and stores them."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest
import sqlalchemy as sa
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.notices import NOTICE_TITLES
from desk_client.printing.fonts import cjk_font_name
from desk_client.printing.notice_blocks import draw_notice_qr, notice_qr_matrix, para, text_styles
from desk_client.printing.notices import render_notice, render_weekday_slip
from desk_client.printing.qr import QUIET_MODULES
from desk_client.printing.raster import rasterize
from desk_client.services.context import Context
from desk_client.services.printing import PrintService
from desk_client.store.local import LocalStore
from desk_client.store.local_schema import printed_documents
from tests.integration.notice_samples import (
    ACCEPTANCE,
    HALL,
    ITEM,
    ONE_TIME,
    REJECTION,
    many_materials,
    pages_text,
)

DPI = 150
NOTICES = [ONE_TIME, ACCEPTANCE, REJECTION]
IDS = ["one_time", "acceptance", "rejection"]
NO_LINE_START = "，。、；：！？）》」】"


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader(pdf).pages]


def dark_share(width: int, height: int, rgba: bytes) -> float:
    dark = sum(
        sum(rgba[(y * width + x) * 4 : (y * width + x) * 4 + 3]) < 300
        for y in range(0, height, 3)
        for x in range(0, width, 3)
    )
    return dark / ((height // 3 + 1) * (width // 3 + 1))


def glyph_shapes(pdf: bytes, word: str) -> list[bytes]:
    """The pixels inside each character box of ``word`` on page 1 (boxes differ when the
    glyphs are real; missing glyphs would all be the same empty box)."""
    width, _height, rgba = rasterize(pdf, DPI)[0]
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        page_height = page.get_height()
        textpage = page.get_textpage()
        start = textpage.get_text_range().index(word)
        boxes = [textpage.get_charbox(start + i) for i in range(len(word))]
    finally:
        document.close()
    scale = DPI / 72
    shapes = []
    for left, bottom, right, top in boxes:
        rows = range(round((page_height - top) * scale), round((page_height - bottom) * scale))
        cols = range(round(left * scale), round(right * scale))
        shapes.append(bytes(rgba[(y * width + x) * 4] < 128 for y in rows for x in cols))
    return shapes


# --- paper and pages ---------------------------------------------------------------------


@pytest.mark.parametrize("notice", NOTICES, ids=IDS)
def test_80mm_is_one_page_exactly_80_mm_wide(notice: Any) -> None:
    [(width, height)] = sizes(render_notice(notice, "80mm"))
    assert width == pytest.approx(80 * mm, abs=1e-3)
    assert height > 120 * mm


@pytest.mark.parametrize("notice", NOTICES, ids=IDS)
def test_a4_is_a4_and_a_usual_notice_fits_one_page(notice: Any) -> None:
    pdf = render_notice(notice, "a4")
    assert sizes(pdf) == [pytest.approx(A4)]
    assert "第1页共1页" in pages_text(pdf)[0]


def test_the_80mm_slip_grows_with_its_content() -> None:
    short = sizes(render_notice(replace(ONE_TIME, lines=ONE_TIME.lines[:1]), "80mm"))[0][1]
    usual = sizes(render_notice(ONE_TIME, "80mm"))[0][1]
    long = render_notice(many_materials(40), "80mm")
    assert short < usual < sizes(long)[0][1]
    assert len(sizes(long)) == 1  # a thermal printer cuts at the end of a page


def test_forty_materials_break_across_a4_pages_and_none_is_lost() -> None:
    notice = many_materials(40)
    pdf = render_notice(notice, "a4")
    pages = pages_text(pdf)
    assert len(pages) >= 2
    everything = "".join(pages)
    for index in range(1, 41):
        assert f"第{index}号材料证明文件" in everything
        assert f"加盖公章的第{index}号说明" in everything
    assert "需补正的材料（共40项）" in everything
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in page
    for page in pages[1:]:
        assert "编号：GZ2026-03-0040（续）" in page
    table_pages = [page for page in pages if "材料证明文件" in page]
    assert all("序号材料名称情形补正要求" in page for page in table_pages)  # header repeats
    assert "申请人签字：" in pages[-1]
    assert "本告知单所列以外的材料" in pages[-1]  # signatures never stand alone on a page


def test_forty_materials_on_the_roll_list_every_one() -> None:
    page = "".join(pages_text(render_notice(many_materials(40), "80mm")))
    assert all(f"第{index}号材料证明文件" in page for index in range(1, 41))


@pytest.mark.parametrize("paper", ["80mm", "a4"])
def test_a_long_hall_name_wraps_inside_the_paper(paper: str) -> None:
    name = "某某省某某市某某区人民政府政务服务中心（市民之家）"
    pdf = render_notice(replace(ONE_TIME, hall_name=name), paper)
    assert name in pages_text(pdf)[0]
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
        assert all(left >= 0 and right <= page.get_width() for left, _b, right, _t in boxes)
    finally:
        document.close()


# --- the font and the pixels -------------------------------------------------------------


@pytest.mark.parametrize("paper", ["80mm", "a4"])
def test_only_the_embedded_cjk_truetype_font_is_used(paper: str) -> None:
    pdf = render_notice(ONE_TIME, paper)
    for page in reader(pdf).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            assert font["/Subtype"] == "/TrueType" and "Helvetica" not in font["/BaseFont"]
            descriptor = font["/FontDescriptor"].get_object()
            assert len(descriptor["/FontFile2"].get_object().get_data()) > 2_000


@pytest.mark.parametrize("paper", ["80mm", "a4"])
@pytest.mark.parametrize("notice", NOTICES, ids=IDS)
def test_every_page_rasterises_to_ink_not_a_blank(notice: Any, paper: str) -> None:
    for width, height, rgba in rasterize(render_notice(notice, paper), DPI):
        assert 0.01 < dark_share(width, height, rgba) < 0.4


@pytest.mark.parametrize("paper", ["80mm", "a4"])
@pytest.mark.parametrize("notice", NOTICES, ids=IDS)
def test_titles_are_real_chinese_glyphs_not_boxes(notice: Any, paper: str) -> None:
    title = NOTICE_TITLES[notice.kind]
    shapes = glyph_shapes(render_notice(notice, paper), title)
    assert all(any(shape) for shape in shapes)
    assert len(set(shapes)) == len(set(title))


def test_the_weekday_slip_is_80_mm_and_real_glyphs() -> None:
    printed = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    pdf = render_weekday_slip(HALL, ITEM, date(2026, 11, 23), "", printed, "Asia/Shanghai")
    [(width, _height)] = sizes(pdf)
    assert width == pytest.approx(80 * mm, abs=1e-3)
    shapes = glyph_shapes(pdf, "预约提示单")
    assert len(set(shapes)) == 5 and all(any(s) for s in shapes)


@pytest.mark.parametrize("paper", ["80mm", "a4"])
def test_no_line_starts_with_closing_punctuation(paper: str) -> None:
    """避头: reportlab's own table is Japanese; Chinese ，；》 must hang, not lead a line."""
    basis = "《甲条例》第一条，《乙条例》第二条；" * 12
    pdf = render_notice(replace(ONE_TIME, legal_basis=basis), paper)
    lines = [
        line.strip()
        for page in reader(pdf).pages
        for line in page.extract_text().splitlines()
        if line.strip()
    ]
    assert sum("甲条例" in line for line in lines) >= 4  # the basis really wraps
    assert [line for line in lines if line[0] in NO_LINE_START] == []


# --- the print service -------------------------------------------------------------------


@pytest.fixture
def printing(tmp_path: Path, fake_clock: FakeClock) -> PrintService:
    config = Config(hall_code="demo", local_store=str(tmp_path / "local.db"))
    return PrintService(Context(config, fake_clock))


def stored(service: PrintService) -> list[tuple[str, str, bytes]]:
    store = LocalStore(service._ctx.config.local_store)
    with store.engine().connect() as conn:
        table = printed_documents
        rows = conn.execute(sa.select(table.c.kind, table.c.number, table.c.pdf)).all()
    return [(kind, number, bytes(pdf)) for kind, number, pdf in rows]


@pytest.mark.parametrize("notice", NOTICES, ids=IDS)
def test_the_service_rasterises_and_stores_a_notice(printing: PrintService, notice: Any) -> None:
    document = printing.notice(notice, "a4")
    assert document.kind == f"notice_{notice.kind.value}" and document.number == notice.number
    [page] = document.pages
    assert len(page.rgba) == page.width * page.height * 4 and page.dpi == 203
    assert stored(printing) == [(document.kind, notice.number, document.pdf)]


def test_the_service_prints_the_weekday_slip(printing: PrintService) -> None:
    moment = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    document = printing.weekday_slip(HALL, ITEM, None, "", moment, "Asia/Shanghai")
    assert (document.kind, document.number) == ("weekday_slip", ITEM.code)
    assert len(document.pages) == 1
    assert stored(printing) == [("weekday_slip", ITEM.code, document.pdf)]


def test_a_notice_that_cannot_be_printed_is_refused_and_nothing_is_stored(
    printing: PrintService,
) -> None:
    printing.notice(ONE_TIME, "80mm")
    before = stored(printing)
    with pytest.raises(DeskError) as caught:
        printing.notice(ONE_TIME, "a5")
    assert caught.value.code == "print.failed"
    assert "a5" in caught.value.message("zh_CN")
    assert stored(printing) == before


def test_the_notice_qr_code_draws_its_modules_exactly() -> None:
    """Sample the centre of every module of a drawn code: the matrix comes back intact."""
    payload, size, dpi = "DESKN|demo|GZ2026-03-0012", 60 * mm, 150
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(size, size))
    draw_notice_qr(canvas, payload, 0, 0, size)
    canvas.save()
    width, _height, rgba = rasterize(buffer.getvalue(), dpi)[0]
    matrix = notice_qr_matrix(payload)
    module_px = size * dpi / 72 / (len(matrix) + 2 * QUIET_MODULES)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            x, y = (int((i + QUIET_MODULES + 0.5) * module_px) for i in (c, r))
            assert (rgba[(y * width + x) * 4] < 128) == dark, (r, c)


def test_a_remembered_wrap_follows_the_width() -> None:
    paragraph = para("申请材料不齐全或者不符合法定形式" * 4, text_styles(cjk_font_name(), 12).body)
    wide = paragraph.wrap(400, 1000)
    narrow = paragraph.wrap(120, 1000)
    assert narrow[1] > wide[1] and narrow[0] == 120
    assert paragraph.wrap(400, 1000) == wide
    assert len(paragraph.blPara.lines) == round(wide[1] / paragraph.style.leading)

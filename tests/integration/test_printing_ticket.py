"""The 80 mm ticket slip as a real PDF: its text, its embedded font, its pixels, its size."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest
from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfbase.ttfonts import TTFont

from desk_client.core.errors import DeskError
from desk_client.printing import fonts
from desk_client.printing.qr import QUIET_MODULES, qr_drawing, qr_matrix
from desk_client.printing.raster import png_bytes, rasterize
from desk_client.printing.ticket import (
    CONTENT,
    TicketSlip,
    fit_size,
    render_ticket_slip,
    wait_text,
    wrap_chars,
)

DPI = 203  # a thermal printer's resolution
HALL = "示范市政务服务中心"
SLIP = TicketSlip(
    hall_name=HALL,
    number="A012",
    category_name="综合受理",
    people_ahead=7,
    issued_at_local="2026-11-23 09:00:12",
    estimated_wait_min=18,
    qr_payload="http://127.0.0.1:8765/q/demo/A012?d=2026-11-23",
    priority=True,
    appointment=True,
    window_hint="请到 1、2、6 号窗口办理",
)

Box = tuple[float, float, float, float]


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_ticket_slip(SLIP)


@pytest.fixture(scope="module")
def page_pixels(pdf: bytes) -> tuple[int, int, bytes]:
    [page] = rasterize(pdf, DPI)
    return page


def page_text(pdf: bytes) -> str:
    return "".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def page_fonts(pdf: bytes) -> list[Any]:
    resources: Any = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    return [ref.get_object() for ref in resources["/Font"].values()]


def char_boxes(pdf: bytes, text: str) -> list[Box]:
    """Each character of the first occurrence of ``text``: (left, bottom, right, top) in pt."""
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        content = textpage.get_text_range()
        start = content.index(text)
        boxes = [textpage.get_charbox(start + i) for i in range(len(text))]
    finally:
        document.close()
    return boxes


def is_dark(rgba: bytes, width: int, x: int, y: int) -> bool:
    offset = (y * width + x) * 4
    return sum(rgba[offset : offset + 3]) < 3 * 100


def crop(pixels: tuple[int, int, bytes], box: Box, page_height: float) -> list[list[bool]]:
    """Dark/light pixels inside ``box`` (PDF points, origin bottom left)."""
    width, _height, rgba = pixels
    scale = DPI / 72
    left, bottom, right, top = box
    rows = range(round((page_height - top) * scale), round((page_height - bottom) * scale))
    cols = range(round(left * scale), round(right * scale))
    return [[is_dark(rgba, width, x, y) for x in cols] for y in rows]


def page_height(pdf: bytes) -> float:
    return float(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox.height)


# --- the text ------------------------------------------------------------------------------


def test_text_carries_hall_number_category_and_people_ahead(pdf: bytes) -> None:
    text = page_text(pdf)
    for expected in (HALL, "A012", "综合受理", "您前面还有7人", "预计等候约18分钟"):
        assert expected in text
    assert "2026-11-2309:00:12" in text
    assert "绿色通道" in text and "预约" in text
    assert "请留意叫号" in text


def test_marks_are_absent_unless_set() -> None:
    plain = TicketSlip(HALL, "B003", "社保医保", 0, "2026-11-23 10:00", None, "q")
    text = page_text(render_ticket_slip(plain))
    assert "绿色通道" not in text and "预约" not in text
    assert "您前面还有0人" in text and "预计等候：暂无" in text


def test_wait_text_without_an_estimate_says_so() -> None:
    assert wait_text(None) == "预计等候：暂无"
    assert wait_text(0) == "预计等候约 0 分钟"


# --- the font ------------------------------------------------------------------------------


def test_only_an_embedded_cjk_truetype_font_is_used(pdf: bytes) -> None:
    [font] = page_fonts(pdf)
    assert font["/Subtype"] == "/TrueType"
    assert "WenQuanYi" in font["/BaseFont"] and "Helvetica" not in font["/BaseFont"]
    embedded = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
    assert len(embedded) > 2_000  # a real subset with outlines, not a stub
    assert "/ToUnicode" in font


def test_the_font_has_a_glyph_for_every_character_printed(pdf: bytes) -> None:
    face = fonts.resolve_font()
    assert face.path is not None
    ttf = TTFont("probe", str(face.path), subfontIndex=0)
    missing = [ch for ch in page_text(pdf) if ttf.face.charToGlyph.get(ord(ch), 0) == 0]
    assert missing == []


def test_glyphs_are_drawn_not_boxes(pdf: bytes, page_pixels: tuple[int, int, bytes]) -> None:
    """Missing glyphs would print as identical boxes: every hall character must look different."""
    height = page_height(pdf)
    shapes = [crop(page_pixels, box, height) for box in char_boxes(pdf, HALL)]
    assert all(any(any(row) for row in shape) for shape in shapes)
    assert len({str(shape) for shape in shapes}) >= len(set(HALL))


# --- the pixels ----------------------------------------------------------------------------


def test_raster_is_not_blank(page_pixels: tuple[int, int, bytes]) -> None:
    width, height, rgba = page_pixels
    assert len(rgba) == width * height * 4
    dark = sum(is_dark(rgba, width, x, y) for y in range(0, height, 3) for x in range(0, width, 3))
    assert 0.02 < dark / (width * height / 9) < 0.5


def test_the_number_is_dark_where_it_is_printed(
    pdf: bytes, page_pixels: tuple[int, int, bytes]
) -> None:
    height = page_height(pdf)
    for box in char_boxes(pdf, "A012"):
        assert box[3] - box[1] > 30  # the number is LARGE: over 30 pt tall
        pixels = [dark for row in crop(page_pixels, box, height) for dark in row]
        assert sum(pixels) / len(pixels) > 0.15


def test_png_of_the_raster_is_a_valid_image(page_pixels: tuple[int, int, bytes]) -> None:
    width, height, rgba = page_pixels
    png = png_bytes(width, height, rgba)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (width, height)
    idat_len = struct.unpack(">I", png[33:37])[0]
    assert len(zlib.decompress(png[41 : 41 + idat_len])) == height * (1 + 4 * width)


def test_rasterize_refuses_a_silly_dpi(pdf: bytes) -> None:
    with pytest.raises(ValueError):
        rasterize(pdf, 0)


def test_qr_code_decodes_back_to_its_modules() -> None:
    """Sample the centre of every module of a rendered code: the matrix comes back intact."""
    payload, size = "http://127.0.0.1:8765/q/demo/A012", 60 * mm
    drawing_pdf = renderPDF.drawToString(qr_drawing(payload, size))
    width, _height, rgba = rasterize(drawing_pdf, 150)[0]
    matrix = qr_matrix(payload)
    module_px = size * 150 / 72 / (len(matrix) + 2 * QUIET_MODULES)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            x, y = (int((i + QUIET_MODULES + 0.5) * module_px) for i in (c, r))
            assert is_dark(rgba, width, x, y) == dark, (r, c)


# --- the size and the layout -----------------------------------------------------------------


def test_slip_is_exactly_80_mm_wide(pdf: bytes) -> None:
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) == pytest.approx(226.77, abs=0.01)
    assert float(box.width) == pytest.approx(80 * mm, abs=1e-3)


def test_height_follows_the_content() -> None:
    short = TicketSlip(HALL, "A001", "综合受理", 0, "09:00", None, "")
    assert page_height(render_ticket_slip(short)) < page_height(render_ticket_slip(SLIP))


def test_long_hall_name_wraps_evenly_without_orphan_brackets() -> None:
    name = "某某省某某市某某区人民政府政务服务中心（市民之家）"
    font = fonts.cjk_font_name()
    lines = wrap_chars(name, font, 10, CONTENT)
    assert "".join(lines) == name and len(lines) == 2
    assert abs(len(lines[0]) - len(lines[1])) <= 3
    assert not lines[1].startswith("）") and not lines[0].endswith("（")
    text = page_text(render_ticket_slip(TicketSlip(name, "A001", "综合受理", 0, "t", None, "")))
    assert name in text


def test_emergency_number_shrinks_to_fit_the_paper() -> None:
    font = fonts.cjk_font_name()
    assert fit_size("A001", font, 58, 30, CONTENT) == 58
    assert fit_size("W03-001", font, 58, 30, CONTENT) < 58
    pdf = render_ticket_slip(TicketSlip(HALL, "W03-001", "综合受理", 0, "t", None, ""))
    assert "W03-001" in page_text(pdf)


def test_rasterize_refuses_bytes_that_are_not_a_pdf() -> None:
    with pytest.raises(DeskError) as caught:
        rasterize(b"not a pdf at all", 100)
    assert caught.value.code == "print.unreadable_pdf"
    assert "无法读取" in caught.value.message("zh_CN")

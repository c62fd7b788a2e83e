"""The 评价二维码 slip (issue 7) read back from the PDF: its words with pypdf, the embedded CJK
font, the 80 mm page, and the code itself: the modules in the content stream and the ink on
the rendered page both equal qr_modules of the URL, so the printed code is the screen's."""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

import pypdf
import pytest
from reportlab.lib.units import mm

from desk_client.core.rating_tokens import RatingClaims, rating_url, sign
from desk_client.printing.qr import qr_matrix, qr_modules
from desk_client.printing.raster import rasterize
from desk_client.printing.rating_slip import (
    PRIVACY,
    SUBTITLE,
    TITLE,
    VOLUNTARY,
    rating_slip_pdf,
)
from tests.integration.notice_samples import HALL, text
from tests.integration.test_printing_notice_layout import DPI, dark_share, glyph_shapes

CLAIMS = RatingClaims(
    hall="demo",
    visit="0190f5a2b3c44d5e8f6a7b8c9d0e1f2a",
    window=3,
    staff="S001",
    case="ZW2026-03-0001",
    item="00013112700401",
    expires=1_780_000_000,
)
URL = rating_url("http://127.0.0.1:8765/rate", sign(CLAIMS, bytes(32)))
EXPIRES = datetime(2026, 3, 8, 10, 5)  # the hall's wall clock
#: The flowable's placement, then the code's own scaling: module, x, y in page points.
TRANSFORM = re.compile(rb"1 0 0 1 ([\d.]+) ([\d.]+) cm\nq\n([\d.]+) 0 0 \3 ([\d.]+) ([\d.]+) cm\n")
RUN = re.compile(rb"^(\d+) (\d+) (\d+) 1 re$", re.MULTILINE)


def slip(ref: str = "A001", kind: str = "ticket", url: str = URL) -> bytes:
    return rating_slip_pdf(HALL, 3, ref, url, EXPIRES, kind=kind)


def page_of(pdf: bytes) -> pypdf.PageObject:
    [page] = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return page


def drawn_code(pdf: bytes, size: int) -> tuple[tuple[str, ...], float, float, float]:
    """(rows, module size, x, y) of a ``size`` x ``size`` code as the content stream draws
    it: ``column row length 1 re`` runs under one scaling transform, row 0 at the bottom."""
    content = page_of(pdf).get_contents()
    assert content is not None
    data = content.get_data()
    [(left, bottom, scale, x, y)] = TRANSFORM.findall(data)
    module = float(scale)
    x, y = float(left) + float(x), float(bottom) + float(y)
    cells = [["0"] * size for _ in range(size)]
    for column, row, length in ((int(v) for v in run) for run in RUN.findall(data)):
        cells[size - 1 - row][column : column + length] = ["1"] * length
    return tuple("".join(line) for line in cells), module, x, y


# --- what it says ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "ref", "label"),
    [
        ("ticket", "A001", "号票"),
        ("case", "ZW2026-03-0001", "办件编号"),
        ("", "W03-001", "服务编号"),
    ],
)
def test_every_line_is_printed(kind: str, ref: str, label: str) -> None:
    page = text(slip(ref, kind))
    expected = [HALL, TITLE, SUBTITLE, "办理窗口：3号窗口", f"{label}：{ref}"]
    expected += ["有效期至2026年3月8日10:05", VOLUNTARY, PRIVACY]
    assert [word for word in expected if "".join(word.split()) not in page] == []


def test_no_staff_and_no_token_in_the_words() -> None:
    page = text(slip())
    assert "S001" not in page and "工号" not in page and "http" not in page


def test_a_slip_without_its_essentials_is_refused() -> None:
    for hall, window, ref, url in [(" ", 3, "A001", URL), (HALL, 0, "A001", URL)]:
        with pytest.raises(ValueError, match=r"\S"):
            rating_slip_pdf(hall, window, ref, url, EXPIRES)
    for ref, url in [("", URL), ("A001", "")]:
        with pytest.raises(ValueError, match="needs"):
            rating_slip_pdf(HALL, 3, ref, url, EXPIRES)


# --- the paper and the font --------------------------------------------------------------


def test_one_page_80_mm_wide() -> None:
    page = page_of(slip())
    assert float(page.mediabox.width) == pytest.approx(80 * mm, abs=1e-3)
    assert 100 * mm < float(page.mediabox.height) < 160 * mm


def test_only_the_embedded_cjk_truetype_font_is_used() -> None:
    resources: Any = page_of(slip())["/Resources"]
    for ref in resources["/Font"].values():
        font = ref.get_object()
        assert font["/Subtype"] == "/TrueType" and "Helvetica" not in font["/BaseFont"]
        assert len(font["/FontDescriptor"].get_object()["/FontFile2"].get_data()) > 2_000


def test_the_title_and_the_warning_are_real_chinese_glyphs() -> None:
    for word in (TITLE, "工作人员不得干预"):
        shapes = glyph_shapes(slip(), word)
        assert all(any(shape) for shape in shapes)
        assert len(set(shapes)) == len(set(word))


# --- the code ----------------------------------------------------------------------------


def test_the_drawn_modules_are_the_screens_modules() -> None:
    rows, _module, _x, _y = drawn_code(slip(), len(qr_modules(URL)))
    assert rows == qr_modules(URL)


def test_the_code_is_at_least_40_mm_and_inside_the_paper() -> None:
    pdf = slip()
    _rows, module, x, _y = drawn_code(pdf, len(qr_modules(URL)))
    size = module * len(qr_modules(URL))
    assert size >= 40 * mm
    assert x >= 4 * mm and x + size <= 76 * mm


def test_the_printed_ink_reads_back_as_the_modules() -> None:
    """Sample the rendered page at every module's centre: dark exactly where qr_modules says,
    so a phone sees the code the screen shows (no decoder needed)."""
    pdf = slip()
    rows, module, x, y = drawn_code(pdf, len(qr_modules(URL)))
    height_pt = float(page_of(pdf).mediabox.height)
    dpi = 300
    [(width, _height, rgba)] = rasterize(pdf, dpi)
    scale = dpi / 72
    read: list[str] = []
    for index in range(len(rows)):
        centre_y = y + (len(rows) - index - 0.5) * module
        line = ""
        for column in range(len(rows)):
            px = round((x + (column + 0.5) * module) * scale)
            py = round((height_pt - centre_y) * scale)
            offset = (py * width + px) * 4
            line += "1" if sum(rgba[offset : offset + 3]) < 300 else "0"
        read.append(line)
    assert tuple(read) == qr_modules(URL)


def test_the_slip_is_ink_not_a_blank() -> None:
    [(width, height, rgba)] = rasterize(slip(), DPI)
    assert 0.05 < dark_share(width, height, rgba) < 0.5


def test_a_long_url_still_fits() -> None:
    """The longest token (every field at its column's width) at a long public address."""
    claims = RatingClaims("h" * 32, CLAIMS.visit, 99_999, "s" * 32, "c" * 40, "i" * 64, 10**11)
    url = rating_url("https://pingjia.zwfw.example.gov.cn/rate", sign(claims, bytes(32)))
    pdf = rating_slip_pdf(HALL, 3, "A001", url, EXPIRES)
    content = page_of(pdf).get_contents()
    assert content is not None
    [(left, _bottom, module, x, _y)] = TRANSFORM.findall(content.get_data())
    assert float(module) * len(qr_modules(url)) >= 40 * mm
    assert float(left) + float(x) >= 4 * mm


def test_qr_modules_is_the_matrix_with_its_quiet_zone() -> None:
    bare = qr_modules(URL, border=0)
    assert bare == tuple("".join("1" if dark else "0" for dark in row) for row in qr_matrix(URL))
    framed = qr_modules(URL, border=4)
    assert len(framed) == len(framed[0]) == len(bare) + 8
    assert framed[4:-4] == tuple(f"0000{row}0000" for row in bare) and set(framed[0]) == {"0"}
    with pytest.raises(ValueError, match="quiet zone"):
        qr_modules(URL, border=-1)

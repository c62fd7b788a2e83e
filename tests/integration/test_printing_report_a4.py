"""The A4 landscape statistics report (叫号统计报表) read back from the PDF with pypdf and
pdfium: every word and cell, the page size, the header on every page and 第 N 页 / 共 M 页,
the empty report, refused rows, long text kept inside the margins, real glyphs and ink, and
the print service that stores a copy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.printing.raster import rasterize
from desk_client.printing.report_a4 import (
    LEFT,
    PADDING,
    RIGHT,
    TableReport,
    column_widths,
    table_report_pdf,
)
from desk_client.services.context import Context
from desk_client.services.printing import PrintService
from tests.integration.notice_samples import pages_text, text
from tests.integration.test_printing_notice_layout import (
    DPI,
    dark_share,
    glyph_shapes,
    reader,
    sizes,
    stored,
)

HEADER = (
    "日期",
    "取号",
    "叫号",
    "办结",
    "过号",
    "转移",
    "弃号",
    "在办",
    "平均等候(分)",
    "最长等候(分)",
    "超时",
    "超时率",
    "平均办理(分)",
    "最高排队",
)
LINES = (
    "示范市政务服务中心",
    "统计期间：2026-11-01 至 2026-11-30",
    "统计口径：按日期",
    "等候时限：30 分钟",
)
NOTES = (
    "叫号：至少被叫过一次的号票数；重呼不重复计数。",
    "超时率 = 超时 ÷ 叫号；平均办理按办结的号票计。",
)
PRINTED = "打印时间 2026-11-23 10:05"
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)


def day_row(index: int) -> tuple[str, ...]:
    """A row whose every cell is its own: R{index}C{column} cannot be mistaken for another."""
    return (f"D{index:03d}", *(f"{index}.{column}" for column in range(1, len(HEADER))))


def report(rows: int | tuple[tuple[str, ...], ...] = 3, **changes: Any) -> TableReport:
    """A sample report of ``rows`` generated rows (or these rows), changed as asked."""
    body = tuple(day_row(i) for i in range(rows)) if isinstance(rows, int) else rows
    made = TableReport(
        title="叫号统计报表",
        lines=LINES,
        header=HEADER,
        rows=body,
        total=("合计", *(f"T{column}" for column in range(1, len(HEADER)))),
        notes=NOTES,
        printed=PRINTED,
    )
    return replace(made, **changes)


def squeeze(words: str) -> str:
    return "".join(words.split())


def char_boxes(pdf: bytes) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """Every printed character with its page and box (left, bottom, right, top) in points."""
    document = pdfium.PdfDocument(pdf)
    found = []
    try:
        for number in range(len(document)):
            textpage = document[number].get_textpage()
            for index in range(textpage.count_chars()):
                char = textpage.get_text_range(index, 1)
                if char.strip():
                    found.append((number, char, textpage.get_charbox(index)))
    finally:
        document.close()
    return found


def word_box(pdf: bytes, word: str) -> tuple[float, float, float, float]:
    """The box around ``word`` on page 1, by the characters' advances (a narrow glyph such as
    1 leaves space beside its ink): left of its first character, right of its last."""
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        start = textpage.get_text_range().index(word)
        first = textpage.get_charbox(start, loose=True)
        last = textpage.get_charbox(start + len(word) - 1, loose=True)
    finally:
        document.close()
    return first[0], first[1], last[2], last[3]


# --- what is printed ---------------------------------------------------------------------


def test_title_lines_header_cells_total_notes_and_time_are_printed() -> None:
    sample = report()
    page = text(table_report_pdf(sample))
    assert page.startswith("叫号统计报表")
    assert sample.total is not None
    words = [*LINES, *HEADER, *NOTES, PRINTED, *sample.total]
    words += [cell for row in sample.rows for cell in row]
    assert [word for word in words if squeeze(word) not in page] == []
    assert squeeze("".join(HEADER)) in page  # the columns in their order
    assert squeeze("".join(sample.rows[1])) in page  # a row's cells in their order


def test_the_page_is_a4_landscape() -> None:
    [(width, height)] = sizes(table_report_pdf(report()))
    assert (width, height) == pytest.approx((842, 595), abs=0.5)
    assert LEFT == RIGHT == pytest.approx(12 * mm)


def test_typed_markup_is_printed_not_parsed() -> None:
    row = ("<b>窗口&amp;</b>", *(["1"] * (len(HEADER) - 1)))
    page = text(table_report_pdf(report(rows=(row,))))
    assert "<b>窗口&amp;</b>" in page


def test_the_same_report_gives_the_same_bytes() -> None:
    assert table_report_pdf(report()) == table_report_pdf(report())


# --- pages -------------------------------------------------------------------------------


def test_120_rows_break_across_pages_with_the_header_and_page_count_on_each() -> None:
    pages = pages_text(table_report_pdf(report(rows=120)))
    count = len(pages)
    assert count >= 3
    for number, page in enumerate(pages, start=1):
        assert squeeze("".join(HEADER)) in page
        assert f"第{number}页/共{count}页" in page
        assert squeeze(PRINTED) in page
    everything = "".join(pages)
    assert all(squeeze("".join(day_row(i))) in everything for i in range(120))
    assert "合计T1T2" in pages[-1] and all("合计" not in page for page in pages[:-1])
    assert squeeze(NOTES[0]) in pages[-1]


def test_the_english_footer_says_page_n_of_m() -> None:
    pages = pages_text(table_report_pdf(report(rows=120, english=True)))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page{number}of{len(pages)}" in page and "页" not in page


@pytest.mark.parametrize("rows", range(20, 60))
def test_the_total_never_stands_alone_on_a_page(rows: int) -> None:
    """Whatever the row count, the page that carries 合计 carries the last row too."""
    pages = pages_text(table_report_pdf(report(rows=rows, notes=())))
    [with_total] = [page for page in pages if "合计" in page]
    assert squeeze("".join(day_row(rows - 1))) in with_total


def test_an_empty_report_is_one_page_with_its_header_and_no_data() -> None:
    [page] = pages_text(table_report_pdf(report(rows=0, total=None)))
    assert squeeze("".join(HEADER)) in page
    assert "（无数据）" in page and "第1页/共1页" in page and "合计" not in page


def test_an_empty_english_report_says_no_data() -> None:
    [page] = pages_text(table_report_pdf(report(rows=0, english=True)))
    assert "(nodata)" in page and "Page1of1" in page and "合计T1" in page


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"rows": (day_row(0), day_row(1), day_row(2)[:-1])}, "row 2 has 13 cells"),
        ({"rows": (day_row(0), (*day_row(1), "extra"))}, "row 1 has 15 cells"),
        ({"total": ("合计",)}, "total row has 1 cells"),
        ({"header": ()}, "at least one column"),
        ({"text_columns": 15}, "text_columns"),
        ({"text_columns": -1}, "text_columns"),
    ],
    ids=["short_row", "long_row", "short_total", "no_columns", "too_many_text", "negative_text"],
)
def test_a_report_that_does_not_line_up_is_refused(changes: dict[str, Any], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        table_report_pdf(report(**changes))


def test_a_cell_taller_than_a_page_is_refused_as_a_value_error() -> None:
    row = ("很长" * 4000, *(["1"] * (len(HEADER) - 1)))
    with pytest.raises(ValueError, match="cannot be laid out"):
        table_report_pdf(report(rows=(row,)))


# --- layout ------------------------------------------------------------------------------


def test_long_headers_and_cells_wrap_inside_the_margins() -> None:
    header = ("事项类别（含不动产登记、社保、医保、公积金等全部大厅事项）", *HEADER[1:])
    long_name = "不动产登记（抵押权首次登记、变更登记、注销登记）及其附属事项的综合受理" * 3
    row = (long_name, "A" * 90, "1234567890" * 4, *(["—"] * (len(HEADER) - 3)))
    wide = report(header=header, rows=(row, day_row(1)), notes=("说明" * 300,))
    pdf = table_report_pdf(wide)
    boxes = char_boxes(pdf)
    assert all(box[0] >= LEFT - 1 and box[2] <= PAGE_WIDTH - RIGHT + 1 for _p, _c, box in boxes)
    assert all(box[1] > 0 and box[3] < PAGE_HEIGHT for _p, _c, box in boxes)
    page = text(pdf)
    assert all(squeeze(word) in page for word in (header[0], long_name, "A" * 90))


def test_the_table_spans_the_frame_text_left_numbers_right() -> None:
    widths = column_widths(report())
    assert sum(widths) == pytest.approx(PAGE_WIDTH - LEFT - RIGHT)
    assert widths[0] > widths[1] == pytest.approx(widths[-1])
    pdf = table_report_pdf(report())
    left, _b, _r, _t = word_box(pdf, "D001")
    assert left == pytest.approx(LEFT + PADDING, abs=1.5)
    _l, _b, right, _t = word_box(pdf, f"1.{len(HEADER) - 1}")  # row 1's last cell
    assert right == pytest.approx(PAGE_WIDTH - RIGHT - PADDING, abs=1.5)
    _l, _b, right, _t = word_box(pdf, "1.1")  # row 1's first number, right in its column
    assert right == pytest.approx(LEFT + widths[0] + widths[1] - PADDING, abs=1.5)


def test_two_text_columns_are_both_left_aligned() -> None:
    rows = tuple(("社保", "3号窗口", *day_row(i)[2:]) for i in range(2))
    widths = column_widths(report(text_columns=2))
    assert widths[0] == pytest.approx(widths[1]) and widths[1] > widths[2]
    pdf = table_report_pdf(report(rows=rows, text_columns=2))
    left, _b, _r, _t = word_box(pdf, "3号窗口")
    assert left == pytest.approx(LEFT + widths[0] + PADDING, abs=1.5)


def test_a_long_unit_header_breaks_before_its_bracket() -> None:
    """平均等候 over (分), never 平均等候( over 分)."""
    lines = reader(table_report_pdf(report())).pages[0].extract_text().splitlines()
    stripped = [line.strip() for line in lines]
    assert "(分)" in stripped and not any(line.endswith("(") for line in stripped)


def test_the_header_and_the_total_are_bold() -> None:
    """Bold is text render mode 2 (fill and stroke): once for the title, then once a cell."""

    def strokes(sample: TableReport) -> int:
        streams = [page.get_contents() for page in reader(table_report_pdf(sample)).pages]
        return sum(stream.get_data().count(b"2 Tr") for stream in streams if stream is not None)

    assert strokes(report(total=None)) == 1 + len(HEADER)
    assert strokes(report()) == 1 + 2 * len(HEADER)


# --- the font and the pixels -------------------------------------------------------------


def test_chinese_prints_as_real_glyphs_not_boxes() -> None:
    pdf = table_report_pdf(report())
    for word in ("叫号统计报表", "统计口径", "最长等候"):  # no character twice in a word
        shapes = glyph_shapes(pdf, word)
        assert all(any(shape) for shape in shapes)
        assert len(set(shapes)) == len(set(word))


def test_only_the_embedded_cjk_truetype_font_is_used() -> None:
    for page in reader(table_report_pdf(report(rows=60))).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            assert font["/Subtype"] == "/TrueType" and "Helvetica" not in font["/BaseFont"]


def test_every_page_rasterises_to_ink_inside_the_margins() -> None:
    margin = round(LEFT * DPI / 72) - 2
    for width, height, rgba in rasterize(table_report_pdf(report(rows=80)), DPI):
        assert width > height
        assert 0.01 < dark_share(width, height, rgba) < 0.4
        for side in (range(margin), range(width - margin, width)):
            column = [rgba[(y * width + x) * 4] for y in range(0, height, 4) for x in side]
            assert min(column) > 200  # nothing printed in the left or right margin


# --- the print service -------------------------------------------------------------------


@pytest.fixture
def printing(tmp_path: Path, fake_clock: FakeClock) -> PrintService:
    config = Config(hall_code="demo", local_store=str(tmp_path / "local.db"))
    return PrintService(Context(config, fake_clock))


def test_the_service_rasterises_landscape_pages_and_stores_a_copy(printing: PrintService) -> None:
    number = "2026-11-01~30/day"
    document = printing.table_report("queue_report", number, report(rows=80))
    assert (document.kind, document.number) == ("queue_report", number)
    assert len(document.pages) == len(reader(document.pdf).pages) >= 2
    for page in document.pages:
        assert page.dpi == 203 and len(page.rgba) == page.width * page.height * 4
        assert page.width == pytest.approx(297 / 25.4 * 203, abs=1)
        assert page.height == pytest.approx(210 / 25.4 * 203, abs=1)
    assert stored(printing) == [("queue_report", number, document.pdf)]


@pytest.mark.parametrize(
    ("number", "bad"),
    [
        ("2026-11/day", report(rows=(day_row(0)[:3],))),
        ("", report()),
        ("2026-11-01~2026-11-30/by-category/all", report()),
    ],
    ids=["short_row", "no_number", "long_number"],
)
def test_a_report_that_cannot_be_printed_is_refused_and_nothing_is_stored(
    printing: PrintService, number: str, bad: TableReport
) -> None:
    printing.table_report("queue_report", "2026-11/day", report())
    before = stored(printing)
    with pytest.raises(DeskError) as caught:
        printing.table_report("queue_report", number, bad)
    assert caught.value.code == "print.failed"
    assert stored(printing) == before

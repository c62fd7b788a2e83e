"""A statistics table on A4 landscape (叫号统计报表 and its siblings), for the supervisor's file.

One generic layout serves every report: a title and a few subtitle lines (hall, period,
grouping, limits), a ruled table whose header row repeats on every page, an optional bold
合计 row, the definitions of the columns under the table, and a footer on every page with
the time it was printed, the title and 第 N 页 / 共 M 页, so a loose or missing sheet is
noticed. The caller hands in text only: formatting numbers, "—" for a column that does not
apply, the language of the words, is the service's business, not the printer's.

Landscape because a report has up to 16 columns; 8.5 pt cells keep them readable. A header
or a cell too long for its column (平均等候(分), a long category name) becomes a wrapping
paragraph, so it grows downwards inside its cell instead of running off the page. Shading is
light grey and the grid black: it survives a monochrome laser printer and a photocopy.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError

from desk_client.printing.fonts import cjk_font_name
from desk_client.printing.notice_blocks import CJKParagraph, HeavyText, para
from desk_client.printing.paged_canvas import PagedCanvas

PAGE = landscape(A4)  # 842 x 595 pt
LEFT = RIGHT = TOP = 12 * mm
BOTTOM = 16 * mm  # room for the footer line under the frame
FOOTER_Y = 8 * mm
WIDTH = PAGE[0] - LEFT - RIGHT  # 273 mm
SIZE = 8.5  # body cells: 16 columns fit, and still readable at arm's length
LEADING = 1.25  # line height in sizes, in paragraphs and plain cells alike
TEXT_SHARE = 2.2  # a text column (date, category, window) is this many number columns wide
GRID = colors.black
HEAD_SHADE = colors.Color(0.82, 0.82, 0.82)
ZEBRA = colors.Color(0.94, 0.94, 0.94)
PADDING = 3.0  # left and right inside a cell
FRAME_FLUSH = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
NO_DATA = {False: "（无数据）", True: "(no data)"}


@dataclass(frozen=True)
class TableReport:
    """What a report says, all as text, in the order it is printed."""

    title: str  # e.g. "叫号统计报表"
    lines: tuple[str, ...]  # subtitle lines: hall name, period, grouping, wait limit
    header: tuple[str, ...]  # column names; long ones wrap in their cell
    rows: tuple[tuple[str, ...], ...]  # cells as text, as many as the header
    total: tuple[str, ...] | None  # the 合计 row (bold, after a rule); None = no total
    notes: tuple[str, ...]  # definitions under the table (small text, wrapped)
    printed: str  # e.g. "打印时间 2026-11-23 10:05", in the footer of every page
    english: bool = False  # the footer's words: 第 1 页 / 共 3 页 or Page 1 of 3
    text_columns: int = 1  # the first N columns are text (left), the rest numbers (right)


# --- checking ----------------------------------------------------------------------------


def validate(report: TableReport) -> None:
    """Refuse a report whose rows do not line up with its header: a missing cell would shift
    every number after it under the wrong column, and nobody reading the paper could tell."""
    width = len(report.header)
    if width == 0:
        raise ValueError("a report needs at least one column")
    if not 0 <= report.text_columns <= width:
        raise ValueError(f"text_columns must be 0 to {width}, not {report.text_columns}")
    for index, row in enumerate(report.rows):
        if len(row) != width:
            raise ValueError(f"row {index} has {len(row)} cells; the header has {width}")
    if report.total is not None and len(report.total) != width:
        raise ValueError(f"the total row has {len(report.total)} cells; the header has {width}")


# --- styles and cells --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportStyles:
    """The paragraph styles of a report, built once per font (a report has ~2000 cells)."""

    text: ParagraphStyle
    number: ParagraphStyle
    head: ParagraphStyle
    line: ParagraphStyle
    note: ParagraphStyle
    footer: float


def _style(
    name: str, font: str, size: float, align: int, leading: float = LEADING
) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=size * leading, alignment=align, wordWrap="CJK"
    )


@lru_cache(maxsize=4)
def report_styles(font: str) -> ReportStyles:
    return ReportStyles(
        text=_style("report_text", font, SIZE, TA_LEFT),
        number=_style("report_number", font, SIZE, TA_RIGHT),
        head=_style("report_head", font, SIZE, TA_CENTER),
        line=_style("report_line", font, 10, TA_CENTER, 1.4),
        note=_style("report_note", font, 7.5, TA_LEFT, 1.4),
        footer=8,
    )


class BoldParagraph(CJKParagraph):
    """A paragraph in a heavier stroke: the header and the 合计 row.

    The CJK font has one weight; filling and stroking the outlines (text render mode 2, as
    the notices' titles do) makes it bold. The mode is set for this paragraph alone and the
    graphics state restored after it, so the next cell prints at normal weight.
    """

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setStrokeGray(0)
        canvas.setLineWidth(self.style.fontSize / 30)
        canvas.addLiteral("2 Tr")
        super().draw()
        canvas.restoreState()


def bold(text: str, style: ParagraphStyle) -> Paragraph:
    """Like ``para``: the text is printed as given, never parsed as markup."""
    return BoldParagraph(escape(text), style)


def header_cell(name: str, width: float, style: ParagraphStyle) -> Paragraph:
    """A column name, bold; one too wide for its column breaks before its unit, 平均等候 over
    (分), never 平均等候( over 分) (reportlab's CJK wrapping lets a line end with "(")."""
    inner = width - 2 * PADDING
    cut = max(name.find("("), name.find("（"))
    if cut <= 0 or stringWidth(name, style.fontName, style.fontSize) <= inner:
        return bold(name, style)
    return BoldParagraph(f"{escape(name[:cut])}<br/>{escape(name[cut:])}", style)


def cell_styles(report: TableReport, styles: ReportStyles) -> list[ParagraphStyle]:
    """Each column's style: the first ``text_columns`` left-aligned, numbers right-aligned."""
    count = len(report.header)
    return [styles.text if i < report.text_columns else styles.number for i in range(count)]


def column_widths(report: TableReport) -> list[float]:
    """The whole frame width: a text column is TEXT_SHARE times as wide as a number column,
    so names and dates keep to one line while every number column gets the same room."""
    texts, count = report.text_columns, len(report.header)
    unit = WIDTH / (texts * TEXT_SHARE + count - texts)
    return [unit * TEXT_SHARE if i < texts else unit for i in range(count)]


# --- the table ---------------------------------------------------------------------------


def body_cell(text: str, width: float, style: ParagraphStyle) -> Any:
    """A cell as a plain string when it fits on one line, else a wrapping paragraph.

    Nearly every cell is a short number; a paragraph costs ten times a string to build and
    draw, and a 120-row report has some 1700 cells. The string is drawn in the same font,
    size and leading (table_commands), so nobody can tell the two apart on paper.
    """
    fits = stringWidth(text, style.fontName, style.fontSize) <= width - 2 * PADDING
    return text if fits and "\n" not in text else para(text, style)


def table_rows(report: TableReport, styles: ReportStyles) -> list[list[Any]]:
    """Header, body (or the one 无数据 line) and total; a long cell wraps inside its column."""
    columns = list(zip(column_widths(report), cell_styles(report, styles), strict=True))
    head = [
        header_cell(n, w, styles.head) for n, (w, _s) in zip(report.header, columns, strict=True)
    ]
    rows: list[list[Any]] = [head]
    rows += [
        [body_cell(c, w, s) for c, (w, s) in zip(row, columns, strict=True)] for row in report.rows
    ]
    if not report.rows:
        empty = para(NO_DATA[report.english], styles.head)
        rows.append([empty] + [""] * (len(report.header) - 1))
    if report.total is not None:
        rows.append([bold(c, s) for c, (_w, s) in zip(report.total, columns, strict=True)])
    return rows


def cell_commands(report: TableReport, font: str) -> list[tuple[Any, ...]]:
    """The plain-string cells: the paragraphs' font, size and leading; numbers to the right."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), SIZE),
        ("LEADING", (0, 0), (-1, -1), SIZE * LEADING),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if report.text_columns < len(report.header):
        commands.append(("ALIGN", (report.text_columns, 0), (-1, -1), "RIGHT"))
    return commands


def table_commands(report: TableReport, count: int) -> list[tuple[Any, ...]]:
    """Grid, shaded header, zebra body, the rule over the total, and the total kept with the
    last body row (a 合计 alone at the top of a page reads as a different table)."""
    last = count - 1
    body_end = last - 1 if report.total is not None else last
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("LINEBELOW", (0, 0), (-1, 0), 1.0, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_SHADE),
        ("ROWBACKGROUNDS", (0, 1), (-1, body_end), [colors.white, ZEBRA]),
    ]
    if not report.rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    if report.total is not None:
        commands += [("LINEABOVE", (0, last), (-1, last), 1.2, GRID)]
        commands += [("NOSPLIT", (0, last - 1), (-1, last))]
    return commands


def report_table(report: TableReport, styles: ReportStyles) -> Table:
    rows = table_rows(report, styles)
    commands = cell_commands(report, styles.text.fontName) + table_commands(report, len(rows))
    return Table(rows, colWidths=column_widths(report), style=commands, repeatRows=1)


def flowables(report: TableReport, font: str) -> list[Flowable]:
    styles = report_styles(font)
    out: list[Flowable] = [HeavyText(report.title, font, 16, spacing=2), Spacer(0, 2 * mm)]
    out += [para(line, styles.line) for line in report.lines]
    out += [Spacer(0, 3 * mm), report_table(report, styles)]
    out += [Spacer(0, 3 * mm)] if report.notes else []
    return out + [para(note, styles.note) for note in report.notes]


# --- the page furniture ------------------------------------------------------------------


def page_label(page: int, total: int, *, english: bool) -> str:
    return f"Page {page} of {total}" if english else f"第 {page} 页 / 共 {total} 页"


class ReportCanvas(PagedCanvas):
    """Holds every page until the end, so each footer can say how many pages there are."""

    report: TableReport
    font = ""

    def _furniture(self, page: int, total: int) -> None:
        """打印时间 left, the title centred, the page count right, under a hairline."""
        report = self.report
        self.setLineWidth(0.4)
        self.line(LEFT, BOTTOM - 3 * mm, PAGE[0] - RIGHT, BOTTOM - 3 * mm)
        self.setFont(self.font, report_styles(self.font).footer)
        self.drawString(LEFT, FOOTER_Y, report.printed)
        self.drawCentredString(PAGE[0] / 2, FOOTER_Y, report.title)
        label = page_label(page, total, english=report.english)
        self.drawRightString(PAGE[0] - RIGHT, FOOTER_Y, label)


# --- the document ------------------------------------------------------------------------


def document(buffer: io.BytesIO, report: TableReport, font: str) -> BaseDocTemplate:
    """A4 landscape, 12 mm margins, one flush frame; invariant, so the same report gives the
    same bytes (a stored copy can be compared with a reprint)."""
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=report.title,
        creator="desk-client",
        invariant=1,
        pageCompression=1,
        initialFontName=font,
    )
    frame = Frame(LEFT, BOTTOM, WIDTH, PAGE[1] - TOP - BOTTOM, id="body", **FRAME_FLUSH)
    doc.addPageTemplates([PageTemplate(id="report", frames=[frame])])
    return doc


def table_report_pdf(report: TableReport) -> bytes:
    """The report as PDF bytes; a row that does not match the header raises ValueError, as
    does a single cell too long to fit on a page (the table cannot split inside a row)."""
    validate(report)
    font = cjk_font_name()
    buffer = io.BytesIO()
    canvas_class = type("Canvas", (ReportCanvas,), {"report": report, "font": font})
    try:
        document(buffer, report, font).build(flowables(report, font), canvasmaker=canvas_class)
    except LayoutError as exc:
        raise ValueError(f"the report cannot be laid out: {exc}") from exc
    return buffer.getvalue()

"""Notices on A4: the number top right, the hall and the title, the applicant's particulars
in a ruled form, the letter, the materials in a ruled table, the clerk, the seal and the
signature lines.

Margins follow the look of printed government forms (GB/T 9704 keeps about 37/35/28/26 mm;
a notice has more to say, so top and bottom are 22 mm). A long list of materials breaks
across pages: the table's header row repeats, every page after the first carries the notice
number, and each page says 第 N 页 共 M 页 so a missing sheet is noticed.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from desk_client.printing.notice_blocks import (
    HeavyText,
    QRCode,
    Rule,
    SignatureLine,
    TextStyles,
    fact,
    label_style,
    para,
    text_styles,
)
from desk_client.printing.notice_sheet import Fact, Sheet
from desk_client.printing.paged_canvas import PagedCanvas

LEFT, RIGHT, TOP, BOTTOM = 28 * mm, 26 * mm, 22 * mm, 22 * mm
WIDTH = A4[0] - LEFT - RIGHT  # 156 mm
SIZE = 12.0  # 小四
QR_SIZE = 24 * mm
GRID = colors.black
SHADE = colors.Color(0.92, 0.92, 0.92)
HEAD_SHADE = ("BACKGROUND", (0, 0), (-1, 0), SHADE)
PARTY_COLUMNS = (27 * mm, 45 * mm, 34 * mm, 50 * mm)  # labels fit: 统一社会信用代码
MATERIAL_COLUMNS = (12 * mm, 46 * mm, 25 * mm, 73 * mm)
FRAME_FLUSH = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
NO_PADDING = [
    (side, (0, 0), (-1, -1), 0)
    for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
]


class NumberedCanvas(PagedCanvas):
    """Holds every page until the end, so each can say 第 N 页 共 M 页 and, after the first,
    repeat the notice number at its head."""

    number = ""
    font = ""

    def _furniture(self, page: int, total: int) -> None:
        self.setFont(self.font, 9)
        self.drawCentredString(A4[0] / 2, BOTTOM / 2, f"第 {page} 页 共 {total} 页")
        if page > 1:
            self.drawRightString(A4[0] - RIGHT, A4[1] - TOP / 2, f"编号：{self.number}（续）")


def heading(sheet: Sheet, font: str, styles: TextStyles) -> list[Flowable]:
    """编号 top right; the hall and the title centred, the scan code in the right corner."""
    titles = [HeavyText(sheet.hall_name, font, 15, spacing=1), Spacer(0, 1.5 * mm)]
    titles += [HeavyText(sheet.title, font, 22, spacing=4)]
    code = [QRCode(sheet.qr_payload, QR_SIZE), para(sheet.qr_caption, text_styles(font, 8).centre)]
    side = QR_SIZE + 6 * mm
    widths = (side, WIDTH - 2 * side, side)
    row = table([["", titles, code]], widths, styles, [("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    number = fact("编号", sheet.number, text_styles(font, 10.5).right)
    return [number, row, Rule(5 * mm, double=True)]


def party_rows(sheet: Sheet, styles: TextStyles) -> tuple[list[list[Any]], list[int]]:
    """The particulars form: the applicant's facts two a row, then 申请事项 across the row
    (item names are long), then the remaining item facts two a row. Also the indexes of
    the rows whose value spans the row."""
    spanning = {"申请事项", "原告知单编号"}
    groups: list[list[Fact]] = [list(sheet.applicant)]
    groups += [[f] for f in sheet.item if f[0] in spanning]
    groups += [[f for f in sheet.item if f[0] not in spanning]]
    rows: list[list[Any]] = []
    spans: list[int] = []
    for group in groups:
        for index in range(0, len(group), 2):
            pair = group[index : index + 2]
            cells = [c for label, value in pair for c in _cell_pair(label, value, styles)]
            rows.append(cells + ["", ""] * (2 - len(pair)))
            spans += [len(rows) - 1] if len(pair) == 1 else []
    return rows, spans


def _cell_pair(label: str, value: str, styles: TextStyles) -> list[Any]:
    return [label, para(value, styles.cell)]


def table(
    rows: list[list[Any]],
    widths: tuple[float, ...],
    styles: TextStyles,
    commands: list[tuple[Any, ...]],
    *,
    padded: bool = False,
    **extra: Any,
) -> Table:
    """A table in the notice's font and the cells' size. reportlab sets a font for every
    cell, even an empty one, and would otherwise list Helvetica in the page's resources;
    short fixed texts (序号, 缺少) are plain strings in cells, cheaper than paragraphs."""
    result = Table(rows, colWidths=widths, **extra)
    cell = styles.cell
    font = [
        ("FONTNAME", (0, 0), (-1, -1), cell.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), cell.leading),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
    ]
    result.setStyle(TableStyle([*font, *([] if padded else NO_PADDING), *commands]))
    return result


def ruled(
    widths: tuple[float, ...],
    rows: list[list[Any]],
    styles: TextStyles,
    commands: list[tuple[Any, ...]],
    **extra: Any,
) -> Table:
    """A form's grid: thin inner lines, a heavier frame."""
    grid: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("BOX", (0, 0), (-1, -1), 1.2, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    return table(rows, widths, styles, grid + commands, padded=True, **extra)


def parties(sheet: Sheet, styles: TextStyles) -> Table:
    rows, spans = party_rows(sheet, styles)
    commands: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), SHADE)]
    for row in range(len(rows)):
        spanned = ("SPAN", (1, row), (3, row))
        commands.append(spanned if row in spans else ("BACKGROUND", (2, row), (2, row), SHADE))
    return ruled(PARTY_COLUMNS, rows, styles, commands)


def material_table(sheet: Sheet, styles: TextStyles) -> Table:
    """序号 | 材料名称 | 情形 | 补正要求: the header repeats on every page the table spans."""
    rows: list[list[Any]] = [["序号", "材料名称", "情形", "补正要求"]]
    for index, row in enumerate(sheet.rows, start=1):
        demand = [para(row.requirement, styles.cell)]
        demand += [fact("不符合原因", row.reason, styles.cell)] if row.reason else []
        rows.append([str(index), para(row.name, styles.cell), row.problem, demand])
    return ruled(MATERIAL_COLUMNS, rows, styles, [HEAD_SHADE], repeatRows=1)


def received_table(sheet: Sheet, styles: TextStyles) -> Table:
    rows: list[list[Any]] = [["序号", "材料名称、形式及份数"]]
    rows += [[str(i), para(name, styles.cell)] for i, name in enumerate(sheet.received, start=1)]
    return ruled((12 * mm, WIDTH - 12 * mm), rows, styles, [HEAD_SHADE], repeatRows=1)


def materials(sheet: Sheet, styles: TextStyles) -> list[Flowable]:
    if not sheet.rows and not sheet.received:
        return []
    table = material_table(sheet, styles) if sheet.rows else received_table(sheet, styles)
    return [para(sheet.table_caption, styles.heading), table, Spacer(0, 2 * mm)]


def fact_table(groups: tuple[tuple[Fact, ...], ...], font: str, styles: TextStyles) -> Table:
    """设定依据、时限、收费、电话, indented like the letter, one row per group: a single fact
    runs across the row (its value wrapping under itself), a pair (承诺时限 beside 法定时限,
    咨询电话 beside 投诉电话) sits in two columns."""
    paired = [name for group in groups if len(group) > 1 for name, _ in group]
    label = (max(map(len, paired), default=4) + 1) * SIZE
    half = (WIDTH - 2 * SIZE) / 2
    rows = [_fact_row(group, font, styles) for group in groups]
    widths = (label, half - label, label, half - label)
    spans = [("SPAN", (0, r), (3, r)) for r, group in enumerate(groups) if len(group) == 1]
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]
    return table(rows, widths, styles, commands, hAlign="RIGHT")


def _fact_row(group: tuple[Fact, ...], font: str, styles: TextStyles) -> list[Any]:
    if len(group) == 1:
        [(name, value)] = group
        return [fact(name, value, label_style(font, SIZE, len(name))), "", "", ""]
    return [c for n, v in group for c in (para(f"{n}：", styles.body), para(v, styles.body))]


def closing_block(sheet: Sheet, font: str, styles: TextStyles) -> KeepTogether:
    """The closing words, then the clerk (and the staff's signature lines) on the left, the
    seal and date on the right, the applicant's signature line below: kept on one page, so
    nobody signs a sheet that does not name the clerk, and the signatures never stand alone
    on a page without a line of the notice above them. The first signature line is the
    applicant's."""
    words = [para(text, styles.indented) for text in sheet.closing]
    applicant, *staff = sheet.signatures
    clerk: list[Flowable] = [fact(label, value, styles.body) for label, value in sheet.clerk]
    clerk += [SignatureLine(labels, font, SIZE, 30 * mm) for labels in staff]
    seal = [para(f"{sheet.hall_name}（盖章）", styles.right), para(sheet.date, styles.right)]
    widths = (WIDTH * 0.55, WIDTH * 0.45)
    beside = table([[clerk, seal]], widths, styles, [("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    signature = SignatureLine(applicant, font, SIZE, 34 * mm)
    return KeepTogether([*words, Spacer(0, 5 * mm), beside, Spacer(0, 3 * mm), signature])


def a4_flowables(sheet: Sheet, font: str) -> list[Flowable]:
    styles = text_styles(font, SIZE)
    out = [*heading(sheet, font, styles), parties(sheet, styles), Spacer(0, 4 * mm)]
    out += [para(sheet.salutation, styles.body), para(sheet.opening, styles.indented)]
    out += [Spacer(0, 1 * mm), *materials(sheet, styles)]
    out += [fact_table(sheet.facts, font, styles)] if sheet.facts else []
    return [*out, Spacer(0, 1.5 * mm), closing_block(sheet, font, styles)]


def render_a4(sheet: Sheet, font: str) -> bytes:
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=f"{sheet.number} {sheet.title}",
        author=sheet.hall_name,
        creator="desk-client",
        invariant=1,
        pageCompression=1,
        initialFontName=font,
    )
    frame = Frame(LEFT, BOTTOM, WIDTH, A4[1] - TOP - BOTTOM, id="body", **FRAME_FLUSH)
    document.addPageTemplates([PageTemplate(id="notice", frames=[frame])])
    canvas_class = type("Canvas", (NumberedCanvas,), {"number": sheet.number, "font": font})
    document.build(a4_flowables(sheet, font), canvasmaker=canvas_class)
    return buffer.getvalue()

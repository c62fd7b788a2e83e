"""Notices on the 80 mm thermal roll: one page, as long as its content.

The roll prints about 72 mm of its 80 mm, hence the 4 mm sides. The flowables are measured
first at the printable width, the page is made exactly that tall, then they are drawn top to
bottom: a notice of two materials is a short slip, one of forty is a long one, never a second
page (a thermal printer cuts at the end of a page).
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

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
from desk_client.printing.notice_sheet import Sheet, WeekdaySheet

PAGE_WIDTH = 80 * mm
SIDE = 4 * mm
CONTENT = PAGE_WIDTH - 2 * SIDE
TOP, BOTTOM = 5 * mm, 8 * mm
SIZE = 9.0  # body text: about 22 characters a line
QR_SIZE = 28 * mm
WEEKDAY_ONLY = "本事项请于工作日办理"
WEEKDAY_REASON = "周末及节假日（5+2 服务）只受理部分事项。请于工作日到大厅办理，或预约后按时前来。"


def heading(sheet_title: str, hall_name: str, number: str, font: str) -> list[Flowable]:
    """Number top right, the hall, the title, the double rule."""
    return [
        fact("编号", number, text_styles(font, SIZE * 0.9).right),
        Spacer(0, 1.5 * mm),
        HeavyText(hall_name, font, 11),
        HeavyText(sheet_title, font, 17, spacing=1.5),
        Rule(3 * mm, double=True),
    ]


def facts(pairs: tuple[tuple[str, str], ...], font: str) -> list[Flowable]:
    """标签：内容, a long value wrapping under itself."""
    return [fact(label, value, label_style(font, SIZE, len(label))) for label, value in pairs]


def materials(sheet: Sheet, styles: TextStyles) -> list[Flowable]:
    """Each material numbered, its requirement (and why it failed) indented beneath it."""
    if not sheet.rows and not sheet.received:
        return []
    out: list[Flowable] = [para(sheet.table_caption, styles.heading)]
    for index, row in enumerate(sheet.rows, start=1):
        out.append(para(f"{index}. {row.name}【{row.problem}】", styles.hanging))
        out.append(fact("要求", row.requirement, styles.detail))
        out += [fact("原因", row.reason, styles.detail)] if row.reason else []
    for index, name in enumerate(sheet.received, start=1):
        out.append(para(f"{index}. {name}", styles.hanging))
    return out


def signatures(sheet: Sheet, font: str) -> list[Flowable]:
    """On the narrow roll each blank gets its own line."""
    labels = [label for line in sheet.signatures for label in line]
    return [SignatureLine((label,), font, SIZE) for label in labels]


def notice_flowables(sheet: Sheet, font: str) -> list[Flowable]:
    styles = text_styles(font, SIZE)
    out = heading(sheet.title, sheet.hall_name, sheet.number, font)
    out += [*facts(sheet.applicant + sheet.item, font), Rule(3 * mm, dashed=True)]
    out += [para(sheet.salutation, styles.body), para(sheet.opening, styles.indented)]
    out += materials(sheet, styles)
    out += [Rule(3 * mm, dashed=True), *facts(sum(sheet.facts, ()), font), Spacer(0, 1.5 * mm)]
    out += [para(text, styles.indented) for text in sheet.closing]
    out += [Rule(3 * mm, dashed=True), *facts(sheet.clerk, font)]
    out += [para(sheet.hall_name, styles.right), para(sheet.date, styles.right)]
    out += [Spacer(0, 2 * mm), QRCode(sheet.qr_payload, QR_SIZE)]
    out += [para(sheet.qr_caption, styles.centre), Spacer(0, 2 * mm)]
    return out + signatures(sheet, font)


def weekday_flowables(sheet: WeekdaySheet, font: str) -> list[Flowable]:
    styles = text_styles(font, SIZE)
    out: list[Flowable] = [HeavyText(sheet.hall_name, font, 11)]
    out += [HeavyText("预约提示单", font, 17, spacing=1.5), Rule(3 * mm, double=True)]
    out += [*facts(sheet.item, font), Spacer(0, 2 * mm)]
    out += [HeavyText(WEEKDAY_ONLY, font, 12), Spacer(0, 1 * mm)]
    out += [para(WEEKDAY_REASON, styles.small), Spacer(0, 1 * mm)]
    out += [fact("下一个工作日", sheet.next_day, styles.body), Rule(3 * mm, dashed=True)]
    out.append(para(f"请携带以下材料（共 {len(sheet.materials)} 项）：", styles.heading))
    out += [para(f"{i}. {text}", styles.hanging) for i, text in enumerate(sheet.materials, 1)]
    out += [Rule(3 * mm, dashed=True), fact("咨询电话", sheet.phone, styles.body)]
    out += [Spacer(0, 2 * mm), para("已预约的，请按预约时间到大厅取号办理。", styles.small)]
    out += [SignatureLine(("预约办理时间",), font, SIZE)]
    return [*out, Spacer(0, 2 * mm), fact("打印时间", sheet.printed, styles.small)]


def render_roll(flowables: list[Flowable], title: str, author: str, font: str) -> bytes:
    """The flowables on one 80 mm page exactly as tall as they are."""
    sizes = [f.wrap(CONTENT, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables]
    height = TOP + sum(sizes) + BOTTOM
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, height),
        pageCompression=1,
        invariant=1,
        initialFontName=font,  # else an unused Helvetica is listed in the page resources
    )
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("desk-client")
    top = height - TOP
    for flowable, size in zip(flowables, sizes, strict=True):
        top -= size
        flowable.drawOn(canvas, SIDE, top + flowable.getSpaceAfter())
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

"""The queue ticket (排队凭条) printed at the kiosk: an 80 mm wide PDF, as tall as its content.

Top to bottom, like the slips of a real hall: hall name, a rule, the priority-lane (绿色通道)
and appointment (预约) marks, the number in large type, the category, the people ahead, the
estimated wait, the time issued, a QR code, and the footer. The layout is a list of blocks that
know their height, so the page is sized before anything is drawn and a long hall name or an
emergency number (W03-001) shrinks or wraps instead of running off the paper.

Thermal printers print about 72 mm of the 80 mm roll, hence the 4 mm side margins.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk_client.printing.fonts import cjk_font_name
from desk_client.printing.qr import draw_qr

PAGE_WIDTH = 80 * mm
SIDE = 4 * mm
CONTENT = PAGE_WIDTH - 2 * SIDE
TOP, BOTTOM = 5 * mm, 7 * mm
QR_SIZE = 30 * mm
FOOTER = ("请留意叫号，过号请重新取号", "本凭条仅限当日使用")


@dataclass(frozen=True)
class TicketSlip:
    """What goes on one ticket; the service layer fills it from an IssuedTicket."""

    hall_name: str
    number: str
    category_name: str
    people_ahead: int
    issued_at_local: str
    estimated_wait_min: int | None
    qr_payload: str
    priority: bool = False
    appointment: bool = False
    window_hint: str = ""  # printed as given, e.g. "请到 1、2、6 号窗口办理"
    qr_caption: str = "过号请凭此码到窗口恢复"


Draw = Callable[[Canvas, float], None]  # (canvas, y of the block's top edge)


@dataclass(frozen=True)
class Block:
    height: float
    draw: Draw


# --- text helpers -------------------------------------------------------------------------


def fit_size(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    """The largest size from ``largest`` down to ``smallest`` at which ``text`` fits."""
    size = largest
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


NO_LINE_START = "）》」』】〕，。、：；！？)]},.:;!?"
NO_LINE_END = "（《「『【〔([{"


def wrap_chars(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` between characters (Chinese has no spaces) into lines of even length.

    Lines are balanced (two lines of 9 and 8 characters, not 16 and 1), and a line never
    starts with closing punctuation nor ends with an opening bracket (避头尾).
    """
    total = stringWidth(text, font, size)
    count = max(1, -(-total // width))
    target = min(width, total / count + size)
    lines, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, font, size) > target:
            line, carried = _kinsoku(line, ch)
            lines.append(line)
            line = carried
        line += ch
    return [*lines, line] if line else lines


def _kinsoku(line: str, nxt: str) -> tuple[str, str]:
    """Move characters from the end of ``line`` to the next line so neither breaks a rule."""
    carried = ""
    while len(line) > 1 and (nxt in NO_LINE_START or line[-1] in NO_LINE_END):
        carried = line[-1] + carried
        nxt, line = line[-1], line[:-1]
    return line, carried


def centred(text: str, font: str, size: float, *, gap: float = 0.35, bold: bool = False) -> Block:
    """One centred line: ``gap`` is the space below it, as a fraction of the size."""

    def draw(canvas: Canvas, top: float) -> None:
        canvas.saveState()  # the render mode and line width must not leak into later text
        text_obj = canvas.beginText()
        text_obj.setFont(font, size)
        if bold:  # one-weight CJK fonts: fill and stroke the outline for a heavier stroke
            text_obj.setTextRenderMode(2)
            canvas.setLineWidth(size / 40)
        width = stringWidth(text, font, size)
        text_obj.setTextOrigin((PAGE_WIDTH - width) / 2, top - size * 0.88)
        text_obj.textOut(text)
        canvas.drawText(text_obj)
        canvas.restoreState()

    return Block(size * (1 + gap), draw)


def paragraph(
    text: str, font: str, largest: float, smallest: float, *, gap: float = 0.35, bold: bool = False
) -> list[Block]:
    """A centred text that shrinks to fit one line, and wraps if even the smallest is too big."""
    size = fit_size(text, font, largest, smallest, CONTENT)
    lines = wrap_chars(text, font, size, CONTENT)
    return [centred(line, font, size, gap=gap, bold=bold) for line in lines]


# --- blocks -------------------------------------------------------------------------------


def rule(*, dashed: bool = False, space: float = 3 * mm) -> Block:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.6 if dashed else 1.0)
        if dashed:
            canvas.setDash(2, 2)
        y = top - space / 2
        canvas.line(SIDE, y, PAGE_WIDTH - SIDE, y)
        canvas.restoreState()

    return Block(space, draw)


def spacer(height: float) -> Block:
    return Block(height, lambda canvas, top: None)


def badges(labels: Sequence[str], font: str, size: float = 11) -> Block:
    """White-on-black marks (绿色通道, 预约) side by side, the way thermal slips highlight."""
    pad, gap = size * 0.45, 3 * mm
    widths = [stringWidth(label, font, size) + 2 * pad for label in labels]
    height = size + pad * 1.4

    def draw(canvas: Canvas, top: float) -> None:
        x = (PAGE_WIDTH - sum(widths) - gap * (len(widths) - 1)) / 2
        for label, width in zip(labels, widths, strict=True):
            canvas.setFillGray(0)
            canvas.roundRect(x, top - height, width, height, 2, stroke=0, fill=1)
            canvas.setFillGray(1)
            canvas.setFont(font, size)
            canvas.drawCentredString(x + width / 2, top - height + pad * 0.75, label)
            x += width + gap
        canvas.setFillGray(0)

    return Block(height + 2.5 * mm, draw)


def people_ahead_line(count: int, font: str) -> Block:
    """The line "您前面还有 N 人", N larger: the figure a citizen looks for first."""
    parts = (("您前面还有 ", 12.0), (str(count), 20.0), (" 人", 12.0))
    total = sum(stringWidth(text, font, size) for text, size in parts)

    def draw(canvas: Canvas, top: float) -> None:
        x, baseline = (PAGE_WIDTH - total) / 2, top - 18
        for text, size in parts:
            canvas.setFont(font, size)
            canvas.drawString(x, baseline, text)
            x += stringWidth(text, font, size)

    return Block(24, draw)


def qr_block(payload: str, caption: str, font: str) -> list[Block]:
    def draw(canvas: Canvas, top: float) -> None:
        draw_qr(canvas, payload, (PAGE_WIDTH - QR_SIZE) / 2, top - QR_SIZE, QR_SIZE)

    blocks = [spacer(1.5 * mm), Block(QR_SIZE + 1 * mm, draw)]
    return [*blocks, centred(caption, font, 8)] if caption else blocks


def number_block(number: str, font: str) -> Block:
    """The ticket number, as large as the paper allows (an emergency W03-001 shrinks)."""
    return centred(number, font, fit_size(number, font, 58, 30, CONTENT), gap=0.1, bold=True)


def wait_text(minutes: int | None) -> str:
    return "预计等候：暂无" if minutes is None else f"预计等候约 {minutes} 分钟"


def marks(slip: TicketSlip) -> list[str]:
    return [label for on, label in ((slip.priority, "绿色通道"), (slip.appointment, "预约")) if on]


def layout(slip: TicketSlip, font: str) -> list[Block]:
    """Every block of the slip, top to bottom."""
    blocks = paragraph(slip.hall_name, font, 14, 10, bold=True)
    blocks += [rule(space=4 * mm)]
    if marks(slip):
        blocks.append(badges(marks(slip), font))
    blocks.append(number_block(slip.number, font))
    blocks += paragraph(slip.category_name, font, 15, 10, gap=0.6, bold=True)
    if slip.window_hint:
        blocks += paragraph(slip.window_hint, font, 10, 8)
    blocks += [rule(dashed=True), people_ahead_line(slip.people_ahead, font)]
    blocks += [centred(wait_text(slip.estimated_wait_min), font, 10, gap=0.6)]
    blocks += [centred(f"取号时间：{slip.issued_at_local}", font, 9)]
    if slip.qr_payload:
        blocks += qr_block(slip.qr_payload, slip.qr_caption, font)
    blocks += [rule(dashed=True)] + [centred(line, font, 8.5, gap=0.45) for line in FOOTER]
    return blocks


def render_ticket_slip(slip: TicketSlip) -> bytes:
    """The slip as PDF bytes: 80 mm wide, height fitted to the content, the CJK font embedded."""
    font = cjk_font_name()
    blocks = layout(slip, font)
    height = TOP + sum(block.height for block in blocks) + BOTTOM
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, height),
        pageCompression=1,
        invariant=1,
        initialFontName=font,  # else an unused Helvetica is listed in the page resources
    )
    canvas.setTitle(f"{slip.number} 排队凭条")
    canvas.setAuthor(slip.hall_name)
    canvas.setCreator("desk-client")
    top = height - TOP
    for block in blocks:
        block.draw(canvas, top)
        top -= block.height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

"""reportlab pieces both notice layouts use: paragraph styles, the heavy title, rules, the QR
code and the signature lines.

Styles are built once per font and size (``text_styles`` is cached): a notice is rendered at
the window while the applicant waits, so nothing is parsed or allocated twice. Paragraphs wrap
with ``wordWrap="CJK"``: Chinese breaks between any two characters, and reportlab keeps closing
punctuation off the start of a line (避头尾).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab import rl_config
from reportlab.lib import textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from desk_client.printing.qr import QUIET_MODULES, dark_runs
from desk_client.printing.ticket import wrap_chars

#: One mask for every notice code. The encoder would otherwise try all eight and score each
#: (3 of the 4 ms a code costs); any mask decodes. Over 600 DESKN|hall|number payloads mask 2
#: scored 526 penalty points on average (ISO 18004's rules), the per-code best 505, the
#: other masks 580-666: the fixed choice is nearly as clean as the searched one.
QR_MASK = 2

#: Chinese punctuation that must not start a line (避头). reportlab's table is Japanese and
#: lacks ，；：！？》 and friends, so a line could begin with 》第十九条.
CHINESE_NO_LINE_START = "，。、；：！？）》」』】〕〉…—”’·％"


def teach_chinese_line_breaking() -> None:
    """Add the Chinese closing punctuation to reportlab's cannot-start-a-line set.

    reportlab reads the set as a module global in two places (the single-run splitter and
    the paragraph's multi-run splitter); it hangs such a character in the right margin
    instead of starting a line with it, which is how Chinese print handles it too
    (标点悬挂). Idempotent; affects only CJK wrapping, which only our slips use.
    """
    extra = "".join(ch for ch in CHINESE_NO_LINE_START if ch not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START += extra
    rl_paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START


teach_chinese_line_breaking()

# Binary PDF streams: ASCII85 (reportlab's default) makes every stream 25 % larger and costs
# about 1.5 ms per notice to encode; nothing here needs a 7-bit-clean PDF. A process-wide
# setting, read when a document is written; it changes the encoding of the bytes, never what
# a page shows.
rl_config.useA85 = 0


@dataclass(frozen=True)
class TextStyles:
    """The paragraph styles of one paper: body text and its smaller and larger companions."""

    body: ParagraphStyle
    indented: ParagraphStyle  # a letter's paragraph: first line indented two characters
    small: ParagraphStyle
    right: ParagraphStyle
    centre: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    hanging: ParagraphStyle  # a numbered item: the number hangs, the text lines up
    detail: ParagraphStyle  # smaller text under a numbered item, lined up with its text


def _style(name: str, font: str, size: float, **extra: object) -> ParagraphStyle:
    settings: dict[str, object] = {"leading": size * 1.45, "wordWrap": "CJK"} | extra
    return ParagraphStyle(name, fontName=font, fontSize=size, **settings)


@lru_cache(maxsize=8)
def text_styles(font: str, size: float) -> TextStyles:
    small = size * 0.86
    return TextStyles(
        body=_style("body", font, size, alignment=TA_JUSTIFY),
        indented=_style("indented", font, size, alignment=TA_JUSTIFY, firstLineIndent=2 * size),
        small=_style("small", font, small, alignment=TA_JUSTIFY),
        right=_style("right", font, size, alignment=TA_RIGHT),
        centre=_style("centre", font, small, alignment=TA_CENTER),
        heading=_style("heading", font, size * 1.08, spaceBefore=size * 0.5, spaceAfter=2),
        cell=_style("cell", font, small, leading=small * 1.35),
        cell_head=_style("cell_head", font, small, leading=small * 1.35, alignment=TA_CENTER),
        hanging=_style("hanging", font, size, leftIndent=1.6 * size, firstLineIndent=-1.6 * size),
        detail=_style("detail", font, small, leftIndent=1.6 * size, leading=small * 1.4),
    )


@lru_cache(maxsize=64)
def label_style(font: str, size: float, label_chars: int) -> ParagraphStyle:
    """标签：a long value that wraps under itself, not under the label."""
    indent = (label_chars + 1) * size
    return _style("label", font, size, leftIndent=indent, firstLineIndent=-indent)


class CJKParagraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph that remembers its last wrap.

    A table sizes its cells and then asks them again while drawing, and KeepTogether asks
    once more; CJK line breaking measures every character each time. A paragraph's lines
    depend on the width alone, so the same width gets the same answer without the work.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._wrapped is None or self._wrapped[0] != avail_width:
            self._wrapped = (avail_width, super().wrap(avail_width, avail_height))
        return self._wrapped[1]


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: whatever a clerk typed (& < >) is printed, not parsed."""
    return CJKParagraph(escape(text), style)


def fact(label: str, value: str, style: ParagraphStyle) -> Paragraph:
    return CJKParagraph(f"{escape(label)}：{escape(value)}", style)


class HeavyText(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Centred text in a heavier stroke, spaced out: a notice's title and hall name.

    The shipped CJK font has one weight; filling and stroking the outline (render mode 2)
    gives the title the weight of the 小标宋 headings of printed notices. A text too wide for
    its space (a long hall name on the 80 mm roll) shrinks if 80 % of its size fits on one
    line, and otherwise wraps at full size into balanced lines (避头尾, as on the ticket slip).
    """

    def __init__(self, text: str, font: str, size: float, spacing: float = 0.0) -> None:
        super().__init__()
        self.text, self.font, self.largest, self.spacing = text, font, size, spacing
        self.size, self.lines = size, [text]

    def width_of(self, text: str, size: float) -> float:
        return float(stringWidth(text, self.font, size)) + self.spacing * (len(text) - 1)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail, size = avail_width, self.largest
        while size > self.largest * 0.8 and self.width_of(self.text, size) > avail_width:
            size -= 0.5
        if self.width_of(self.text, size) <= avail_width:
            self.size, self.lines = size, [self.text]
        else:  # wrapped at full size; a CJK character is about ``size`` wide, plus spacing
            self.size = self.largest
            narrower = avail_width * self.size / (self.size + self.spacing)
            self.lines = wrap_chars(self.text, self.font, self.size, narrower)
        return avail_width, self.size * 1.3 * len(self.lines)

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.setLineWidth(self.size / 36)
        for index, line in enumerate(self.lines):
            text = canvas.beginText()
            text.setFont(self.font, self.size)
            text.setCharSpace(self.spacing)
            text.setTextRenderMode(2)
            baseline = self.size * (0.3 + 1.3 * (len(self.lines) - 1 - index))
            text.setTextOrigin((self.avail - self.width_of(line, self.size)) / 2, baseline)
            text.textOut(line)
            canvas.drawText(text)


class Rule(Flowable):  # type: ignore[misc]
    """A full-width line; ``double`` draws the thick-thin pair under a notice's heading."""

    def __init__(self, space: float, *, double: bool = False, dashed: bool = False) -> None:
        super().__init__()
        self.space, self.double, self.dashed = space, double, dashed

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.space

    def draw(self) -> None:
        canvas: Canvas = self.canv
        middle = self.space / 2
        if self.dashed:
            canvas.setDash(2, 2)
        canvas.setLineWidth(1.6 if self.double else 0.6)
        canvas.line(0, middle + 1, self.avail, middle + 1)
        if self.double:
            canvas.setLineWidth(0.5)
            canvas.line(0, middle - 1.5, self.avail, middle - 1.5)


class QRCode(Flowable):  # type: ignore[misc]
    """The notice's scan code (DESKN|hall|number), as vector shapes, centred in its space."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload, self.size = payload, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.size

    def draw(self) -> None:
        draw_notice_qr(self.canv, self.payload, (self.avail - self.size) / 2, 0, self.size)


def notice_qr_matrix(payload: str) -> list[list[bool]]:
    """The dark modules of a notice's code (error correction M, the fixed mask), row 0 on top."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    code.add_data(payload)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def draw_notice_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The code as one filled path in a ``size`` square at (x, y), quiet zone included.

    The path is written in module units under a scaling transform, as whole numbers
    (``c r w 1 re``): reportlab would format some 700 coordinates one by one, a third of a
    notice's number formatting.
    """
    matrix = notice_qr_matrix(payload)
    module = size / (len(matrix) + 2 * QUIET_MODULES)
    rows = len(matrix)
    runs = [
        f"{start} {rows - 1 - index} {length} 1 re"
        for index, row in enumerate(matrix)
        for start, length in dark_runs(row)
    ]
    canvas.saveState()
    canvas.transform(module, 0, 0, module, x + QUIET_MODULES * module, y + QUIET_MODULES * module)
    canvas.setFillGray(0)
    canvas.addLiteral("\n".join([*runs, "f"]))
    canvas.restoreState()


class SignatureLine(Flowable):  # type: ignore[misc]
    """标签：＿＿＿＿ 标签：＿＿＿＿ — labels followed by a ruled blank to sign or write on.

    ``blank`` None stretches the last blank to the right edge.
    """

    def __init__(
        self, labels: tuple[str, ...], font: str, size: float, blank: float | None = None
    ) -> None:
        super().__init__()
        self.labels, self.font, self.size, self.blank = labels, font, size, blank

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.size * 2.4

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setLineWidth(0.6)
        x, baseline = 0.0, self.size * 0.5
        for label in self.labels:
            canvas.drawString(x, baseline, f"{label}：")
            x += stringWidth(f"{label}：", self.font, self.size)
            end = self.avail if self.blank is None else x + self.blank
            canvas.line(x, baseline - 2, end, baseline - 2)
            x = end + self.size * 1.5

"""评价二维码凭条: the 80 mm slip that lets a citizen rate a visit on their phone (issue 7).

The clerk prints it when the customer screen's code is not enough (no phone at hand, a
companion will rate later). Top to bottom: the hall, 请扫码评价, the window and the ticket or
case number, the code (48 mm: a phone reads it at arm's length), its expiry, and the line
that the rating is voluntary and staff must not interfere (国办发〔2019〕51号: staff may not
force, interfere with or hint at a rating). No staff name is printed: the code names the
window, and the citizen rates the service, not a person on a slip.

The code is drawn from :func:`desk_client.printing.qr.qr_modules`, the same modules the
customer screen paints, one ``re`` per dark run in module units under a scaling transform.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from desk_client.printing.fonts import cjk_font_name
from desk_client.printing.notice_80mm import SIZE, facts, render_roll
from desk_client.printing.notice_blocks import HeavyText, Rule, para, text_styles
from desk_client.printing.qr import QUIET_MODULES, dark_runs, qr_modules

TITLE = "请扫码评价"
SUBTITLE = "对本次服务进行评价"
QR_SIZE = 48 * mm
HOW_TO = (
    "请用手机扫描二维码，对本次服务的整体满意度、服务效率、服务水平和服务态度作出评价。"
    "每次服务限评一次。"
)
VOLUNTARY = "评价自愿，工作人员不得干预"
PRIVACY = "评价页面不显示、不收集您的个人信息。"
REF_LABELS = {"ticket": "号票", "case": "办件编号", "emergency": "应急号"}
REF_LABEL = "服务编号"  # when the caller does not say which kind of number it is


class RatingQR(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """The rating code centred in its space, drawn from its module rows."""

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        self.rows, self.size = qr_modules(url, QUIET_MODULES), size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.size

    def draw(self) -> None:
        draw_modules(self.canv, self.rows, (self.avail - self.size) / 2, 0, self.size)


def draw_modules(canvas: Canvas, rows: tuple[str, ...], x: float, y: float, size: float) -> None:
    """Rows of "1"/"0" (quiet zone included) as one filled path in a ``size`` square at
    (x, y): ``column row length 1 re`` in module units, row 0 at the top."""
    module = size / len(rows)
    count = len(rows)
    runs = [
        f"{start} {count - 1 - index} {length} 1 re"
        for index, row in enumerate(rows)
        for start, length in dark_runs([cell == "1" for cell in row])
    ]
    canvas.saveState()
    canvas.transform(module, 0, 0, module, x, y)
    canvas.setFillGray(0)
    canvas.addLiteral("\n".join([*runs, "f"]))
    canvas.restoreState()


def expiry_text(expires_local: datetime) -> str:
    """2026年3月8日 10:05, the hall's wall clock as given."""
    moment = expires_local
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def check(hall_name: str, window: int, ref: str, url: str) -> None:
    if not hall_name.strip() or not ref.strip() or not url.strip():
        raise ValueError("a rating slip needs the hall's name, the number and the URL")
    if window < 1:
        raise ValueError(f"window {window} is not a window number")


def slip_flowables(
    hall_name: str, window: int, ref: str, url: str, expires_local: datetime, *, kind: str
) -> list[Flowable]:
    font = cjk_font_name()
    styles = text_styles(font, SIZE)
    pairs = (("办理窗口", f"{window} 号窗口"), (REF_LABELS.get(kind, REF_LABEL), ref.strip()))
    out: list[Flowable] = [HeavyText(hall_name.strip(), font, 11)]
    out += [HeavyText(TITLE, font, 17, spacing=1.5), para(SUBTITLE, styles.centre)]
    out += [Rule(3 * mm, double=True), *facts(pairs, font), Spacer(0, 2 * mm)]
    out += [RatingQR(url.strip(), QR_SIZE), Spacer(0, 1.5 * mm)]
    out += [HeavyText(f"有效期至 {expiry_text(expires_local)}", font, 10.5)]
    out += [Spacer(0, 1 * mm), para(HOW_TO, styles.small), Rule(3 * mm, dashed=True)]
    return [*out, HeavyText(VOLUNTARY, font, 12), para(PRIVACY, styles.centre)]


def rating_slip_pdf(
    hall_name: str,
    window: int,
    ref: str,
    url: str,
    expires_local: datetime,
    *,
    kind: str = "",
) -> bytes:
    """The slip as PDF bytes: 80 mm wide, one page as tall as its content, the CJK font
    embedded. ``ref`` is the ticket or case number (``kind`` ticket | case | emergency
    picks its label), ``expires_local`` the code's expiry on the hall's wall clock.
    ValueError for a slip without hall name, number or URL, or a window below 1."""
    check(hall_name, window, ref, url)
    flowables = slip_flowables(hall_name, window, ref, url, expires_local, kind=kind)
    font = cjk_font_name()
    return render_roll(flowables, f"{ref.strip()} 评价二维码", hall_name.strip(), font)

"""预约凭条: the 80 mm slip a citizen takes away after a clerk books an appointment.

On the day, the citizen checks in at the hall's kiosk by scanning the slip or typing its
code: so the code is the slip's largest line, and the QR code carries the code and nothing
else (the kiosk's scanner types what it reads into the check-in field, like a keyboard). Top to
bottom: the hall, the title, the code, the date and slot, the category, the person, the QR
code, the rules (check in within the slot or it counts as missed; how to cancel), and who
booked it when.

Personal data is masked here, whatever the caller passed: the name keeps its surname (张*)
and a phone that arrives whole is masked (138****5678). Laid out by the notice code of the
80 mm roll (``notice_80mm``): one page, exactly as tall as its content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desk_client.core.names import mask_name
from desk_client.printing.fonts import cjk_font_name
from desk_client.printing.inquiry_slip import mask_phone
from desk_client.printing.notice_80mm import SIZE, facts, render_roll
from desk_client.printing.notice_blocks import HeavyText, Rule, para, text_styles
from desk_client.printing.notice_sheet import WEEKDAYS, Fact
from desk_client.printing.rating_slip import RatingQR

QR_SIZE = 30 * mm  # the queue ticket's size: kiosk scanners read it at a hand's distance
CODE_SIZE = 30.0  # YY261128007 at 30 pt is 64 mm of the roll's 72
SLOT_SIZE = 18.0
#: Two paragraphs, each a point of its own: a single one left 理。 alone on its last line.
RULES_ZH = (
    "请在预约时段内到大厅自助取号机扫码或输入预约码签到取号；过时未签到视为爽约。",
    "如需取消请致电大厅或到窗口办理。",
)
RULES_EN = (
    "Please check in during your time slot at the hall's self-service ticket kiosk by "
    "scanning this code or entering the appointment code. If you have not checked in by the "
    "end of the slot, the appointment counts as missed. To cancel, call the hall or come to "
    "a window."
)
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
REQUIRED = ("hall_name", "code", "category", "day_text", "slot_text", "name_display")


@dataclass(frozen=True)
class Words:
    """The slip's fixed wording in one language."""

    title: str
    code: str
    when: str
    category: str
    name: str
    phone: str
    qr_caption: str


ZH = Words(
    "预约凭条", "预约码", "预约时间", "业务类别", "预约人", "联系电话", "签到时请出示或扫描此码"
)
EN = Words(
    "Appointment slip",
    "Appointment code",
    "Date and time",
    "Category",
    "Name",
    "Phone",
    "Show or scan this code to check in",
)


@dataclass(frozen=True, kw_only=True)
class AppointmentSlipFields:
    """Everything the slip prints, already phrased by the printing service.

    ``category`` is the queue letter and name ("B 公积金业务"); ``day_text`` and
    ``slot_text`` come from :func:`day_text` and :func:`slot_text`; ``name_display`` and
    ``phone_display`` are masked (the slip masks them again if they are not);
    ``booked_text`` says when, where and by whom it was booked, printed as given.
    ``language`` picks the labels (zh_CN, or en: English labels, the Chinese rules kept
    above the English ones, since the hall's wording is the one that binds).
    """

    hall_name: str
    code: str
    category: str
    day_text: str
    slot_text: str
    name_display: str
    phone_display: str = ""
    booked_text: str = ""
    language: str = "zh_CN"

    @property
    def english(self) -> bool:
        return self.language.lower().startswith("en")


# --- wording -----------------------------------------------------------------------------


def day_text(day: date, *, english: bool = False) -> str:
    """2026-11-28（星期六）, or 2026-11-28 (Saturday)."""
    if english:
        return f"{day.isoformat()} ({WEEKDAYS_EN[day.weekday()]})"
    return f"{day.isoformat()}（星期{WEEKDAYS[day.weekday()]}）"


def slot_text(start: datetime, end: datetime) -> str:
    """10:00–10:30, on the wall clock the times carry (the hall's)."""
    return f"{start:%H:%M}–{end:%H:%M}"


def phone_shown(phone: str) -> str:
    """The phone as printed: a display already masked as it is, a whole number masked."""
    text = phone.strip()
    return text if "*" in text else mask_phone(text) if text else ""


# --- checks ------------------------------------------------------------------------------


def check(fields: AppointmentSlipFields) -> None:
    """A slip missing its code, time or person is refused with ValueError, never printed
    half-filled (the phone may be absent: booking does not require one)."""
    missing = [name for name in REQUIRED if not getattr(fields, name).strip()]
    if missing:
        raise ValueError(f"an appointment slip needs {', '.join(missing)}")


# --- layout ------------------------------------------------------------------------------


def head_part(fields: AppointmentSlipFields, words: Words, font: str) -> list[Flowable]:
    """The hall, the title, and the code in the largest type the roll takes."""
    small = text_styles(font, SIZE).centre
    spacing = 0.3 if fields.english else 1.5
    out: list[Flowable] = [HeavyText(fields.hall_name.strip(), font, 11)]
    out += [HeavyText(words.title, font, 17, spacing=spacing), Rule(3 * mm, double=True)]
    out += [para(words.code, small), HeavyText(fields.code.strip(), font, CODE_SIZE)]
    return [*out, Spacer(0, 1.5 * mm)]


def when_part(fields: AppointmentSlipFields, words: Words, font: str) -> list[Flowable]:
    """The day and the slot, heavier: with the code, what the citizen must not miss."""
    small = text_styles(font, SIZE).centre
    out: list[Flowable] = [para(words.when, small), HeavyText(fields.day_text.strip(), font, 13)]
    return [*out, HeavyText(fields.slot_text.strip(), font, SLOT_SIZE)]


def person_part(fields: AppointmentSlipFields, words: Words, font: str) -> list[Flowable]:
    pairs: list[Fact] = [(words.category, fields.category.strip())]
    pairs += [(words.name, mask_name(fields.name_display))]
    phone = phone_shown(fields.phone_display)
    pairs += [(words.phone, phone)] if phone else []
    return [Rule(3 * mm, dashed=True), *labelled(tuple(pairs), font, english=fields.english)]


def labelled(pairs: tuple[Fact, ...], font: str, *, english: bool) -> list[Flowable]:
    """标签：内容 under the roll's rules; in English "Label: value", an ASCII colon and a
    space (the full-width colon reads as a gap in Latin text), wrapping under a hanging
    indent rather than under a label that is as wide as the value."""
    if not english:
        return facts(pairs, font)
    style = text_styles(font, SIZE).hanging
    return [para(f"{label}: {value}", style) for label, value in pairs]


def qr_part(fields: AppointmentSlipFields, words: Words, font: str) -> list[Flowable]:
    """The code alone in the QR code: the kiosk's scanner types it into check-in."""
    caption = para(words.qr_caption, text_styles(font, SIZE).centre)
    return [Spacer(0, 2 * mm), RatingQR(fields.code.strip(), QR_SIZE), caption]


def rules_part(fields: AppointmentSlipFields, font: str) -> list[Flowable]:
    styles = text_styles(font, SIZE)
    out: list[Flowable] = [Rule(3 * mm, dashed=True)]
    out += [para(text, styles.small) for text in RULES_ZH]
    if fields.english:
        out += [Spacer(0, 1 * mm), para(RULES_EN, styles.small)]
    if fields.booked_text.strip():
        out += [Rule(3 * mm, dashed=True), para(fields.booked_text.strip(), styles.centre)]
    return out


def slip_flowables(fields: AppointmentSlipFields, font: str) -> list[Flowable]:
    """The slip top to bottom."""
    words = EN if fields.english else ZH
    out = head_part(fields, words, font) + when_part(fields, words, font)
    out += person_part(fields, words, font) + qr_part(fields, words, font)
    return out + rules_part(fields, font)


def appointment_slip_pdf(fields: AppointmentSlipFields) -> bytes:
    """The slip as PDF bytes: 80 mm wide, one page as tall as its content, the CJK font
    embedded. ValueError for a slip missing its hall, code, category, day, slot or name."""
    check(fields)
    font = cjk_font_name()
    title = f"{fields.code.strip()} {ZH.title}"
    return render_roll(slip_flowables(fields, font), title, fields.hall_name.strip(), font)

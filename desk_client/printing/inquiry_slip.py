"""首问登记回执: the 80 mm receipt a person takes away after asking at the hall (issue 6).

首问负责制 makes the first staff member asked the owner of the matter until it is answered or
handed over; the receipt is the person's proof of that: who owns it and how to reach them,
where it was referred, the date a reply was promised (working days, issue 5's calendar), and
a QR code (DESKN|hall|number) any window scans to tell a returning person the status.

It is laid out by the notice code of the 80 mm roll (``notice_80mm``): number top right, hall,
title, the particulars as 标签：内容, the QR code and the signature line, one page exactly as
tall as its content. Personal data is masked here, whatever the caller passed: the phone
(138****8000) and any resident ID number inside the person's display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desk_client.core.idnumbers import mask_id
from desk_client.core.notices import notice_scan_code
from desk_client.printing.fonts import cjk_font_name
from desk_client.printing.notice_80mm import QR_SIZE, SIZE, facts, heading, render_roll
from desk_client.printing.notice_blocks import (
    HeavyText,
    QRCode,
    Rule,
    SignatureLine,
    TextStyles,
    para,
    text_styles,
)
from desk_client.printing.notice_sheet import Fact, day_text, local_time

TITLE = "首问登记回执"
QR_CAPTION = "凭此回执或扫码查询办理进度"
SIGNATURE = "首问责任人签字"
REPLY_NOTE = "首问责任人将于此日期前答复您，请保持电话畅通。"
REPLY_SIZE = 13.0
MATTER_MAX = 200  # the slip carries the gist; the whole text stays in the log
NUMBER_MAX = 32  # printed_documents.number
CHANNEL_LABELS = {
    "visit": "现场咨询",
    "phone": "电话咨询",
    "letter": "来信咨询",
    "online": "网上咨询",
}
#: An 18-character resident ID inside a free text (a display the caller forgot to mask).
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
#: 张三（1101**********002X）: a name and its number in brackets, as services display people.
DISPLAY = re.compile(r"(?P<name>.+?)\s*[（(](?P<number>[0-9A-Za-z*]{6,})[）)]")
KEEP_TAIL = 4  # a masked phone shows its last four digits, as banks and couriers print it
#: What makes a receipt one: without any of these it is refused, never printed half-filled.
REQUIRED: tuple[str, ...] = ("number", "hall_name", "hall_code", "channel", "person_display")
REQUIRED += ("matter", "owner_name", "owner_no")


@dataclass(frozen=True, kw_only=True)
class InquirySlipFields:
    """Everything the receipt prints, already decided by the inquiry service.

    ``channel`` is the printed label (现场咨询) or the code (visit|phone|letter|online).
    ``phone`` may arrive in full: the slip masks it. ``person_display`` arrives masked
    ("张三（1101**********002X）"); an unmasked resident ID in it is masked anyway, and the
    bracketed number is printed on a line of its own (证件号码).
    ``referred_to`` is (colleague or department, their contact), a bare name, or "" when the
    inquiry was not referred. ``outcome`` is optional: the answer given, or where the person
    was guided. ``issued_at`` is aware and printed in ``timezone``.
    """

    number: str
    hall_name: str
    hall_code: str
    hall_phone: str = ""
    channel: str
    person_kind: str = "person"  # person | organisation (咨询单位)
    person_display: str
    phone: str = ""
    matter: str
    materials: tuple[tuple[str, int], ...] = ()
    owner_name: str
    owner_no: str
    owner_phone: str = ""
    window_number: int | None = None
    promised_reply: date | None = None
    referred_to: tuple[str, str] | str = ""
    outcome: str = ""
    issued_at: datetime
    timezone: str = "Asia/Shanghai"


# --- masking and wording -----------------------------------------------------------------


def mask_phone(phone: str) -> str:
    """138****8000, 0591-****4321: the area code or the first three digits and the last four
    stay, every digit between becomes a star (a short number shows only its last four)."""
    text = phone.strip()
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digits) <= KEEP_TAIL:
        return "*" * len(text)
    head = text.find("-") if "-" in text[: digits[-KEEP_TAIL]] else -1
    keep_head = head if head > 0 else (digits[2] + 1 if len(digits) >= 11 else 0)
    hidden = {i for i in digits[:-KEEP_TAIL] if i >= keep_head}
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


def mask_display(display: str) -> str:
    """The person as given, a resident ID in it masked (1101**********002X)."""
    return RESIDENT_ID.sub(lambda found: mask_id(found.group()), display.strip())


def person_facts(kind: str, display: str) -> tuple[Fact, ...]:
    """咨询人：张三 / 证件号码：1101**********002X — the name and the bracketed number apart,
    so a long name never leaves an opening bracket at a line's end."""
    label = "咨询单位" if kind == "organisation" else "咨询人"
    masked = mask_display(display)
    parts = DISPLAY.fullmatch(masked)
    if parts is None:
        return ((label, masked),)
    return ((label, parts["name"].strip()), ("证件号码", parts["number"].strip()))


def matter_text(matter: str) -> str:
    """The matter on one run of text, cut to MATTER_MAX characters with an ellipsis."""
    text = " ".join(matter.split())
    return text if len(text) <= MATTER_MAX else text[: MATTER_MAX - 1] + "…"


def channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel)


def referral_facts(referred_to: tuple[str, str] | str) -> tuple[Fact, ...]:
    who, contact = (referred_to, "") if isinstance(referred_to, str) else referred_to
    pairs = (("转办至", who.strip()), ("联系方式", contact.strip() if who.strip() else ""))
    return tuple((label, value) for label, value in pairs if value)


def owner_text(fields: InquirySlipFields) -> str:
    return f"{fields.owner_name}（工号 {fields.owner_no}）"


# --- checks ------------------------------------------------------------------------------


def check(fields: InquirySlipFields) -> None:
    """A receipt missing what makes it one (its number, owner, person, matter) or holding a
    nonsense material is refused with ValueError, never printed half-filled."""
    missing = [name for name in REQUIRED if not str(getattr(fields, name)).strip()]
    if missing:
        raise ValueError(f"an inquiry slip needs {', '.join(missing)}")
    _check_more(fields)


def _check_more(fields: InquirySlipFields) -> None:
    if len(fields.number) > NUMBER_MAX:
        raise ValueError(f"an inquiry number has at most {NUMBER_MAX} characters")
    if fields.issued_at.tzinfo is None:
        raise ValueError("issued_at must carry its time zone")
    for name, quantity in fields.materials:
        if not name.strip() or quantity < 1:
            raise ValueError(f"a material needs a name and a quantity of at least 1: {name!r}")


# --- layout ------------------------------------------------------------------------------


def person_part(fields: InquirySlipFields, font: str) -> list[Flowable]:
    pairs: list[Fact] = [("登记时间", local_time(fields.issued_at, fields.timezone))]
    pairs += [("咨询方式", channel_label(fields.channel))]
    pairs += person_facts(fields.person_kind, fields.person_display)
    pairs += [("联系电话", mask_phone(fields.phone))] if fields.phone.strip() else []
    return facts(tuple(pairs), font)


def matter_part(fields: InquirySlipFields, styles: TextStyles) -> list[Flowable]:
    out = [para("咨询事项：", styles.heading), para(matter_text(fields.matter), styles.indented)]
    if not fields.materials:
        return [*out, para("收到材料：无", styles.heading)]
    out.append(para(f"收到材料（共 {len(fields.materials)} 项）：", styles.heading))
    for index, (name, quantity) in enumerate(fields.materials, start=1):
        out.append(para(f"{index}. {name.strip()}（{quantity} 份）", styles.hanging))
    return out


def reply_part(reply: date | None, font: str) -> list[Flowable]:
    """The promised reply date, the line the person looks for, larger and heavier."""
    if reply is None:
        return []
    styles = text_styles(font, SIZE)
    out: list[Flowable] = [para("承诺回复日期：", styles.heading), Spacer(0, 0.5 * mm)]
    out += [HeavyText(day_text(reply), font, REPLY_SIZE), Spacer(0, 0.5 * mm)]
    return [*out, para(REPLY_NOTE, styles.centre), Spacer(0, 1 * mm)]


def outcome_part(fields: InquirySlipFields, font: str) -> list[Flowable]:
    """What became of it: the answer or guidance, the referral, the promised reply date."""
    pairs = [("处理结果", fields.outcome.strip())] if fields.outcome.strip() else []
    pairs += referral_facts(fields.referred_to)
    out = [*facts(tuple(pairs), font), *reply_part(fields.promised_reply, font)]
    return [Rule(3 * mm, dashed=True), *out] if out else []


def owner_part(fields: InquirySlipFields, font: str) -> list[Flowable]:
    pairs: list[Fact] = [("首问责任人", owner_text(fields))]
    pairs += [("联系电话", fields.owner_phone)] if fields.owner_phone.strip() else []
    if fields.window_number is not None:
        pairs.append(("办理窗口", f"{fields.window_number} 号窗口"))
    pairs += [("咨询电话", fields.hall_phone)] if fields.hall_phone.strip() else []
    return [Rule(3 * mm, dashed=True), *facts(tuple(pairs), font)]


def qr_part(fields: InquirySlipFields, styles: TextStyles, font: str) -> list[Flowable]:
    payload = notice_scan_code(fields.hall_code, fields.number)
    out: list[Flowable] = [Spacer(0, 2 * mm), QRCode(payload, QR_SIZE)]
    out += [para(QR_CAPTION, styles.centre), Spacer(0, 1 * mm)]
    return [*out, SignatureLine((SIGNATURE,), font, SIZE)]


def slip_flowables(fields: InquirySlipFields, font: str) -> list[Flowable]:
    """The receipt top to bottom."""
    styles = text_styles(font, SIZE)
    out = heading(TITLE, fields.hall_name, fields.number, font)
    out += [*person_part(fields, font), Rule(3 * mm, dashed=True)]
    out += matter_part(fields, styles)
    out += outcome_part(fields, font) + owner_part(fields, font)
    return out + qr_part(fields, styles, font)


def render_inquiry_slip(fields: InquirySlipFields) -> bytes:
    """The receipt as PDF bytes: 80 mm wide, one page as tall as its content, the CJK font
    embedded. ValueError for a receipt missing its number, owner, person or matter, a bad
    material, a naive ``issued_at`` or an unknown time zone."""
    check(fields)
    font = cjk_font_name()
    flowables = slip_flowables(fields, font)
    return render_roll(flowables, f"{fields.number} {TITLE}", fields.hall_name, font)

"""The words of each written notice, shared by the 80 mm slip and the A4 page.

A ``Sheet`` is what a notice says, already phrased in Chinese and in reading order; the two
layouts only decide where it goes. Keeping the words here means the thermal slip and the A4
page can never disagree on a material, a limit or a phone number.

The applicant's resident ID number is masked here (core.idnumbers.mask_id), before any layout
sees it, so no paper size can print it in full. An organisation's credit code is public
(国家企业信用信息公示系统) and printed as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk_client.core.catalogue import FORM_LABELS, Material, ServiceItem
from desk_client.core.checklist import STATUS_LABELS, Applicant, ApplicantKind
from desk_client.core.idnumbers import mask_id
from desk_client.core.notices import (
    NOTICE_TITLES,
    RIGHTS_TEXT,
    NoticeContent,
    NoticeKind,
    notice_scan_code,
)

Fact = tuple[str, str]  # (label, value): printed as 标签：内容

#: Title of a one-time notice issued on a return visit (it refers to the earlier notice).
SUPPLEMENT_TITLE = "补正材料通知书"
ONE_TIME_RULE = (
    "请按上述要求一次性补齐材料后，携带本告知单到窗口办理。"
    "本告知单所列以外的材料，窗口不得再要求补正。"
)
ACCEPTANCE_CLOSING = "请妥善保管本通知书，凭本通知书编号查询办理进度、领取办理结果。"
BLANK = "__________"
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Row:
    """One material the applicant must still bring, as one row of the table."""

    name: str
    problem: str  # 缺少 / 不符合要求
    requirement: str
    reason: str = ""


@dataclass(frozen=True)
class Sheet:
    """A notice in words, top to bottom; ``signatures`` holds lines of blank labels."""

    title: str
    number: str
    hall_name: str
    applicant: tuple[Fact, ...]
    item: tuple[Fact, ...]
    salutation: str
    opening: str
    table_caption: str
    rows: tuple[Row, ...]
    received: tuple[str, ...]
    facts: tuple[tuple[Fact, ...], ...]  # groups that belong together (A4: one row each)
    closing: tuple[str, ...]
    clerk: tuple[Fact, ...]
    date: str
    signatures: tuple[tuple[str, ...], ...]
    qr_payload: str
    qr_caption: str


@dataclass(frozen=True)
class WeekdaySheet:
    """预约提示单: an item a weekend session cannot handle, and how to come on a weekday."""

    hall_name: str
    item: tuple[Fact, ...]
    next_day: str
    materials: tuple[str, ...]
    phone: str
    printed: str


# --- small phrasings ---------------------------------------------------------------------


def local_time(moment: datetime, timezone: str) -> str:
    """2026年11月22日 10:05, in the hall's time zone (ValueError for one that does not exist)."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {timezone!r}") from exc
    local = moment.astimezone(zone)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def date_text(day: date) -> str:
    """2025年10月14日: a date as official documents write it."""
    return f"{day.year}年{day.month}月{day.day}日"


def day_text(day: date) -> str:
    return f"{date_text(day)}（星期{WEEKDAYS[day.weekday()]}）"


def days_text(days: int | None) -> str:
    """A time limit in working days (行政许可法 Art. 82); 0 is an instant item."""
    if days is None:
        return ""
    return "即办（当场办结）" if days == 0 else f"{days} 个工作日"


def applicant_facts(applicant: Applicant) -> tuple[Fact, ...]:
    if applicant.kind is ApplicantKind.ORGANISATION:
        facts = [("申请单位", applicant.name), ("统一社会信用代码", applicant.id_number)]
        facts += [("联系人", applicant.contact)] if applicant.contact else []
    else:
        facts = [("申请人", applicant.name), ("身份证号码", mask_id(applicant.id_number))]
    return (*facts, ("联系电话", applicant.phone or "—"))


def item_facts(content: NoticeContent) -> tuple[Fact, ...]:
    facts = [("申请事项", content.item_name), ("事项编码", content.item_code)]
    facts.append(("实施部门", content.department))
    if content.refers_to:
        facts.append(("原告知单编号", content.refers_to))
    return tuple(facts)


def limit_facts(content: NoticeContent) -> tuple[Fact, ...]:
    pairs = (("承诺时限", content.promised_days), ("法定时限", content.statutory_days))
    return tuple((label, days_text(days)) for label, days in pairs if days is not None)


def contact_facts(content: NoticeContent) -> tuple[Fact, ...]:
    pairs = (("咨询电话", content.enquiry_phone), ("投诉电话", content.complaint_phone))
    return tuple((label, phone) for label, phone in pairs if phone)


def grouped(*groups: tuple[Fact, ...]) -> tuple[tuple[Fact, ...], ...]:
    return tuple(group for group in groups if group)


def clerk_facts(content: NoticeContent) -> tuple[Fact, ...]:
    clerk = content.clerk_name or "—"
    facts = [("经办人", f"{clerk}（工号 {content.clerk_no}）" if content.clerk_no else clerk)]
    facts += [("联系电话", content.clerk_phone)] if content.clerk_phone else []
    if content.window_number is not None:
        facts.append(("办理窗口", f"{content.window_number} 号窗口"))
    return tuple(facts)


def deadline_text(content: NoticeContent) -> str:
    """办结期限: the date the case must be decided by (2025年10月14日（5 个工作日）), computed
    on the working-day calendar when the case was opened. Without it (the calendar missed the
    year: never a guess) the slip states the limit counted from acceptance, as the law does."""
    days = content.promised_days if content.promised_days is not None else content.statutory_days
    if content.deadline is not None:
        return f"{date_text(content.deadline)}{_limit_note(days)}"
    if days is None:
        return "依法定程序办理"
    return "当场办结" if days == 0 else f"自受理之日起 {days} 个工作日"


def _limit_note(days: int | None) -> str:
    if days is None:
        return ""
    return "（即办件，当场办结）" if days == 0 else f"（{days} 个工作日）"


# --- the three notices -------------------------------------------------------------------


def one_time_opening(content: NoticeContent) -> str:
    item = f"“{content.item_name}”"
    if content.refers_to:
        return (
            f"您申请办理的{item}事项，已按编号为 {content.refers_to} 的告知单补正材料。"
            "经审查，以下材料仍需补正："
        )
    return (
        f"您申请办理的{item}事项，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民"
        "共和国行政许可法》第三十二条的规定，现一次性告知您需要补正的全部材料如下："
    )


def one_time_sheet(content: NoticeContent) -> Sheet:
    rows = tuple(
        Row(line.material, STATUS_LABELS[line.problem], line.requirement, line.reason)
        for line in content.lines
    )
    facts = grouped(
        (("设定依据", content.legal_basis or "—"),),
        limit_facts(content),
        (("收费标准", content.fee or "—"),),
        contact_facts(content),
    )
    title = SUPPLEMENT_TITLE if content.refers_to else NOTICE_TITLES[content.kind]
    return replace(
        _base(content),
        title=title,
        opening=one_time_opening(content),
        table_caption=f"需补正的材料（共 {len(rows)} 项）",
        rows=rows,
        facts=facts,
        closing=(ONE_TIME_RULE,),
        signatures=(("申请人签字", "日期"), ("窗口工作人员签字",)),
    )


def acceptance_sheet(content: NoticeContent) -> Sheet:
    opening = (
        f"您申请办理的“{content.item_name}”事项，申请材料齐全、符合法定形式。根据《中华人民"
        "共和国行政许可法》第三十二条的规定，决定予以受理。"
    )
    facts = grouped(
        (("受理时间", local_time(content.issued_at, content.timezone)),),
        (("办结期限", deadline_text(content)),),
        limit_facts(content),
        (("收费标准", content.fee or "—"),),
        contact_facts(content),
    )
    return replace(
        _base(content),
        opening=opening,
        table_caption=f"已收取的材料（共 {len(content.received)} 项）",
        received=content.received,
        facts=facts,
        closing=(ACCEPTANCE_CLOSING,),
        signatures=(("申请人签收", "日期"),),
    )


def rejection_sheet(content: NoticeContent) -> Sheet:
    opening = f"您申请办理的“{content.item_name}”事项，经审查，决定不予受理。理由和依据如下："
    facts = grouped(
        (("不予受理理由", content.refusal_reason),),
        (("法律依据", content.refusal_basis),),
        contact_facts(content),
    )
    return replace(
        _base(content),
        opening=opening,
        facts=facts,
        closing=(RIGHTS_TEXT,),
        signatures=(("申请人签收", "日期"), ("经办人签字",)),
    )


def _base(content: NoticeContent) -> Sheet:
    """The parts every notice shares; each kind replaces its own."""
    return Sheet(
        title=NOTICE_TITLES[content.kind],
        number=content.number,
        hall_name=content.hall_name,
        applicant=applicant_facts(content.applicant),
        item=item_facts(content),
        salutation=f"{content.applicant.name}：",
        opening="",
        table_caption="",
        rows=(),
        received=(),
        facts=(),
        closing=(),
        clerk=clerk_facts(content),
        date=local_time(content.issued_at, content.timezone),
        signatures=(),
        qr_payload=notice_scan_code(content.hall_code, content.number),
        qr_caption="窗口扫码调取本通知",
    )


SHEETS = {
    NoticeKind.ONE_TIME: one_time_sheet,
    NoticeKind.ACCEPTANCE: acceptance_sheet,
    NoticeKind.REJECTION: rejection_sheet,
}


def notice_sheet(content: NoticeContent) -> Sheet:
    return SHEETS[content.kind](content)


# --- the weekday appointment slip --------------------------------------------------------


def material_text(material: Material) -> str:
    """营业执照 原件 1份（委托他人办理的）: what to bring, the condition when conditional."""
    text = f"{material.name} {FORM_LABELS[material.form]} {material.copies}份"
    return f"{text}（{material.condition}）" if not material.required else text


def weekday_sheet(
    hall_name: str,
    item: ServiceItem,
    next_working_day: date | None,
    hall_phone: str,
    *,
    printed_at: datetime,
    timezone: str,
) -> WeekdaySheet:
    return WeekdaySheet(
        hall_name=hall_name,
        item=(("办理事项", item.name), ("事项编码", item.code), ("实施部门", item.department)),
        next_day=day_text(next_working_day) if next_working_day else "请致电咨询",
        materials=tuple(material_text(m) for m in item.materials),
        phone=hall_phone or item.enquiry_phone or "—",
        printed=local_time(printed_at, timezone),
    )

"""The words of the written notices a running case needs (issue 5: 限时办结).

- 特殊环节告知书 (pause): a special step — hearing, tender, auction, inspection, appraisal,
  expert review — stops the clock; 《中华人民共和国行政许可法》第四十五条 says its time does
  not count and that the applicant must be told in writing.
- 恢复计时告知书 (resume): the step is over, counting resumes, and the new deadline.
- 延长办理期限通知书 (extension): 第四十二条 lets the head of the office extend the limit
  (10 working days, 15 for joint handling) and requires the reason in writing.

Each is phrased into the same ``Sheet`` the issue-4 notices use, so both papers lay it out
with the same title, number, particulars form, QR code and signature lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desk_client.core.notices import notice_scan_code
from desk_client.printing.notice_sheet import Fact, Sheet, date_text, grouped, local_time

PAUSE, RESUME, EXTENSION = "pause", "resume", "extension"
CASE_NOTICE_KINDS = (PAUSE, RESUME, EXTENSION)

CASE_NOTICE_TITLES = {
    PAUSE: "特殊环节告知书",
    RESUME: "恢复计时告知书",
    EXTENSION: "延长办理期限通知书",
}

LAW = "《中华人民共和国行政许可法》"
ART_45 = f"{LAW}第四十五条"
ART_42 = f"{LAW}第四十二条"
NOT_COUNTED = "所需时间不计入办理时限"
#: The last line of the letter, as official notices end: 特此告知 (告知书), 特此通知 (通知书).
SO_TOLD, SO_NOTIFIED = "特此告知。", "特此通知。"
EXTENSION_CLOSING = "本中心将在延长后的期限内作出决定，请凭办件编号查询办理进度。"


@dataclass(frozen=True, kw_only=True)
class CaseNoticeFields:
    """Everything a case notice prints, already decided by the service.

    ``number`` is this notice's own number (the case number + "-T1", "-H1", "-Y1" ...);
    ``case_number`` the case's (the acceptance notice's number), which the QR code carries.
    ``applicant_display`` arrives masked ("张三（1101**********002X）"). Dates are the hall's
    local days; ``issued_at`` is aware and printed in ``timezone``.

    pause: ``step``, ``reason``, ``start``, the expected ``end`` and/or ``days`` when known,
    ``old_deadline``. resume: ``step``, ``start``, ``end`` (the step's last day), ``days``
    (working days not counted), ``old_deadline``, ``new_deadline``. extension: ``days``,
    ``reason``, ``supervisor_name``, ``old_deadline``, ``new_deadline``; ``start`` is the day
    of the approval. ``legal_basis`` adds the item's own basis to the article of the law.
    """

    kind: str  # pause | resume | extension
    number: str
    case_number: str
    hall_name: str
    hall_code: str
    item_name: str
    item_code: str
    applicant_display: str
    start: date
    issued_at: datetime
    step: str = ""
    reason: str = ""
    legal_basis: str = ""
    end: date | None = None
    days: int | None = None
    old_deadline: date | None = None
    new_deadline: date | None = None
    supervisor_name: str = ""
    clerk_name: str = ""
    clerk_phone: str = ""
    window_number: int | None = None
    timezone: str = "Asia/Shanghai"


# --- small phrasings ---------------------------------------------------------------------


def _need(fields: CaseNoticeFields, **values: object) -> None:
    """A notice that would print a blank where the law wants a fact is refused (ValueError,
    print.failed through the service), never printed half-filled."""
    missing = [name for name, value in values.items() if value in (None, "")]
    if missing:
        raise ValueError(f"a {fields.kind} notice needs {', '.join(missing)}")


def _days(days: int | None) -> str:
    return f"{days} 个工作日" if days is not None else ""


def _date(day: date | None) -> str:
    return date_text(day) if day is not None else ""


def _basis(article: str, fields: CaseNoticeFields) -> str:
    extra = fields.legal_basis.strip()
    return article if not extra or extra == article else f"{article}；{extra}"


def _present(*pairs: Fact) -> tuple[Fact, ...]:
    return tuple((label, value) for label, value in pairs if value)


def _subject(fields: CaseNoticeFields) -> str:
    return f"您申请办理的“{fields.item_name}”事项（办件编号：{fields.case_number}）"


def _salutation(display: str) -> str:
    """张三：— the name without the masked ID the display carries in brackets."""
    return display.split("（", 1)[0].strip() + "："


def clerk_facts(fields: CaseNoticeFields) -> tuple[Fact, ...]:
    window = f"{fields.window_number} 号窗口" if fields.window_number is not None else ""
    pairs = (("经办人", fields.clerk_name or "—"), ("联系电话", fields.clerk_phone))
    return _present(*pairs, ("办理窗口", window))


# --- the three notices -------------------------------------------------------------------


Words = tuple[str, tuple[tuple[Fact, ...], ...], tuple[str, ...]]  # opening, facts, closing


def pause_words(fields: CaseNoticeFields) -> Words:
    _need(fields, step=fields.step)
    opening = (
        f"{_subject(fields)}，在办理过程中需要进行{fields.step}。根据{ART_45}的规定，"
        f"{fields.step}{NOT_COUNTED}。自{date_text(fields.start)}起暂停计算办理时限，"
        "现书面告知如下："
    )
    expected = _present(("预计所需时间", _days(fields.days)), ("预计结束日期", _date(fields.end)))
    facts = grouped(
        (("特殊环节", fields.step),),
        _present(("事由", fields.reason)),
        (("设定依据", _basis(ART_45, fields)),),
        (("暂停计时日期", date_text(fields.start)),),
        expected or (("预计所需时间", "以实际完成时间为准"),),
        _present(("原办结期限", _date(fields.old_deadline))),
    )
    closing = (
        f"特殊环节{NOT_COUNTED}。特殊环节结束后，本中心将恢复计时，"
        "办结期限相应顺延，并书面告知您新的办结期限。"
    )
    return opening, facts, (closing, SO_TOLD)


def resume_words(fields: CaseNoticeFields) -> Words:
    _need(fields, step=fields.step, end=fields.end, new_deadline=fields.new_deadline)
    opening = (
        f"{_subject(fields)}，因{fields.step}自{date_text(fields.start)}起暂停计算办理时限。"
        f"该特殊环节已于{_date(fields.end)}结束，自次日起恢复计算办理时限。"
    )
    period = f"{date_text(fields.start)}至{_date(fields.end)}"
    facts = grouped(
        (("特殊环节", fields.step),),
        (("暂停期间", period),),
        _present(("不计入时限", _days(fields.days))),
        _present(("原办结期限", _date(fields.old_deadline))),
        (("顺延后办结期限", _date(fields.new_deadline)),),
    )
    closing = (
        f"根据{ART_45}的规定，特殊环节{NOT_COUNTED}，办结期限相应顺延至"
        f"{_date(fields.new_deadline)}。"
    )
    return opening, facts, (closing, SO_TOLD)


def extension_words(fields: CaseNoticeFields) -> Words:
    _need(
        fields,
        days=fields.days,
        reason=fields.reason,
        supervisor_name=fields.supervisor_name,
        new_deadline=fields.new_deadline,
    )
    opening = (
        f"{_subject(fields)}，因下列理由不能在规定期限内作出决定。根据{ART_42}的规定，"
        f"经本机关负责人批准，办理期限延长 {fields.days} 个工作日。现告知如下："
    )
    facts = grouped(
        (("延长理由", fields.reason),),
        (("延长期限", _days(fields.days)),),
        (("法律依据", _basis(ART_42, fields)),),
        (("批准人", fields.supervisor_name),),
        (("批准日期", date_text(fields.start)),),
        _present(("原办结期限", _date(fields.old_deadline))),
        (("延长后办结期限", _date(fields.new_deadline)),),
    )
    return opening, facts, (EXTENSION_CLOSING, SO_NOTIFIED)


WORDS = {PAUSE: pause_words, RESUME: resume_words, EXTENSION: extension_words}


def case_sheet(fields: CaseNoticeFields) -> Sheet:
    """The notice in words (ValueError for an unknown kind, a missing fact or time zone)."""
    words = WORDS.get(fields.kind)
    if words is None:
        raise ValueError(f"a case notice is one of {CASE_NOTICE_KINDS}, not {fields.kind!r}")
    opening, facts, closing = words(fields)
    item = (("申请事项", fields.item_name), ("事项编码", fields.item_code))
    return Sheet(
        title=CASE_NOTICE_TITLES[fields.kind],
        number=fields.number,
        hall_name=fields.hall_name,
        applicant=(("申请人", fields.applicant_display),),
        item=(*item, ("办件编号", fields.case_number)),
        salutation=_salutation(fields.applicant_display),
        opening=opening,
        table_caption="",
        rows=(),
        received=(),
        facts=facts,
        closing=closing,
        clerk=clerk_facts(fields),
        date=local_time(fields.issued_at, fields.timezone),
        signatures=(("申请人签收", "日期"), ("经办人签字",)),
        qr_payload=notice_scan_code(fields.hall_code, fields.case_number),
        qr_caption="窗口扫码调取本办件",
    )

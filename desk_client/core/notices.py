"""Written notices handed to an applicant: their kinds, numbers and full content.

一次性告知单 (one-time notice / 补正材料通知书), 受理通知书 (acceptance), 不予受理通知书
(rejection). A notice is stored with its whole content (``NoticeContent``) so it can be
reprinted exactly and audited; the printed slip is laid out from that content alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desk_client.core.checklist import Applicant, MaterialStatus


class NoticeKind(StrEnum):
    ONE_TIME = "one_time"  # 一次性告知单
    ACCEPTANCE = "acceptance"  # 受理通知书
    REJECTION = "rejection"  # 不予受理通知书


#: The letters a notice number starts with: GZ2026-03-0012 (告知), SL… (受理), BY… (不予).
NOTICE_PREFIX: dict[NoticeKind, str] = {
    NoticeKind.ONE_TIME: "GZ",
    NoticeKind.ACCEPTANCE: "SL",
    NoticeKind.REJECTION: "BY",
}

NOTICE_TITLES: dict[NoticeKind, str] = {
    NoticeKind.ONE_TIME: "一次性告知单",
    NoticeKind.ACCEPTANCE: "受理通知书",
    NoticeKind.REJECTION: "不予受理通知书",
}

#: What a rejection notice must tell the applicant (陈述、申辩、行政复议、行政诉讼).
RIGHTS_TEXT = (
    "申请人对本决定有陈述、申辩的权利；如不服本决定，可自收到本通知书之日起六十日内依法申请"
    "行政复议，或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。"
)


@dataclass(frozen=True)
class NoticeLine:
    """One material the applicant must still bring (or bring again, corrected)."""

    material: str
    problem: MaterialStatus  # MISSING or NONCONFORMING
    requirement: str  # form, copies, condition, where to obtain it, notes, in words
    reason: str = ""  # why it does not conform


@dataclass(frozen=True)
class NoticeContent:
    """Everything a notice says, exactly as printed (domain.md: "One-time notice content").

    ``issued_at`` is aware (UTC); slips show it in ``timezone``. ``lines`` are the missing and
    non-conforming materials (one-time notice); ``received`` the materials taken in
    (acceptance); ``refusal_*`` the reason and its legal basis (rejection). ``refers_to`` is the
    earlier notice of a return visit.
    """

    kind: NoticeKind
    number: str
    hall_code: str
    hall_name: str
    issued_at: datetime
    item_code: str
    item_name: str
    department: str
    applicant: Applicant
    legal_basis: str = ""
    promised_days: int | None = None
    statutory_days: int | None = None
    fee: str = ""
    enquiry_phone: str = ""
    complaint_phone: str = ""
    clerk_no: str = ""
    clerk_name: str = ""
    clerk_phone: str = ""
    window_number: int | None = None
    lines: tuple[NoticeLine, ...] = ()
    received: tuple[str, ...] = ()
    refusal_reason: str = ""
    refusal_basis: str = ""
    refers_to: str = ""
    timezone: str = "Asia/Shanghai"

"""What a notice is made of: its content from the checklist, its event, its view.

Pure helpers of services.checklist: no database here. A notice's content is complete when it
is written (hall, clerk, item, applicant, lines ...), so it reprints exactly as first printed
even after the catalogue or the clerk's phone number changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from desk_client.core.catalogue import ServiceItem
from desk_client.core.checklist import Applicant, ExceptionApproval
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import mask_applicant
from desk_client.core.notices import NoticeContent, NoticeKind, NoticeLine, content_to_dict
from desk_client.services.dto import StaffSession
from desk_client.services.dto_notices import (
    PRINTABLE_STATUSES,
    STATUS_AWAITING,
    STATUS_ISSUED,
    STATUS_REPORTED,
    NoticeView,
)

REASON_LIMIT = 500  # a refusal's reason, an exception's reason, a supervisor's comment
BASIS_LIMIT = 1000  # a refusal's legal basis


def required_text(value: str, limit: int, code: str) -> str:
    """``value`` stripped; refused with ``code`` when empty or longer than ``limit``."""
    text = value.strip()
    if not text or len(text) > limit:
        raise DeskError(code, limit=limit)
    return text


def draft_content(
    kind: NoticeKind,
    session: StaffSession,
    item: ServiceItem,
    applicant: Applicant,
    now: datetime,
    *,
    hall_phone: str = "",
    lines: tuple[NoticeLine, ...] = (),
    received: tuple[str, ...] = (),
    refusal: tuple[str, str] = ("", ""),
    refers_to: str = "",
) -> NoticeContent:
    """The whole notice but its number (allocated inside the recording transaction)."""
    return NoticeContent(
        kind=kind,
        number="",
        hall_code=session.hall.code,
        hall_name=session.hall.name,
        issued_at=now,
        item_code=item.code,
        item_name=item.name,
        department=item.department,
        applicant=applicant,
        legal_basis=item.legal_basis,
        promised_days=item.promised_days,
        statutory_days=item.statutory_days,
        fee=item.fee,
        enquiry_phone=item.enquiry_phone or hall_phone,
        complaint_phone=item.complaint_phone,
        clerk_no=session.staff_no,
        clerk_name=session.name,
        clerk_phone=session.phone,
        window_number=session.window_number,
        lines=lines,
        received=received,
        refusal_reason=refusal[0],
        refusal_basis=refusal[1],
        refers_to=refers_to,
        timezone=session.hall.timezone,
    )


def local_year(moment: datetime, zone: str) -> int:
    """The year a notice is numbered in: the hall's, not UTC's (1 January 00:30 counts)."""
    return moment.astimezone(ZoneInfo(zone)).year


def first_status(kind: NoticeKind, approve_first: bool) -> str:
    if kind is not NoticeKind.REJECTION:
        return STATUS_ISSUED
    return STATUS_AWAITING if approve_first else STATUS_REPORTED


def approval_dict(approval: ExceptionApproval) -> dict[str, Any]:
    return {
        "material": approval.material,
        "reason": approval.reason,
        "supervisor_no": approval.supervisor_no,
        "supervisor_name": approval.supervisor_name,
        "approved_at": approval.approved_at.isoformat(),
    }


def issued_payload(
    content: NoticeContent,
    numbering: tuple[int, int | None, int],
    print_first: bool,
    approvals: Sequence[ExceptionApproval],
) -> dict[str, Any]:
    """The ``notice.issued`` event: the number's parts, the whole content, the report."""
    year, window, seq = numbering
    report = None
    if content.kind is NoticeKind.REJECTION:
        report = {
            "reason": content.refusal_reason,
            "basis": content.refusal_basis,
            "print_first": print_first,
        }
    return {
        "number": content.number,
        "kind": content.kind.value,
        "year": year,
        "window": window,
        "seq": seq,
        "content": content_to_dict(content),
        "report": report,
        "exceptions": [approval_dict(a) for a in approvals],
    }


def notice_view(
    content: NoticeContent,
    status: str,
    staff_no: str,
    created_at: datetime,
    comment: str = "",
) -> NoticeView:
    return NoticeView(
        number=content.number,
        kind=content.kind,
        content=content,
        applicant_display=mask_applicant(content.applicant),
        status=status,
        printable=status in PRINTABLE_STATUSES,
        staff_no=staff_no,
        created_at=created_at,
        comment=comment,
    )

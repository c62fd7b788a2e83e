"""Plain, immutable results of the window's checklist flow (issue 4).

Only ``NoticeView.content`` carries an applicant's full ID number (to reprint the notice
exactly); every other field shows it masked. A front end must never display
``content.applicant.id_number`` as it is: ChecklistService.reveal_id records who looked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desk_client.core.catalogue import ServiceItem
from desk_client.core.checklist import Applicant, ExceptionApproval, MaterialCheck
from desk_client.core.notices import NoticeContent, NoticeKind

#: NoticeView.status values.
STATUS_ISSUED = "issued"  # a one-time notice or an acceptance
STATUS_AWAITING = "awaiting_approval"  # a rejection waiting for the supervisor before printing
STATUS_REPORTED = "reported"  # a rejection printed at once and reported afterwards
STATUS_APPROVED = "approved"
STATUS_RETURNED = "returned"

#: The notices that may be printed (a returned or awaiting rejection may not).
PRINTABLE_STATUSES = frozenset({STATUS_ISSUED, STATUS_REPORTED, STATUS_APPROVED})


@dataclass(frozen=True)
class SessionDay:
    """Today in the hall's zone. ``calendar_missing``: the holiday calendar does not cover
    this year, so the day is treated as a working day and the UI shows a banner."""

    day: date
    working_day: bool
    calendar_missing: bool


@dataclass(frozen=True)
class ItemChoice:
    """One search hit of the item picker; ``reason`` is a message code when not available
    (e.g. "catalogue.weekday_only" on a weekend for an item not handled at weekends)."""

    item: ServiceItem
    available: bool
    reason: str = ""


@dataclass(frozen=True)
class ChecklistDraft:
    """What the clerk filled in: the item, the applicant and a tick for every material.

    ``refers_to`` is the earlier one-time notice of a return visit (补正); ``approvals`` the
    supervisor's exceptions to the one-time rule for this visit.
    """

    item_code: str
    applicant: Applicant
    checks: tuple[MaterialCheck, ...]
    refers_to: str = ""
    approvals: tuple[ExceptionApproval, ...] = ()


@dataclass(frozen=True)
class NoticeView:
    """A notice as the clerk sees it. ``applicant_display`` is masked; ``comment`` is the
    supervisor's comment on a rejection report (returned or approved), if any."""

    number: str
    kind: NoticeKind
    content: NoticeContent
    applicant_display: str
    status: str
    printable: bool
    staff_no: str
    created_at: datetime
    comment: str = ""


@dataclass(frozen=True)
class ReturnVisit:
    """An earlier one-time notice opened on the return visit: ``listed`` are the materials it
    named, in its order: exactly what may be asked for now."""

    notice: NoticeView
    item: ServiceItem
    listed: tuple[str, ...]


@dataclass(frozen=True)
class RejectionReportView:
    """A rejection (不予受理) reported to the supervisor. ``applicant_display`` is masked."""

    number: str
    item_name: str
    applicant_display: str
    reported_by: str
    reported_by_name: str
    reason: str
    basis: str
    reported_at: datetime
    status: str  # pending | approved | returned
    decided_by: str = ""
    decided_at: datetime | None = None
    comment: str = ""


@dataclass(frozen=True)
class ExceptionView:
    """A recorded exception to the one-time rule (a material asked for on a return visit)."""

    notice_number: str
    material: str
    reason: str
    supervisor_no: str
    staff_no: str
    approved_at: datetime
    supervisor_name: str = ""
    staff_name: str = ""

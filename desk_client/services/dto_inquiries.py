"""Plain, immutable results of the inquiry and cover use cases (issue 6: 首问负责, AB岗).

``InquiryView.person_display`` is the masked name; no DTO here carries an ID number. ``state``
is a core.inquiries state value and ``level`` a core.deadlines.Level value (green/yellow/red/
open/missing; "" for an inquiry without a promised reply), both plain strings so a front end
needs no core import to show them. Staff are named by their staff number (``*_no``) and, for
display, their name (``*_name``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class InquiryView:
    """One inquiry (首问登记) as the lists show it. ``owner_no`` is the 首问责任人 (who logged
    it), ``handler_no`` who must act now (the owner, or the colleague it was referred to);
    ``department`` the hall department it was referred or guided to, else "". ``outcome`` is
    the latest answer/guidance/reply text. ``on_behalf_of`` is set when a B logged it for an
    absent A."""

    number: str
    channel: str  # visit | phone | letter | online
    person_kind: str  # person | organisation
    person_name: str
    person_display: str
    phone: str
    matter: str
    item_code: str
    materials: tuple[tuple[str, int], ...]
    owner_no: str
    owner_name: str
    handler_no: str
    handler_name: str
    department: str
    state: str
    promised_reply: date | None
    level: str
    outcome: str
    created_at: datetime
    closed_at: datetime | None
    on_behalf_of: str


@dataclass(frozen=True)
class InquiryStep:
    """One event in an inquiry's timeline; ``detail`` is already a readable line."""

    at: datetime
    type: str
    actor: str
    on_behalf_of: str
    detail: str


@dataclass(frozen=True)
class InquiryDetail:
    inquiry: InquiryView
    timeline: tuple[InquiryStep, ...]


@dataclass(frozen=True)
class InquiryDraft:
    """What the inquiry form hands to InquiryService.log; validated there (nothing is
    recorded when a field is wrong)."""

    channel: str
    person_kind: str
    person_name: str
    phone: str
    matter: str
    item_code: str = ""
    id_number: str = ""
    materials: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Department:
    """A department of the hall directory, for referrals and "guided elsewhere"."""

    name: str
    contact: str
    phone: str
    address: str


@dataclass(frozen=True)
class PostView:
    """A post (岗位: "window:3", "role:guide") with its A (主岗) and B (备岗)."""

    post: str
    a_no: str
    a_name: str
    b_no: str
    b_name: str


@dataclass(frozen=True)
class AbsenceView:
    """A recorded absence; ``id`` is the id CoverService.cancel_absence takes."""

    id: str
    staff_no: str
    staff_name: str
    kind: str  # leave | meeting | training | other
    start: datetime
    end: datetime
    note: str


@dataclass(frozen=True)
class CoverState:
    """Whom the logged-in staff member covers now: (staff_no, name, absent until); empty
    means no covering banner."""

    covering: tuple[tuple[str, str, datetime], ...]


@dataclass(frozen=True)
class CoverWarning:
    """A post whose A and B are both away between ``start`` and ``end``."""

    post: str
    a_no: str
    b_no: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class InquiryReport:
    """Inquiries logged per (owner staff_no, local day), by day then staff; the referral
    turnaround in hours (from a referral made in the period to the receiver's reply or
    hand-back; unanswered ones not counted), None without any; the follow-ups past their
    promised reply date now."""

    per_staff_day: tuple[tuple[str, date, int], ...]
    referral_median_h: float | None
    referral_p90_h: float | None
    overdue: tuple[InquiryView, ...]

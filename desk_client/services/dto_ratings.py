"""Plain, immutable results of the rating use cases (issue 7: 好差评, 回访, 整改, 申诉复核).

Levels are the integers 5 (非常满意) .. 1 (非常不满意) of core.ratings; ``reasons`` are
core.ratings reason codes; ``level`` of a follow-up is a core.deadlines.Level value or
"closed". Nothing here carries personal data of the citizen: a rating is tied to a visit, a
window and the staff member who served, never to the person who rated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RatingCode:
    """The rating code made when a visit ends. ``qr`` holds the QR modules, one string of
    "1"/"0" per row with the quiet zone included, so a screen can paint it crisply."""

    visit_id: str
    kind: str  # ticket | case | emergency
    ref: str
    window: int
    url: str
    expires_at: datetime
    qr: tuple[str, ...]


@dataclass(frozen=True)
class RatingView:
    """One submitted rating. ``ref`` is the ticket/case number when this PC made the code,
    else the case number or ""."""

    seq: int
    visit_id: str
    window: int
    staff_no: str
    staff_name: str
    ref: str
    item_code: str
    overall: int
    efficiency: int
    competence: int
    attitude: int
    reasons: tuple[str, ...]
    comment: str
    defaulted: bool
    excluded: bool
    bad: bool
    service_day: date
    submitted_at: datetime


@dataclass(frozen=True)
class FollowUpView:
    """The follow-up (回访) of one bad rating. ``due_day`` is None when the calendar lacks the
    year (shown as 缺少日历); ``level`` is green|yellow|red|missing|closed."""

    id: int
    rating: RatingView
    assignee_no: str
    assignee_name: str
    due_day: date | None
    level: str
    state: str
    contact_note: str
    contacted_at: datetime | None
    contacted_by: str
    rectification: str
    rectified_at: datetime | None
    rectified_by: str
    appeal_state: str
    appeal_reason: str
    appeal_by: str
    appeal_note: str
    appeal_decided_by: str
    close_note: str
    closed_by: str
    closed_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class FollowUpSummary:
    """``bad`` ratings of a period (upheld appeals left out), how many were ``followed`` up (a
    contact recorded) and the ``rate`` (回访率, 1.0 without bad ratings); ``open`` and
    ``overdue`` count the hall's follow-ups not closed today, whatever the period."""

    bad: int
    followed: int
    rate: float
    open: int
    overdue: int


@dataclass(frozen=True)
class RatingStatRow:
    """Ratings of one window, staff member, item or day. ``levels`` counts the overall levels
    5, 4, 3, 2, 1 in that order; excluded ratings (upheld appeals) are only in ``excluded``."""

    key: str
    label: str
    count: int
    levels: tuple[int, int, int, int, int]
    satisfaction: float
    average: float
    bad: int
    defaulted: int
    excluded: int


@dataclass(frozen=True)
class RatingSettingsView:
    """The hall's rating options (the secret itself never leaves the services)."""

    expiry_days: int
    followup_days: int
    followup_staff_no: str
    default_after_days: int
    base_url: str


@dataclass(frozen=True)
class RatingPageState:
    """What the rating page shows for a token."""

    status: str  # ok | malformed | forged | expired | used | wrong_hall | unknown_hall
    hall_name: str
    window: int
    expires_at: datetime | None


@dataclass(frozen=True)
class RatingReceipt:
    """The answer to a submitted rating; ``followup_id`` is set for a bad one."""

    seq: int
    visit_id: str
    overall: int
    bad: bool
    followup_id: int | None

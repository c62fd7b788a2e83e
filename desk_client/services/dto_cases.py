"""Plain, immutable results of the case use cases (issue 5: 限时办结).

``CaseView.applicant_display`` is always the masked name; no DTO here carries an ID number.
``level`` is a core.deadlines.Level value (green/yellow/red/open/missing) and ``state`` a
core.cases.CaseState value, both as plain strings so a front end needs no core import to show
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotation: the dataclasses never evaluate it
    from desk_client.core.deadlines import Pause


@dataclass(frozen=True)
class CaseView:
    """One case (办件) as the lists show it. ``deadline`` None: open (an unended pause) or the
    calendar misses the year (level "missing"). ``limit_days`` is the effective limit, its
    approved extensions included. ``level`` is live (computed now) in my_cases, board, case
    and summary; the step methods return the level stored with the step."""

    number: str
    item_code: str
    item_name: str
    kind: str  # a core.catalogue.ItemKind value: instant 即办件, promised 承诺件, joint 联办件 ...
    applicant_display: str
    staff_no: str
    window_number: int | None
    accepted_at: datetime
    accepted_day: date
    limit_days: int
    deadline: date | None
    state: str
    paused_since: date | None
    level: str


@dataclass(frozen=True)
class TimelineEntry:
    """One event in a case's timeline; ``detail`` is already a readable line."""

    at: datetime
    type: str
    actor: str
    detail: str


@dataclass(frozen=True)
class CaseDetail:
    case: CaseView
    timeline: tuple[TimelineEntry, ...]
    pauses: tuple[Pause, ...]


@dataclass(frozen=True)
class DaySummary:
    """The start-of-day summary: today's red (overdue) and yellow (warning) cases."""

    day: date
    red: tuple[CaseView, ...]
    yellow: tuple[CaseView, ...]


@dataclass(frozen=True)
class CalendarStatus:
    """``missing_years``: the years (this one and, from December 1, the next) the
    working-day calendar does not cover; non-empty means the UI shows the banner."""

    year: int
    missing_years: tuple[int, ...]


@dataclass(frozen=True)
class LevelChange:
    """A case whose warning level changed during a sweep (recorded once as case.warned)."""

    number: str
    old: str
    new: str

"""Deadline arithmetic of a case (限时办结): working days, pauses, extensions, warning levels.

Rules (domain.md, 行政许可法): a limit counts working days (Art. 82), starting the day after
acceptance; the statutory limit is 20 working days (+10 with approval, Art. 42), joint
handling 45 (+15); special steps (特殊环节, Art. 45: hearing, tender, auction, testing,
appraisal, expert review) stop the clock. A 即办件 (instant case) is due on its acceptance day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise

from desk_client.core.catalogue import ItemKind
from desk_client.core.errors import DeskError
from desk_client.core.workdays import WorkCalendar

MAX_LIMIT = 365
# (statutory limit, statutory extension) in working days, by case kind.
STATUTORY = (20, 10)
STATUTORY_JOINT = (45, 15)


@dataclass(frozen=True, slots=True)
class Pause:
    """A special step: working days in [start, end] (both inclusive) do not count.

    ``end`` None: the step is still running, so the deadline is open.
    """

    start: date
    end: date | None
    reason: str = ""


def deadline(
    accepted: date, limit: int, pauses: Sequence[Pause], calendar: WorkCalendar
) -> date | None:
    """The ``limit``-th counted working day after ``accepted``; None while open.

    ``accepted`` itself never counts, working day or not. A working day inside a pause does
    not count. A pause without an end that starts on or before the day the count would reach
    leaves the deadline open (None); a pause entirely after the deadline does not move it.
    ``limit`` 0 (即办件) is due on ``accepted`` itself. Raises calendar.missing for a year the
    count needs and the calendar lacks. Overlapping pauses are tolerated (their union
    counts), though :func:`check_pauses` refuses them at the door.
    """
    if limit < 0:
        raise ValueError(f"limit must not be negative: {limit}")
    if limit == 0:
        return accepted
    position, remaining = accepted, limit
    for pause in sorted(pauses, key=lambda pause: pause.start):
        before = calendar.count_working_days(position, pause.start - timedelta(days=1))
        if before >= remaining:
            break
        remaining -= before
        if pause.end is None:
            return None
        position = max(position, pause.end)
    return calendar.working_days_after(position, remaining)


def statutory_limit(kind: str) -> tuple[int, int]:
    """(limit, extension) in working days: (45, 15) for joint handling, else (20, 10)."""
    return STATUTORY_JOINT if kind == ItemKind.JOINT else STATUTORY


def effective_limit(limit: int, extensions: int | Iterable[int]) -> int:
    """The limit with its approved extensions added (a total or each extension's days)."""
    if isinstance(extensions, int):
        return limit + extensions
    return limit + sum(extensions)


class Level(StrEnum):
    """Traffic light of a case (电子监察): open = paused without end, missing = no calendar."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    OPEN = "open"
    MISSING = "missing"


def level(  # noqa: PLR0917 - the positional signature the other layers were promised
    today: date,
    deadline: date | None,
    limit: int,
    accepted: date,
    calendar: WorkCalendar,
    yellow_days: int,
    yellow_percent: int,
) -> Level:
    """The warning level of an open case on ``today``; the first rule that holds wins:

    1. ``deadline`` None (a pause without end): OPEN.
    2. ``today`` after ``deadline``: RED (overdue), calendar or not.
    3. a year the count needs is not covered: MISSING.
    4. YELLOW when either threshold is reached, whichever comes first:
       - days: remaining working days (:func:`remaining_working_days`) <= ``yellow_days``;
         0 means "on the deadline day"; a negative value switches this rule off;
       - share: elapsed working days * 100 >= ``yellow_percent`` * ``limit``, where elapsed =
         ``limit`` - remaining (paused days are not elapsed) and nothing has elapsed on or
         before ``accepted``; ``yellow_percent`` <= 0 or > 100 switches this rule off.
       ``limit`` is the effective limit (extensions included). An instant case (limit 0) on
       its day has 0 remaining, so it is yellow whenever ``yellow_days`` >= 0.
    5. otherwise GREEN.
    """
    if deadline is None:
        return Level.OPEN
    if today > deadline:
        return Level.RED
    try:
        remaining = remaining_working_days(today, deadline, calendar)
    except DeskError as error:
        if error.code != "calendar.missing":
            raise
        return Level.MISSING
    if yellow_days >= 0 and remaining <= yellow_days:
        return Level.YELLOW
    elapsed = 0 if today <= accepted else max(0, limit - remaining)
    if 0 < yellow_percent <= 100 and elapsed * 100 >= yellow_percent * limit:
        return Level.YELLOW
    return Level.GREEN


def remaining_working_days(today: date, deadline: date, calendar: WorkCalendar) -> int:
    """Working days after ``today`` up to and including ``deadline``; 0 on the deadline day.

    Overdue (``today`` after ``deadline``): minus the working days in (deadline, today], and
    at least -1, so a Saturday after a Friday deadline reads -1, never 0.
    """
    if today <= deadline:
        return calendar.count_working_days(today, deadline)
    return -max(1, calendar.count_working_days(deadline, today))


def hours_left(now_local: datetime, close: time) -> float:
    """Hours until the hall closes today at ``close`` (wall clock); never negative.

    ``now_local`` is the hall's local time (aware or naive); ``close`` is compared on the
    same calendar day, so after closing time this is 0.0.
    """
    closing = datetime.combine(now_local.date(), close, tzinfo=now_local.tzinfo)
    return max(0.0, (closing - now_local).total_seconds() / 3600)


# Checks at the door: each raises DeskError and changes nothing ---------------------------


def check_pauses(pauses: Sequence[Pause], accepted: date | None = None) -> None:
    """Refuse a pause that ends before it starts, starts before ``accepted`` (when given),
    or overlaps another (an open pause reaches to the end of time)."""
    for pause in pauses:
        if pause.end is not None and pause.end < pause.start:
            raise DeskError("pause.ends_before_start", start=pause.start, end=pause.end)
        if accepted is not None and pause.start < accepted:
            raise DeskError("pause.before_acceptance", start=pause.start, accepted=accepted)
    ordered = sorted(pauses, key=lambda pause: pause.start)
    for first, second in pairwise(ordered):
        if first.end is None or second.start <= first.end:
            raise DeskError(
                "pause.overlaps",
                first_start=first.start,
                first_end=first.end or "…",
                second_start=second.start,
            )


def check_limit(kind: str, limit: int) -> None:
    """A 承诺件 (and any counting kind) needs at least one working day; no limit is negative or
    above a year of working days. An instant case may have 0."""
    if limit < 0 or limit > MAX_LIMIT:
        raise DeskError("limit.absurd", limit=limit, max=MAX_LIMIT)
    if limit == 0 and kind != ItemKind.INSTANT:
        raise DeskError("limit.zero")


def check_accepted(accepted: date, today: date) -> None:
    """An acceptance cannot be dated after today (the hall's local day)."""
    if accepted > today:
        raise DeskError("case.accepted_in_future", accepted=accepted, today=today)


def check_extension(kind: str, days: int, already: int = 0) -> None:
    """An extension adds at least one working day, and all of a case's extensions together
    stay within the statutory extension of its kind (Art. 42: 10, joint handling 15)."""
    allowed = statutory_limit(kind)[1]
    if days < 1:
        raise DeskError("extension.days", days=days)
    if already + days > allowed:
        raise DeskError("extension.too_long", days=days, already=already, max=allowed)

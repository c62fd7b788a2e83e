"""A/B post cover (AB岗): every post has a named A and B; while A is away, B covers, and
answers for, A's work (recorded as B on behalf of A).

A post is a window ("window:3") or a role ("role:guide", "role:supervisor"). An absence runs
from ``start`` up to, not including, ``end`` (local wall-clock datetimes; all the datetimes
handed to one function must be of one kind, naive or aware). Only A's absence is covered, and
only by a B who is present: nobody covers a B, so there are no chains to follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import shorten


class AbsenceKind(StrEnum):
    LEAVE = "leave"  # 请假
    MEETING = "meeting"  # 会议
    TRAINING = "training"  # 培训
    OTHER = "other"  # 其他


@dataclass(frozen=True, slots=True)
class Post:
    post: str  # window:3 | role:guide
    a_no: str
    b_no: str


@dataclass(frozen=True, slots=True)
class Absence:
    """One person away from ``start`` until ``end`` (exclusive); ``id`` is the store's."""

    staff_no: str
    kind: str
    start: datetime
    end: datetime
    note: str = ""
    id: str = ""

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class CoverGap:
    """A post whose A and B are both away from ``start`` to ``end`` (the supervisor's warning)."""

    post: str
    a_no: str
    b_no: str
    start: datetime
    end: datetime


# Checks at the door ------------------------------------------------------------------------

MAX_NOTE = 200
_POST_RE = re.compile(r"window:([1-9][0-9]{0,3})|role:([a-z][a-z0-9_]{0,31})")


def check_post_name(post: str) -> str:
    """window:3 or role:guide (lower case, stripped); DeskError("post.bad_name") otherwise."""
    normalised = post.strip().lower()
    if not _POST_RE.fullmatch(normalised):
        raise DeskError("post.bad_name", post=shorten(post.strip()))
    return normalised


def window_post(window: int) -> str:
    return f"window:{window}"


def check_post(post: str, a_no: str, b_no: str) -> Post:
    """A post with both staff numbers, who are two different people."""
    name, a, b = check_post_name(post), a_no.strip(), b_no.strip()
    if not a or not b:
        raise DeskError("post.staff_required", post=name)
    if a == b:
        raise DeskError("post.same_person", post=name, staff_no=a)
    return Post(name, a, b)


def check_absence(new: Absence, existing: Iterable[Absence]) -> Absence:
    """``new`` with a valid kind and note, ending after it starts, and overlapping none of the
    same person's ``existing`` absences (``new`` itself, by id, is ignored: an edit)."""
    if new.kind not in set(AbsenceKind):
        raise DeskError("absence.kind", kind=shorten(new.kind))
    if new.end <= new.start:
        raise DeskError("absence.ends_before_start", start=_shown(new.start), end=_shown(new.end))
    if len(new.note.strip()) > MAX_NOTE:
        raise DeskError("absence.note", max=MAX_NOTE)
    for other in existing:
        same = bool(new.id) and other.id == new.id
        if other.staff_no == new.staff_no and not same and other.overlaps(new.start, new.end):
            raise DeskError(
                "absence.overlaps",
                staff_no=new.staff_no,
                start=_shown(other.start),
                end=_shown(other.end),
            )
    return new


def _shown(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


# Who is away, who covers -------------------------------------------------------------------


def absent(staff_no: str, absences: Iterable[Absence], now: datetime) -> Absence | None:
    """The absence that keeps ``staff_no`` away at ``now`` (the one ending last), or None."""
    current = [a for a in absences if a.staff_no == staff_no and a.covers(now)]
    return max(current, key=lambda absence: absence.end, default=None)


def covering_for(
    staff_no: str, posts: Iterable[Post], absences: Iterable[Absence], now: datetime
) -> tuple[str, ...]:
    """The A's whom ``staff_no`` covers at ``now``: the posts where they are B, their A is
    away and they themselves are present; sorted, each once."""
    away = tuple(absences)
    if absent(staff_no, away, now) is not None:
        return ()
    covered = {p.a_no for p in posts if p.b_no == staff_no and absent(p.a_no, away, now)}
    return tuple(sorted(covered))


def cover_of(
    staff_no: str, posts: Iterable[Post], absences: Iterable[Absence], now: datetime
) -> str | None:
    """A present B of ``staff_no`` (the first by post name), or None."""
    away = tuple(absences)
    ordered = sorted(posts, key=lambda post: post.post)
    for post in ordered:
        if post.a_no == staff_no and absent(post.b_no, away, now) is None:
            return post.b_no
    return None


def resolve_referral(
    to_staff_no: str, posts: Iterable[Post], absences: Iterable[Absence], now: datetime
) -> str:
    """Who receives a referral to ``to_staff_no``: that person when present, else their
    present B; DeskError("inquiry.referral_absent") when both are away (or nobody covers)."""
    away = tuple(absences)
    absence = absent(to_staff_no, away, now)
    if absence is None:
        return to_staff_no
    cover = cover_of(to_staff_no, posts, away, now)
    if cover is None:
        raise DeskError("inquiry.referral_absent", staff_no=to_staff_no, until=_shown(absence.end))
    return cover


def on_behalf_of(
    actor: str,
    responsible: str,
    posts: Iterable[Post],
    absences: Iterable[Absence],
    now: datetime,
) -> str | None:
    """ "" when ``actor`` is ``responsible``; ``responsible`` when the actor covers them now
    (the step is recorded as actor on behalf of responsible); None when the actor may not."""
    if actor == responsible:
        return ""
    return responsible if responsible in covering_for(actor, posts, absences, now) else None


def cover_gaps(
    posts: Iterable[Post], absences: Iterable[Absence], start: datetime, end: datetime
) -> tuple[CoverGap, ...]:
    """Every stretch within [start, end) in which a post's A and B are both away, by post
    and time."""
    away = tuple(absences)
    gaps = []
    for post in posts:
        a_away = [a for a in away if a.staff_no == post.a_no and a.overlaps(start, end)]
        b_away = [b for b in away if b.staff_no == post.b_no and b.overlaps(start, end)]
        for first in a_away:
            for second in b_away:
                low = max(first.start, second.start, start)
                high = min(first.end, second.end, end)
                if low < high:
                    gaps.append(CoverGap(post.post, post.a_no, post.b_no, low, high))
    return tuple(sorted(set(gaps), key=lambda gap: (gap.post, gap.start, gap.end)))


def both_absent(
    posts: Iterable[Post],
    absences: Iterable[Absence],
    start: datetime | date,
    end: datetime | None = None,
) -> tuple[Post, ...]:
    """The posts whose A and B are away at once at some moment of [start, end), in post
    order, each once. ``end`` None: at the moment ``start``; ``start`` a date (not a
    datetime): anywhere in that day (naive local times, like :func:`day_span`)."""
    given = tuple(posts)
    if not isinstance(start, datetime):
        start, end = day_span(start)
    stop = end if end is not None else start + timedelta(microseconds=1)
    names = {gap.post for gap in cover_gaps(given, absences, start, stop)}
    return tuple(sorted((post for post in given if post.post in names), key=lambda p: p.post))


def day_span(day: date, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    """[midnight, next midnight) of ``day`` (naive unless ``zone``): a day's window for
    :func:`both_absent` and :func:`cover_gaps`."""
    start = datetime.combine(day, time(), tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)


# Weekend service (5+2) ------------------------------------------------------------------------


def categories_served(
    working_day: bool,
    open_windows: Iterable[int],
    window_categories: dict[int, tuple[str, ...]],
    all_categories: Iterable[str],
) -> tuple[str, ...]:
    """The categories the hall serves on a day: all of them on a working day; on a weekend
    or holiday only those of the windows the roster opens (sorted, each once)."""
    if working_day:
        return tuple(sorted(set(all_categories)))
    served = {code for window in open_windows for code in window_categories.get(window, ())}
    return tuple(sorted(served))

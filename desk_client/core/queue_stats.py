"""Queue statistics (叫号统计) from each ticket's own history, so that the figures add up.

Users of the systems halls buy complain of statistics whose wait times do not add up: per
window averages that do not make the hall's, totals that count a transferred ticket twice. So
every figure here comes from one reading of each ticket's steps (its ticket_events rows, in
order), and a report's total is counted from the same readings as its rows:

- a **wait** is the time a ticket spent waiting that a call ended: from the issue, a
  transfer (转移) or a reinstatement (过号恢复) to the call. A wait ended by a cancel or the
  day-end close is not a wait anyone was served after; the ticket counts as abandoned.
- a **session** is one call at a window to the step that ended it (finish, transfer,
  no-show, hold or the day-end close); a resume after a hold opens a session without a wait.
  Its handling time counts unless nobody came (no-show) or nobody ended it (closed, open).
- the **outcome** of a ticket is its state: done, no-show, abandoned (cancelled or closed at
  the day's end unfinished) or still open. Each ticket has exactly one, so ``issued = done +
  no_show + abandoned + open`` in every row.

Tickets are grouped by their service day, the hour they were issued in, or their category
(the one they ended the day in); sessions by the window or the clerk that called. A ticket
served at two windows counts once in a category and at both windows, each with its own part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import NamedTuple

ENDS_SESSION = frozenset({"finish", "transfer", "no_show", "hold", "close"})
STARTS_WAIT = frozenset({"issue", "transfer", "reinstate"})
ENDS_WAIT = frozenset({"call", "cancel", "close"})
#: Sessions whose time at the window was spent serving someone.
HANDLED = frozenset({"finish", "transfer", "hold"})
#: Sessions that end a service at the window (a hold's service goes on after the resume).
SERVICE_ENDS = frozenset({"finish", "transfer"})
OUTCOMES = {"done": "done", "no_show": "no_show", "cancelled": "abandoned", "closed": "abandoned"}
MAX_DAYS = 366
#: The Tally fields that a period's total sums over its rows.
ADDITIVE = (
    "issued", "called", "calls", "recalls", "done", "no_show", "transferred", "abandoned",
    "open", "wait_count", "wait_total_s", "over_limit", "handling_count", "handling_total_s",
)  # fmt: skip
MAX_WAIT_LIMIT_MINUTES = 480


class Step(NamedTuple):
    """One step of a ticket (a ticket_events row): its action, when, where and by whom.

    Steps, trails and sessions are named tuples, not dataclasses: a month of a busy hall is
    a hundred thousand and more of them, and a frozen dataclass costs several times as much
    to make."""

    action: str
    at: datetime
    window_id: int | None = None
    staff_id: int | None = None


class Trail(NamedTuple):
    """A ticket as the statistics read it: where it belongs, its state now, its steps."""

    ticket_id: int
    day: date
    category_id: int
    state: str
    issued_at: datetime
    steps: tuple[Step, ...]


class Session(NamedTuple):
    """One call at a window and what ended it (``ended`` is an action, or "" while open)."""

    window_id: int | None
    staff_id: int | None
    wait_s: int | None
    handling_s: int
    recalls: int
    ended: str


@dataclass(frozen=True)
class Facts:
    """What one ticket's steps say, the input of every grouping."""

    trail: Trail
    outcome: str
    sessions: tuple[Session, ...]
    waiting: tuple[tuple[datetime, datetime | None], ...]

    @property
    def transferred(self) -> bool:
        return any(session.ended == "transfer" for session in self.sessions)

    @property
    def handling_s(self) -> int:
        return sum(s.handling_s for s in self.sessions if s.ended in HANDLED)


def seconds(start: datetime, end: datetime) -> int:
    """Whole seconds from ``start`` to ``end``, never negative (clocks of PCs differ)."""
    return max(0, int((end - start).total_seconds()))


def emergency_steps(
    issued_at: datetime, called_at: datetime | None, finished_at: datetime | None, window: int
) -> tuple[Step, ...]:
    """The steps of an offline walk-in (应急号), which the central tables keep as columns."""
    steps = [Step("issue", issued_at)]
    if called_at is not None:
        steps.append(Step("call", called_at, window))
        if finished_at is not None:
            steps.append(Step("finish", finished_at, window))
    return tuple(steps)


@dataclass
class _Reader:
    """Walks a ticket's steps once, collecting its sessions and waiting spans."""

    sessions: list[Session] = field(default_factory=list)
    waiting: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    wait_from: datetime | None = None
    wait_s: int | None = None
    open_at: datetime | None = None
    opener: Step | None = None
    recalls: int = 0

    def step(self, step: Step) -> None:
        if step.action in ENDS_SESSION and self.open_at is not None:
            self._end_session(step)
        if step.action in ENDS_WAIT and self.wait_from is not None:
            self._end_wait(step)
        if step.action in STARTS_WAIT:
            self.wait_from = step.at
        if step.action in ("call", "resume"):
            self.open_at, self.opener, self.recalls = step.at, step, 0
        elif step.action == "recall":
            self.recalls += 1

    def _end_wait(self, step: Step) -> None:
        assert self.wait_from is not None
        self.waiting.append((self.wait_from, max(self.wait_from, step.at)))  # PC clocks differ
        self.wait_s = seconds(self.wait_from, step.at) if step.action == "call" else None
        self.wait_from = None

    def _end_session(self, step: Step) -> None:
        assert self.open_at is not None and self.opener is not None
        self.sessions.append(self._session(seconds(self.open_at, step.at), step.action))
        self.open_at = self.opener = None

    def _session(self, handling_s: int, ended: str) -> Session:
        assert self.opener is not None
        wait = self.wait_s if self.opener.action == "call" else None
        self.wait_s = None
        opener = self.opener
        return Session(opener.window_id, opener.staff_id, wait, handling_s, self.recalls, ended)

    def finish(self) -> None:
        if self.open_at is not None:
            self.sessions.append(self._session(0, ""))
        if self.wait_from is not None:
            self.waiting.append((self.wait_from, None))


def read(trail: Trail) -> Facts:
    """The facts of one ticket from its steps (in order; the first is its issue)."""
    reader = _Reader()
    for step in trail.steps:
        reader.step(step)
    reader.finish()
    outcome = OUTCOMES.get(trail.state, "open")
    return Facts(trail, outcome, tuple(reader.sessions), tuple(reader.waiting))


@dataclass
class Tally:
    """The sums of one row; a row's figures (averages, shares) are made from these."""

    issued: int = 0
    called: int = 0
    calls: int = 0
    recalls: int = 0
    done: int = 0
    no_show: int = 0
    transferred: int = 0
    abandoned: int = 0
    open: int = 0
    wait_count: int = 0
    wait_total_s: int = 0
    wait_max_s: int = 0
    over_limit: int = 0
    handling_count: int = 0
    handling_total_s: int = 0

    def merge(self, other: Tally) -> None:
        """Add ``other``'s sums in (the longest wait is a maximum, not a sum)."""
        for name in ADDITIVE:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wait_max_s = max(self.wait_max_s, other.wait_max_s)

    def wait(self, wait_s: int, limit_s: int) -> None:
        self.wait_count += 1
        self.wait_total_s += wait_s
        self.wait_max_s = max(self.wait_max_s, wait_s)
        self.over_limit += wait_s > limit_s


def add_ticket(tally: Tally, facts: Facts, limit_s: int) -> None:
    """Count one ticket in a ticket grouping's row (by day, hour or category)."""
    tally.issued += 1
    setattr(tally, facts.outcome, getattr(tally, facts.outcome) + 1)
    tally.transferred += facts.transferred
    tally.called += any(s.wait_s is not None for s in facts.sessions)
    for session in facts.sessions:
        _add_call(tally, session, limit_s)
    if facts.outcome == "done":
        tally.handling_count += 1
        tally.handling_total_s += facts.handling_s


def add_session(tally: Tally, session: Session, limit_s: int) -> None:
    """Count one session in a window's or a clerk's row."""
    _add_call(tally, session, limit_s)
    tally.done += session.ended == "finish"
    tally.no_show += session.ended == "no_show"
    tally.transferred += session.ended == "transfer"
    if session.ended in HANDLED:
        tally.handling_total_s += session.handling_s
    tally.handling_count += session.ended in SERVICE_ENDS


def _add_call(tally: Tally, session: Session, limit_s: int) -> None:
    tally.recalls += session.recalls
    if session.wait_s is not None:
        tally.calls += 1
        tally.wait(session.wait_s, limit_s)


Key = str


def ticket_key(by: str, zone: tzinfo) -> Callable[[Trail], Key]:
    """How a ticket grouping keys a ticket: ISO day, "HH" of its issue, or its category id."""
    if by == "day":
        return lambda trail: trail.day.isoformat()
    if by == "hour":
        return lambda trail: f"{trail.issued_at.astimezone(zone).hour:02d}"
    if by == "category":
        return lambda trail: str(trail.category_id)
    raise ValueError(f"not a ticket grouping: {by}")


def tally_tickets(
    facts: Iterable[Facts], key: Callable[[Trail], Key], limit_s: int
) -> dict[Key, Tally]:
    rows: dict[Key, Tally] = {}
    for one in facts:
        add_ticket(rows.setdefault(key(one.trail), Tally()), one, limit_s)
    return rows


def tally_sessions(facts: Iterable[Facts], by: str, limit_s: int) -> dict[Key, Tally]:
    """By "window" or "staff": each session in the row of the window or clerk that called
    (key "" for a session nobody is recorded for, as an offline walk-in's clerk)."""
    rows: dict[Key, Tally] = {}
    for one in facts:
        for session in one.sessions:
            who = session.window_id if by == "window" else session.staff_id
            add_session(rows.setdefault("" if who is None else str(who), Tally()), session, limit_s)
    return rows


def tally_total(rows: Iterable[Tally]) -> Tally:
    """The period's total: its rows merged. Each ticket (or session) is in exactly one row,
    so this counts each once, by the same rule as the rows."""
    total = Tally()
    for row in rows:
        total.merge(row)
    return total


Change = tuple[datetime, int, "Facts"]


def peak_waiting(
    facts: Iterable[Facts],
    pool: Callable[[Facts], Key],
    bucket: Callable[[Facts, datetime], Key],
) -> dict[Key, int]:
    """The most tickets waiting at one moment, per row key.

    Tickets wait in a pool (the hall's one queue, or a category's part of it), counted over
    each service day: each waiting span adds one at its start and takes it away at its end.
    The level on either side of each change counts for ``bucket`` of that moment, so an hour
    that begins with people waiting counts them even if its first change is a call.
    """
    pools: dict[tuple[date, Key], list[Change]] = {}
    for one in facts:
        changes = pools.setdefault((one.trail.day, pool(one)), [])
        for start, end in one.waiting:
            changes.append((start, 1, one))
            if end is not None:
                changes.append((end, -1, one))
    peaks: dict[Key, int] = {}
    for changes in pools.values():
        _sweep(sorted(changes, key=lambda change: (change[0], change[1])), bucket, peaks)
    return peaks


def _sweep(
    changes: list[Change], bucket: Callable[[Facts, datetime], Key], peaks: dict[Key, int]
) -> None:
    level = 0
    for at, delta, one in changes:
        key = bucket(one, at)
        peaks[key] = max(peaks.get(key, 0), level, level + delta)
        level += delta


def check_period(start: date, end: date) -> str | None:
    """The message key of a period a report cannot cover, or None."""
    if end < start:
        return "queue_stats.period_reversed"
    if (end - start).days >= MAX_DAYS:
        return "queue_stats.period_too_long"
    return None


def check_wait_limit(minutes: int) -> bool:
    return 1 <= minutes <= MAX_WAIT_LIMIT_MINUTES

"""Queue statistics (叫号统计) over random valid histories: the figures add up; the peak queue.

Each history walks the ticket state machine (core.queue) from its issue, so every step is one
a hall could record; time only moves forward here (clock skew is scripted in
test_queue_stats.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.queue import Action, TicketState, allowed_actions, next_state
from desk_client.core.queue_stats import (
    Facts,
    Step,
    Tally,
    Trail,
    peak_waiting,
    read,
    tally_sessions,
    tally_tickets,
    tally_total,
    ticket_key,
)
from tests.unit.test_queue_stats import (
    DAY,
    SHANGHAI,
    assert_rows_add_up,
    issued,
    sessions_in_one_row,
    step,
    tickets_in_one_row,
    trail,
)

DAYS = (date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25))
CATEGORIES = (1, 2, 3)
WINDOWS = (1, 2, 3)
STAFF = (11, 12, 13)
MAX_STEPS = 12
TICKET_GROUPINGS = ("day", "hour", "category")
GROUPINGS = (*TICKET_GROUPINGS, "window", "staff")
#: Actions done at the window of the current session (recorded with its window and clerk).
AT_WINDOW = frozenset({"call", "recall", "start", "finish", "no_show", "transfer", "hold"})
#: Drawn a third as often as the other moves, so that most tickets get served.
GIVING_UP = frozenset({Action.CANCEL, Action.CLOSE})


@st.composite
def trails(draw: st.DrawFn, ticket_id: int) -> Trail:
    """One ticket's history: its issue, then up to MAX_STEPS allowed moves."""
    day = draw(st.sampled_from(DAYS))
    opening = datetime.combine(day, time(8, 30), SHANGHAI).astimezone(UTC)
    now = opening + timedelta(seconds=draw(st.integers(0, 8 * 3600)))
    steps, state = [Step("issue", now)], TicketState.WAITING
    window: int | None = None
    staff: int | None = None
    for _ in range(draw(st.integers(0, MAX_STEPS))):
        allowed = sorted(allowed_actions(state))
        if not allowed:
            break
        weighted = [a for a in allowed for _ in range(1 if a in GIVING_UP else 3)]
        action: Action = draw(st.sampled_from(weighted))
        now += timedelta(seconds=draw(st.integers(0, 3600)))
        if action in (Action.CALL, Action.RESUME):
            window, staff = draw(st.sampled_from(WINDOWS)), draw(st.sampled_from(STAFF))
        here = action.value in AT_WINDOW or action is Action.RESUME
        steps.append(Step(action.value, now, *((window, staff) if here else (None, None))))
        state = next_state(state, action)
    category = draw(st.sampled_from(CATEGORIES))
    return Trail(ticket_id, day, category, state.value, steps[0].at, tuple(steps))


@st.composite
def halls(draw: st.DrawFn) -> list[Facts]:
    """0-30 tickets of the hall, read."""
    count = draw(st.integers(0, 30))
    return [read(draw(trails(ticket_id))) for ticket_id in range(1, count + 1)]


limits = st.integers(0, 3600)


def rows_by(facts: list[Facts], by: str, limit_s: int) -> dict[str, Tally]:
    if by in TICKET_GROUPINGS:
        return tally_tickets(facts, ticket_key(by, SHANGHAI), limit_s)
    return tally_sessions(facts, by, limit_s)


def total_by(facts: list[Facts], by: str, limit_s: int) -> Tally:
    return tally_total(rows_by(facts, by, limit_s).values())


def hall(_one: Facts) -> str:
    return ""


def hall_at(_one: Facts, _at: datetime) -> str:
    return ""


def hour_at(_one: Facts, moment: datetime) -> str:
    return f"{moment.astimezone(SHANGHAI).hour:02d}"


def anyone_waited(facts: list[Facts]) -> bool:
    """Whether any ticket waited for a while (a zero-length span is nobody waiting)."""
    return any(end is None or end > start for one in facts for start, end in one.waiting)


@given(halls(), limits)
def test_every_ticket_row_counts_each_ticket_once_by_its_outcome(
    facts: list[Facts], limit_s: int
) -> None:
    for by in TICKET_GROUPINGS:
        rows = rows_by(facts, by, limit_s)
        for row in rows.values():
            assert row.issued == row.done + row.no_show + row.abandoned + row.open
        assert sum(row.issued for row in rows.values()) == len(facts)


@given(halls(), limits)
def test_rows_add_up_to_the_total_in_every_grouping(facts: list[Facts], limit_s: int) -> None:
    for by in GROUPINGS:
        rows = rows_by(facts, by, limit_s)
        assert_rows_add_up(rows, tally_total(rows.values()))


@given(halls(), limits)
def test_total_is_each_ticket_or_session_counted_once_whatever_the_grouping(
    facts: list[Facts], limit_s: int
) -> None:
    tickets = tickets_in_one_row(facts, limit_s)
    for by in TICKET_GROUPINGS:
        assert total_by(facts, by, limit_s) == tickets
    sessions = sessions_in_one_row(facts, limit_s)
    for by in ("window", "staff"):
        assert total_by(facts, by, limit_s) == sessions


@given(halls(), limits)
def test_calls_and_waits_are_the_same_in_ticket_window_and_clerk_totals(
    facts: list[Facts], limit_s: int
) -> None:
    totals = [total_by(facts, by, limit_s) for by in ("day", "window", "staff")]
    shared = ("calls", "recalls", "wait_count", "wait_total_s", "wait_max_s", "over_limit")
    for name in shared:
        assert len({getattr(total, name) for total in totals}) == 1, name
    for total in totals:
        assert total.wait_count == total.calls
        assert total.over_limit <= total.wait_count


@given(halls(), limits)
def test_windows_finish_exactly_the_done_tickets_and_cover_their_handling(
    facts: list[Facts], limit_s: int
) -> None:
    tickets = total_by(facts, "day", limit_s)
    for by in ("window", "staff"):
        sessions = total_by(facts, by, limit_s)
        assert sessions.done == tickets.done == tickets.handling_count
        assert sessions.handling_count >= tickets.handling_count
        assert sessions.handling_total_s >= tickets.handling_total_s


@given(halls())
def test_total_peak_is_the_highest_day_and_hour_peak(facts: list[Facts]) -> None:
    total = peak_waiting(facts, hall, hall_at).get("", 0)
    days = peak_waiting(facts, hall, lambda one, _at: one.trail.day.isoformat())
    hours = peak_waiting(facts, hall, hour_at)
    assert total == max(days.values(), default=0) == max(hours.values(), default=0)
    assert total <= len(facts)
    if anyone_waited(facts):
        assert total >= 1
    else:
        assert total == 0


@given(halls())
def test_no_category_queue_is_longer_than_the_halls(facts: list[Facts]) -> None:
    def day_and_category(one: Facts, _at: datetime) -> str:
        return f"{one.trail.day}/{one.trail.category_id}"

    days = peak_waiting(facts, hall, lambda one, _at: one.trail.day.isoformat())
    categories = peak_waiting(facts, lambda one: str(one.trail.category_id), day_and_category)
    for key, peak in categories.items():
        assert peak <= days[key.split("/")[0]]


@given(halls())
def test_no_wait_or_handling_time_is_negative(facts: list[Facts]) -> None:
    for one in facts:
        for session in one.sessions:
            assert session.handling_s >= 0
            assert session.wait_s is None or session.wait_s >= 0
        for start, end in one.waiting:
            assert end is None or end >= start
        assert one.handling_s >= 0


# -- peak queue ------------------------------------------------------------------------------


def waited(ticket_id: int, start: str, called: str, category: int = 1) -> Facts:
    """A ticket waiting from ``start`` until its call at ``called``."""
    steps = (issued(start), step("call", called, 1, 11))
    return read(trail("called", *steps, ticket_id=ticket_id, category=category))


def test_peak_counts_a_call_before_an_issue_at_the_same_instant() -> None:
    facts = [waited(1, "09:00", "09:20"), waited(2, "09:05", "09:10"), waited(3, "09:10", "09:30")]
    assert peak_waiting(facts, hall, hall_at) == {"": 2}


def test_peak_by_hour_counts_those_already_waiting_when_the_hour_begins() -> None:
    peaks = peak_waiting([waited(1, "09:50", "10:20")], hall, hour_at)
    assert peaks["09"] == 1
    assert peaks["10"] == 1  # its only change is the call at 10:20


def test_peak_of_each_category_is_its_own_queue() -> None:
    facts = [waited(1, "09:00", "09:30", category=1), waited(2, "09:10", "09:20", category=2)]

    def category(one: Facts, _at: datetime | None = None) -> str:
        return str(one.trail.category_id)

    assert peak_waiting(facts, category, category) == {"1": 1, "2": 1}
    assert peak_waiting(facts, hall, hall_at) == {"": 2}


def test_peak_is_counted_within_each_service_day() -> None:
    today = waited(1, "09:00", "09:30")
    first = today.trail.steps[0]
    tomorrow = read(Trail(2, DAY + timedelta(days=1), 1, "waiting", first.at, (first,)))
    assert peak_waiting([today, tomorrow], hall, hall_at) == {"": 1}


def test_a_call_stamped_before_its_issue_lowers_no_one_else_s_count() -> None:
    """PC clocks differ: a ticket issued on a PC running fast may be called "before" its
    issue. Its wait is empty, not negative, and the others waiting meanwhile still count."""
    facts = [waited(1, "09:00", "09:30"), waited(3, "09:06", "09:08")]
    assert peak_waiting(facts, hall, hall_at) == {"": 2}
    skewed = waited(2, "09:10", "09:05")
    assert skewed.waiting == ((skewed.trail.issued_at, skewed.trail.issued_at),)
    assert peak_waiting([*facts, skewed], hall, hall_at) == {"": 2}

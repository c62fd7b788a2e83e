"""Queue statistics (叫号统计), scripted: each figure of a known ticket history, exactly.

Times are written as the hall's wall clock (Asia/Shanghai) and kept as aware UTC datetimes,
as the central tables keep them. The properties over random histories are in
test_queue_stats_props.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk_client.core.queue_stats import (
    ADDITIVE,
    Facts,
    Session,
    Step,
    Tally,
    Trail,
    add_session,
    check_period,
    check_wait_limit,
    emergency_steps,
    read,
    seconds,
    tally_sessions,
    tally_tickets,
    tally_total,
    ticket_key,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 23)
LIMIT_S = 30 * 60
#: The Tally fields that add up over rows, written out here rather than taken from the code.
SUMS = (
    "issued", "called", "calls", "recalls", "done", "no_show", "transferred", "abandoned",
    "open", "wait_count", "wait_total_s", "over_limit", "handling_count", "handling_total_s",
)  # fmt: skip


def at(clock: str, day: date = DAY) -> datetime:
    """ "09:10" or "09:10:30" on ``day`` in the hall, as an aware UTC datetime."""
    hour, minute, second = (int(part) for part in f"{clock}:00"[:8].split(":"))
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)
    return local.astimezone(UTC)


def step(action: str, clock: str, window: int | None = None, staff: int | None = None) -> Step:
    return Step(action, at(clock), window, staff)


def trail(state: str, *steps: Step, ticket_id: int = 1, category: int = 1) -> Trail:
    """A ticket of DAY whose first step is its issue."""
    return Trail(ticket_id, DAY, category, state, steps[0].at, steps)


def issued(clock: str) -> Step:
    return step("issue", clock)


def by_day(facts: Iterable[Facts]) -> dict[str, Tally]:
    return tally_tickets(facts, ticket_key("day", SHANGHAI), LIMIT_S)


def row_sum(rows: Iterable[Tally], name: str) -> int:
    return sum(getattr(row, name) for row in rows)


def one_call(wait_s: int, **more: int) -> Tally:
    """A row of one call after a wait of ``wait_s``, and ``more``."""
    return Tally(calls=1, wait_count=1, wait_total_s=wait_s, wait_max_s=wait_s, **more)


def tickets_in_one_row(facts: Iterable[Facts], limit_s: int) -> Tally:
    """Every ticket counted straight into one row, not merged from rows."""
    return tally_tickets(facts, lambda _trail: "", limit_s).get("", Tally())


def sessions_in_one_row(facts: Iterable[Facts], limit_s: int) -> Tally:
    """Every session counted straight into one row, not merged from rows."""
    total = Tally()
    for one in facts:
        for session in one.sessions:
            add_session(total, session, limit_s)
    return total


def assert_rows_add_up(rows: dict[str, Tally], total: Tally) -> None:
    for name in SUMS:
        assert row_sum(rows.values(), name) == getattr(total, name), name
    assert total.wait_max_s == max((row.wait_max_s for row in rows.values()), default=0)


# -- a transferred ticket: two waits, two windows, one ticket ---------------------------------

TRANSFERRED = trail(
    "done",
    issued("09:00"),
    step("call", "09:10", 1, 11),
    step("recall", "09:11", 1, 11),
    step("start", "09:12", 1, 11),
    step("transfer", "09:20", 1, 11),
    step("call", "09:30", 2, 12),
    step("finish", "09:45", 2, 12),
)


def test_transferred_ticket_has_two_waits_and_a_session_at_each_window() -> None:
    facts = read(TRANSFERRED)
    assert facts.waiting == ((at("09:00"), at("09:10")), (at("09:20"), at("09:30")))
    assert facts.sessions == (
        Session(1, 11, wait_s=600, handling_s=600, recalls=1, ended="transfer"),
        Session(2, 12, wait_s=600, handling_s=900, recalls=0, ended="finish"),
    )
    assert facts.handling_s == 1500
    assert facts.outcome == "done"
    assert facts.transferred


@pytest.mark.parametrize(("by", "first", "second"), [("window", "1", "2"), ("staff", "11", "12")])
def test_transferred_ticket_counts_its_own_part_at_each_window_and_clerk(
    by: str, first: str, second: str
) -> None:
    rows = tally_sessions([read(TRANSFERRED)], by, LIMIT_S)
    assert set(rows) == {first, second}
    assert rows[first] == one_call(
        600, recalls=1, transferred=1, handling_count=1, handling_total_s=600
    )
    assert rows[second] == one_call(600, done=1, handling_count=1, handling_total_s=900)
    total = tally_total(rows.values())
    assert_rows_add_up(rows, total)
    assert total == sessions_in_one_row([read(TRANSFERRED)], LIMIT_S)


def test_transferred_ticket_counts_once_among_tickets() -> None:
    assert by_day([read(TRANSFERRED)]) == {
        "2026-11-23": Tally(
            issued=1,
            called=1,
            calls=2,
            recalls=1,
            done=1,
            transferred=1,
            wait_count=2,
            wait_total_s=1200,
            wait_max_s=600,
            handling_count=1,
            handling_total_s=1500,
        )
    }


# -- hold and resume: one service in two sessions -----------------------------------------

HELD = trail(
    "done",
    issued("09:50"),
    step("call", "10:00", 1, 11),
    step("start", "10:01", 1, 11),
    step("hold", "10:05", 1, 11),
    step("resume", "10:30", 1, 11),
    step("finish", "10:40", 1, 11),
)


def test_resume_opens_a_session_without_a_wait_and_held_time_is_not_handling() -> None:
    facts = read(HELD)
    assert facts.sessions == (
        Session(1, 11, wait_s=600, handling_s=300, recalls=0, ended="hold"),
        Session(1, 11, wait_s=None, handling_s=600, recalls=0, ended="finish"),
    )
    assert facts.waiting == ((at("09:50"), at("10:00")),)
    assert facts.handling_s == 900


def test_held_and_resumed_ticket_is_one_service_at_its_window() -> None:
    window = tally_sessions([read(HELD)], "window", LIMIT_S)
    assert window == {"1": one_call(600, done=1, handling_count=1, handling_total_s=900)}
    ticket = by_day([read(HELD)])["2026-11-23"]
    assert (ticket.calls, ticket.handling_count, ticket.handling_total_s) == (1, 1, 900)


# -- no-show, reinstated, served --------------------------------------------------------------

REINSTATED = trail(
    "done",
    issued("09:00"),
    step("call", "09:10", 1, 11),
    step("recall", "09:12", 1, 11),
    step("no_show", "09:15", 1, 11),
    step("reinstate", "09:40", None, 13),
    step("call", "09:50", 2, 12),
    step("finish", "10:00", 2, 12),
)


def test_second_wait_starts_at_the_reinstatement_and_no_show_time_is_not_handling() -> None:
    facts = read(REINSTATED)
    assert facts.waiting == ((at("09:00"), at("09:10")), (at("09:40"), at("09:50")))
    assert facts.sessions == (
        Session(1, 11, wait_s=600, handling_s=300, recalls=1, ended="no_show"),
        Session(2, 12, wait_s=600, handling_s=600, recalls=0, ended="finish"),
    )
    assert facts.handling_s == 600
    assert facts.outcome == "done"


def test_no_show_counts_at_the_window_but_not_as_the_tickets_outcome() -> None:
    windows = tally_sessions([read(REINSTATED)], "window", LIMIT_S)
    assert windows["1"] == one_call(600, recalls=1, no_show=1)
    assert (windows["2"].done, windows["2"].handling_total_s) == (1, 600)
    ticket = by_day([read(REINSTATED)])["2026-11-23"]
    assert (ticket.done, ticket.no_show, ticket.calls, ticket.wait_total_s) == (1, 0, 2, 1200)
    assert (ticket.handling_count, ticket.handling_total_s) == (1, 600)


def test_no_show_not_reinstated_is_the_tickets_outcome() -> None:
    facts = read(
        trail(
            "no_show",
            issued("09:00"),
            step("call", "09:10", 1, 11),
            step("no_show", "09:15", 1, 11),
        )
    )
    assert facts.outcome == "no_show"
    assert by_day([facts])["2026-11-23"].no_show == 1


# -- abandoned: cancelled or closed --------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "ender"),
    [("cancelled", step("cancel", "09:30")), ("closed", step("close", "17:30"))],
)
def test_ticket_given_up_while_waiting_is_abandoned_without_a_wait(state: str, ender: Step) -> None:
    facts = read(trail(state, issued("09:00"), ender))
    assert facts.outcome == "abandoned"
    assert facts.sessions == ()
    assert facts.waiting == ((at("09:00"), ender.at),)  # it did wait, for the peak queue
    assert by_day([facts])["2026-11-23"] == Tally(issued=1, abandoned=1)


def test_closed_while_serving_counts_its_wait_but_not_its_time_as_handling() -> None:
    facts = read(
        trail(
            "closed",
            issued("09:00"),
            step("call", "09:10", 1, 11),
            step("start", "09:11", 1, 11),
            step("close", "17:30"),
        )
    )
    assert facts.outcome == "abandoned"
    assert [s.ended for s in facts.sessions] == ["close"]
    assert facts.handling_s == 0
    assert tally_sessions([facts], "window", LIMIT_S) == {"1": one_call(600)}
    assert by_day([facts])["2026-11-23"] == one_call(600, issued=1, called=1, abandoned=1)


# -- still open --------------------------------------------------------------------------------


def test_ticket_still_waiting_is_open_with_an_open_span() -> None:
    facts = read(trail("waiting", issued("09:00")))
    assert (facts.outcome, facts.sessions) == ("open", ())
    assert facts.waiting == ((at("09:00"), None),)
    assert by_day([facts])["2026-11-23"] == Tally(issued=1, open=1)


def test_ticket_still_called_is_open_and_its_session_handled_nothing() -> None:
    facts = read(trail("called", issued("09:00"), step("call", "09:10", 1, 11)))
    assert facts.outcome == "open"
    assert facts.sessions == (Session(1, 11, wait_s=600, handling_s=0, recalls=0, ended=""),)
    assert tally_sessions([facts], "window", LIMIT_S) == {"1": one_call(600)}
    assert by_day([facts])["2026-11-23"] == one_call(600, issued=1, called=1, open=1)


# -- the wait limit and clocks ---------------------------------------------------------------


@pytest.mark.parametrize(("called", "over"), [("09:29:59", 0), ("09:30", 0), ("09:30:01", 1)])
def test_wait_over_the_limit_is_strictly_longer_than_it(called: str, over: int) -> None:
    facts = read(trail("called", issued("09:00"), step("call", called, 1, 11)))
    assert tickets_in_one_row([facts], LIMIT_S).over_limit == over
    assert sessions_in_one_row([facts], LIMIT_S).over_limit == over


def test_step_timed_before_the_previous_one_counts_zero_not_negative() -> None:
    facts = read(
        trail(
            "done",
            issued("09:10"),
            step("call", "09:09:58", 1, 11),
            step("finish", "09:09:50", 1, 11),
        )
    )
    assert facts.sessions == (Session(1, 11, wait_s=0, handling_s=0, recalls=0, ended="finish"),)
    assert seconds(at("09:00:01"), at("09:00")) == 0
    assert seconds(at("09:00"), at("09:00:01")) == 1


# -- offline walk-ins (应急号) -----------------------------------------------------------------


def test_emergency_steps_from_the_central_columns() -> None:
    t0, t1, t2 = at("09:00"), at("09:05"), at("09:20")
    assert emergency_steps(t0, None, None, 3) == (Step("issue", t0),)
    assert emergency_steps(t0, t1, None, 3) == (Step("issue", t0), Step("call", t1, 3))
    assert emergency_steps(t0, t1, t2, 3) == (
        Step("issue", t0),
        Step("call", t1, 3),
        Step("finish", t2, 3),
    )


def test_emergency_ticket_counts_at_its_window_and_for_nobody_among_clerks() -> None:
    steps = emergency_steps(at("09:00"), at("09:05"), at("09:20"), 3)
    facts = read(Trail(7, DAY, 1, "done", steps[0].at, steps))
    served = one_call(300, done=1, handling_count=1, handling_total_s=900)
    assert tally_sessions([facts], "window", LIMIT_S) == {"3": served}
    assert tally_sessions([facts], "staff", LIMIT_S) == {"": served}


# -- totals --------------------------------------------------------------------------------


def test_every_tally_field_but_the_longest_wait_is_summed_into_the_total() -> None:
    assert set(ADDITIVE) == set(SUMS) == {f.name for f in fields(Tally)} - {"wait_max_s"}
    rows = [Tally(**dict.fromkeys(SUMS, 1), wait_max_s=7), Tally(calls=2, wait_max_s=5)]
    assert tally_total(rows) == Tally(**dict.fromkeys(SUMS, 1) | {"calls": 3}, wait_max_s=7)
    assert tally_total([]) == Tally()


# -- keys ---------------------------------------------------------------------------------------


def test_hour_key_is_the_issue_hour_in_the_halls_zone() -> None:
    one = Trail(1, DAY, 4, "waiting", datetime(2026, 11, 23, 1, 30, tzinfo=UTC), ())
    assert ticket_key("hour", SHANGHAI)(one) == "09"
    assert ticket_key("hour", UTC)(one) == "01"
    assert ticket_key("category", SHANGHAI)(one) == "4"


def test_day_key_is_the_service_day_not_the_utc_date() -> None:
    early = at("07:30")  # 23:30 UTC the day before
    assert early.date() == DAY - timedelta(days=1)
    assert ticket_key("day", SHANGHAI)(Trail(1, DAY, 1, "waiting", early, ())) == "2026-11-23"


def test_ticket_key_refuses_a_session_grouping() -> None:
    with pytest.raises(ValueError, match="window"):
        ticket_key("window", SHANGHAI)


# -- checks --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), None),
        (date(2026, 1, 2), date(2026, 1, 1), "queue_stats.period_reversed"),
        (date(2028, 1, 1), date(2028, 12, 31), None),  # 366 days counting both ends
        (date(2026, 1, 1), date(2027, 1, 1), None),  # 366 days
        (date(2026, 1, 1), date(2027, 1, 2), "queue_stats.period_too_long"),  # 367 days
        (date(2028, 1, 1), date(2029, 1, 1), "queue_stats.period_too_long"),  # 367 days
    ],
)
def test_period_covers_at_most_366_days_counting_both_ends(
    start: date, end: date, problem: str | None
) -> None:
    assert check_period(start, end) == problem


@pytest.mark.parametrize(("minutes", "ok"), [(0, False), (1, True), (480, True), (481, False)])
def test_wait_limit_is_one_minute_to_eight_hours(minutes: int, ok: bool) -> None:
    assert check_wait_limit(minutes) is ok

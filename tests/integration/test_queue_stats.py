"""叫号统计 (QueueStatsService) on SQLite, PostgreSQL and MariaDB: one morning at the demo
hall played through the real queue service, then read back by day, hour, category, window
and clerk, each figure known to the second, the rows adding up to the total; the day-end
close, the CSV, the refusals.

The morning (Monday 2026-11-23, the hall's clock; window 1 is 1001's, window 3 is 1003's):

    09:00 A001, 09:01 A002, 09:02 B001 issued
    09:10 w1 calls A001 (waited 10 min); 09:12 recalls; 09:15 starts; 09:25 transfers it to B
    09:40 w3 calls A001 (15 min since the transfer); 09:50 finishes it and calls B001 (48 min)
    09:55 w3: B001 no-show; 10:00 w1 calls A002 (59 min); 10:05 holds it
    10:10 B001 reinstated; 10:20 w3 calls B001 (10 min); 10:30 w1 resumes A002; 10:35 finishes
    10:35 C001 issued; 10:40 w3 finishes B001; 10:45 C001 cancelled; 10:50 A003 issued

Waits: 10 + 15 + 48 + 59 + 10 = 142 min over 5 calls, two over 30 minutes. Handling: A001 15
(w1) + 10 (w3), A002 5 + 5 (w1, around the hold), B001 20 (w3, the no-show's 5 not counted).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from desk_client.services.dto_queue_stats import QueueReport, QueueStatRow
from tests.integration.inquiry_helpers import login

MONDAY = date(2026, 11, 23)
ADDITIVE = (
    "calls", "recalls", "done", "no_show", "transferred", "wait_count", "wait_total_s",
    "over_limit", "handling_count", "handling_total_s",
)  # fmt: skip
TICKET_ADDITIVE = ("issued", "called", "abandoned", "open")


def at(services: Services, hour: int, minute: int) -> None:
    clock = services.clock
    assert isinstance(clock, FakeClock)
    clock.set(clock.now().replace(hour=hour - 8, minute=minute, second=0))  # 09:00 is 01:00 UTC


def a_morning(services: Services) -> None:
    q = services.queue
    one, three = login(services, "1001", 1).staff_id, login(services, "1003", 3).staff_id
    made: list[int] = []
    for minute, category in ((0, "A"), (1, "A"), (2, "B")):
        at(services, 9, minute)
        q.issue_ticket(category)
    steps = (
        (9, 10, lambda: q.call_next(1, one)),
        (9, 12, lambda: q.recall(1, one)),
        (9, 15, lambda: q.start(1, one)),
        (9, 25, lambda: q.transfer(1, one, category_code="B")),
        (9, 40, lambda: q.call_next(3, three)),
        (9, 50, lambda: q.finish_and_call_next(3, three)),
        (9, 55, lambda: q.no_show(3, three)),
        (10, 0, lambda: q.call_next(1, one)),
        (10, 5, lambda: q.hold(1, one)),
        (10, 10, lambda: q.reinstate("B001", one)),
        (10, 20, lambda: q.call_next(3, three)),
        (10, 30, lambda: q.resume(1, one, held_id(services, 1))),
        (10, 35, lambda: q.finish(1, one)),
        (10, 35, lambda: made.append(q.issue_ticket("C").ticket.id)),
        (10, 40, lambda: q.finish(3, three)),
        (10, 45, lambda: q.cancel(made[0], one)),
        (10, 50, lambda: q.issue_ticket("A")),
    )
    for hour, minute, step in steps:
        at(services, hour, minute)
        step()


def held_id(services: Services, window: int) -> int:
    return services.queue.window_state(window).held[0].id


@pytest.fixture
def morning(services: Services) -> Services:
    a_morning(services)
    return services


def figures(row: QueueStatRow) -> dict[str, object]:
    names = ("issued", "called", *ADDITIVE, "abandoned", "open", "wait_max_s", "peak_waiting")
    return {name: getattr(row, name) for name in names}


def assert_adds_up(report: QueueReport) -> None:
    names = ADDITIVE + (TICKET_ADDITIVE if report.by in ("day", "hour", "category") else ())
    for name in names:
        assert sum(getattr(row, name) for row in report.rows) == getattr(report.total, name), name
    assert max(row.wait_max_s for row in report.rows) == report.total.wait_max_s


def test_the_day_counts_each_ticket_once_and_each_wait_to_the_second(morning: Services) -> None:
    report = morning.queue_stats.report(MONDAY, MONDAY)
    assert [row.label for row in report.rows] == ["2026-11-23 周一"]
    assert figures(report.rows[0]) == {
        **{
            "issued": 5,
            "called": 3,
            "calls": 5,
            "recalls": 1,
            "done": 3,
            "no_show": 0,
            "transferred": 1,
        },
        **{"wait_count": 5, "wait_total_s": 142 * 60, "over_limit": 2, "handling_count": 3},
        **{"handling_total_s": 55 * 60, "abandoned": 1, "open": 1, "wait_max_s": 59 * 60},
        "peak_waiting": 3,
    }
    assert report.rows[0].wait_avg_s == pytest.approx(142 * 60 / 5)
    assert report.total == replace(report.rows[0], key="", label="合计")


def test_by_window_each_window_counts_its_own_part(morning: Services) -> None:
    report = morning.queue_stats.report(MONDAY, MONDAY, "window")
    assert [row.label for row in report.rows] == ["1号窗口", "3号窗口"]
    one, three = report.rows
    assert (one.calls, one.recalls, one.done, one.transferred, one.no_show) == (2, 1, 1, 1, 0)
    assert (one.wait_total_s, one.handling_count, one.handling_total_s) == (69 * 60, 2, 25 * 60)
    assert (three.calls, three.done, three.no_show, three.transferred) == (3, 2, 1, 0)
    assert (three.wait_total_s, three.handling_count, three.handling_total_s) == (
        73 * 60,
        2,
        30 * 60,
    )
    assert (one.issued, one.abandoned, one.peak_waiting) == (None, None, None)
    assert_adds_up(report)


def test_by_staff_names_the_clerks_and_agrees_with_the_windows(morning: Services) -> None:
    by_staff = morning.queue_stats.report(MONDAY, MONDAY, "staff")
    by_window = morning.queue_stats.report(MONDAY, MONDAY, "window")
    assert [row.label.split()[0] for row in by_staff.rows] == ["1001", "1003"]
    for clerk, window in zip(by_staff.rows, by_window.rows, strict=True):
        assert figures(clerk) == figures(window)
    assert_adds_up(by_staff)


def test_by_hour_and_category_the_rows_add_up_to_the_day(morning: Services) -> None:
    day = morning.queue_stats.report(MONDAY, MONDAY).total
    hours = morning.queue_stats.report(MONDAY, MONDAY, "hour")
    assert [(row.label, row.issued) for row in hours.rows] == [
        ("09:00–10:00", 3),
        ("10:00–11:00", 2),
    ]
    categories = morning.queue_stats.report(MONDAY, MONDAY, "category")
    # A001 ended the day in B, where it was transferred.
    assert [(row.label, row.issued, row.done) for row in categories.rows] == [
        ("A 综合受理", 2, 1),
        ("B 社保医保", 2, 2),
        ("C 不动产登记", 1, 0),
    ]
    for report in (hours, categories):
        assert_adds_up(report)
        assert figures(report.total) == figures(day)


def test_the_day_end_close_turns_the_waiting_ticket_abandoned(morning: Services) -> None:
    clock = morning.clock
    assert isinstance(clock, FakeClock)
    clock.set(clock.now() + timedelta(days=1))
    morning.queue.close_previous_days()
    total = morning.queue_stats.report(MONDAY, MONDAY).total
    assert (total.abandoned, total.open, total.wait_count) == (2, 0, 5)
    assert (
        morning.queue_stats.report(MONDAY + timedelta(days=1), MONDAY + timedelta(days=1)).rows
        == ()
    )


def test_the_wait_limit_decides_what_is_over(morning: Services) -> None:
    assert morning.queue_stats.report(MONDAY, MONDAY, "day", 48).total.over_limit == 1
    assert morning.queue_stats.report(MONDAY, MONDAY, "day", 47).total.over_limit == 2
    assert morning.queue_stats.report(MONDAY, MONDAY, "day", 60).total.over_limit == 0


def test_the_csv_has_the_bom_the_header_the_rows_and_the_total(morning: Services) -> None:
    stats = morning.queue_stats
    report = stats.report(MONDAY, MONDAY, "window")
    lines = stats.csv_text(report).splitlines()
    assert lines[0] == (
        "\ufeff窗口,叫号次数,重呼,办结,过号,转移,平均等候(分),最长等候(分),等候超时,超时率,平均办理(分)"
    )
    assert lines[1].split(",")[:3] == ["1号窗口", "2", "1"]
    assert lines[-1] == "合计,5,1,3,1,1,28.4,59.0,2,40.0%,13.8"
    day = stats.csv_text(stats.report(MONDAY, MONDAY)).splitlines()
    assert day[0].startswith("\ufeff日期,取号,已叫号,叫号次数") and day[0].endswith(",最高排队")


@pytest.mark.parametrize(
    "case",
    [
        (MONDAY, MONDAY - timedelta(days=1), "day", 30, "queue_stats.period_reversed"),
        (MONDAY, MONDAY + timedelta(days=366), "day", 30, "queue_stats.period_too_long"),
        (MONDAY, MONDAY, "month", 30, "queue_stats.by"),
        (MONDAY, MONDAY, "day", 0, "queue_stats.wait_limit"),
        (MONDAY, MONDAY, "day", 481, "queue_stats.wait_limit"),
    ],
)
def test_a_bad_request_is_refused_in_words(
    services: Services, case: tuple[date, date, str, int, str]
) -> None:
    start, end, by, limit, code = case
    with pytest.raises(DeskError) as refused:
        services.queue_stats.report(start, end, by, limit)
    assert refused.value.code == code
    assert "统计" in refused.value.message("zh_CN") or "超时" in refused.value.message("zh_CN")


def test_a_year_is_allowed_and_an_empty_period_has_a_zero_total(services: Services) -> None:
    report = services.queue_stats.report(MONDAY, MONDAY + timedelta(days=365))
    assert report.rows == ()
    assert (report.total.issued, report.total.wait_avg_s, report.total.peak_waiting) == (
        0,
        None,
        None,
    )

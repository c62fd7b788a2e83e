"""The appointments file (core.appointments_csv): every booking read, every problem by line."""

from __future__ import annotations

from datetime import date, time

from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.appointments_csv import (
    ImportedAppointment,
    parse_appointments_csv,
    parse_period,
)
from desk_client.core.messages import MESSAGES

CATEGORIES = {"A": "A", "B": "B", "综合业务": "A", "公积金业务": "B"}


def _problems(text: str) -> list[tuple[int, str]]:
    _, problems = parse_appointments_csv(text, CATEGORIES)
    return [(p.line, p.code) for p in problems]


def test_a_platform_export_in_chinese_is_read_with_its_codes() -> None:
    text = (
        "\ufeff预约码,日期,时段,业务,姓名,电话\n"
        "wx20261128001,2026-11-28,10:00-10:30,公积金业务,张三,138 0013 8000\n"
        ",2026/11/28,14:00,A, 李四 ,\n"
    )
    rows, problems = parse_appointments_csv(text, CATEGORIES)
    assert problems == ()
    assert rows == (
        ImportedAppointment(
            2, "WX20261128001", date(2026, 11, 28), time(10), time(10, 30), "B", "张三",
            "13800138000",
        ),
        ImportedAppointment(3, "", date(2026, 11, 28), time(14), None, "A", "李四", ""),
    )  # fmt: skip


def test_english_headers_in_any_order() -> None:
    text = "name,category,time,day\nZhang San,B,09:30～10:00,2026-12-01\n"
    rows, problems = parse_appointments_csv(text, CATEGORIES)
    assert problems == ()
    assert [(r.name, r.category, r.start, r.end) for r in rows] == [
        ("Zhang San", "B", time(9, 30), time(10))
    ]


def test_every_problem_is_reported_with_its_line_and_nothing_is_kept_from_a_bad_row() -> None:
    text = (
        "预约码,日期,时段,业务,姓名,电话\n"
        "P1,2026-02-30,10:00,A,张三,\n"  # no such day
        "P2,2026-11-28,25:00,A,张三,\n"  # no such time
        "P3,2026-11-28,10:30-10:00,A,张三,\n"  # ends before it starts
        "P4,2026-11-28,10:00,Z,张三,\n"  # no such category
        "P5,2026-11-28,10:00,A,,\n"  # no name
        "P6,2026-11-28,10:00,A,张三,12ab\n"  # not a phone
        "P/7,2026-11-28,10:00,A,张三,\n"  # a code with a slash
        "YY261128001,2026-11-28,10:00,A,张三,\n"  # the hall's own pattern
        "P9,2026-11-28,10:00,A,张三,\n"
        "p9,2026-11-28,11:00,A,李四,\n"  # the same code again (case does not matter)
    )
    assert _problems(text) == [
        (2, "roster_csv.bad_date"),
        (3, "appointment_csv.bad_time"),
        (4, "appointment_csv.bad_time"),
        (5, "appointment_csv.category"),
        (6, "appointment_csv.bad_name"),
        (7, "appointment_csv.bad_phone"),
        (8, "appointment_csv.bad_code"),
        (9, "appointment_csv.own_code"),
        (11, "appointment_csv.code_twice"),
    ]


def test_a_file_without_the_needed_columns_or_rows_says_so() -> None:
    assert _problems("日期,姓名\n2026-11-28,张三\n") == [
        (1, "roster_csv.header"),
        (1, "roster_csv.header"),
    ]
    assert _problems("日期,时段,业务,姓名\n") == [(0, "roster_csv.empty")]


def test_every_problem_reads_in_both_languages() -> None:
    text = (
        "预约码,日期,时段,业务,姓名,电话\n"
        "P1,2026-11-28,25:00,Z,,12ab\nYY261128001,2026-11-28,10:00,A,张三,\n"
        "P/7,2026-11-28,10:00,A,张三,\nQ,2026-11-28,10:00,A,张三,\nQ,2026-11-28,10:00,A,张三,\n"
        "R,2026-11-28,10:00,A,张三,12ab\n"
    )
    _, problems = parse_appointments_csv(text, CATEGORIES)
    assert {p.code for p in problems} >= {
        "appointment_csv.bad_time", "appointment_csv.category", "appointment_csv.bad_name",
        "appointment_csv.bad_phone", "appointment_csv.own_code", "appointment_csv.bad_code",
        "appointment_csv.code_twice",
    }  # fmt: skip
    for problem in problems:
        assert problem.code in MESSAGES
        zh, en = problem.message("zh_CN"), problem.message("en")
        assert str(problem.line) in zh and str(problem.line) in en
        assert "{" not in zh + en


@given(st.integers(0, 23), st.integers(0, 59), st.integers(1, 600), st.sampled_from("-–~～至"))
def test_a_period_reads_back_as_written(hour: int, minute: int, length: int, dash: str) -> None:
    start = time(hour, minute)
    end_minutes = hour * 60 + minute + length
    text = f"{hour}:{minute:02d}"
    assert parse_period(text) == (start, None)
    if end_minutes < 24 * 60:
        end = time(end_minutes // 60, end_minutes % 60)
        assert parse_period(f"{text} {dash} {end:%H:%M}") == (start, end)
        assert parse_period(f"{end:%H:%M}{dash}{text}") is None

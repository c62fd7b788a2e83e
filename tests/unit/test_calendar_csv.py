"""The calendar file (desk-admin calendar import) and the lines of `calendar deadline`."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.calendar_csv import (
    CalendarProblem,
    deadline_lines,
    parse_calendar_csv,
    parse_day,
)
from desk_client.core.workdays import WorkCalendar

CAL = WorkCalendar()

# The 2026 notice (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04), as a supervisor
# would type the start of it.
NOTICE_2026 = """date,working,reason
2026-01-01,0,元旦
2026-01-02,0,元旦
2026-01-03,0,元旦
2026-01-04,1,元旦调休上班
2026-02-14,1,春节调休上班
"""


def codes(problems: tuple[CalendarProblem, ...]) -> list[tuple[int, str]]:
    return [(problem.line, problem.code) for problem in problems]


def test_a_good_file() -> None:
    days, problems = parse_calendar_csv(NOTICE_2026)
    assert problems == ()
    assert days[date(2026, 1, 1)] == (False, "元旦")
    assert days[date(2026, 1, 4)] == (True, "元旦调休上班")
    assert len(days) == 5


def test_chinese_header_values_and_column_order() -> None:
    text = "\ufeff说明,日期,是否上班\n春节,2027年2月6日,休\n调休,2027/2/20,上班\n,20270101,否\n"
    days, problems = parse_calendar_csv(text)
    assert problems == ()
    assert days == {
        date(2027, 2, 6): (False, "春节"),
        date(2027, 2, 20): (True, "调休"),
        date(2027, 1, 1): (False, ""),
    }


@pytest.mark.parametrize(
    ("value", "working"),
    [("1", True), ("0", False), ("TRUE", True), ("false", False), ("是", True), ("否", False),
     ("上班", True), ("休息", False), ("班", True), ("休", False), (" 1 ", True)],
)  # fmt: skip
def test_working_values(value: str, working: bool) -> None:
    days, problems = parse_calendar_csv(f"date,working\n2027-01-01,{value}\n")
    assert problems == () and days == {date(2027, 1, 1): (working, "")}


def test_every_problem_is_reported_with_its_line_and_no_day_is_kept_silently() -> None:
    text = (
        "date,working,reason\n"
        "2027-13-01,0,bad month\n"  # line 2
        "2027-01-02,maybe,\n"  # line 3
        "\n"  # line 4: blank, skipped
        "2027-01-03,1,a\n"  # line 5
        "2027-01-03,是,same meaning again\n"  # line 6: fine
        "2027-01-03,0,contradiction\n"  # line 7
        "yesterday,x\n"  # line 8: two problems
    )
    days, problems = parse_calendar_csv(text)
    assert codes(problems) == [
        (2, "calendar_csv.bad_date"),
        (3, "calendar_csv.bad_working"),
        (7, "calendar_csv.conflict"),
        (8, "calendar_csv.bad_date"),
        (8, "calendar_csv.bad_working"),
    ]
    assert days[date(2027, 1, 3)] == (True, "a")
    conflict = problems[2].message("en")
    assert "Line 7" in conflict and "2027-01-03" in conflict and "line 5" in conflict
    assert "第 2 行" in problems[0].message("zh_CN") and "2027-13-01" in problems[0].message()
    assert "maybe" in problems[1].message("en")


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff", "date,working,reason\n", " , \n"])
def test_an_empty_file_is_refused(text: str) -> None:
    days, problems = parse_calendar_csv(text)
    assert days == {} and codes(problems) == [(0, "calendar_csv.empty")]
    assert "no days" in problems[0].message("en")


def test_a_header_without_the_needed_columns() -> None:
    days, problems = parse_calendar_csv("2027-01-01,0,元旦\n2027-01-02,0,元旦\n")
    assert days == {}
    assert codes(problems) == [(1, "calendar_csv.header"), (1, "calendar_csv.header")]
    assert "'date'" in problems[0].message("en") and "'working'" in problems[1].message("en")


def test_any_line_ending_and_a_file_csv_cannot_read() -> None:
    days, problems = parse_calendar_csv("date,working\r2027-01-01,0\r\n2027-01-02,是\n")
    assert problems == () and sorted(days) == [date(2027, 1, 1), date(2027, 1, 2)]
    days, problems = parse_calendar_csv('date,working\n"' + "x" * 200_000)
    assert days == {} and codes(problems) == [(0, "calendar_csv.unreadable")]
    assert "field limit" in problems[0].message("en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2027-01-01", date(2027, 1, 1)), ("2027/1/9", date(2027, 1, 9)),
     ("2027.10.01", date(2027, 10, 1)), ("2027年10月1日", date(2027, 10, 1)),
     ("20271001", date(2027, 10, 1)), ("2027-02-29", None), ("27-01-01", None),
     ("2027-1-1x", None), ("", None), ("١٢٣٤-01-01", None)],
)  # fmt: skip
def test_parse_day(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


@settings(max_examples=80)
@given(st.text(max_size=80))
def test_any_text_gives_days_or_problems_never_an_exception(text: str) -> None:
    days, problems = parse_calendar_csv(text)
    assert problems or days
    assert all(problem.message("en") and problem.message("zh_CN") for problem in problems)


# desk-admin calendar deadline ----------------------------------------------------------------


def test_deadline_lines_answer_line_by_line() -> None:
    lines = [
        "accepted,limit,pauses",
        "2025-09-30,5",
        "",
        "2025-09-30,5,2025-10-10:2025-10-11",
        " 2025-09-30 , 5 , 2025-10-09:2025-10-09; 2025-10-13:2025-10-13 ",
        "2025-09-30,5,2025-10-14:",
        "2025-09-30,5,2025-10-15:",
        "2025-10-01,0",
        "2026-12-20,20",
    ]
    out, ok = deadline_lines(lines, CAL)
    assert out == [
        "2025-10-14",
        "2025-10-16",
        "2025-10-16",
        "open",
        "2025-10-14",
        "2025-10-01",
        "error: 2027 working-day calendar missing",
    ]
    assert ok is False
    assert deadline_lines(lines[:-1], CAL) == (out[:-1], True)


def test_deadline_lines_with_an_imported_2027() -> None:
    imported = WorkCalendar({date(2027, 1, 1): False}, frozenset({2027}))
    assert deadline_lines(["2026-12-18,20\n"], imported) == (["2027-01-18"], True)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("2025-13-01,5", "bad date '2025-13-01'"),
        ("30/09/2025,5", "bad date '30/09/2025'"),
        ("2025-09-30,five", "limit must be a whole number"),
        ("2025-09-30,2.5", "limit must be a whole number"),
        ("2025-09-30,", "limit must be a whole number"),
        ("2025-09-30,-1", "limit must be between 0 and 365"),
        ("2025-09-30,400", "limit must be between 0 and 365"),
        ("2025-09-30", "expected accepted,limit[,pauses]"),
        ("2025-09-30,5,x,y", "expected accepted,limit[,pauses]"),
        ("2025-09-30,5,2025-10-09", "bad pause '2025-10-09' (expected start:end)"),
        ("2025-09-30,5,2025-10-09:tomorrow", "bad date 'tomorrow'"),
        ("2025-09-30,5,2025-10-10:2025-10-09", "the special step ends on 2025-10-09, before it "
         "starts on 2025-10-10"),
        ("2025-09-30,5,2025-10-09:2025-10-13;2025-10-13:", "the special step from 2025-10-09 to "
         "2025-10-13 overlaps the one starting on 2025-10-13"),
        ("2025-09-30,5,2025-09-29:2025-10-09", "the special step starts on 2025-09-29, before "
         "the case was accepted on 2025-09-30"),
    ],
)  # fmt: skip
def test_deadline_lines_explain_each_error_in_english(line: str, reason: str) -> None:
    assert deadline_lines([line, "2025-09-30,5"], CAL) == (
        [f"error: {reason}", "2025-10-14"],
        False,
    )


def test_nothing_to_do_is_all_right() -> None:
    assert deadline_lines(["", "  "], CAL) == ([], True)


@settings(max_examples=80)
@given(st.lists(st.text(alphabet="0123456789-,:; abc", max_size=40), max_size=5))
def test_any_input_gives_one_answer_per_data_line(lines: list[str]) -> None:
    out, ok = deadline_lines(lines, CAL)
    data = [line for line in lines if line.strip() and not line.strip().startswith("accepted")]
    assert len(out) == len(data)
    assert ok == all(not line.startswith("error: ") for line in out)

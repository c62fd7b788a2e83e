"""The roster file (排班, 5+2 weekends) and the hall directory's departments file: rows, and
every problem by its line."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.errors import DeskError
from desk_client.core.roster_csv import (
    CsvProblem,
    DepartmentRow,
    RosterRow,
    Shift,
    check_roster_day,
    open_windows,
    parse_departments_csv,
    parse_roster_csv,
    roster_csv_text,
    shifts_overlap,
)

STAFF = {"0001", "0002", "0003"}
WINDOWS = {1, 2, 3}
SAT = date(2026, 3, 7)


def codes(problems: tuple[CsvProblem, ...]) -> list[tuple[int, str]]:
    return [(problem.line, problem.code) for problem in problems]


def test_a_good_roster() -> None:
    text = (
        "\ufeffday,window,staff_no,shift\r\n"
        "2026-03-07,1,0001,day\r\n"
        "2026/3/7,02,0002,am\r\n"
        "\r\n"
        "2026-03-07,2号,0003,下午\r\n"
        "2026-03-08,3,0001,\r\n"
    )
    rows, problems = parse_roster_csv(text, STAFF, WINDOWS)
    assert problems == ()
    assert rows == (
        RosterRow(SAT, 1, "0001", Shift.DAY),
        RosterRow(SAT, 2, "0002", Shift.AM),
        RosterRow(SAT, 2, "0003", Shift.PM),
        RosterRow(SAT + timedelta(days=1), 3, "0001", Shift.DAY),
    )
    assert open_windows(rows, SAT) == (1, 2) and open_windows(rows, date(2026, 3, 9)) == ()


def test_chinese_headers_and_columns_in_any_order() -> None:
    text = "工号,班次,日期,窗口\n0001,上午,2026-03-07,1\n0001,下午,2026-03-07,2\n"
    rows, problems = parse_roster_csv(text, STAFF, WINDOWS)
    assert problems == () and [row.window for row in rows] == [1, 2]


def test_every_problem_with_its_line() -> None:
    text = (
        "day,window,staff_no,shift\n"
        "2026-02-30,1,0001,day\n"  # 2: bad date
        "2026-03-07,1,9999,day\n"  # 3: unknown staff
        "2026-03-07,7,0002,day\n"  # 4: unknown window
        "2026-03-07,x,0002,night\n"  # 5: unknown window, bad shift
        "2026-03-07,1,0003,am\n"  # 6: fine
        "2026-03-07,2,0003,day\n"  # 7: 0003 twice in overlapping shifts
        "2026-03-07,1,0003,am\n"  # 8: the same row again: one row
    )
    rows, problems = parse_roster_csv(text, STAFF, WINDOWS)
    assert codes(problems) == [
        (2, "roster_csv.bad_date"),
        (3, "roster_csv.unknown_staff"),
        (4, "roster_csv.unknown_window"),
        (5, "roster_csv.unknown_window"),
        (5, "roster_csv.bad_shift"),
        (7, "roster_csv.double_booked"),
    ]
    assert rows == (RosterRow(SAT, 1, "0003", Shift.AM),)
    double = problems[-1]
    assert double.message("en") == (
        "Line 7: 0003 is already on duty on 2026-03-07 (line 6) in an overlapping shift"
    )
    assert "第 7 行" in double.message("zh_CN") and "9999" in problems[1].message("zh_CN")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(0, "roster_csv.empty")]),
        ("day,window,staff_no,shift\n", [(0, "roster_csv.empty")]),
        ("day,staff_no\n2026-03-07,0001\n", [(1, "roster_csv.header")]),
        ('day,window,staff_no\n"' + "x" * 200_000, [(0, "roster_csv.unreadable")]),
    ],
)
def test_files_that_are_no_roster(text: str, expected: list[tuple[int, str]]) -> None:
    rows, problems = parse_roster_csv(text, STAFF, WINDOWS)
    assert rows == () and codes(problems) == expected
    assert all(problem.message("en") != problem.code for problem in problems)


def test_a_missing_column_is_named_in_both_spellings() -> None:
    _, problems = parse_roster_csv("日期,工号\n2026-03-07,0001\n", STAFF, WINDOWS)
    assert [problem.message("zh_CN") for problem in problems] == [
        "第 1 行（表头）缺少“window/窗口”列"
    ]


def test_shifts_overlap() -> None:
    assert shifts_overlap(Shift.AM, Shift.AM) and shifts_overlap(Shift.DAY, Shift.PM)
    assert not shifts_overlap(Shift.AM, Shift.PM) and not shifts_overlap(Shift.PM, Shift.AM)


@st.composite
def roster_rows(draw: st.DrawFn) -> list[tuple[int, str, str, str]]:
    """Rows (day offset, window, staff, shift) of staff known and unknown, windows too."""
    return draw(
        st.lists(
            st.tuples(
                st.integers(0, 2),
                st.sampled_from(["1", "2", "3", "9"]),
                st.sampled_from(["0001", "0002", "0003", "0404"]),
                st.sampled_from(["am", "pm", "day", "night"]),
            ),
            min_size=1,
            max_size=10,
        )
    )


@settings(max_examples=80)
@given(roster_rows())
def test_a_row_is_kept_or_its_line_has_a_problem(rows: list[tuple[int, str, str, str]]) -> None:
    text = "day,window,staff_no,shift\n" + "".join(
        f"{(SAT + timedelta(days=offset)).isoformat()},{window},{staff},{shift}\n"
        for offset, window, staff, shift in rows
    )
    kept, problems = parse_roster_csv(text, STAFF, WINDOWS)
    by_line = {problem.line: problem.code for problem in problems}
    for line, (offset, window, staff, shift) in enumerate(rows, start=2):
        valid = staff in STAFF and int(window) in WINDOWS and shift != "night"
        if not valid:
            assert line in by_line
        elif line in by_line:  # a good row refused only for a clash with an earlier one
            assert by_line[line] == "roster_csv.double_booked"
        else:
            day = SAT + timedelta(days=offset)
            assert RosterRow(day, int(window), staff, Shift(shift)) in kept
    for first in kept:  # nobody is on duty twice at once
        for second in kept:
            if first != second and (first.staff_no, first.day) == (second.staff_no, second.day):
                assert not shifts_overlap(first.shift, second.shift)
    assert all(row.staff_no in STAFF and row.window in WINDOWS for row in kept)


# Departments ---------------------------------------------------------------------------------


# A day's roster as the supervisor edits it ---------------------------------------------------


def test_an_edited_day_becomes_its_rows_each_once() -> None:
    entries = [(1, "0001", "am"), (1, "0002", "下午"), (2, "0003", "day"), (1, "0001", "AM")]
    assert check_roster_day(SAT, entries, STAFF, WINDOWS) == (
        RosterRow(SAT, 1, "0001", Shift.AM),
        RosterRow(SAT, 1, "0002", Shift.PM),
        RosterRow(SAT, 2, "0003", Shift.DAY),
    )
    assert check_roster_day(SAT, [], STAFF, WINDOWS) == ()  # a day cleared


@pytest.mark.parametrize(
    ("entries", "code", "named"),
    [
        ([(1, "0009", "am")], "roster.unknown_staff", "0009"),
        ([(7, "0001", "am")], "roster.unknown_window", "7"),
        ([(1, "0001", "night")], "roster.bad_shift", "night"),
        ([(1, "0001", "")], "roster.bad_shift", ""),  # the editor names a shift: no default
        ([(1, "0001", "am"), (2, "0001", "day")], "roster.double_booked", "0001"),
        ([(1, "0001", "pm"), (2, "0001", "pm")], "roster.double_booked", "0001"),
    ],
)
def test_a_bad_edit_names_its_problem(
    entries: list[tuple[int, str, str]], code: str, named: str
) -> None:
    with pytest.raises(DeskError) as caught:
        check_roster_day(SAT, entries, STAFF, WINDOWS)
    assert caught.value.code == code
    for language in ("zh_CN", "en"):
        message = caught.value.message(language)
        assert named in message and "{" not in message, message


def test_a_morning_and_an_afternoon_at_two_windows_are_no_clash() -> None:
    rows = check_roster_day(SAT, [(1, "0001", "am"), (2, "0001", "pm")], STAFF, WINDOWS)
    assert [row.window for row in rows] == [1, 2]


# The export, read back by the import ----------------------------------------------------------


def test_an_export_is_a_file_for_excel_in_the_hall_s_words() -> None:
    rows = [RosterRow(SAT, 1, "0001", Shift.DAY), RosterRow(SAT, 2, "0002", Shift.AM)]
    text = roster_csv_text(rows)
    assert (
        text == "\ufeff日期,窗口,工号,班次\r\n2026-03-07,1,0001,全天\r\n2026-03-07,2,0002,上午\r\n"
    )
    english = roster_csv_text(rows, "en")
    assert english.splitlines()[:2] == ["\ufeffday,window,staff_no,shift", "2026-03-07,1,0001,day"]
    assert roster_csv_text([]) == "\ufeff日期,窗口,工号,班次\r\n"  # a period nobody works


@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 20),
            st.sampled_from(sorted(WINDOWS)),
            st.sampled_from(sorted(STAFF)),
            st.sampled_from(list(Shift)),
        ),
        min_size=1,  # a header alone is no roster to import ("roster_csv.empty")
        max_size=12,
    ),
    language=st.sampled_from(["zh_CN", "en"]),
)
@settings(max_examples=60, deadline=None)
def test_an_export_reads_back_as_the_same_roster(
    rows: list[tuple[int, int, str, Shift]], language: str
) -> None:
    planned = check_roster_days(rows)
    text = roster_csv_text(planned, language)
    parsed, problems = parse_roster_csv(text, STAFF, WINDOWS)
    assert problems == () and set(parsed) == set(planned)


def check_roster_days(rows: list[tuple[int, int, str, Shift]]) -> list[RosterRow]:
    """The rows a roster may hold: each person once a day (an export only has such rows)."""
    kept: dict[tuple[date, str], RosterRow] = {}
    for offset, window, staff_no, shift in rows:
        day = SAT + timedelta(days=offset)
        kept.setdefault((day, staff_no), RosterRow(day, window, staff_no, shift))
    return list(kept.values())


def test_a_good_directory() -> None:
    text = (
        "名称,联系人,电话,地址\n"
        "市市场监督管理局,李科长,0591-87654321,鼓楼区五四路 1 号\n"
        " 市税务局 ,, 0591-12345678 ,\n"
    )
    rows, problems = parse_departments_csv(text)
    assert problems == ()
    assert rows == (
        DepartmentRow("市市场监督管理局", "李科长", "0591-87654321", "鼓楼区五四路 1 号"),
        DepartmentRow("市税务局", "", "0591-12345678", ""),
    )


def test_every_department_problem_with_its_line() -> None:
    text = (
        "name,contact,phone,address\n"
        ",张,13800138000,\n"  # 2: no name
        "税务局,张,110,\n"  # 3: not a phone
        "人社局,张,13800138000," + "址" * 201 + "\n"  # 4: address too long
        "医保局,张,13800138000,\n"  # 5: fine
        "医保局,王,13900139000,\n"  # 6: twice
    )
    rows, problems = parse_departments_csv(text)
    assert codes(problems) == [
        (2, "departments_csv.name"),
        (3, "departments_csv.phone"),
        (4, "departments_csv.too_long"),
        (6, "departments_csv.duplicate"),
    ]
    assert [row.name for row in rows] == ["医保局"]
    assert problems[-1].message("en") == "Line 6: department '医保局' already appears on line 5"
    assert problems[2].message("en") == "Line 4: the address may have at most 200 characters"
    assert problems[2].message("zh_CN") == "第 4 行：地址最多 200 个字"


def test_a_directory_without_its_columns() -> None:
    rows, problems = parse_departments_csv("name,contact\n税务局,张\n")
    assert rows == () and codes(problems) == [(1, "roster_csv.header")]
    assert "phone" in problems[0].message("en")

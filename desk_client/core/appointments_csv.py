"""The appointments file (预约导入, `desk-admin appointments import`): the bookings the
province's online platform (一网通办) took for the hall, exported as a table.

    code,day,time,category,name,phone             (or 预约码,日期,时段,业务,姓名,电话)
    WX20261128001,2026-11-28,10:00-10:30,B,张三,13800138000
    ,2026-11-28,14:00,A,李四,                      (no code: the hall gives one)

The platform's own code is kept: it is what the citizen's text message says, and what they
type or scan at the kiosk. A code of the hall's own pattern (YY261128007) is refused, since
the hall's next booking of that day could take it. A time without an end lasts one slot.
Every problem is reported with its line, all at once (core.roster_csv); the service adds
what needs the database (a day already past or closed, a code already taken) and imports
all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from desk_client.core.appointments import CODE_PREFIX, clean_person, read_code
from desk_client.core.calendar_csv import parse_day
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import shorten
from desk_client.core.roster_csv import CsvProblem, csv_problem, read_table, table_cell

COLUMNS = {
    "code": ("code", "预约码", "预约号", "预约编号"),
    "day": ("day", "date", "日期", "预约日期"),
    "time": ("time", "slot", "时间", "时段", "预约时段"),
    "category": ("category", "业务", "业务类别", "类别"),
    "name": ("name", "姓名", "预约人"),
    "phone": ("phone", "电话", "手机", "联系电话"),
}
REQUIRED = ("day", "time", "category", "name")
CODE_MAX = 32
_CODE_RE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
#: The hall's own codes (core.appointments.appointment_code): YY + yymmdd + 3 or more digits.
_OWN_CODE_RE = re.compile(rf"{CODE_PREFIX}\d{{9,}}")
_TIME_RE = re.compile(r"(\d{1,2})[:：](\d{2})(?:\s*[-–—~～至]\s*(\d{1,2})[:：](\d{2}))?")


@dataclass(frozen=True, slots=True)
class ImportedAppointment:
    """One booking of the file; ``end`` None: one slot long. ``code`` "" : the hall gives one."""

    line: int
    code: str
    day: date
    start: time
    end: time | None
    category: str
    name: str
    phone: str


def parse_appointments_csv(
    text: str, categories: Mapping[str, str]
) -> tuple[tuple[ImportedAppointment, ...], tuple[CsvProblem, ...]]:
    """The file's bookings and every problem in it (usable only when there are none).

    ``categories`` maps what a file may call a category (its code, A; its name, 公积金业务)
    to its code. A code twice in the file is a problem; so is one of the hall's own pattern.
    """
    rows, columns, problems = read_table(text, COLUMNS, REQUIRED)
    if problems:
        return (), problems
    found: list[CsvProblem] = []
    kept: list[ImportedAppointment] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        parsed = _row(line, row, columns, categories, found)
        if parsed is None:
            continue
        if parsed.code and parsed.code in first_line:
            found.append(_twice(parsed, first_line[parsed.code]))
            continue
        if parsed.code:
            first_line[parsed.code] = line
        kept.append(parsed)
    return tuple(kept), tuple(found)


def _twice(row: ImportedAppointment, first: int) -> CsvProblem:
    return csv_problem(row.line, "appointment_csv.code_twice", value=row.code, first_line=first)


def _row(
    line: int,
    row: Sequence[str],
    columns: Mapping[str, int],
    categories: Mapping[str, str],
    found: list[CsvProblem],
) -> ImportedAppointment | None:
    raw = {column: table_cell(row, columns, column) for column in COLUMNS}
    day = parse_day(raw["day"])
    if day is None:
        found.append(csv_problem(line, "roster_csv.bad_date", value=shorten(raw["day"])))
    period = parse_period(raw["time"])
    if period is None:
        found.append(csv_problem(line, "appointment_csv.bad_time", value=shorten(raw["time"])))
    category = categories.get(raw["category"].upper()) or categories.get(raw["category"])
    if category is None:
        found.append(csv_problem(line, "appointment_csv.category", value=shorten(raw["category"])))
    code = _code(line, raw["code"], found)
    person = _person(line, raw["name"], raw["phone"], found)
    if day is None or period is None or category is None or code is None or person is None:
        return None
    return ImportedAppointment(line, code, day, *period, category, *person)


def parse_period(text: str) -> tuple[time, time | None] | None:
    """10:00 or 10:00-10:30 (also 10：00, 10:00～10:30, 10:00至10:30); None when not a
    time of day, or when the end is not after the start."""
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute, end_hour, end_minute = match.groups()
    try:
        start = time(int(hour), int(minute))
        end = None if end_hour is None else time(int(end_hour), int(end_minute))
    except ValueError:
        return None
    if end is not None and end <= start:
        return None
    return start, end


def _code(line: int, text: str, found: list[CsvProblem]) -> str | None:
    code = read_code(text)
    if not code:
        return ""
    if len(code) > CODE_MAX or _CODE_RE.fullmatch(code) is None:
        found.append(
            csv_problem(line, "appointment_csv.bad_code", value=shorten(code), max=CODE_MAX)
        )
        return None
    if _OWN_CODE_RE.fullmatch(code):
        found.append(csv_problem(line, "appointment_csv.own_code", value=code))
        return None
    return code


def _person(line: int, name: str, phone: str, found: list[CsvProblem]) -> tuple[str, str] | None:
    try:
        return clean_person(name, phone)
    except DeskError as refused:
        params = {key: str(value) for key, value in refused.params.items()}
        found.append(csv_problem(line, f"appointment_csv.{refused.code.split('.')[-1]}", **params))
        return None

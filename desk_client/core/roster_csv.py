"""The roster file (排班, `desk-admin roster import`) and the hall directory's departments file
(`desk-admin departments import`).

    day,window,staff_no,shift          (or 日期,窗口,工号,班次)
    2026-03-07,1,0001,day              (a 5+2 Saturday: window 1 open all day)
    2026-03-07,2,0002,am

    name,contact,phone,address         (or 名称,联系人,电话,地址)
    市市场监督管理局,李科长,0591-87654321,鼓楼区五四路 1 号

Every problem is reported with its line (the header is line 1), all at once, so the file can
be fixed in one go; an import is all or nothing (services).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desk_client.core.calendar_csv import parse_day
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import check_phone, shorten
from desk_client.core.messages import translate


class Shift(StrEnum):
    AM = "am"  # 上午
    PM = "pm"  # 下午
    DAY = "day"  # 全天


SHIFT_VALUES = {
    **dict.fromkeys(("am", "上午"), Shift.AM),
    **dict.fromkeys(("pm", "下午"), Shift.PM),
    **dict.fromkeys(("day", "全天", "全日", ""), Shift.DAY),  # no shift given: the whole day
}
ROSTER_COLUMNS = {
    "day": ("day", "date", "日期"),
    "window": ("window", "窗口", "窗口号"),
    "staff_no": ("staff_no", "staff", "工号"),
    "shift": ("shift", "班次"),
}
DEPARTMENT_COLUMNS = {
    "name": ("name", "名称", "部门"),
    "contact": ("contact", "联系人"),
    "phone": ("phone", "电话"),
    "address": ("address", "地址"),
}
_WINDOW_RE = re.compile(r"0*([1-9][0-9]{0,3})(?:号|号窗口)?")
MAX_DEPARTMENT_NAME = 100
MAX_CONTACT = 100
MAX_ADDRESS = 200


def shifts_overlap(first: Shift, second: Shift) -> bool:
    """A whole day overlaps everything; a morning only a morning, an afternoon an afternoon."""
    return Shift.DAY in {first, second} or first is second


@dataclass(frozen=True, slots=True)
class RosterRow:
    day: date
    window: int
    staff_no: str
    shift: Shift


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    name: str
    contact: str
    phone: str
    address: str


@dataclass(frozen=True, slots=True)
class CsvProblem:
    """One thing wrong in a file: a message code, its parameters, and its line (0: the file
    as a whole)."""

    line: int
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, language: str = "zh_CN") -> str:
        return translate(self.code, language, line=self.line, **dict(self.params))


Rows = list[tuple[int, list[str]]]


def read_table(
    text: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str]
) -> tuple[Rows, dict[str, int], tuple[CsvProblem, ...]]:
    """The data rows with their lines, the column positions, and the file's own problems."""
    try:
        reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=None))
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        return [], {}, (CsvProblem(0, "roster_csv.unreadable", (("detail", str(error)),)),)
    if len(rows) < 2:  # a header and at least one row
        return [], {}, (CsvProblem(0, "roster_csv.empty"),)
    line, header = rows[0]
    names = [cell.strip().lower() for cell in header]
    found = {
        column: next(i for i, name in enumerate(names) if name in aliases)
        for column, aliases in columns.items()
        if any(name in aliases for name in names)
    }
    # Named in both spellings the header may use: day/日期.
    missing = tuple(
        csv_problem(line, "roster_csv.header", column=_both_spellings(columns[column]))
        for column in required
        if column not in found
    )
    return rows[1:], found, missing


def _both_spellings(aliases: tuple[str, ...]) -> str:
    chinese = next((alias for alias in aliases if not alias.isascii()), "")
    return f"{aliases[0]}/{chinese}" if chinese else aliases[0]


def table_cell(row: Sequence[str], columns: Mapping[str, int], column: str) -> str:
    index = columns.get(column)
    return row[index].strip() if index is not None and index < len(row) else ""


def csv_problem(line: int, code: str, **params: object) -> CsvProblem:
    return CsvProblem(line, code, tuple((key, str(value)) for key, value in params.items()))


# The roster ----------------------------------------------------------------------------------


def parse_roster_csv(
    text: str, staff: set[str], windows: set[int]
) -> tuple[tuple[RosterRow, ...], tuple[CsvProblem, ...]]:
    """The roster's rows and every problem in it (usable only when the problems are empty):
    a bad date, staff not among ``staff``, a window not among ``windows``, a bad shift, one
    person twice on a day in overlapping shifts. The same row twice is one row."""
    rows, columns, problems = read_table(text, ROSTER_COLUMNS, ("day", "window", "staff_no"))
    if problems:
        return (), problems
    found: list[CsvProblem] = []
    kept: dict[RosterRow, int] = {}
    for line, row in rows:
        parsed = _roster_row(line, row, columns, staff, windows, found=found)
        if parsed is not None:
            clash = _clash(parsed, kept)
            if clash is None:
                kept.setdefault(parsed, line)
            else:
                found.append(_double_booked(line, parsed, clash))
    return tuple(kept), tuple(found)


def _roster_row(
    line: int,
    row: Sequence[str],
    columns: Mapping[str, int],
    staff: set[str],
    windows: set[int],
    *,
    found: list[CsvProblem],
) -> RosterRow | None:
    raw = {column: table_cell(row, columns, column) for column in ROSTER_COLUMNS}
    day, shift = parse_day(raw["day"]), SHIFT_VALUES.get(raw["shift"].lower())
    match = _WINDOW_RE.fullmatch(raw["window"])
    window = int(match.group(1)) if match else None
    before = len(found)
    if day is None:
        found.append(csv_problem(line, "roster_csv.bad_date", value=shorten(raw["day"])))
    if raw["staff_no"] not in staff:
        found.append(csv_problem(line, "roster_csv.unknown_staff", value=shorten(raw["staff_no"])))
    if window is None or window not in windows:
        found.append(csv_problem(line, "roster_csv.unknown_window", value=shorten(raw["window"])))
    if shift is None:
        found.append(csv_problem(line, "roster_csv.bad_shift", value=shorten(raw["shift"])))
    if len(found) > before or day is None or window is None or shift is None:
        return None
    return RosterRow(day, window, raw["staff_no"], shift)


def _clash(row: RosterRow, kept: Mapping[RosterRow, int]) -> tuple[RosterRow, int] | None:
    """The kept row of the same person and day whose shift overlaps (an identical row is a
    repeat, not a clash)."""
    if row in kept:
        return None
    for other, line in kept.items():
        same = other.staff_no == row.staff_no and other.day == row.day
        if same and shifts_overlap(other.shift, row.shift):
            return other, line
    return None


def _double_booked(line: int, row: RosterRow, clash: tuple[RosterRow, int]) -> CsvProblem:
    return csv_problem(
        line,
        "roster_csv.double_booked",
        staff_no=row.staff_no,
        day=row.day.isoformat(),
        first_line=clash[1],
    )


def check_roster_day(
    day: date, entries: Sequence[tuple[int, str, str]], staff: set[str], windows: set[int]
) -> tuple[RosterRow, ...]:
    """A day's whole roster as a supervisor edits it: (window, staff_no, shift) each, checked
    by the import's rules (an active staff member, a window of the hall, a known shift, nobody
    twice in overlapping shifts); the rows, each once, or a DeskError naming the first
    problem (then nothing may be written)."""
    kept: dict[RosterRow, int] = {}
    for entry in entries:
        row = _entry_row(day, entry, staff, windows)
        if _clash(row, kept) is not None:
            raise DeskError("roster.double_booked", staff_no=row.staff_no, day=day.isoformat())
        kept.setdefault(row, 0)
    return tuple(kept)


def _entry_row(
    day: date, entry: tuple[int, str, str], staff: set[str], windows: set[int]
) -> RosterRow:
    window, staff_no, shift_text = entry
    shift = SHIFT_VALUES.get(shift_text.strip().lower()) if shift_text.strip() else None
    if staff_no not in staff:
        raise DeskError("roster.unknown_staff", staff_no=shorten(staff_no))
    if window not in windows:
        raise DeskError("roster.unknown_window", window=window)
    if shift is None:
        raise DeskError("roster.bad_shift", value=shorten(shift_text))
    return RosterRow(day, window, staff_no, shift)


#: An export's shift words: the Chinese the hall writes, or the import's English ones.
_SHIFT_WORDS = {
    "zh_CN": {Shift.AM: "上午", Shift.PM: "下午", Shift.DAY: "全天"},
    "en": {Shift.AM: "am", Shift.PM: "pm", Shift.DAY: "day"},
}


def roster_csv_text(rows: Sequence[RosterRow], language: str = "zh_CN") -> str:
    """``rows`` as a roster file that :func:`parse_roster_csv` reads back: the header and the
    shifts in ``language`` (日期,窗口,工号,班次 / day,window,staff_no,shift), UTF-8 with a BOM
    so that Excel opens the Chinese as Chinese; a roster is planned in a spreadsheet."""
    english = language.lower().startswith("en")
    words = _SHIFT_WORDS["en" if english else "zh_CN"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ("day", "window", "staff_no", "shift") if english else ("日期", "窗口", "工号", "班次")
    )
    for row in rows:
        writer.writerow([row.day.isoformat(), row.window, row.staff_no, words[row.shift]])
    return "\ufeff" + out.getvalue()


def open_windows(rows: Sequence[RosterRow], day: date) -> tuple[int, ...]:
    """The windows the roster opens on ``day``, sorted, each once."""
    return tuple(sorted({row.window for row in rows if row.day == day}))


# The hall directory's departments ----------------------------------------------------------------


def parse_departments_csv(
    text: str,
) -> tuple[tuple[DepartmentRow, ...], tuple[CsvProblem, ...]]:
    """The departments of a directory file and every problem in it: a name of 1..100
    characters, each once; a valid phone; contact and address within their lengths."""
    rows, columns, problems = read_table(text, DEPARTMENT_COLUMNS, ("name", "phone"))
    if problems:
        return (), problems
    found: list[CsvProblem] = []
    kept: dict[str, tuple[DepartmentRow, int]] = {}
    for line, row in rows:
        department = _department(line, row, columns, found)
        if department is None:
            continue
        if department.name in kept:
            first = kept[department.name][1]
            found.append(
                csv_problem(
                    line, "departments_csv.duplicate", name=department.name, first_line=first
                )
            )
            continue
        kept[department.name] = (department, line)
    return tuple(department for department, _ in kept.values()), tuple(found)


def _department(
    line: int, row: Sequence[str], columns: Mapping[str, int], found: list[CsvProblem]
) -> DepartmentRow | None:
    raw = {column: table_cell(row, columns, column) for column in DEPARTMENT_COLUMNS}
    before = len(found)
    if not 1 <= len(raw["name"]) <= MAX_DEPARTMENT_NAME:
        found.append(csv_problem(line, "departments_csv.name", max=MAX_DEPARTMENT_NAME))
    for column, maximum in (("contact", MAX_CONTACT), ("address", MAX_ADDRESS)):
        if len(raw[column]) > maximum:
            zh, en = DEPARTMENT_COLUMNS[column][1], column
            found.append(
                csv_problem(line, "departments_csv.too_long", column=zh, column_en=en, max=maximum)
            )
    try:
        phone = check_phone(raw["phone"])
    except DeskError:
        found.append(csv_problem(line, "departments_csv.phone", value=shorten(raw["phone"])))
    if len(found) > before:
        return None
    return DepartmentRow(raw["name"], raw["contact"], phone, raw["address"])

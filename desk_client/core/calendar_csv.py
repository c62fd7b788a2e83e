"""The calendar file of `desk-admin calendar import` and the lines of `calendar deadline`.

Each November the State Council publishes next year's holidays and make-up working days
(国务院办公厅关于××年部分节假日安排的通知); a supervisor types them into a CSV file:

    date,working,reason            (or 日期,是否上班,说明)
    2027-01-01,0,元旦
    2027-02-06,1,春节调休上班

Every problem is reported with its line (the header is line 1), all at once, so the file can
be fixed in one go; the import itself is all or nothing (services).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desk_client.core.deadlines import MAX_LIMIT, Pause, check_pauses, deadline
from desk_client.core.errors import DeskError
from desk_client.core.messages import translate
from desk_client.core.workdays import WorkCalendar

COLUMNS = {
    "date": ("date", "日期"),
    "working": ("working", "是否上班"),
    "reason": ("reason", "说明"),
}
WORKING_VALUES = {
    **dict.fromkeys(("1", "true", "yes", "是", "上班", "班"), True),
    **dict.fromkeys(("0", "false", "no", "否", "休息", "休"), False),
}
_ISO_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE_RE = re.compile(r"[+-]?[0-9]{1,9}")
_DATE_RE = re.compile(
    r"([0-9]{4})(?:[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?|([0-9]{2})([0-9]{2}))"
)


@dataclass(frozen=True, slots=True)
class CalendarProblem:
    """One thing wrong in a calendar file: a message code, its parameters, and its line (0:
    the file as a whole)."""

    line: int
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, language: str = "zh_CN") -> str:
        return translate(self.code, language, line=self.line, **dict(self.params))


def parse_day(text: str) -> date | None:
    """2027-01-01, 2027/1/1, 2027.1.1, 2027年1月1日 or 20270101; None when not a real date."""
    match = _DATE_RE.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups() if part is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_working(text: str) -> bool | None:
    return WORKING_VALUES.get(text.strip().lower())


def parse_calendar_csv(
    text: str,
) -> tuple[dict[date, tuple[bool, str]], tuple[CalendarProblem, ...]]:
    """The days of a calendar file (day -> (working, reason)) and every problem in it.

    The file is usable only when the problems are empty. A day listed twice with the same
    meaning is fine (the first reason is kept); with different meanings it is a problem.
    """
    try:
        rows = _rows(text)
    except csv.Error as error:
        return {}, (CalendarProblem(0, "calendar_csv.unreadable", (("detail", str(error)),)),)
    if not rows:
        return {}, (CalendarProblem(0, "calendar_csv.empty"),)
    header_line, header = rows[0]
    columns, problems = _header(header_line, header)
    if problems:
        return {}, problems
    days: dict[date, tuple[bool, str]] = {}
    first_seen: dict[date, int] = {}
    found: list[CalendarProblem] = []
    for line, row in rows[1:]:
        found.extend(_row(line, row, columns, days, first_seen))
    if not days and not found:
        found.append(CalendarProblem(0, "calendar_csv.empty"))
    return days, tuple(found)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows with their line numbers; any line ending (\n, \r\n, \r) will do."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=None))
    return [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]


def _header(line: int, header: Sequence[str]) -> tuple[dict[str, int], tuple[CalendarProblem, ...]]:
    names = [cell.strip().lower() for cell in header]
    columns = {
        column: next(i for i, name in enumerate(names) if name in aliases)
        for column, aliases in COLUMNS.items()
        if any(name in aliases for name in names)
    }
    missing = [column for column in ("date", "working") if column not in columns]
    problems = tuple(
        CalendarProblem(line, "calendar_csv.header", (("column", column),)) for column in missing
    )
    return columns, problems


def _cell(row: Sequence[str], columns: dict[str, int], column: str) -> str:
    index = columns.get(column)
    return row[index].strip() if index is not None and index < len(row) else ""


def _row(
    line: int,
    row: Sequence[str],
    columns: dict[str, int],
    days: dict[date, tuple[bool, str]],
    first_seen: dict[date, int],
) -> list[CalendarProblem]:
    raw_day, raw_working = _cell(row, columns, "date"), _cell(row, columns, "working")
    day, working = parse_day(raw_day), parse_working(raw_working)
    problems = []
    if day is None:
        problems.append(CalendarProblem(line, "calendar_csv.bad_date", (("value", raw_day),)))
    if working is None:
        value = (("value", raw_working),)
        problems.append(CalendarProblem(line, "calendar_csv.bad_working", value))
    if day is None or working is None:
        return problems
    if day in days:
        if days[day][0] != working:
            params = (("day", day.isoformat()), ("first_line", str(first_seen[day])))
            return [CalendarProblem(line, "calendar_csv.conflict", params)]
        return []
    days[day], first_seen[day] = (working, _cell(row, columns, "reason")), line
    return []


# desk-admin calendar deadline --------------------------------------------------------------


def deadline_lines(lines: Iterable[str], calendar: WorkCalendar) -> tuple[list[str], bool]:
    """One output line per input line ``accepted,limit[,pauses]``: the deadline as an ISO date,
    ``open`` (a pause without an end), or ``error: <reason>`` in English; and whether every
    line gave a date or open. Pauses are ``start:end`` pairs separated by ``;``; an empty end
    (``2025-10-01:``) is a pause still running. Blank lines and a header line
    (``accepted,limit,pauses``) are skipped.
    """
    out: list[str] = []
    for raw in lines:
        text = raw.strip().removeprefix("\ufeff")
        if not text or text.lower().startswith("accepted"):
            continue
        try:
            out.append(_deadline_line(text, calendar))
        except _LineError as error:
            out.append(f"error: {error}")
    return out, not any(line.startswith("error: ") for line in out)


class _LineError(Exception):
    """Why one line of `calendar deadline` has no answer (English, shown after 'error: ')."""


def _deadline_line(text: str, calendar: WorkCalendar) -> str:
    fields = [field.strip() for field in text.split(",")]
    if len(fields) not in {2, 3}:
        raise _LineError("expected accepted,limit[,pauses]")
    accepted_text, limit_text, pauses_text = [*fields, ""][:3]
    accepted, limit, pauses = _iso_date(accepted_text), _limit(limit_text), _pauses(pauses_text)
    try:
        check_pauses(pauses, accepted)
        due = deadline(accepted, limit, pauses, calendar)
    except DeskError as error:
        raise _LineError(_english(error)) from None
    return "open" if due is None else due.isoformat()


def _english(error: DeskError) -> str:
    if error.code == "calendar.missing":
        return f"{error.params['year']} working-day calendar missing"
    text = error.message("en")
    return text[:1].lower() + text[1:]


def _iso_date(text: str) -> date:
    try:
        if _ISO_RE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise _LineError(f"bad date '{text}'")


def _limit(text: str) -> int:
    if not _WHOLE_RE.fullmatch(text):
        raise _LineError("limit must be a whole number")
    limit = int(text)
    if not 0 <= limit <= MAX_LIMIT:
        raise _LineError(f"limit must be between 0 and {MAX_LIMIT}")
    return limit


def _pauses(text: str) -> list[Pause]:
    pauses = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        start, colon, end = part.partition(":")
        if not colon:
            raise _LineError(f"bad pause '{part}' (expected start:end)")
        end = end.strip()
        pauses.append(Pause(_iso_date(start.strip()), _iso_date(end) if end else None))
    return pauses

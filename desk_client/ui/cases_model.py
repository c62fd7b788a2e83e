"""The cases table (我的办件, 督办): CaseView rows with live countdowns, and its filter proxy.

The countdown is derived, never counted: each cell is computed from the row's stored deadline,
the injected clock and the working-day calendar (core.deadlines). A 1 s timer calls
:meth:`CasesModel.tick`, which is cheap by construction, because 10,000 open cases must
repaint at 1 Hz within 5% of a core:

- remaining working days and the level change only when the day changes: they are computed
  for every row then (memoised per deadline and per (accepted, limit, deadline)), once;
- within a day only the rows due today (their hours left) are recomputed, and dataChanged is
  emitted for the remaining column of those rows alone, with the display role only, so the
  proxy neither re-sorts nor re-filters; the model is never reset on a tick.

Sorting is done here (``sort``), not by the QSortFilterProxyModel: the proxy would call the Python
``data()`` twice per comparison (a few hundred thousand calls for 10,000 rows), while a key
sort over cached values takes milliseconds. CasesProxy forwards the view's sort to the model
and keeps the filter (text and level): ui.cases_proxy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desk_client.core.deadlines import Level, hours_left, level, remaining_working_days
from desk_client.core.errors import DeskError
from desk_client.core.workdays import WorkCalendar
from desk_client.services.dto_cases import CaseView
from desk_client.ui.i18n import Labels

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2
CLOSED_STATES = ("completed", "withdrawn", "transferred")
COLUMNS = ("number", "item", "applicant", "accepted", "limit", "deadline", "remaining", "level")
BOARD_COLUMNS = ("level", "remaining", "number", "item", "applicant", "staff", "deadline")
#: Red first, then yellow; a missing calendar is worth a look before the green ones.
LEVEL_RANK = {"red": 0, "yellow": 1, "missing": 2, "green": 3, "open": 4}
#: (row background, level cell background, level cell text): pale enough to read dark text on.
LEVEL_COLOURS = {
    "green": ("#eef7ee", "#c8e6c9", "#1b5e20"),
    "yellow": ("#fff8dc", "#ffe082", "#5d4300"),
    "red": ("#fdecea", "#f5a9a3", "#7f1010"),
    "open": ("#eef2f7", "#cfd8e3", "#2b3a4a"),
    "missing": ("#f3eef7", "#d8c8e6", "#4a2b5e"),
}
FAR = 10**6  # the sort key of a row without a number of days (paused, no calendar, closed)


@dataclass(slots=True)
class Live:
    """What the clock and the calendar say about one row today."""

    level: str
    remaining: int | None  # working days; None when there is no number to show
    text: str
    due_today: bool = False


class CasesModel(QAbstractTableModel):
    """Rows of CaseView; ``now`` is the injected clock's ``now`` (aware, any zone)."""

    def __init__(  # noqa: PLR0917
        self,
        labels: Labels,
        zone: ZoneInfo,
        now: Callable[[], datetime],
        close: time,
        yellow: tuple[int, int] = (1, 80),
        columns: Sequence[str] = COLUMNS,
    ) -> None:
        super().__init__()
        self._t = labels
        self._zone = zone
        self._now = now
        self._close = close
        self._yellow = yellow
        self.columns = tuple(columns)
        self._rows: tuple[CaseView, ...] = ()
        self._live: list[Live] = []
        self._keys: list[str] = []  # the filter's text per row
        self._due: list[int] = []  # rows due today, ascending
        self._calendar: WorkCalendar | None = None
        self._today: date | None = None
        self._memo_left: dict[date, int] = {}
        self._memo_level: dict[tuple[date, date, int], str] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.remaining_column = self.columns.index("remaining")
        self._texts = self._text_getters()

    # ---- feeding ------------------------------------------------------------------------
    def set_calendar(self, calendar: WorkCalendar | None) -> None:
        """A new calendar (after a sync or an edit): every countdown is computed again."""
        self._calendar = calendar
        self._today = None
        self.tick()

    def set_rows(self, rows: Sequence[CaseView]) -> None:
        """Replace the rows; the same cases in the same order change in place (no reset)."""
        rows = tuple(rows)
        if rows == self._rows:
            return
        same = [r.number for r in rows] == [r.number for r in self._rows]
        if not same:
            self.beginResetModel()
        self._rows = rows
        self._keys = [self._key(r) for r in rows]
        self._recompute(self._local_now())
        if self._sort is not None:
            self._order(*self._sort)
        if same:
            self._changed_all()
        else:
            self.endResetModel()

    def rows(self) -> tuple[CaseView, ...]:
        return self._rows

    def row_at(self, row: int) -> CaseView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.number == number), -1)

    def live_at(self, row: int) -> Live:
        return self._live[row]

    def filter_key(self, row: int) -> str:
        return self._keys[row]

    def counts(self) -> dict[str, int]:
        """How many rows are at each level now."""
        found: dict[str, int] = {}
        for live in self._live:
            found[live.level] = found.get(live.level, 0) + 1
        return found

    # ---- the clock ----------------------------------------------------------------------
    def tick(self) -> None:
        """Called every second: a new day recomputes every row; otherwise only the hours of
        the rows due today, emitted for their remaining cells only."""
        now = self._local_now()
        if now.date() != self._today:
            self._recompute(now)
            if self._sort is not None:
                self._order(*self._sort)
            self._changed_all()
            return
        self._refresh_hours(now)

    def _local_now(self) -> datetime:
        return self._now().astimezone(self._zone)

    def _refresh_hours(self, now: datetime) -> None:
        if not self._due:
            return
        first = last = -1
        text = self._hours_text(now)  # the same for every row due today
        for row in self._due:
            if self._live[row].text == text:
                continue
            self._live[row].text = text
            if first >= 0 and row != last + 1:
                self._emit_remaining(first, last)
                first = -1
            first = row if first < 0 else first
            last = row
        if first >= 0:
            self._emit_remaining(first, last)

    def _emit_remaining(self, first: int, last: int) -> None:
        column = self.remaining_column
        role = Qt.ItemDataRole.DisplayRole
        self.dataChanged.emit(self.index(first, column), self.index(last, column), [role])

    def _changed_all(self) -> None:
        if self._rows:
            bottom = self.index(len(self._rows) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), bottom, [])

    # ---- the countdown ------------------------------------------------------------------
    def _recompute(self, now: datetime) -> None:
        today = now.date()
        if today != self._today:
            self._memo_left.clear()
            self._memo_level.clear()
        self._today = today
        self._live = [self._live_of(case, now) for case in self._rows]
        self._due = [row for row, live in enumerate(self._live) if live.due_today]

    def _live_of(self, case: CaseView, now: datetime) -> Live:
        t = self._t
        if case.state in CLOSED_STATES:
            return Live(case.level, None, t(f"case.state.{case.state}"))
        if case.paused_since is not None:
            return Live("open", None, t("cases.paused", day=self.day_text(case.paused_since)))
        if case.deadline is None:
            return Live(case.level, None, t("cases.missing"))
        if self._calendar is None:  # not fetched yet: the level the service computed
            return Live(case.level, None, "")
        try:
            left = self._left(case.deadline)
            shown = self._level(case)
        except DeskError:
            return Live("missing", None, t("cases.missing"))
        return Live(shown, left, *self._left_text(left, case.deadline, now))

    def _left(self, deadline: date) -> int:
        left = self._memo_left.get(deadline)
        if left is None and self._calendar is not None and self._today is not None:
            left = remaining_working_days(self._today, deadline, self._calendar)
            self._memo_left[deadline] = left
        return left or 0

    def _level(self, case: CaseView) -> str:
        key = (case.accepted_day, case.deadline or case.accepted_day, case.limit_days)
        found = self._memo_level.get(key)
        if found is None and self._calendar is not None and self._today is not None:
            days, percent = self._yellow
            found = level(self._today, key[1], key[2], key[0], self._calendar, days, percent).value
            self._memo_level[key] = found
        return found or Level.MISSING.value

    def _left_text(self, left: int, deadline: date, now: datetime) -> tuple[str, bool]:
        if deadline == now.date():
            return self._hours_text(now), True
        if left > 0:
            return self._t("cases.left", days=left), False
        if left < 0:
            return self._t("cases.overdue", days=-left), False
        return self._t("cases.overdue_today"), False

    def _hours_text(self, now: datetime) -> str:
        minutes = int(hours_left(now, self._close) * 60 + 0.999)
        if minutes <= 0:
            return self._t("cases.last_day_closed", close=self._close.strftime("%H:%M"))
        return self._t("cases.last_day", hours=minutes // 60, minutes=minutes % 60)

    def day_text(self, day: date) -> str:
        return self._t("cases.day", month=day.month, day=day.day)

    # ---- Qt -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, name = index.row(), self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, name)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._colour(row, name, 1 if name == "level" else 0)
        return self._other_role(row, name, role)

    def _other_role(self, row: int, name: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and name == "level":
            return self._colour(row, name, 2)
        if role == SORT_ROLE:
            return self._sort_key(row, name)
        if role == LEVEL_ROLE:
            return self._live[row].level
        if role == Qt.ItemDataRole.ToolTipRole and name in ("item", "applicant"):
            return self._text(row, name)
        return None

    def _text(self, row: int, name: str) -> str:
        case, live = self._rows[row], self._live[row]
        if name == "remaining":
            return live.text
        if name == "level":
            return self._t(f"level.{live.level}")
        return self._fixed_text(case, name)

    def _fixed_text(self, case: CaseView, name: str) -> str:
        text = self._texts.get(name)
        return text(case) if text is not None else ""

    def _text_getters(self) -> dict[str, Callable[[CaseView], str]]:
        """Column name -> the text of a column that does not depend on the clock."""
        zone = self._zone
        return {
            "number": lambda c: c.number,
            "item": lambda c: c.item_name,
            "applicant": lambda c: c.applicant_display,
            "accepted": lambda c: c.accepted_at.astimezone(zone).strftime("%m-%d %H:%M"),
            "limit": self._limit_text,
            "deadline": lambda c: c.deadline.isoformat() if c.deadline else "",
            "staff": lambda c: (
                f"{c.staff_no} · {c.window_number}" if c.window_number else c.staff_no
            ),
        }

    def _limit_text(self, case: CaseView) -> str:
        days = case.limit_days
        return self._t("cases.limit", days=days) if days else self._t("cases.instant")

    def _colour(self, row: int, name: str, which: int) -> QColor | None:
        colours = LEVEL_COLOURS.get(self._live[row].level)
        if colours is None or (which == 0 and name == "level"):
            return None
        return QColor(colours[which])

    def _sort_key(self, row: int, name: str) -> Any:
        case, live = self._rows[row], self._live[row]
        if name in ("remaining", "level"):
            days = FAR if live.remaining is None else live.remaining
            rank = LEVEL_RANK.get(live.level, 5) if name == "level" else 0
            return rank * 4 * FAR + days + FAR
        if name == "accepted":
            return case.accepted_at.timestamp()
        if name == "limit":
            return case.limit_days
        if name == "deadline":
            return case.deadline.toordinal() if case.deadline else FAR
        return self._fixed_text(case, name)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self._t(f"cases.col.{self.columns[section]}")
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    # ---- sorting ------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self._order(column, order)
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(old.index(i.row()), i.column()) for i in persistent]
        )
        self.layoutChanged.emit()

    def _order(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Reorder the rows in place; returns the old row of each new row's position."""
        name = self.columns[column]
        keys = [self._sort_key(row, name) for row in range(len(self._rows))]
        descending = order == Qt.SortOrder.DescendingOrder
        # stable: ties keep the service's order (open first, then by deadline)
        ordered = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        self._rows = tuple(self._rows[i] for i in ordered)
        self._live = [self._live[i] for i in ordered]
        self._keys = [self._keys[i] for i in ordered]
        self._due = [row for row, live in enumerate(self._live) if live.due_today]
        return ordered

    @staticmethod
    def _key(case: CaseView) -> str:
        parts = (case.number, case.item_name, case.item_code, case.applicant_display)
        return " ".join((*parts, case.staff_no)).casefold()

"""The table models of the inquiry screens (首问登记, 咨询, 查询): inquiries and materials.

InquiriesModel shows InquiryView rows as the services give them; a follow-up's warning level
(``level``: green/yellow/red, computed by the service with the working-day calendar, exactly
like a case's) colours the row and its cell with the cases' colours and marks, so a clerk who
knows 我的办件 reads 咨询 the same way. The page reads the rows again every few seconds and
after each sync, so a follow-up turns yellow or red without anyone pressing anything.

ReceivedModel holds the materials received (收取材料: name and copies) while the form is
being filled; it is the one editable model here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desk_client.core.inquiries import allowed_steps
from desk_client.services.dto_inquiries import InquiryView
from desk_client.ui.cases_model import LEVEL_COLOURS
from desk_client.ui.i18n import Labels

Index = QModelIndex | QPersistentModelIndex
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("number", "person", "matter", "state", "handler", "reply", "level", "created")
BOARD_COLUMNS = ("level", "reply", "number", "person", "matter", "owner", "handler")
LOOKUP_COLUMNS = ("number", "person", "phone", "matter", "state", "owner", "handler", "created")
MAX_QUANTITY = 99


def when(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%m-%d %H:%M") if moment else ""


def day_text(day: date | None) -> str:
    return day.isoformat() if day else ""


def person_text(view: InquiryView) -> str:
    return f"{view.person_display} {view.phone}".strip()


def handler_text(labels: Labels, view: InquiryView) -> str:
    """Who acts now: the colleague (name and number), or the department it went to."""
    if view.department:
        return view.department
    if not view.handler_no:
        return ""
    return labels("inq.staff", name=view.handler_name or view.handler_no, staff_no=view.handler_no)


def state_text(labels: Labels, state: str) -> str:
    key = f"inq.state.{state}"
    text = labels(key)
    return state if text == key else text


def level_text(labels: Labels, level: str) -> str:
    return labels(f"level.{level}") if level else ""


def can(view: InquiryView | None, step: str) -> bool:
    """core.inquiries decides which steps an inquiry takes now; the buttons only follow it."""
    return view is not None and step in {s.value for s in allowed_steps(view.state)}


class InquiriesModel(QAbstractTableModel):
    """Rows of InquiryView with the columns ``columns`` (see COLUMNS, LOOKUP_COLUMNS)."""

    def __init__(self, labels: Labels, zone: ZoneInfo, columns: Sequence[str] = COLUMNS) -> None:
        super().__init__()
        self._t = labels
        self._zone = zone
        self.columns = tuple(columns)
        self._rows: tuple[InquiryView, ...] = ()
        self._texts: dict[str, Callable[[InquiryView], str]] = {
            "number": lambda v: v.number,
            "person": lambda v: v.person_display,
            "phone": lambda v: v.phone,
            "matter": lambda v: " ".join(v.matter.split()),
            "state": lambda v: state_text(labels, v.state),
            "owner": lambda v: labels("inq.staff", name=v.owner_name, staff_no=v.owner_no),
            "handler": lambda v: handler_text(labels, v),
            "reply": lambda v: day_text(v.promised_reply),
            "level": lambda v: level_text(labels, v.level),
            "created": lambda v: when(v.created_at, zone),
        }

    def set_rows(self, rows: Sequence[InquiryView]) -> None:
        if tuple(rows) == self._rows:
            return
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[InquiryView, ...]:
        return self._rows

    def row_at(self, row: int) -> InquiryView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.number == number), -1)

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for row in self._rows:
            found[row.level] = found.get(row.level, 0) + 1
        return found

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        view, name = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[name](view)
        if role == Qt.ItemDataRole.ToolTipRole and name in ("matter", "person", "handler"):
            return view.matter if name == "matter" else self._texts[name](view)
        if role == LEVEL_ROLE:
            return view.level
        return self._colour(view.level, name, role)

    @staticmethod
    def _colour(level: str, name: str, role: int) -> QColor | None:
        """The cases' colours: a pale row, the level cell darker with dark text."""
        colours = LEVEL_COLOURS.get(level)
        if colours is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QColor(colours[1] if name == "level" else colours[0])
        if colours is not None and role == Qt.ItemDataRole.ForegroundRole and name == "level":
            return QColor(colours[2])
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self._t(f"inq.col.{self.columns[section]}")
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


class ReceivedModel(QAbstractTableModel):
    """收取材料 while the form is filled: (name, copies) rows, both columns editable."""

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._t = labels
        self._rows: list[list[Any]] = []

    def materials(self) -> tuple[tuple[str, int], ...]:
        """The rows as the service takes them; a row without a name is left out."""
        return tuple((str(n).strip(), int(q)) for n, q in self._rows if str(n).strip())

    def add(self, name: str = "", quantity: int = 1) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([name, quantity])
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == 1:
            try:
                value = min(max(int(value), 1), MAX_QUANTITY)
            except (TypeError, ValueError):
                return False
        else:
            value = str(value)
        self._rows[index.row()][index.column()] = value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, role])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and section in (0, 1):
            return self._t(("inq.material", "inq.copies")[section])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

"""Table models fed with dto tuples: queues, served today, held tickets, recent calls.

Widgets hold no business rules: a model only turns a tuple of frozen dataclasses into rows.
Every refresh replaces the whole tuple (a reset), which is cheap for the tens of rows a
window shows and keeps the models trivially correct.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desk_client.services.dto import (
    CallRecord,
    CategoryQueue,
    EmergencyTicket,
    OutboxEventView,
    TicketView,
)
from desk_client.ui.i18n import Labels

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], str]]


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M") if moment else ""


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of one dataclass type; columns are (header label key, text getter)."""

    def __init__(self, labels: Labels, columns: Sequence[Column]) -> None:
        super().__init__()
        self._labels = labels
        self._columns = tuple(columns)
        self._rows: tuple[Row, ...] = ()
        #: A row drawn highlighted (the hall display's newest call), or -1.
        self.highlight_row = -1

    def set_rows(self, rows: Sequence[Row]) -> None:
        if tuple(rows) == self._rows:
            return
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[Row, ...]:
        return self._rows

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[index.column()][1](self._rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.highlight_row:
            return QColor("#f4d35e")
        if role == Qt.ItemDataRole.ForegroundRole and index.row() == self.highlight_row:
            return QColor("#0d3b66")
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._labels(self._columns[section][0])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


def queues_model(labels: Labels) -> RowsModel[CategoryQueue]:
    def estimate(queue: CategoryQueue) -> str:
        minutes = queue.estimated_wait_min
        return "" if minutes is None else labels("minutes", minutes=minutes)

    return RowsModel(
        labels,
        [
            ("col.category", lambda q: f"{q.prefix} {q.name}"),
            ("col.waiting", lambda q: str(q.waiting)),
            ("col.estimate", estimate),
        ],
    )


def tickets_model(labels: Labels, zone: ZoneInfo, *, finished: bool) -> RowsModel[TicketView]:
    """Served today (time = finished) or held tickets (time = issued)."""

    def when(ticket: TicketView) -> str:
        return local_time(ticket.finished_at if finished else ticket.issued_at, zone)

    return RowsModel(
        labels,
        [
            ("col.number", lambda t: t.number),
            ("col.category", lambda t: t.category_name),
            ("col.state", lambda t: labels.state(t.state)),
            ("col.time", when),
        ],
    )


def calls_model(labels: Labels, zone: ZoneInfo) -> RowsModel[CallRecord]:
    return RowsModel(
        labels,
        [
            ("col.number", lambda c: c.number),
            ("col.window", lambda c: labels("display.window_no", window=c.window_number)),
            ("col.time", lambda c: local_time(c.called_at, zone)),
        ],
    )


def emergency_model(labels: Labels, zone: ZoneInfo) -> RowsModel[EmergencyTicket]:
    """Today's walk-in numbers of this window (应急号): serving, or finished at a time."""

    def state(ticket: EmergencyTicket) -> str:
        return labels.state("done" if ticket.finished_at else "serving")

    return RowsModel(
        labels,
        [
            ("col.number", lambda t: t.number),
            ("col.category", lambda t: t.category_code),
            ("col.state", state),
            ("col.time", lambda t: local_time(t.finished_at or t.issued_at, zone)),
        ],
    )


def rejected_model(labels: Labels, zone: ZoneInfo) -> RowsModel[OutboxEventView]:
    """Poison events: what was refused, when it happened, and the central database's reason."""
    return RowsModel(
        labels,
        [
            ("col.seq", lambda e: str(e.client_seq)),
            ("col.event", lambda e: labels.event(e.type)),
            ("col.time", lambda e: local_time(e.occurred_at, zone)),
            ("col.reason", lambda e: e.reason or ""),
        ],
    )

"""The 叫号统计 table: a report's cells as QueueStatsService wrote them, and its total row.

The cells are the service's own text (``header`` and ``cells``), made in the worker with the
report (QueueTable), so the screen shows word for word what the CSV and the printed report
say, and the GUI thread formats nothing. The model only lays them out: the grouping column
on the left, the figures right-aligned so that digits line up, and the period's 合计 as the
last row, bold, where a reader of a paper report looks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desk_client.services.dto_queue_stats import QueueReport

Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class QueueTable:
    """One report as shown: the report itself (what export and print use) and its text."""

    report: QueueReport
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...]
    notes: tuple[str, ...]


class QueueStatsModel(QAbstractTableModel):
    """Read-only rows of text; ``table`` is the report shown (None before the first)."""

    def __init__(self) -> None:
        super().__init__()
        self.table: QueueTable | None = None

    def set_table(self, table: QueueTable) -> None:
        """Show ``table`` instead (a reset: a new report may have other columns)."""
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def lines(self) -> tuple[tuple[str, ...], ...]:
        """Every row as shown, the total last."""
        table = self.table
        return () if table is None else (*table.rows, table.total)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        table = self.table
        return 0 if parent.isValid() or table is None else len(table.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        lines = self.lines()
        if not index.isValid() or index.row() >= len(lines):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return lines[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if index.column() == 0 else RIGHT)
        if role == Qt.ItemDataRole.FontRole and index.row() == len(lines) - 1:
            bold = QFont()
            bold.setBold(True)
            return bold
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        table = self.table
        if orientation != Qt.Orientation.Horizontal or table is None:
            return None
        if not 0 <= section < len(table.header):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return table.header[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if section == 0 else RIGHT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

"""CasesProxy: the filter of the cases tables (text and level) over a CasesModel.

The view's sort is forwarded to the model, which sorts on cached keys (see ui.cases_model);
the proxy only filters. A tick's dataChanged carries the display role alone, so it neither
re-sorts nor re-filters here; a new day (all roles) re-filters once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from desk_client.services.dto_cases import CaseView
from desk_client.ui.cases_model import CasesModel

Index = QModelIndex | QPersistentModelIndex


class CasesProxy(QSortFilterProxyModel):
    """The filter field (number, item, code, applicant, clerk) and the level choice; sorting
    is the source model's (see the module's docstring)."""

    def __init__(self, source: CasesModel) -> None:
        super().__init__()
        self._source = source
        self._text = ""
        self._level = ""
        self.setSourceModel(source)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_text", text.strip().casefold()))

    def set_level(self, level: str) -> None:
        self._change_filter(lambda: setattr(self, "_level", level))

    def _change_filter(self, change: Callable[[], None]) -> None:
        # Qt 6.9 replaced invalidateRowsFilter (deprecated, a warning is an error in tests)
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # Qt 6.8
            change()
            self.invalidateRowsFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        source = self._source
        if self._level and source.live_at(source_row).level != self._level:
            return False
        return not self._text or all(w in source.filter_key(source_row) for w in self._text.split())

    def case_at(self, row: int) -> CaseView | None:
        source = self.mapToSource(self.index(row, 0))
        return self._source.row_at(source.row()) if source.isValid() else None

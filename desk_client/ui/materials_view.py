"""The table the clerk ticks the materials in: keys 1-4, a status combobox, the reason.

The keyboard is the fast way: select a row, 1 齐全 · 2 缺少 · 3 不符合要求 · 4 不适用; the
selection moves on, except after 3, where the reason cell opens for typing (Enter confirms).
Double-click or F2 on the status cell opens a combobox with the same four choices.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desk_client.core.catalogue import MaterialForm
from desk_client.core.checklist import MaterialStatus
from desk_client.ui.i18n import Labels
from desk_client.ui.i18n_checklist import form_text, status_text
from desk_client.ui.materials_model import (
    COPIES,
    FORM,
    HEADERS,
    KEY_STATUS,
    NAME,
    NEED,
    REASON,
    STATUS,
    Index,
    MaterialsModel,
)


class StatusDelegate(QStyledItemDelegate):
    """A combobox of the four statuses in the status column (the keys 1-4 do the same)."""

    def __init__(self, labels: Labels, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._labels = labels

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        box = QComboBox(parent)
        for number, status in enumerate(MaterialStatus, start=1):
            box.addItem(f"{number}  {status_text(status, self._labels.language)}", status.value)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(found, 0))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MaterialsView(QTableView):
    """The table the clerk ticks with the keyboard: 1-4 set the selected row's status and
    move on; 3 (不符合要求) opens the reason instead, which Enter confirms."""

    def __init__(self, model: MaterialsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.materials = model
        self.setItemDelegateForColumn(STATUS, StatusDelegate(model._labels, self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setDefaultSectionSize(36)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NEED, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()
        model.modelReset.connect(self._first_row)
        self._first_row()

    def _fit_columns(self) -> None:
        """Form, copies and status as wide as their longest word in this language, so a
        column neither clips (English) nor jumps while the clerk ticks."""
        labels, metrics = self.materials._labels, self.fontMetrics()
        header = self.horizontalHeader().fontMetrics()
        words = {
            FORM: [form_text(form, labels.language) for form in MaterialForm],
            COPIES: ["99"],
            STATUS: [status_text(s, labels.language) for s in MaterialStatus]
            + [labels("mat.unticked")],
        }
        for column, texts in words.items():
            widest = max(metrics.horizontalAdvance(text) for text in texts)
            title = header.horizontalAdvance(labels(HEADERS[column]))
            self.setColumnWidth(column, max(widest, title) + 28)

    def _first_row(self) -> None:
        if self.materials.rowCount():
            self.selectRow(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        status = KEY_STATUS.get(Qt.Key(event.key()))
        row = self.currentIndex().row()
        if status is None or row < 0 or self.state() == self.State.EditingState:
            super().keyPressEvent(event)
            return
        if not self.materials.set_status(row, status):
            return
        if status is MaterialStatus.NONCONFORMING:
            self.edit(self.materials.index(row, REASON))
        elif row + 1 < self.materials.rowCount():
            self.selectRow(row + 1)

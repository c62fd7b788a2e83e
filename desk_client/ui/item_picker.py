"""The item picker (选择事项): search by name, code, department or pinyin initials.

Typing searches the PC's catalogue copy on the worker (ChecklistService.search_items) a moment
after the last key, so a fast typist does not queue a search per letter; an answer about an
older text is dropped. ↑/↓ move through the hits from the search field, Enter picks.
On a weekend or holiday session (5+2) an item not handled that day is greyed with its reason
and cannot be picked; "打印预约提示单" prints the slip that sends the applicant to a weekday.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.catalogue import ServiceItem
from desk_client.core.messages import translate
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_notices import ItemChoice, SessionDay
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.i18n_checklist import kind_text
from desk_client.ui.models import Index, RowsModel
from desk_client.ui.widgets import MessageLine, label

SEARCH_DELAY_MS = 150
GREY = "#9aa6b2"


def reason_text(choice: ItemChoice, language: str) -> str:
    """An unavailable item's reason (a message code) in words; names offered as parameters."""
    item = choice.item
    return translate(choice.reason, language, name=item.name, item=item.name, number=item.code)


class ChoicesModel(RowsModel[ItemChoice]):
    """The hits: code, name, department, kind, 5+2; an unavailable hit is greyed."""

    def __init__(self, labels: Labels) -> None:
        super().__init__(
            labels,
            [
                ("picker.code", lambda c: c.item.code),
                ("picker.name", lambda c: c.item.name),
                ("picker.department", lambda c: c.item.department),
                ("picker.kind", lambda c: kind_text(c.item.kind, labels.language)),
                ("picker.weekend", self._weekend),
            ],
        )

    def _weekend(self, choice: ItemChoice) -> str:
        if not choice.available:
            return self._labels("picker.weekday_only")
        return self._labels("picker.weekend_mark") if choice.item.weekend else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        choice = self.row_at(index.row()) if index.isValid() else None
        if choice is None:
            return super().data(index, role)
        if role == Qt.ItemDataRole.ForegroundRole and not choice.available:
            return QColor(GREY)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [choice.item.name, choice.item.department]
            if not choice.available:
                lines.append(reason_text(choice, self._labels.language))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QColor("#5b6b7a")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2):
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class ItemPicker(QWidget):
    """``picked`` with the chosen ServiceItem; ``printed`` with an appointment slip."""

    picked = Signal(object)
    slip_ready = Signal(object)  # PrintedDocument

    def __init__(
        self, ctx: UiContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._runner = ctx.runner
        self._service = ctx.services.checklist
        self._session = session
        self.day: SessionDay | None = None
        self.model = ChoicesModel(self.t)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self._build()

    def _build(self) -> None:
        self.day_banner = QLabel()
        self.day_banner.setObjectName("dayBanner")
        self.day_banner.setWordWrap(True)
        self.day_banner.hide()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.t("picker.hint"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self.pick_current)
        self.search.installEventFilter(self)
        self.view = self._table()
        self.count = label("", 11)
        self.count.setStyleSheet("color: #5b6b7a;")
        self.reason = MessageLine()
        self.reason.setMinimumHeight(0)
        self.reason.hide()
        self.slip_button = QPushButton(self.t("picker.slip"))
        self.slip_button.clicked.connect(self.print_slip)
        self.slip_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        row.addWidget(label(self.t("picker.title") + " (Ctrl+F)", 13, bold=True))
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        below = QHBoxLayout()  # the count, or an unavailable item's reason and its slip
        below.addWidget(self.count, 1)
        below.addWidget(self.reason, 1)
        below.addWidget(self.slip_button)
        layout.addLayout(below)

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(34)
        view.setMinimumHeight(34 * 3 + 30)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        view.activated.connect(self._activated)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        view.installEventFilter(self)
        return view

    # ---- the day ----------------------------------------------------------------------
    def start(self) -> None:
        """The session day first (banner, 5+2 note), then every item (an empty query)."""
        self._runner.submit(self._service.session_day, on_done=self.set_day)
        self.search_now()

    def set_day(self, day: SessionDay) -> None:
        self.day = day
        if day.calendar_missing:
            self._banner(self.t("picker.calendar_missing", year=day.day.year), "#fdecea", "#b71c1c")
        elif not day.working_day:
            self._banner(self.t("picker.weekend_session"), "#e8f1fb", "#0d3b66")
        else:
            self.day_banner.hide()

    def _banner(self, text: str, background: str, colour: str) -> None:
        self.day_banner.setStyleSheet(
            f"background: {background}; color: {colour}; font-size: 15px; padding: 6px 10px;"
            f" border-left: 6px solid {colour};"
        )
        self.day_banner.setText(text)
        self.day_banner.show()

    # ---- searching --------------------------------------------------------------------
    def search_now(self) -> None:
        self._timer.stop()
        query = self.search.text().strip()
        self._runner.submit(
            self._service.search_items,
            query,
            on_done=lambda found: self._found(query, found),
            on_error=self.reason.error,
        )

    def _found(self, query: str, found: tuple[ItemChoice, ...]) -> None:
        if query != self.search.text().strip():
            return  # the clerk typed on: a newer search is on its way
        self.model.set_rows(found)
        if found:
            self.view.selectRow(0)
            self.count.setText(self.t("picker.count", count=len(found)))
        else:
            self.count.setText(self.t("picker.none", query=query))
            self._show_reason(None)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ---- choosing ---------------------------------------------------------------------
    def current_choice(self) -> ItemChoice | None:
        return self.model.row_at(self.view.currentIndex().row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_reason(self.model.row_at(current.row()))

    def _show_reason(self, choice: ItemChoice | None) -> None:
        unavailable = choice is not None and not choice.available
        self.slip_button.setVisible(unavailable)
        self.reason.setVisible(unavailable)
        self.count.setVisible(not unavailable)
        if choice is not None and unavailable:
            self.reason.error(reason_text(choice, self.t.language))
        else:
            self.reason.clear_text()

    def _activated(self, index: QModelIndex) -> None:
        self.view.selectRow(index.row())
        self.pick_current()

    def pick_current(self) -> None:
        choice = self.current_choice()
        if choice is None:
            return
        if not choice.available:
            self._show_reason(choice)
            self.slip_button.setFocus()
            return
        self.picked.emit(choice.item)

    def print_slip(self) -> None:
        choice = self.current_choice()
        if choice is None:
            return
        self._runner.submit(
            self._service.weekday_slip,
            self._session,
            choice.item.code,
            on_done=self._slip_done,
            on_error=self.reason.error,
        )

    def _slip_done(self, doc: PrintedDocument) -> None:
        self.slip_ready.emit(doc)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """↑/↓ in the search field walk the hits; Enter in the list picks."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            row = min(max(self.view.currentIndex().row() + step, 0), self.model.rowCount() - 1)
            self.view.selectRow(row)
            return True
        if watched is self.view and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pick_current()
            return True
        return super().eventFilter(watched, event)


def item_summary(labels: Labels, item: ServiceItem) -> str:
    """One line under the item's name: code, department, kind."""
    kind = kind_text(item.kind, labels.language)
    return labels("item.line", code=item.code, department=item.department, kind=kind)

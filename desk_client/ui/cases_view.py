"""我的办件 (F11): the clerk's open cases counting down, and what a clerk does with them.

The table is a CasesModel behind a CasesProxy (filter field Ctrl+F, a level choice), sorted
by time left (overdue first); a B covering an absent A (AB岗) sees A's open cases too. A 1 s
timer on the GUI thread calls ``model.tick()``, which recomputes only clock-derived cells
(see cases_model); nothing counts ticks. The rows come from CaseService.my_cases (and
CoverService.covered_cases) through the worker, at start, after every action and after a sweep
that changed a level (case_pages drives the sweep).

Keys (in the page): Enter opens the case view; Ctrl+1 开始办理, Ctrl+2 暂停计时, Ctrl+3 恢复计时,
Ctrl+4 延长期限, Ctrl+5 办结, Ctrl+6 撤回, Ctrl+7 转办, Ctrl+P prints the case's latest notice
(Ctrl+Shift+P on A4), Ctrl+J 今日提醒. Pausing, resuming and extending print the written notice
at once (行政许可法 Art. 45 wants the applicant told in writing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.workdays import WorkCalendar
from desk_client.services.app import Services
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_cases import CaseDetail, CaseView
from desk_client.ui.case_dialogs import (
    CALLS,
    NOTICES,
    PRINTED_AFTER,
    CaseActionDialog,
    CaseViewDialog,
    allowed,
)
from desk_client.ui.cases_model import COLUMNS, CasesModel
from desk_client.ui.cases_proxy import CasesProxy
from desk_client.ui.context import UiContext
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import MessageLine, label

TICK_MS = 1000
#: (shortcut, action); "open" has Enter.
ACTIONS = (
    ("Ctrl+1", "start"),
    ("Ctrl+2", "pause"),
    ("Ctrl+3", "resume"),
    ("Ctrl+4", "extend"),
    ("Ctrl+5", "complete"),
    ("Ctrl+6", "withdraw"),
    ("Ctrl+7", "transfer"),
)
LEVEL_CHOICES = ("", "red", "yellow", "green", "open", "missing")


def cases_table(proxy: CasesProxy) -> QTableView:
    view = QTableView()
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(34)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    return view


def size_columns(view: QTableView, widths: dict[str, int], columns: tuple[str, ...]) -> None:
    """Fixed starting widths (ResizeToContents would measure 10,000 rows); item stretches."""
    header = view.horizontalHeader()
    for column, name in enumerate(columns):
        if name == "item":
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            view.setColumnWidth(column, widths.get(name, 120))


WIDTHS = {
    "number": 170,
    "applicant": 290,
    "accepted": 120,
    "limit": 120,
    "deadline": 120,
    "remaining": 260,
    "level": 110,
    "staff": 110,
}


def my_and_covered(services: Services, session: StaffSession) -> tuple[CaseView, ...]:
    """Worker: my cases, then those of the colleagues I cover now (AB岗, issue 6)."""
    mine = services.cases.my_cases(session)
    known = {case.number for case in mine}
    covered = services.cover.covered_cases(session)
    return mine + tuple(case for case in covered if case.number not in known)


class CasesPage(QWidget):
    """``changed`` after an action succeeded (the board and the summary may refresh);
    ``completed`` with the CaseView of a case just completed (issue 7 rates the visit)."""

    changed = Signal()
    completed = Signal(object)

    def __init__(
        self,
        ctx: UiContext,
        session: StaffSession,
        printer: DocumentPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._runner = ctx.runner
        self._services = ctx.services
        self.session = session
        self.printer = printer
        config = ctx.services.config
        self.zone = ZoneInfo(session.hall.timezone or config.timezone)
        yellow = (config.yellow_days, config.yellow_percent)
        self.model = CasesModel(
            self.t, self.zone, ctx.services.clock.now, config.close_time, yellow
        )
        self.proxy = CasesProxy(self.model)
        self.started = False
        self._reading = False
        self._read_again = False
        self.dialog: CaseActionDialog | None = None
        self.case_dialog: CaseViewDialog | None = None
        self._build()
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)

    # ---- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.t("cases.filter_hint"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.level_box = QComboBox()
        for level in LEVEL_CHOICES:
            self.level_box.addItem(self.t(f"level.{level or 'all'}"), level)
        self.level_box.currentIndexChanged.connect(
            lambda _: self.proxy.set_level(str(self.level_box.currentData()))
        )
        self.count = label("", 13, bold=True)
        self.view = cases_table(self.proxy)
        size_columns(self.view, WIDTHS, COLUMNS)
        self.view.activated.connect(lambda _: self.open_case())  # Enter, or a double click
        self.filter.returnPressed.connect(self.open_case)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.message = MessageLine()
        top = QHBoxLayout()
        top.addWidget(self.filter, 3)
        top.addWidget(self.level_box)
        top.addWidget(self.count, 2, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._buttons())
        layout.addWidget(self.message)
        self._shortcut("Ctrl+F", self.focus_filter)
        self._shortcut("Ctrl+P", lambda: self.print_latest("80mm"))
        self._shortcut("Ctrl+Shift+P", lambda: self.print_latest("a4"))
        self.model.modelReset.connect(self._update_count)
        self.model.dataChanged.connect(self._data_changed)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        open_button = QPushButton(f"{self.t('case.open')}  Enter")
        open_button.clicked.connect(self.open_case)
        row.addWidget(open_button)
        for key, action in ACTIONS:
            button = QPushButton(f"{self.t(f'case.{action}')}  {key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, action=action: self.act(action))
            self.buttons[action] = button
            row.addWidget(button)
            self._shortcut(key, partial(self.act, action))
        self.summary_button = QPushButton(f"{self.t('case.summary')}  Ctrl+J")
        self.summary_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addStretch(1)
        row.addWidget(self.summary_button)
        return row

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # ---- reading ----------------------------------------------------------------------
    def start(self) -> None:
        """At login: read the cases and start the countdown (once)."""
        if not self.started:
            self.started = True
            self.model.sort(COLUMNS.index("remaining"))
            self.view.horizontalHeader().setSortIndicator(
                COLUMNS.index("remaining"), Qt.SortOrder.AscendingOrder
            )
            self.refresh()
            self.ticker.start()

    def set_calendar(self, calendar: WorkCalendar | None) -> None:
        self.model.set_calendar(calendar)

    def _tick(self) -> None:
        self.model.tick()

    def refresh(self) -> None:
        """Read the cases; asked while a read is in flight, read once more after it (that
        read may have started before the change that asks)."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        self._runner.submit(
            my_and_covered, self._services, self.session, on_done=self.apply, on_error=self._failed
        )

    def _read_done(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _failed(self, text: str) -> None:
        self._read_done()
        self.message.error(text)

    def apply(self, rows: tuple[CaseView, ...]) -> None:
        self._read_done()
        selected = self.selected()
        self.model.set_rows(rows)
        if selected is not None:
            self.select(selected.number)
        elif self.proxy.rowCount():
            self.view.selectRow(0)
        self._update_count()
        self._update_buttons()

    def select(self, number: str) -> None:
        row = self.model.row_of(number)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            rows = QItemSelectionModel.SelectionFlag.Rows
            self.view.selectionModel().setCurrentIndex(index, flags | rows)

    def selected(self) -> CaseView | None:
        current = self.view.currentIndex()
        return self.proxy.case_at(current.row()) if current.isValid() else None

    def _data_changed(self, top: Any, bottom: Any, roles: list[int]) -> None:
        if not roles:  # a new day or new rows: levels may have moved
            self._update_count()
            self._update_buttons()

    def _update_count(self) -> None:
        found = self.model.counts()
        self.count.setText(
            self.t(
                "cases.count",
                count=self.model.rowCount(),
                red=found.get("red", 0),
                yellow=found.get("yellow", 0),
            )
        )

    def _update_buttons(self) -> None:
        case = self.selected()
        for action, button in self.buttons.items():
            button.setEnabled(case is not None and allowed(case, action))

    # ---- acting -----------------------------------------------------------------------
    def act(self, action: str) -> None:
        case = self.selected()
        if case is None:
            self.message.error(self.t("cases.none_selected"))
            return
        if action == "start":
            self._call(action, case, {}, None)
            return
        dialog = CaseActionDialog(self.t, action, case, self.today(), self)
        dialog.submitted.connect(lambda values: self._call(action, case, values, dialog))
        self.dialog = dialog
        dialog.open()

    def today(self) -> date:
        return self._now().astimezone(self.zone).date()

    def _now(self) -> datetime:
        return self._services.clock.now()

    def _call(
        self, action: str, case: CaseView, values: dict[str, Any], dialog: CaseActionDialog | None
    ) -> None:
        def done(updated: CaseView) -> None:
            if dialog is not None:
                dialog.accept()
            name = self.t(f"case.{action}")
            self.message.info(self.t("cases.done", number=updated.number, action=name))
            self.refresh()
            self.changed.emit()
            if action == "complete":
                self.completed.emit(updated)
            if action in PRINTED_AFTER:
                self.print_notice(updated.number, PRINTED_AFTER[action], "80mm")

        refused = dialog.message.error if dialog is not None else self.message.error
        service = self._services.cases
        call = CALLS[action]
        self._runner.submit(
            call, service, self.session, case.number, values, on_done=done, on_error=refused
        )

    # ---- the case view and printing ---------------------------------------------------
    def open_case(self) -> None:
        case = self.selected()
        if case is None:
            if self.proxy.rowCount():
                self.view.selectRow(0)
                case = self.selected()
            if case is None:
                return
        self._runner.submit(
            self._services.cases.case,
            case.number,
            on_done=self.show_case,
            on_error=self.message.error,
        )

    def show_case(self, detail: CaseDetail) -> None:
        dialog = CaseViewDialog(self.t, self.zone, detail, self)
        dialog.print_requested.connect(self.print_notice)
        self.case_dialog = dialog
        dialog.open()

    def print_latest(self, paper: str) -> None:
        """The case's latest written notice (pause, resume or extension), read first."""
        case = self.selected()
        if case is None:
            self.message.error(self.t("cases.none_selected"))
            return

        def got(detail: CaseDetail) -> None:
            kinds = [NOTICES[e.type][0] for e in detail.timeline if e.type in NOTICES]
            if not kinds:
                self.message.error(self.t("cases.no_notice", number=case.number))
                return
            self.print_notice(case.number, kinds[-1], paper)

        self._runner.submit(
            self._services.cases.case, case.number, on_done=got, on_error=self.message.error
        )

    def print_notice(self, number: str, kind: str, paper: str) -> None:
        def printed(doc: PrintedDocument) -> None:
            self.printer.print_document(doc, self)
            self.message.info(self.t("cases.printed", number=number))

        self._runner.submit(
            self._services.cases.print_case_notice,
            number,
            kind,
            paper,
            on_done=printed,
            on_error=self.message.error,
        )

"""督办 (Ctrl+D): the whole hall's open cases for a supervisor or an administrator, red first.

The rows come from CaseService.board() (the central database, levels computed there now)
through the worker, every few seconds while the page is shown, never two reads at once. The
same CasesModel as 我的办件 shows them with the clerk and window added, and its 1 s tick keeps
the hours of the cases due today current between reads. Enter opens the case view.
An unreachable central database is told in the message line; the last rows stay.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_client.core.workdays import WorkCalendar
from desk_client.services.dto_cases import CaseDetail, CaseView
from desk_client.ui.case_dialogs import CaseViewDialog
from desk_client.ui.cases_model import BOARD_COLUMNS, CasesModel
from desk_client.ui.cases_proxy import CasesProxy
from desk_client.ui.cases_view import WIDTHS, cases_table, size_columns
from desk_client.ui.context import UiContext
from desk_client.ui.widgets import MessageLine, label

REFRESH_MS = 5000
TICK_MS = 1000


class BoardPage(QWidget):
    def __init__(self, ctx: UiContext, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._runner = ctx.runner
        self._services = ctx.services
        self.zone = zone
        config = ctx.services.config
        yellow = (config.yellow_days, config.yellow_percent)
        self.model = CasesModel(
            self.t, zone, ctx.services.clock.now, config.close_time, yellow, BOARD_COLUMNS
        )
        self.proxy = CasesProxy(self.model)
        self._reading = False
        self.case_dialog: CaseViewDialog | None = None
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.model.tick)

    def _build(self) -> None:
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.t("cases.filter_hint"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.count = label("", 13, bold=True)
        self.stamp = label("", 11)
        self.stamp.setStyleSheet("color: #5b6b7a;")
        refresh = QPushButton(self.t("board.refresh"))
        refresh.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        refresh.clicked.connect(self.refresh)
        self.view = cases_table(self.proxy)
        size_columns(self.view, WIDTHS, BOARD_COLUMNS)
        self.view.activated.connect(lambda _: self.open_case())  # Enter, or a double click
        self.message = MessageLine()
        top = QHBoxLayout()
        top.addWidget(label(self.t("board.title"), 15, bold=True))
        top.addWidget(self.filter, 2)
        top.addWidget(self.count, 1, Qt.AlignmentFlag.AlignRight)
        top.addWidget(self.stamp)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        level = BOARD_COLUMNS.index("level")
        self.model.sort(level)
        self.view.horizontalHeader().setSortIndicator(level, Qt.SortOrder.AscendingOrder)

    def set_calendar(self, calendar: WorkCalendar | None) -> None:
        self.model.set_calendar(calendar)

    # ---- reading ----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self.timer.start()
        self.ticker.start()
        self.view.setFocus()

    def hideEvent(self, event: object) -> None:  # noqa: N802
        self.timer.stop()
        self.ticker.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        if self._reading:
            return
        self._reading = True
        self._runner.submit(self._services.cases.board, on_done=self.apply, on_error=self._failed)

    def _failed(self, text: str) -> None:
        self._reading = False
        self.message.error(text)

    def apply(self, rows: tuple[CaseView, ...]) -> None:
        self._reading = False
        self.message.clear_text()
        current = self.view.currentIndex()
        selected = self.proxy.case_at(current.row()) if current.isValid() else None
        self.model.set_rows(rows)
        if selected is not None and (row := self.model.row_of(selected.number)) >= 0:
            self.view.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        found = self.model.counts()
        red, yellow = found.get("red", 0), found.get("yellow", 0)
        self.count.setText(self.t("cases.count", count=len(rows), red=red, yellow=yellow))
        now = self._services.clock.now().astimezone(self.zone)
        self.stamp.setText(self.t("board.refreshed", time=now.strftime("%H:%M:%S")))

    def red_numbers(self) -> list[str]:
        return [case.number for row, case in enumerate(self.model.rows()) if self._red(row)]

    def _red(self, row: int) -> bool:
        return self.model.live_at(row).level == "red"

    # ---- the case view ----------------------------------------------------------------
    def open_case(self) -> None:
        current = self.view.currentIndex()
        case = self.proxy.case_at(current.row() if current.isValid() else 0)
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
        for button in dialog.print_buttons.values():  # notices are printed at the clerk's window
            button.hide()
        self.case_dialog = dialog
        dialog.open()

"""咨询 (Ctrl+M): the inbox and my open inquiries, and the steps taken on them.

The inbox (待我处理) holds what was referred to me or to someone I cover (AB岗), and the
follow-ups I own that are due; below it, the open inquiries I own or cover (我的咨询). Both
come from InquiryService (inbox, mine) through the worker, at start, every REFRESH_MS while
the tab is shown, after every sync (a referral from another PC arrives by the central
database) and after every step. A follow-up is coloured by its warning level exactly like a
case (green, yellow, red, with a mark for colour-blind clerks).

Keys (in the page): Enter opens the inquiry with its timeline; Ctrl+1 接收, Ctrl+2 处理 (answer,
refer, guide or promise a reply), Ctrl+3 答复, Ctrl+4 退回, Ctrl+5 办结 (the person has been
told), Ctrl+P reprints the receipt slip, F5 reads again.

FollowUpBoard is the supervisor's 督办 tab's second table: the hall's follow-ups by date.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.app import Services
from desk_client.services.dto import StaffSession
from desk_client.services.dto_inquiries import InquiryView
from desk_client.ui.context import UiContext
from desk_client.ui.inquiries_model import BOARD_COLUMNS, InquiriesModel, can, state_text
from desk_client.ui.inquiry_dialogs import InquiryActions
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import MessageLine, add_section, label

REFRESH_MS = 10_000
#: (shortcut, step); "handle" is whichever of answer/refer/guide/follow_up the state allows.
STEPS = (
    ("Ctrl+1", "accept"),
    ("Ctrl+2", "handle"),
    ("Ctrl+3", "reply"),
    ("Ctrl+4", "hand_back"),
    ("Ctrl+5", "close"),
)
HANDLE = ("answer", "refer", "guide", "follow_up")
Lists = tuple[tuple[InquiryView, ...], tuple[InquiryView, ...]]


def allowed(view: InquiryView | None, step: str) -> bool:
    if step == "handle":
        return any(can(view, s) for s in HANDLE)
    return can(view, step)


def inquiries_table(model: InquiriesModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(34)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, name in enumerate(model.columns):
        if name == "matter":
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            view.setColumnWidth(column, WIDTHS.get(name, 120))
    return view


WIDTHS = {
    "number": 180,
    "person": 140,
    "phone": 140,
    "state": 110,
    "handler": 200,
    "owner": 140,
    "reply": 120,
    "level": 110,
    "created": 120,
}


def read_lists(services: Services, session: StaffSession) -> Lists:
    """Worker: both lists in one job, so they always agree."""
    return services.inquiries.inbox(session), services.inquiries.mine(session)


class InquiriesPage(QWidget):
    """``changed`` after a step went through (the other lists may refresh)."""

    changed = Signal()

    def __init__(
        self,
        ctx: UiContext,
        session: StaffSession,
        printer: DocumentPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._services = ctx.services
        self._runner = ctx.runner
        self.session = session
        zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.inbox = InquiriesModel(self.t, zone)
        self.mine = InquiriesModel(self.t, zone)
        self.started = False
        self._reading = False
        self.message = MessageLine()
        self.steps = InquiryActions(ctx, session, printer, self.message, self)
        self.steps.changed.connect(self._stepped)
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)

    # ---- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.count = label("", 13, bold=True)
        self.inbox_view = inquiries_table(self.inbox)
        self.mine_view = inquiries_table(self.mine)
        self.current_view = self.inbox_view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addWidget(self.count)
        for key, view, stretch in (
            ("inq.inbox", self.inbox_view, 3),
            ("inq.mine", self.mine_view, 2),
        ):
            add_section(layout, self.t(key), view, stretch)
            view.activated.connect(lambda _i, v=view: self.open_selected(v))
            view.selectionModel().currentRowChanged.connect(
                lambda current, _prev, v=view: self._current(v, current)
            )
        layout.addLayout(self._buttons())
        layout.addWidget(self.message)
        self._shortcut("Ctrl+P", self.print_selected)
        self._shortcut("F5", self.refresh)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        open_button = QPushButton(f"{self.t('case.open')}  Enter")
        open_button.clicked.connect(lambda: self.open_selected(self.current_view))
        row.addWidget(open_button)
        for key, step in STEPS:
            button = QPushButton(f"{self.t(f'inq.step.{step}')}  {key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, step=step: self.act(step))
            self.buttons[step] = button
            row.addWidget(button)
            self._shortcut(key, partial(self.act, step))
        row.addStretch(1)
        reprint = QPushButton(f"{self.t('inq.reprint')}  Ctrl+P")
        reprint.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        reprint.clicked.connect(self.print_selected)
        row.addWidget(reprint)
        return row

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    # ---- reading ------------------------------------------------------------------------
    def start(self) -> None:
        if not self.started:
            self.started = True
            self.timer.start()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.started:
            self.refresh()

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self._reading:
            return
        self._reading = True
        self._runner.submit(
            read_lists, self._services, self.session, on_done=self.apply, on_error=self._failed
        )

    def _failed(self, text: str) -> None:
        self._reading = False
        self.message.error(text)

    def apply(self, lists: Lists) -> None:
        self._reading = False
        selected = self.selected()
        inbox, mine = lists
        self.inbox.set_rows(inbox)
        self.mine.set_rows(mine)
        if selected is not None:
            self.select(selected.number)
        elif self.inbox.rowCount():
            self.inbox_view.selectRow(0)
        elif self.mine.rowCount():
            self.mine_view.selectRow(0)
        self._update()

    def _update(self) -> None:
        found = {**self.mine.counts()}
        for level, count in self.inbox.counts().items():
            found[level] = found.get(level, 0) + count
        self.count.setText(
            self.t(
                "inq.count",
                inbox=self.inbox.rowCount(),
                mine=self.mine.rowCount(),
                red=found.get("red", 0),
                yellow=found.get("yellow", 0),
            )
        )
        view = self.selected()
        for step, button in self.buttons.items():
            button.setEnabled(allowed(view, step))

    # ---- selection ----------------------------------------------------------------------
    def _current(self, view: QTableView, current: QModelIndex) -> None:
        if current.isValid():
            self.current_view = view
            other = self.mine_view if view is self.inbox_view else self.inbox_view
            other.clearSelection()
        self._update()

    def model_of(self, view: QTableView) -> InquiriesModel:
        return self.inbox if view is self.inbox_view else self.mine

    def selected(self) -> InquiryView | None:
        view = self.current_view
        rows = view.selectionModel().selectedRows()
        return self.model_of(view).row_at(rows[0].row()) if rows else None

    def select(self, number: str) -> None:
        for view in (self.inbox_view, self.mine_view):
            row = self.model_of(view).row_of(number)
            if row >= 0:
                self.current_view = view
                view.selectRow(row)
                return

    # ---- acting -------------------------------------------------------------------------
    def open_selected(self, view: QTableView) -> None:
        self.current_view = view
        chosen = self.selected()
        if chosen is not None:
            self.steps.open(chosen.number)

    def act(self, step: str) -> None:
        chosen = self.selected()
        if chosen is None:
            self.message.error(self.t("inq.none_selected"))
            return
        if not allowed(chosen, step):
            state = state_text(self.t, chosen.state)
            self.message.error(
                self.t(
                    "inq.not_now",
                    number=chosen.number,
                    state=state,
                    step=self.t(f"inq.step.{step}"),
                )
            )
            return
        self.steps.act(step, chosen)

    def print_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.message.error(self.t("inq.none_selected"))
            return
        self.steps.print_slip(chosen.number)

    def _stepped(self, _number: object) -> None:
        self.refresh()
        self.changed.emit()


class FollowUpBoard(QWidget):
    """督办's second table: the hall's promised replies (InquiryService.board), earliest date
    first, yellow near the date and red past it; read whenever the board is shown and every
    REFRESH_MS while it stays shown. Enter opens one."""

    def __init__(self, ctx: UiContext, session: StaffSession, printer: DocumentPrinter) -> None:
        super().__init__()
        self.t = ctx.labels
        self._services = ctx.services
        self._runner = ctx.runner
        zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.model = InquiriesModel(self.t, zone, BOARD_COLUMNS)
        self.message = MessageLine()
        self.steps = InquiryActions(ctx, session, printer, self.message, self)
        self.title = label("", 14, bold=True)
        self.title.setObjectName("sectionTitle")
        self.view = inquiries_table(self.model)
        self.view.activated.connect(lambda index: self._open(index.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self._reading = False
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        if self._reading:
            return
        self._reading = True
        self._runner.submit(
            self._services.inquiries.board, on_done=self.apply, on_error=self._failed
        )

    def _failed(self, text: str) -> None:
        self._reading = False
        self.message.error(text)

    def apply(self, rows: tuple[InquiryView, ...]) -> None:
        self._reading = False
        self.model.set_rows(rows)
        found = self.model.counts()
        self.title.setText(
            self.t(
                "inq.board", count=len(rows), red=found.get("red", 0), yellow=found.get("yellow", 0)
            )
        )

    def _open(self, row: int) -> None:
        chosen = self.model.row_at(row)
        if chosen is not None:
            self.steps.open(chosen.number)

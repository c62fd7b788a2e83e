"""The hall display (大厅综合屏, --mode display): recent calls and who waits.

A watcher thread loops CallWatcher.wait(timeout): on PostgreSQL a LISTEN wake-up returns at
once after any call from any window; elsewhere it returns after config.poll_ms, which makes
it a poll. Either way the thread only signals; the GUI then asks for hall_board() through
the worker (one fetch in flight at most, and one more if woken meanwhile). New calls are
announced; the first board after start is history and stays silent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from time import time
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.dto import CallRecord, HallBoard
from desk_client.ui.context import UiContext
from desk_client.ui.models import RowsModel, calls_model, queues_model
from desk_client.ui.voice import Announcer
from desk_client.ui.widgets import Banner, label

log = logging.getLogger(__name__)


class CallWatcherLike(Protocol):
    """What services.watcher_factory() returns (sync.notify.CallWatcher; ui may not import it)."""

    def wait(self, timeout_s: float) -> bool: ...

    def close(self) -> None: ...


DISPLAY_STYLE = """
QMainWindow, QWidget#displayRoot { background: #0d2c4a; }
QLabel { color: #ffffff; }
QFrame#latest { background: #123a60; border-radius: 18px; }
QTableView { background: #0d2c4a; color: #ffffff; border: none; font-size: 30px;
    gridline-color: #1e4a73; }
QHeaderView::section { background: #123a60; color: #cfe0f1; border: none; font-size: 22px;
    padding: 8px; }
"""


class WatcherThread(QThread):
    """Loops the CallWatcher; ``woke`` after each wait (a notice or the poll timeout)."""

    woke = Signal()

    def __init__(self, factory: Callable[[], CallWatcherLike], timeout_s: float) -> None:
        super().__init__()
        self.setObjectName("desk-call-watcher")
        self._factory = factory
        self._timeout_s = timeout_s
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                watcher = self._factory()
            except Exception:
                log.exception("cannot open the call watcher; polling")
                self.woke.emit()
                self._stop.wait(self._timeout_s)
                continue
            try:
                self._loop(watcher)
            finally:
                watcher.close()

    def _loop(self, watcher: CallWatcherLike) -> None:
        while not self._stop.is_set():
            try:
                watcher.wait(self._timeout_s)
            except Exception:
                log.exception("call watcher failed; reopening")
                return
            if not self._stop.is_set():
                self.woke.emit()

    def stop(self) -> None:
        self._stop.set()
        self.wait(int(self._timeout_s * 1000) + 3000)


def big_table(model: RowsModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(58)
    view.setShowGrid(False)
    return view


class HallDisplay(QMainWindow):
    def __init__(self, ctx: UiContext, announcer: Announcer) -> None:
        super().__init__()
        self.ctx = ctx
        self.t = ctx.labels
        self.announcer = announcer
        self.board: HallBoard | None = None
        self._seen: set[int] | None = None
        self._fetching = False
        self._dirty = False
        zone = ZoneInfo(ctx.services.config.timezone)
        self.calls = calls_model(self.t, zone)
        self.calls.highlight_row = 0
        self.queues = queues_model(self.t)
        self._build()
        config = ctx.services.config
        self.watcher = WatcherThread(ctx.services.watcher_factory, config.poll_ms / 1000)
        self.watcher.woke.connect(self.fetch)
        retry = config.retry_s
        ctx.monitor.changed.connect(
            lambda s: self.banner.follow(s.online, self.t("banner.offline", seconds=retry))
        )

    def _build(self) -> None:
        self.setWindowTitle(self.t("display.title"))
        self.setStyleSheet(DISPLAY_STYLE)
        root = QWidget()
        root.setObjectName("displayRoot")
        self.banner = Banner()
        self.hall_label = label("", 30, bold=True)
        self.hall_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer = QVBoxLayout(root)
        outer.setContentsMargins(28, 20, 28, 28)
        outer.addWidget(self.banner)
        outer.addWidget(self.hall_label)
        body = QHBoxLayout()
        body.setSpacing(28)
        body.addLayout(self._calls_column(), 3)
        body.addLayout(self._queues_column(), 2)
        outer.addLayout(body, 1)
        self.setCentralWidget(root)
        self.resize(1600, 900)

    def _calls_column(self) -> QVBoxLayout:
        latest = QFrame()
        latest.setObjectName("latest")
        self.latest_number = label(self.t("display.none"), 110, bold=True)
        self.latest_number.setStyleSheet("color: #f4d35e;")
        self.latest_window = label("", 40)
        box = QVBoxLayout(latest)
        box.setContentsMargins(20, 16, 20, 20)
        for widget in (self.latest_number, self.latest_window):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(widget)
        column = QVBoxLayout()
        column.setSpacing(16)
        column.addWidget(latest)
        self.calls_view = big_table(self.calls)
        column.addWidget(self.calls_view, 1)
        return column

    def _queues_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(label(self.t("display.queues"), 28, bold=True))
        self.queues_view = big_table(self.queues)
        column.addWidget(self.queues_view, 1)
        return column

    def start(self) -> None:
        self.show()
        self.fetch()
        self.watcher.start()

    def fetch(self) -> None:
        if self._fetching:
            self._dirty = True
            return
        self._fetching = True
        self.ctx.runner.submit(
            self.ctx.services.queue.hall_board, on_done=self.apply_board, on_error=self._failed
        )

    def _failed(self, message: str) -> None:
        self._fetching = False
        self.ctx.monitor.mark_offline(message)

    def apply_board(self, board: HallBoard) -> None:
        self._fetching = False
        self.board = board
        self.hall_label.setText(board.hall.name)
        self.calls.set_rows(board.recent_calls)
        self.queues.set_rows(board.queues)
        self._show_latest(board.recent_calls[0] if board.recent_calls else None)
        self._announce_new(board.recent_calls)
        if self._dirty:
            self._dirty = False
            self.fetch()

    def _show_latest(self, call: CallRecord | None) -> None:
        if call is None:
            self.latest_number.setText(self.t("display.none"))
            self.latest_window.setText("")
            return
        self.latest_number.setText(call.number)
        self.latest_window.setText(
            self.t("display.latest", number=call.number, window=call.window_number)
        )

    def _announce_new(self, calls: tuple[CallRecord, ...]) -> None:
        """Speak each call that appeared since the last board, and log it for the hall's IT.

        The log line ("shown call A001 window 3 at <epoch>") is what an operator greps when a
        citizen says the display never showed their number; the e2e test reads it too.
        """
        for call in reversed(calls):  # oldest first
            if self._seen is not None and call.id in self._seen:
                continue
            log.info("shown call %s window %d at %.3f", call.number, call.window_number, time())
            if self._seen is not None:
                self.announcer.announce(call.number, call.window_number)
        self._seen = {call.id for call in calls}

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.watcher.stop()
        super().closeEvent(event)

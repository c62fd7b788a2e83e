"""The clerk window's offline mode (离线模式): the mode banner, the sync counts, 应急号.

Which mode the window is in comes from the ConnectionMonitor (fed also by the sync worker
through SyncBridge). The banner and the status bar say it in words: 中心在线 or 离线模式, and
how many events wait to be sent and since when (待同步 3 条，最早 10:31). Poison events the
central database refused are counted in the status bar; the count opens their list with the
reasons. Offline, the shared queue cannot be called from; walk-ins get window-prefixed
emergency numbers (W03-001) from the local store, which the sync worker delivers later.

The offline style is amber, not red: the window still works, and the clerk should read it as
"serve people differently", not as an alarm.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QLabel,
    QPushButton,
    QStatusBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.app import Services
from desk_client.services.dto import (
    CategoryInfo,
    ConnectionStatus,
    EmergencyTicket,
    OutboxEventView,
    StaffSession,
    SyncStatus,
)
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.models import RowsModel, emergency_model, rejected_model
from desk_client.ui.sync import pending_text
from desk_client.ui.widgets import label

BANNER_STYLE = {
    "online": "background: #e8f3ea; color: #1b5e20; font-size: 15px; padding: 4px 12px;",
    "offline": "background: #fff3dc; color: #6b3a00; font-size: 18px; padding: 10px 14px;"
    " border-left: 8px solid #e08a00;",
    "unknown": "background: #eef1f4; color: #3b4a5a; font-size: 15px; padding: 4px 12px;",
}
MODE_COLOR = {"online": "#1b5e20", "offline": "#a15c00", "unknown": "#3b4a5a"}


class ModeBanner(QLabel):
    """Always visible in the clerk window: a slim green line online, an amber block offline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modeBanner")
        self.setWordWrap(True)
        self.mode = "unknown"

    def set_mode(self, mode: str, text: str) -> None:
        self.mode = mode
        self.setStyleSheet(f"QLabel#modeBanner {{ {BANNER_STYLE[mode]} }}")
        self.setText(text)


class RejectedDialog(QDialog):
    """The poison events with the central reason; the same list for clerk and supervisor."""

    def __init__(self, labels: Labels, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(labels("sync.rejected_title"))
        self.model: RowsModel[OutboxEventView] = rejected_model(labels, zone)
        view = QTableView()
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        close = QPushButton(labels("sync.close"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        hint = label(labels("sync.rejected_hint"), 13)
        hint.setWordWrap(True)
        for widget in (hint, view, close):
            layout.addWidget(widget)
        self.resize(760, 360)


class EmergencyPanel(QFrame):
    """Shown only offline: the category for the next walk-in, F8, and today's numbers."""

    def __init__(self, labels: Labels, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.category_box = QComboBox()
        self.category_box.setEditable(True)
        self.category_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        edit = self.category_box.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(labels("emergency.category_hint"))
        self.issue_button = QPushButton(f"F8  {labels('emergency.issue')}")
        self.issue_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.model: RowsModel[EmergencyTicket] = emergency_model(labels, zone)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.view.setMinimumHeight(140)
        layout = QVBoxLayout(self)
        title = label(labels("emergency.title"), 14, bold=True)
        for widget in (title, self.category_box, self.issue_button, self.view):
            layout.addWidget(widget)
        self.hide()

    def set_categories(self, categories: tuple[CategoryInfo, ...]) -> None:
        typed = self.category_box.currentText()
        self.category_box.clear()
        for category in categories:
            self.category_box.addItem(f"{category.code} {category.name}", category.code)
        if typed and not categories:
            self.category_box.setEditText(typed)

    def category_code(self) -> str:
        """The chosen category's code, or the letter the clerk typed (the service checks it)."""
        index = self.category_box.currentIndex()
        text = self.category_box.currentText().strip()
        if index >= 0 and self.category_box.itemText(index) == text:
            return str(self.category_box.itemData(index))
        return text.split(" ")[0] if text else ""


class OfflineMode(QObject):
    """Banner, status-bar pieces and emergency numbers of one clerk window."""

    issued = Signal(object)  # EmergencyTicket, just issued
    finished = Signal(object)  # EmergencyTicket, just finished
    refused = Signal(str)  # a refusal to show in the message line

    def __init__(
        self, ctx: UiContext, session: StaffSession, zone: ZoneInfo, parent: QObject | None = None
    ) -> None:
        """``parent``: the clerk window, so that the hall-wide signals it follows (the monitor,
        the sync bridge) stop reaching it once the window is deleted (a logout)."""
        super().__init__(parent)
        self.t = ctx.labels
        self.services: Services = ctx.services
        self.runner = ctx.runner
        self.monitor = ctx.monitor
        self.bridge = ctx.sync
        self.session = session
        self.window_number = session.window_number or 0
        self.zone = zone
        self.sync_status: SyncStatus | None = None
        self.current: EmergencyTicket | None = None
        self.dialog: RejectedDialog | None = None
        #: Widgets that show central data only (the shared queues): hidden while offline.
        self.central_only: tuple[QWidget, ...] = ()
        self.banner = ModeBanner()
        self.panel = EmergencyPanel(self.t, zone)
        self.panel.issue_button.clicked.connect(self.issue)
        self.mode_label = label(self.t("status.unknown"), 11)
        self.pending_label = label("", 11)
        self.rejected_button = QPushButton()
        self.rejected_button.setObjectName("rejected")
        self.rejected_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rejected_button.setStyleSheet("color: #b71c1c; padding: 2px 10px; font-size: 14px;")
        self.rejected_button.clicked.connect(self.show_rejected)
        self.rejected_button.hide()
        self.monitor.changed.connect(self._render)
        if self.bridge is not None:
            self.bridge.changed.connect(self.show_sync)
        self._render()

    # ---- mode ---------------------------------------------------------------------------
    @property
    def offline(self) -> bool:
        status = self.monitor.status
        return status is not None and not status.online

    def mode(self) -> str:
        status: ConnectionStatus | None = self.monitor.status
        if status is None:
            return "unknown"
        return "online" if status.online else "offline"

    def add_to(self, bar: QStatusBar) -> None:
        bar.insertWidget(0, self.mode_label)
        bar.addPermanentWidget(self.pending_label)
        bar.addPermanentWidget(self.rejected_button)

    def show_sync(self, status: SyncStatus) -> None:
        self.sync_status = status
        self._render()

    def _render(self, _status: object = None) -> None:
        mode = self.mode()
        sync = pending_text(self.t, self.sync_status, self.zone)
        backend = self.monitor.status.backend if self.monitor.status else ""
        if mode == "unknown":
            self.banner.set_mode(mode, self.t("status.unknown"))
            self.mode_label.setText(self.t("status.unknown"))
        else:
            seconds = self.services.config.retry_s
            self.banner.set_mode(mode, self.t(f"mode.banner_{mode}", seconds=seconds, sync=sync))
            text = self.t("mode.status", mode=self.t(f"mode.{mode}"), backend=backend or "?")
            self.mode_label.setText(text)
        self.mode_label.setStyleSheet(f"color: {MODE_COLOR[mode]}; font-weight: bold;")
        self.pending_label.setText(sync)
        self._render_rejected()
        if self.panel.isHidden() == (mode == "offline"):
            self.panel.setVisible(mode == "offline")
            for widget in self.central_only:
                widget.setVisible(mode != "offline")
            self.load_today()

    def _render_rejected(self) -> None:
        count = self.sync_status.rejected if self.sync_status else 0
        self.rejected_button.setText(self.t("sync.rejected", count=count))
        self.rejected_button.setVisible(count > 0)

    def show_rejected(self) -> None:
        self.runner.submit(self.services.sync.rejected, on_done=self._got_rejected)

    def _got_rejected(self, events: tuple[OutboxEventView, ...]) -> None:
        if self.dialog is None:
            self.dialog = RejectedDialog(self.t, self.zone, self.banner.window())
        self.dialog.model.set_rows(events)
        self.dialog.open()

    # ---- emergency numbers (应急号) ----------------------------------------------------
    def issue(self) -> None:
        """F8: offline only; online the shared queue is the way (F1)."""
        if not self.offline:
            self.refused.emit(self.t("emergency.online"))
            return
        offline = self.services.offline
        args = (self.window_number, self.panel.category_code(), self.session.staff_no)
        self.runner.submit(
            offline.issue_emergency, *args, on_done=self._issued, on_error=self.refused.emit
        )

    def _issued(self, ticket: EmergencyTicket) -> None:
        self.current = ticket
        self.issued.emit(ticket)
        self._recorded()

    def finish_current(self) -> bool:
        """F4 while an emergency number is served offline; False when there is none."""
        if not self.offline or self.current is None:
            return False
        number = self.current.number
        offline = self.services.offline
        args = (self.window_number, number, self.session.staff_no)
        self.runner.submit(
            offline.finish_emergency, *args, on_done=self._finished, on_error=self.refused.emit
        )
        return True

    def _finished(self, ticket: EmergencyTicket) -> None:
        self.current = None
        self.finished.emit(ticket)
        self._recorded()

    def _recorded(self) -> None:
        self.load_today()
        if self.bridge is not None:
            self.bridge.refresh()

    def load_today(self) -> None:
        self.runner.submit(
            self._today, on_done=self.panel.model.set_rows, on_error=self.refused.emit
        )

    def _today(self) -> tuple[EmergencyTicket, ...]:
        """On the worker: the window's first render asks, and the first read of
        services.offline makes it (services are made on first use)."""
        return self.services.offline.today(self.window_number)

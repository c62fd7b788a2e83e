"""The customer-facing screen (窗口外屏): the current number, huge, and where to go.

A second top-level window; on a machine with a second monitor it goes full screen there,
otherwise it stays a normal window the clerk can move. It holds no state of its own: the
clerk window tells it what to show. After a visit it shows the visit's rating code (issue 7:
ui.rating_code) in place of the number, until the next call or a few minutes.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desk_client.services.dto_ratings import RatingCode
from desk_client.ui.i18n import Labels
from desk_client.ui.rating_code import RatingCodePanel
from desk_client.ui.widgets import label

ACTIVE = ("called", "serving")


class CustomerScreen(QWidget):
    def __init__(self, labels: Labels, window_number: int, parent: QWidget | None = None) -> None:
        # It faces the citizen: it must never take the keyboard from the clerk's window.
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.t = labels
        self._window = window_number
        self.setWindowTitle(labels("customer.idle", window=window_number))
        self.setStyleSheet("background: #0d3b66; color: #ffffff;")
        self.number = label("", 120, bold=True)
        self.invite = label("", 40)
        self.caption = label(labels("customer.idle", window=window_number), 28)
        self.caption.setStyleSheet("color: #f4d35e;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        for widget in (self.caption, self.number, self.invite):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setWordWrap(True)
            layout.addWidget(widget, 1)
        self.code_panel = RatingCodePanel(labels)
        self.code_panel.shown.connect(lambda up: self._number_visible(not up))
        layout.addWidget(self.code_panel, 3)
        self.show_ticket(None, "")
        self.resize(900, 560)

    def show_ticket(self, number: str | None, state: str) -> None:
        if number and state in ACTIVE:
            self.code_panel.clear()  # the next person: the last visit's code goes
            self.number.setText(number)
            self.invite.setText(self.t("customer.invite", number=number, window=self._window))
        else:
            self.number.setText(self.t("customer.welcome"))
            self.invite.setText("")

    def show_code(self, code: RatingCode, zone: ZoneInfo) -> None:
        self.code_panel.show_code(code, zone)

    def show_thanks(self) -> None:
        self.code_panel.show_thanks()

    def _number_visible(self, visible: bool) -> None:
        for widget in (self.number, self.invite):
            widget.setVisible(visible)

    def place(self) -> None:
        """Full screen on the second monitor when there is one.

        With a single monitor it would cover the clerk's own panel, so it stays hidden until
        the clerk opens it (F9), as a small window in the corner of the screen.
        """
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setScreen(screens[1])
            self.setGeometry(screens[1].geometry())
            self.showFullScreen()

    def toggle(self) -> None:
        """F9: show or hide the screen (on a single monitor, in the bottom-right corner)."""
        if self.isVisible():
            self.hide()
            return
        area = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(900, area.width() // 2), min(560, area.height() // 2))
        self.move(area.right() - self.width(), area.bottom() - self.height())
        self.show()

"""The login dialog: staff number, password, window; Enter logs in.

The window list comes from services.queue.list_windows through the worker, once the
database is ready. A wrong password says only what the DeskError says (工号或密码错误):
never which of the two was wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.app import Services
from desk_client.services.dto import ConnectionStatus, StaffSession, WindowInfo
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import window_text
from desk_client.ui.widgets import Banner, MessageLine, label


class LoginDialog(QDialog):
    logged_in = Signal(object)  # StaffSession

    def __init__(
        self, ctx: UiContext, window_hint: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        labels = self.t = ctx.labels
        self._services = ctx.services
        self._runner = ctx.runner
        self._window_hint = window_hint
        self._busy = False
        self.session: StaffSession | None = None
        self.setWindowTitle(labels("login.title"))
        self.banner = Banner()
        self.staff_no = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.window_box = QComboBox()
        self.submit_button = QPushButton(labels("login.submit"))
        self.submit_button.setObjectName("primary")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.message = MessageLine()
        self._build()
        self.set_windows(())
        self._offline_text = labels("banner.offline", seconds=ctx.services.config.retry_s)
        ctx.monitor.changed.connect(self._follow_connection)  # a method: Qt drops it with us

    def _follow_connection(self, status: ConnectionStatus) -> None:
        self.banner.follow(status.online, self._offline_text)

    def _build(self) -> None:
        title = label(self.t("app.title"), 22, bold=True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        form = QFormLayout()
        form.setVerticalSpacing(14)
        for key, field in (
            ("login.staff_no", self.staff_no),
            ("login.password", self.password),
            ("login.window", self.window_box),
        ):
            field.setMinimumHeight(40)
            form.addRow(label(self.t(key), 16), field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        for widget in (self.banner, title):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.submit_button)
        self.setMinimumWidth(460)

    def set_windows(self, windows: Sequence[WindowInfo]) -> None:
        """Fill the combo; the configured window (or --window) is preselected."""
        self.window_box.clear()
        self.window_box.addItem(self.t("login.no_window"), None)
        for window in windows:
            text = window_text(self.t, window)
            self.window_box.addItem(text, window.number)
        if self._window_hint is not None:
            found = self.window_box.findData(self._window_hint)
            if found >= 0:
                self.window_box.setCurrentIndex(found)
        elif windows:
            self.window_box.setCurrentIndex(1)

    def load_windows(self) -> None:
        services = self._services
        self._runner.submit(
            lambda: services.queue.list_windows(),  # noqa: PLW0108 (see _open_session)
            on_done=self.set_windows,
            on_error=self.message.error,
        )

    def selected_window(self) -> int | None:
        data = self.window_box.currentData()
        return int(data) if data is not None else None

    def submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.submit_button.setEnabled(False)
        self.message.info(self.t("login.loading"))
        self._runner.submit(
            _open_session,
            self._services,
            self.staff_no.text().strip(),
            self.password.text(),
            self.selected_window(),
            on_done=self._done,
            on_error=self._refused,
        )

    def _done(self, session: StaffSession) -> None:
        self._busy = False
        self.session = session
        self.logged_in.emit(session)
        self.accept()

    def _refused(self, message: str) -> None:
        self._busy = False
        self.submit_button.setEnabled(True)
        self.message.error(message)
        self.password.selectAll()
        self.password.setFocus()


def _open_session(
    services: Services, staff_no: str, password: str, window: int | None
) -> StaffSession:
    """On the worker: services are made on first use, and making auth and sync imports
    SQLAlchemy, which has no place on the GUI thread (a fast clerk may log in before the
    start-up jobs made them)."""
    return services.auth.open_session(services.sync, staff_no, password, window)

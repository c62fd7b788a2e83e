"""ConnectionMonitor: asks services.health.check() through the worker, on a QTimer.

While the central database is unreachable it retries every config.retry_s and the windows
show the red banner; once online it checks again every minute (cheap) so the status bar
stays honest. Nothing here blocks: the check runs in the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desk_client.services.dto import ConnectionStatus
from desk_client.ui.worker import ServiceRunner

if TYPE_CHECKING:
    from desk_client.services.app import Services

ONLINE_RECHECK_MS = 60_000


class ConnectionMonitor(QObject):
    changed = Signal(object)  # ConnectionStatus
    came_online = Signal()

    def __init__(
        self,
        check: Callable[[], ConnectionStatus],
        runner: ServiceRunner,
        retry_s: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._check = check
        self._runner = runner
        self._retry_ms = max(retry_s, 1) * 1000
        self._checking = False
        self.status: ConnectionStatus | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_now)

    @property
    def online(self) -> bool:
        return self.status is not None and self.status.online

    def check_now(self) -> None:
        if self._checking:
            return
        self._checking = True
        self._runner.submit(self._check, on_done=self._got, on_error=self._failed)

    def mark_offline(self, detail: str) -> None:
        """Another call failed on the connection: show it now, retry on the usual timer."""
        backend = self.status.backend if self.status else ""
        self._got(ConnectionStatus(online=False, backend=backend, detail=detail))

    def set_status(self, status: ConnectionStatus) -> None:
        """A status found elsewhere (the screenshot tool's own check)."""
        self._got(status)

    def _failed(self, message: str) -> None:
        self._checking = False
        self.mark_offline(message)

    def _got(self, status: ConnectionStatus) -> None:
        self._checking = False
        was_offline = self.status is not None and not self.status.online
        self.status = status
        self.changed.emit(status)
        if status.online and was_offline:
            self.came_online.emit()
        self._timer.start(ONLINE_RECHECK_MS if status.online else self._retry_ms)

    def stop(self) -> None:
        self._timer.stop()


def health_check(services: Services) -> Callable[[], ConnectionStatus]:
    """services.health.check, looked up only when the worker calls it: the first lookup makes
    the health service (services are made on first use), which imports SQLAlchemy."""

    def check() -> ConnectionStatus:
        return services.health.check()

    return check

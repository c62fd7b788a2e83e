"""SyncBridge: the sync worker's reports, delivered on the GUI thread.

services.sync runs its worker in a plain Python thread and calls ``on_status`` from there.
Widgets must never be touched from that thread, so the callback only emits a signal wired with
a queued connection: Qt posts it to the GUI thread's event loop, where ``changed`` is emitted.

The bridge also keeps the ConnectionMonitor honest: the worker often learns first that the
central database went away (or came back), and the monitor is the one place every window reads
the mode from.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, Signal

from desk_client.core.errors import DeskError
from desk_client.services.dto import SyncStatus
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.i18n import Labels
from desk_client.ui.worker import ServiceRunner

if TYPE_CHECKING:
    from desk_client.services.sync import SyncService

log = logging.getLogger(__name__)


class SyncBridge(QObject):
    changed = Signal(object)  # SyncStatus, on the GUI thread
    _posted = Signal(object)  # emitted from the sync worker's thread

    def __init__(
        self,
        sync: Callable[[], SyncService],
        runner: ServiceRunner,
        monitor: ConnectionMonitor,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        #: The service is made on first use (services.app); the bridge asks for it only when
        #: it starts, by which time the worker made it (launch's start_sync_after_prepare).
        self._sync = sync
        self._started = False
        self._runner = runner
        self._monitor = monitor
        self.status: SyncStatus | None = None
        self._posted.connect(self._arrived, Qt.ConnectionType.QueuedConnection)

    def start(self, sleep: Callable[[float], None] | None = None) -> bool:
        """Start the worker; False (logged) when there is no local store to sync from."""
        try:
            self._sync().start(self._post, sleep)
        except DeskError as exc:
            log.warning("sync worker not started: %s", exc)
            return False
        self._started = True
        return True

    def stop(self) -> None:
        """Stop the worker and wait for it: after this no report arrives any more."""
        if self._started:
            self._sync().stop()

    def refresh(self) -> None:
        """Read the counts now (after a local record), through the service worker."""
        self._runner.submit(
            lambda: self._sync().status(), on_done=self._arrived, on_error=log.warning
        )

    def _post(self, status: SyncStatus) -> None:  # sync worker thread: no widgets here
        with contextlib.suppress(RuntimeError):  # the bridge is gone: the program is closing
            self._posted.emit(status)

    def _arrived(self, status: SyncStatus) -> None:
        self.status = status
        self.changed.emit(status)
        self._tell_monitor(status)

    def _tell_monitor(self, status: SyncStatus) -> None:
        monitor = self._monitor
        if status.state == "offline" and monitor.online:
            monitor.mark_offline(status.last_error)
        elif status.state == "online" and monitor.status is not None and not monitor.online:
            monitor.check_now()


def clock_text(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return ""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).strftime("%H:%M")


def pending_text(labels: Labels, status: SyncStatus | None, zone: ZoneInfo) -> str:
    """待同步 3 条，最早 10:31 — or 已全部同步 when nothing waits."""
    if status is None:
        return ""
    if status.pending == 0:
        return labels("sync.all_sent")
    oldest = clock_text(status.oldest_pending_at, zone)
    return labels("sync.pending", count=status.pending, oldest=oldest or "?")

"""after_first_paint: start-up work that waits until a window is on screen.

A clerk should see the window first and the rest follow: the worker's start-up jobs (which
import SQLAlchemy and the services) and the pages behind the queue start from here. Work done
before the first paint delays it, even on another thread: the machine has few cores and
Python one interpreter lock.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: Should no paint come (a window never shown), the work starts anyway after this long.
FALLBACK_MS = 1000


class _FirstPaint(QObject):
    """Watches one widget's events; runs the callback once, a turn after its first paint
    (so the paint has reached the screen), or at the fallback."""

    def __init__(self, widget: QWidget, callback: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            self._widget.removeEventFilter(self)
            callback()


def after_first_paint(
    widget: QWidget, callback: Callable[[], None], fallback_ms: int = FALLBACK_MS
) -> None:
    """Call ``callback`` once, on the GUI thread, right after ``widget`` first painted."""
    _FirstPaint(widget, callback, fallback_ms)

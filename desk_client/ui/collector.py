"""Python's cyclic garbage collection, on the GUI thread only.

CPython collects cycles in whichever thread crosses an allocation threshold: the
ServiceRunner's worker, the sync worker, a feed. A window or dialog that was dropped while
those threads ran (a logout, a dialog replaced by the next one) is often held in a cycle
with the desks and lambdas that refer to it, and a collection on another thread would then
destroy its Qt objects off the GUI thread, which crashes the process (seen as segfaults
"Garbage-collecting" under a worker's stack). So automatic collection is turned off while
the program runs, and a GUI-thread timer collects generation by generation as CPython's own
thresholds say: the pattern of pyqtgraph's GarbageCollector and calibre.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How often the GUI thread looks at the allocation counts (a cheap check).
CHECK_MS = 100


class GuiThreadCollector(QObject):
    """Collects on the GUI thread's timer; automatic collection is off while it runs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self.timer.start(CHECK_MS)

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, youngest first."""
        counts = gc.get_count()
        for generation in range(3):
            if counts[generation] <= self.thresholds[generation]:
                return
            gc.collect(generation)

    def stop(self) -> None:
        """Collect everything now, on this (the GUI) thread, and give collection back."""
        self.timer.stop()
        gc.collect()
        gc.enable()


_pinned: list[GuiThreadCollector] = []


def pin_collection() -> GuiThreadCollector:
    """Start the one collector of this process (on the QApplication); later calls return it."""
    if not _pinned:
        collector = GuiThreadCollector(QCoreApplication.instance())
        collector.start()
        _pinned.append(collector)
    return _pinned[0]


def unpin_collection() -> None:
    """Stop the collector (tests, between programs): collect now and re-enable automatic
    collection. Only when no other thread of the program still runs."""
    if _pinned:
        _pinned.pop().stop()

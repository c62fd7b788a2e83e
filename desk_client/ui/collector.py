"""Python's cyclic garbage collection, on the GUI thread only.

CPython collects cycles in whichever thread crosses an allocation threshold: the
ServiceRunner's worker, the sync worker, a feed. A window or dialog that was dropped while
those threads ran (a logout, a dialog replaced by the next one) is often held in a cycle
with the desks and lambdas that refer to it, and a collection on another thread would then
destroy its Qt objects off the GUI thread, which crashes the process (seen as segfaults
"Garbage-collecting" under a worker's stack). So automatic collection is turned off while
the program runs, and a GUI-thread timer collects generation by generation as CPython's own
thresholds say: the pattern of pyqtgraph's GarbageCollector and calibre.

What was alive when collection was pinned (the modules and Qt's bindings, alive for good) is
frozen out of collection (``gc.freeze``) and stays frozen. CPython's own collector skips a
full collection until the old generation has grown by a quarter; the timer cannot see that
count, so each of its full collections walks everything not frozen, on the GUI thread. A
process that pins again (the tests start a program per test) first collects what is not
frozen yet, so the last program's garbage is freed, not frozen, and each test's collections
walk only what it made: without the freeze they walked every earlier test's survivors too
(about 0.3 s a collection at 700,000 objects on a slow machine, a third of the GUI tests' time).

The program (``ui.app.main``, not the tests, which start many programs in one process) also
*settles*: once its start-up jobs are done, and a few seconds after each clerk window opened,
it unfreezes, collects everything once and freezes what survives. The heap is then at its
steady state (SQLAlchemy, reportlab, the services, the window's pages: some 130,000 objects
imported and built after the pin), and the full collections that come every few minutes
walk only what was made since: ~95 ms each before, on this 2-core machine, a few ms after
(``bench/collector.py``). What a session drops (the window of a clerk who logged out) is
freed by the next settle, which unfreezes first.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How often the GUI thread looks at the allocation counts (a cheap check).
CHECK_MS = 100
#: From a window's first paint to the settle: its pages are built by then.
SETTLE_MS = 3000


class GuiThreadCollector(QObject):
    """Collects on the GUI thread's timer; automatic collection is off while it runs."""

    def __init__(self, parent: QObject | None = None, *, settles: bool = False) -> None:
        super().__init__(parent)
        self.settles = settles
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        if gc.get_freeze_count():  # pinned before in this process: free, not freeze, its garbage
            gc.collect()
        gc.freeze()
        self.timer.start(CHECK_MS)

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, youngest first."""
        counts = gc.get_count()
        for generation in range(3):
            if counts[generation] <= self.thresholds[generation]:
                return
            gc.collect(generation)

    def settle(self) -> None:
        """Collect everything once, frozen or not, and freeze what survives (see the module's
        docstring); nothing unless this collector ``settles`` (the program's, not a test's)."""
        if self.settles:
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    def stop(self) -> None:
        """Collect what was made since :meth:`start` now, on this (the GUI) thread, and give
        automatic collection back (the frozen objects stay out of it)."""
        self.timer.stop()
        gc.collect()
        gc.enable()


_pinned: list[GuiThreadCollector] = []


def pin_collection(*, settles: bool = False) -> GuiThreadCollector:
    """Start the one collector of this process (on the QApplication); later calls return it.
    ``settles``: the program's own (ui.app.main), which settles after its start-up."""
    if not _pinned:
        collector = GuiThreadCollector(QCoreApplication.instance(), settles=settles)
        collector.start()
        _pinned.append(collector)
    return _pinned[0]


def unpin_collection() -> None:
    """Stop the collector (tests, between programs): collect now and re-enable automatic
    collection. Only when no other thread of the program still runs."""
    if _pinned:
        _pinned.pop().stop()


def settle() -> None:
    """Settle the pinned collector (GuiThreadCollector.settle), if there is one."""
    if _pinned:
        _pinned[0].settle()


def settle_later(delay_ms: int = SETTLE_MS) -> None:
    """Settle once the event loop has run ``delay_ms`` more: a window's pages are built in
    the turns after its first paint."""
    QTimer.singleShot(delay_ms, settle)

"""RatingFeed: the thread that brings submitted ratings to the window within two seconds.

It loops on the services' rating watcher: on PostgreSQL a LISTEN on desk_rating_<hall> wakes
it as soon as a rating commits; elsewhere the wait simply times out after WAIT_S, which makes
it a poll. After every wake-up it calls ``services.ratings.fetch_new()`` itself (not through
the ServiceRunner, whose one thread may be busy with a clerk's long job for longer than two
seconds): the central ratings past this PC's cursor, stored locally in one transaction. New
ratings go to the GUI thread by ``arrived``; a full batch is fetched again at once.

The ratings of the first round after start are history (a PC that was off has a backlog):
``arrived`` says so, and the window lists them without announcing them. A DeskError (the
central database unreachable) is posted by ``failed`` as its text; the feed then backs off,
doubling up to BACKOFF_MAX_S, and goes on by itself, posting ``recovered`` once it reads again.

Stopping sets a flag and waits: the thread closes its watcher itself, because a PostgreSQL
watcher's connection may not be closed from another thread while it waits on it. The window
stops its feed when it closes; a feed still running when the interpreter exits (a batch job
that never closed its window) is stopped at exit, since Qt aborts on a running QThread's
destruction.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QThread, Signal

from desk_client.core.errors import DeskError
from desk_client.services.dto_ratings import RatingView
from desk_client.ui.i18n import tr

log = logging.getLogger(__name__)

#: The poll interval where nothing wakes the feed: two polls fit in the 2 s promise.
WAIT_S = 0.5
BACKOFF_S = 1.0
BACKOFF_MAX_S = 15.0
#: The most ratings fetch_new returns at once (the services' page size).
BATCH = 500
#: How long stop() waits: a wait, and a fetch against a database that stopped answering.
STOP_WAIT_MS = 20_000


#: Feeds started and not stopped; held here so that a dropped window's feed is never
#: destroyed while it runs.
_RUNNING: set[RatingFeed] = set()


@atexit.register
def _stop_running() -> None:
    for feed in list(_RUNNING):
        feed.stop()


class WatcherLike(Protocol):
    """What services.ratings.make_watcher() returns (a sync.notify.CallWatcher)."""

    def wait(self, timeout_s: float) -> bool: ...

    def close(self) -> None: ...


class RatingSource(Protocol):
    """The two calls of services.ratings the feed makes."""

    def make_watcher(self) -> WatcherLike: ...

    def fetch_new(self) -> tuple[RatingView, ...]: ...


class _Poll:
    """A watcher that only waits out its timeout (or the feed's stop)."""

    def __init__(self, stop: threading.Event) -> None:
        self._stop = stop

    def wait(self, timeout_s: float) -> bool:
        return not self._stop.wait(timeout_s)

    def close(self) -> None:
        pass


class RatingFeed(QThread):
    arrived = Signal(object, bool)  # tuple[RatingView, ...] oldest first; history or not
    failed = Signal(str)
    recovered = Signal()

    def __init__(
        self, source: Callable[[], RatingSource], language: str, wait_s: float = WAIT_S
    ) -> None:
        super().__init__()
        self.setObjectName("desk-rating-feed")
        self._source = source
        self._language = language
        self._wait_s = wait_s
        self._stop = threading.Event()
        self._backoff = BACKOFF_S
        self._failing = False
        self._history = True
        #: Rounds read so far (a test waits for the first before it submits a rating).
        self.rounds = 0

    def start(self, priority: QThread.Priority = QThread.Priority.InheritPriority) -> None:
        _RUNNING.add(self)
        super().start(priority)

    def run(self) -> None:
        while not self._stop.is_set():
            watcher = self._open()
            try:
                failed = self._follow(watcher)
            finally:
                watcher.close()
            if failed and not self._stop.is_set():
                self._back_off()

    def _open(self) -> WatcherLike:
        """The LISTEN watcher, or, while it cannot be opened (the central database away),
        a plain poll; the next round after a failure tries to LISTEN again."""
        try:
            return self._source().make_watcher()
        except Exception as exc:
            log.warning("rating watcher unavailable (%s); polling", exc)
            return _Poll(self._stop)

    def _follow(self, watcher: WatcherLike) -> bool:
        """Read, then wait for a wake-up or the poll, until stopped; True when reading or
        waiting failed. A plain poll returns after one round, to try LISTEN again."""
        while not self._stop.is_set():
            count = self._read()
            if count < 0:
                return True
            if count >= BATCH:
                continue  # more are waiting: no need to be woken for them
            try:
                watcher.wait(self._wait_s)
            except Exception:
                log.exception("rating watcher failed; reopening")
                return True
            if isinstance(watcher, _Poll):
                return False
        return False

    def _read(self) -> int:
        """One fetch_new: how many ratings came, or -1 when it failed."""
        try:
            views = self._source().fetch_new()
        except DeskError as error:
            self._fail(error.message(self._language))
            return -1
        except Exception:
            log.exception("reading new ratings failed")
            self._fail(tr("error.unexpected", self._language))
            return -1
        if self._failing:
            self._failing = False
            self.recovered.emit()
        self._backoff = BACKOFF_S
        history = self._history
        self._history = history and len(views) >= BATCH
        if views or history:
            self.arrived.emit(tuple(views), history)
        self.rounds += 1
        return len(views)

    def _fail(self, text: str) -> None:
        self._failing = True
        self.failed.emit(text)

    def _back_off(self) -> None:
        self._stop.wait(self._backoff)
        self._backoff = min(self._backoff * 2, BACKOFF_MAX_S)

    def stop(self) -> bool:
        """Ask the loop to end and wait for it; False if it did not end in STOP_WAIT_MS."""
        self._stop.set()
        _RUNNING.discard(self)
        return bool(self.wait(STOP_WAIT_MS))

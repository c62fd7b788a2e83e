"""ServiceRunner: the one worker thread that calls the services for the GUI.

Service methods block on the database, so the GUI thread never calls them. It submits a
callable here; one QThread (one writer, jobs run in submission order) runs it and posts the
result back through a queued signal, and the callback then runs on the GUI thread.
A DeskError reaches ``on_error`` as its message in the configured language; anything else is
logged with its traceback and reported as a generic message: the program survives.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from desk_client.core.errors import DeskError
from desk_client.ui.i18n import tr

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[str], None]


@dataclass(frozen=True)
class _Job:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    on_done: OnDone | None
    on_error: OnError | None


class _WorkerThread(QThread):
    """Runs jobs from a queue until it reads None."""

    delivered = Signal(object)  # (job, value or message, ok)

    def __init__(self, jobs: queue.SimpleQueue[_Job | None], language: str) -> None:
        super().__init__()
        self.setObjectName("desk-service-worker")
        self._jobs = jobs
        self._language = language

    def run(self) -> None:
        while (job := self._jobs.get()) is not None:
            self._run_one(job)

    def _run_one(self, job: _Job) -> None:
        try:
            value = job.fn(*job.args)
        except DeskError as exc:
            self.delivered.emit((job, exc.message(self._language), False))
        except Exception:
            log.exception("service call %s failed", getattr(job.fn, "__qualname__", job.fn))
            self.delivered.emit((job, tr("error.unexpected", self._language), False))
        else:
            self.delivered.emit((job, value, True))


class ServiceRunner(QObject):
    """Submit service calls from the GUI thread; callbacks come back on the GUI thread."""

    pending_changed = Signal(int)
    #: Errors of jobs submitted without ``on_error`` (the windows show them in a message line).
    error = Signal(str)

    def __init__(
        self, language: str = "zh_CN", parent: QObject | None = None, *, start: bool = True
    ) -> None:
        """``start=False`` queues jobs until :meth:`start`: the program starts its worker
        once the first window painted, so nothing competes with that paint."""
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._pending = 0
        self._stopped = False
        self._thread = _WorkerThread(self._jobs, language)
        self._thread.delivered.connect(self._deliver)
        if start:
            self.start()

    def start(self) -> None:
        """Run the queued jobs, and every later one (again: nothing)."""
        if not self._thread.isRunning() and not self._thread.isFinished():
            self._thread.start()

    @property
    def pending(self) -> int:
        return self._pending

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> None:
        """Queue ``fn(*args)``; ignored after :meth:`stop` (the program is closing)."""
        if self._stopped:
            return
        self._set_pending(self._pending + 1)
        self._jobs.put(_Job(fn, args, on_done, on_error))

    def _deliver(self, outcome: tuple[_Job, Any, bool]) -> None:
        job, value, ok = outcome
        self._set_pending(self._pending - 1)
        if self._stopped:
            return
        try:
            self._call_back(job, value, ok)
        except Exception:
            log.exception("GUI callback for %s failed", getattr(job.fn, "__qualname__", job.fn))

    def _call_back(self, job: _Job, value: Any, ok: bool) -> None:
        if ok:
            if job.on_done is not None:
                job.on_done(value)
        elif job.on_error is not None:
            job.on_error(value)
        else:
            self.error.emit(value)

    def _set_pending(self, count: int) -> None:
        self._pending = max(count, 0)
        self.pending_changed.emit(self._pending)

    def stop(self, timeout_ms: int = 5000, final: Callable[[], Any] | None = None) -> bool:
        """Finish the running job, drop callbacks, end the thread. False if it did not end.

        ``final`` still runs in the worker after the dropped jobs (e.g. recording the logout).
        """
        if self._stopped:
            return True
        self._stopped = True
        try:  # jobs not started yet are dropped: nobody waits for their answers any more
            while True:
                self._jobs.get_nowait()
        except queue.Empty:
            pass
        if final is not None:
            self._jobs.put(_Job(final, (), None, None))
        self._jobs.put(None)
        self.start()  # never started: it still runs ``final``
        return bool(self._thread.wait(timeout_ms))

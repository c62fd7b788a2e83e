"""Cycles holding Qt objects are collected on the GUI thread only (ui/collector.py)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desk_client.ui.collector import pin_collection, unpin_collection

TIMEOUT = 5000


class Held(QObject):
    """A QObject in a reference cycle with itself: only the cycle collector frees it."""

    def __init__(self) -> None:
        super().__init__()
        self.me = self


def test_a_cycle_dropped_while_a_worker_allocates_is_freed_on_the_gui_thread(
    qtbot: QtBot,
) -> None:
    assert pin_collection().timer.isActive() and not gc.isenabled()
    freed_on: list[str] = []
    held = Held()
    weakref.finalize(held, lambda: freed_on.append(threading.current_thread().name))
    del held

    kept: list[list[int]] = []

    def allocate() -> None:  # far past generation 0's threshold: CPython would collect here
        kept.extend([index] for index in range(200_000))

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert freed_on == []  # not on the worker
    qtbot.waitUntil(lambda: freed_on == [threading.main_thread().name], timeout=TIMEOUT)


def test_the_next_pin_frees_the_last_programs_garbage_and_freezes_the_rest() -> None:
    """A program dropped after its unpin is freed when the next one pins, not frozen with
    what is alive then (which the timer's collections pass over from then on)."""
    unpin_collection()
    gc.disable()  # no automatic collection in between: only the pin may free it
    dropped = Held()
    freed: list[bool] = []
    weakref.finalize(dropped, lambda: freed.append(True))
    del dropped
    pin_collection()
    assert freed == [True]
    assert gc.get_freeze_count() > 10_000 and not gc.isenabled()

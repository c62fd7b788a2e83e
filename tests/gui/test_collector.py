"""Cycles holding Qt objects are collected on the GUI thread only (ui/collector.py)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import weakref

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desk_client.ui.collector import pin_collection, settle, unpin_collection

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


#: A program's own collector, in a process of its own: a settle freezes what a test's
#: process must be able to free after the test.
SETTLING = """
import gc, json, weakref
from PySide6.QtCore import QCoreApplication, QObject
from desk_client.ui import collector

app = QCoreApplication([])

class Held(QObject):
    def __init__(self):
        super().__init__()
        self.me = self
        self.load = [[i] for i in range(20_000)]  # a window's pages, say

pinned = collector.pin_collection(settles=True)
window = Held()
gone = []
weakref.finalize(window, lambda: gone.append(True))
built = len(gc.get_objects())
collector.settle()
settled = len(gc.get_objects())
window = None  # a logout: the window is dropped, in a cycle, frozen
gc.collect()
kept_by_a_plain_collection = not gone
collector.settle()  # the next login's
print(json.dumps({
    "walked_when_built": built,
    "walked_after_settle": settled,
    "kept_by_a_plain_collection": kept_by_a_plain_collection,
    "freed_by_the_next_settle": gone == [True],
}))
"""


def test_the_programs_settle_freezes_the_built_heap_and_frees_the_last_sessions() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SETTLING],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["walked_when_built"] > 20_000
    assert found["walked_after_settle"] < 1_000
    assert found["kept_by_a_plain_collection"] and found["freed_by_the_next_settle"]


def test_a_tests_collector_does_not_settle() -> None:
    """Tests start many programs in one process: a settle there would freeze each one's."""
    frozen = gc.get_freeze_count()
    settle()
    assert gc.get_freeze_count() == frozen

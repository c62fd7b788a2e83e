"""A guard against a reference-count bug in PySide6 6.12.0's ``SignalInstance.emit``.

There, every ``signal.emit(...)`` made from Python returns ``True`` without owning a
reference to it, so each emit takes one reference from the ``True`` singleton for good.
After a few hundred emits (one busy morning of a clerk window) Python aborts with
"bool_dealloc: deallocating True or False". :func:`emit` is what the program uses instead
of ``.emit``: it probes once whether the running PySide6 has the bug and, if so, gives the
reference back after each emit. With a fixed PySide6 it is a plain emit.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    fired = Signal()


def _emit_leaks() -> bool:
    """Emit a few times and see whether True lost references (then give them back)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(lost, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost > 0


EMIT_LEAKS = _emit_leaks()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, returning the reference a buggy PySide6 takes from True."""
    signal.emit(*args)
    if EMIT_LEAKS:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))

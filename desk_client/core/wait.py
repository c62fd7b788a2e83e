"""Estimated wait per category, from the tickets served today.

The estimate is the mean service time of today's finished tickets in the category, times
the people ahead, shared among the windows open for it. With nothing served yet there is
no honest estimate, and None says so (the screens show "暂无" rather than a guess).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class WaitEstimate:
    minutes: int | None
    mean_service_s: float | None
    sample: int


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def estimate_wait(
    service_seconds: Sequence[float], people_ahead: int, open_windows: int
) -> WaitEstimate:
    """Minutes until a newly issued ticket is likely called (rounded up)."""
    valid = [s for s in service_seconds if s >= 0]  # a clock step can make one negative
    mean_s = mean(valid)
    if mean_s is None:
        return WaitEstimate(None, None, 0)
    windows = max(open_windows, 1)
    minutes = math.ceil(people_ahead * mean_s / windows / 60) if people_ahead > 0 else 0
    return WaitEstimate(minutes, mean_s, len(valid))

"""The estimated wait: mean service time x people ahead / open windows, rounded up."""

from __future__ import annotations

import pytest

from desk_client.core.wait import estimate_wait, mean


def test_no_history_means_no_estimate() -> None:
    estimate = estimate_wait([], people_ahead=5, open_windows=2)
    assert (estimate.minutes, estimate.mean_service_s, estimate.sample) == (None, None, 0)


def test_estimate_is_shared_among_windows_and_rounded_up() -> None:
    estimate = estimate_wait([240, 360], people_ahead=5, open_windows=2)  # mean 300 s
    assert estimate.mean_service_s == 300
    assert estimate.minutes == 13  # 5 x 300 / 2 / 60 = 12.5 -> 13
    assert estimate.sample == 2


def test_exact_minutes_are_not_rounded_up_further() -> None:
    assert estimate_wait([180], people_ahead=3, open_windows=1).minutes == 9


def test_nobody_ahead_waits_zero_minutes() -> None:
    assert estimate_wait([300], people_ahead=0, open_windows=1).minutes == 0


def test_no_open_window_counts_as_one() -> None:
    assert estimate_wait([60], people_ahead=4, open_windows=0).minutes == 4


def test_negative_durations_are_ignored() -> None:
    """A clock step can make finished_at < called_at: such samples are dropped, and not counted."""
    estimate = estimate_wait([-30, 120, 240], people_ahead=1, open_windows=1)
    assert estimate.mean_service_s == 180
    assert estimate.minutes == 3
    assert estimate.sample == 2


def test_only_bad_samples_means_no_estimate() -> None:
    assert estimate_wait([-1, -2], people_ahead=3, open_windows=1).minutes is None


def test_mean() -> None:
    assert mean([]) is None
    assert mean([1, 2, 3, 4]) == pytest.approx(2.5)

"""web.defaults without a database: a failing pass is logged and retried, stop ends the loop."""

from __future__ import annotations

import pytest

from desk_client.config import Config
from desk_client.web.defaults import DefaultsSweeper


def test_a_failing_pass_counts_nothing_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    def broken(config: Config) -> int:
        raise ConnectionError("central database away")

    assert DefaultsSweeper(Config(), apply=broken).sweep_once() == 0
    assert "applying the default ratings failed" in caplog.text


def test_the_loop_runs_a_pass_at_once_and_ends_when_stopped() -> None:
    passes: list[Config] = []
    config = Config()

    def count(seen: Config) -> int:
        passes.append(seen)
        sweeper.stop()
        return 2

    sweeper = DefaultsSweeper(config, every_s=3600, apply=count)
    sweeper.run()  # in this thread: the first pass stops it, so run() returns
    assert passes == [config]

"""Real processes against a real central database."""

from __future__ import annotations

import os
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_client.store.databases import scratch_database
from tests.conftest import PG_ENV, database_url


@pytest.fixture
def pg_hall_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped after the test."""
    with scratch_database(database_url(PG_ENV), "desk_e2e") as url:
        yield url


@pytest.fixture
def process_env(pg_hall_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_")}
    env.update(
        DESK_DATABASE_URL=pg_hall_url,
        DESK_DATA_DIR=str(tmp_path / "data"),
        DESK_HALL_CODE="demo",
        QT_QPA_PLATFORM="offscreen",
        PYTHONUNBUFFERED="1",
    )
    return env


class LineReader:
    """Collects a child's stderr lines on a thread, so the test can wait on them."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert proc.stderr is not None
        self._stream = proc.stderr
        self._thread = threading.Thread(target=self._pump, args=(proc.stderr,), daemon=True)
        self._thread.start()

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line)

    def close(self) -> None:
        """After the child exited: the pump reaches end of file, then the pipe is closed."""
        self._thread.join(timeout=30)
        self._stream.close()

    def wait_for(self, needle: str, timeout_s: float) -> str:
        """The first line containing ``needle``; fails after ``timeout_s``."""
        for line in self.seen:
            if needle in line:
                return line
        while True:
            try:
                line = self.lines.get(timeout=timeout_s)
            except queue.Empty:
                tail = "".join(self.seen[-20:])
                pytest.fail(f"no line with {needle!r} within {timeout_s} s; last lines:\n{tail}")
            self.seen.append(line)
            if needle in line:
                return line

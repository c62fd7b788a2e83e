"""A real ``desk-rating`` process for web and e2e tests.

``start_rating_service(url, env)`` runs ``python -m desk_client.web.main`` against the central
database ``url`` on a free loopback port, waits (with a deadline) until /healthz answers, and
kills the process afterwards. Its output goes to a file, shown when it fails to start.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

START_DEADLINE_S = 30.0


@dataclass(frozen=True)
class RatingServer:
    base_url: str  # http://127.0.0.1:PORT/rate, the value of [rating] base_url
    origin: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    log: Path

    def url(self, path: str) -> str:
        return self.origin + path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(origin: str) -> bool:
    try:
        with urllib.request.urlopen(origin + "/healthz", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_up(server: RatingServer) -> None:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        if _answers(server.origin):
            return
        time.sleep(0.1)  # a real process is starting: poll it, with the deadline above
    output = server.log.read_text(encoding="utf-8", errors="replace")[-4000:]
    raise RuntimeError(f"desk-rating did not come up (exit {server.process.poll()}):\n{output}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _environment(database_url: str, env: Mapping[str, str], port: int) -> dict[str, str]:
    merged = dict(env or os.environ)  # env is a whole environment, like process_env
    merged.update(
        DESK_DATABASE_URL=database_url,
        DESK_RATING_LISTEN_HOST="127.0.0.1",
        DESK_RATING_LISTEN_PORT=str(port),
        PYTHONUNBUFFERED="1",
    )
    return merged


@contextlib.contextmanager
def start_rating_service(
    database_url: str, env: Mapping[str, str], port: int | None = None
) -> Iterator[RatingServer]:
    """The service as its own process, up and answering, killed when the block ends."""
    port = port or free_port()
    folder = Path(tempfile.mkdtemp(prefix="desk-rating-"))
    log = folder / "desk-rating.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "desk_client.web.main"],
            env=_environment(database_url, env, port),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    origin = f"http://127.0.0.1:{port}"
    server = RatingServer(f"{origin}/rate", origin, process, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)

"""Two client processes and a hall display process share one central PostgreSQL queue.

Each client is a separate ``desk-admin`` process acting at its own window; the hall display is
the real GUI program (``python -m desk_client --mode display``, offscreen). The clients see
each other's calls (a ticket one called is never the other's), and the display shows every
call within one second of the call's commit (LISTEN/NOTIFY wake-up).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest

from tests.e2e.conftest import LineReader
from tests.support.admin_cli import admin

pytestmark = pytest.mark.postgres
DISPLAY_DEADLINE_S = 1.0
START_TIMEOUT_S = 60.0


def call(env: dict[str, str], window: int, staff: str, *extra: str) -> dict[str, object]:
    done = admin(env, "--json", "ticket", "call", "--window", str(window), "--staff", staff, *extra)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def shown_at(line: str) -> float:
    """The epoch second at the end of 'shown call A001 window 1 at 1795314821.305'."""
    return float(line.rsplit(" at ", 1)[1])


def ticket_of(result: dict[str, object]) -> tuple[str, float]:
    ticket = result["ticket"]
    assert isinstance(ticket, dict)
    called = datetime.fromisoformat(str(ticket["called_at"]))
    return str(ticket["number"]), called.timestamp()


def start_display(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desk_client", "--mode", "display"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_clients_and_a_display_see_each_others_calls(process_env: dict[str, str]) -> None:
    env = process_env
    for step in (("init-db",), ("seed-demo",)):
        assert admin(env, *step).returncode == 0
    for _ in range(3):
        assert admin(env, "ticket", "issue", "A").returncode == 0

    first, _ = ticket_of(call(env, 1, "1001"))
    display = start_display(env)
    reader = LineReader(display)
    try:
        reader.wait_for(f"shown call {first} window 1", START_TIMEOUT_S)

        second, called = ticket_of(call(env, 2, "1002"))
        line = reader.wait_for(f"shown call {second} window 2", 10)
        assert shown_at(line) - called <= DISPLAY_DEADLINE_S

        third, called = ticket_of(call(env, 1, "1001", "--finish"))
        line = reader.wait_for(f"shown call {third} window 1", 10)
        assert shown_at(line) - called <= DISPLAY_DEADLINE_S
    finally:
        display.terminate()
        display.wait(timeout=30)
        reader.close()

    assert [first, second, third] == ["A001", "A002", "A003"]
    status = admin(env, "--json", "queue", "status")
    board = json.loads(status.stdout)
    assert {c["number"]: c["window_number"] for c in board["recent_calls"]} == {
        "A001": 1,
        "A002": 2,
        "A003": 1,
    }

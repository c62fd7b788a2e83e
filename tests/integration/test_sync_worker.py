"""The sync worker's loop: backoff with jitter on connection errors, refusals, prompt stop.

No database and no real waiting: the sync round is a fake and ``sleep`` is injected.
"""

from __future__ import annotations

from typing import Any

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.sync.worker import SyncReport, SyncWorker, WorkerStatus


class FakeEngine:
    def __init__(self, outcomes: list[BaseException | None]) -> None:
        self.outcomes = outcomes
        self.calls = 0

    def sync_once(self) -> SyncReport:
        self.calls += 1
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        return SyncReport(0, 0, 0)


def run(
    outcomes: list[BaseException | None], rounds: int, fake_clock: FakeClock
) -> tuple[FakeEngine, list[float], list[WorkerStatus]]:
    engine = FakeEngine(outcomes)
    sleeps: list[float] = []
    statuses: list[WorkerStatus] = []
    worker: Any = None

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) >= rounds:
            worker._stopping.set()

    worker = SyncWorker(
        engine,  # type: ignore[arg-type]
        fake_clock,
        statuses.append,
        idle_s=2.0,
        initial_s=0.5,
        max_s=60.0,
        sleep=sleep,
    )
    worker.start()
    worker.join(5)
    assert not worker.is_alive()
    return engine, sleeps, statuses


def test_connection_errors_back_off_exponentially_then_go_online(fake_clock: FakeClock) -> None:
    down = DeskError("central.unreachable", detail="refused")
    engine, sleeps, statuses = run([down, down, down, None], 4, fake_clock)
    assert engine.calls == 4
    backoff, idle = sleeps[:3], sleeps[3]
    assert 0.5 <= backoff[0] <= 1.5 and 1.0 <= backoff[1] <= 2.0 and 2.0 <= backoff[2] <= 3.0
    assert idle == 2.0
    states = [s.state for s in statuses]
    assert states[:3] == ["offline"] * 3
    assert states[3] == "online" and statuses[3].last_sync_at == fake_clock.now()
    assert states[-1] == "stopped"
    assert "unreachable" in statuses[0].last_error


def test_a_refusal_is_reported_and_retried_at_the_longest_interval(fake_clock: FakeClock) -> None:
    refused = DeskError("sync.schema_mismatch", central="9999", low="0003", high="0003")
    engine, sleeps, statuses = run([refused, None], 2, fake_clock)
    assert engine.calls == 2
    assert sleeps == [60.0, 2.0]
    assert statuses[0].state == "refused" and statuses[0].error_code == "sync.schema_mismatch"
    assert statuses[1].state == "online"


def test_stop_ends_a_waiting_worker_promptly(fake_clock: FakeClock) -> None:
    worker = SyncWorker(FakeEngine([]), fake_clock, idle_s=3600)  # type: ignore[arg-type]
    worker.start()
    worker.stop(timeout=5)
    assert not worker.is_alive()
    assert worker.status.state == "stopped"

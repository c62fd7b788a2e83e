"""The garbage collections on the GUI thread while a clerk works: how long the window stalls.

The program collects cycles on the GUI thread only (desk_client/ui/collector.py), so each
collection is a pause of the clerk's window. This runs the program as desk-client does
(ui.app.launch, offscreen, an embedded hall seeded first), logs clerk 1003 in at window 3 and,
for ``--seconds`` (default 60), keeps the hall busy: every 250 ms the worker issues a ticket
and reads the window's state and the hall board, and the clerk finishes the current ticket
and calls the next. Every collection the GUI thread's timer makes is timed.

    python bench/collector.py [--seconds 60] [--no-settle]

The collector is pinned as ``ui.app.main`` pins it, so it settles (ui/collector.py) after
the start-up jobs and after the clerk window's pages are built.

Prints JSON {settles, seconds, collections [gen0, gen1, full], full_ms_max, full_ms_median,
pause_ms_max, gc_ms_total, settle_ms, full_ms_at_end, tracked_objects, frozen_objects}:
``pause_ms_max`` is the longest single timer turn (all the generations it collected),
``settle_ms`` each settle's pause, ``full_ms_at_end`` one full collection after the run,
``tracked_objects`` what it walked, ``frozen_objects`` what none walks. ``--no-settle`` pins
the collector as a test does, for the comparison.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from startup import _config, compile_program, seed  # noqa: E402


class Timings:
    def __init__(self) -> None:
        self.turns: list[float] = []
        self.full: list[float] = []
        self.counts = [0, 0, 0]
        self.settles: list[float] = []

    def wrap(self, collector: Any) -> None:
        """Time each timer turn, and each generation's collection inside it."""
        collect = gc.collect

        def timed_collect(generation: int = 2) -> int:
            started = time.perf_counter()
            found = collect(generation)
            self.counts[generation] += 1
            if generation == 2:
                self.full.append(time.perf_counter() - started)
            return found

        check = collector.check

        def timed_check() -> None:
            gc.collect = timed_collect
            started = time.perf_counter()
            try:
                check()
            finally:
                gc.collect = collect
            self.turns.append(time.perf_counter() - started)

        collector.timer.timeout.disconnect(check)
        collector.timer.timeout.connect(timed_check)
        settle = collector.settle

        def timed_settle() -> None:
            started = time.perf_counter()
            settle()
            self.settles.append(time.perf_counter() - started)

        collector.settle = timed_settle


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def run(db: str, seconds: float, settles: bool = True) -> dict[str, Any]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from desk_client.ui import app as ui_app
    from desk_client.ui.collector import pin_collection

    collector = pin_collection(settles=settles)  # as ui.app.main pins it (settles)
    timings = Timings()
    timings.wrap(collector)
    shell = ui_app.launch(_config(db), tts_engine="mock")  # type: ignore[arg-type]
    services, runner = shell.ctx.services, shell.ctx.runner
    login: Any = shell.windows["login"]

    def busy(session: Any) -> None:
        def work() -> None:
            services.queue.issue_ticket("A")
            services.queue.finish_and_call_next(3, session.staff_id)
            services.queue.window_state(3)
            services.queue.hall_board()

        ticker = QTimer(app)
        ticker.timeout.connect(lambda: runner.submit(work))
        ticker.start(250)
        QTimer.singleShot(int(seconds * 1000), app.quit)

    def typed(_: object) -> None:
        login.staff_no.setText("1003")
        login.password.setText("desk1234")
        login.logged_in.connect(busy)
        login.submit()

    runner.submit(lambda: None, on_done=typed)  # queued after the start-up jobs
    app.exec()
    started = time.perf_counter()
    gc.collect()
    full_at_end = time.perf_counter() - started
    result = {
        "settles": settles,
        "seconds": seconds,
        "collections": timings.counts,
        "full_ms_max": _ms(max(timings.full, default=0)),
        "full_ms_median": _ms(statistics.median(timings.full) if timings.full else 0),
        "pause_ms_max": _ms(max(timings.turns, default=0)),
        "gc_ms_total": _ms(sum(timings.turns)),
        "settle_ms": [_ms(taken) for taken in timings.settles],
        "full_ms_at_end": _ms(full_at_end),
        "tracked_objects": len(gc.get_objects()),
        "frozen_objects": gc.get_freeze_count(),
    }
    shell.shutdown()
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-settle", dest="settles", action="store_false", help="as a test's program (compare)"
    )
    args = parser.parse_args(argv)
    if args.child:  # a fresh process: the program imports what it imports after the pin
        print(json.dumps(run(args.child, args.seconds, args.settles)))
        return 0
    compile_program()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "hall.db")
        seed(db)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        command = [sys.executable, __file__, "--child", db, "--seconds", str(args.seconds)]
        command += [] if args.settles else ["--no-settle"]
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        print(out.stdout.strip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

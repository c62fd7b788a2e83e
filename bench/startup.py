"""Cold start to first paint: a bare PySide6 QMainWindow vs the logged-in clerk window.

Prints JSON {bare_window_s, clerk_window_s, ratio}: the median of 5 fresh subprocesses each
(offscreen Qt), interleaved in the same run so both see the same machine. The clerk run goes
the way the program does after the login dialog: build the services, log in through the
worker thread, open the clerk window; the clock stops at its first paint. The hall is a
SQLite file seeded once before the runs.

    python bench/startup.py            # the figures
    python bench/startup.py --profile  # cProfile of one clerk start, top 25 by cumulative time
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
HERE = Path(__file__).resolve()


def _report_first_paint(window: object) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
                self.seen = True
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        print(f"PAINTED {time.monotonic():.6f}", flush=True)
        QApplication.exit(0)

    watcher = FirstPaint()
    window.installEventFilter(watcher)  # type: ignore[attr-defined]
    window._first_paint = watcher  # type: ignore[attr-defined]  # keep it alive


def child_bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("bare"))
    _report_first_paint(window)
    window.resize(1280, 800)
    window.show()
    return int(app.exec())


def _config(db: str) -> object:
    from desk_client.config import Config

    return Config(database_url=f"sqlite:///{db}", local_store=f"{db}.local", window=3)


def child_clerk(db: str) -> int:
    from PySide6.QtWidgets import QApplication

    from desk_client.ui import app as ui_app

    app = QApplication(sys.argv[:1])
    from desk_client.services.app import build_services
    from desk_client.ui.clerk import ClerkWindow
    from desk_client.ui.connection import ConnectionMonitor
    from desk_client.ui.context import UiContext
    from desk_client.ui.i18n import Labels
    from desk_client.ui.voice import Announcer
    from desk_client.ui.worker import ServiceRunner

    config = _config(db)
    services = build_services(config)  # type: ignore[arg-type]
    ui_app.load_shipped_fonts()
    runner = ServiceRunner()
    ctx = UiContext(
        services, runner, Labels("zh_CN"), ConnectionMonitor(services.health.check, runner, 5)
    )
    windows = []

    def open_window(session: object) -> None:
        clerk = ClerkWindow(ctx, session, Announcer("zh_CN", "mock"))  # type: ignore[arg-type]
        windows.append(clerk)
        _report_first_paint(clerk)
        clerk.start()

    runner.submit(services.auth.login, "1003", "desk1234", 3, on_done=open_window)
    ui_app.load_printing_font(runner, services)  # as launch() does: after the first job
    code = int(app.exec())
    runner.stop()
    return code


def seed(db: str) -> None:
    from desk_client.services.app import build_services

    services = build_services(_config(db))  # type: ignore[arg-type]
    services.admin.ensure_ready(seed_demo_if_new=True)
    for code in "BBBA":
        services.queue.issue_ticket(code)


def measure(kind: str, db: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", kind, db],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    painted = next(line for line in out.splitlines() if line.startswith("PAINTED "))
    return float(painted.split()[1]) - started


def profile(db: str) -> None:
    import cProfile
    import pstats

    cProfile.run(f"child_clerk({db!r})", str(Path(db).with_suffix(".prof")))
    pstats.Stats(str(Path(db).with_suffix(".prof"))).sort_stats("cumulative").print_stats(25)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        return child_bare() if argv[1] == "bare" else child_clerk(argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "hall.db")
        seed(db)
        if argv[:1] == ["--profile"]:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            profile(db)
            return 0
        bare, clerk = [], []
        for _ in range(RUNS):
            bare.append(measure("bare", db))
            clerk.append(measure("clerk", db))
    bare_s, clerk_s = statistics.median(bare), statistics.median(clerk)
    result = {"bare_window_s": round(bare_s, 3), "clerk_window_s": round(clerk_s, 3)}
    result["ratio"] = round(clerk_s / bare_s, 2)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Cold start: a bare PySide6 QMainWindow vs the logged-in clerk window, painted and usable.

Prints JSON {bare_window_s, clerk_window_s, clerk_ready_s, ratio}: the median of 5 fresh
subprocesses each (offscreen Qt), interleaved in the same run so both see the same machine.
The clerk run goes the way the program does after the login dialog: build the services, log
in through the worker thread, open the clerk window. ``clerk_window_s`` stops at its first
paint; ``clerk_ready_s`` when the window's queue state, read from the database (the first
window_state), has been painted: the clerk can work. ``ratio`` is clerk_window_s over
bare_window_s. The hall is a SQLite file seeded once before the runs.

The program itself opens the login dialog first (ui.app.launch) and makes the services while
the clerk types, so a third child runs that path: ``login_window_s`` to the login dialog's
first paint (``login_ratio`` over the bare window), and ``enter_to_clerk_s`` from the password
submitted, once the worker has made every service, to the clerk window's first paint: the
wait a clerk sees after pressing Enter.

    python bench/startup.py            # the figures
    python bench/startup.py --profile  # cProfile of one clerk start, top 25 by cumulative time

Both first compile the program's modules to bytecode, as installing a wheel does.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 5
HERE = Path(__file__).resolve()


def _report_paint(widget: object, tag: str, then: Callable[[], None]) -> None:
    """Print ``tag`` and the time at the widget's next paint, then call ``then``."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class NextPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
                self.seen = True
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        print(f"{tag} {time.monotonic():.6f}", flush=True)
        then()

    watcher = NextPaint()
    widget.installEventFilter(watcher)  # type: ignore[attr-defined]
    widget._paint_watchers = [*getattr(widget, "_paint_watchers", []), watcher]  # type: ignore[attr-defined]


def _quit() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.exit(0)


def child_bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("bare"))
    _report_paint(window, "PAINTED", _quit)
    window.resize(1280, 800)
    window.show()
    return int(app.exec())


def _config(db: str) -> object:
    from desk_client.config import Config

    return Config(database_url=f"sqlite:///{db}", local_store=f"{db}.local", window=3)


def _login(services: Any) -> object:
    return services.auth.login("1003", "desk1234", 3)


def _watch_ready(clerk: Any, then: Callable[[], None]) -> None:
    """READY at the queue view's first paint after the first window_state was applied."""
    apply_state = clerk.apply_state

    def applied(state: object) -> None:
        first = not getattr(clerk, "_bench_applied", False)
        clerk._bench_applied = True
        apply_state(state)
        if first:
            _report_paint(clerk.queues_view.viewport(), "READY", then)

    clerk.apply_state = applied  # before start(): its refresh hands this one to the worker


def child_clerk(db: str) -> int:
    from PySide6.QtWidgets import QApplication

    from desk_client.ui import app as ui_app

    app = QApplication(sys.argv[:1])
    from desk_client.services.app import build_services
    from desk_client.ui.clerk import ClerkWindow
    from desk_client.ui.connection import ConnectionMonitor, health_check
    from desk_client.ui.context import UiContext
    from desk_client.ui.first_paint import after_first_paint
    from desk_client.ui.i18n import Labels
    from desk_client.ui.voice import Announcer
    from desk_client.ui.worker import ServiceRunner

    config = _config(db)
    services = build_services(config)  # type: ignore[arg-type]
    ui_app.load_shipped_fonts()
    runner = ServiceRunner()
    ctx = UiContext(
        services, runner, Labels("zh_CN"), ConnectionMonitor(health_check(services), runner, 5)
    )
    windows = []
    seen: set[str] = set()

    def reported(tag: str) -> Callable[[], None]:
        def note() -> None:
            seen.add(tag)
            if seen == {"PAINTED", "READY"}:
                _quit()

        return note

    def open_window(session: object) -> None:
        clerk = ClerkWindow(ctx, session, Announcer("zh_CN", "mock"))  # type: ignore[arg-type]
        windows.append(clerk)
        _watch_ready(clerk, reported("READY"))
        clerk.start()
        # Installed after start(), so its filter sees the paint first (Qt calls the filter
        # installed last first): the stamp then comes before the work that waits for the paint.
        _report_paint(clerk, "PAINTED", reported("PAINTED"))
        # As launch() does: the start-up jobs wait for the first window's paint.
        after_first_paint(clerk, lambda: ui_app.load_printing_font(runner, services))

    runner.submit(_login, services, on_done=open_window)  # the worker makes auth, as LoginDialog
    code = int(app.exec())
    runner.stop()
    return code


def child_program(db: str) -> int:
    """ui.app.launch as desk-client runs it; the clerk "types" once build_all is done."""
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from desk_client.ui import app as ui_app

    shell = ui_app.launch(_config(db), tts_engine="mock")  # type: ignore[arg-type]
    login: Any = shell.windows["login"]
    _report_paint(login, "LOGIN", lambda: None)

    def clerk_opened(_: object) -> None:  # connected after launch's own: the window exists
        _report_paint(shell.windows["clerk"], "CLERK", _quit)

    def typed(_: object) -> None:
        login.staff_no.setText("1003")
        login.password.setText("desk1234")
        login.logged_in.connect(clerk_opened)
        print(f"ENTER {time.monotonic():.6f}", flush=True)
        login.submit()

    shell.ctx.runner.submit(lambda: None, on_done=typed)  # queued after services.build_all
    try:
        return int(app.exec())
    finally:
        shell.shutdown()


def seed(db: str) -> None:
    from desk_client.services.app import build_services

    services = build_services(_config(db))  # type: ignore[arg-type]
    services.admin.ensure_ready(seed_demo_if_new=True)
    for code in "BBBA":
        services.queue.issue_ticket(code)


def measure(kind: str, db: str) -> dict[str, float]:
    """Seconds from the subprocess's start to each tag it printed (PAINTED, READY)."""
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
    tags = ("PAINTED ", "READY ", "LOGIN ", "ENTER ", "CLERK ")
    stamps = [line.split() for line in out.splitlines() if line.startswith(tags)]
    return {tag: float(at) - started for tag, at in stamps}


def profile(db: str) -> None:
    import cProfile
    import pstats

    cProfile.run(f"child_clerk({db!r})", str(Path(db).with_suffix(".prof")))
    pstats.Stats(str(Path(db).with_suffix(".prof"))).sort_stats("cumulative").print_stats(25)


def compile_program() -> None:
    """The program's bytecode, as an installed wheel has it (pip compiles at install): where
    PYTHONDONTWRITEBYTECODE is set, an editable install would compile every module at every
    start, which a clerk's PC does not (``make run`` compiles the same way)."""
    import compileall

    import desk_client

    compileall.compile_dir(str(Path(desk_client.__file__).parent), quiet=1)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        if argv[1] == "bare":
            return child_bare()
        return child_program(argv[2]) if argv[1] == "program" else child_clerk(argv[2])
    compile_program()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "hall.db")
        seed(db)
        if argv[:1] == ["--profile"]:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            profile(db)
            return 0
        bare, clerk, program = [], [], []
        for _ in range(RUNS):
            bare.append(measure("bare", db)["PAINTED"])
            clerk.append(measure("clerk", db))
            program.append(measure("program", db))
    bare_s = statistics.median(bare)
    clerk_s = statistics.median(run["PAINTED"] for run in clerk)
    ready_s = statistics.median(run["READY"] for run in clerk)
    login_s = statistics.median(run["LOGIN"] for run in program)
    result = {
        "bare_window_s": round(bare_s, 3),
        "clerk_window_s": round(clerk_s, 3),
        "clerk_ready_s": round(ready_s, 3),
        "ratio": round(clerk_s / bare_s, 2),
        "login_window_s": round(login_s, 3),
        "login_ratio": round(login_s / bare_s, 2),
        "enter_to_clerk_s": round(statistics.median(r["CLERK"] - r["ENTER"] for r in program), 3),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

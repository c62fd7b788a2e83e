"""The Qt program: ``desk-client`` / ``python -m desk_client``.

    desk-client [--config FILE] [--mode clerk|kiosk|display|guide] [--window N] [--lang zh_CN|en]

A broken configuration is shown (dialog and stderr, naming file, line and key) and the
program exits 2 without starting anything. Otherwise the first window is on screen before
any database work, and before SQLAlchemy or a service module is even imported: the services
are made on first use (services.app), and the worker thread starts only once the first window
painted (after_first_paint). It then prepares the embedded SQLite store on first start
(migrations + demo hall), makes every service while the clerk types the password, and an
unreachable central database only raises the red banner while ConnectionMonitor retries
every config.retry_s.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk_client.config import MODES, Config, ConfigError, load_config
from desk_client.core.clock import Clock
from desk_client.resources import resource
from desk_client.services.app import Services, build_services
from desk_client.services.dto import StaffSession, WindowInfo
from desk_client.ui.collector import pin_collection, settle, settle_later
from desk_client.ui.connection import ConnectionMonitor, health_check
from desk_client.ui.context import UiContext
from desk_client.ui.first_paint import after_first_paint
from desk_client.ui.i18n import Labels, merge_blocks, tr
from desk_client.ui.sync import SyncBridge
from desk_client.ui.widgets import FONT_FAMILIES, STYLE, font
from desk_client.ui.worker import ServiceRunner

log = logging.getLogger(__name__)
EXIT_CONFIG = 2


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="desk-client", description="政务服务中心窗口程序")
    parser.add_argument("--config", help="configuration file (TOML)")
    parser.add_argument("--mode", choices=MODES)
    parser.add_argument("--window", type=int, help="window number")
    parser.add_argument("--lang", choices=("zh_CN", "en"))
    return parser.parse_args(argv)


def apply_args(config: Config, args: argparse.Namespace) -> Config:
    changes: dict[str, Any] = {}
    if args.mode:
        changes["mode"] = args.mode
    if args.window is not None:
        changes["window"] = args.window
    if args.lang:
        changes["language"] = args.lang
    return replace(config, **changes)


def show_config_error(error: ConfigError, language: str) -> None:
    """On stderr in both languages, and in a dialog in the user's language."""
    print(f"desk-client: {error.message('zh_CN')}\n{error.message('en')}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, tr("config.error_title", language), "")
    box.setText(error.message(language))
    box.setInformativeText(error.message("en") if language != "en" else "")
    box.exec()


def load_cjk_font(path: object) -> None:
    """Give Qt the same CJK TrueType the slips use, so Chinese never renders as boxes."""
    if path is None:
        return
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    for family in reversed(families):
        if family not in FONT_FAMILIES:
            FONT_FAMILIES.insert(0, family)
    app = QApplication.instance()
    if families and isinstance(app, QApplication):
        app.setFont(font(11))  # widgets re-resolve their fonts with the new family first


def load_shipped_fonts() -> None:
    """The fonts in resources/fonts, at once (cheap: no reportlab), before the first paint."""
    folder = resource("fonts")
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".ttf", ".ttc", ".otf"):
                load_cjk_font(path)


def load_printing_font(runner: ServiceRunner, services: Services) -> None:
    """The slips' font, found by the printing layer in the worker (it parses the font file)."""

    def find() -> object:  # on the worker: the first use of services.printing imports reportlab
        return services.printing.cjk_font_file()

    runner.submit(find, on_done=load_cjk_font, on_error=log.warning)


@dataclass
class Shell:
    """Everything one run of the program holds, so tests can drive and close it."""

    ctx: UiContext
    windows: dict[str, QWidget] = field(default_factory=dict)
    announcer: Any = None
    tts_engine: str | None = None
    #: The clerk's session, logged out (recorded locally) when the program closes.
    session: StaffSession | None = None

    @property
    def config(self) -> Config:
        return self.ctx.services.config

    def shutdown(self) -> None:
        """Stop the sync worker first (it reports to Qt objects), record the logout, close."""
        self.ctx.monitor.stop()
        if self.ctx.sync is not None:
            self.ctx.sync.stop()
        for window in list(self.windows.values()):
            window.close()
        if self.ctx.runner.stop(final=self._log_out):
            self.ctx.services.close()

    def log_out(self) -> None:
        """退出登录 (the clerk window asked: it holds no ticket): its windows close, the logout
        is recorded, and the login dialog is back for the next clerk at this PC.

        The closed window is kept until the worker has run everything queued before the
        logout, so that no answer still on its way finds it deleted."""
        closed = [self.windows.pop(name) for name in ("clerk", "customer") if name in self.windows]
        for window in closed:
            window.close()

        def drop(_: object) -> None:  # on the GUI thread: Qt deletes them here (ui.collector)
            for window in closed:
                window.deleteLater()
            closed.clear()

        self.ctx.runner.submit(self._log_out, on_done=drop)
        start_clerk(self)

    def _log_out(self) -> None:
        """Worker side: the logout is one local record; it is sent at the next start."""
        services, session, self.session = self.ctx.services, self.session, None
        if session is not None:
            services.auth.close_session(services.sync, session)

    def make_announcer(self) -> Any:
        if self.announcer is None:
            from desk_client.ui.voice import Announcer

            self.announcer = Announcer(self.config.language, self.tts_engine)
        return self.announcer


def _prepare(shell: Shell) -> tuple[WindowInfo, ...]:
    """Worker side of start-up: first-start SQLite setup, then the window list."""
    services = shell.ctx.services
    if services.config.database_url.startswith("sqlite"):
        services.admin.ensure_ready(seed_demo_if_new=True)
    return services.queue.list_windows()


def start_clerk(shell: Shell) -> None:
    from desk_client.ui.login import LoginDialog

    ctx = shell.ctx
    login = LoginDialog(ctx, shell.config.window)
    shell.windows["login"] = login

    def prepare() -> None:
        ctx.runner.submit(
            _prepare, shell, on_done=login.set_windows, on_error=ctx.monitor.mark_offline
        )

    def prepare_again() -> None:
        if login.isVisible():
            prepare()

    def logged_in(session: StaffSession) -> None:
        """The dialog is done: it leaves the hall-wide signals and is deleted (a logout makes
        a new one), so that a day of shift changes does not pile up hidden dialogs."""
        ctx.monitor.came_online.disconnect(prepare_again)
        shell.windows.pop("login", None)
        login.deleteLater()
        open_clerk(shell, session)

    login.logged_in.connect(logged_in)
    ctx.monitor.came_online.connect(prepare_again)
    login.show()
    prepare()


def open_clerk(shell: Shell, session: StaffSession) -> None:
    from desk_client.ui.clerk import ClerkWindow

    shell.session = session
    clerk = ClerkWindow(shell.ctx, session, shell.make_announcer())
    shell.windows["clerk"] = clerk
    shell.windows["customer"] = clerk.customer
    clerk.logout_requested.connect(shell.log_out)
    clerk.start()
    after_first_paint(clerk, settle_later)  # its pages built (ui.collector)


def start_guide(shell: Shell) -> None:
    """Guide mode (导服): the clerk's login without a window, then the inquiry tabs only."""
    from desk_client.ui.login import LoginDialog

    ctx = shell.ctx
    login = LoginDialog(ctx, None)
    shell.windows["login"] = login
    login.logged_in.connect(lambda session: open_guide(shell, session))
    ctx.runner.submit(
        _prepare, shell, on_done=lambda _: login.set_windows(()), on_error=ctx.monitor.mark_offline
    )
    login.show()


def open_guide(shell: Shell, session: StaffSession) -> None:
    from desk_client.ui.inquiry_pages import GuideWindow

    shell.session = session
    guide = GuideWindow(shell.ctx, session)
    shell.windows["guide"] = guide
    guide.start()
    after_first_paint(guide, settle_later)


def start_kiosk(shell: Shell) -> None:
    from desk_client.ui.kiosk import KioskWindow
    from desk_client.ui.printing import DocumentPrinter

    printer = DocumentPrinter(shell.config, shell.ctx.runner)
    kiosk = KioskWindow(shell.ctx, printer)
    shell.windows["kiosk"] = kiosk
    ready = shell.ctx.runner
    ready.submit(_prepare, shell, on_done=lambda _: None, on_error=lambda _: None)
    kiosk.start()


def start_display(shell: Shell) -> None:
    from desk_client.ui.display import HallDisplay

    display = HallDisplay(shell.ctx, shell.make_announcer())
    shell.windows["display"] = display
    shell.ctx.runner.submit(_prepare, shell, on_done=lambda _: None, on_error=lambda _: None)
    display.start()


def start_sync_after_prepare(runner: ServiceRunner, bridge: SyncBridge, services: Services) -> None:
    """Start the sync worker once the start-up job ran (jobs run in order): on a first start
    the embedded central database is being created, and a handshake before that is refused.
    The job makes the sync service on the worker, so the GUI thread finds it made."""

    def start(_: object) -> None:
        bridge.start()

    runner.submit(lambda: services.sync, on_done=start, on_error=start)


def launch(config: Config, clock: Clock | None = None, tts_engine: str | None = None) -> Shell:
    """Open the first window of ``config.mode`` and queue the start-up jobs; no exec().

    The worker runs the jobs once that window painted; the last ones make every service and
    merge the pages' labels, so the windows opened later (the clerk's, after the login) find
    them made."""
    pin_collection()  # cycles are collected on the GUI thread only (ui/collector.py)
    services = build_services(config, clock)
    load_shipped_fonts()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setFont(font(11))
        app.setStyleSheet(STYLE)
    runner = ServiceRunner(config.language, start=False)
    monitor = ConnectionMonitor(health_check(services), runner, config.retry_s)
    bridge = SyncBridge(lambda: services.sync, runner, monitor)
    shell = Shell(UiContext(services, runner, Labels(config.language), monitor, bridge))
    shell.tts_engine = tts_engine
    starts = {"kiosk": start_kiosk, "display": start_display, "guide": start_guide}
    starts.get(config.mode, start_clerk)(shell)
    monitor.check_now()
    start_sync_after_prepare(runner, bridge, services)
    load_printing_font(runner, services)
    runner.submit(services.build_all)
    runner.submit(merge_blocks)  # the pages' labels too, while the clerk types
    runner.submit(lambda: None, on_done=lambda _: settle())  # the start-up jobs are done
    after_first_paint(next(iter(shell.windows.values())), runner.start)
    return shell


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        config = apply_args(load_config(args.config), args)
    except ConfigError as error:
        show_config_error(error, args.lang or "zh_CN")
        return EXIT_CONFIG
    pin_collection(settles=True)  # the program's own collector (ui/collector.py)
    shell = launch(config)
    try:
        return int(app.exec())
    finally:
        shell.shutdown()

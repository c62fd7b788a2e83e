"""``python -m desk_client.ui.screenshots OUTDIR``: PNGs of every screen, for the docs.

A temporary SQLite hall with the demo data, a few tickets issued and called, then the
login dialog, the clerk window, the customer screen, the hall display and the kiosk are
grabbed (QWidget.grab), and a printed ticket slip is rasterised. Run it under Xvfb
(``xvfb-run -a``) so fonts render as on a desktop.
This tool calls the services directly (it is a batch job, not an interactive front end).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desk_client.config import Config
from desk_client.core.messages import translate
from desk_client.services.app import Services, build_services
from desk_client.services.dto import IssuedTicket
from desk_client.ui.app import load_cjk_font
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.context import UiContext
from desk_client.ui.display import HallDisplay
from desk_client.ui.i18n import Labels
from desk_client.ui.kiosk import KioskWindow
from desk_client.ui.login import LoginDialog
from desk_client.ui.printing import DocumentPrinter, page_image
from desk_client.ui.voice import Announcer
from desk_client.ui.widgets import STYLE, font
from desk_client.ui.worker import ServiceRunner

WINDOW = 3


def busy_morning(services: Services) -> None:
    """Tickets in every queue; window 3 has served two, holds one and has one called."""
    queue = services.queue
    for code in "AABBBBCCA":
        queue.issue_ticket(code)
    queue.issue_ticket("B", priority=True)
    clerk = services.auth.login("1003", "desk1234", WINDOW)
    for _ in range(2):
        queue.call_next(WINDOW, clerk.staff_id)
        queue.finish(WINDOW, clerk.staff_id)
    queue.call_next(WINDOW, clerk.staff_id)
    queue.hold(WINDOW, clerk.staff_id)
    other = services.auth.login("1001", "desk1234", 1)
    queue.call_next(1, other.staff_id)
    queue.call_next(WINDOW, clerk.staff_id)


def save(widget: QWidget, path: Path) -> None:
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def shoot(services: Services, ctx: UiContext, outdir: Path) -> None:
    queue = services.queue
    login = LoginDialog(ctx, WINDOW)
    login.set_windows(queue.list_windows())
    login.staff_no.setText("1003")
    login.password.setText("desk1234")
    save(login, outdir / "login.png")
    announcer = Announcer(services.config.language, "mock")
    session = services.auth.login("1003", "desk1234", WINDOW)
    clerk = ClerkWindow(ctx, session, announcer)
    clerk.apply_state(queue.window_state(WINDOW))
    ctx.monitor.set_status(services.health.check())
    clerk.mode.show_sync(services.sync.status())
    save(clerk, outdir / "clerk.png")
    save(clerk.customer, outdir / "customer.png")
    shoot_offline(services, ctx, clerk, outdir)
    display = HallDisplay(ctx, announcer)
    display.apply_board(queue.hall_board())
    save(display, outdir / "display.png")
    kiosk = KioskWindow(ctx, DocumentPrinter(services.config, ctx.runner))
    kiosk.set_categories(queue.list_categories())
    kiosk._got_board(queue.hall_board())
    issued = queue.issue_ticket("A")
    kiosk.show_issued(issued)
    save(kiosk, outdir / "kiosk.png")
    save_slip(services, issued, outdir / "ticket-slip.png")


def shoot_offline(services: Services, ctx: UiContext, clerk: ClerkWindow, outdir: Path) -> None:
    """The same window with the central database gone: two walk-ins served by 应急号."""
    ctx.monitor.mark_offline("connection refused")
    while ctx.runner.pending:  # the window's own reads first, so they cannot overwrite these
        QApplication.processEvents()
    clerk.categories = services.queue.list_categories()
    offline = services.offline
    first = offline.issue_emergency(WINDOW, "B", clerk.session.staff_no)
    offline.finish_emergency(WINDOW, first.number, clerk.session.staff_no)
    second = offline.issue_emergency(WINDOW, "A", clerk.session.staff_no)
    clerk.mode.current = second
    clerk._show_emergency(second)
    clerk.message.error(translate("offline.no_shared_queue", services.config.language))
    clerk.mode.show_sync(services.sync.status())
    clerk.mode.panel.set_categories(services.queue.list_categories())
    clerk.mode.panel.model.set_rows(offline.today(WINDOW))
    save(clerk, outdir / "clerk-offline.png")


def save_slip(services: Services, issued: IssuedTicket, path: Path) -> None:
    """The printed ticket as the printer gets it: the PDF rasterised at 150 dpi."""
    slip = services.printing.ticket_slip(issued)
    page = services.printing.render(slip.pdf, dpi=150)[0]
    page_image(page).save(str(path))
    print(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    outdir = Path(args[0] if args else "docs/screenshots")
    language = args[1] if len(args) > 1 else "zh_CN"
    outdir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(
            database_url=f"sqlite:///{tmp}/hall.db",
            local_store=f"{tmp}/local.db",
            print_mode="pdf",
            print_dir=tmp,
            window=WINDOW,
            language=language,
        )
        services = build_services(config)
        services.admin.ensure_ready(seed_demo_if_new=True)
        busy_morning(services)
        load_cjk_font(services.printing.cjk_font_file())
        if isinstance(app, QApplication):
            app.setFont(font(11))
            app.setStyleSheet(STYLE)
        runner = ServiceRunner(language)
        monitor = ConnectionMonitor(services.health.check, runner, config.retry_s)
        try:
            shoot(services, UiContext(services, runner, Labels(language), monitor), outdir)
        finally:
            runner.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""叫号统计's screenshot (called from ui.screenshots): 王主任's window on Tuesday 2026-12-01 at
16:50, the day by hour.

The figures must be real ones, counted by the service from tickets' histories, so this runs
on its own services with a fake clock over the same hall files and plays the day through the
queue service minute by minute, as the kiosk and the windows would: 76 tickets from 09:00 (a
morning rush, a few over the lunch break that only the 综合窗口 6 covers), four windows (1, 3, 5
and 6) calling whoever their categories have waiting, services of a category's usual length,
now and then a no-show after a recall or an 综合受理 ticket sent on to 社保医保. A random
generator with a fixed seed picks, so every run draws the same day. The first of a month, so
the page's default period (the first of the month to today) is that day alone and no other
picture's tickets count; in December the window also shows that 2027's calendar is missing.

Alone (only this picture, on a new demo hall): ``python -m desk_client.ui.screenshots_queue_stats
OUTDIR``; ``make screenshots`` takes every picture.
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.services.dto import TicketView
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.printing import page_image
from desk_client.ui.screenshots_cases import moment, save, settle, window_of
from desk_client.ui.worker import ServiceRunner

DAY = date(2026, 12, 1)
SEED = 20261201
START, LUNCH, AFTER_LUNCH, LAST_TICKET = time(9), time(12), time(13, 30), time(16, 40)
NOW = time(16, 50)
#: The clerks at the windows that open today (window 6, the 综合窗口, also works over the lunch
#: break); 王主任 looks on from window 2.
CLERKS = {1: "1001", 3: "1003", 5: "1005", 6: "1006"}
SUPERVISOR_WINDOW = 2
#: Tickets issued per hour of the day: the morning rush, the lunch break, a calmer afternoon.
ARRIVALS = {9: 22, 10: 17, 11: 9, 12: 4, 13: 5, 14: 8, 15: 7, 16: 4}
#: Category -> (weight among the tickets, shortest and longest service in minutes).
SERVICE = {"A": (45, (6, 16)), "B": (35, (8, 18)), "C": (20, (15, 32))}
NO_SHOW, SENT_ON = 0.07, 0.08  # a no-show among the calls; an A ticket that goes on to B


@dataclass
class Desk:
    """One window during the day: who works there, and the ticket it serves until when."""

    number: int
    staff_id: int
    codes: frozenset[str]
    until: datetime | None = None
    ending: str = ""  # finish, no_show or transfer


def arrivals(rng: random.Random) -> list[tuple[datetime, str]]:
    """The day's tickets: (issued at, category), in order."""
    codes, weights = list(SERVICE), [weight for weight, _ in SERVICE.values()]
    tickets = []
    for hour, count in ARRIVALS.items():
        for _ in range(count):
            at = moment(DAY, time(hour)) + timedelta(seconds=rng.randrange(3600))
            tickets.append((min(at, moment(DAY, LAST_TICKET)), rng.choices(codes, weights)[0]))
    return sorted(tickets)


def open_desks(services: Services) -> list[Desk]:
    served = {window.number: window.category_codes for window in services.queue.list_windows()}
    return [
        Desk(number, services.auth.login(staff_no, "desk1234", number).staff_id,
             frozenset(served[number]))
        for number, staff_no in CLERKS.items()
    ]  # fmt: skip


def play_the_day(services: Services, clock: FakeClock) -> None:
    """From 09:00 to 16:50, minute by minute: issue what arrived, then let each window act."""
    rng = random.Random(SEED)
    queue = arrivals(rng)
    clock.set(moment(DAY, START) - timedelta(minutes=1))
    desks = open_desks(services)
    waiting: Counter[str] = Counter()
    minute = moment(DAY, START)
    while minute <= moment(DAY, NOW):
        clock.set(minute)
        while queue and queue[0][0] <= minute:
            waiting[services.queue.issue_ticket(queue.pop(0)[1]).ticket.category_code] += 1
        for desk in desks:
            act(services, desk, minute, waiting, rng)
        minute += timedelta(minutes=1)


def at_work(desk: Desk, minute: datetime) -> bool:
    """Every window but the 综合窗口 closes for lunch."""
    lunch = moment(DAY, LUNCH) <= minute < moment(DAY, AFTER_LUNCH)
    return desk.number == 6 or not lunch


def act(
    services: Services, desk: Desk, minute: datetime, waiting: Counter[str], rng: random.Random
) -> None:
    if desk.until is not None and minute >= desk.until:
        end_ticket(services, desk, waiting)
    wanted = any(waiting[code] for code in desk.codes)
    if desk.until is None and wanted and at_work(desk, minute):
        ticket = services.queue.call_next(desk.number, desk.staff_id).ticket
        if ticket is not None:
            waiting[ticket.category_code] -= 1
            plan(desk, ticket, minute, rng)


def plan(desk: Desk, ticket: TicketView, minute: datetime, rng: random.Random) -> None:
    """How the call goes: nobody comes (a recall, then 过号), sent on to B, or served."""
    low, high = SERVICE[ticket.category_code][1]
    if rng.random() < NO_SHOW:
        desk.ending, minutes = "no_show", 2
    elif ticket.category_code == "A" and rng.random() < SENT_ON:
        desk.ending, minutes = "transfer", rng.randint(2, 4)
    else:
        desk.ending, minutes = "finish", rng.randint(low, high)
    desk.until = minute + timedelta(minutes=minutes, seconds=rng.randrange(60))


def end_ticket(services: Services, desk: Desk, waiting: Counter[str]) -> None:
    queue, number, staff = services.queue, desk.number, desk.staff_id
    if desk.ending == "no_show":
        queue.recall(number, staff)
        queue.no_show(number, staff)
    elif desk.ending == "transfer":
        queue.transfer(number, staff, category_code="B")
        waiting["B"] += 1
    else:
        queue.finish(number, staff)
    desk.until = None


def shoot_queue_stats(config: Config, outdir: Path) -> None:
    """The picture, on the hall of ``config`` (already seeded)."""
    clock = FakeClock(moment(DAY, START))
    services = build_services(config, clock)
    play_the_day(services, clock)
    clock.set(moment(DAY, NOW))
    runner = ServiceRunner(config.language)
    monitor = ConnectionMonitor(services.health.check, runner, config.retry_s)
    ctx = UiContext(services, runner, Labels(config.language), monitor)
    monitor.set_status(services.health.check())
    try:
        page_picture(ctx, outdir)
        report_picture(services, outdir)
    finally:
        runner.stop()


def report_picture(services: Services, outdir: Path) -> None:
    """The printed 叫号统计报表 of the same day by window (A4 landscape), as 打印报表 prints it."""
    stats = services.queue_stats
    doc = stats.document(stats.report(DAY, DAY, "window"), moment(DAY, NOW))
    page_image(services.printing.render(doc.pdf, dpi=100)[0]).save(str(outdir / "queue-report.png"))
    print(outdir / "queue-report.png")


def page_picture(ctx: UiContext, outdir: Path) -> None:
    """王主任 opens 叫号统计 and groups the day by hour."""
    session = ctx.services.auth.login("S001", "super123", SUPERVISOR_WINDOW)
    window = window_of(ctx, session)
    pages = window.pages
    cases, page = pages.cases, pages.queue_stats
    if cases is not None and cases.summary_dialog is not None:  # the first login of the day
        cases.summary_dialog.accept()
    if page is None:
        return
    pages.show_queue_stats()
    settle(ctx)
    page.by.setCurrentIndex(page.by.findData("hour"))
    settle(ctx)
    save(window, outdir / "queue-stats.png")
    window.close()


def demo_hall(folder: str, language: str) -> Config:
    """A new demo hall in ``folder``, as ui.screenshots makes its own."""
    config = Config(
        database_url=f"sqlite:///{folder}/hall.db",
        local_store=f"{folder}/local.db",
        print_mode="pdf",
        print_dir=folder,
        window=SUPERVISOR_WINDOW,
        language=language,
    )
    services = build_services(config)
    services.admin.ensure_ready(seed_demo_if_new=True)
    return config


def main(argv: Sequence[str] | None = None) -> int:
    """This picture alone (``make screenshots`` takes them all), in the house style."""
    from desk_client.ui.app import load_cjk_font
    from desk_client.ui.widgets import STYLE, font

    args = list(sys.argv[1:] if argv is None else argv)
    outdir = Path(args[0] if args else "docs/screenshots")
    outdir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        config = demo_hall(tmp, args[1] if len(args) > 1 else "zh_CN")
        load_cjk_font(build_services(config).printing.cjk_font_file())
        if isinstance(app, QApplication):
            app.setFont(font(11))
            app.setStyleSheet(STYLE)
        shoot_queue_stats(config, outdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

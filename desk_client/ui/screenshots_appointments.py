"""The 预约 page's screenshot (called from ui.screenshots): 王芳's window on Wednesday 2026-11-25
at 10:40, the B queue's slots of the day and the day's list with who came.

Slots and states depend on the clock, so this runs on its own services with a fake clock over
the same hall files. Before opening, the day is booked at windows 3 and 4 and from desk-admin;
at 09:02 赵敏 checks in at the kiosk, at 09:10 孙强's booking is cancelled, and 周婷's 10:00
slot passes without her (未到). At 10:40 王芳 books 马超 into 11:00 on the page itself, so the
status line reads the code out and the slot shows one seat less.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from PySide6.QtCore import QDate

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.ui.appointments_jobs import booking_line
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.printing import page_image
from desk_client.ui.screenshots_cases import moment, save, settle, window_of
from desk_client.ui.worker import ServiceRunner

TODAY = date(2026, 11, 25)
#: (category, slot start, name, phone, booked at window (True) or from desk-admin).
BOOKINGS = (
    ("A", time(9, 0), "赵敏", "13805910001", True),
    ("A", time(9, 30), "孙强", "13905910002", True),
    ("B", time(10, 0), "周婷", "13705910003", True),
    ("B", time(10, 30), "吴刚", "", False),
    ("B", time(11, 0), "郑丽", "13605910005", True),
    ("B", time(14, 0), "冯涛", "0591-87001234", False),
    ("C", time(15, 30), "何静", "13505910007", True),
)


def book_the_day(services: Services, clock: FakeClock) -> None:
    clock.set(moment(TODAY, time(8, 30)))
    clerk = services.auth.login("1004", "desk1234", 4)
    codes = []
    for category, start, name, phone, at_window in BOOKINGS:
        staff, source = (clerk.staff_id, "window") if at_window else (None, "admin")
        when = moment(TODAY, start)
        view = services.appointments.book(
            category, when, name, phone, staff_id=staff, source=source
        )
        codes.append(view.code)
    clock.set(moment(TODAY, time(9, 2)))
    services.queue.check_in_appointment(codes[0])
    clock.set(moment(TODAY, time(9, 10)))
    services.appointments.cancel(codes[1], staff_id=clerk.staff_id)


def shoot_appointments(config: Config, outdir: Path) -> None:
    """The picture, on the hall of ``config`` (already seeded)."""
    clock = FakeClock(moment(TODAY, time(8, 0)))
    services = build_services(config, clock)
    book_the_day(services, clock)
    clock.set(moment(TODAY, time(10, 40)))
    runner = ServiceRunner(config.language)
    monitor = ConnectionMonitor(services.health.check, runner, config.retry_s)
    ctx = UiContext(services, runner, Labels(config.language), monitor)
    monitor.set_status(services.health.check())
    try:
        page_picture(ctx, outdir)
        slip_picture(ctx, outdir)
    finally:
        runner.stop()


def page_picture(ctx: UiContext, outdir: Path) -> None:
    session = ctx.services.auth.login("1003", "desk1234", 3)
    window = window_of(ctx, session)
    pages = window.pages
    page = pages.appointments
    if page is None:
        return
    pages.show_appointments()
    settle(ctx)
    page.day.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    page.category.setCurrentIndex(page.category.findData("B"))
    settle(ctx)
    page.slots.setCurrentRow(4)  # 11:00
    page.name.setText("马超")
    page.phone.setText("13805918888")
    page.book()
    settle(ctx)
    save(window, outdir / "appointments.png")
    window.close()


def slip_picture(ctx: UiContext, outdir: Path) -> None:
    """The slip 马超 took away from the page's booking (预约凭条)."""
    services = ctx.services
    session = services.auth.login("1003", "desk1234", 3)
    (booked,) = [a for a in services.appointments.day(TODAY, "B") if a.name == "马超"]
    now = services.clock.now().astimezone(services.context.zone)
    line = booking_line(ctx.labels, session, now)
    slip = services.printing.appointment_slip(booked, session.hall.name, line)
    page_image(services.printing.render(slip.pdf, dpi=150)[0]).save(
        str(outdir / "appointment-slip.png")
    )
    print(outdir / "appointment-slip.png")

"""Issue 5's screenshots (called from ui.screenshots): 我的办件 with green, yellow and red
cases, the case view, the start-of-day summary, the supervisor's board, the calendar editor
with the missing-year banner, and the printed acceptance and special-step notices.

Countdowns depend on the day, so this part runs on its own services with a fake clock over
the same hall files: a week of acceptances at window 3 (Monday 2026-11-16 to Friday 11-27),
one paused for an expert review, one extended by the supervisor, all synced; the pictures are
taken on Friday 2026-11-27 at 15:10, and the calendar on Tuesday 12-01 (2027 not yet known).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication, QWidget

from desk_client.config import Config
from desk_client.core.checklist import MaterialCheck, MaterialStatus
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.services.dto import StaffSession
from desk_client.services.dto_notices import ChecklistDraft
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.voice import Announcer
from desk_client.ui.worker import ServiceRunner

ZONE = ZoneInfo("Asia/Shanghai")
NOW = (date(2026, 11, 27), time(15, 10))
#: (accepted on, item, applicant): promised limits 3 (GJJ-0202), 5 (BDC), 15 (GA-0301).
WEEK = (
    (date(2026, 11, 16), "SF-BDC-0501", "王建国"),  # due 11-23: overdue
    (date(2026, 11, 18), "SF-GJJ-0202", "李明"),  # due 11-23: overdue
    (date(2026, 11, 19), "SF-BDC-0502", "刘芳"),  # due 11-26, extended by 5 days
    (date(2026, 11, 20), "SF-BDC-0501", "陈晓燕"),  # paused from 11-24 (expert review)
    (date(2026, 11, 23), "SF-BDC-0501", "张三"),  # due 11-30: yellow
    (date(2026, 11, 24), "SF-GJJ-0202", "王建国"),  # due today: hours
    (date(2026, 11, 26), "SF-GA-0301", "刘芳"),  # 15 working days: green
    (date(2026, 11, 27), "SF-BDC-0501", "李明"),  # today: green
)


def moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at, ZONE).astimezone(UTC)


def settle(ctx: UiContext) -> None:
    for _ in range(3):
        QApplication.processEvents()
    while ctx.runner.pending:
        QApplication.processEvents()
    QApplication.processEvents()


def save(widget: QWidget, path: Path) -> None:
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def a_week_of_cases(services: Services, clock: FakeClock) -> list[str]:
    from desk_client.ui.screenshots import person

    session = services.auth.login("1003", "desk1234", 3)
    numbers = []
    for index, (day, code, name) in enumerate(WEEK):
        clock.set(moment(day, time(9, 5 + 7 * index)))
        item = next(c.item for c in services.checklist.search_items(code) if c.item.code == code)
        checks = tuple(MaterialCheck(m.name, MaterialStatus.PRESENT) for m in item.materials)
        notice = services.checklist.accept(session, ChecklistDraft(code, person(name), checks))
        numbers.append(notice.number)
    cases = services.cases
    clock.set(moment(date(2026, 11, 24), time(10, 30)))
    cases.start(session, numbers[3])
    cases.pause(session, numbers[3], None, "专家评审", "需组织专家对规划条件进行评审", "")
    clock.set(moment(date(2026, 11, 26), time(11, 0)))
    cases.start(session, numbers[2])
    cases.extend(session, numbers[2], 5, "需补充现场勘验，权属调查未完成", "S001", "super123")
    return numbers


def shoot_cases(config: Config, outdir: Path) -> None:
    """Every picture of issue 5, on the hall of ``config`` (already seeded)."""
    clock = FakeClock(moment(date(2026, 11, 16), time(9)))
    services = build_services(config, clock)
    numbers = a_week_of_cases(services, clock)
    services.sync.sync_once()
    clock.set(moment(*NOW))
    runner = ServiceRunner(config.language)
    monitor = ConnectionMonitor(services.health.check, runner, config.retry_s)
    ctx = UiContext(services, runner, Labels(config.language), monitor)
    monitor.set_status(services.health.check())
    try:
        clerk_pictures(ctx, numbers, outdir)
        supervisor_pictures(ctx, clock, outdir)
        notices(services, numbers, outdir)
    finally:
        runner.stop()


def window_of(ctx: UiContext, session: StaffSession) -> ClerkWindow:
    window = ClerkWindow(ctx, session, Announcer(ctx.services.config.language, "mock"))
    window.pages.build_all()  # the program builds them after the first paint
    window.mode.show_sync(ctx.services.sync.status())
    settle(ctx)
    return window


def clerk_pictures(ctx: UiContext, numbers: list[str], outdir: Path) -> None:
    session = ctx.services.auth.login("1003", "desk1234", 3)
    window = window_of(ctx, session)
    desk = window.pages.cases
    if desk is None:
        return
    settle(ctx)
    if desk.summary_dialog is not None:  # the first login of the day: red and yellow cases
        save(desk.summary_dialog, outdir / "cases-summary.png")
        desk.summary_dialog.accept()
    desk.show_cases()
    settle(ctx)
    desk.cases.select(numbers[5])
    save(window, outdir / "cases.png")
    desk.cases.show_case(ctx.services.cases.case(numbers[2]))
    if desk.cases.case_dialog is not None:
        save(desk.cases.case_dialog, outdir / "case-view.png")
        desk.cases.case_dialog.accept()
    window.close()


def supervisor_pictures(ctx: UiContext, clock: FakeClock, outdir: Path) -> None:
    session = ctx.services.auth.login("S001", "super123", 6)
    window = window_of(ctx, session)
    desk = window.pages.cases
    if desk is None or (desk.summary_dialog is None and desk.board is None):
        return
    if desk.summary_dialog is not None:
        desk.summary_dialog.accept()
    desk.show_board()
    settle(ctx)
    save(window, outdir / "board.png")
    clock.set(moment(date(2026, 12, 1), time(9, 0)))  # 2027 is not known yet: the banner
    desk.fetch_calendar()
    desk.show_calendar()
    settle(ctx)
    page = desk.calendar_page
    if page is not None:
        with tempfile.TemporaryDirectory() as folder:
            bad = Path(folder) / "2027.csv"
            bad.write_text(BAD_2027, encoding="utf-8")
            page.import_file(str(bad))
            settle(ctx)
        page.reason.setText("元旦")
    save(window, outdir / "calendar.png")
    window.close()


BAD_2027 = "日期,是否上班,说明\n2027-01-01,休,元旦\n2027-02-30,休,春节\n2027-02-07,班,调休\n"
BAD_2027 += "2027-02-07,休,春节\n"


def notices(services: Services, numbers: list[str], outdir: Path) -> None:
    from desk_client.ui.screenshots import save_notice, save_pages

    save_notice(services, numbers[4], "80mm", outdir / "notice-acceptance-80mm.png")
    save_notice(services, numbers[4], "a4", outdir / "notice-acceptance-a4.png")
    doc = services.cases.print_case_notice(numbers[3], "pause", "a4")
    save_pages(services, doc, outdir / "notice-pause-a4.png")

"""Issue 7's screenshots (called from ui.screenshots): the customer screen with a visit's rating
code, 王芳's 评价 page with a bad rating just arrived, the supervisor's 回访 page and a step's
dialog, 评价统计, and 督办 with the month's follow-up rate.

Follow-up levels depend on the day, so this runs on its own services with a fake clock over
the same hall files. Ratings come in through the rating page's own service, as a phone's
would: on Friday 11-20 a 非常不满意 at window 4 (its follow-up is overdue by Monday), on
Tuesday 11-24 a 不满意 at window 5 (called back, due Tuesday 12-01: yellow), and on Monday
2026-11-30 a morning of ratings at window 3 with one 不满意 among them. The pictures are taken
that Monday at 15:20.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.ratings import RatingForm
from desk_client.services.app import Services, build_services
from desk_client.services.dto_ratings import RatingCode
from desk_client.services.rating_page import RatingPageService, build_rating_page
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.rating_wiring import RatingDesk
from desk_client.ui.screenshots_cases import moment, save, settle, window_of
from desk_client.ui.worker import ServiceRunner

TODAY = date(2026, 11, 30)
NOW = time(15, 20)
#: (day, time, window, staff, ticket, form) of every rating, oldest first.
RATINGS = (
    (date(2026, 11, 20), time(10, 5), 4, "1004", "B012",
     RatingForm(1, 1, 2, 1, ("slow",), "排了一个多小时，窗口只开了一个")),
    (date(2026, 11, 24), time(14, 40), 5, "1005", "A031",
     RatingForm(2, 3, 2, 3, ("unclear", "materials"), "第一次没说清楚要带户口本，又跑了一趟")),
    (TODAY, time(9, 12), 3, "1003", "B001", RatingForm(5, 5, 5, 5)),
    (TODAY, time(9, 40), 3, "1003", "B003", RatingForm(4, 5, 4, 5, (), "办得很快，谢谢")),
    (TODAY, time(10, 25), 3, "1003", "B004", RatingForm(5, 4, 5, 5)),
    (TODAY, time(11, 2), 4, "1004", "B006", RatingForm(3, 3, 4, 3)),
    (TODAY, time(14, 18), 3, "1003", "B007",
     RatingForm(2, 2, 3, 3, ("slow", "rules"), "复印件要求原件同时提交，等候时间也长")),
    (TODAY, time(14, 55), 5, "1005", "A044", RatingForm(5, 5, 5, 4)),
)  # fmt: skip


def rate_the_month(services: Services, page: RatingPageService, clock: FakeClock) -> None:
    """Each visit's code made as its window makes it, rated a few minutes later."""
    for day, at, window, staff_no, ticket, form in RATINGS:
        clock.set(moment(day, at))
        code = services.ratings.code_for_visit("ticket", ticket, window, staff_no)
        clock.set(moment(day, at) + timedelta(minutes=3))
        page.submit(code.url.rsplit("/", 1)[1], form)
    clock.set(moment(date(2026, 11, 25), time(9, 30)))
    boss = services.auth.login("S001", "super123", None)
    called_back = services.rating_followups.followups()[1]  # the one of 11-24
    services.rating_followups.contact(
        boss, called_back.id, "已电话联系评价人，说明户籍材料要求并致歉"
    )


def shoot_ratings(config: Config, outdir: Path) -> None:
    """Every picture of issue 7, on the hall of ``config`` (already seeded)."""
    clock = FakeClock(moment(date(2026, 11, 20), time(9)))
    services = build_services(config, clock)
    page = build_rating_page(config, clock)
    rate_the_month(services, page, clock)
    clock.set(moment(TODAY, NOW))
    runner = ServiceRunner(config.language)
    monitor = ConnectionMonitor(services.health.check, runner, config.retry_s)
    ctx = UiContext(services, runner, Labels(config.language), monitor)
    monitor.set_status(services.health.check())
    try:
        clerk_pictures(ctx, outdir)
        supervisor_pictures(ctx, outdir)
    finally:
        runner.stop()
        page.close()


def desk_of(window: ClerkWindow) -> RatingDesk:
    desk = window.pages.ratings
    if desk is None:
        raise RuntimeError("the clerk window has no rating desk")
    cases = window.pages.cases
    if cases is not None and cases.summary_dialog is not None:
        cases.summary_dialog.accept()
    return desk


def finished_visit(ctx: UiContext, window: ClerkWindow) -> RatingCode:
    """王芳 has just finished B009: the code her window makes for it."""
    return ctx.services.ratings.code_for_visit("ticket", "B009", 3, window.session.staff_no)


def clerk_pictures(ctx: UiContext, outdir: Path) -> None:
    """王芳 at window 3: the customer screen after B009, her 评价 page as B007's arrives."""
    session = ctx.services.auth.login("1003", "desk1234", 3)
    window = window_of(ctx, session)
    desk = desk_of(window)
    settle(ctx)
    code = finished_visit(ctx, window)
    desk.show_code(code)
    window.customer.show_ticket(None, "")
    save(window.customer, outdir / "customer-rating.png")
    desk.show_page()
    settle(ctx)
    rows = desk.page.today.model.rows()
    bad = next(row for row in rows if row.bad)
    desk.page.today.select_visit(rows[-1].visit_id)  # the bad one stays red, unselected
    desk.announce(bad)
    save(window, outdir / "ratings.png")
    window.close()


def supervisor_pictures(ctx: UiContext, outdir: Path) -> None:
    """王主任: 回访 with a step's dialog, 评价统计 by window, 督办 with the follow-up rate."""
    session = ctx.services.auth.login("S001", "super123", 6)
    window = window_of(ctx, session)
    desk = desk_of(window)
    followups, stats = desk.page.followups, desk.page.stats
    if followups is None or stats is None:
        return
    desk.show_page()
    desk.page.setCurrentWidget(followups)
    settle(ctx)
    save(window, outdir / "rating-followups.png")
    overdue = next(row for row in followups.model.rows() if row.level == "red")
    followups.select(overdue.id)
    followups.act("contact")
    settle(ctx)
    dialog = followups.steps.dialog
    if dialog is not None:
        dialog.text.setPlainText(
            "已电话联系评价人，解释当日系统故障导致排队，并致歉；评价人表示理解"
        )
        save(dialog, outdir / "rating-followup-dialog.png")
        dialog.reject()
    desk.page.setCurrentWidget(stats)
    settle(ctx)
    save(window, outdir / "rating-stats.png")
    cases = window.pages.cases
    if cases is not None and cases.board is not None:
        cases.show_board()
        settle(ctx)
        save(window, outdir / "board-ratings.png")
    window.close()

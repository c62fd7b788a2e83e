"""Issue 6's screenshots (called from ui.screenshots): the inquiry form (Ctrl+I), the 咨询 inbox
of a clerk covering an absent colleague, an inquiry with its timeline, the lookup in guide
mode, the supervisor's AB岗 view with the A-and-B-away warning, the inquiry report, and the
printed receipt slip.

Levels depend on the day, so this runs on its own services with a fake clock over the same
hall files. A week at the hall (演示数据): 王芳 (1003, window 3) promises replies on Monday
11-16 and Thursday 11-19 and goes on leave from Wednesday 11-25 to Friday 17:30; 刘洋 (1004,
window 4) is her B. 张伟 refers an inquiry to 王芳 on Tuesday; 陈静 refers one to her on
Wednesday, which 刘洋 receives as her B. 陈静 (window 5) and her B 杨磊 are both away on
Wednesday afternoon: the supervisor is warned. The pictures are taken on Wednesday
2026-11-25 at 10:40.
"""

from __future__ import annotations

import tempfile
from datetime import date, time
from pathlib import Path

from PySide6.QtCore import QDate

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.services.dto_inquiries import InquiryDraft
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.inquiry_pages import GuideWindow, InquiryDesk
from desk_client.ui.printing import page_image
from desk_client.ui.roster_tab import RosterTab
from desk_client.ui.screenshots_cases import moment, save, settle, window_of
from desk_client.ui.worker import ServiceRunner

TODAY = date(2026, 11, 25)
NOW = time(10, 40)
VALID_ID = "11010519491231002X"


def draft(name: str, phone: str, matter: str, channel: str = "visit") -> InquiryDraft:
    return InquiryDraft(channel, "person", name, phone, matter)


def at(clock: FakeClock, day: date, hour: int, minute: int = 0) -> None:
    clock.set(moment(day, time(hour, minute)))


def a_week_of_inquiries(services: Services, clock: FakeClock) -> dict[str, str]:
    """The inquiries, referrals and absences described above; their numbers by role."""
    auth, inq, cover = services.auth, services.inquiries, services.cover
    numbers: dict[str, str] = {}
    wang = auth.login("1003", "desk1234", 3)
    at(clock, date(2026, 11, 16), 9, 30)
    red = inq.log(wang, draft("赵敏", "13805910001", "退休人员公积金提取能否委托子女代办", "phone"))
    inq.follow_up(wang, red.number, 5)
    at(clock, date(2026, 11, 19), 14)
    yellow = inq.log(wang, draft("孙强", "13905910002", "个体户变更经营场所是否需要重新核名"))
    inq.follow_up(wang, yellow.number, 5)
    liu = auth.login("1004", "desk1234", 4)
    at(clock, date(2026, 11, 24), 9, 15)
    green = inq.log(liu, draft("周婷", "13705910003", "社保卡补办后原卡余额如何转移"))
    inq.follow_up(liu, green.number, 5)
    zhang = auth.login("1001", "desk1234", 1)
    at(clock, date(2026, 11, 24), 10, 5)
    referred = inq.log(zhang, draft("吴刚", "13605910004", "二手房交易缴税后多久可以办理过户"))
    inq.refer(zhang, referred.number, to_staff_no="1003", note="不动产转移登记，请王芳答复")
    at(clock, date(2026, 11, 24), 11)
    replied = inq.log(liu, draft("郑丽", "13505910005", "公司注销前是否必须先完成税务清算"))
    yang = auth.login("1006", "desk1234", 6)
    inq.refer(liu, replied.number, to_staff_no="1006")
    at(clock, date(2026, 11, 24), 13, 30)
    inq.accept(yang, replied.number)
    at(clock, date(2026, 11, 24), 14, 10)
    inq.reply(yang, replied.number, "须先到税务机关办理清税，取得清税证明后再申请注销登记")
    at(clock, date(2026, 11, 24), 16)
    start, end = moment(TODAY, time(8, 30)), moment(date(2026, 11, 27), time(17, 30))
    cover.record_absence(wang, "1003", "leave", start, end, "年休假")
    chen = auth.login("1005", "desk1234", 5)
    at(clock, TODAY, 9, 10)
    covered = inq.log(chen, draft("冯涛", "13405910006", "存量房买卖合同网签后能否更改买方"))
    inq.refer(chen, covered.number, to_staff_no="1003")  # 王芳 is away: her B 刘洋 gets it
    supervisor = auth.login("S001", "super123", None)
    window5 = (moment(TODAY, time(13, 30)), moment(TODAY, time(17, 30)))
    cover.record_absence(supervisor, "1005", "training", *window5, "政务服务礼仪培训")
    meeting = (moment(TODAY, time(14)), moment(TODAY, time(16)))
    cover.record_absence(supervisor, "1006", "meeting", *meeting, "季度业务例会")
    numbers.update(red=red.number, yellow=yellow.number, green=green.number)
    numbers.update(referred=referred.number, replied=replied.number, covered=covered.number)
    return numbers


def shoot_inquiries(config: Config, outdir: Path) -> None:
    """Every picture of issue 6, on the hall of ``config`` (already seeded)."""
    clock = FakeClock(moment(date(2026, 11, 16), time(9)))
    services = build_services(config, clock)
    numbers = a_week_of_inquiries(services, clock)
    services.sync.sync_once()
    clock.set(moment(TODAY, NOW))
    runner = ServiceRunner(config.language)
    monitor = ConnectionMonitor(services.health.check, runner, config.retry_s)
    ctx = UiContext(services, runner, Labels(config.language), monitor)
    monitor.set_status(services.health.check())
    try:
        clerk_pictures(ctx, numbers, outdir)
        supervisor_pictures(ctx, outdir)
        guide_picture(ctx, outdir)
        slip = services.inquiries.print_slip(numbers["covered"])
        page_image(services.printing.render(slip.pdf, dpi=150)[0]).save(
            str(outdir / "inquiry-slip.png")
        )
        print(outdir / "inquiry-slip.png")
    finally:
        runner.stop()


def desk_of(window: ClerkWindow) -> InquiryDesk:
    desk = window.pages.inquiries
    if desk is None:
        raise RuntimeError("the clerk window has no inquiry desk")
    cases = window.pages.cases
    if cases is not None and cases.summary_dialog is not None:
        cases.summary_dialog.accept()
    return desk


def clerk_pictures(ctx: UiContext, numbers: dict[str, str], outdir: Path) -> None:
    """刘洋 at window 4, covering 王芳: the inbox, an inquiry's view, the form."""
    session = ctx.services.auth.login("1004", "desk1234", 4)
    window = window_of(ctx, session)
    desk = desk_of(window)
    desk.show_inbox()
    settle(ctx)
    desk.inbox.select(numbers["covered"])
    save(window, outdir / "inquiries.png")
    desk.inbox.steps.open(numbers["replied"])
    settle(ctx)
    if desk.inbox.steps.detail_dialog is not None:
        save(desk.inbox.steps.detail_dialog, outdir / "inquiry-view.png")
        desk.inbox.steps.detail_dialog.accept()
    fill_form(ctx, desk, outdir)
    window.close()


def fill_form(ctx: UiContext, desk: InquiryDesk, outdir: Path) -> None:
    """A visitor asks about 公积金 on retirement; referred to the 公积金中心 with its contact."""
    desk.open_form()
    settle(ctx)
    dialog = desk.form_dialog
    if dialog is None:
        return
    form = dialog.form
    person = form.person
    person.name.setText("何静")
    person.phone.setText("13905911234")
    person.id_edit.setText(VALID_ID)
    person.check_id()
    person.matter.setPlainText("退休后提取住房公积金需要哪些材料，能否由子女代为办理")
    item = ctx.services.checklist.search_items("SF-GJJ-0202")[0].item
    form.set_item(item.code, item.name)
    for name, copies in (("退休证", 1), ("居民身份证复印件", 2)):
        form.materials.add(name, copies)
    form.outcome.choose("refer")
    form.outcome.to_department.setChecked(True)
    form.outcome.refer_department.setCurrentIndex(1)
    form.outcome.refer_note.setText("需核实是否可委托代办，请回电咨询人")
    settle(ctx)
    save(dialog, outdir / "inquiry-form.png")
    dialog.reject()


def supervisor_pictures(ctx: UiContext, outdir: Path) -> None:
    """王主任: the red A/B warning, the AB岗 tab on its warnings, the inquiry report."""
    session = ctx.services.auth.login("S001", "super123", 6)
    window = window_of(ctx, session)
    desk = desk_of(window)
    cases = window.pages.cases
    if cases is not None and cases.board is not None:
        cases.show_board()
        settle(ctx)
        save(window, outdir / "board-inquiries.png")
    desk.show_cover()
    settle(ctx)
    page = desk.cover
    if page is None or page.admin is None:
        return
    page.admin.setCurrentWidget(page.admin.absences)
    settle(ctx)
    save(window, outdir / "cover-supervisor.png")
    roster_picture(ctx, window, page.admin.roster, outdir)
    page.admin.report.start.setDate(page.admin.report.start.date().addDays(-30))
    page.admin.setCurrentWidget(page.admin.report)
    page.admin.report.refresh()
    settle(ctx)
    save(window, outdir / "inquiry-report.png")
    window.close()


GOOD_ROSTER = """日期,窗口,工号,班次
2026-11-28,1,1001,全天
2026-11-28,3,1003,上午
2026-11-28,4,1004,下午
2026-11-29,6,1006,全天
"""
#: An unknown staff number, a window the hall does not have, a shift that is none.
BAD_ROSTER = (
    GOOD_ROSTER + "2026-11-29,6,1009,全天\n2026-11-29,9,1005,上午\n2026-11-29,5,1005,晚班\n"
)


def roster_picture(ctx: UiContext, window: ClerkWindow, tab: RosterTab, outdir: Path) -> None:
    """Saturday 11-28 (windows 1, 3, 4: categories A and B), then a file with mistakes."""
    with tempfile.TemporaryDirectory() as folder:
        good, bad = Path(folder) / "roster.csv", Path(folder) / "roster-bad.csv"
        good.write_text(GOOD_ROSTER, encoding="utf-8")
        bad.write_text(BAD_ROSTER, encoding="utf-8")
        ctx.services.cover.import_roster(good)
        tab.admin.setCurrentWidget(tab)
        tab.day.setDate(QDate(2026, 11, 28))
        tab.refresh()
        tab.import_file(str(bad))
        settle(ctx)
    save(window, outdir / "cover-roster.png")


def guide_picture(ctx: UiContext, outdir: Path) -> None:
    """Guide mode: 李娜 at the floor desk looks up a returning caller by phone."""
    session = ctx.services.auth.login("1002", "desk1234", None)
    guide = GuideWindow(ctx, session)
    guide.start()
    guide.desk.show_lookup()
    guide.desk.lookup.field.setText("13405910006")
    guide.desk.lookup.search()
    settle(ctx)
    if guide.desk.lookup.steps.detail_dialog is not None:
        guide.desk.lookup.steps.detail_dialog.accept()
    save(guide, outdir / "guide-lookup.png")
    guide.close()

"""``python -m desk_client.ui.screenshots OUTDIR``: PNGs of every screen, for the docs.

A temporary SQLite hall with the demo data, a few tickets issued and called, then the
login dialog, the clerk window, the customer screen, the hall display and the kiosk are
grabbed (QWidget.grab), and a printed ticket slip is rasterised. Issue 4 adds the checklist
page (a first visit and a return visit), the notices' history, the supervisor's approval view
and the printed notices (one-time notice on 80 mm and A4, a rejection notice); issue 5 my cases,
the case view, the summary, the board, the calendar and the acceptance notice with its deadline
(ui.screenshots_cases); issue 6 the inquiry form, the inbox, the supervisor's AB岗 view, the
report, guide mode and the receipt (ui.screenshots_inquiries); the 预约 page with a day's
bookings (ui.screenshots_appointments); 叫号统计 over a day of the queue
(ui.screenshots_queue_stats). Run it under Xvfb
(``xvfb-run -a``) so fonts render as on a desktop.
This tool calls the services directly (it is a batch job, not an interactive front end).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from desk_client.config import Config
from desk_client.core.catalogue import ServiceItem
from desk_client.core.checklist import (
    Applicant,
    ApplicantKind,
    ExceptionApproval,
    MaterialCheck,
    MaterialStatus,
)
from desk_client.core.idnumbers import id_check_char
from desk_client.core.messages import translate
from desk_client.core.notices import notice_scan_code
from desk_client.services.app import Services, build_services
from desk_client.services.dto import IssuedTicket, PrintedDocument, StaffSession
from desk_client.services.dto_notices import ChecklistDraft
from desk_client.ui.app import load_cjk_font
from desk_client.ui.checklist import ChecklistPage
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.context import UiContext
from desk_client.ui.display import HallDisplay
from desk_client.ui.i18n import Labels
from desk_client.ui.kiosk import KioskWindow
from desk_client.ui.login import LoginDialog
from desk_client.ui.printing import DocumentPrinter, page_image
from desk_client.ui.screenshots_appointments import shoot_appointments
from desk_client.ui.screenshots_cases import shoot_cases
from desk_client.ui.screenshots_inquiries import shoot_inquiries
from desk_client.ui.screenshots_queue_stats import shoot_queue_stats
from desk_client.ui.screenshots_ratings import shoot_ratings
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
    clerk.pages.build_all()  # the program builds them after the first paint
    clerk.apply_state(queue.window_state(WINDOW))
    ctx.monitor.set_status(services.health.check())
    clerk.mode.show_sync(services.sync.status())
    save(clerk, outdir / "clerk.png")
    save(clerk.customer, outdir / "customer.png")
    shoot_checklist(services, ctx, clerk, outdir)
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


# ---- issue 4: the checklist, notices and approvals -----------------------------------------
VALID_ID = "11010519491231002X"  # GB 11643's own example
#: Demo applicants: a name and the first 17 characters of a made-up resident ID.
APPLICANTS = {
    "张三": VALID_ID[:17],
    "陈晓燕": "35010219850312124",
    "李明": "35012119710805351",
    "王建国": "35010319660211203",
    "刘芳": "35010519920627442",
}


def settle(ctx: UiContext) -> None:
    """Let the worker answer every job and the GUI apply the answers."""
    for _ in range(3):
        QApplication.processEvents()
    while ctx.runner.pending:
        QApplication.processEvents()
    QApplication.processEvents()


def person(name: str, phone: str = "13800138000") -> Applicant:
    first = APPLICANTS[name]
    return Applicant(ApplicantKind.PERSON, name, first + id_check_char(first), phone)


def gjj_checks(item: ServiceItem) -> tuple[MaterialCheck, ...]:
    """退休证明 missing, the bank card's copy unreadable, the rest present or not needed."""
    statuses = {"退休证明": MaterialStatus.MISSING, "本人银行储蓄卡": MaterialStatus.NONCONFORMING}
    return tuple(
        MaterialCheck(
            m.name,
            statuses.get(
                m.name, MaterialStatus.PRESENT if m.required else MaterialStatus.NOT_APPLICABLE
            ),
            "复印件字迹不清，请提供原件" if m.name == "本人银行储蓄卡" else "",
        )
        for m in item.materials
    )


def paperwork(services: Services, clerk: StaffSession) -> dict[str, str]:
    """A morning's notices: one-time notices, a rejection approved, two awaiting, an
    exception to the one-time rule; all sent to the central database."""
    desk = services.checklist
    item = desk.search_items("gjj")[0].item
    numbers = {"one_time": desk.issue_notice(clerk, draft(item, "张三")).number}
    desk.issue_notice(clerk, draft(item, "陈晓燕"))
    ground = item.refusal_grounds[0]
    numbers["rejection"] = desk.reject(
        clerk, draft(item, "李明", ()), ground.reason, ground.legal_basis
    ).number
    for name in ("王建国", "刘芳"):
        desk.reject(clerk, draft(item, name, ()), ground.reason, ground.legal_basis)
    desk.approve_exception(
        clerk, numbers["one_time"], "居民身份证", "身份证已过有效期", "S001", "super123"
    )
    services.sync.sync_once()
    supervisor = services.auth.login("S001", "super123", None)
    services.supervision.decide(supervisor, numbers["rejection"], True, "理由和依据充分")
    return numbers


def draft(
    item: ServiceItem, name: str, checks: tuple[MaterialCheck, ...] | None = None
) -> ChecklistDraft:
    return ChecklistDraft(item.code, person(name), gjj_checks(item) if checks is None else checks)


def save_notice(services: Services, number: str, paper: str, path: Path) -> None:
    """The notice as printed, every page one under the other (docs resolution)."""
    save_pages(services, services.checklist.print_notice(number, paper), path)


def save_pages(services: Services, doc: PrintedDocument, path: Path) -> None:
    pages = [page_image(p) for p in services.printing.render(doc.pdf, dpi=110)]
    sheet = QImage(
        max(p.width() for p in pages), sum(p.height() for p in pages), QImage.Format.Format_RGB32
    )
    sheet.fill(QColor("#ffffff"))
    painter, top = QPainter(sheet), 0
    for page in pages:
        painter.drawImage(0, top, page)
        top += page.height()
    painter.end()
    sheet.save(str(path))
    print(path)


def shoot_checklist(services: Services, ctx: UiContext, clerk: ClerkWindow, outdir: Path) -> None:
    numbers = paperwork(services, clerk.session)
    save_notice(services, numbers["one_time"], "80mm", outdir / "notice-one-time-80mm.png")
    save_notice(services, numbers["one_time"], "a4", outdir / "notice-one-time-a4.png")
    save_notice(services, numbers["rejection"], "a4", outdir / "notice-rejection-a4.png")
    page, history = clerk.pages.checklist, clerk.pages.history
    if page is None or history is None:
        raise RuntimeError("the clerk window's pages are not built")
    clerk.pages.setCurrentWidget(page)
    first_visit(ctx, page)
    save(clerk, outdir / "checklist.png")
    return_visit(ctx, page, numbers["one_time"])
    save(clerk, outdir / "checklist-return.png")
    clerk.pages.setCurrentWidget(history)
    settle(ctx)
    save(clerk, outdir / "notices.png")
    clerk.pages.setCurrentWidget(clerk.pages.queue_page)
    shoot_supervisor(services, ctx, outdir)


def first_visit(ctx: UiContext, page: ChecklistPage) -> None:
    """gjj picked, the applicant accepted (ID masked), the materials ticked."""
    settle(ctx)
    page.picker.search.setText("gjj")
    page.picker.search_now()
    settle(ctx)
    page.picker.pick_current()
    form = page.form
    for edit, text in (
        (form.name, "陈晓燕"),
        (form.id_edit, VALID_ID),
        (form.phone, "13905911234"),
    ):
        edit.setText(text)
    form.check(every_field=True)
    settle(ctx)
    item = page.item
    if item is not None:
        for row, check in enumerate(gjj_checks(item)):
            page.materials.set_status(row, check.status)
            page.materials.set_reason(row, check.reason)
    page.view.selectRow(2)


def return_visit(ctx: UiContext, page: ChecklistPage, number: str) -> None:
    """The notice scanned again: its list starred, the approved exception marked."""
    page.clear(keep_message=True)
    page.return_edit.setText(notice_scan_code(ctx.services.config.hall_code, number))
    page.open_return_visit()
    settle(ctx)
    approval = ExceptionApproval(
        "居民身份证", "身份证已过有效期", "S001", "王主任", ctx.services.clock.now()
    )
    page.materials.add_approval(approval)
    page.materials.set_status(page.materials.row_of("居民身份证"), MaterialStatus.MISSING)
    page.message.info(ctx.labels("approval.done", name="王主任", material="居民身份证"))


def shoot_supervisor(services: Services, ctx: UiContext, outdir: Path) -> None:
    """王主任's window on the 审批 tab: two reports waiting, one decided, one exception."""
    session = services.auth.login("S001", "super123", 6)
    window = ClerkWindow(ctx, session, Announcer(services.config.language, "mock"))
    pages = window.pages
    pages.build_all()
    if pages.supervisor is None:
        return
    window.mode.show_sync(services.sync.status())
    pages.setCurrentWidget(pages.supervisor)
    settle(ctx)
    pages.supervisor.comment.setText("请补充不符合退休提取条件的具体情形")
    save(window, outdir / "supervisor.png")
    window.close()


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
            shoot_cases(config, outdir)  # issue 5, on a fake clock of its own
            shoot_inquiries(config, outdir)  # issue 6, on another
            shoot_ratings(config, outdir)  # issue 7, on a third
            shoot_appointments(config, outdir)  # 预约, on a fourth
            shoot_queue_stats(config, outdir)  # 叫号统计, on a fifth
        finally:
            runner.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

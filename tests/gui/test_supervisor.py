"""The supervisor's approval view (审批) and a rejection waiting for it, offscreen.

A clerk rejects (不予受理) in the default approve-first mode: the notice waits (等待主管审批,
print refused), the report reaches the supervisor's view through the sync worker, the
supervisor approves it (or returns it with a comment, never without one) and the clerk's page,
polling on a timer, enables printing or shows the comment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.services.app import Services
from desk_client.services.dto_notices import RejectionReportView
from desk_client.ui.app import Shell
from desk_client.ui.checklist import ChecklistPage
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.i18n import Labels
from desk_client.ui.supervisor import SupervisorPage, reports_model
from tests.gui.test_checklist import (
    TIMEOUT,
    activate,
    enter_applicant,
    open_checklist,
    pick_gjj,
)

GROUND = "申请人未达到法定退休年龄，不符合退休提取条件"


def reject_gjj(qtbot: QtBot, page: ChecklistPage) -> str:
    """Pick, enter, Ctrl+R; a written ground without its basis is refused first."""
    pick_gjj(qtbot, page)
    enter_applicant(qtbot, page)
    qtbot.keyClick(page.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.reject_dialog is not None, timeout=TIMEOUT)
    dialog = page.reject_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.ground_box.itemText(0) == GROUND
    assert dialog.basis.text() == "《住房公积金管理条例》第二十四条"

    dialog.ground_box.setCurrentIndex(1)  # 其他（手工填写）: empty
    dialog.reason.insertPlainText("材料系伪造")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=TIMEOUT)
    assert "依据" in dialog.message.text() and dialog.isVisible()
    assert page.last is None  # refused: nothing issued

    dialog.ground_box.setCurrentIndex(0)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last is not None, timeout=TIMEOUT)
    assert not dialog.isVisible()
    notice = page.last
    assert notice is not None and notice.status == "awaiting_approval"
    return notice.number


def supervisor_view(qtbot: QtBot, shell: Shell, services: Services) -> SupervisorPage:
    """The supervisor's view in this process, on the shell's services and worker."""
    session = shell.ctx.services.auth.login("S001", "super123", None)
    view = SupervisorPage(shell.ctx, session)
    qtbot.addWidget(view)
    view.show()
    return view


def wait_for_report(qtbot: QtBot, view: SupervisorPage, number: str) -> RejectionReportView:
    """The report arrives once the clerk's sync worker pushed it; read until it is there."""

    def arrived() -> bool:
        view.refresh()
        return any(r.number == number for r in view.pending.rows())

    qtbot.waitUntil(arrived, timeout=TIMEOUT)
    report = view.selected()
    assert report is not None
    return report


def test_a_rejection_waits_then_prints_once_the_supervisor_approves(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    number = reject_gjj(qtbot, page)
    assert number == "BY2026-03-0001"
    assert "等待主管审批" in page.card.title.text()
    assert page.card.detail.text() == "主管批准后即可打印；本页自动查询审批结果"
    assert not page.card.print80.isEnabled() and page.card.poll.isActive()
    assert not page.buttons["accept"].isEnabled() and not page.buttons["reject"].isEnabled()

    activate(qtbot, page)  # Ctrl+P before the decision: the service refuses, in words
    qtbot.keyClick(page.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "审批" in page.message.text(), timeout=TIMEOUT)

    view = supervisor_view(qtbot, shell, services)
    report = wait_for_report(qtbot, view, number)
    assert report.applicant_display == "张三（1101**********002X）"
    assert (report.reason, report.reported_by) == (GROUND, "1003")
    texts = [view.pending.index(0, c).data() for c in range(view.pending.columnCount())]
    assert texts[:3] == [number, "住房公积金提取（退休）", "张三（1101**********002X）"]
    assert "1003" in texts[3]

    page.card.poll.setInterval(50)  # the clerk's page polls; quicker in a test
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=TIMEOUT)
    qtbot.keyClick(view.pending_view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.pending.rowCount() == 0, timeout=TIMEOUT)
    assert [r.status for r in view.decided.rows()] == ["approved"]
    assert "已批准" in view.message.text()

    qtbot.waitUntil(page.card.print80.isEnabled, timeout=TIMEOUT)
    assert page.card.detail.text() == "主管已批准，可以打印"
    assert not page.card.poll.isActive()
    with qtbot.waitSignal(page.printer.printed, timeout=TIMEOUT):
        page.card.printa4.click()


def test_returned_with_a_comment_and_never_without_one(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    number = reject_gjj(qtbot, page)
    view = supervisor_view(qtbot, shell, services)
    wait_for_report(qtbot, view, number)

    view.return_button.click()  # no comment: refused, still pending
    qtbot.waitUntil(lambda: view.message.text() != "", timeout=TIMEOUT)
    assert "意见" in view.message.text()
    view.refresh()
    qtbot.waitUntil(lambda: not view._reading, timeout=TIMEOUT)
    assert [r.number for r in view.pending.rows()] == [number]

    page.card.poll.setInterval(50)
    view.comment.insert("退休证明可在窗口补录，请先出具一次性告知单")
    view.return_button.click()
    qtbot.waitUntil(lambda: view.pending.rowCount() == 0, timeout=TIMEOUT)
    assert view.decided.rows()[0].comment == "退休证明可在窗口补录，请先出具一次性告知单"

    qtbot.waitUntil(
        lambda: page.last is not None and page.last.status == "returned", timeout=TIMEOUT
    )
    assert "退休证明可在窗口补录" in page.card.detail.text()
    assert "退休证明可在窗口补录" in page.message.text()
    assert not page.card.print80.isEnabled()
    assert page.buttons["reject"].isEnabled()  # the clerk may act again on the same draft


def test_only_a_supervisor_sees_the_approval_tab(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell, staff_no="S001")
    clerk = page.window()
    assert isinstance(clerk, ClerkWindow)
    assert clerk.pages.supervisor is not None
    qtbot.keyClick(clerk, Qt.Key.Key_F12)
    assert clerk.pages.currentWidget() is clerk.pages.supervisor
    qtbot.waitUntil(lambda: clerk.pages.supervisor.count.text() != "", timeout=TIMEOUT)
    assert clerk.pages.supervisor.count.text() == "暂无待审批的报备"
    qtbot.keyClick(clerk, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert clerk.pages.currentWidget() is clerk.pages.history


def test_a_clerk_has_no_approval_tab(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    clerk = page.window()
    assert isinstance(clerk, ClerkWindow)
    assert clerk.pages.supervisor is None
    # queue, checklist, history, (issue 5) my cases, (issue 6) inquiries, lookup, A/B cover,
    # (issue 7) ratings, appointments
    assert clerk.pages.count() == 9
    qtbot.keyClick(clerk, Qt.Key.Key_F12)
    assert clerk.pages.currentWidget() is page
    qtbot.keyClick(clerk, Qt.Key.Key_F10)  # F10 again: back to the queue
    assert clerk.pages.currentWidget() is clerk.pages.queue_page


def test_the_reports_model_is_a_sound_qt_model(qtmodeltester: ModelTester) -> None:
    model = reports_model(Labels("en"), ZoneInfo("Asia/Shanghai"))
    qtmodeltester.check(model, force_py=True)
    report = RejectionReportView(
        number="BY2026-03-0001",
        item_name="住房公积金提取（退休）",
        applicant_display="张三（1101**********002X）",
        reported_by="1003",
        reported_by_name="王芳",
        reason=GROUND,
        basis="《住房公积金管理条例》第二十四条",
        reported_at=datetime(2026, 11, 23, 2, 30, tzinfo=UTC),
        status="pending",
    )
    model.set_rows([report])
    assert model.index(0, 6).data() == "11-23 10:30"  # local time of the hall
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Reason"

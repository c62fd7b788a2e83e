"""我的办件 at the window, offscreen, with real services on SQLite and a fake clock.

A case accepted on Monday 2026-11-23 for 不动产转移登记 (promised 5 working days) is due
Monday 11-30. The clerk's table shows it green, yellow on Friday, hours on the last day and
red after it, as the fake clock moves (the page's own 1 s timer repaints; nothing counts
ticks), and each level change is recorded once by the sweep. A pause shows 暂停中 and prints
the special-step notice; resuming moves the deadline; an extension needs a supervisor's
password; a withdrawal needs a reason; each refusal keeps the dialog and changes nothing. The
case view shows the timeline. The start-of-day summary appears at the first login of a day
with red cases, and not at the second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.checklist import Applicant, ApplicantKind, MaterialCheck, MaterialStatus
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.services.dto_notices import ChecklistDraft
from desk_client.ui.app import Shell
from desk_client.ui.case_dialogs import CaseActionDialog
from desk_client.ui.case_pages import CaseDesk
from desk_client.ui.cases_model import COLUMNS
from desk_client.ui.cases_view import CasesPage
from tests.gui.test_clerk import clerk_window, log_in

TIMEOUT = 8000
ZONE = ZoneInfo("Asia/Shanghai")
ITEM = "SF-BDC-0501"  # 不动产转移登记（存量房买卖）: promised 5 working days
REMAINING, LEVEL, DEADLINE = (COLUMNS.index(c) for c in ("remaining", "level", "deadline"))


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE).astimezone(UTC)


def accept_case(services: Services, name: str = "王建国") -> str:
    """An acceptance at window 3 by clerk 1003 (every material present): the case opens."""
    session = services.auth.login("1003", "desk1234", 3)
    item = next(r.item for r in services.checklist.search_items(ITEM) if r.item.code == ITEM)
    checks = tuple(MaterialCheck(m.name, MaterialStatus.PRESENT) for m in item.materials)
    applicant = Applicant(ApplicantKind.PERSON, name, "11010519491231002X", "13800138000")
    return services.checklist.accept(session, ChecklistDraft(ITEM, applicant, checks)).number


def open_cases(qtbot: QtBot, shell: Shell, staff_no: str = "1003") -> tuple[CasesPage, CaseDesk]:
    log_in(qtbot, shell, staff_no, "super123" if staff_no.startswith("S") else "desk1234")
    clerk = clerk_window(qtbot, shell)
    desk = clerk.pages.cases
    assert desk is not None
    qtbot.keyClick(clerk, Qt.Key.Key_F11)
    page = desk.cases
    assert clerk.pages.currentWidget() is page
    qtbot.waitUntil(
        lambda: page.model.rowCount() > 0 and desk.calendar is not None, timeout=TIMEOUT
    )
    return page, desk


def cell(page: CasesPage, column: int, row: int = 0) -> str:
    return str(page.proxy.index(row, column).data())


def wait_text(qtbot: QtBot, page: CasesPage, column: int, text: str) -> None:
    qtbot.waitUntil(lambda: cell(page, column) == text, timeout=TIMEOUT)


def dialog_of(qtbot: QtBot, page: CasesPage, key: Qt.Key) -> CaseActionDialog:
    window = page.window()
    window.activateWindow()  # back from the last dialog; offscreen needs telling
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    page.view.setFocus()
    page.dialog = None
    qtbot.keyClick(page.view, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=TIMEOUT)
    dialog = page.dialog
    assert dialog is not None
    dialog.activateWindow()  # as the window manager does; offscreen needs telling
    qtbot.waitUntil(dialog.isActiveWindow, timeout=TIMEOUT)
    return dialog


def fill(dialog: CaseActionDialog, **values: str) -> None:
    for name, text in values.items():
        edit = dialog.edits[name]
        assert isinstance(edit, QLineEdit)
        edit.setText(text)


def submit(qtbot: QtBot, dialog: CaseActionDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Return)


def warned_levels(services: Services, number: str) -> list[str]:
    timeline = services.cases.case(number).timeline
    return [e.detail for e in timeline if e.type == "case.warned"]


def test_a_case_counts_down_green_yellow_hours_red_and_is_warned_once_per_level(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    number = accept_case(services)
    shell = start_shell(replace(hall_config, sweep_s=1))
    page, _desk = open_cases(qtbot, shell)
    assert cell(page, 0) == number
    assert cell(page, DEADLINE) == "2026-11-30"
    assert (cell(page, REMAINING), cell(page, LEVEL)) == ("剩 5 个工作日", "● 正常")
    assert page.count.text() == "共 1 件 · 红牌 0 · 黄牌 0"

    fake_clock.set(at(date(2026, 11, 27), 9))  # Friday: one working day left
    wait_text(qtbot, page, LEVEL, "▲ 黄牌")  # the page's 1 s timer, from the clock
    assert cell(page, REMAINING) == "剩 1 个工作日"
    qtbot.waitUntil(lambda: len(warned_levels(services, number)) == 1, timeout=TIMEOUT)
    fake_clock.set(at(date(2026, 11, 30), 15, 10))  # the last day: hours until 17:30
    wait_text(qtbot, page, REMAINING, "今日截止 · 剩 2 小时 20 分")
    fake_clock.set(at(date(2026, 11, 30), 16, 40))
    wait_text(qtbot, page, REMAINING, "今日截止 · 剩 0 小时 50 分")
    fake_clock.set(at(date(2026, 12, 1), 9))
    wait_text(qtbot, page, LEVEL, "■ 红牌")
    assert cell(page, REMAINING) == "超期 1 个工作日"
    assert page.count.text() == "共 1 件 · 红牌 1 · 黄牌 0"
    # the sweep (every second here) recorded yellow and red once each, however often it ran
    qtbot.waitUntil(lambda: len(warned_levels(services, number)) == 2, timeout=TIMEOUT)
    qtbot.wait(2500)
    assert [d.split(" · ")[0] for d in warned_levels(services, number)] == ["yellow", "red"]


def test_pause_resume_extend_withdraw_with_refusals_that_change_nothing(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    number = accept_case(services)
    shell = start_shell(hall_config)
    page, _desk = open_cases(qtbot, shell)
    page.view.setFocus()
    page.view.selectRow(0)
    fake_clock.set(at(date(2026, 11, 24), 10))

    # 暂停计时 without a step: refused in the dialog, nothing recorded
    dialog = dialog_of(qtbot, page, Qt.Key.Key_2)
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=TIMEOUT)
    assert dialog.isVisible() and services.cases.case(number).pauses == ()
    fill(dialog, step="专家评审", reason="需组织专家现场踏勘")
    with qtbot.waitSignal(page.printer.printed, timeout=TIMEOUT) as printed:
        submit(qtbot, dialog)  # the special-step notice is printed at once (pdf mode)
    assert Path(printed.args[0]).read_bytes().startswith(b"%PDF")
    assert not dialog.isVisible()
    wait_text(qtbot, page, REMAINING, "暂停中 · 自 11月24日")
    assert cell(page, LEVEL) == "Ⅱ 暂停" and cell(page, DEADLINE) == ""
    assert not page.buttons["pause"].isEnabled() and page.buttons["resume"].isEnabled()

    # 恢复计时 on the 25th: two working days did not count, the deadline moves to 12-02
    fake_clock.set(at(date(2026, 11, 25), 16))
    dialog = dialog_of(qtbot, page, Qt.Key.Key_3)
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: cell(page, DEADLINE) == "2026-12-02", timeout=TIMEOUT)
    assert cell(page, REMAINING) == "剩 5 个工作日"

    # 延长期限: a wrong password is refused and the deadline stays; the supervisor's moves it
    dialog = dialog_of(qtbot, page, Qt.Key.Key_4)
    dialog.edits["days"].setValue(3)  # type: ignore[attr-defined]
    fill(dialog, reason="需补充现场勘验", supervisor="S001", password="wrong")
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=TIMEOUT)
    assert dialog.isVisible() and cell(page, DEADLINE) == "2026-12-02"
    fill(dialog, password="super123")
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: cell(page, DEADLINE) == "2026-12-07", timeout=TIMEOUT)
    assert cell(page, COLUMNS.index("limit")) == "8 个工作日"

    # 撤回 needs a reason
    dialog = dialog_of(qtbot, page, Qt.Key.Key_6)
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=TIMEOUT)
    assert services.cases.case(number).case.state == "in_progress"
    fill(dialog, reason="申请人主动撤回申请")
    submit(qtbot, dialog)
    wait_text(qtbot, page, REMAINING, "已撤回")
    assert not any(button.isEnabled() for button in page.buttons.values())

    # Enter: the case view with the whole timeline
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.case_dialog is not None, timeout=TIMEOUT)
    view = page.case_dialog
    assert view is not None and view.isVisible()
    events = [view.timeline.row_at(r).type for r in range(view.timeline.rowCount())]  # type: ignore[union-attr]
    assert events == [
        "case.opened",
        "case.paused",
        "case.resumed",
        "case.extended",
        "case.withdrawn",
    ]
    assert view.timeline.index(1, 1).data() == "暂停计时"
    assert view.pauses.index(0, 1).data() == "2026-11-25"
    assert view.print_buttons["pause"].isEnabled() and view.print_buttons["extension"].isEnabled()


def test_the_page_model_is_sound_through_a_refresh_and_a_new_day(
    qtbot: QtBot,
    services: Services,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
    qtmodeltester: ModelTester,
) -> None:
    accept_case(services)
    shell = start_shell(services.config)
    page, _desk = open_cases(qtbot, shell)
    qtmodeltester.check(page.proxy, force_py=True)
    accept_case(services, "刘芳")
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=TIMEOUT)
    fake_clock.set(at(date(2026, 12, 1)))
    wait_text(qtbot, page, LEVEL, "■ 红牌")
    page.filter.setText("刘")
    assert page.proxy.rowCount() == 1 and cell(page, COLUMNS.index("applicant")).startswith(
        "刘芳（1101"
    )


def test_the_summary_shows_red_cases_at_the_first_login_of_the_day_only(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    number = accept_case(services)
    fake_clock.set(at(date(2026, 12, 1), 8, 50))  # overdue by one working day
    shell = start_shell(hall_config)
    log_in(qtbot, shell, "1003", "desk1234")
    desk = clerk_window(qtbot, shell).pages.cases
    assert desk is not None
    qtbot.waitUntil(lambda: desk.summary_dialog is not None, timeout=TIMEOUT)
    dialog = desk.summary_dialog
    assert dialog is not None and dialog.isVisible()
    red = dialog.models["red"]
    assert [red.row_at(r).number for r in range(red.rowCount())] == [number]  # type: ignore[union-attr]
    assert red.index(0, red.remaining_column).data() == "超期 1 个工作日"
    assert dialog.models["yellow"].rowCount() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    shell.shutdown()

    second = start_shell(hall_config)  # the same clerk logs in again the same day
    log_in(qtbot, second, "1003", "desk1234")
    again = clerk_window(qtbot, second).pages.cases
    assert again is not None
    qtbot.waitUntil(lambda: again.cases.model.rowCount() == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: second.ctx.runner.pending == 0, timeout=TIMEOUT)
    qtbot.wait(200)
    assert again.summary_dialog is None

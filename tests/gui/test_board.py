"""督办 (Ctrl+D): the supervisor's board lists the whole hall's open cases, red first.

Two cases are accepted at clerk 1003's PC and synced; a week later one is overdue. The
supervisor's window (S001) opens the board with Ctrl+D: the red case is on top with its
overdue working days, the board model stays sound under qtmodeltester while it refreshes on
its timer, Enter opens the case view (no printing from the board). A clerk has no board.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.ui.app import Shell
from desk_client.ui.cases_model import BOARD_COLUMNS
from tests.gui.test_cases import TIMEOUT, accept_case, at, open_cases
from tests.gui.test_clerk import clerk_window, log_in


def test_the_board_lists_the_hall_red_first_and_opens_a_case(
    qtbot: QtBot,
    services: Services,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
    qtmodeltester: ModelTester,
) -> None:
    late = accept_case(services)  # 11-23, due 11-30
    fake_clock.set(at(date(2026, 12, 1), 9))
    fresh = accept_case(services, "刘芳")  # 12-01, due 12-08
    services.sync.sync_once()
    shell = start_shell(services.config)
    log_in(qtbot, shell, "S001", "super123")
    window = clerk_window(qtbot, shell)
    desk = window.pages.cases
    assert desk is not None and desk.board is not None
    board = desk.board
    qtmodeltester.check(board.proxy, force_py=True)
    qtbot.waitUntil(lambda: shell.ctx.runner.pending == 0, timeout=TIMEOUT)
    if desk.summary_dialog is not None:  # the first login of the day: it takes the keys
        desk.summary_dialog.accept()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is board
    qtbot.waitUntil(lambda: board.model.rowCount() == 2, timeout=TIMEOUT)
    assert board.red_numbers() == [late]
    column = {name: i for i, name in enumerate(BOARD_COLUMNS)}
    first = [board.proxy.index(0, c).data() for c in range(len(BOARD_COLUMNS))]
    assert first[column["number"]] == late
    assert first[column["level"]] == "■ 红牌"
    assert first[column["remaining"]] == "超期 1 个工作日"
    assert first[column["staff"]] == "1003 · 3"
    assert board.proxy.index(1, column["number"]).data() == fresh
    assert board.count.text() == "共 2 件 · 红牌 1 · 黄牌 0"
    assert board.stamp.text().startswith("更新于")

    board.view.setFocus()
    board.view.selectRow(0)
    qtbot.keyClick(board.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: board.case_dialog is not None, timeout=TIMEOUT)
    view = board.case_dialog
    assert view is not None and view.detail.case.number == late
    assert not any(button.isVisible() for button in view.print_buttons.values())

    board.refresh()  # a refresh with the same cases changes them in place
    qtbot.waitUntil(lambda: not board._reading, timeout=TIMEOUT)
    assert board.red_numbers() == [late]


def test_a_clerk_has_no_board_and_no_calendar(
    qtbot: QtBot, services: Services, start_shell: Callable[[Config], Shell]
) -> None:
    accept_case(services)
    shell = start_shell(services.config)
    _page, desk = open_cases(qtbot, shell)
    assert desk.board is None and desk.calendar_page is None
    titles = [desk.pages.tabText(i) for i in range(desk.pages.count())]
    assert "我的办件  F11" in titles
    assert not any("督办" in title or "工作日历" in title for title in titles)

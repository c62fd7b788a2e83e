"""Guide mode (--mode guide): a floor guide logs in without a window and gets the inquiry form,
the inbox and the lookup as tabs; the inquiries are numbered with window 00."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.services.app import Services
from desk_client.ui.app import Shell, apply_args, parse_args
from desk_client.ui.inquiry_pages import GuideWindow
from desk_client.ui.login import LoginDialog
from tests.gui.test_inquiries import CTRL, SHIFT, TIMEOUT, activate, fill, pick_colleague


def guide_window(qtbot: QtBot, shell: Shell, staff_no: str = "1002") -> GuideWindow:
    login = shell.windows["login"]
    assert isinstance(login, LoginDialog)
    qtbot.waitUntil(lambda: shell.ctx.runner.pending == 0, timeout=TIMEOUT)
    assert [login.window_box.itemText(i) for i in range(login.window_box.count())] == ["不选择窗口"]
    activate(qtbot, login)
    qtbot.keyClicks(login.staff_no, staff_no)
    qtbot.keyClicks(login.password, "desk1234")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "guide" in shell.windows, timeout=TIMEOUT)
    guide = shell.windows["guide"]
    assert isinstance(guide, GuideWindow)
    activate(qtbot, guide)
    return guide


def test_guide_mode_is_the_form_the_inbox_and_the_lookup_without_a_window(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(replace(hall_config, mode="guide"))
    guide = guide_window(qtbot, shell)
    assert "clerk" not in shell.windows and guide.session.window_number is None
    pages = guide.pages
    assert [pages.tabText(i) for i in range(pages.count())] == [
        "首问登记  Ctrl+I",
        "咨询  Ctrl+M",
        "咨询查询  Ctrl+Shift+I",
    ]
    form = guide.form
    assert pages.currentWidget() is form and form.person.name.hasFocus()
    qtbot.waitUntil(lambda: form.outcome.colleague.count() > 0, timeout=TIMEOUT)
    fill(form, "马超", "13805910008", "社保卡在哪个窗口办理")
    pick_colleague(form, "1004")
    qtbot.keyClick(guide, Qt.Key.Key_M, CTRL)  # away and back: the lists are read again
    qtbot.keyClick(guide, Qt.Key.Key_I, CTRL)
    qtbot.waitUntil(lambda: shell.ctx.runner.pending == 0, timeout=TIMEOUT)
    assert form.outcome.colleague_no() == "1004" and form.person.name.text() == "马超"
    form.outcome.choose("answer")
    form.outcome.answer.setPlainText("社保卡在 3、4 号窗口办理，请取 B 类号")
    qtbot.keyClick(form.person.name, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: form.last is not None, timeout=TIMEOUT)
    assert form.last is not None
    number = form.last.number
    assert number == "SW2026-07-0001"  # no window: the first desk after windows 1-6
    assert form.message.text() == f"已登记 {number} · 已当场答复"
    assert services.inquiries.detail(number).inquiry.owner_no == "1002"

    qtbot.keyClick(guide, Qt.Key.Key_I, CTRL | SHIFT)
    lookup = guide.desk.lookup
    assert pages.currentWidget() is lookup and lookup.field.hasFocus()
    qtbot.keyClicks(lookup.field, number.lower())  # typed, in any case
    qtbot.keyClick(lookup.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lookup.steps.detail_dialog is not None, timeout=TIMEOUT)
    assert lookup.summary.text() == f"{number} · 已当场答复 · 承办 李娜（1002）"
    lookup.steps.detail_dialog.accept()  # type: ignore[union-attr]

    activate(qtbot, guide)
    qtbot.keyClick(guide, Qt.Key.Key_M, CTRL)
    assert pages.currentWidget() is guide.desk.inbox
    qtbot.keyClick(guide, Qt.Key.Key_I, CTRL)  # back to a fresh form
    assert pages.currentWidget() is form and form.person.name.text() == ""


def test_the_command_line_takes_guide_mode(hall_config: Config) -> None:
    args = parse_args(["--mode", "guide"])
    assert apply_args(hall_config, args).mode == "guide"

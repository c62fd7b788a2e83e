"""Offline login in the window program (issue 3 follow-up): a restart during an outage.

The clerk logged in once at this PC while the central database was up (the login cache); the
program then starts with the central URL on a closed port: the login dialog lists the cached
windows, the cached hash lets the clerk in, and the clerk window opens in 离线模式 with the
cached categories in the emergency panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.services.app import Services
from desk_client.ui.app import Shell
from desk_client.ui.login import LoginDialog
from tests.gui.test_clerk import TIMEOUT, clerk_window, log_in, press
from tests.gui.test_offline import CLOSED_PORT


def test_after_a_restart_offline_the_clerk_logs_in_from_the_cache_and_serves_walk_ins(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    services.auth.open_session(services.sync, "1003", "desk1234", 3)  # once, online
    expected = [w.number for w in services.queue.list_windows()]
    shell = start_shell(replace(hall_config, database_url=CLOSED_PORT))
    login = shell.windows["login"]
    assert isinstance(login, LoginDialog)

    log_in(qtbot, shell, "1003", "desk1234")  # waits for the (cached) window list
    numbers = [login.window_box.itemData(i) for i in range(1, login.window_box.count())]
    assert numbers == expected
    clerk = clerk_window(qtbot, shell)
    assert clerk.mode.session.offline
    mode = clerk.mode
    qtbot.waitUntil(lambda: mode.banner.mode == "offline", timeout=TIMEOUT)
    assert mode.banner.text().startswith("离线模式")
    assert mode.panel.isVisible()

    # the emergency panel's categories come from the cache: F8 works without typing one
    qtbot.waitUntil(lambda: mode.panel.category_box.count() > 0, timeout=TIMEOUT)
    with qtbot.waitSignal(clerk.announcer.announced, timeout=TIMEOUT) as spoken:
        press(qtbot, clerk, Qt.Key.Key_F8)
    assert spoken.args == ["请W03-001号到3号窗口办理"]


def test_offline_a_clerk_never_logged_in_here_is_told_why(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    services.auth.open_session(services.sync, "1003", "desk1234", 3)
    shell = start_shell(replace(hall_config, database_url=CLOSED_PORT))
    log_in(qtbot, shell, "1004", "desk1234")
    login = shell.windows["login"]
    assert isinstance(login, LoginDialog)
    qtbot.waitUntil(lambda: "从未在本机联网登录过" in login.message.text(), timeout=TIMEOUT)
    assert "clerk" not in shell.windows

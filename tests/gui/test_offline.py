"""The clerk window's offline mode (issue 3): banner and counts, F1 refused, F8 应急号, reconnect.

Real services on SQLite files and a fake clock. "Offline" is a central URL on a closed port
(127.0.0.1:1); "the network comes back" points the same services at the hall's real SQLite
file, and the sync worker drains the backlog in its own thread while the window keeps going.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.store.sync_schema import events
from desk_client.ui.app import Shell, open_clerk
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.i18n import Labels
from desk_client.ui.models import emergency_model, rejected_model
from tests.gui.test_clerk import TIMEOUT, clerk_window, log_in, press

CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/x"
SYNC_TIMEOUT = 15_000  # the worker's backoff is woken, but rounds run on real threads


def central_events(services: Services, event_type: str) -> list[str]:
    e = events.c
    query = sa.select(e.payload).where(e.type == event_type).order_by(e.server_seq)
    return list(services.context.read(lambda conn: conn.execute(query).scalars().all()))


def offline_clerk(
    qtbot: QtBot, services: Services, hall_config: Config, start: Callable[[Config], Shell]
) -> tuple[Shell, ClerkWindow]:
    """The clerk window of window 3 on a PC whose central database cannot be reached."""
    session = services.auth.login("1003", "desk1234", 3)
    shell = start(replace(hall_config, database_url=CLOSED_PORT))
    shell.windows["login"].close()
    open_clerk(shell, session)
    return shell, clerk_window(qtbot, shell)


def test_offline_the_window_serves_walk_ins_and_drains_after_reconnecting(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell, clerk = offline_clerk(qtbot, services, hall_config, start_shell)
    mode = clerk.mode
    qtbot.waitUntil(lambda: mode.banner.mode == "offline", timeout=TIMEOUT)
    assert mode.banner.text().startswith("离线模式")
    assert "F8" in mode.banner.text()
    assert mode.mode_label.text().startswith("离线模式")
    assert mode.panel.isVisible() and not clerk.queues_view.isVisible()
    assert clerk.card.category_label.text() == "离线模式：现场来人请按 F8 发应急号"

    # F1: the shared queue is central, so it says why instead of calling
    press(qtbot, clerk, Qt.Key.Key_F1)
    assert clerk.message.text().startswith("离线模式：共享队列在中心数据库")

    # F8 without a category (the categories could not be read) is refused plainly
    press(qtbot, clerk, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: clerk.message.text() == "请选择应急号的业务类别", timeout=TIMEOUT)

    mode.panel.category_box.setEditText("B")
    for expected in ("W03-001", "W03-002"):
        with qtbot.waitSignal(clerk.announcer.announced, timeout=TIMEOUT) as spoken:
            press(qtbot, clerk, Qt.Key.Key_F8)
        assert spoken.args == [f"请{expected}号到3号窗口办理"]
        assert clerk.card.number_label.text() == expected
        assert clerk.customer.number.text() == expected
        press(qtbot, clerk, Qt.Key.Key_F4)  # finishes the emergency number
        qtbot.waitUntil(lambda: clerk.card.number_label.text() == "当前无号", timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: (
            [(t.number, t.finished_at is not None) for t in mode.panel.model.rows()]
            == [("W03-001", True), ("W03-002", True)]
        ),
        timeout=TIMEOUT,
    )
    # four local records (issue, finish twice) wait, since 09:00 local time
    qtbot.waitUntil(lambda: mode.pending_label.text() == "待同步 4 条，最早 09:00", timeout=TIMEOUT)
    assert "待同步 4 条，最早 09:00" in mode.banner.text()

    # The network comes back: the same services now reach the hall's database.
    ctx = shell.ctx.services.context
    ctx.config = replace(ctx.config, database_url=hall_config.database_url)
    ctx.dispose()
    shell.ctx.services.sync.wake()
    qtbot.waitUntil(lambda: mode.banner.mode == "online", timeout=SYNC_TIMEOUT)
    qtbot.waitUntil(lambda: mode.pending_label.text() == "已全部同步", timeout=SYNC_TIMEOUT)
    assert mode.banner.text() == "中心在线 · 已全部同步"
    assert not mode.panel.isVisible() and clerk.queues_view.isVisible()
    served = [t.number for t in services.queue.window_state(3).served_today]
    assert {"W03-001", "W03-002"} <= set(served)  # in the central statistics
    qtbot.waitUntil(
        lambda: {"W03-001", "W03-002"} <= {t.number for t in clerk.served.rows()},
        timeout=TIMEOUT,
    )
    # online again, F8 points back to F1
    press(qtbot, clerk, Qt.Key.Key_F8)
    assert clerk.message.text().startswith("中心在线：请按 F1")


def test_online_sessions_are_recorded_and_rejected_events_are_listed(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    # an event from an old client version that the central database cannot apply (poison)
    services.sync.local.record(
        "ticket.emergency", {"number": "not-a-number"}, "1003", fake_clock.now()
    )
    shell = start_shell(hall_config)
    log_in(qtbot, shell, "1003", "desk1234")
    clerk = clerk_window(qtbot, shell)
    mode = clerk.mode
    qtbot.waitUntil(lambda: mode.banner.mode == "online", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: mode.pending_label.text() == "已全部同步", timeout=SYNC_TIMEOUT)
    assert mode.mode_label.text() == "中心在线 · sqlite"
    logins = [json.loads(p) for p in central_events(services, "staff.session")]
    assert [(s["kind"], s["staff_no"], s["window"]) for s in logins] == [("login", "1003", 3)]

    qtbot.waitUntil(mode.rejected_button.isVisible, timeout=SYNC_TIMEOUT)
    assert mode.rejected_button.text() == "被拒事件 1 条"
    qtbot.mouseClick(mode.rejected_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: mode.dialog is not None and mode.dialog.isVisible(), timeout=TIMEOUT)
    assert mode.dialog is not None
    rows = mode.dialog.model.rows()
    assert len(rows) == 1 and rows[0].type == "ticket.emergency" and rows[0].reason
    assert mode.dialog.model.data(mode.dialog.model.index(0, 1)) == "应急号"
    mode.dialog.accept()

    shell.shutdown()  # the logout is one local record, sent at the next start
    later = build_services(hall_config, fake_clock)
    try:
        pending = later.sync.pending()
        assert [e.type for e in pending] == ["staff.session"]
        assert json.loads(pending[0].payload)["kind"] == "logout"
    finally:
        later.close()


def test_offline_models_pass_the_model_tester(
    qtmodeltester: ModelTester, services: Services, hall_config: Config, fake_clock: FakeClock
) -> None:
    labels = Labels("zh_CN")
    zone = services.context.zone
    offline = build_services(replace(hall_config, database_url=CLOSED_PORT), fake_clock)
    try:
        ticket = offline.offline.issue_emergency(3, "A", "1003")
        offline.offline.finish_emergency(3, ticket.number, "1003")
        offline.offline.issue_emergency(3, "B", "1003")
        walk_ins = emergency_model(labels, zone)
        walk_ins.set_rows(offline.offline.today(3))
        qtmodeltester.check(walk_ins)
        assert walk_ins.data(walk_ins.index(0, 2)) == "已办结"
        assert walk_ins.data(walk_ins.index(1, 2)) == "办理中"
        rejected = rejected_model(labels, zone)
        rejected.set_rows(offline.sync.pending())
        qtmodeltester.check(rejected)
        assert rejected.data(rejected.index(0, 1)) == "应急号"
    finally:
        offline.close()


def test_offline_a_walk_in_in_service_keeps_the_clerk_logged_in(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell, clerk = offline_clerk(qtbot, services, hall_config, start_shell)
    qtbot.waitUntil(lambda: clerk.mode.banner.mode == "offline", timeout=TIMEOUT)
    clerk.mode.panel.category_box.setEditText("B")
    press(qtbot, clerk, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: clerk.card.number_label.text() == "W03-001", timeout=TIMEOUT)
    logout = (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(clerk, *logout)
    busy = "请先办结、挂起、转移或过号当前的 W03-001，再退出登录"
    assert clerk.message.text() == busy
    assert shell.windows["clerk"] is clerk

    press(qtbot, clerk, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: clerk.card.number_label.text() == "当前无号", timeout=TIMEOUT)
    qtbot.keyClick(clerk, *logout)  # offline, the window's last known state decides
    assert "clerk" not in shell.windows and shell.windows["login"].isVisible()

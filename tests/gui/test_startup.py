"""Start-up: services made on first use, work that waits for a paint, pages after the queue."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.clerk_pages import STEPS
from desk_client.ui.connection import ConnectionMonitor, health_check
from desk_client.ui.context import UiContext
from desk_client.ui.first_paint import after_first_paint
from desk_client.ui.i18n import Labels
from desk_client.ui.voice import Announcer
from desk_client.ui.worker import ServiceRunner

TIMEOUT = 5000
#: What the clerk window's first paint must not wait for.
HEAVY = (
    "sqlalchemy",
    "reportlab",
    "qrcode",
    "desk_client.services.queue",
    "desk_client.ui.i18n_",  # the pages' labels (ui.i18n.BLOCKS) and the core modules they name
    "desk_client.core.ratings",
)

START_PATH = """
import sys
from desk_client.config import Config
from desk_client.services.app import build_services
import desk_client.ui.app, desk_client.ui.clerk, desk_client.ui.login
services = build_services(Config(database_url="sqlite:///never.db"))
heavy = sorted(m for m in sys.modules if m.startswith({heavy!r}))
print(",".join(heavy))
"""


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_the_start_path_imports_no_database_printing_or_service_module() -> None:
    assert run_python(START_PATH.format(heavy=HEAVY)) == ""


#: What logging in (services.auth, on the worker before the clerk window opens) must not
#: import: the sync engine, the login cache and the local store's schema, the notices'
#: modules (~0.4 s together on a slow PC, bench/startup.py).
NOT_FOR_LOGIN = (
    "desk_client.sync",
    "desk_client.services.sync",
    "desk_client.services.login_cache",
    "desk_client.store.local_schema",
    "desk_client.store.notices_central",
    "desk_client.core.notices",
)

LOGIN_PATH = """
import sys
import desk_client.services.auth
print(",".join(sorted(m for m in sys.modules if m.startswith({slow!r}))))
"""


def test_logging_in_imports_neither_the_sync_engine_nor_the_login_cache() -> None:
    assert run_python(LOGIN_PATH.format(slow=NOT_FOR_LOGIN)) == ""


# ---- services made on first use --------------------------------------------------------------
def test_a_service_is_made_once_on_first_use(hall_config: Config, fake_clock: FakeClock) -> None:
    services = build_services(hall_config, fake_clock)
    assert not services.built("queue") and not services.built("context")
    queue = services.queue
    assert services.built("queue") and services.built("context")
    assert services.queue is queue
    assert services.context.clock is services.clock is fake_clock
    assert not services.built("cases")
    services.close()


def test_close_closes_only_what_was_made(hall_config: Config) -> None:
    services = build_services(hall_config)
    services.close()
    assert not any(services.built(name) for name in ("context", "sync", "printing"))


def test_threads_asking_together_get_one_service(hall_config: Config) -> None:
    """The GUI thread and the worker may ask at once: nobody may get a second copy."""
    services = build_services(hall_config)
    start = threading.Barrier(6)
    seen: list[object] = []

    def ask() -> None:
        start.wait()
        seen.append(services.cases)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(found) for found in seen}) == 1
    assert seen[0] is services.cases
    services.close()


def test_build_all_makes_every_service(hall_config: Config) -> None:
    services = build_services(hall_config)
    services.build_all()
    names = ("queue", "auth", "cases", "checklist", "inquiries", "ratings", "rating_stats")
    assert all(services.built(name) for name in names)
    services.close()


# ---- after_first_paint ------------------------------------------------------------------------
def test_work_after_the_first_paint_runs_once_after_it(qtbot: QtBot) -> None:
    label = QLabel("窗口")
    qtbot.addWidget(label)
    calls: list[bool] = []
    after_first_paint(label, lambda: calls.append(label.isVisible()), fallback_ms=60_000)
    qtbot.wait(50)
    assert calls == []  # not shown, not painted: nothing yet
    label.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=TIMEOUT)
    label.repaint()
    qtbot.wait(50)
    assert calls == [True]


def test_work_after_the_first_paint_starts_anyway_without_a_paint(qtbot: QtBot) -> None:
    label = QLabel("窗口")
    qtbot.addWidget(label)
    calls: list[str] = []
    after_first_paint(label, lambda: calls.append("ran"), fallback_ms=50)
    qtbot.waitUntil(lambda: calls == ["ran"], timeout=TIMEOUT)


# ---- the clerk window's pages ---------------------------------------------------------------
@pytest.fixture
def ctx(services: Services) -> Iterator[UiContext]:
    runner = ServiceRunner("zh_CN")
    yield UiContext(
        services, runner, Labels("zh_CN"), ConnectionMonitor(health_check(services), runner, 1)
    )
    runner.stop()


def unbuilt_window(qtbot: QtBot, ctx: UiContext, staff_no: str, password: str) -> ClerkWindow:
    """A clerk window shown without start(): only the queue page, as at the first paint."""
    session = ctx.services.auth.login(staff_no, password, 3)
    window = ClerkWindow(ctx, session, Announcer("zh_CN", "mock"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    return window


def keys_on(window: ClerkWindow) -> list[str]:
    return [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]


def test_only_the_queue_page_is_built_before_the_first_paint(qtbot: QtBot, ctx: UiContext) -> None:
    window = unbuilt_window(qtbot, ctx, "1003", "desk1234")
    pages = window.pages
    assert not pages.complete and pages.count() == 1
    assert pages.checklist is None and pages.cases is None and pages.ratings is None


def test_a_page_key_pressed_before_its_page_exists_builds_it_and_opens_it(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = unbuilt_window(qtbot, ctx, "1003", "desk1234")
    qtbot.keyClick(window, Qt.Key.Key_F11)
    pages = window.pages
    assert pages.complete and pages.cases is not None
    assert pages.currentWidget() is pages.cases.cases


def test_every_page_key_has_one_action_once_built(qtbot: QtBot, ctx: UiContext) -> None:
    """STEPS lists the keys the steps register: a key missing there would do nothing before
    its page exists, and a placeholder left behind would make its key ambiguous."""
    window = unbuilt_window(qtbot, ctx, "S001", "super123")
    page_keys = [QKeySequence(key).toString() for _, keys in STEPS for key in keys]
    before = keys_on(window)
    window.pages.build_all()
    after = keys_on(window)
    assert sorted(after) == sorted(before)
    assert all(after.count(key) == 1 for key in page_keys)


def test_the_pages_come_after_the_first_paint_in_the_eager_build_s_order(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = ClerkWindow(
        ctx, ctx.services.auth.login("S001", "super123", 3), Announcer("zh_CN", "mock")
    )
    qtbot.addWidget(window)
    window.start()
    pages = window.pages
    qtbot.waitUntil(lambda: pages.complete, timeout=TIMEOUT)
    titles = [pages.tabText(i).split()[0] for i in range(pages.count())]
    assert titles == [
        "叫号", "办件受理", "告知单记录", "审批", "我的办件", "督办", "工作日历",
        "咨询", "咨询查询", "AB岗", "评价", "预约", "叫号统计",
    ]  # fmt: skip


def test_a_window_closed_before_its_pages_were_built_builds_none(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = unbuilt_window(qtbot, ctx, "1003", "desk1234")
    window.close()
    window.pages.build_later()
    qtbot.wait(100)
    assert window.pages.count() == 1 and window.pages.ratings is None


MERGE = """
import importlib, sys, types
from desk_client.ui import i18n
base = dict(i18n.LABELS)
blocks = [importlib.import_module(name).LABELS for name in i18n.BLOCKS]
print(i18n.tr("rating.mark.excluded"), len(i18n.LABELS) == len(base) + sum(map(len, blocks)))
"""

CLASH = """
import sys, types
from desk_client.ui import i18n
clash = types.ModuleType("clash")
clash.LABELS = {"app.title": ("又一个", "another")}
sys.modules["clash"] = clash
i18n.BLOCKS = (*i18n.BLOCKS, "clash")
try:
    i18n.tr("no.such.key")
except RuntimeError as exc:
    print(exc)
"""


def test_the_pages_labels_merge_at_their_first_use() -> None:
    assert run_python(MERGE) == "申诉成立，不计入 True"


def test_a_label_key_in_two_places_is_refused_when_merged() -> None:
    assert run_python(CLASH) == "label clash: ['app.title']"

"""The hall display, the kiosk, start-up failures, the announcer, the models, the worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services, build_services
from desk_client.services.dto import CallRecord, CategoryQueue, TicketView
from desk_client.ui.app import Shell, main
from desk_client.ui.display import HallDisplay
from desk_client.ui.i18n import Labels
from desk_client.ui.kiosk import KioskWindow
from desk_client.ui.login import LoginDialog
from desk_client.ui.models import calls_model, queues_model, tickets_model
from desk_client.ui.voice import Announcer
from desk_client.ui.worker import ServiceRunner

TIMEOUT = 5000
ZONE = ZoneInfo("Asia/Shanghai")


def test_the_hall_display_shows_a_call_from_another_program(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(replace(hall_config, mode="display"))
    display = shell.windows["display"]
    assert isinstance(display, HallDisplay)
    qtbot.waitUntil(lambda: display.board is not None, timeout=TIMEOUT)

    other = build_services(hall_config, fake_clock)  # another window's program
    other.queue.issue_ticket("C")
    clerk = other.auth.login("1005", "desk1234", 5)
    with qtbot.waitSignal(display.announcer.announced, timeout=TIMEOUT) as spoken:
        other.queue.call_next(5, clerk.staff_id)
    assert spoken.args == ["请C001号到5号窗口办理"]
    assert display.latest_number.text() == "C001"
    assert "5 号窗口" in display.latest_window.text()
    assert display.calls.rows()[0].number == "C001"


def test_the_kiosk_issues_and_prints_a_ticket(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(replace(hall_config, mode="kiosk"))
    kiosk = shell.windows["kiosk"]
    assert isinstance(kiosk, KioskWindow)
    qtbot.waitUntil(lambda: "A" in kiosk.category_buttons, timeout=TIMEOUT)
    kiosk.priority.click()
    with qtbot.waitSignal(kiosk.printer.printed, timeout=TIMEOUT) as printed:
        kiosk.category_buttons["A"].click()
    assert kiosk.last_issued is not None
    assert kiosk.last_issued.ticket.priority
    assert kiosk.result_number.text() == kiosk.last_issued.ticket.number
    assert kiosk.last_document is not None
    assert kiosk.last_document.pdf.startswith(b"%PDF")
    path = Path(printed.args[0])
    assert path.parent == Path(hall_config.print_dir)
    assert path.read_bytes() == kiosk.last_document.pdf
    assert not kiosk.priority.isChecked()


def test_a_broken_config_is_shown_and_exits_2(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "desk.toml"
    bad.write_text('[window]\nnumber = "three"\n', encoding="utf-8")
    shown: list[str] = []

    def close_the_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()

    closer = QTimer()
    closer.timeout.connect(close_the_box)
    closer.start(20)
    try:
        assert main(["--config", str(bad)]) == 2
    finally:
        closer.stop()
    assert shown and str(bad) in shown[0] and "第 2 行" in shown[0] and "window.number" in shown[0]
    err = capsys.readouterr().err
    assert "line 2" in err and "window.number" in err


def test_an_unreachable_database_shows_the_banner_and_keeps_running(
    qtbot: QtBot, tmp_path: Path, start_shell: Callable[[Config], Shell]
) -> None:
    config = Config(
        database_url="postgresql+psycopg://postgres@127.0.0.1:9/postgres",
        local_store=str(tmp_path / "local.db"),
        retry_s=1,
    )
    shell = start_shell(config)
    login = shell.windows["login"]
    assert isinstance(login, LoginDialog)
    qtbot.waitUntil(login.banner.isVisible, timeout=TIMEOUT)
    assert "无法连接中心数据库" in login.banner.text()
    assert "正在重试" in login.banner.text()
    assert login.isVisible()
    # it retries on its timer and is still alive afterwards
    checks = []
    shell.ctx.monitor.changed.connect(checks.append)
    qtbot.waitUntil(lambda: len(checks) >= 1, timeout=TIMEOUT)
    assert not checks[-1].online
    assert login.isVisible()


def test_the_announcer_speaks_through_the_mock_engine(qtbot: QtBot) -> None:
    announcer = Announcer("zh_CN", "mock")
    assert announcer.backend == "tts:mock"
    with qtbot.waitSignal(announcer.announced, timeout=TIMEOUT) as spoken:
        announcer.announce("A001", 3)
    assert spoken.args == ["请A001号到3号窗口办理"]
    assert Announcer("en", "mock").sentence("A001", 3) == "Number A001, please go to window 3"


def _ticket(number: str, state: str) -> TicketView:
    moment = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    return TicketView(
        id=int(number[1:]),
        number=number,
        category_code=number[0],
        category_name="综合受理",
        state=state,
        priority=False,
        appointment=False,
        service_day=date(2026, 11, 23),
        issued_at=moment,
        finished_at=moment,
    )


def test_models_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    labels = Labels("zh_CN")
    queues = queues_model(labels)
    queues.set_rows(
        [CategoryQueue("A", "综合受理", "A", 3, 12), CategoryQueue("B", "社保", "B", 0, None)]
    )
    qtmodeltester.check(queues)
    assert queues.data(queues.index(0, 2)) == "12 分钟"
    served = tickets_model(labels, ZONE, finished=True)
    served.set_rows([_ticket("A001", "done"), _ticket("A002", "no_show")])
    qtmodeltester.check(served)
    assert served.data(served.index(1, 2)) == "过号"
    assert served.data(served.index(0, 3)) == "09:00"
    calls = calls_model(labels, ZONE)
    calls.highlight_row = 0
    calls.set_rows([CallRecord(1, "A001", 3, "call", datetime(2026, 11, 23, 1, 5, tzinfo=UTC))])
    qtmodeltester.check(calls)
    assert calls.data(calls.index(0, 1)) == "3 号窗口"
    calls.set_rows([])
    qtmodeltester.check(calls)


def test_the_worker_runs_in_order_and_survives_errors(qtbot: QtBot) -> None:
    runner = ServiceRunner("en")
    results: list[object] = []

    def boom() -> None:
        raise RuntimeError("internal")

    def refuse() -> None:
        raise DeskError("queue.empty")

    try:
        runner.submit(lambda: 1, on_done=results.append)
        runner.submit(refuse, on_done=results.append, on_error=results.append)
        runner.submit(boom, on_error=results.append)
        with qtbot.waitSignal(runner.error, timeout=TIMEOUT) as unhandled:
            runner.submit(refuse)
        assert results[0] == 1
        assert results[1] == "No one is waiting"
        assert isinstance(results[2], str) and "internal error" in results[2]
        assert unhandled.args == ["No one is waiting"]
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
    finally:
        assert runner.stop()


def test_many_emits_keep_true_alive() -> None:
    """PySide6 6.12.0's emit() takes a reference from True each time and soon aborts Python.

    pyproject.toml excludes that release; this fails if an affected PySide6 comes back.
    """
    import sys

    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        fired = Signal(object)

    source = Source()
    before = sys.getrefcount(True)
    for _ in range(2000):
        source.fired.emit(1)
    assert sys.getrefcount(True) >= before - 5

"""叫号统计 (Ctrl+Shift+S), offscreen, with real services on SQLite and a fake clock.

It is Monday 2026-11-23. At 09:00 three B tickets are issued. 王芳 (1003, window 3) calls B001
at 09:05 and finishes it at 09:09; 刘洋 (1004, window 4) calls B002 at 09:10 and finishes it
at 09:16; window 3 calls B003 at 09:20 and marks it a no-show at 09:21. So the day has 3
issued, 2 done, 1 no-show, waits of 5, 10 and 20 minutes (11.7 on average), 5.0 minutes of
handling per finished ticket and, at 09:00, 3 waiting at once. 王主任 (S001) opens the page at
window 6 and reads those figures in the table, its 合计 row and, by window, each window's
share. A reversed period is refused in Chinese and keeps the table; 统计 is disabled while a
read runs; the CSV (with a BOM) and the printed report are the report on screen. A clerk has
no such tab and the key does nothing. The model passes Qt's model tester.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.services.dto import PrintedDocument
from desk_client.ui.app import Shell
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.i18n import Labels
from desk_client.ui.queue_stats_model import QueueStatsModel
from desk_client.ui.queue_stats_page import (
    QueueStatsPage,
    by_combo,
    caption_of,
    limit_box,
    read_table,
)
from tests.gui.test_inquiries import CTRL, SHIFT, TIMEOUT, desk_of
from tests.gui.test_roster_edit import settled

ZONE = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 23)
HEADER = [
    "日期", "取号", "已叫号", "叫号次数", "重呼", "办结", "过号", "转移", "弃号", "在办/等候",
    "平均等候(分)", "最长等候(分)", "等候超时", "超时率", "平均办理(分)", "最高排队",
]  # fmt: skip
DAY = ["2026-11-23 周一", "3", "3", "3", "0", "2", "1", "0", "0", "0"]
DAY += ["11.7", "20.0", "0", "0.0%", "5.0", "3"]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(TODAY, time(hour, minute), ZONE)


def a_morning(services: Services, clock: FakeClock) -> None:
    """The module's morning, through the queue service as the windows' F1, F4 and F3 do."""
    clock.set(at(9))
    for _ in range(3):
        services.queue.issue_ticket("B")
    wang = services.auth.login("1003", "desk1234", 3).staff_id
    liu = services.auth.login("1004", "desk1234", 4).staff_id
    steps: tuple[tuple[int, int, Callable[[int, int], object], int, int], ...] = (
        (9, 5, services.queue.call_next, 3, wang),  # B001 waited 5 minutes
        (9, 9, services.queue.finish, 3, wang),
        (9, 10, services.queue.call_next, 4, liu),  # B002 waited 10
        (9, 16, services.queue.finish, 4, liu),
        (9, 20, services.queue.call_next, 3, wang),  # B003 waited 20
        (9, 21, services.queue.no_show, 3, wang),
    )
    for hour, minute, act, window, staff in steps:
        clock.set(at(hour, minute))
        act(window, staff)
    clock.set(at(10))


@pytest.fixture
def morning(services: Services, fake_clock: FakeClock) -> Services:
    a_morning(services, fake_clock)
    return services


def lines(page: QueueStatsPage) -> list[list[str]]:
    model = page.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def header(page: QueueStatsPage) -> list[str]:
    model = page.model
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def open_page(
    qtbot: QtBot, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> tuple[Shell, ClerkWindow, QueueStatsPage]:
    """王主任 at window 6; Ctrl+Shift+S from the queue page, once the first read is in."""
    shell = start_shell(replace(hall_config, window=6))
    clerk, _desk = desk_of(qtbot, shell, "S001")
    pages = clerk.pages
    page = pages.queue_stats
    assert page is not None
    settled(qtbot, shell)
    assert page.model.table is None and not page.started  # built, but nothing read yet
    pages.setCurrentWidget(pages.queue_page)
    qtbot.keyClick(clerk, Qt.Key.Key_S, CTRL | SHIFT)
    assert pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=TIMEOUT)
    settled(qtbot, shell)
    return shell, clerk, page


def run(qtbot: QtBot, shell: Shell, page: QueueStatsPage) -> None:
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    settled(qtbot, shell)


def set_day(edit: Any, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def test_the_day_s_figures_and_their_total(
    qtbot: QtBot,
    morning: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell, clerk, page = open_page(qtbot, hall_config, start_shell)
    pages = clerk.pages
    assert pages.tabText(pages.indexOf(page)) == "叫号统计  Ctrl+Shift+S"
    assert [page.by.itemText(i) for i in range(page.by.count())] == [
        "日期", "时段", "业务类别", "窗口", "工作人员",
    ]  # fmt: skip
    assert (page.start.date(), page.end.date()) == (QDate(2026, 11, 1), QDate(2026, 11, 23))
    assert (page.limit.value(), page.limit.minimum(), page.limit.maximum()) == (30, 1, 480)
    assert page.limit.suffix() == " 分钟"
    assert header(page) == HEADER
    assert lines(page) == [DAY, ["合计", *DAY[1:]]]
    model = page.model
    assert page.caption.text() == (
        "示范市政务服务中心　2026-11-01 至 2026-11-23　按日期统计　等候超时标准 30 分钟"
    )
    assert "取号 = 办结 + 过号 + 弃号 + 在办/等候" in page.notes.text()
    assert "超时指等候超过 30 分钟" in page.notes.text()
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == int(right)
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) != int(right)
    total_font = model.index(1, 3).data(Qt.ItemDataRole.FontRole)
    assert isinstance(total_font, QFont) and total_font.bold()
    assert model.index(0, 3).data(Qt.ItemDataRole.FontRole) is None
    assert page.view.editTriggers() == page.view.EditTrigger.NoEditTriggers

    page.limit.setValue(15)  # B003's 20 minutes are now too long
    run(qtbot, shell, page)
    assert lines(page)[0][12:14] == ["1", "33.3%"]
    assert "等候超时标准 15 分钟" in page.caption.text()
    assert "超时指等候超过 15 分钟" in page.notes.text()


def test_by_window_and_a_refused_period_keeps_the_table(
    qtbot: QtBot,
    morning: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell, _clerk, page = open_page(qtbot, hall_config, start_shell)
    page.by.setCurrentIndex(page.by.findData("window"))  # reads again by itself
    qtbot.waitUntil(lambda: header(page)[0] == "窗口", timeout=TIMEOUT)
    settled(qtbot, shell)
    shown = lines(page)
    assert [line[0] for line in shown] == ["3号窗口", "4号窗口", "合计"]
    # By window only the columns a window has: no tickets issued to it, no queue of its own.
    assert shown[0] == ["3号窗口", "2", "0", "1", "1", "0", "12.5", "20.0", "0", "0.0%", "4.0"]
    assert header(page)[1] == "叫号次数" and "取号" not in header(page)
    assert shown[1][1] == "1" and shown[1][3] == "1" and shown[1][6] == "10.0"
    assert shown[2][1] == "3" and shown[2][6] == "11.7"  # the hall's, not a mean of means
    caption = page.caption.text()

    set_day(page.start, TODAY)
    set_day(page.end, date(2026, 11, 1))
    run(qtbot, shell, page)
    assert page.message.text() == "统计期间有误：结束日期 2026-11-01 早于开始日期 2026-11-23"
    assert "#b71c1c" in page.message.styleSheet()
    assert lines(page) == shown and page.caption.text() == caption
    assert page.run_button.isEnabled()

    set_day(page.start, date(2026, 11, 1))
    set_day(page.end, TODAY)
    run(qtbot, shell, page)
    assert page.message.text() == "" and lines(page) == shown


def test_one_read_at_a_time(
    qtbot: QtBot,
    morning: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell, _clerk, page = open_page(qtbot, hall_config, start_shell)
    runner = shell.ctx.runner
    gate = threading.Event()
    runner.submit(gate.wait, TIMEOUT / 1000)  # the worker is busy until the gate opens
    try:
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
        assert page.reading and not page.run_button.isEnabled()
        assert runner.pending == 2
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
        assert runner.pending == 2  # a disabled button submits nothing
        page.by.setCurrentIndex(page.by.findData("staff"))  # remembered, not queued
        assert runner.pending == 2
    finally:
        gate.set()
    qtbot.waitUntil(lambda: header(page)[0] == "工作人员", timeout=TIMEOUT)
    settled(qtbot, shell)
    assert page.run_button.isEnabled() and not page.reading
    assert [line[0] for line in lines(page)] == ["1003 王芳", "1004 刘洋", "合计"]


def test_export_writes_the_report_on_screen(  # noqa: PLR0917 - fixtures
    qtbot: QtBot,
    morning: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shell, _clerk, page = open_page(qtbot, hall_config, start_shell)
    target = tmp_path / "队列.csv"
    asked: list[str] = []

    def save_as(_parent: object, _title: str, default: str, _filter: str) -> tuple[str, str]:
        asked.append(default)
        return str(target), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    shown = lines(page)
    set_day(page.end, date(2026, 11, 20))  # changed, not counted: the export is what is shown
    page.limit.setValue(15)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导出" in page.message.text(), timeout=TIMEOUT)
    settled(qtbot, shell)
    assert asked == [str(Path.home() / "queue-day-2026-11-01-2026-11-23.csv")]
    assert page.message.text() == f"已导出到 {target}"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [HEADER, *shown]

    target = tmp_path / "missing-folder" / "x.csv"
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "无法写入文件" in page.message.text(), timeout=TIMEOUT)
    settled(qtbot, shell)
    assert str(target) in page.message.text() and not target.exists()


def test_print_hands_the_a4_report_to_the_printer(
    qtbot: QtBot,
    morning: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shell, _clerk, page = open_page(qtbot, hall_config, start_shell)
    page.by.setCurrentIndex(page.by.findData("hour"))
    qtbot.waitUntil(lambda: header(page)[0] == "时段", timeout=TIMEOUT)
    settled(qtbot, shell)
    printed: list[tuple[PrintedDocument, object]] = []
    monkeypatch.setattr(
        page.printer, "print_document", lambda doc, parent: printed.append((doc, parent))
    )
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(printed), timeout=TIMEOUT)
    settled(qtbot, shell)
    ((doc, parent),) = printed
    assert parent is page and page.message.text() == "叫号统计报表已送打印"
    assert doc.kind == "queue_report" and doc.number == "hour-2026-11-01-2026-11-23"
    assert doc.pdf.startswith(b"%PDF") and doc.pages
    assert doc.pages[0].width > doc.pages[0].height  # A4 landscape


def test_export_and_print_before_anything_is_counted_say_so(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shell = start_shell(replace(hall_config, window=6))
    clerk, _desk = desk_of(qtbot, shell, "S001")
    page = clerk.pages.queue_stats
    assert page is not None
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: pytest.fail("asked"))
    page.choose_export()
    assert page.message.text() == "还没有统计结果：请先按“统计”"
    page.message.clear_text()
    page.print_report()
    assert page.message.text() == "还没有统计结果：请先按“统计”"
    settled(qtbot, shell)
    assert page.model.table is None


def test_a_clerk_has_no_such_tab_and_the_key_does_nothing(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(hall_config)
    clerk, _desk = desk_of(qtbot, shell, "1003")
    pages = clerk.pages
    assert pages.complete and pages.queue_stats is None
    assert not any(pages.tabText(i).startswith("叫号统计") for i in range(pages.count()))
    pages.setCurrentWidget(pages.queue_page)
    qtbot.keyClick(clerk, Qt.Key.Key_S, CTRL | SHIFT)
    assert pages.currentWidget() is pages.queue_page
    assert not clerk.findChildren(QueueStatsPage)
    settled(qtbot, shell)


def test_the_model_passes_qt_s_model_tester(qtmodeltester: ModelTester, morning: Services) -> None:
    model = QueueStatsModel()
    qtmodeltester.check(model, force_py=True)  # empty, and it watches the resets below
    model.set_table(read_table(morning, date(2026, 11, 1), TODAY, "window", 30))
    assert model.rowCount() == 3 and model.columnCount() == len(HEADER) - 5  # a window's
    model.set_table(read_table(morning, date(2026, 11, 1), TODAY, "day", 30))
    assert model.columnCount() == len(HEADER)
    qtmodeltester.check(model, force_py=True)
    assert model.lines()[-1][0] == "合计"


def test_in_english_the_names_are_the_service_s_too(qtbot: QtBot, morning: Services) -> None:
    combo = by_combo("en")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Day", "Hour", "Category", "Window", "Staff",
    ]  # fmt: skip
    assert limit_box(Labels("en")).suffix() == " min"
    table = read_table(morning, date(2026, 11, 1), TODAY, "staff", 20)
    assert caption_of(Labels("en"), table.report) == (
        "示范市政务服务中心 · 2026-11-01 to 2026-11-23 · by staff · wait limit 20 min"
    )

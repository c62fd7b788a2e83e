"""工作日历 (Ctrl+L) and the missing-calendar banner, offscreen with real services on SQLite.

On 2026-12-01 the calendar must already know 2027: the banner says "2027 工作日历缺失，请导入"
in every window and the supervisor's editor opens on 2027. Setting one 2027 day makes the
year imported (the banner goes); removing it brings the banner back. A bad CSV shows every
problem with its line and changes nothing; a good one is imported at once into this PC's
calendar, so a case due in 2027 gets a number instead of "缺少日历".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.ui.app import Shell
from desk_client.ui.calendar_editor import CalendarPage
from desk_client.ui.case_pages import CaseDesk
from tests.gui.test_cases import TIMEOUT, at
from tests.gui.test_clerk import clerk_window, log_in

BAD_CSV = """date,working,reason
2027-01-01,0,元旦
2027-02-30,0,春节
2027-02-11,maybe,春节
2027-02-12,0,春节
2027-02-12,1,调休
"""
GOOD_CSV = """日期,是否上班,说明
2027-01-01,休,元旦
2027-02-06,休,春节
2027-02-07,班,春节调休
2027-02-08,休,春节
"""


def open_calendar(qtbot: QtBot, shell: Shell) -> tuple[CalendarPage, CaseDesk]:
    log_in(qtbot, shell, "S001", "super123")
    window = clerk_window(qtbot, shell)
    desk = window.pages.cases
    assert desk is not None and desk.calendar_page is not None
    qtbot.waitUntil(lambda: desk.status is not None, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    page = desk.calendar_page
    assert window.pages.currentWidget() is page
    return page, desk


def test_a_2027_day_set_by_hand_lifts_the_banner_and_removing_it_brings_it_back(
    qtbot: QtBot,
    services: Services,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
    qtmodeltester: ModelTester,
) -> None:
    fake_clock.set(at(date(2026, 12, 1)))
    shell = start_shell(services.config)
    page, desk = open_calendar(qtbot, shell)
    qtmodeltester.check(page.model, force_py=True)
    assert desk.banner.isVisible()
    assert desk.banner.text().startswith("2027 工作日历缺失，请导入")
    assert page.year.value() == 2027  # the editor opens on the missing year
    qtbot.waitUntil(lambda: page.count.text() == "2027 年 0 条调整", timeout=TIMEOUT)

    page.day.setDate(QDate(2027, 1, 1))
    page.working.setCurrentIndex(0)  # 休息
    page.reason.setFocus()
    qtbot.keyClicks(page.reason, "New Year")
    qtbot.keyClick(page.reason, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT)
    assert page.model.index(0, 0).data() == "2027-01-01  五"
    assert page.model.index(0, 1).data() == "休息"
    assert services.calendar.days(2027) == ((date(2027, 1, 1), False, "New Year"),)
    qtbot.waitUntil(lambda: not desk.banner.isVisible(), timeout=TIMEOUT)
    assert desk.calendar is not None and desk.calendar.covers(2027)

    page.view.selectRow(0)  # the day comes back into the editor; Ctrl+Delete removes it
    assert page.day.date() == QDate(2027, 1, 1)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=TIMEOUT)
    # a sync round may copy the central table back over the removal until it is pushed
    qtbot.waitUntil(desk.banner.isVisible, timeout=2 * TIMEOUT)
    assert services.calendar.days(2027) == ()


def test_a_bad_csv_shows_every_problem_and_changes_nothing_a_good_one_is_used_at_once(
    qtbot: QtBot,
    services: Services,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
    tmp_path: Path,
) -> None:
    fake_clock.set(at(date(2026, 12, 1)))
    shell = start_shell(services.config)
    page, desk = open_calendar(qtbot, shell)
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    page.import_file(str(bad))
    qtbot.waitUntil(page.problems.isVisible, timeout=TIMEOUT)
    lines = page.problems.toPlainText().splitlines()
    assert page.message.text() == "日历文件有 3 处问题，未导入任何日期："
    assert lines[0] == page.message.text()  # the headline above its list
    assert any(line.startswith("第 3 行日期“2027-02-30”无效") for line in lines)
    assert any(line.startswith("第 4 行“是否上班”的值“maybe”无效") for line in lines)
    assert any(line.startswith("第 6 行的 2027-02-12 与第 5 行矛盾") for line in lines)
    assert services.calendar.days(2027, central=True) == ()
    assert desk.banner.isVisible()

    good = tmp_path / "good.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    page.import_file(str(good))
    qtbot.waitUntil(lambda: page.message.text() == "已导入 4 天", timeout=TIMEOUT)
    assert not page.problems.isVisible()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=TIMEOUT)
    assert page.model.index(2, 1).data() == "上班"  # 02-07, a make-up Sunday
    assert len(services.calendar.days(2027, central=True)) == 4
    qtbot.waitUntil(lambda: not desk.banner.isVisible(), timeout=TIMEOUT)
    assert desk.calendar is not None and not desk.calendar.is_working_day(date(2027, 2, 8))


def test_the_banner_speaks_english_and_names_every_missing_year(
    qtbot: QtBot, services: Services, fake_clock: FakeClock, start_shell: Callable[[Config], Shell]
) -> None:
    from dataclasses import replace

    fake_clock.set(at(date(2027, 12, 2)))  # neither 2027 nor 2028 is known
    shell = start_shell(replace(services.config, language="en"))
    _page, desk = open_calendar(qtbot, shell)
    assert desk.banner.text().startswith("2027, 2028 working-day calendar missing: import it")

"""The supervisor edits the weekend roster on the 排班 page (pytest-qt, offscreen).

The demo hall's next Saturday (2026-11-28): window 1 all day (1001), window 3 in the morning
(1003), window 4 in the afternoon (1004). 王主任 (S001) adds 陈静 at window 5 all day, removes
a row, copies the day to the next Saturday (empty: at once) and onto Sunday (planned: only
after 确认替换). Refused edits (one person twice at once, a roster changed meanwhile) say why
in the message line, change nothing, and the page shows the day as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.messages import translate
from desk_client.services.app import Services
from desk_client.ui.app import Shell
from desk_client.ui.roster_tab import RosterTab
from tests.gui.test_inquiries import CTRL, SHIFT, TIMEOUT, desk_of

SATURDAY, SUNDAY, NEXT_SATURDAY = date(2026, 11, 28), date(2026, 11, 29), date(2026, 12, 5)
SEEDED = ((1, "1001", "day"), (3, "1003", "am"), (4, "1004", "pm"))


def roster_page(
    qtbot: QtBot, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> tuple[Shell, RosterTab]:
    shell = start_shell(replace(hall_config, window=6))
    clerk, desk = desk_of(qtbot, shell, "S001")
    qtbot.keyClick(clerk, Qt.Key.Key_A, CTRL | SHIFT)
    assert desk.cover is not None and desk.cover.admin is not None
    admin = desk.cover.admin
    tab = admin.roster
    admin.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(SEEDED), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.staff_box.count() > 0, timeout=TIMEOUT)
    return shell, tab


def choose(tab: RosterTab, window: int, staff_no: str, shift: str) -> None:
    for box, value in ((tab.window_box, window), (tab.staff_box, staff_no), (tab.shift_box, shift)):
        index = box.findData(value)
        assert index >= 0, value
        box.setCurrentIndex(index)


def button(tab: RosterTab, text: str) -> QPushButton:
    return next(b for b in tab.findChildren(QPushButton) if b.text() == text)


def rows_of(tab: RosterTab) -> list[tuple[str, ...]]:
    model = tab.model
    return [
        tuple(str(model.index(r, c).data()) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def settled(qtbot: QtBot, shell: Shell) -> None:
    qtbot.waitUntil(lambda: shell.ctx.runner.pending == 0, timeout=TIMEOUT)


def test_add_remove_and_copy_a_day(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell, tab = roster_page(qtbot, hall_config, start_shell)
    message = tab.admin.message
    assert tab.window_box.count() == 6 and tab.staff_box.findText("陈静 1005") >= 0

    choose(tab, 5, "1005", "day")
    qtbot.mouseClick(button(tab, "添加"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4, timeout=TIMEOUT)
    assert message.text() == "排班已保存"
    assert rows_of(tab)[-1] == ("5 号窗口", "陈静 1005", "全天")
    assert services.cover.roster(SATURDAY) == (*SEEDED, (5, "1005", "day"))
    assert (
        tab.served.text()
        == "2026-11-28（星期六，休息日）服务的业务类别：A 综合受理、B 社保医保、C 不动产登记"
    )

    tab.view.selectRow(1)  # 王芳 at window 3 in the morning
    tab.remove()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=TIMEOUT)
    assert services.cover.roster(SATURDAY) == (
        (1, "1001", "day"), (4, "1004", "pm"), (5, "1005", "day"),
    )  # fmt: skip

    tab.target.setDate(QDate(2026, 12, 5))  # empty: copied at once
    qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: message.text() == "已复制到 2026-12-05（排班 3 条）", timeout=TIMEOUT)
    assert services.cover.roster(NEXT_SATURDAY) == services.cover.roster(SATURDAY)
    settled(qtbot, shell)  # the page reads the day again after a write: no edit until then

    tab.target.setDate(QDate(2026, 11, 29))  # Sunday has 杨磊 at window 6: asked first
    tab.copy()
    qtbot.waitUntil(lambda: tab.copy_button.text() == "确认替换", timeout=TIMEOUT)
    assert message.text() == "2026-11-29 已有排班 1 条，复制将替换它们；确认请再按“确认替换”"
    assert services.cover.roster(SUNDAY) == ((6, "1006", "day"),)
    tab.copy()
    qtbot.waitUntil(lambda: message.text() == "已复制到 2026-11-29（排班 3 条）", timeout=TIMEOUT)
    assert services.cover.roster(SUNDAY) == services.cover.roster(SATURDAY)
    assert tab.copy_button.text() == "复制"
    settled(qtbot, shell)


def test_refused_edits_change_nothing_and_show_the_day_as_it_is(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell, tab = roster_page(qtbot, hall_config, start_shell)
    message = tab.admin.message

    choose(tab, 2, "1001", "pm")  # 1001 is at window 1 all day
    tab.add()
    expected = translate("roster.double_booked", "zh_CN", staff_no="1001", day="2026-11-28")
    qtbot.waitUntil(lambda: message.text() == expected, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert services.cover.roster(SATURDAY) == SEEDED and tab.model.rowCount() == 3

    tab.remove()  # nothing selected
    assert message.text() == "请先在表中选择要删除的排班"

    # Another supervisor's PC saves Saturday meanwhile: this page's edit is refused, the
    # page reads the day again and shows theirs.
    boss = services.auth.open_session(services.sync, "S001", "super123", None)
    theirs = (*SEEDED, (2, "1002", "day"))
    services.cover.save_roster_day(boss, SATURDAY, theirs, SEEDED)
    choose(tab, 5, "1005", "day")
    tab.add()
    changed = translate("roster.changed", "zh_CN", day="2026-11-28")
    qtbot.waitUntil(lambda: message.text() == changed, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4, timeout=TIMEOUT)
    assert services.cover.roster(SATURDAY) == tuple(sorted(theirs))
    tab.add()  # again, now on what it shows
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5, timeout=TIMEOUT)
    settled(qtbot, shell)


ROSTER = "日期,窗口,工号,班次\n2026-11-28,1,1001,全天\n2026-11-28,3,1003,上午\n"


def test_a_roster_file_with_unknown_staff_or_windows_lists_its_problems_and_changes_nothing(
    qtbot: QtBot,
    tmp_path: Path,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(ROSTER + "2026-11-28,9,1001,上午\n2026-11-28,4,1099,下午\n", encoding="utf-8")
    _, tab = roster_page(qtbot, hall_config, start_shell)
    assert tab.day.date() == QDate(2026, 11, 28)  # the coming Saturday
    tab.import_file(str(bad))
    qtbot.waitUntil(tab.problems.isVisible, timeout=TIMEOUT)
    assert tab.problems.toPlainText().splitlines() == [
        translate("roster.invalid", "zh_CN", count=2),  # the headline above its list
        translate("roster_csv.unknown_window", "zh_CN", line=4, value="9"),
        translate("roster_csv.unknown_staff", "zh_CN", line=5, value="1099"),
    ]
    assert services.cover.roster(SATURDAY) == SEEDED
    good = tmp_path / "good.csv"
    good.write_text(ROSTER, encoding="utf-8")
    tab.import_file(str(good))
    qtbot.waitUntil(lambda: tab.admin.message.text() == "已导入排班 2 行", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=TIMEOUT)
    assert tab.served.text() == "2026-11-28（星期六，休息日）服务的业务类别：A 综合受理、B 社保医保"


def test_the_month_is_exported_for_a_spreadsheet_and_reads_back(
    qtbot: QtBot,
    tmp_path: Path,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell, tab = roster_page(qtbot, hall_config, start_shell)
    assert tab.month() == (date(2026, 11, 1), date(2026, 11, 30))
    sheet = tmp_path / "排班-2026-11.csv"
    tab.export_to(str(sheet))
    expected = f"已导出排班 4 条到 {sheet}"
    qtbot.waitUntil(lambda: tab.admin.message.text() == expected, timeout=TIMEOUT)
    assert sheet.read_text(encoding="utf-8-sig").splitlines() == [
        "日期,窗口,工号,班次",
        "2026-11-28,1,1001,全天", "2026-11-28,3,1003,上午", "2026-11-28,4,1004,下午",
        "2026-11-29,6,1006,全天",
    ]  # fmt: skip
    tab.export_to(str(tmp_path / "no" / "x.csv"))  # a folder that is not there
    qtbot.waitUntil(lambda: "无法写入文件" in tab.admin.message.text(), timeout=TIMEOUT)
    tab.import_file(str(sheet))  # the file goes back in as it came out
    qtbot.waitUntil(lambda: tab.admin.message.text() == "已导入排班 4 行", timeout=TIMEOUT)
    assert services.cover.roster(SATURDAY) == SEEDED
    settled(qtbot, shell)


def test_a_make_up_saturday_says_so_and_serves_every_category(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    """2026-10-10 is a Saturday worked in exchange for the National Day week (调休): the hall
    works as on a weekday, whatever the weekend roster says; 10-01 is a public holiday."""
    shell, tab = roster_page(qtbot, hall_config, start_shell)
    for day, text in (
        (
            QDate(2026, 10, 10),
            "2026-10-10（星期六，调休上班日）服务的业务类别：A 综合受理、B 社保医保、C 不动产登记",
        ),
        (QDate(2026, 10, 1), "2026-10-01（星期四，节假日）服务的业务类别：无（未排班）"),
        (
            QDate(2026, 11, 25),
            "2026-11-25（星期三，工作日）服务的业务类别：A 综合受理、B 社保医保、C 不动产登记",
        ),
    ):
        tab.day.setDate(day)
        qtbot.waitUntil(lambda text=text: tab.served.text() == text, timeout=TIMEOUT)
    settled(qtbot, shell)

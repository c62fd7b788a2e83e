"""AB岗 at the window, offscreen, with real services on SQLite and a fake clock (Monday
2026-11-23 09:00).

王芳 (1003, A of window 3) is on leave: her B 刘洋 (1004) sees "代岗：王芳（请假至 …）", her open
inquiries and cases in his lists, and what he does is recorded as his, on her behalf. When a
supervisor records that 陈静 (1005) and her B 杨磊 (1006) are both away this afternoon, the red
warning appears at once, in the warnings tab and in 今日提醒, which opens by itself at the
first login of a day with such a warning. An absence that overlaps another is refused and
changes nothing. On a weekend the kiosk offers only the categories of the roster's windows
(the roster page itself: tests/gui/test_roster_edit.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.messages import translate
from desk_client.services.app import Services
from desk_client.services.dto_inquiries import InquiryDraft
from desk_client.ui.app import Shell
from desk_client.ui.cover_view import AbsenceDialog
from desk_client.ui.kiosk import KioskWindow
from tests.gui.test_cases import accept_case
from tests.gui.test_clerk import clerk_window, log_in
from tests.gui.test_inquiries import CTRL, SHIFT, TIMEOUT, activate, at, desk_of, write_and_send

WARNING = (
    "AB岗预警：5 号窗口 A 岗 陈静（1005） 与 B 岗 杨磊（1006） 同时不在岗"
    "（11-23 14:00 至 11-23 16:00）；6 号窗口 A 岗 杨磊（1006） 与 B 岗 陈静（1005） "
    "同时不在岗（11-23 14:00 至 11-23 16:00）"
)


def wang_on_leave(services: Services) -> str:
    """王芳 promises a reply, has a case open, and goes on leave until Wednesday 17:30."""
    wang = services.auth.login("1003", "desk1234", 3)
    draft = InquiryDraft("visit", "person", "孙强", "13905910002", "个体户变更经营场所")
    number = services.inquiries.log(wang, draft).number
    services.inquiries.follow_up(wang, number, 5)
    start, end = at(date(2026, 11, 23), 8, 30), at(date(2026, 11, 25), 17, 30)
    services.cover.record_absence(wang, "1003", "leave", start, end, "年休假")
    return number


def test_b_covers_a_with_the_banner_her_lists_and_steps_on_her_behalf(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    case = accept_case(services)  # 王芳's case, accepted before her leave
    number = wang_on_leave(services)
    shell = start_shell(replace(hall_config, window=4))
    clerk, desk = desk_of(qtbot, shell, "1004")
    qtbot.waitUntil(desk.banner.isVisible, timeout=TIMEOUT)
    assert desk.banner.text() == "代岗：王芳（请假至 11-25 17:30）"
    assert not desk.warning.isVisible()  # a clerk is not warned about other posts

    qtbot.keyClick(clerk, Qt.Key.Key_M, CTRL)
    page = desk.inbox
    qtbot.waitUntil(lambda: page.mine.row_of(number) >= 0, timeout=TIMEOUT)
    page.select(number)
    page.mine_view.setFocus()
    page.steps.step_dialog = None
    qtbot.keyClick(page.mine_view, Qt.Key.Key_3, CTRL)  # 答复, as her B
    write_and_send(qtbot, page.steps.step_dialog, "无需重新核名，携营业执照原件办理变更")
    replied = services.inquiries.detail(number)
    last = replied.timeline[-1]
    assert (last.type, last.actor, last.on_behalf_of) == ("inquiry.replied", "1004", "1003")

    activate(qtbot, clerk)
    qtbot.keyClick(clerk, Qt.Key.Key_F11)
    cases = clerk.pages.cases
    assert cases is not None
    qtbot.waitUntil(lambda: cases.cases.model.row_of(case) >= 0, timeout=TIMEOUT)


def record_for(
    qtbot: QtBot, dialog: AbsenceDialog | None, staff_no: str, hours: tuple[int, int]
) -> None:
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    dialog.staff_no.setText(staff_no)
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    day = QDate(2026, 11, 23)
    dialog.start.setDateTime(QDateTime(day, QTime(hours[0], 0)))
    dialog.end.setDateTime(QDateTime(day, QTime(hours[1], 0)))
    dialog._submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)


def labels_of(widget: object) -> list[str]:
    return [child.text() for child in widget.findChildren(QLabel)]  # type: ignore[attr-defined]


def test_the_supervisor_is_warned_at_once_when_a_and_b_are_away(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(replace(hall_config, window=6))
    clerk, desk = desk_of(qtbot, shell, "S001")
    qtbot.keyClick(clerk, Qt.Key.Key_A, CTRL | SHIFT)
    page = desk.cover
    assert page is not None and page.admin is not None
    admin = page.admin
    admin.setCurrentWidget(admin.absences)
    assert not desk.warning.isVisible()
    admin.absences.record()
    record_for(qtbot, admin.absences.dialog, "1005", (14, 17))
    assert not desk.warning.isVisible()  # 杨磊 is still here
    admin.absences.record()
    record_for(qtbot, admin.absences.dialog, "1006", (13, 16))
    qtbot.waitUntil(desk.warning.isVisible, timeout=TIMEOUT)  # at once, no sync needed
    assert desk.warning.text() == WARNING
    admin.setCurrentWidget(admin.warnings)
    qtbot.waitUntil(lambda: admin.warnings.model.rowCount() == 2, timeout=TIMEOUT)

    cases = clerk.pages.cases
    assert cases is not None
    activate(qtbot, clerk)
    qtbot.keyClick(clerk, Qt.Key.Key_J, CTRL)
    qtbot.waitUntil(lambda: cases.summary_dialog is not None, timeout=TIMEOUT)
    assert "AB岗预警 2 条（A、B 岗同时不在岗）" in labels_of(cases.summary_dialog)


def test_the_first_login_of_a_day_with_a_and_b_away_opens_the_summary(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    supervisor = services.auth.login("S001", "super123", None)
    for staff_no in ("1005", "1006"):
        start, end = at(date(2026, 11, 23), 14), at(date(2026, 11, 23), 16)
        services.cover.record_absence(supervisor, staff_no, "training", start, end, "")
    shell = start_shell(replace(hall_config, window=6))
    log_in(qtbot, shell, "S001", "super123")  # not desk_of: it would close the summary
    clerk = clerk_window(qtbot, shell)
    cases = clerk.pages.cases
    assert cases is not None
    qtbot.waitUntil(lambda: cases.summary_dialog is not None, timeout=TIMEOUT)  # no red case
    texts = labels_of(cases.summary_dialog)
    assert "AB岗预警 2 条（A、B 岗同时不在岗）" in texts
    assert "今天没有红牌或黄牌办件" in texts


def test_an_overlapping_absence_is_refused_and_changes_nothing(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(hall_config)
    clerk, desk = desk_of(qtbot, shell, "1003")
    qtbot.keyClick(clerk, Qt.Key.Key_A, CTRL | SHIFT)
    page = desk.cover
    assert page is not None and page.admin is None  # a clerk: only their own absences
    activate(qtbot, clerk)
    page.mine_view.setFocus()
    qtbot.keyClick(page.mine_view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert dialog is not None and dialog.staff_no.isReadOnly()
    record_for(qtbot, dialog, "1003", (10, 12))
    qtbot.waitUntil(lambda: page.mine.rowCount() == 1, timeout=TIMEOUT)
    page.record()
    again = page.dialog
    assert again is not None and again is not dialog
    qtbot.waitUntil(again.isVisible, timeout=TIMEOUT)
    day = QDate(2026, 11, 23)
    again.start.setDateTime(QDateTime(day, QTime(11, 0)))
    again.end.setDateTime(QDateTime(day, QTime(15, 0)))
    again._submit()
    text = translate(
        "absence.overlaps",
        "zh_CN",
        staff_no="1003",
        start="2026-11-23 10:00",
        end="2026-11-23 12:00",
    )
    qtbot.waitUntil(lambda: again.message.text() == text, timeout=TIMEOUT)
    assert again.isVisible()
    assert len(services.cover.absences()) == 1
    again.end.setDateTime(QDateTime(day, QTime(10, 30)))
    again.start.setDateTime(QDateTime(day, QTime(11, 0)))  # ends before it starts
    again._submit()
    qtbot.waitUntil(lambda: "不晚于开始时间" in again.message.text(), timeout=TIMEOUT)
    assert len(services.cover.absences()) == 1


def test_on_a_weekend_the_kiosk_offers_only_the_categories_of_open_windows(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    fake_clock.set(at(date(2026, 11, 28), 9))  # Saturday: windows 1, 3 and 4 (A and B)
    shell = start_shell(replace(hall_config, mode="kiosk"))
    kiosk = shell.windows["kiosk"]
    assert isinstance(kiosk, KioskWindow)
    qtbot.waitUntil(lambda: set(kiosk.category_buttons) == {"A", "B"}, timeout=TIMEOUT)
    fake_clock.set(at(date(2026, 11, 29), 9))  # Sunday: the general window 6 (A, B, C)
    kiosk.refresh_board()
    qtbot.waitUntil(lambda: set(kiosk.category_buttons) == {"A", "B", "C"}, timeout=TIMEOUT)
    fake_clock.set(at(date(2026, 11, 30), 9))  # Monday: everything
    kiosk.refresh_board()
    qtbot.waitUntil(lambda: kiosk.day == date(2026, 11, 30), timeout=TIMEOUT)
    assert set(kiosk.category_buttons) == {"A", "B", "C"}


def test_the_report_shows_the_figures_and_exports_them_as_csv(  # noqa: PLR0917
    qtbot: QtBot,
    tmp_path: Path,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    zhang = services.auth.login("1001", "desk1234", 1)
    liu = services.auth.login("1004", "desk1234", 4)
    draft = InquiryDraft("visit", "person", "吴刚", "13605910004", "二手房过户要缴哪些税")
    number = services.inquiries.log(zhang, draft).number
    services.inquiries.refer(zhang, number, to_staff_no="1004")
    fake_clock.set(at(date(2026, 11, 23), 10))
    services.inquiries.accept(liu, number)
    fake_clock.set(at(date(2026, 11, 23), 11, 30))  # answered two and a half hours later
    services.inquiries.reply(liu, number, "契税、增值税和个人所得税，按合同价计算")
    services.inquiries.log(liu, replace(draft, person_name="郑丽"))
    services.sync.sync_once()
    shell = start_shell(replace(hall_config, window=6))
    clerk, desk = desk_of(qtbot, shell, "S001")
    qtbot.keyClick(clerk, Qt.Key.Key_A, CTRL | SHIFT)
    assert desk.cover is not None and desk.cover.admin is not None
    admin = desk.cover.admin
    report = admin.report
    admin.setCurrentWidget(report)
    report.refresh()
    qtbot.waitUntil(lambda: report.per_day.rowCount() == 2, timeout=TIMEOUT)
    assert report.turnaround.text() == (
        "转办响应时间（转办至承办人答复或退回）：中位数 2.5 小时 · 90% 分位 2.5 小时"
    )
    assert report.per_day.index(0, 0).data() == "张伟 1001"
    target = tmp_path / "report.csv"
    report.export_to(str(target))
    qtbot.waitUntil(lambda: admin.message.text().startswith("已导出"), timeout=TIMEOUT)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert admin.message.text() == f"已导出 {len(lines) - 1} 行到 {target}"
    assert lines[1].startswith("per_staff_day,1001,张伟,2026-11-23,1")

"""预约 at the window (Ctrl+Shift+Y), offscreen, with real services on SQLite and a fake clock.

It is Monday 2026-11-23, 09:00. The demo hall's Saturday 2026-11-28 opens windows 1 (A
综合受理) and 3/4 (B 社保医保), so C 不动产登记 is closed that day. 王芳 (1003, window 3)
books 张三 into Saturday's B slot at 10:00: the slip is printed (print mode pdf: a file in
print_dir), the form is cleared, the list shows the booking and the slot one seat less. A
full slot cannot be chosen, nor one already begun. Refusals (a bad phone, a day closed
meanwhile) say why, frame the field, and keep what was typed. Cancelling takes two presses
on the page; a booking checked in meanwhile is refused and then shown checked in. The
model passes Qt's model tester.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from desk_client.services.dto_appointments import AppointmentView
from desk_client.ui.app import Shell
from desk_client.ui.appointments_model import AppointmentsModel
from desk_client.ui.appointments_page import AppointmentsPage
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.i18n import Labels
from desk_client.ui.i18n_appointments import LABELS as APPOINTMENT_LABELS
from tests.gui.test_inquiries import CTRL, SHIFT, TIMEOUT, desk_of
from tests.gui.test_roster_edit import SEEDED, settled

ZONE = ZoneInfo("Asia/Shanghai")
TODAY, SATURDAY = date(2026, 11, 23), date(2026, 11, 28)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE)


def open_page(
    qtbot: QtBot, shell: Shell, staff_no: str = "1003"
) -> tuple[ClerkWindow, AppointmentsPage]:
    """Ctrl+Shift+Y from the queue page, once the hall's services are listed and the day read."""
    clerk, _desk = desk_of(qtbot, shell, staff_no)
    clerk.pages.setCurrentWidget(clerk.pages.queue_page)
    qtbot.keyClick(clerk, Qt.Key.Key_Y, CTRL | SHIFT)
    page = clerk.pages.appointments
    assert page is not None and clerk.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.category.count() == 3, timeout=TIMEOUT)
    settled(qtbot, shell)
    return clerk, page


def show(qtbot: QtBot, shell: Shell, page: AppointmentsPage, code: str, day: date) -> None:
    page.category.setCurrentIndex(page.category.findData(code))
    page.day.setDate(QDate(day.year, day.month, day.day))
    settled(qtbot, shell)
    assert page.shown_slots is not None and page.shown_slots.day == day


def slot_texts(page: AppointmentsPage) -> dict[str, tuple[str, bool]]:
    """Each slot's line by its start time, and whether it can be chosen."""
    items = [page.slots.item(i) for i in range(page.slots.count())]
    return {
        item.text()[:5]: (item.text(), bool(item.flags() & Qt.ItemFlag.ItemIsEnabled))
        for item in items
    }


def choose_slot(page: AppointmentsPage, start: str) -> None:
    item = next(
        page.slots.item(i)
        for i in range(page.slots.count())
        if page.slots.item(i).text()[:5] == start
    )
    page.slots.setCurrentItem(item)
    assert page.chosen_slot() is not None


def rows_of(page: AppointmentsPage) -> list[tuple[str, ...]]:
    model = page.model
    return [
        tuple(str(model.index(r, c).data()) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def refusal(call: Callable[[], object]) -> str:
    """The service's own message for what the page is about to be refused."""
    try:
        call()
    except DeskError as error:
        return error.message("zh_CN")
    raise AssertionError("the service did not refuse")


def test_book_at_the_window_prints_the_slip_and_lists_it(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(hall_config)
    clerk, page = open_page(qtbot, shell)
    pages = clerk.pages
    assert pages.tabText(pages.indexOf(page)) == "预约  Ctrl+Shift+Y"
    assert page.day.date() == QDate(2026, 11, 23) and page.name.hasFocus()
    show(qtbot, shell, page, "B", SATURDAY)
    assert slot_texts(page)["10:00"] == ("10:00–10:30  余 4/4", True)
    assert len(slot_texts(page)) == 13  # 09:00-12:00 and 13:30-17:00 in half hours
    assert page.model.rowCount() == 0

    choose_slot(page, "10:00")
    page.name.setText("张三")
    page.phone.setText("13812345678")
    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last is not None, timeout=TIMEOUT)
    assert page.last is not None
    code = page.last.code
    assert code == "YY261128001"
    assert page.message.text() == f"已预约 {code}：2026-11-28（星期六）10:00–10:30"
    assert page.name.text() == "" and page.phone.text() == ""
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT)
    assert rows_of(page) == [
        ("10:00–10:30", code, "社保医保", "张三", "138****5678", "已预约", "窗口 1003")
    ]
    print_dir = Path(hall_config.print_dir)
    qtbot.waitUntil(lambda: any(print_dir.glob(f"*{code}*.pdf")), timeout=TIMEOUT)
    settled(qtbot, shell)
    assert slot_texts(page)["10:00"] == ("10:00–10:30  余 3/4", True)
    assert page.count.text() == "共 1 条 · 已签到 0 · 已取消 0"
    booked = services.appointments.find(code)
    assert (booked.name, booked.phone, booked.source) == ("张三", "13812345678", "window")
    assert booked.booked_by_no == "1003"


def test_a_full_slot_and_one_begun_cannot_be_chosen(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    for name in ("赵一", "钱二", "孙三", "李四"):  # Saturday's B at 10:00 is full
        services.appointments.book("B", at(SATURDAY, 10), name, staff_id=None, source="admin")
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "B", SATURDAY)
    slots = slot_texts(page)
    assert slots["10:00"] == ("10:00–10:30  已约满 4/4", False)
    assert slots["10:30"] == ("10:30–11:00  余 4/4", True)
    assert [row[5] for row in rows_of(page)] == ["已预约"] * 4

    show(qtbot, shell, page, "A", TODAY)  # 09:00 now: the first slot has begun
    slots = slot_texts(page)
    assert slots["09:00"] == ("09:00–09:30  已开始", False)
    assert slots["09:30"] == ("09:30–10:00  余 4/4", True)
    page.slots.setCurrentRow(0)  # a disabled line cannot become the choice
    assert page.chosen_slot() is None
    page.book()
    assert page.message.text() == "请先在“可约时段”中选择一个时段"
    settled(qtbot, shell)

    choose_slot(page, "10:00")  # then another date: until its slots are read, no choice
    page.name.setText("张三")
    page.message.clear_text()
    page.day.setDate(QDate(2026, 11, 24))
    page.book()
    settled(qtbot, shell)
    assert page.message.text() == "请先在“可约时段”中选择一个时段"
    assert all(v.source == "import" for v in services.appointments.day(TODAY))  # the demo's
    assert page.shown_slots is not None and page.shown_slots.day == date(2026, 11, 24)
    assert page.chosen_slot() is None  # a new date's slot is chosen anew


def test_refusals_say_why_and_keep_what_was_typed(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "B", SATURDAY)
    choose_slot(page, "10:00")
    page.name.setText("张三")
    page.phone.setText("12ab")
    expected = refusal(
        lambda: services.appointments.book(
            "B", at(SATURDAY, 10), "张三", "12ab", staff_id=None, source="window"
        )
    )
    qtbot.keyClick(page.phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.text() == expected, timeout=TIMEOUT)
    assert (page.name.text(), page.phone.text()) == ("张三", "12ab")
    assert "border" in page.phone.styleSheet() and "border" not in page.name.styleSheet()
    settled(qtbot, shell)
    assert services.appointments.day(SATURDAY) == ()
    assert page.chosen_slot() is not None  # still chosen: fix the phone and press again

    # The supervisor takes windows 3 and 4 off Saturday meanwhile: B is no longer served.
    boss = services.auth.open_session(services.sync, "S001", "super123", None)
    services.cover.save_roster_day(boss, SATURDAY, (SEEDED[0],), SEEDED)
    page.phone.setText("13812345678")
    closed = refusal(lambda: services.appointments.slots("B", SATURDAY))
    page.book()
    qtbot.waitUntil(lambda: page.message.text() == closed, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert (page.name.text(), page.phone.text()) == ("张三", "13812345678")
    assert "border" not in page.phone.styleSheet()
    assert page.closed.isVisible() and page.closed.text() == closed  # instead of the slots
    assert not page.slots.isVisible() and services.appointments.day(SATURDAY) == ()

    show(qtbot, shell, page, "A", SATURDAY)  # A is still served: its slots come back
    assert page.slots.isVisible() and not page.closed.isVisible()
    assert page.name.text() == "张三"


def test_a_slip_that_cannot_be_built_leaves_the_booking_standing(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)

    def broken(*_args: object) -> None:
        raise DeskError("print.failed", detail="no font")

    monkeypatch.setattr(shell.ctx.services.printing, "appointment_slip", broken)
    show(qtbot, shell, page, "B", SATURDAY)
    choose_slot(page, "10:30")
    page.name.setText("张三")
    page.book()
    qtbot.waitUntil(lambda: page.last is not None, timeout=TIMEOUT)
    settled(qtbot, shell)
    reason = DeskError("print.failed", detail="no font").message("zh_CN")
    assert page.message.text() == (
        f"已预约 YY261128001：2026-11-28（星期六）10:30–11:00；凭条未打印：{reason}"
    )
    assert [row[1] for row in rows_of(page)] == ["YY261128001"]
    assert not list(Path(hall_config.print_dir).glob("*.pdf"))


def test_a_day_that_does_not_serve_the_service_shows_why_instead_of_slots(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    page.name.setText("李四")
    show(qtbot, shell, page, "C", SATURDAY)  # no window serves 不动产登记 on Saturday
    closed = refusal(lambda: services.appointments.slots("C", SATURDAY))
    assert page.closed.isVisible() and page.closed.text() == closed
    assert not page.slots.isVisible() and page.slots.count() == 0
    page.book()
    assert page.message.text() == "请先在“可约时段”中选择一个时段"
    assert page.name.text() == "李四"
    settled(qtbot, shell)


def test_cancelling_takes_two_presses(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    first = services.appointments.book("B", at(SATURDAY, 10), "张三", staff_id=None)
    second = services.appointments.book("B", at(SATURDAY, 11), "李四", staff_id=None)
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "B", SATURDAY)
    assert [row[1] for row in rows_of(page)] == [first.code, second.code]

    page.cancel()  # nothing selected
    assert page.message.text() == "请先在列表中选择要取消的预约"
    page.view.selectRow(0)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.cancel_button.text() == "确认取消"
    assert page.message.text() == (
        f"将取消 {first.code}（张三，2026-11-28 10:00–10:30）；确认请再按“确认取消”"
    )
    settled(qtbot, shell)
    assert services.appointments.find(first.code).state == "booked"

    page.view.selectRow(1)  # another row disarms: its own first press only asks
    assert page.cancel_button.text() == "取消所选预约"
    page.cancel()
    assert page.armed == second.code
    page.view.selectRow(0)
    page.cancel()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text() == f"已取消 {first.code}", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: rows_of(page)[0][5] == "已取消", timeout=TIMEOUT)
    settled(qtbot, shell)
    assert page.cancel_button.text() == "取消所选预约"
    assert services.appointments.find(first.code).state == "cancelled"
    assert services.appointments.find(second.code).state == "booked"
    assert page.count.text() == "共 2 条 · 已签到 0 · 已取消 1"


def test_a_booking_checked_in_meanwhile_is_not_cancelled(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    """Today's 14:00 booking: armed at the window while the citizen checks in at the kiosk."""
    booked = services.appointments.book("A", at(TODAY, 14), "王五", "13912345678", staff_id=None)
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "A", TODAY)
    row = [r[1] for r in rows_of(page)].index(booked.code)
    page.view.selectRow(row)
    page.cancel()
    assert page.armed == booked.code
    ticket = services.queue.check_in_appointment(booked.code).ticket.number
    used = refusal(lambda: services.appointments.cancel(booked.code, staff_id=None))
    page.cancel()
    qtbot.waitUntil(lambda: page.message.text() == used, timeout=TIMEOUT)
    expected = f"已签到 {ticket}"
    qtbot.waitUntil(
        lambda: any(r[1] == booked.code and r[5] == expected for r in rows_of(page)),
        timeout=TIMEOUT,
    )
    settled(qtbot, shell)
    assert services.appointments.find(booked.code).state == "checked_in"


def test_ctrl_y_still_approves_and_ctrl_shift_y_opens_appointments_from_anywhere(
    qtbot: QtBot, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    """The supervisor's 审批 page has its own Ctrl+Y (approve), and a text field its redo:
    预约's key is another, so each works wherever the other is in reach."""
    shell = start_shell(replace(hall_config, window=6))
    clerk, page = open_page(qtbot, shell, "S001")
    pages = clerk.pages
    supervisor = pages.supervisor
    assert supervisor is not None
    qtbot.keyClick(clerk, Qt.Key.Key_F12)
    assert pages.currentWidget() is supervisor
    settled(qtbot, shell)
    supervisor.pending_view.setFocus()
    qtbot.keyClick(supervisor.pending_view, Qt.Key.Key_Y, CTRL)
    assert pages.currentWidget() is supervisor
    assert supervisor.message.text() == "暂无待审批的报备"  # approve: nothing awaits
    qtbot.keyClick(supervisor.pending_view, Qt.Key.Key_Y, CTRL | SHIFT)
    assert pages.currentWidget() is page
    settled(qtbot, shell)


def view(code: str, state: str, ticket: str = "", source: str = "window") -> AppointmentView:
    start = at(SATURDAY, 10).astimezone(UTC)
    return AppointmentView(
        code=code,
        category_code="B",
        category_name="社保医保",
        start=start,
        end=start.replace(minute=30),
        name="张三",
        phone="13812345678",
        phone_display="138****5678",
        state=state,
        source=source,
        booked_by_no="1003" if source == "window" else "",
        ticket_number=ticket,
    )


def test_the_model_is_a_sound_qt_model_and_says_each_state(
    qtmodeltester: ModelTester,
) -> None:
    model = AppointmentsModel(Labels("zh_CN"), ZONE)
    rows = (
        view("YY261128001", "booked"),
        view("YY261128002", "checked_in", "B012"),
        view("YY261128003", "cancelled", source="admin"),
        view("YY261128004", "missed", source="import"),
    )
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)  # and it watches the resets below
    states = [model.index(r, 5).data() for r in range(4)]
    assert states == ["已预约", "已签到 B012", "已取消", "未到"]
    assert [model.index(r, 6).data() for r in range(4)] == [
        "窗口 1003",
        "窗口 1003",
        "管理后台",
        "导入",
    ]
    assert model.index(0, 0).data() == "10:00–10:30"  # on the hall's clock, not UTC
    assert model.index(0, 4).data() == "138****5678"  # never the full phone
    colour = model.index(2, 1).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(colour, QColor) and colour.name() == "#8a96a3"
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.counts() == {"count": 4, "checked_in": 1, "cancelled": 1}
    english = AppointmentsModel(Labels("en"), ZONE)
    english.set_rows(rows)
    assert english.headerData(5, Qt.Orientation.Horizontal) == "State"
    assert english.index(1, 5).data() == "Checked in B012"
    model.set_rows(())
    assert model.rowCount() == 0
    model.set_rows(rows[:1])


def test_every_appointment_label_speaks_both_languages_alike() -> None:
    for key, (zh, en) in APPOINTMENT_LABELS.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
        assert fields[0] == fields[1], key
        assert zh.strip() and en.strip(), key
        assert Labels("en")(key, **dict.fromkeys(fields[1], "x")) != key

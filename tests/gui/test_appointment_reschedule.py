"""改约 on the 预约 page, offscreen with real services on SQLite and a fake clock.

It is Monday 2026-11-23, 09:00; 王芳 (1003, window 3) has the page open (print mode pdf: each
slip is a file in print_dir). 张三, booked into Saturday's B 10:00, rings: he cannot come on
Saturday, Sunday 10:00 would do. 王芳 selects his row and presses 改约: the form holds his
service, name, phone and day, and its button reads 确认改约. She picks Sunday 10:00 and
confirms: a new slip with the new code prints, the list shows the new booking and Saturday's
cancelled, and the form books again. A refusal (the slot he has, a slot filled meanwhile)
says why and keeps the form moving, to pick another; 放弃改约 returns it to booking with
nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.services.app import Services
from desk_client.services.dto_appointments import AppointmentView
from desk_client.ui.app import Shell
from desk_client.ui.appointments_page import AppointmentsPage
from tests.gui.test_appointment_actions import select, words
from tests.gui.test_appointments_page import (
    SATURDAY,
    at,
    choose_slot,
    open_page,
    refusal,
    rows_of,
    show,
    slot_texts,
)
from tests.gui.test_inquiries import TIMEOUT
from tests.gui.test_roster_edit import settled

SUNDAY = date(2026, 11, 29)
PHONE = "13812345678"


def begin(qtbot: QtBot, shell: Shell, page: AppointmentsPage, code: str) -> None:
    """The row selected and 改约 pressed: the form moves ``code``."""
    select(page, code)
    qtbot.mouseClick(page.reschedule_button, Qt.MouseButton.LeftButton)
    settled(qtbot, shell)
    assert page.moving is not None and page.moving.code == code


def booking_form(page: AppointmentsPage) -> tuple[object, ...]:
    """What tells the form books or moves: its buttons' words and what may be edited."""
    return (
        page.book_button.text(),
        page.reschedule_button.text(),
        page.category.isEnabled(),
        page.name.isReadOnly(),
        page.phone.isReadOnly(),
    )


BOOKING = ("预约并打印凭条", "改约", True, False, False)
MOVING = ("确认改约", "放弃改约", False, True, True)


def saturday(services: Services, name: str = "张三", hour: int = 10) -> AppointmentView:
    return services.appointments.book("B", at(SATURDAY, hour), name, PHONE, staff_id=None)


def confirm(qtbot: QtBot, shell: Shell, page: AppointmentsPage, expected: str) -> None:
    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text() == expected, timeout=TIMEOUT)
    settled(qtbot, shell)


def test_reschedule_in_two_steps_prints_the_new_slip(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    old = saturday(services)
    saturday(services, "李四", 11)
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "A", page.today())  # the clerk was elsewhere when he rang
    page.code_edit.setText(old.code)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.selected() is not None, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert booking_form(page) == BOOKING

    begin(qtbot, shell, page, old.code)
    assert booking_form(page) == MOVING
    assert page.message.text() == f"改约 {old.code}（张三）：请选择新的日期和时段，再按“确认改约”"
    assert (page.name.text(), page.phone.text()) == ("张三", PHONE)
    assert page.category.currentData() == "B" and page.day.date() == QDate(2026, 11, 28)
    page.day.setDate(QDate(2026, 11, 29))
    settled(qtbot, shell)
    choose_slot(page, "10:00")
    new_code = "YY261129001"
    confirm(
        qtbot, shell, page,
        f"已改约 {old.code} → {new_code}（张三）：2026-11-29（星期日）10:00–10:30，原预约已取消",
    )  # fmt: skip
    slip = Path(hall_config.print_dir) / f"appointment-{new_code}.pdf"
    qtbot.waitUntil(slip.exists, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert new_code in words(slip) and "3号窗口王芳预约" in words(slip)
    assert booking_form(page) == BOOKING and page.moving is None
    assert (page.name.text(), page.phone.text()) == ("", "")
    assert rows_of(page) == [
        ("10:00–10:30", new_code, "社保医保", "张三", "138****5678", "已预约", "窗口 1003")
    ]
    assert slot_texts(page)["10:00"] == ("10:00–10:30  余 3/4", True)
    show(qtbot, shell, page, "B", SATURDAY)
    assert [(row[1], row[5]) for row in rows_of(page)] == [
        (old.code, "已取消"), ("YY261128002", "已预约"),
    ]  # fmt: skip
    assert slot_texts(page)["10:00"] == ("10:00–10:30  余 4/4", True)
    assert services.appointments.find(new_code).replaces == old.code


def test_a_refusal_keeps_the_form_moving_to_pick_another_slot(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    old = saturday(services)
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "B", SATURDAY)
    begin(qtbot, shell, page, old.code)
    choose_slot(page, "10:00")  # the slot he has
    same = refusal(lambda: services.appointments.reschedule(old.code, old.start, staff_id=None))
    confirm(qtbot, shell, page, same)
    assert booking_form(page) == MOVING and page.moving is not None
    assert (page.name.text(), page.phone.text()) == ("张三", PHONE)

    page.day.setDate(QDate(2026, 11, 29))
    settled(qtbot, shell)
    choose_slot(page, "10:00")
    for name in ("赵一", "钱二", "孙三", "李四"):  # booked full at other windows meanwhile
        services.appointments.book("B", at(SUNDAY, 10), name, staff_id=None)
    full = refusal(
        lambda: services.appointments.reschedule(old.code, at(SUNDAY, 10), staff_id=None)
    )
    confirm(qtbot, shell, page, full)
    assert booking_form(page) == MOVING
    assert slot_texts(page)["10:00"] == ("10:00–10:30  已约满 4/4", False)  # read again
    assert services.appointments.find(old.code).state == "booked"
    assert not list(Path(hall_config.print_dir).glob("*.pdf"))

    choose_slot(page, "10:30")
    confirm(
        qtbot, shell, page,
        f"已改约 {old.code} → YY261129005（张三）：2026-11-29（星期日）10:30–11:00，原预约已取消",
    )  # fmt: skip
    assert booking_form(page) == BOOKING
    assert services.appointments.find(old.code).state == "cancelled"


def test_giving_up_returns_the_form_to_booking(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    old = saturday(services)
    gone = saturday(services, "李四", 11)
    services.appointments.cancel(gone.code, staff_id=None)
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "B", SATURDAY)
    page.reschedule_button.click()  # nothing selected
    assert page.message.text() == "请先在列表中选择要改约的预约"
    select(page, gone.code)
    page.reschedule_button.click()
    assert page.message.text() == f"{gone.code} 已取消，只有已预约的才能改约"
    assert page.moving is None and booking_form(page) == BOOKING

    begin(qtbot, shell, page, old.code)
    qtbot.mouseClick(page.reschedule_button, Qt.MouseButton.LeftButton)  # 放弃改约
    assert page.message.text() == f"已放弃改约，{old.code} 仍按原时段预约"
    assert page.moving is None and booking_form(page) == BOOKING
    assert (page.name.text(), page.phone.text()) == ("", "")
    page.name.setText("王五")
    choose_slot(page, "10:30")
    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)  # a booking again
    qtbot.waitUntil(lambda: page.last is not None, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert page.message.text() == "已预约 YY261128003：2026-11-28（星期六）10:30–11:00"
    made = services.appointments.find("YY261128003")
    assert (made.name, made.phone, made.replaces) == ("王五", "", "")
    assert services.appointments.find(old.code).state == "booked"

"""预约补正: the return visit after a one-time notice, booked from the checklist page.

It is Monday 2026-11-23, 09:00. 王芳 (1003, window 3) checks 张三's application for 社会保障卡
申领 (SF-SB-0403, served by B 社保医保): the ID card is missing, so she issues a one-time
notice, and its card offers 预约补正时间. Pressing it (even with another item picked since)
opens 预约 with B, 张三 and her phone filled in, tomorrow's slots focused and the status line
naming the notice; nothing is booked until 王芳 chooses 10:00 and presses 预约并打印凭条. An
acceptance ends the application and offers no return visit, and clearing the page takes the
offer away. Pressed before 预约 was built, the request builds it; a phone the booking would
refuse is left out, a service the hall does not have is said instead of the note, and an
organisation's contact person is the one booked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.checklist import Applicant, ApplicantKind
from desk_client.core.notices import NoticeContent, NoticeKind
from desk_client.services.app import Services
from desk_client.services.dto_appointments import AppointmentView
from desk_client.services.dto_notices import STATUS_ISSUED, NoticeView
from desk_client.ui.app import Shell
from desk_client.ui.appointments_page import AppointmentsPage
from desk_client.ui.checklist import ChecklistPage
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.connection import ConnectionMonitor, health_check
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.worker import ServiceRunner
from tests.gui.test_appointments_page import choose_slot, rows_of
from tests.gui.test_checklist import (
    TIMEOUT,
    VALID_ID,
    activate,
    open_checklist,
    pick_gjj,
    tick,
    type_into,
)
from tests.gui.test_roster_edit import settled
from tests.gui.test_startup import unbuilt_window

TOMORROW = date(2026, 11, 24)
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def applicant(qtbot: QtBot, page: ChecklistPage, phone: str = "13800138000") -> None:
    type_into(qtbot, page.form.name, "张三")
    type_into(qtbot, page.form.id_edit, VALID_ID)
    type_into(qtbot, page.form.phone, phone)
    qtbot.waitUntil(lambda: page.form.checked is not None, timeout=TIMEOUT)


def pick_social_card(qtbot: QtBot, page: ChecklistPage) -> None:
    """社会保障卡申领: 居民身份证, then two conditional materials."""
    qtbot.keyClicks(page.picker.search, "SF-SB-0403")

    def found() -> bool:
        first = page.picker.model.row_at(0)
        return first is not None and first.item.code == "SF-SB-0403"

    qtbot.waitUntil(found, timeout=TIMEOUT)
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.item is not None, timeout=TIMEOUT)
    assert page.item is not None and page.item.category == "B"


def issue(qtbot: QtBot, page: ChecklistPage, key: Qt.Key) -> None:
    """Ctrl+G (one-time notice) or Ctrl+Enter (acceptance); it prints at once."""
    with qtbot.waitSignal(page.printer.printed, timeout=TIMEOUT):
        qtbot.keyClick(page.view, key, CTRL)


def window_bookings(services: Services) -> tuple[AppointmentView, ...]:
    """Tomorrow's bookings made at a window (the demo hall has imported ones too)."""
    return tuple(v for v in services.appointments.day(TOMORROW) if v.source == "window")


def appointments_of(page: ChecklistPage) -> tuple[ClerkWindow, AppointmentsPage]:
    clerk = page.window()
    assert isinstance(clerk, ClerkWindow)
    booking = clerk.pages.appointments
    assert booking is not None
    return clerk, booking


def test_a_one_time_notice_books_its_return_visit_on_the_appointments_page(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    pick_social_card(qtbot, page)
    applicant(qtbot, page)
    tick(qtbot, page, "244")  # the ID card missing, the other two not applicable
    issue(qtbot, page, Qt.Key.Key_G)
    notice = page.last
    assert notice is not None and notice.number == "GZ2026-03-0001"
    assert page.card.book.isVisible()
    assert page.card.book.text() == "预约补正时间  Ctrl+Shift+B"

    page.pick(services.checklist.item("SF-GJJ-0201"))  # another item (A) in the meantime
    clerk, booking = appointments_of(page)
    qtbot.mouseClick(page.card.book, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: clerk.pages.currentWidget() is booking, timeout=TIMEOUT)
    note = "为 张三 预约补正（告知单 GZ2026-03-0001）：请选择日期和时段"
    qtbot.waitUntil(lambda: booking.wanted is None, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert booking.category.currentData() == "B"  # the notice's item's
    assert (booking.name.text(), booking.phone.text()) == ("张三", "13800138000")
    assert booking.day.date() == QDate(2026, 11, 24)
    assert booking.shown_slots is not None
    assert (booking.shown_slots.category_code, booking.shown_slots.day) == ("B", TOMORROW)
    assert booking.message.text() == note
    assert booking.slots.hasFocus()
    assert window_bookings(services) == ()  # nothing booked by the button

    choose_slot(booking, "10:00")
    qtbot.mouseClick(booking.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: booking.last is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: any(r[3] == "张三" for r in rows_of(booking)), timeout=TIMEOUT)
    settled(qtbot, shell)
    (row,) = [r for r in rows_of(booking) if r[3] == "张三"]
    assert (row[0], row[2], row[6]) == ("10:00–10:30", "社保医保", "窗口 1003")
    (booked,) = window_bookings(services)
    assert (booked.name, booked.phone, booked.category_code) == ("张三", "13800138000", "B")


def test_the_offer_goes_with_a_clear_and_an_acceptance_makes_none(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    pick_gjj(qtbot, page)
    applicant(qtbot, page)
    tick(qtbot, page, "1214")  # 退休证明 missing
    issue(qtbot, page, Qt.Key.Key_G)
    assert page.card.book.isVisible()
    clerk, booking = appointments_of(page)
    qtbot.keyClick(page.view, Qt.Key.Key_B, CTRL_SHIFT)  # the button's key
    qtbot.waitUntil(lambda: clerk.pages.currentWidget() is booking, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: booking.wanted is None, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert booking.category.currentData() == "A" and booking.name.text() == "张三"
    qtbot.keyClick(booking.slots, Qt.Key.Key_F10)  # back, without booking

    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)  # the next applicant
    assert page.card.book.isHidden() and not page.card.isVisible()

    pick_gjj(qtbot, page)
    applicant(qtbot, page)
    tick(qtbot, page, "1114")  # complete
    issue(qtbot, page, Qt.Key.Key_Return)
    assert page.last is not None and page.last.number.startswith("SL")
    assert page.card.isVisible() and not page.card.book.isVisible()
    activate(qtbot, page)
    qtbot.keyClick(page.view, Qt.Key.Key_B, CTRL_SHIFT)
    page.card.ask_booking()  # nor does asking the card
    settled(qtbot, shell)
    assert clerk.pages.currentWidget() is page
    assert window_bookings(services) == ()


@pytest.fixture
def ctx(services: Services) -> Iterator[UiContext]:
    runner = ServiceRunner("zh_CN")
    yield UiContext(
        services, runner, Labels("zh_CN"), ConnectionMonitor(health_check(services), runner, 1)
    )
    runner.stop()


def test_asked_before_the_page_exists_it_is_built_and_filled_in(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = unbuilt_window(qtbot, ctx, "1003", "desk1234")
    pages = window.pages
    assert pages.appointments is None
    pages.book_return("B", "李四", "12ab", "为 李四 预约补正")  # a phone booking would refuse
    booking = pages.appointments
    assert booking is not None and pages.currentWidget() is booking
    qtbot.waitUntil(lambda: booking.wanted is None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)
    assert booking.category.currentData() == "B"
    assert (booking.name.text(), booking.phone.text()) == ("李四", "")
    assert booking.message.text() == "为 李四 预约补正"

    booking.prefill("Z", "王五", "0591-8700 1234", "为 王五 预约补正")  # no service Z here
    qtbot.waitUntil(lambda: booking.wanted is None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)
    assert booking.message.text() == "本厅没有业务 Z，请先选择业务。为 王五 预约补正"
    assert booking.category.currentData() == "B"  # unchanged: the clerk chooses
    assert (booking.name.text(), booking.phone.text()) == ("王五", "059187001234")
    assert booking.category.hasFocus()


def organisation_notice(contact: str) -> NoticeView:
    issued = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    company = Applicant(
        ApplicantKind.ORGANISATION, "示范市某某有限公司", "91350100MA0000000X", "059187001234",
        contact=contact,
    )  # fmt: skip
    content = NoticeContent(
        kind=NoticeKind.ONE_TIME,
        number="GZ2026-03-0007",
        hall_code="demo",
        hall_name="示范大厅",
        issued_at=issued,
        item_code="SF-GT-0101",
        item_name="个体工商户设立登记",
        department="示范市市场监督管理局",
        applicant=company,
    )
    return NoticeView(
        number=content.number,
        kind=content.kind,
        content=content,
        applicant_display=company.name,
        status=STATUS_ISSUED,
        printable=True,
        staff_no="1003",
        created_at=issued,
    )


def test_an_organisation_books_its_contact_person(qtbot: QtBot, ctx: UiContext) -> None:
    """The company does not come to the window: the person the form named does."""
    window = unbuilt_window(qtbot, ctx, "1003", "desk1234")
    window.pages.build_all()
    checklist = window.pages.checklist
    assert checklist is not None
    card = checklist.card
    for contact, name in (("赵六", "赵六"), ("", "示范市某某有限公司")):
        card.set_notice(organisation_notice(contact))
        with qtbot.waitSignal(card.book_return, timeout=TIMEOUT) as asked:
            card.ask_booking()
        note = f"为 {name} 预约补正（告知单 GZ2026-03-0007）：请选择日期和时段"
        assert asked.args == ["A", name, "059187001234", note]  # SF-GT-0101 is served by A
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)

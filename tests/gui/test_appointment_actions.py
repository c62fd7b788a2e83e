"""预约's list, found by code and its slips reprinted, offscreen with real services on SQLite.

It is Monday 2026-11-23, 09:00; 王芳 (1003, window 3) has the page open (print mode pdf: each
slip is a file in print_dir). She books 张三 into Saturday's B 10:00 and, twenty minutes later,
reprints the slip: a second document with the same code, whose last line says 补打. A
cancelled booking gets no slip and the reason, also when it was cancelled after the list was
read, and so does one checked in or missed. A code typed or scanned into 按预约码查找 shows
its day and service and selects its row; one that does not exist gets the service's refusal
and leaves the page as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.ui.app import Shell
from desk_client.ui.appointments_page import AppointmentsPage
from tests.gui.test_appointments_page import (
    SATURDAY,
    TODAY,
    at,
    choose_slot,
    open_page,
    refusal,
    rows_of,
    show,
)
from tests.gui.test_inquiries import TIMEOUT
from tests.gui.test_roster_edit import settled


def words(path: Path) -> str:
    """A slip's text as pdfium extracts it, without whitespace (CJK lines break anywhere)."""
    document = pdfium.PdfDocument(path.read_bytes())
    try:
        [page] = document
        return "".join(page.get_textpage().get_text_range().split())
    finally:
        document.close()


def select(page: AppointmentsPage, code: str) -> None:
    page.view.selectRow([row[1] for row in rows_of(page)].index(code))
    selected = page.selected()
    assert selected is not None and selected.code == code


def test_a_booked_slip_is_reprinted_with_its_code_and_a_mark(
    qtbot: QtBot,
    fake_clock: FakeClock,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "B", SATURDAY)
    choose_slot(page, "10:00")
    page.name.setText("张三")
    page.book()
    qtbot.waitUntil(lambda: page.last is not None, timeout=TIMEOUT)
    settled(qtbot, shell)
    code = "YY261128001"
    print_dir = Path(hall_config.print_dir)
    assert [p.name for p in print_dir.glob(f"*{code}*.pdf")] == [f"appointment-{code}.pdf"]

    fake_clock.advance(timedelta(minutes=20))
    page.reprint_button.click()  # nothing selected
    assert page.message.text() == "请先在列表中选择要补打凭条的预约"
    select(page, code)
    qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
    reprinted = print_dir / f"appointment-{code}-2.pdf"
    qtbot.waitUntil(reprinted.exists, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert page.message.text() == "补打凭条 YY261128001：张三，2026-11-28（星期六）10:00–10:30"
    first, again = words(print_dir / f"appointment-{code}.pdf"), words(reprinted)
    assert code in first and "2026-11-2309:003号窗口王芳预约" in first
    assert code in again and "2026-11-2309:203号窗口王芳补打" in again
    assert len(list(print_dir.glob("*.pdf"))) == 2
    assert rows_of(page)[0][5] == "已预约"


def test_a_cancelled_booking_gets_no_slip_but_the_reason(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    gone = services.appointments.book("B", at(SATURDAY, 10), "张三", staff_id=None)
    later = services.appointments.book("B", at(SATURDAY, 11), "李四", staff_id=None)
    services.appointments.cancel(gone.code, staff_id=None)
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "B", SATURDAY)
    assert [row[5] for row in rows_of(page)] == ["已取消", "已预约"]
    select(page, gone.code)
    page.reprint_button.click()
    expected = f"{gone.code} 已取消，不能补打凭条"
    qtbot.waitUntil(lambda: page.message.text() == expected, timeout=TIMEOUT)
    settled(qtbot, shell)

    select(page, later.code)  # shown booked, cancelled at desk-admin since the list was read
    services.appointments.cancel(later.code, staff_id=None)
    page.reprint_button.click()
    expected = f"{later.code} 已取消，不能补打凭条"
    qtbot.waitUntil(lambda: page.message.text() == expected, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: rows_of(page)[1][5] == "已取消", timeout=TIMEOUT)
    settled(qtbot, shell)
    assert not list(Path(hall_config.print_dir).glob("*.pdf"))


def test_one_checked_in_or_missed_gets_no_slip_either(
    qtbot: QtBot,
    fake_clock: FakeClock,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    missed = services.appointments.book("A", at(TODAY, 9, 30), "赵六", staff_id=None)
    came = services.appointments.book("A", at(TODAY, 14), "王五", staff_id=None)
    ticket = services.queue.check_in_appointment(came.code).ticket.number
    fake_clock.advance(timedelta(hours=1))  # 10:00: the 09:30 slot has ended
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "A", TODAY)
    for code, expected in (
        (came.code, f"{came.code} 已签到（号票 {ticket}），不用再打凭条"),
        (missed.code, f"{missed.code} 的时段已过，预约已失效，不能补打凭条"),
    ):
        select(page, code)
        page.reprint_button.click()
        qtbot.waitUntil(lambda text=expected: page.message.text() == text, timeout=TIMEOUT)
        settled(qtbot, shell)
    assert not list(Path(hall_config.print_dir).glob("*.pdf"))


def test_a_code_found_shows_its_day_and_selects_its_row(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    """The citizen rings to cancel: the page is on today's A; the code is Saturday's B."""
    services.appointments.book("B", at(SATURDAY, 10), "张三", staff_id=None)
    wanted = services.appointments.book("B", at(SATURDAY, 11), "李四", staff_id=None)
    services.appointments.book("B", at(SATURDAY, 14), "王五", staff_id=None)
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "A", TODAY)
    qtbot.keyClicks(page.code_edit, f" {wanted.code.lower()} ")  # as typed, case and all
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.selected() is not None, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert page.day.date() == QDate(2026, 11, 28) and page.category.currentData() == "B"
    assert page.shown_slots is not None and page.shown_slots.day == SATURDAY
    selected = page.selected()
    assert selected is not None and selected.code == wanted.code
    assert [row[3] for row in rows_of(page)] == ["张三", "李四", "王五"]
    assert page.message.text() == (
        f"{wanted.code}：李四，2026-11-28（星期六）11:00–11:30 社保医保，已预约"
    )
    assert page.seek is None  # found once: reading the day again selects nothing


def test_an_unknown_code_is_refused_and_changes_nothing(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    booked = services.appointments.book("B", at(SATURDAY, 10), "张三", staff_id=None)
    shell = start_shell(hall_config)
    _clerk, page = open_page(qtbot, shell)
    show(qtbot, shell, page, "B", SATURDAY)
    select(page, booked.code)
    qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)  # an empty field
    assert page.message.text() == "请先输入或扫描预约码"

    unknown = "YY261128099"
    expected = refusal(lambda: services.appointments.find(unknown))
    qtbot.keyClicks(page.code_edit, unknown)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.text() == expected, timeout=TIMEOUT)
    settled(qtbot, shell)
    assert page.day.date() == QDate(2026, 11, 28) and page.category.currentData() == "B"
    selected = page.selected()
    assert selected is not None and selected.code == booked.code
    assert page.code_edit.text() == unknown  # kept, to be corrected

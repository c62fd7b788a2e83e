"""办件受理 at the window, offscreen: the whole flow with real services on SQLite.

The flow: pick 住房公积金提取 by "gjj", an invalid ID is told next to its field, tick a
material missing -> one-time notice (printed to PDF), the return visit by the scanned QR text
opens exactly that list, a new demand is refused then approved by a supervisor, accept. Also
the weekend picker, the missing calendar, the history, English, bad notice numbers. The
rejection and the supervisor's 审批 view: test_supervisor.py; the materials model and table:
test_materials_model.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.checklist import (
    Applicant,
    ApplicantKind,
    MaterialCheck,
    MaterialStatus,
)
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.services.dto_notices import ChecklistDraft
from desk_client.ui.app import Shell
from desk_client.ui.checklist import ChecklistPage
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.i18n import Labels
from desk_client.ui.item_picker import ChoicesModel
from desk_client.ui.notices_view import history_model
from tests.gui.test_clerk import clerk_window, log_in

# ---- the whole flow, real services on SQLite ------------------------------------------------
TIMEOUT = 8000
VALID_ID = "11010519491231002X"


def open_checklist(qtbot: QtBot, shell: Shell, staff_no: str = "1003") -> ChecklistPage:
    password = "super123" if staff_no == "S001" else "desk1234"
    log_in(qtbot, shell, staff_no, password)
    clerk = clerk_window(qtbot, shell)
    qtbot.keyClick(clerk, Qt.Key.Key_F10)
    page = clerk.pages.checklist
    assert clerk.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.picker.model.rowCount() > 2, timeout=TIMEOUT)
    assert page.picker.search.hasFocus()
    return page


def pick_gjj(qtbot: QtBot, page: ChecklistPage) -> None:
    qtbot.keyClicks(page.picker.search, "gjj")
    qtbot.waitUntil(lambda: page.picker.model.rowCount() == 2, timeout=TIMEOUT)
    first = page.picker.model.row_at(0)
    assert first is not None and first.item.name == "住房公积金提取（退休）"
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.item is not None, timeout=TIMEOUT)
    assert page.item_name.text() == "住房公积金提取（退休）"
    assert page.form.name.hasFocus()  # the applicant comes next


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace the text as a clerk does (Ctrl+A, type); Chinese arrives as an IME commit."""
    edit.setFocus()
    edit.selectAll()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def enter_applicant(qtbot: QtBot, page: ChecklistPage) -> None:
    form = page.form
    type_into(qtbot, form.name, "张三")
    type_into(qtbot, form.id_edit, "110105194912310021")  # wrong check character
    qtbot.waitUntil(lambda: "校验位不正确" in form.marks["id"].text(), timeout=TIMEOUT)
    assert form.ticks["id"].text() == "✗"
    assert form.checked is None
    type_into(qtbot, form.id_edit, VALID_ID)
    type_into(qtbot, form.phone, "13800138000")
    qtbot.waitUntil(lambda: form.checked is not None, timeout=TIMEOUT)
    assert form.id_edit.text() == "1101**********002X"  # masked once accepted
    assert form.marks["id"].text() == ""
    assert not form.reveal.isEnabled()  # nothing recorded to reveal against yet


def activate(qtbot: QtBot, page: ChecklistPage) -> None:
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)


def tick(qtbot: QtBot, page: ChecklistPage, keys: str) -> None:
    page.view.setFocus()
    page.view.selectRow(0)
    for key in keys:
        qtbot.keyClick(page.view, getattr(Qt.Key, f"Key_{key}"))


def test_a_one_time_notice_a_return_visit_and_the_acceptance(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    pick_gjj(qtbot, page)
    enter_applicant(qtbot, page)

    # 1 present, 2 missing (退休证明), 1 present, 4 not applicable (委托书)
    tick(qtbot, page, "1214")
    assert page.buttons["issue"].isEnabled() and not page.buttons["accept"].isEnabled()

    # Ctrl+Enter while something is missing: refused in words, nothing recorded
    qtbot.keyClick(page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "退休证明" in page.message.text(), timeout=TIMEOUT)
    assert page.last is None and services.checklist.history() == ()

    # Ctrl+G: the one-time notice, printed at once (print mode pdf)
    with qtbot.waitSignal(page.printer.printed, timeout=TIMEOUT) as printed:
        qtbot.keyClick(page.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    notice = page.last
    assert notice is not None and notice.number == "GZ2026-03-0001"
    assert Path(printed.args[0]).read_bytes().startswith(b"%PDF")
    assert [line.material for line in notice.content.lines] == ["退休证明"]
    assert "GZ2026-03-0001" in page.card.title.text() and page.card.isVisible()
    assert page.form.reveal.isEnabled()

    # the applicant leaves; later she comes back and the scanner types the QR code
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.item is None and page.form.name.text() == ""
    qtbot.keyClick(page.picker.search, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert page.return_edit.hasFocus()
    qtbot.keyClicks(page.return_edit, "DESKN|demo|GZ2026-03-0001")
    qtbot.keyClick(page.return_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.refers_to == "GZ2026-03-0001", timeout=TIMEOUT)
    assert page.item is not None and page.item.code == "SF-GJJ-0201"
    assert page.form.name.text() == "张三" and page.form.id_edit.text() == "1101**********002X"
    rows = [page.materials.row_at(r) for r in range(page.materials.rowCount())]
    assert [r.material.name for r in rows if r.listed] == ["退休证明"]
    assert [r.status for r in rows if not r.listed] == [
        MaterialStatus.PRESENT,
        MaterialStatus.PRESENT,
        MaterialStatus.NOT_APPLICABLE,
    ]
    assert page.view.currentIndex().row() == 1  # on the listed material

    # asking for the ID card again is a new demand: refused, the supervisor is asked
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: page.approval_dialog is not None, timeout=TIMEOUT)
    dialog = page.approval_dialog
    assert dialog is not None and dialog.isVisible()
    assert "不在上次的一次性告知单中" in page.message.text()
    assert page.materials.row_at(0).status is MaterialStatus.PRESENT  # unchanged
    qtbot.keyClicks(dialog.supervisor_no, "1004")  # a clerk cannot approve
    qtbot.keyClicks(dialog.password, "desk1234")
    dialog.reason.insert("身份证已过有效期")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=TIMEOUT)
    assert dialog.isVisible() and page.materials.approvals() == ()
    type_into(qtbot, dialog.supervisor_no, "S001")
    type_into(qtbot, dialog.password, "super123")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)
    assert page.materials.row_at(0).status is MaterialStatus.NONCONFORMING
    assert page.materials.approvals()[0].supervisor_no == "S001"
    assert "王主任" in page.message.text()

    # she had a valid card after all, and brought the 退休证明: complete, Ctrl+Enter accepts
    tick(qtbot, page, "11")
    assert page.buttons["accept"].isEnabled()
    activate(qtbot, page)  # offscreen, a closed dialog does not hand activation back
    with qtbot.waitSignal(page.printer.printed, timeout=TIMEOUT):
        qtbot.keyClick(page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    accepted = page.last
    assert accepted is not None and accepted.number == "SL2026-03-0001"
    assert accepted.content.refers_to == "GZ2026-03-0001"
    assert "退休证明 原件 1份" in accepted.content.received


def test_a_weekend_session_greys_weekday_items_and_prints_the_appointment_slip(
    qtbot: QtBot,
    fake_clock: FakeClock,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    fake_clock.set(datetime(2026, 11, 22, 1, 0, tzinfo=UTC))  # Sunday, 09:00 in the hall
    services = build_services(hall_config, fake_clock)
    services.admin.ensure_ready(seed_demo_if_new=True)
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    qtbot.waitUntil(page.picker.day_banner.isVisible, timeout=TIMEOUT)
    assert "5+2" in page.picker.day_banner.text()
    qtbot.keyClicks(page.picker.search, "gjj")
    qtbot.waitUntil(lambda: page.picker.model.rowCount() == 2, timeout=TIMEOUT)
    model = page.picker.model
    assert model.index(0, 4).data() == "周末可办"
    assert model.index(1, 4).data() == "仅工作日"
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) == QColor("#9aa6b2")

    qtbot.keyClick(page.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    reason = "本事项周末及节假日不办理，请于工作日预约办理"
    qtbot.waitUntil(lambda: page.picker.reason.text() == reason, timeout=TIMEOUT)
    assert page.item is None  # not picked
    assert page.picker.slip_button.isVisible()
    with qtbot.waitSignal(page.printer.printed, timeout=TIMEOUT) as printed:
        page.picker.slip_button.click()
    assert Path(printed.args[0]).read_bytes().startswith(b"%PDF")

    qtbot.keyClick(page.picker.search, Qt.Key.Key_Up)  # the weekend item can be picked
    assert not page.picker.slip_button.isVisible()
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.item is not None, timeout=TIMEOUT)


def test_a_year_without_a_holiday_calendar_is_said_on_a_banner(
    qtbot: QtBot,
    fake_clock: FakeClock,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    fake_clock.set(datetime(2027, 3, 1, 1, 0, tzinfo=UTC))
    build_services(hall_config, fake_clock).admin.ensure_ready(seed_demo_if_new=True)
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    qtbot.waitUntil(page.picker.day_banner.isVisible, timeout=TIMEOUT)
    assert "2027" in page.picker.day_banner.text()
    assert "节假日日历未覆盖" in page.picker.day_banner.text()


def test_the_history_finds_reprints_and_reveals_on_purpose(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    clerk = services.auth.login("1003", "desk1234", 3)
    item = services.checklist.search_items("gjj")[0].item
    for name in ("张三", "李四"):
        applicant = Applicant(ApplicantKind.PERSON, name, VALID_ID, "13800138000")
        checks = tuple(
            MaterialCheck(
                m.name, MaterialStatus.MISSING if m.required else MaterialStatus.NOT_APPLICABLE
            )
            for m in item.materials
        )
        services.checklist.issue_notice(clerk, ChecklistDraft(item.code, applicant, checks))
    services.close()

    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    window = page.window()
    assert isinstance(window, ClerkWindow)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    history = window.pages.history
    assert window.pages.currentWidget() is history
    qtbot.waitUntil(lambda: history.model.rowCount() == 2, timeout=TIMEOUT)
    assert history.model.index(0, 0).data() == "GZ2026-03-0002"  # newest first
    assert history.model.index(0, 3).data() == "李四（1101**********002X）"

    history.search.insert("张三")
    history.search_now()
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
    assert history.count.text() == "共 1 份"
    with qtbot.waitSignal(history.printer.printed, timeout=TIMEOUT) as printed:
        history.buttons["a4"].click()
    assert "GZ2026-03-0001" in Path(printed.args[0]).name

    history.buttons["reveal"].click()
    qtbot.waitUntil(lambda: VALID_ID in history.message.text(), timeout=TIMEOUT)

    history.search.clear()
    history.search.insert("没有这个人")
    history.search_now()
    qtbot.waitUntil(lambda: history.model.rowCount() == 0, timeout=TIMEOUT)
    history.buttons["80mm"].click()  # nothing selected: told, nothing printed
    assert history.message.text() == "请先选中一份告知单"


def test_the_applicant_is_told_in_english_when_the_clerk_reads_english(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(replace(hall_config, language="en"))
    page = open_checklist(qtbot, shell)
    assert page.buttons["issue"].text().startswith("Issue one-time notice")
    pick_gjj(qtbot, page)
    form = page.form
    type_into(qtbot, form.name, "Zhang San")
    type_into(qtbot, form.id_edit, "1101051949")
    qtbot.waitUntil(lambda: form.marks["id"].text() != "", timeout=TIMEOUT)
    assert "18 characters" in form.marks["id"].text()
    form.organisation.setChecked(True)  # the ID field becomes the credit code
    assert form.captions["id"].text() == "Credit code" and form.contact.isVisible()


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("GZ2026-03-9999", "找不到告知单 GZ2026-03-9999"),
        ("DESKN|hz01|GZ2026-03-0001", "其他大厅（hz01）"),
        ("hello", "不是告知单编号"),
    ],
)
@pytest.mark.usefixtures("services")
def test_a_bad_notice_number_is_told_and_opens_nothing(
    qtbot: QtBot,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
    typed: str,
    told: str,
) -> None:
    shell = start_shell(hall_config)
    page = open_checklist(qtbot, shell)
    pick_gjj(qtbot, page)
    page.return_edit.setFocus()
    qtbot.keyClicks(page.return_edit, typed)
    qtbot.keyClick(page.return_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: told in page.message.text(), timeout=TIMEOUT)
    assert page.refers_to == "" and not page.materials.return_visit
    assert page.item is not None and page.item.code == "SF-GJJ-0201"  # the page is as it was
    assert page.return_edit.hasFocus() and page.return_edit.selectedText() == typed


def test_the_picker_and_history_models_are_sound(
    qtmodeltester: ModelTester, services: Services
) -> None:
    picker = ChoicesModel(Labels("zh_CN"))
    qtmodeltester.check(picker, force_py=True)
    found = services.checklist.search_items("")
    picker.set_rows(found)
    assert picker.rowCount() == len(found) > 8
    assert "\n" in picker.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)  # name and department
    history = history_model(Labels("en"), ZoneInfo("Asia/Shanghai"))
    qtmodeltester.check(history, force_py=True)
    clerk = services.auth.login("1003", "desk1234", 3)
    item = found[0].item
    checks = tuple(
        MaterialCheck(m.name, MaterialStatus.MISSING) for m in item.materials if m.required
    )
    checks += tuple(
        MaterialCheck(m.name, MaterialStatus.NOT_APPLICABLE)
        for m in item.materials
        if not m.required
    )
    applicant = Applicant(ApplicantKind.PERSON, "张三", VALID_ID, "13800138000")
    services.checklist.issue_notice(clerk, ChecklistDraft(item.code, applicant, checks))
    history.set_rows(services.checklist.history())
    assert history.index(0, 1).data() == "One-time notice"
    assert history.index(0, 4).data() == "issued"

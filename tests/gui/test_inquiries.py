"""首问登记 at the window, offscreen, with real services on SQLite and a fake clock.

Ctrl+I opens the inquiry form from every tab of the clerk window (今日提醒 moved to Ctrl+J).
Each refusal of the form names its field and records nothing. An inquiry logged and referred
at PC 1 reaches the receiver's inbox on PC 2 through the central database; the receiver
accepts and replies there, and the owner, back on PC 1, sees the reply and closes it. The
lookup finds an inquiry by its scanned receipt, its phone and its name. The models pass
Qt's model tester.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import check_resident_id
from desk_client.core.messages import translate
from desk_client.services.app import Services
from desk_client.services.dto_inquiries import InquiryDraft, InquiryStep, InquiryView
from desk_client.ui.app import Shell
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.i18n import Labels
from desk_client.ui.i18n_inquiries import LABELS as INQUIRY_LABELS
from desk_client.ui.inquiries_model import InquiriesModel, ReceivedModel
from desk_client.ui.inquiries_view import InquiriesPage
from desk_client.ui.inquiry_dialogs import StepDialog, TimelineModel
from desk_client.ui.inquiry_form import InquiryForm
from desk_client.ui.inquiry_pages import InquiryDesk
from tests.gui.test_clerk import clerk_window, log_in

TIMEOUT = 15_000
ZONE = ZoneInfo("Asia/Shanghai")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE).astimezone(UTC)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()  # as the window manager does; offscreen needs telling
    qtbot.waitUntil(widget.isActiveWindow, timeout=TIMEOUT)


def desk_of(qtbot: QtBot, shell: Shell, staff_no: str = "1003") -> tuple[ClerkWindow, InquiryDesk]:
    log_in(qtbot, shell, staff_no, "super123" if staff_no.startswith("S") else "desk1234")
    clerk = clerk_window(qtbot, shell)
    desk = clerk.pages.inquiries
    assert desk is not None
    cases = clerk.pages.cases
    qtbot.waitUntil(lambda: shell.ctx.runner.pending == 0, timeout=TIMEOUT)
    if cases is not None and cases.summary_dialog is not None:  # the first login of the day
        cases.summary_dialog.accept()
    activate(qtbot, clerk)
    return clerk, desk


def open_form(qtbot: QtBot, clerk: ClerkWindow, desk: InquiryDesk) -> InquiryForm:
    """Ctrl+I on whatever has the focus in the clerk window."""
    activate(qtbot, clerk)
    target = QApplication.focusWidget() or clerk.pages.currentWidget()
    qtbot.keyClick(target, Qt.Key.Key_I, CTRL)
    dialog = desk.form_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    activate(qtbot, dialog)
    form = dialog.form
    qtbot.waitUntil(lambda: form.outcome.colleague.count() > 0, timeout=TIMEOUT)
    return form


def fill(form: InquiryForm, name: str, phone: str, matter: str) -> None:
    person = form.person
    person.name.setText(name)
    person.phone.setText(phone)
    person.matter.setPlainText(matter)


def submit(qtbot: QtBot, form: InquiryForm) -> None:
    qtbot.keyClick(form.person.name, Qt.Key.Key_Return, CTRL)


def refused(qtbot: QtBot, form: InquiryForm, code: str, **params: object) -> None:
    text = translate(code, "zh_CN", **params)
    qtbot.waitUntil(lambda: form.message.text() == text, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not form.busy, timeout=TIMEOUT)


def marked(form: InquiryForm) -> list[str]:
    return [name for name, widget in form.fields.items() if "border" in widget.styleSheet()]


def pick_colleague(form: InquiryForm, staff_no: str) -> None:
    outcome = form.outcome
    outcome.choose("refer")
    outcome.to_colleague.setChecked(True)
    outcome.colleague.setCurrentIndex(outcome.colleague.findData(staff_no))


def test_ctrl_i_opens_the_form_from_every_tab_and_ctrl_j_the_summary(
    qtbot: QtBot, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(hall_config)
    clerk, desk = desk_of(qtbot, shell)
    pages = clerk.pages
    assert [pages.tabText(i) for i in range(4, pages.count())] == [
        "咨询  Ctrl+M",
        "咨询查询  Ctrl+Shift+I",
        "AB岗  Ctrl+Shift+A",
        "评价  Ctrl+E",  # issue 7
        "预约  Ctrl+Shift+Y",
    ]
    for index in range(pages.count()):
        pages.setCurrentIndex(index)
        form = open_form(qtbot, clerk, desk)
        assert form.person.name.hasFocus()
        assert form.owner.text().startswith("首问责任人：王芳（1003）")
        assert desk.form_dialog is not None
        qtbot.keyClick(form.person.name, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not desk.form_dialog.isVisible(), timeout=TIMEOUT)  # type: ignore[union-attr]
        assert pages.currentIndex() == index  # the form came over the tab, not instead

    activate(qtbot, clerk)
    qtbot.keyClick(clerk, Qt.Key.Key_M, CTRL)
    assert pages.currentWidget() is desk.inbox
    qtbot.keyClick(clerk, Qt.Key.Key_I, CTRL | SHIFT)
    assert pages.currentWidget() is desk.lookup and desk.lookup.field.hasFocus()
    qtbot.keyClick(clerk, Qt.Key.Key_A, CTRL | SHIFT)
    assert pages.currentWidget() is desk.cover
    cases = pages.cases
    assert cases is not None and cases.summary_dialog is None
    qtbot.keyClick(clerk, Qt.Key.Key_J, CTRL)  # 今日提醒 moved here from Ctrl+I
    qtbot.waitUntil(lambda: cases.summary_dialog is not None, timeout=TIMEOUT)
    assert cases.summary_dialog is not None and cases.summary_dialog.isVisible()
    assert desk.form_dialog is not None and not desk.form_dialog.isVisible()


def test_the_forms_refusals_name_the_field_and_record_nothing(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    shell = start_shell(hall_config)
    clerk, desk = desk_of(qtbot, shell)
    form = open_form(qtbot, clerk, desk)
    submit(qtbot, form)  # everything empty: the name first
    refused(qtbot, form, "inquiry.name", max=100)
    assert marked(form) == ["name"] and form.person.name.hasFocus()

    fill(form, "何静", "12345", "退休后提取住房公积金需要哪些材料")
    submit(qtbot, form)
    refused(qtbot, form, "phone.invalid", phone="12345")
    assert marked(form) == ["phone"]

    form.person.phone.setText("13905911234")
    form.person.id_edit.setText("110105194912310021")  # the check character is X
    form.person.check_id()  # as when the field is left
    with pytest.raises(DeskError) as wrong:
        check_resident_id("110105194912310021", date(2026, 11, 23))
    assert wrong.value.code == "id.checksum"
    assert form.message.text() == wrong.value.message("zh_CN")
    assert marked(form) == ["id"] and not form.person.id_edit.isReadOnly()
    submit(qtbot, form)
    qtbot.waitUntil(lambda: marked(form) == ["id"], timeout=TIMEOUT)
    form.person.id_edit.setText("11010519491231002X")
    form.person.check_id()
    assert form.person.id_edit.text() == "1101**********002X" and marked(form) == []

    form.person.phone.clear()  # a promised reply needs a way to reach the person
    form.outcome.choose("follow_up")
    submit(qtbot, form)
    reason = "约定答复须能联系到咨询人"
    refused(qtbot, form, "inquiry.contact_required", reason=reason, reason_en="")

    form.person.phone.setText("13905911234")
    form.outcome.choose("answer")  # an answer on the spot needs the answer
    submit(qtbot, form)
    refused(qtbot, form, "inquiry.text_required", what="答复内容", what_en="", max=1000)

    supervisor = services.auth.login("S001", "super123", None)  # 陈静 and her B 杨磊 away
    start, end = at(date(2026, 11, 23), 8), at(date(2026, 11, 23), 18)
    for staff_no in ("1005", "1006"):
        services.cover.record_absence(supervisor, staff_no, "training", start, end, "")
    pick_colleague(form, "1005")
    submit(qtbot, form)
    refused(qtbot, form, "inquiry.referral_absent", staff_no="1005", until="2026-11-23 18:00")

    assert services.inquiries.lookup("何静") == ()  # nothing was logged, by any refusal
    assert not [e for e in services.sync.pending() if e.type.startswith("inquiry.")]
    assert desk.form_dialog is not None and desk.form_dialog.isVisible()  # all kept as typed
    assert form.person.name.text() == "何静"


def inbox_row(page: InquiriesPage, number: str) -> InquiryView | None:
    row = page.inbox.row_of(number)
    return page.inbox.row_at(row)


def step(qtbot: QtBot, page: InquiriesPage, number: str, key: Qt.Key) -> StepDialog | None:
    """Select the inquiry in the inbox and press Ctrl+<key>; the dialog, if it opens one."""
    activate(qtbot, page.window())
    page.select(number)
    page.inbox_view.setFocus()
    page.steps.step_dialog = None
    qtbot.keyClick(page.inbox_view, key, CTRL)
    return page.steps.step_dialog


def write_and_send(qtbot: QtBot, dialog: StepDialog | None, text: str) -> None:
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    activate(qtbot, dialog)
    dialog.text.setPlainText(text)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)


def test_a_referral_is_answered_on_another_pc_and_closed_by_its_owner(
    qtbot: QtBot,
    tmp_path: Path,
    services: Services,
    hall_config: Config,
    start_shell: Callable[[Config], Shell],
) -> None:
    first = start_shell(hall_config)
    clerk, desk = desk_of(qtbot, first)
    form = open_form(qtbot, clerk, desk)
    form.person.channel.setCurrentIndex(form.person.channel.findData("visit"))
    fill(form, "何静", "13905911234", "退休后提取住房公积金能否由子女代办")
    form.materials.add("退休证", 1)
    pick_colleague(form, "1004")
    assert form.outcome.contact.text() == "刘洋 · 电话 0591-87000006"
    submit(qtbot, form)
    qtbot.waitUntil(lambda: form.last is not None, timeout=TIMEOUT)
    assert form.last is not None
    number = form.last.number
    assert number == "SW2026-03-0001"
    assert form.message.text() == f"已登记 {number} · 已转办 · 刘洋（1004）"
    assert form.person.name.text() == "" and form.materials.rowCount() == 0  # ready for the next
    qtbot.waitUntil(lambda: any(Path(hall_config.print_dir).glob(f"*{number}*")), timeout=TIMEOUT)

    other = replace(hall_config, local_store=str(tmp_path / "pc2.db"), window=4)
    second = start_shell(other)  # another PC: its own local store, the same central database
    clerk2, desk2 = desk_of(qtbot, second, "1004")
    qtbot.keyClick(clerk2, Qt.Key.Key_M, CTRL)
    inbox2 = desk2.inbox
    qtbot.waitUntil(lambda: inbox_row(inbox2, number) is not None, timeout=TIMEOUT)
    assert inbox2.inbox.data(inbox2.inbox.index(inbox2.inbox.row_of(number), 3)) == "已转办"
    assert step(qtbot, inbox2, number, Qt.Key.Key_1) is None  # 接收: no questions
    qtbot.waitUntil(
        lambda: getattr(inbox_row(inbox2, number), "state", "") == "in_hand", timeout=TIMEOUT
    )
    dialog = step(qtbot, inbox2, number, Qt.Key.Key_3)  # 答复
    write_and_send(qtbot, dialog, "可以委托，需带委托书和双方身份证原件")
    qtbot.waitUntil(lambda: inbox_row(inbox2, number) is None, timeout=TIMEOUT)  # back to owner

    activate(qtbot, clerk)
    qtbot.keyClick(clerk, Qt.Key.Key_M, CTRL)
    inbox1 = desk.inbox
    qtbot.waitUntil(
        lambda: getattr(inbox_row(inbox1, number), "state", "") == "replied", timeout=TIMEOUT
    )
    replied = inbox_row(inbox1, number)
    assert replied is not None and replied.outcome == "可以委托，需带委托书和双方身份证原件"
    dialog = step(qtbot, inbox1, number, Qt.Key.Key_5)  # 办结: the person has been told
    write_and_send(qtbot, dialog, "已电话告知")
    qtbot.waitUntil(lambda: inbox_row(inbox1, number) is None, timeout=TIMEOUT)
    detail = services.inquiries.detail(number)
    assert detail.inquiry.state == "closed" and detail.inquiry.owner_no == "1003"
    steps = [(s.type, s.actor) for s in detail.timeline]
    assert steps == [
        ("inquiry.logged", "1003"),
        ("inquiry.referred", "1003"),
        ("inquiry.accepted", "1004"),
        ("inquiry.replied", "1004"),
        ("inquiry.closed", "1003"),
    ]


def test_the_lookup_finds_a_scanned_receipt_a_phone_and_a_name(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    owner = services.auth.login("1003", "desk1234", 3)
    draft = InquiryDraft("phone", "person", "吴刚", "13605910004", "二手房过户前要缴哪些税")
    number = services.inquiries.log(owner, draft).number
    services.inquiries.follow_up(owner, number, 3)
    shell = start_shell(hall_config)
    clerk, desk = desk_of(qtbot, shell, "1001")  # any colleague can tell the status
    qtbot.keyClick(clerk, Qt.Key.Key_I, CTRL | SHIFT)
    lookup = desk.lookup
    qtbot.keyClicks(lookup.field, f"DESKN|{hall_config.hall_code}|{number}")  # the scanner
    qtbot.keyClick(lookup.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lookup.steps.detail_dialog is not None, timeout=TIMEOUT)
    assert (
        lookup.summary.text() == f"{number} · 待答复 · 承办 王芳（1003） · 承诺 2026-11-26 前答复"
    )
    detail = lookup.steps.detail_dialog
    assert detail is not None and detail.timeline.rowCount() == 2
    assert detail.timeline.index(1, 2).data() == "王芳（1003）"
    detail.accept()
    for query in ("13605910004", "吴刚"):
        lookup.field.setText(query)
        lookup.search()
        qtbot.waitUntil(lambda: lookup.model.rowCount() == 1, timeout=TIMEOUT)
        assert lookup.model.row_at(0).number == number  # type: ignore[union-attr]
    lookup.field.setText(f"DESKN|other-hall|{number}")
    lookup.search()
    text = translate("inquiry.other_hall", "zh_CN", number=number, hall="other-hall")
    qtbot.waitUntil(lambda: lookup.message.text() == text, timeout=TIMEOUT)
    assert lookup.model.rowCount() == 0


def test_a_follow_up_turns_yellow_then_red_in_the_inbox_and_on_the_board(
    qtbot: QtBot,
    services: Services,
    hall_config: Config,
    fake_clock: FakeClock,
    start_shell: Callable[[Config], Shell],
) -> None:
    owner = services.auth.login("1003", "desk1234", 3)
    draft = InquiryDraft("visit", "person", "孙强", "13905910002", "个体户变更经营场所")
    number = services.inquiries.log(owner, draft).number
    services.inquiries.follow_up(owner, number, 2)  # Monday 11-23 + 2 working days: 11-25
    services.sync.sync_once()
    fake_clock.set(at(date(2026, 11, 24)))  # one working day left: yellow
    shell = start_shell(hall_config)
    clerk, desk = desk_of(qtbot, shell)
    qtbot.keyClick(clerk, Qt.Key.Key_M, CTRL)
    page = desk.inbox
    qtbot.waitUntil(lambda: inbox_row(page, number) is not None, timeout=TIMEOUT)
    level = page.inbox.columns.index("level")
    assert page.inbox.index(0, level).data() == "▲ 黄牌"
    assert page.count.text() == "待我处理 1 件 · 我的咨询 1 件 · 红牌 0 · 黄牌 2"
    fake_clock.set(at(date(2026, 11, 26)))  # the promised day has passed
    page.refresh()
    qtbot.waitUntil(lambda: page.inbox.index(0, level).data() == "■ 红牌", timeout=TIMEOUT)
    colour = page.inbox.index(0, level).data(Qt.ItemDataRole.BackgroundRole)
    assert colour.name() == "#f5a9a3"

    supervisor = start_shell(replace(hall_config, window=6))
    window, super_desk = desk_of(qtbot, supervisor, "S001")
    cases = window.pages.cases
    assert cases is not None and super_desk.follow_ups is not None
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL)  # 督办: the follow-ups under the cases
    board = super_desk.follow_ups
    qtbot.waitUntil(lambda: board.model.rowCount() == 1, timeout=TIMEOUT)
    assert board.title.text() == "承诺回复（首问咨询）1 件 · 红牌 1 · 黄牌 0"


def sample_view(number: str = "SW2026-03-0001", level: str = "red") -> InquiryView:
    when = at(date(2026, 11, 23))
    return InquiryView(
        number,
        "visit",
        "person",
        "何静",
        "何静",
        "13905911234",
        "公积金提取",
        "",
        (("退休证", 1),),
        "1003",
        "王芳",
        "1004",
        "刘洋",
        "",
        "follow_up",
        date(2026, 11, 25),
        level,
        "",
        when,
        None,
        "",
    )


def test_the_models_are_sound_qt_models(qtmodeltester: ModelTester) -> None:
    labels = Labels("zh_CN")
    inquiries = InquiriesModel(labels, ZONE)
    inquiries.set_rows([sample_view(), sample_view("SW2026-03-0002", "")])
    qtmodeltester.check(inquiries, force_py=True)
    assert inquiries.index(1, inquiries.columns.index("level")).data() == ""
    received = ReceivedModel(labels)
    received.add("退休证", 1)
    received.add("", 1)
    assert received.setData(received.index(1, 1), "120")  # copies are bounded: 1..99
    assert received.index(1, 1).data() == 99
    assert not received.setData(received.index(0, 1), "two")
    qtmodeltester.check(received, force_py=True)
    assert received.materials() == (("退休证", 1),)  # a row without a name is left out
    step = InquiryStep(at(date(2026, 11, 23)), "inquiry.referred", "1003", "1004", "刘洋")
    timeline = TimelineModel(labels, ZONE, {"1003": "王芳", "1004": "刘洋"})
    timeline.set_rows([step])
    qtmodeltester.check(timeline, force_py=True)
    assert timeline.index(0, 2).data() == "王芳（1003）（代 刘洋（1004））"


def test_a_refused_step_keeps_its_dialog(
    qtbot: QtBot, services: Services, hall_config: Config, start_shell: Callable[[Config], Shell]
) -> None:
    owner = services.auth.login("1001", "desk1234", 1)
    draft = InquiryDraft("visit", "person", "冯涛", "13405910006", "网签后能否更改买方")
    number = services.inquiries.log(owner, draft).number
    services.inquiries.refer(owner, number, to_staff_no="1003")
    shell = start_shell(hall_config)
    clerk, desk = desk_of(qtbot, shell)
    qtbot.keyClick(clerk, Qt.Key.Key_M, CTRL)
    page = desk.inbox
    qtbot.waitUntil(lambda: inbox_row(page, number) is not None, timeout=TIMEOUT)
    dialog = step(qtbot, page, number, Qt.Key.Key_4)  # 退回 without a reason
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, CTRL)
    text = translate("inquiry.text_required", "zh_CN", what="退回原因", what_en="", max=1000)
    qtbot.waitUntil(lambda: dialog.message.text() == text, timeout=TIMEOUT)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert services.inquiries.detail(number).inquiry.state == "referred"  # nothing changed


def test_every_inquiry_label_speaks_both_languages_alike() -> None:
    for key, (zh, en) in INQUIRY_LABELS.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
        assert fields[0] == fields[1], key
        assert zh.strip() and en.strip(), key
        assert Labels("en")(key, **dict.fromkeys(fields[1], "x")) != key

"""What becomes of an inquiry (处理结果): answered on the spot, referred, guided, or a reply
promised in N working days; the panel the form and the 处理 dialog share.

OutcomePanel only collects: the four outcomes (Ctrl+1..Ctrl+4 pick one), for a referral a
colleague of the hall (their phone shown) or a department of the hall directory (contact,
phone, address shown), for guidance the body, address and phone (a directory entry fills
them), for a follow-up the working days with the promised date computed as the clerk types
(core.inquiries.reply_date on the calendar the worker fetched; a missing year says so).
The worker side (checks, logging, the step, the slip) is ui.inquiry_jobs.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_client.core import inquiries as rules
from desk_client.core.errors import DeskError
from desk_client.services.dto import StaffSession
from desk_client.services.dto_inquiries import Department
from desk_client.ui.i18n import Labels
from desk_client.ui.inquiry_jobs import Choices, Outcome
from desk_client.ui.widgets import label

OUTCOMES = ("answer", "refer", "guide", "follow_up")
WEEKDAYS = "一二三四五六日"
INFO_STYLE = "color: #0d3b66; font-size: 15px; padding: 4px 0;"
ERROR_STYLE = "color: #b71c1c; font-size: 15px; padding: 4px 0;"


# ---- the panel -------------------------------------------------------------------------------
def weekday_text(labels: Labels, day: date) -> str:
    if labels.language.startswith("en"):
        return day.strftime("%a")
    return "星期" + WEEKDAYS[day.weekday()]


class OutcomePanel(QWidget):
    """The four outcomes; ``changed`` when the choice moves. Call set_choices and set_today."""

    changed = Signal(str)

    def __init__(self, labels: Labels, session: StaffSession, reply_days: int) -> None:
        super().__init__()
        self.t = labels
        self.session = session
        self.choices = Choices()
        self.today: date | None = None
        self.group = QButtonGroup(self)
        self.stack = QStackedWidget()
        self.radios: dict[str, QRadioButton] = {}
        self._build(reply_days)

    def _build(self, reply_days: int) -> None:
        row = QHBoxLayout()
        for index, kind in enumerate(OUTCOMES):
            radio = QRadioButton(f"{self.t(f'inq.outcome.{kind}')}  Ctrl+{index + 1}")
            radio.setChecked(index == 0)
            self.group.addButton(radio, index)
            self.radios[kind] = radio
            row.addWidget(radio)
            self._shortcut(f"Ctrl+{index + 1}", kind)
        row.addStretch(1)
        for page in (self._answer(), self._refer(), self._guide(), self._follow_up(reply_days)):
            self.stack.addWidget(page)
        self.group.idToggled.connect(self._toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.stack, 1)

    def _shortcut(self, key: str, kind: str) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: self.choose(kind))
        self.addAction(action)

    def _answer(self) -> QWidget:
        self.answer = QPlainTextEdit()
        self.answer.setPlaceholderText(self.t("inq.answer_hint"))
        self.answer.setTabChangesFocus(True)
        return self._page(("inq.answer", self.answer))

    def _refer(self) -> QWidget:
        self.to_colleague = QRadioButton(self.t("inq.to_colleague"))
        self.to_colleague.setChecked(True)
        self.to_department = QRadioButton(self.t("inq.to_department"))
        self.colleague = QComboBox()
        self.colleague.setEditable(True)
        self.refer_department = QComboBox()
        self.contact = label("", 12)
        self.contact.setWordWrap(True)
        self.contact.setStyleSheet(INFO_STYLE)
        self.refer_note = QLineEdit()
        self.refer_note.setPlaceholderText(self.t("inq.refer_note_hint"))
        for signal in (
            self.colleague.currentTextChanged,
            self.refer_department.currentIndexChanged,
            self.to_colleague.toggled,
        ):
            signal.connect(lambda *_: self._show_contact())
        whom = QHBoxLayout()
        whom.addWidget(self.to_colleague)
        whom.addWidget(self.colleague, 1)
        whom.addWidget(self.to_department)
        whom.addWidget(self.refer_department, 2)
        page = self._page(("inq.note", self.refer_note))
        form = page.layout()
        if isinstance(form, QFormLayout):
            form.insertRow(0, self.t("inq.refer_to"), whom)
            form.insertRow(1, self.t("inq.contact"), self.contact)
        return page

    def _guide(self) -> QWidget:
        self.guide_from = QComboBox()
        self.guide_from.currentIndexChanged.connect(self._fill_guide)
        self.body, self.address, self.guide_phone = QLineEdit(), QLineEdit(), QLineEdit()
        self.body.setPlaceholderText(self.t("inq.body_hint"))
        return self._page(
            ("inq.directory", self.guide_from),
            ("inq.body", self.body),
            ("inq.address", self.address),
            ("inq.phone", self.guide_phone),
        )

    def _follow_up(self, reply_days: int) -> QWidget:
        self.days = QSpinBox()
        self.days.setRange(1, rules.MAX_REPLY_DAYS)
        self.days.setValue(reply_days)
        self.days.setSuffix(self.t("inq.days_suffix"))
        self.days.valueChanged.connect(lambda _: self._show_reply_date())
        self.reply_date = label("", 14, bold=True)
        self.reply_date.setWordWrap(True)
        return self._page(("inq.reply_in", self.days), ("inq.reply_date", self.reply_date))

    def _page(self, *rows: tuple[str, QWidget]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 6, 0, 0)
        for key, widget in rows:
            form.addRow(self.t(key), widget)
        return page

    # ---- feeding --------------------------------------------------------------------------
    def set_choices(self, choices: Choices) -> None:
        """New lists (read again at each opening); what was picked stays picked."""
        colleague, department = self.colleague.currentText(), self.refer_department.currentText()
        self.choices = choices
        self.colleague.clear()
        for staff_no, name, _phone in choices.staff:
            if staff_no != self.session.staff_no:
                self.colleague.addItem(f"{staff_no} {name}", staff_no)
        self.colleague.setCurrentIndex(self.colleague.findText(colleague) if colleague else -1)
        if colleague and self.colleague.currentIndex() < 0:
            self.colleague.setEditText(colleague)  # a staff number typed by hand
        self.refer_department.clear()
        self.guide_from.blockSignals(True)  # refilling it must not overwrite the typed body
        self.guide_from.clear()
        self.guide_from.addItem(self.t("inq.directory_none"), None)
        for index, found in enumerate(choices.departments):
            self.refer_department.addItem(found.name, index)
            self.guide_from.addItem(found.name, index)
        self.guide_from.blockSignals(False)
        self.refer_department.setCurrentIndex(max(0, self.refer_department.findText(department)))
        self._show_contact()
        self._show_reply_date()

    def set_today(self, today: date) -> None:
        self.today = today
        self._show_reply_date()

    def choose(self, kind: str) -> None:
        self.radios[kind].setChecked(True)

    def kind(self) -> str:
        return OUTCOMES[max(self.group.checkedId(), 0)]

    def _toggled(self, index: int, checked: bool) -> None:
        if checked:
            self.stack.setCurrentIndex(index)
            self.changed.emit(OUTCOMES[index])

    # ---- what is shown ------------------------------------------------------------------------
    def colleague_no(self) -> str:
        text = self.colleague.currentText().strip()
        data = self.colleague.currentData()
        if data is not None and text == self.colleague.itemText(self.colleague.currentIndex()):
            return str(data)
        return text.split(" ")[0] if text else ""

    def department(self) -> Department | None:
        index = self.refer_department.currentData()
        return self.choices.departments[index] if isinstance(index, int) else None

    def _show_contact(self) -> None:
        if self.to_colleague.isChecked():
            staff_no = self.colleague_no()
            found = next((s for s in self.choices.staff if s[0] == staff_no), None)
            text = ""
            if found is not None:
                text = self.t("inq.colleague_contact", name=found[1], phone=found[2] or "—")
        else:
            text = self._department_text()
        self.contact.setText(text)

    def _department_text(self) -> str:
        dept = self.department()
        if dept is None:
            return ""
        return self.t(
            "inq.department_contact", contact=dept.contact, phone=dept.phone, address=dept.address
        )

    def _fill_guide(self, _index: int) -> None:
        index = self.guide_from.currentData()
        if isinstance(index, int):
            dept = self.choices.departments[index]
            self.body.setText(dept.name)
            self.address.setText(dept.address)
            self.guide_phone.setText(dept.phone)

    def _show_reply_date(self) -> None:
        calendar, today = self.choices.calendar, self.today
        if calendar is None or today is None:
            self.reply_date.setText("")
            return
        try:
            day = rules.reply_date(today, self.days.value(), calendar)
        except DeskError as error:
            self.reply_date.setStyleSheet(ERROR_STYLE)
            self.reply_date.setText(error.message(self.t.language))
            return
        self.reply_date.setStyleSheet(INFO_STYLE)
        self.reply_date.setText(
            self.t("inq.reply_on", day=day.isoformat(), weekday=weekday_text(self.t, day))
        )

    # ---- reading ------------------------------------------------------------------------------
    def outcome(self) -> Outcome:
        kind = self.kind()
        if kind == "answer":
            return Outcome(kind, text=self.answer.toPlainText())
        if kind == "guide":
            return Outcome(
                kind,
                body=self.body.text(),
                address=self.address.text().strip(),
                phone=self.guide_phone.text().strip(),
            )
        if kind == "follow_up":
            return Outcome(kind, days=self.days.value())
        dept = self.department()
        if self.to_colleague.isChecked():
            return Outcome(kind, to_staff_no=self.colleague_no(), note=self.refer_note.text())
        return Outcome(kind, department=dept.name if dept else "", note=self.refer_note.text())

    def clear(self) -> None:
        self.answer.clear()
        self.refer_note.clear()
        self.colleague.setCurrentIndex(-1)
        self.colleague.setEditText("")
        for edit in (self.body, self.address, self.guide_phone):
            edit.clear()
        self.guide_from.setCurrentIndex(0)
        self.choose("answer")

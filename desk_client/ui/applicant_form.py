"""The applicant (申请人): a person or an organisation, checked field by field on the worker.

Each field is checked when the clerk leaves it, by ChecklistService.check_applicant on the
worker thread (the rule lives in core: GB 11643 / GB 32100 checksums, birth date, phone). A
refusal is shown next to the field it is about, in the user's language; a field the clerk has
not reached yet stays quiet. Once accepted, a resident ID is shown masked
(1101**********002X); Backspace clears it for typing again, and "显示" reveals it through
ChecklistService.reveal_id, which records who looked, so it needs a notice to record against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desk_client.core.checklist import Applicant, ApplicantKind
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import mask_id
from desk_client.services.dto import StaffSession
from desk_client.ui.context import UiContext
from desk_client.ui.widgets import label

FIELDS = ("name", "id", "phone", "contact")
#: Which field a refusal of check_applicant is about, by its code's prefix.
FIELD_OF_CODE = (
    ("applicant.name", "name"),
    ("applicant.phone", "phone"),
    ("applicant.contact", "contact"),
    ("phone.", "phone"),
    ("id.", "id"),
    ("credit.", "id"),
)
ERROR_STYLE = "color: #b71c1c; font-size: 14px;"
OK_STYLE = "color: #1b5e20; font-size: 17px;"


@dataclass(frozen=True)
class Outcome:
    """A service call's result or its refusal, so the GUI thread can read the code."""

    value: Any = None
    error: DeskError | None = None


def attempt(fn: Callable[..., Any], *args: Any) -> Outcome:
    """Runs in the worker: a DeskError becomes data (the runner would only pass its text)."""
    try:
        return Outcome(value=fn(*args))
    except DeskError as error:
        return Outcome(error=error)


def field_of(code: str) -> str | None:
    return next((field for prefix, field in FIELD_OF_CODE if code.startswith(prefix)), None)


class IdEdit(QLineEdit):
    """The ID field: plain while typed, masked once accepted; Backspace starts over."""

    edited_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""
        self.masked = False

    def show_masked(self, number: str) -> None:
        self.full, self.masked = number, True
        self.setText(mask_id(number))
        self.setReadOnly(True)

    def show_full(self, number: str) -> None:
        self.full, self.masked = number, False
        self.setText(number)
        self.setReadOnly(True)

    def number(self) -> str:
        return self.full if self.isReadOnly() else self.text().strip()

    def start_over(self) -> None:
        self.full, self.masked = "", False
        self.setReadOnly(False)
        self.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.isReadOnly() and event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.start_over()
            self.edited_again.emit()
            return
        super().keyPressEvent(event)


class ApplicantForm(QWidget):
    """``changed`` whenever the applicant changes; ``accepted`` with the checked Applicant;
    ``info`` / ``refused`` carry texts for the page's message line."""

    changed = Signal()
    accepted = Signal(object)
    info = Signal(str)
    refused = Signal(str)

    def __init__(
        self, ctx: UiContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._runner = ctx.runner
        self._service = ctx.services.checklist
        self._session = session
        self._generation = 0
        self._touched: set[str] = set()
        self.checked: Applicant | None = None
        #: The notice this applicant is on (return visit, or just issued): reveal records it.
        self.notice_number = ""
        self._build()
        self._set_kind_labels()

    # ---- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        self.person = QRadioButton(self.t("applicant.person"))
        self.organisation = QRadioButton(self.t("applicant.organisation"))
        self.person.setChecked(True)
        self.kind_group = QButtonGroup(self)
        for button in (self.person, self.organisation):
            self.kind_group.addButton(button)
        self.kind_group.buttonToggled.connect(self._kind_toggled)
        self.name = QLineEdit()
        self.id_edit = IdEdit()
        self.phone = QLineEdit()
        self.contact = QLineEdit()
        self.edits: dict[str, QLineEdit] = {
            "name": self.name,
            "id": self.id_edit,
            "phone": self.phone,
            "contact": self.contact,
        }
        self.ticks = {field: label("", 13, bold=True) for field in FIELDS}
        self.marks = {field: self._mark() for field in FIELDS}
        self.reveal = QPushButton(self.t("applicant.reveal"))
        self.reveal.setObjectName("small")
        self.reveal.clicked.connect(self.reveal_id)
        self.reveal.setEnabled(False)
        self._layout()
        for field, edit in self.edits.items():
            edit.editingFinished.connect(lambda field=field: self._left(field))
            edit.textEdited.connect(lambda _text, field=field: self._edited(field))
        self.id_edit.edited_again.connect(lambda: self._edited("id"))

    def _mark(self) -> QLabel:
        """A refusal's words, under its field."""
        mark = label("", 11)
        mark.setWordWrap(True)
        mark.setStyleSheet(ERROR_STYLE)
        mark.hide()
        return mark

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        kinds = QHBoxLayout()
        kinds.addWidget(self.person)
        kinds.addWidget(self.organisation)
        kinds.addStretch(1)
        grid.addWidget(label(self.t("applicant.title"), 13, bold=True), 0, 0)
        grid.addLayout(kinds, 0, 1, 1, 2)
        self.captions = {field: label("", 13) for field in FIELDS}
        for number, field in enumerate(FIELDS):
            row = 1 + 2 * number
            grid.addWidget(self.captions[field], row, 0)
            grid.addWidget(self.edits[field], row, 1)
            grid.addWidget(self.ticks[field], row, 2)
            grid.addWidget(self.marks[field], row + 1, 1, 1, 3)
        grid.addWidget(self.reveal, 3, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(2, 18)

    def _set_kind_labels(self) -> None:
        person = self.person.isChecked()
        self.captions["name"].setText(self.t("applicant.name" if person else "applicant.org_name"))
        self.captions["id"].setText(self.t("applicant.id" if person else "applicant.credit"))
        self.captions["phone"].setText(self.t("applicant.phone"))
        self.captions["contact"].setText(self.t("applicant.contact"))
        for widget in (self.captions["contact"], self.contact, self.ticks["contact"]):
            widget.setVisible(not person)
        self.reveal.setVisible(person)

    # ---- the applicant ----------------------------------------------------------------
    def kind(self) -> ApplicantKind:
        return ApplicantKind.PERSON if self.person.isChecked() else ApplicantKind.ORGANISATION

    def current(self) -> Applicant:
        """What is typed now (unchecked): the service checks it again on every action."""
        return Applicant(
            kind=self.kind(),
            name=self.name.text().strip(),
            id_number=self.id_edit.number(),
            phone=self.phone.text().strip(),
            contact=self.contact.text().strip() if not self.person.isChecked() else "",
        )

    def load(self, applicant: Applicant, notice_number: str) -> None:
        """A return visit: the applicant of the earlier notice, already checked then."""
        self.clear()
        self.notice_number = notice_number
        button = self.person if applicant.kind is ApplicantKind.PERSON else self.organisation
        button.setChecked(True)
        self.name.setText(applicant.name)
        self.phone.setText(applicant.phone)
        self.contact.setText(applicant.contact)
        self._touched = set(FIELDS)
        self._show_accepted(applicant)

    def clear(self) -> None:
        self._generation += 1
        self.checked = None
        self.notice_number = ""
        self._touched.clear()
        for edit in (self.name, self.phone, self.contact):
            edit.clear()
        self.id_edit.start_over()
        self.person.setChecked(True)
        self._clear_marks()
        self.reveal.setEnabled(False)

    def set_notice(self, number: str) -> None:
        """A notice now records this applicant: the full ID may be revealed against it."""
        self.notice_number = number
        self.reveal.setEnabled(self.id_edit.masked)

    # ---- checking ---------------------------------------------------------------------
    def _edited(self, field: str) -> None:
        self._generation += 1
        self.checked = None
        self._set_mark(field, "", ok=None)
        self.changed.emit()

    def _left(self, field: str) -> None:
        if field == "id" and self.id_edit.isReadOnly():
            return
        self._touched.add(field)
        self.check()

    def _kind_toggled(self, _button: object, checked: bool) -> None:
        if not checked:
            return
        self._set_kind_labels()
        if self.id_edit.isReadOnly():
            self.id_edit.start_over()
        self._edited("id")
        if "id" in self._touched:
            self.check()

    def check(self, *, every_field: bool = False) -> None:
        """Ask the service; ``every_field`` shows a refusal even on a field not reached yet."""
        if every_field:
            self._touched = set(FIELDS)
        self._generation += 1
        generation = self._generation
        self._runner.submit(
            attempt,
            self._service.check_applicant,
            self.current(),
            on_done=lambda outcome: self._checked(generation, outcome),
            on_error=self.refused.emit,
        )

    def _checked(self, generation: int, outcome: Outcome) -> None:
        if generation != self._generation:
            return  # the clerk typed on since: this answer is about an older applicant
        if outcome.error is not None:
            self.show_error(outcome.error)
            return
        self._show_accepted(outcome.value)
        self.accepted.emit(outcome.value)

    def show_error(self, error: DeskError) -> bool:
        """Put a refusal next to its field; False when it is about no field of this form."""
        field = field_of(error.code)
        if field is None:
            return False
        self._clear_marks()
        if field in self._touched:
            self._set_mark(field, error.message(self.t.language), ok=False)
            self.edits[field].setFocus()
        return True

    def _show_accepted(self, applicant: Applicant) -> None:
        self.checked = applicant
        self._clear_marks()
        shown = self._touched - ({"contact"} if applicant.kind is ApplicantKind.PERSON else set())
        for field in shown:
            self._set_mark(field, "", ok=True)
        if applicant.kind is ApplicantKind.PERSON:
            self.id_edit.show_masked(applicant.id_number)
            self.reveal.setEnabled(bool(self.notice_number))
            tip = "applicant.reveal_tip" if self.notice_number else "applicant.reveal_later"
            self.reveal.setToolTip(self.t(tip))
            self.id_edit.setToolTip(self.t("applicant.edit_tip"))
        else:
            self.id_edit.setText(applicant.id_number)  # credit codes are public

    def _set_mark(self, field: str, text: str, *, ok: bool | None) -> None:
        """✓ beside a field the service accepted; ✗ and the refusal under a refused one."""
        tick = self.ticks[field]
        tick.setText({True: "✓", False: "✗", None: ""}[ok])
        tick.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.marks[field].setText(text)
        self.marks[field].setVisible(bool(text))

    def _clear_marks(self) -> None:
        for field in FIELDS:
            self._set_mark(field, "", ok=None)

    # ---- reveal (recorded) ------------------------------------------------------------
    def reveal_id(self) -> None:
        if not self.notice_number or not self.id_edit.masked:
            return
        number = self.notice_number
        self._runner.submit(
            self._service.reveal_id,
            self._session,
            number,
            on_done=lambda full: self._revealed(number, full),
            on_error=self.refused.emit,
        )

    def _revealed(self, number: str, full: str) -> None:
        if number != self.notice_number:
            return
        self.id_edit.show_full(full)
        self.reveal.setEnabled(False)
        self.info.emit(self.t("applicant.revealed", number=number))

"""首问登记 (Ctrl+I from any tab): the inquiry form and what became of it, in one go.

The clerk or floor guide who is asked first is the owner (首问责任人): logged in, so filled in
automatically. The form takes the channel (来访/来电/来信/网上), a person or an organisation
with a phone and an optional ID number (checked as it is left and then shown masked), the
matter, optionally a service item (the item picker searches the PC's catalogue copy: Ctrl+F),
the materials received (name and copies; Ctrl+N adds a row, Ctrl+Delete removes it), and the
outcome (inquiry_outcome.OutcomePanel). Ctrl+Enter records it and prints the receipt slip
(回执: number, owner, contact, promised reply date, QR code for the status).

The form's own fields are checked by core.inquiries.check_draft before anything is sent, and
the refusal is shown in the message line with the field it is about marked and focused;
the service checks again and writes nothing when it refuses. In the clerk window the form is
a dialog (inquiry_pages.InquiryDialog); guide mode shows the same form as a tab.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.core import inquiries as rules
from desk_client.core.errors import DeskError
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_inquiries import InquiryDraft, InquiryView
from desk_client.ui.applicant_form import attempt
from desk_client.ui.context import UiContext
from desk_client.ui.inquiries_model import handler_text, state_text
from desk_client.ui.inquiry_dialogs import ItemPickDialog
from desk_client.ui.inquiry_jobs import (
    Choices,
    Logged,
    Outcome,
    finish,
    load_choices,
    log_inquiry,
)
from desk_client.ui.inquiry_outcome import OutcomePanel
from desk_client.ui.inquiry_parts import MaterialsBox, PersonBox
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import MessageLine, label

#: Which field a refusal is about, by its code's prefix (the first match wins).
FIELD_OF_CODE = (
    ("inquiry.channel", "channel"),
    ("inquiry.person_kind", "kind"),
    ("inquiry.name", "name"),
    ("inquiry.contact_required", "phone"),
    ("phone.", "phone"),
    ("id.", "id"),
    ("credit.", "id"),
    ("inquiry.matter", "matter"),
    ("inquiry.item_code", "item"),
    ("inquiry.material", "materials"),
)
BAD_FIELD = "border: 2px solid #c62828;"


def field_of(code: str) -> str | None:
    return next((name for prefix, name in FIELD_OF_CODE if code.startswith(prefix)), None)


class InquiryForm(QWidget):
    """``logged`` with the InquiryView once the inquiry and its outcome are recorded."""

    logged = Signal(object)

    def __init__(
        self,
        ctx: UiContext,
        session: StaffSession,
        printer: DocumentPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._ctx = ctx
        self._services = ctx.services
        self._runner = ctx.runner
        self.session = session
        self.printer = printer
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.pending: InquiryView | None = None  # logged, its outcome still to record
        self.last: InquiryView | None = None
        self.busy = False
        self.started = False
        self.picker_dialog: ItemPickDialog | None = None
        self.outcome = OutcomePanel(self.t, session, ctx.services.config.inquiry_reply_days)
        self.person = PersonBox(self.t, self.today)
        self.person.channel.currentIndexChanged.connect(self._channel_changed)
        self.person.refused.connect(self.show_error)
        self.person.id_accepted.connect(lambda: self._mark(None))
        self.person.pick_requested.connect(self.pick_item)
        self.materials_box = MaterialsBox(self.t)
        self.materials = self.materials_box.model
        self.fields = {**self.person.fields(), "materials": self.materials_box.view}
        self._build()
        printer.failed.connect(self.message.error)

    # ---- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        owner = self.t("inq.owner_line", name=self.session.name, staff_no=self.session.staff_no)
        self.owner = label(owner, 13)
        self.owner.setStyleSheet("color: #3b4a5a;")
        self.pending_line = label("", 13, bold=True)
        self.pending_line.setStyleSheet("color: #8a4b00;")
        self.pending_line.hide()
        self.message = MessageLine()
        body = QHBoxLayout()
        body.addWidget(self.person, 5)
        body.addWidget(self._right_box(), 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.owner)
        layout.addWidget(self.pending_line)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        for key, slot in (
            ("Ctrl+Return", self.submit),
            ("Ctrl+Enter", self.submit),
            ("Ctrl+F", self.pick_item),
            ("Ctrl+N", self.materials_box.add),
            ("Ctrl+Delete", self.materials_box.remove),
        ):
            self._shortcut(key, slot)

    def _right_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        outcome = QGroupBox(self.t("inq.outcome_box"))
        QVBoxLayout(outcome).addWidget(self.outcome)
        layout.addWidget(self.materials_box, 2)
        layout.addWidget(outcome, 3)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.slip = QCheckBox(self.t("inq.print_slip"))
        self.slip.setChecked(True)
        self.submit_button = QPushButton(f"{self.t('inq.submit')}  Ctrl+Enter")
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit)
        self.clear_button = QPushButton(self.t("inq.new"))
        self.clear_button.clicked.connect(lambda: self.clear(keep_message=False))
        row.addWidget(self.slip)
        row.addStretch(1)
        row.addWidget(self.clear_button)
        row.addWidget(self.submit_button)
        return row

    def _shortcut(self, key: str, slot: Any) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    # ---- start --------------------------------------------------------------------------
    def start(self) -> None:
        """The colleagues, the hall directory and the calendar, read again (on the worker)
        each time the form is opened for a new inquiry: a supervisor may have changed them."""
        self.outcome.set_today(self.today())
        if self.started and self.pending is not None:
            return  # the clerk is choosing the outcome again: keep what they picked
        self.started = True
        self._runner.submit(
            load_choices, self._services, on_done=self.set_choices, on_error=self.message.error
        )

    def set_choices(self, choices: Choices) -> None:
        self.outcome.set_choices(choices)

    def today(self) -> date:
        return self._services.clock.now().astimezone(self.zone).date()

    def focus_first(self) -> None:
        widget = self.outcome if self.pending is not None else self.person.name
        widget.setFocus()

    # ---- fields -------------------------------------------------------------------------
    def _channel_changed(self, _index: int) -> None:
        """A caller cannot take a paper slip away; a visitor can."""
        self.slip.setChecked(self.person.channel.currentData() == "visit")

    def pick_item(self) -> None:
        dialog = ItemPickDialog(self._ctx, self.session, self)
        dialog.accepted.connect(lambda: self._picked(dialog))
        self.picker_dialog = dialog
        dialog.open()

    def _picked(self, dialog: ItemPickDialog) -> None:
        if dialog.item is not None:
            self.set_item(dialog.item.code, dialog.item.name)

    def set_item(self, code: str, name: str) -> None:
        self.person.set_item(code, name)

    def draft(self) -> InquiryDraft:
        person = self.person
        return InquiryDraft(
            channel=str(person.channel.currentData()),
            person_kind=str(person.kind.currentData()),
            person_name=person.name.text().strip(),
            phone=person.phone.text().strip(),
            matter=person.matter.toPlainText().strip(),
            item_code=person.item_code,
            id_number=person.id_edit.number(),
            materials=self.materials.materials(),
        )

    # ---- submitting ---------------------------------------------------------------------
    def submit(self) -> None:
        if self.busy:
            return
        self._mark(None)
        self.message.clear_text()
        if self.pending is not None:
            self._send(finish, self.pending.number)
            return
        draft = self.draft()
        try:
            rules.check_draft(
                draft.channel,
                draft.person_kind,
                draft.person_name,
                draft.phone,
                draft.matter,
                item_code=draft.item_code,
                id_number=draft.id_number,
                materials=draft.materials,
                today=self.today(),
            )
        except DeskError as error:
            self.show_error(error)
            return
        self._send(log_inquiry, draft)

    def _send(self, job: Any, first: Any) -> None:
        self.busy = True
        self.submit_button.setEnabled(False)
        outcome: Outcome = self.outcome.outcome()
        self._runner.submit(
            attempt,
            job,
            self._services,
            self.session,
            first,
            outcome,
            self.slip.isChecked(),
            self.t.language,
            on_done=self._answered,
            on_error=self._failed,
        )

    def _failed(self, text: str) -> None:
        self.busy = False
        self.submit_button.setEnabled(True)
        self.message.error(text)

    def _answered(self, result: Any) -> None:
        self.busy = False
        self.submit_button.setEnabled(True)
        if result.error is not None:
            self.show_error(result.error)
            return
        logged: Logged = result.value
        if not logged.done:
            self._half_done(logged)
            return
        self._done(logged)

    def _half_done(self, logged: Logged) -> None:
        """The inquiry is logged but its outcome was refused: keep the number, ask again."""
        self.pending = logged.view
        number = logged.view.number if logged.view is not None else ""
        self.pending_line.setText(self.t("inq.pending", number=number))
        self.pending_line.show()
        self.message.error(logged.error)

    def _done(self, logged: Logged) -> None:
        view = logged.view
        if view is None:
            return
        self.last = view
        self.clear()
        self.message.info(self._done_text(view))
        if logged.slip is not None:
            self.print_slip(logged.slip)
        self.logged.emit(view)

    def _done_text(self, view: InquiryView) -> str:
        """已登记 SW2026-03-0001 · 已转办 · 李娜（1004）: what the clerk tells the person."""
        extra = ""
        if view.promised_reply is not None:
            extra = self.t("inq.reply_by", day=view.promised_reply.isoformat())
        elif view.department or view.handler_no != view.owner_no:
            extra = handler_text(self.t, view)
        text = self.t("inq.logged", number=view.number, state=state_text(self.t, view.state))
        return f"{text} · {extra}" if extra else text

    def print_slip(self, doc: PrintedDocument) -> None:
        self.printer.print_document(doc, self)

    def show_error(self, error: DeskError) -> None:
        self.message.error(error.message(self.t.language))
        self._mark(field_of(error.code))

    def _mark(self, name: str | None) -> None:
        for field, widget in self.fields.items():
            widget.setStyleSheet(BAD_FIELD if field == name else "")
        if name is not None:
            self.fields[name].setFocus()

    def clear(self, keep_message: bool = False) -> None:
        self.pending = None
        self.pending_line.hide()
        self.person.clear()
        self.materials.clear()
        self.outcome.clear()
        self._mark(None)
        if not keep_message:
            self.message.clear_text()
        self.person.name.setFocus()

"""One inquiry: its view with the timeline, and the steps taken on it after the form.

InquiryDetailDialog shows the facts (the person masked, the matter, materials received, owner,
handler or department, promised reply date, outcome) and every step as an event with actor,
time and "on behalf of" (a B acting for an absent A), with 打印回执 (Ctrl+P) for a reprint.

StepDialog asks what a step needs: the answer of a reply (答复), the reason of a hand-back
(退回), the note of a close (办结: the owner has told the person), or, for an open inquiry,
the outcome panel (当场答复 / 转办 / 引导 / 承诺回复; a follow-up may only be referred). It
checks nothing itself: the page calls the service and a refusal comes back into the dialog,
with everything typed kept.

InquiryActions is what 咨询 and 查询 share: open the view, take a step, reprint the slip.
ItemPickDialog is the checklist's item picker for the form's optional service item.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.inquiries import allowed_steps
from desk_client.services.app import Services
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_inquiries import InquiryDetail, InquiryStep, InquiryView
from desk_client.ui.case_dialogs import buttons_row, read_only_table
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.inquiries_model import day_text, handler_text, level_text, state_text
from desk_client.ui.inquiry_jobs import Choices, apply_outcome, load_choices
from desk_client.ui.inquiry_outcome import OUTCOMES, OutcomePanel
from desk_client.ui.item_picker import ItemPicker
from desk_client.ui.models import Index, RowsModel
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import MessageLine, label

#: The steps a dialog asks a text for, and the label of that text.
DETAIL_COLUMN = 3
TEXT_STEPS = {"reply": "inq.reply_text", "hand_back": "inq.reason", "close": "inq.close_note"}
Call = Callable[[Services, StaffSession, str, Any], Any]
CALLS: dict[str, Call] = {
    "accept": lambda s, who, n, v: s.inquiries.accept(who, n),
    "reply": lambda s, who, n, v: s.inquiries.reply(who, n, v),
    "hand_back": lambda s, who, n, v: s.inquiries.hand_back(who, n, v),
    "close": lambda s, who, n, v: s.inquiries.close(who, n, v),
    "handle": apply_outcome,
}


class TimelineModel(RowsModel[InquiryStep]):
    """The steps, oldest first; the detail column reads from the left."""

    def __init__(self, labels: Labels, zone: ZoneInfo, names: dict[str, str]) -> None:
        def named(staff_no: str) -> str:
            name = names.get(staff_no, "")
            return labels("inq.staff", name=name, staff_no=staff_no) if name else staff_no

        def actor(step: InquiryStep) -> str:
            if step.on_behalf_of:
                absent = named(step.on_behalf_of)
                return labels("inq.on_behalf", actor=named(step.actor), absent=absent)
            return named(step.actor)

        super().__init__(
            labels,
            [
                ("view.when", lambda s: s.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")),
                ("view.event", lambda s: labels.event(s.type)),
                ("view.actor", actor),
                ("view.detail", lambda s: s.detail),
            ],
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == DETAIL_COLUMN:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def read_detail(services: Services, number: str) -> tuple[InquiryDetail, dict[str, str]]:
    """Worker: the inquiry and the names of the hall's staff (the timeline names them)."""
    names = {no: name for no, name, _phone in services.inquiries.colleagues()}
    return services.inquiries.detail(number), names


def facts(labels: Labels, view: InquiryView, zone: ZoneInfo) -> list[tuple[str, str]]:
    """(label key, text) of every fact worth showing; empty ones are left out."""
    materials = "、".join(
        labels("inq.material_copies", name=n, copies=q) for n, q in view.materials
    )
    closed = view.closed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if view.closed_at else ""
    reply = day_text(view.promised_reply)
    if reply and view.level:
        reply = f"{reply}  {level_text(labels, view.level)}"
    rows = [
        ("inq.channel", labels(f"inq.channel.{view.channel}")),
        ("inq.name", view.person_display),
        ("inq.phone_of_person", view.phone),
        ("inq.matter", view.matter),
        ("inq.item", view.item_code),
        ("inq.materials_box", materials),
        ("inq.col.owner", labels("inq.staff", name=view.owner_name, staff_no=view.owner_no)),
        ("inq.col.handler", handler_text(labels, view)),
        ("inq.col.state", state_text(labels, view.state)),
        ("inq.reply_date", reply),
        ("inq.outcome_text", view.outcome),
        ("inq.col.created", view.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")),
        ("inq.closed_at", closed),
        ("inq.on_behalf_of", view.on_behalf_of),
    ]
    return [(key, text) for key, text in rows if text]


class InquiryDetailDialog(QDialog):
    print_requested = Signal(str)

    def __init__(
        self,
        labels: Labels,
        zone: ZoneInfo,
        detail: InquiryDetail,
        names: dict[str, str],
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.t = labels
        self.detail = detail
        view = detail.inquiry
        self.setWindowTitle(labels("inq.detail_title", number=view.number))
        title = label(f"{view.number}  {state_text(labels, view.state)}", 17, bold=True)
        title.setStyleSheet("color: #0d3b66;")
        form = QFormLayout()
        for key, text in facts(labels, view, zone):
            value = label(text, 12)
            value.setWordWrap(True)
            form.addRow(labels(key), value)
        self.timeline = TimelineModel(labels, zone, names)
        self.timeline.set_rows(detail.timeline)
        reprint = QPushButton(f"{labels('inq.reprint')}  Ctrl+P")
        reprint.setShortcut("Ctrl+P")
        reprint.clicked.connect(lambda: self.print_requested.emit(view.number))
        close = QPushButton(labels("view.close"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(label(labels("view.timeline"), 14, bold=True))
        layout.addWidget(read_only_table(self.timeline, 3), 1)
        layout.addLayout(buttons_row(reprint, close))
        self.resize(980, 720)


class StepDialog(QDialog):
    """``submitted`` with the step's value: a text, or an Outcome for "handle"."""

    submitted = Signal(object)

    def __init__(  # noqa: PLR0917
        self,
        labels: Labels,
        step: str,
        view: InquiryView,
        session: StaffSession,
        reply_days: int,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.t = labels
        self.step = step
        self.view = view
        self.setWindowTitle(f"{labels(f'inq.step.{step}')} · {view.number}")
        intro = label(
            labels(
                "inq.step_intro",
                number=view.number,
                person=view.person_display,
                matter=" ".join(view.matter.split())[:80],
            ),
            13,
        )
        intro.setWordWrap(True)
        self.message = MessageLine()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.panel: OutcomePanel | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if step == "handle":
            self.panel = OutcomePanel(labels, session, reply_days)
            allowed = {s.value for s in allowed_steps(view.state)}
            for kind in OUTCOMES:
                self.panel.radios[kind].setEnabled(kind in allowed)
            first = next((k for k in OUTCOMES if k in allowed), "answer")
            self.panel.choose(first)
            layout.addWidget(self.panel, 1)
        else:
            layout.addWidget(label(labels(TEXT_STEPS[step]), 13))
            layout.addWidget(self.text, 1)
        ok = QPushButton(f"{labels(f'inq.step.{step}')}  Ctrl+Enter")
        ok.setObjectName("primary")
        ok.setShortcut("Ctrl+Return")
        ok.clicked.connect(self._submit)
        cancel = QPushButton(labels("dialog.cancel"))
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.message)
        layout.addLayout(buttons_row(cancel, ok))
        self.resize(900, 560 if step == "handle" else 360)

    def value(self) -> Any:
        if self.panel is not None:
            return self.panel.outcome()
        return self.text.toPlainText()

    def _submit(self) -> None:
        self.message.clear_text()
        self.submitted.emit(self.value())


class InquiryActions(QObject):
    """Open, step, reprint; ``changed`` after a step went through. Messages go to
    ``message`` (the page's line); a step's refusal stays in its dialog."""

    changed = Signal(object)

    def __init__(
        self,
        ctx: UiContext,
        session: StaffSession,
        printer: DocumentPrinter,
        message: MessageLine,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._services = ctx.services
        self._runner = ctx.runner
        self.session = session
        self.printer = printer
        self.message = message
        self.parent_widget = parent
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.choices: Choices | None = None
        self.detail_dialog: InquiryDetailDialog | None = None
        self.step_dialog: StepDialog | None = None

    def open(self, number: str) -> None:
        self._runner.submit(
            read_detail, self._services, number, on_done=self.show, on_error=self.message.error
        )

    def show(self, found: tuple[InquiryDetail, dict[str, str]]) -> None:
        detail, names = found
        dialog = InquiryDetailDialog(self.t, self.zone, detail, names, self.parent_widget)
        dialog.print_requested.connect(self.print_slip)
        self.detail_dialog = dialog
        dialog.open()

    def act(self, step: str, view: InquiryView) -> None:
        if step == "accept":
            self._call(step, view, None, None)
            return
        if step == "handle" and self.choices is None:  # colleagues, directory, calendar
            self._runner.submit(
                load_choices,
                self._services,
                on_done=lambda found: self._with_choices(found, step, view),
                on_error=self.message.error,
            )
            return
        days = self._services.config.inquiry_reply_days
        dialog = StepDialog(self.t, step, view, self.session, days, self.parent_widget)
        if dialog.panel is not None and self.choices is not None:
            dialog.panel.set_choices(self.choices)
        if dialog.panel is not None:
            today = self._services.clock.now().astimezone(self.zone).date()
            dialog.panel.set_today(today)
        dialog.submitted.connect(lambda value: self._call(step, view, value, dialog))
        self.step_dialog = dialog
        dialog.open()

    def _with_choices(self, choices: Choices, step: str, view: InquiryView) -> None:
        self.choices = choices
        self.act(step, view)

    def _call(self, step: str, view: InquiryView, value: Any, dialog: StepDialog | None) -> None:
        def done(_: object) -> None:
            if dialog is not None:
                dialog.accept()
            self.message.info(
                self.t("inq.stepped", number=view.number, step=self.t(f"inq.step.{step}"))
            )
            self.changed.emit(view.number)

        refused = dialog.message.error if dialog is not None else self.message.error
        self._runner.submit(
            CALLS[step],
            self._services,
            self.session,
            view.number,
            value,
            on_done=done,
            on_error=refused,
        )

    def print_slip(self, number: str) -> None:
        def printed(doc: PrintedDocument) -> None:
            self.printer.print_document(doc, self.parent_widget)
            self.message.info(self.t("inq.printed", number=number))

        self._runner.submit(
            self._services.inquiries.print_slip,
            number,
            on_done=printed,
            on_error=self.message.error,
        )


class ItemPickDialog(QDialog):
    """The checklist's item picker in a dialog; an item not handled today may still be named
    in an inquiry (the person only asks about it), hence 仍选此事项."""

    def __init__(self, ctx: UiContext, session: StaffSession, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self.item: Any = None
        self.setWindowTitle(self.t("inq.pick_item"))
        self.picker = ItemPicker(ctx, session)
        self.picker.picked.connect(self._take)
        anyway = QPushButton(self.t("inq.pick_anyway"))
        anyway.clicked.connect(self._take_current)
        cancel = QPushButton(self.t("dialog.cancel"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addLayout(buttons_row(anyway, cancel))
        self.resize(980, 560)
        self.picker.start()
        self.picker.focus_search()

    def _take(self, item: Any) -> None:
        self.item = item
        self.accept()

    def _take_current(self) -> None:
        choice = self.picker.current_choice()
        if choice is not None:
            self._take(choice.item)

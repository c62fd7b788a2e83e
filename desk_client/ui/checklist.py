"""办件受理: the checklist page of the clerk window (F10), keyboard first.

Pick the item (Ctrl+F, type "gjj", Enter), enter the applicant, tick each material with 1-4,
then 出具一次性告知单 (Ctrl+G) when something is missing, 受理 (Ctrl+Enter) when complete, or
不予受理 (Ctrl+R). The notice opens in print preview at once (80 mm; Ctrl+Shift+P for A4).
A return visit starts from the notice number or its scanned QR code (Ctrl+B, Enter): the
item, the applicant and exactly the earlier list come back, and asking for anything else
opens the supervisor's approval dialog. A rejection that waits for the supervisor is polled
by a timer that submits refresh_status to the worker; the GUI thread never waits. A one-time
notice's 预约补正时间 (Ctrl+Shift+B) sends ``book_return``: ClerkPages opens 预约 with it.

Every rule is the services' (and core's); the page only shows what comes back. A refusal is
shown in the message line (or next to its applicant field) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_client.core.catalogue import ServiceItem
from desk_client.core.checklist import MaterialStatus
from desk_client.core.errors import DeskError
from desk_client.services.dto import StaffSession
from desk_client.services.dto_notices import (
    STATUS_RETURNED,
    ChecklistDraft,
    NoticeView,
    ReturnVisit,
)
from desk_client.ui.applicant_form import ApplicantForm, Outcome, attempt
from desk_client.ui.context import UiContext
from desk_client.ui.i18n_checklist import notice_title
from desk_client.ui.item_picker import ItemPicker, item_summary
from desk_client.ui.materials_model import MaterialsModel
from desk_client.ui.materials_view import MaterialsView
from desk_client.ui.notice_card import NoticeCard
from desk_client.ui.notices_view import ACTION_STYLE, RejectDialog
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.supervisor import ApprovalDialog
from desk_client.ui.widgets import MessageLine, label

#: (shortcut, label key, method, object name)
ACTIONS = (
    ("Ctrl+G", "ck.issue", "issue", "primary"),
    ("Ctrl+Return", "ck.accept", "accept", "accept"),
    ("Ctrl+R", "ck.reject", "reject", "danger"),
    ("Ctrl+N", "ck.clear", "clear", ""),
)


class ChecklistPage(QWidget):
    book_return = Signal(str, str, str, str)  # NoticeCard.book_return's, passed on

    def __init__(
        self,
        ctx: UiContext,
        session: StaffSession,
        printer: DocumentPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._runner = ctx.runner
        self._service = ctx.services.checklist
        self.session = session
        self.printer = printer
        self.item: ServiceItem | None = None
        self.refers_to = ""
        self.reject_dialog: RejectDialog | None = None
        self.approval_dialog: ApprovalDialog | None = None
        self.started = False
        self.picker = ItemPicker(ctx, session)
        self.form = ApplicantForm(ctx, session)
        self.materials = MaterialsModel(self.t, self)
        self.card = NoticeCard(ctx, printer)
        self._build()
        self._connect()
        self.show_item(None)

    # ---- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        """Top: the item picker beside the return visit and the applicant; below, across the
        page, the item and its materials (the table the clerk works in), then the actions."""
        self.message = MessageLine()
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.picker, 11)
        top.addLayout(self._applicant(), 9)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.setSpacing(8)
        layout.addWidget(self.picker.day_banner)
        layout.addLayout(top)
        layout.addLayout(self._materials(), 1)
        layout.addWidget(self.message)
        self.setStyleSheet(ACTION_STYLE)

    def _applicant(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(8)
        self.return_edit = QLineEdit()
        self.return_edit.setPlaceholderText(self.t("ck.return_hint"))
        self.return_edit.returnPressed.connect(self.open_return_visit)
        visit = QHBoxLayout()
        visit.addWidget(label(self.t("ck.return_label") + " (Ctrl+B)", 13, bold=True))
        visit.addWidget(self.return_edit, 1)
        column.addLayout(visit)
        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(14, 10, 14, 10)
        inner.addWidget(self.form)
        inner.addStretch(1)
        column.addWidget(card, 1)
        return column

    def _materials(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(6)
        self.item_name = label("", 19, bold=True)
        self.item_name.setStyleSheet("color: #0d3b66;")
        self.item_line = label("", 12)
        self.item_line.setStyleSheet("color: #3b4a5a;")
        self.item_line.setWordWrap(True)
        heading = QHBoxLayout()
        heading.addWidget(self.item_name)
        heading.addWidget(self.item_line, 1, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(heading)
        self.view = MaterialsView(self.materials)
        column.addWidget(self.view, 1)
        self.legend = label(self.t("mat.legend"), 11)
        self.legend.setStyleSheet("color: #5b6b7a;")
        self.legend.setWordWrap(True)
        self.progress = label("", 12, bold=True)
        notes = QHBoxLayout()
        notes.addWidget(self.legend, 1)
        notes.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignRight)
        column.addLayout(notes)
        column.addLayout(self._buttons())
        column.addWidget(self.card)
        return column

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label_key, method, name in ACTIONS:
            shown = key.replace("Return", "Enter")
            button = QPushButton(f"{self.t(label_key)}  {shown}")
            button.setObjectName(name)
            button.setMinimumHeight(50)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(getattr(self, method))
            self.buttons[method] = button
            row.addWidget(button, 2 if method == "issue" else 1)
            self._shortcut(key, getattr(self, method))
        self._shortcut("Ctrl+Enter", self.accept)
        self._shortcut("Ctrl+F", self.picker.focus_search)
        self._shortcut("Ctrl+B", self.focus_return)
        self._shortcut("Ctrl+P", lambda: self.card.print_notice("80mm"))
        self._shortcut("Ctrl+Shift+P", lambda: self.card.print_notice("a4"))
        return row

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def _connect(self) -> None:
        self.picker.picked.connect(self.pick)
        self.picker.slip_ready.connect(lambda doc: self.printer.print_document(doc, self))
        self.form.info.connect(self.message.info)
        self.form.refused.connect(self.message.error)
        self.form.accepted.connect(lambda _: self._update_buttons())
        self.materials.refused.connect(self.message.error)
        self.materials.new_demand.connect(self.ask_supervisor)
        self.materials.ticks_changed.connect(self._update_buttons)
        self.card.info.connect(self.message.info)
        self.card.refused.connect(self.message.error)
        self.card.decided.connect(lambda _: self._update_buttons())
        self.card.book_return.connect(self.book_return)
        self.printer.failed.connect(self.message.error)

    @property
    def last(self) -> NoticeView | None:
        """The notice issued for the application on the page, if any."""
        return self.card.notice

    # ---- start and the item -----------------------------------------------------------
    def start(self) -> None:
        """First shown: the day and the catalogue; later showings only take the focus."""
        if not self.started:
            self.started = True
            self.picker.start()
        self.picker.focus_search()

    def pick(self, item: ServiceItem) -> None:
        """A new application for ``item`` (a return visit in progress is left)."""
        self.refers_to = ""
        self.materials.load(item)
        self.show_item(item)
        self.legend.setText(self.t("mat.legend"))
        target = self.view if self.form.name.text() else self.form.name
        target.setFocus()

    def show_item(self, item: ServiceItem | None) -> None:
        self.item = item
        if item is None:
            self.item_name.setText(self.t("item.none"))
            self.item_line.setText("")
        else:
            self.item_name.setText(item.name)
            self.item_line.setText(self._item_line(item))
        self._update_buttons()

    def _item_line(self, item: ServiceItem) -> str:
        parts = [item_summary(self.t, item)]
        if item.promised_days == 0:
            parts.append(self.t("item.same_day"))
        elif item.promised_days is not None:
            parts.append(self.t("item.limit", days=item.promised_days))
        if item.statutory_days is not None:
            parts.append(self.t("item.statutory", days=item.statutory_days))
        parts.append(self.t("item.fee", fee=item.fee))
        return " · ".join(parts)

    def _update_buttons(self) -> None:
        done = self.last is not None and self.last.status != STATUS_RETURNED
        unticked, problems = self.materials.counts()
        ready = self.item is not None and not done
        self.buttons["issue"].setEnabled(ready and problems > 0)
        self.buttons["accept"].setEnabled(ready and unticked == 0 and problems == 0)
        self.buttons["reject"].setEnabled(ready)
        if self.item is None:
            self.progress.setText("")
        elif unticked == 0 and problems == 0:
            self.progress.setStyleSheet("color: #1b5e20;")
            self.progress.setText(self.t("mat.complete"))
        else:
            self.progress.setStyleSheet("color: #8a4b00;")
            self.progress.setText(self.t("mat.progress", unticked=unticked, problems=problems))

    # ---- the three notices ------------------------------------------------------------
    def draft(self) -> ChecklistDraft | None:
        if self.item is None:
            return None
        return ChecklistDraft(
            self.item.code,
            self.form.current(),
            self.materials.checks(),
            self.refers_to,
            self.materials.approvals(),
        )

    def issue(self) -> None:
        self._submit_notice(self._service.issue_notice)

    def accept(self) -> None:
        self._submit_notice(self._service.accept)

    def _submit_notice(self, fn: Callable[..., NoticeView]) -> None:
        if self._may_act():
            self._runner.submit(attempt, fn, self.session, self.draft(), on_done=self._outcome)

    def _may_act(self) -> bool:
        """Guidance, not a rule: a page with a notice just issued waits for 清空."""
        if self.item is None:
            self.message.info(self.t("item.none"))
            self.picker.focus_search()
            return False
        if self.last is not None and self.last.status != STATUS_RETURNED:
            self.message.info(self.t("ck.done_hint", number=self.last.number))
            return False
        return True

    def _outcome(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self._refused(outcome.error)
        else:
            self.notice_issued(outcome.value)

    def _refused(self, error: DeskError) -> None:
        text = error.message(self.t.language)
        self.message.error(text)
        if self.reject_dialog is not None and self.reject_dialog.isVisible():
            self.reject_dialog.message.error(text)
        self.form.show_error(error)

    def notice_issued(self, notice: NoticeView) -> None:
        self.form.set_notice(notice.number)
        title = notice_title(notice.kind, self.t.language)
        self.message.info(self.t("ck.issued", title=title, number=notice.number))
        self.card.show_notice(notice)
        self._update_buttons()

    def reject(self) -> None:
        if not self._may_act() or self.item is None:
            return
        dialog = RejectDialog(self.t, self.item.refusal_grounds, self)
        dialog.submitted.connect(self._reject_with)
        self.reject_dialog = dialog
        dialog.open()

    def _reject_with(self, reason: str, basis: str) -> None:
        def done(outcome: Outcome) -> None:
            self._outcome(outcome)
            if outcome.error is None and self.reject_dialog is not None:
                self.reject_dialog.accept()

        draft = self.draft()
        fn = self._service.reject
        self._runner.submit(attempt, fn, self.session, draft, reason, basis, on_done=done)

    # ---- the return visit -------------------------------------------------------------
    def focus_return(self) -> None:
        self.return_edit.setFocus()
        self.return_edit.selectAll()

    def open_return_visit(self) -> None:
        text = self.return_edit.text().strip()
        if not text:
            return
        fn = self._service.open_return_visit
        self._runner.submit(attempt, fn, text, on_done=self._return_outcome)

    def _return_outcome(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.message.error(outcome.error.message(self.t.language))
            self.focus_return()
            return
        visit: ReturnVisit = outcome.value
        self.clear(keep_message=True)
        self.refers_to = visit.notice.number
        self.return_edit.setText(visit.notice.number)  # which notice is open, in plain sight
        self.materials.load(visit.item, visit.listed)
        self.show_item(visit.item)
        self.form.load(visit.notice.content.applicant, visit.notice.number)
        self.legend.setText(self.t("mat.legend") + "\n" + self.t("mat.legend_return"))
        self.message.info(
            self.t("ck.return_opened", number=visit.notice.number, count=len(visit.listed))
        )
        first = next(
            (i for i in range(self.materials.rowCount()) if self.materials.row_at(i).listed), 0
        )
        self.view.selectRow(first)
        self.view.setFocus()

    def ask_supervisor(self, material: str, status: MaterialStatus, text: str) -> None:
        """The one-time rule refused a new demand: say so, and offer the approval."""
        self.message.error(text)
        dialog = ApprovalDialog(self.t, material, self.refers_to, self)

        def submitted(staff_no: str, password: str, reason: str) -> None:
            fn = self._service.approve_exception
            args = (self.session, self.refers_to, material, reason, staff_no, password)
            self._runner.submit(
                attempt, fn, *args, on_done=lambda o: self._approved(dialog, status, o)
            )

        dialog.submitted.connect(submitted)
        self.approval_dialog = dialog
        dialog.open()

    def _approved(self, dialog: ApprovalDialog, status: MaterialStatus, outcome: Outcome) -> None:
        if outcome.error is not None:
            dialog.message.error(outcome.error.message(self.t.language))
            return
        approval = outcome.value
        dialog.accept()
        self.materials.add_approval(approval)
        row = self.materials.row_of(approval.material)
        if row >= 0 and self.materials.set_status(row, status):
            self.view.selectRow(row)
        self.message.info(
            self.t("approval.done", name=approval.supervisor_name, material=approval.material)
        )
        self.view.setFocus()

    # ---- clear ------------------------------------------------------------------------
    def clear(self, *, keep_message: bool = False) -> None:
        self.card.clear()
        self.refers_to = ""
        self.form.clear()
        self.materials.load(None)
        self.show_item(None)
        self.return_edit.clear()
        self.legend.setText(self.t("mat.legend"))
        if not keep_message:
            self.message.info(self.t("ck.cleared"))
            self.picker.focus_search()

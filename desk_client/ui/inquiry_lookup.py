"""咨询查询 (Ctrl+Shift+I): anyone at the hall tells a returning person where their inquiry is.

One field takes an inquiry number typed (SW2026-03-0001, any case), the receipt slip's QR
code scanned (the scanner types DESKN|<hall>|<number> and Enter), a phone number or a name;
InquiryService.lookup decides which it is and refuses another hall's slip or a malformed
number with a clear message. A number that finds its inquiry opens it at once with its
timeline; otherwise the hits are listed (newest first, as the service gives them) with their
state and who handles them now. Enter on a hit opens it; Ctrl+P reprints its slip.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_client.core.inquiries import looks_like_inquiry_input
from desk_client.services.dto import StaffSession
from desk_client.services.dto_inquiries import InquiryView
from desk_client.ui.context import UiContext
from desk_client.ui.inquiries_model import LOOKUP_COLUMNS, InquiriesModel, handler_text, state_text
from desk_client.ui.inquiries_view import inquiries_table
from desk_client.ui.inquiry_dialogs import InquiryActions
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import MessageLine, label


class LookupPage(QWidget):
    def __init__(
        self,
        ctx: UiContext,
        session: StaffSession,
        printer: DocumentPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._services = ctx.services
        self._runner = ctx.runner
        zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.model = InquiriesModel(self.t, zone, LOOKUP_COLUMNS)
        self.message = MessageLine()
        self.steps = InquiryActions(ctx, session, printer, self.message, self)
        self.last_query = ""
        self._build()

    def _build(self) -> None:
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.t("lookup.hint"))
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self.search)
        button = QPushButton(f"{self.t('lookup.search')}  Enter")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        top.addWidget(button)
        self.summary = label("", 14, bold=True)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #0d3b66;")
        self.view = inquiries_table(self.model)
        self.view.activated.connect(lambda _: self.open_selected())
        open_button = QPushButton(f"{self.t('case.open')}  Enter")
        open_button.clicked.connect(self.open_selected)
        reprint = QPushButton(f"{self.t('inq.reprint')}  Ctrl+P")
        reprint.clicked.connect(self.print_selected)
        row = QHBoxLayout()
        row.addWidget(open_button)
        row.addWidget(reprint)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addWidget(label(self.t("lookup.title"), 15, bold=True))
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._shortcut("Ctrl+P", self.print_selected)

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def focus_field(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def search(self) -> None:
        text = self.field.text().strip()
        if not text:
            self.field.setFocus()
            return
        self.last_query = text
        self.message.clear_text()
        self._runner.submit(
            self._services.inquiries.lookup,
            text,
            on_done=lambda found: self.show_found(text, found),
            on_error=self._refused,
        )

    def _refused(self, text: str) -> None:
        self.model.set_rows(())
        self.summary.setText("")
        self.message.error(text)
        self.field.selectAll()

    def show_found(self, query: str, found: tuple[InquiryView, ...]) -> None:
        self.model.set_rows(found)
        if not found:
            self.summary.setText("")
            self.message.error(self.t("lookup.none", query=query))
            return
        self.view.selectRow(0)
        self.view.setFocus()
        if len(found) == 1:
            self.summary.setText(self.status_line(found[0]))
            if looks_like_inquiry_input(query):  # a number or a scanned slip: show it all
                self.steps.open(found[0].number)
        else:
            self.summary.setText(self.t("lookup.count", count=len(found)))
        self.field.selectAll()

    def status_line(self, view: InquiryView) -> str:
        """What to tell the person: the state, who has it now, the promised date."""
        parts = [view.number, state_text(self.t, view.state)]
        handler = handler_text(self.t, view)
        if handler:
            parts.append(self.t("lookup.handler", handler=handler))
        if view.promised_reply is not None:
            parts.append(self.t("inq.reply_by", day=view.promised_reply.isoformat()))
        return " · ".join(parts)

    def selected(self) -> InquiryView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.steps.open(chosen.number)

    def print_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.message.error(self.t("inq.none_selected"))
            return
        self.steps.print_slip(chosen.number)

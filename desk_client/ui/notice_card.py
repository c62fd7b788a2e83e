"""The notice just issued on the checklist page: its number and status, and its printing.

A one-time notice or an acceptance prints at once (80 mm; A4 on request). A rejection in
approve-first mode shows 等待主管审批: a QTimer on the GUI thread submits refresh_status to
the worker every few seconds (never two at once, never blocking) until the supervisor decided;
then print is enabled (approved) or the supervisor's comment is shown (returned).

A one-time notice sends the applicant away to fetch what is missing, so its card also offers
预约补正时间 (Ctrl+Shift+B, ``book_return``): the clerk window books the return visit on its
预约 page, in the service of the notice's item (read on the worker: the clerk may have picked
another item since). The other kinds end the application here and do not offer it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desk_client.core.checklist import Applicant, ApplicantKind
from desk_client.core.notices import NoticeKind
from desk_client.services.dto import PrintedDocument
from desk_client.services.dto_notices import (
    STATUS_APPROVED,
    STATUS_AWAITING,
    STATUS_RETURNED,
    NoticeView,
)
from desk_client.ui.context import UiContext
from desk_client.ui.i18n_checklist import notice_title
from desk_client.ui.notices_view import status_label
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import label

POLL_MS = 3000
STATUS_COLOURS = {STATUS_AWAITING: "#8a4b00", STATUS_RETURNED: "#b71c1c"}


def returning_person(applicant: Applicant) -> str:
    """Who comes back and is booked: an organisation's contact person, when the form named
    one (the slip and the kiosk are for a person), else the applicant."""
    if applicant.kind == ApplicantKind.ORGANISATION and applicant.contact:
        return applicant.contact
    return applicant.name


class NoticeCard(QFrame):
    """``decided`` with the notice once the supervisor approved or returned it;
    ``book_return`` (the item's category, name, phone, the note for the 预约 page) when the
    clerk books a one-time notice's return visit;
    ``info`` / ``refused`` carry texts for the page's message line."""

    decided = Signal(object)
    book_return = Signal(str, str, str, str)
    info = Signal(str)
    refused = Signal(str)

    def __init__(
        self, ctx: UiContext, printer: DocumentPrinter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.t = ctx.labels
        self._runner = ctx.runner
        self._service = ctx.services.checklist
        self.printer = printer
        self.notice: NoticeView | None = None
        self._polling = False
        self._expecting_print = False  # the printer is shared with the history and the picker
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.poll_status)
        self.title = label("", 14, bold=True)
        self.detail = label("", 12)
        self.detail.setWordWrap(True)
        self.print80 = QPushButton(self.t("ck.print80") + "  Ctrl+P")
        self.printa4 = QPushButton(self.t("ck.printA4") + "  Ctrl+Shift+P")
        for button, paper in ((self.print80, "80mm"), (self.printa4, "a4")):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, paper=paper: self.print_notice(paper))
        self.book = QPushButton(self.t("ck.book_return") + "  Ctrl+Shift+B")
        self.book.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.book.setShortcut(QKeySequence("Ctrl+Shift+B"))  # live only while it is shown
        self.book.clicked.connect(self.ask_booking)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.addLayout(text, 1)
        row.addWidget(self.book)
        row.addWidget(self.print80)
        row.addWidget(self.printa4)
        printer.printed.connect(self._printed)
        self.hide()

    def show_notice(self, notice: NoticeView) -> None:
        """Show it; print a printable one at once, poll one that awaits the supervisor."""
        self.set_notice(notice)
        if notice.status == STATUS_AWAITING:
            self.poll.start()
        elif notice.printable:
            self.print_notice("80mm")

    def set_notice(self, notice: NoticeView) -> None:
        self.notice = notice
        title = notice_title(notice.kind, self.t.language)
        status = status_label(self.t, notice.status)
        self.title.setText(
            self.t("ck.last_notice", title=title, number=notice.number, status=status)
        )
        details = {
            STATUS_AWAITING: self.t("ck.awaiting"),
            STATUS_APPROVED: self.t("ck.approved"),
            STATUS_RETURNED: self.t("ck.returned", comment=notice.comment),
        }
        self.detail.setText(details.get(notice.status, ""))
        self.detail.setVisible(notice.status in details)
        self.detail.setStyleSheet(f"color: {STATUS_COLOURS.get(notice.status, '#1b5e20')};")
        for button in (self.print80, self.printa4):
            button.setEnabled(notice.printable)
        self.book.setVisible(notice.kind == NoticeKind.ONE_TIME)
        self.show()

    def clear(self) -> None:
        self.poll.stop()
        self.notice = None
        self.book.hide()
        self.hide()

    def ask_booking(self) -> None:
        """预约补正时间: only a one-time notice asks the applicant to come back."""
        notice = self.notice
        if notice is None or notice.kind != NoticeKind.ONE_TIME:
            return
        name, phone = returning_person(notice.content.applicant), notice.content.applicant.phone
        note = self.t("appt.return_note", name=name, number=notice.number)
        self._runner.submit(
            self._service.item,
            notice.content.item_code,
            on_done=lambda item: self.book_return.emit(item.category, name, phone, note),
            on_error=self.refused.emit,
        )

    # ---- polling ------------------------------------------------------------------------
    def poll_status(self) -> None:
        if self.notice is None or self.notice.status != STATUS_AWAITING:
            self.poll.stop()
            return
        if self._polling:
            return
        self._polling = True
        self._runner.submit(
            self._service.refresh_status,
            self.notice.number,
            on_done=self._status_came,
            on_error=self._poll_failed,
        )

    def _poll_failed(self, _text: str) -> None:
        self._polling = False  # the next tick tries again; being offline shows in the banner

    def _status_came(self, notice: NoticeView) -> None:
        self._polling = False
        if self.notice is None or notice.number != self.notice.number:
            return  # cleared, or another notice since
        if notice.status == STATUS_AWAITING:
            return
        self.poll.stop()
        self.set_notice(notice)
        if notice.status == STATUS_RETURNED:
            self.refused.emit(self.t("ck.returned", comment=notice.comment))
        else:
            self.info.emit(self.t("ck.approved"))
        self.decided.emit(notice)

    # ---- printing -----------------------------------------------------------------------
    def print_notice(self, paper: str) -> None:
        """Through the service, which refuses a rejection that is not approved (its words)."""
        if self.notice is None:
            return
        self._runner.submit(
            self._service.print_notice,
            self.notice.number,
            paper,
            on_done=self._print,
            on_error=self.refused.emit,
        )

    def _print(self, doc: PrintedDocument) -> None:
        self._expecting_print = True
        self.printer.print_document(doc, self.window())

    def _printed(self, where: str) -> None:
        if self._expecting_print and self.notice is not None:
            self._expecting_print = False
            self.info.emit(self.t("ck.printed", number=self.notice.number, where=where))

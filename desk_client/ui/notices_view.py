"""Written notices at the window: the history (Ctrl+H), reprints, the rejection dialog.

The history lists this PC's notices (and those pulled from the hall's other PCs), newest
first, searchable by number, applicant or item; a selected one is reprinted on the 80 mm
roll or on A4 (the house DocumentPrinter prints each on its own paper). Applicants are
shown masked; "显示证件号" goes through reveal_id (recorded).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.catalogue import RefusalGround
from desk_client.services.dto import StaffSession
from desk_client.services.dto_notices import NoticeView
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.i18n_checklist import notice_title
from desk_client.ui.models import RowsModel
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import MessageLine, label

SEARCH_DELAY_MS = 200
#: The checklist's own buttons and the multi-line reason, on top of the house STYLE:
#: 受理 green, 不予受理 a red outline (it starts a report to the supervisor).
ACTION_STYLE = """
QPushButton#primary:disabled { background: #f0f2f4; color: #9aa6b2; border-color: #b8c4d0; }
QPushButton#accept { background: #2e7d32; color: #ffffff; border-color: #2e7d32; }
QPushButton#accept:disabled { background: #f0f2f4; color: #9aa6b2; border-color: #b8c4d0; }
QPushButton#danger { color: #b3261e; border: 2px solid #b3261e; }
QPushButton#danger:disabled { color: #9aa6b2; border: 1px solid #b8c4d0; }
QPlainTextEdit { padding: 4px 6px; font-size: 18px; border: 1px solid #b8c4d0;
    border-radius: 6px; background: #ffffff; }
"""
PAPERS = ("80mm", "a4")


# ---- the rejection dialog ------------------------------------------------------------------
class RejectDialog(QDialog):
    """不予受理: a ground from the item's list (reason and basis filled in) or written by
    hand. ``submitted`` (reason, basis); the page closes it once the service agreed, and
    shows a refusal in ``message`` otherwise, so nothing typed is lost."""

    submitted = Signal(str, str)

    def __init__(
        self, labels: Labels, grounds: Sequence[RefusalGround], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(labels("reject.title"))
        self._grounds = tuple(grounds)
        self.ground_box = QComboBox()
        for ground in self._grounds:
            self.ground_box.addItem(ground.reason)
        self.ground_box.addItem(labels("reject.written"))
        self.ground_box.currentIndexChanged.connect(self._ground_chosen)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.basis = QLineEdit()
        self.message = MessageLine()
        self._build(labels)
        self._ground_chosen(0)

    def _build(self, labels: Labels) -> None:
        note = label(labels("reject.note"), 11)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6b7a;")
        form = QFormLayout()
        form.addRow(labels("reject.ground"), self.ground_box)
        form.addRow(labels("reject.reason"), self.reason)
        form.addRow(labels("reject.basis"), self.basis)
        ok = QPushButton(labels("reject.ok"))
        ok.setObjectName("danger")
        ok.setDefault(True)
        ok.clicked.connect(self._submit)
        cancel = QPushButton(labels("dialog.cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(620)
        self.setStyleSheet(ACTION_STYLE)

    def _ground_chosen(self, index: int) -> None:
        if 0 <= index < len(self._grounds):
            self.reason.setPlainText(self._grounds[index].reason)
            self.basis.setText(self._grounds[index].legal_basis)
        else:
            self.reason.clear()
            self.basis.clear()
            self.reason.setFocus()

    def _submit(self) -> None:
        self.submitted.emit(self.reason.toPlainText().strip(), self.basis.text().strip())


# ---- the history ---------------------------------------------------------------------------
def status_label(labels: Labels, status: str) -> str:
    key = f"notice.status.{status}"
    text = labels(key)
    return status if text == key else text


def history_model(labels: Labels, zone: ZoneInfo) -> RowsModel[NoticeView]:
    return RowsModel(
        labels,
        [
            ("history.number", lambda n: n.number),
            ("history.kind", lambda n: notice_title(n.kind, labels.language)),
            ("history.item", lambda n: n.content.item_name),
            ("history.applicant", lambda n: n.applicant_display),
            ("history.status", lambda n: status_label(labels, n.status)),
            ("history.clerk", lambda n: n.staff_no),
            ("history.time", lambda n: n.created_at.astimezone(zone).strftime("%m-%d %H:%M")),
        ],
    )


class NoticesPage(QWidget):
    """告知单记录: search, reprint on 80 mm or A4, show an applicant's ID (recorded)."""

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
        self._session = session
        self.printer = printer
        zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.model = history_model(self.t, zone)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self._build()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.t("history.search"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self.search_now)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(36)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.count = label("", 11)
        self.message = MessageLine()
        # a revealed ID number stays on screen only while its notice is selected
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.message.clear_text())
        self.buttons = {
            "refresh": QPushButton(self.t("history.refresh")),
            "80mm": QPushButton(self.t("ck.print80")),
            "a4": QPushButton(self.t("ck.printA4")),
            "reveal": QPushButton(self.t("history.reveal")),
        }
        self.buttons["refresh"].clicked.connect(self.search_now)
        self.buttons["80mm"].clicked.connect(lambda: self.reprint("80mm"))
        self.buttons["a4"].clicked.connect(lambda: self.reprint("a4"))
        self.buttons["reveal"].clicked.connect(self.reveal)
        top = QHBoxLayout()
        top.addWidget(label(self.t("page.history") + " (Ctrl+H)", 14, bold=True))
        top.addWidget(self.search, 1)
        top.addWidget(self.buttons["refresh"])
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        for key in ("reveal", "80mm", "a4"):
            actions.addWidget(self.buttons[key])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)

    def start(self) -> None:
        self.search_now()
        self.search.setFocus()

    def search_now(self) -> None:
        self._timer.stop()
        query = self.search.text().strip()
        self._runner.submit(
            self._service.history,
            query,
            on_done=lambda found: self._found(query, found),
            on_error=self.message.error,
        )

    def _found(self, query: str, found: tuple[NoticeView, ...]) -> None:
        if query != self.search.text().strip():
            return
        self.model.set_rows(found)
        self.count.setText(self.t("history.count", count=len(found)))
        if found:
            self.view.selectRow(0)

    def selected(self) -> NoticeView | None:
        return self.model.row_at(self.view.currentIndex().row())

    def reprint(self, paper: str) -> None:
        notice = self.selected()
        if notice is None:
            self.message.info(self.t("history.pick"))
            return
        self._runner.submit(
            self._service.print_notice,
            notice.number,
            paper,
            on_done=lambda doc: self.printer.print_document(doc, self),
            on_error=self.message.error,
        )

    def reveal(self) -> None:
        notice = self.selected()
        if notice is None:
            self.message.info(self.t("history.pick"))
            return
        number = notice.number
        self._runner.submit(
            self._service.reveal_id,
            self._session,
            number,
            on_done=lambda full: self.message.info(
                self.t(
                    "history.revealed", number=number, name=notice.content.applicant.name, id=full
                )
            ),
            on_error=self.message.error,
        )

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        """Down from the search field moves into the list (the keyboard-only clerk)."""
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus():
            self.view.setFocus()
            return
        super().keyPressEvent(event)

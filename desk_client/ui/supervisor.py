"""The supervisor's side of issue 4 (审批): rejection reports and one-time exceptions.

SupervisorPage is the "审批" tab of a supervisor's or an administrator's window: the pending
rejection reports (否定报备) with 批准 / 退回 (a comment is required to return), the reports
decided lately, and the recorded exceptions to the one-time rule. It refreshes itself every
few seconds while it is shown (a timer submits a read to the worker; nothing blocks).

ApprovalDialog is what a clerk's screen shows when, on a return visit, a material the notice
did not list must be asked for: the supervisor types their staff number, password and the
written reason at the clerk's window; ChecklistService.approve_exception checks and records.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.dto import StaffSession
from desk_client.services.dto_notices import ExceptionView, RejectionReportView
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.models import RowsModel
from desk_client.ui.widgets import MessageLine, label

REFRESH_MS = 5000
SUPERVISOR_ROLES = ("supervisor", "admin")


# ---- the one-time exception, approved at the clerk's window ---------------------------------
class ApprovalDialog(QDialog):
    """``submitted`` (supervisor_no, password, reason); the page closes the dialog once the
    service recorded the approval, or shows its refusal in ``message``."""

    submitted = Signal(str, str, str)

    def __init__(
        self, labels: Labels, material: str, notice_number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.material = material
        self.setWindowTitle(labels("approval.title"))
        intro = label(labels("approval.intro", material=material, number=notice_number), 13)
        intro.setWordWrap(True)
        self.supervisor_no = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit()
        self.message = MessageLine()
        form = QFormLayout()
        form.addRow(labels("approval.supervisor"), self.supervisor_no)
        form.addRow(labels("approval.password"), self.password)
        form.addRow(labels("approval.reason"), self.reason)
        ok = QPushButton(labels("approval.ok"))
        ok.setObjectName("primary")
        ok.setDefault(True)
        ok.clicked.connect(self._submit)
        cancel = QPushButton(labels("dialog.cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        for part in (intro, form, self.message, buttons):
            layout.addWidget(part) if isinstance(part, QWidget) else layout.addLayout(part)
        self.setMinimumWidth(560)

    def _submit(self) -> None:
        self.submitted.emit(
            self.supervisor_no.text().strip(), self.password.text(), self.reason.text().strip()
        )


# ---- the models --------------------------------------------------------------------------
def when(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%m-%d %H:%M") if moment else ""


def decision_label(labels: Labels, status: str) -> str:
    key = f"super.status.{status}"
    text = labels(key)
    return status if text == key else text


def reports_model(labels: Labels, zone: ZoneInfo) -> RowsModel[RejectionReportView]:
    def clerk(report: RejectionReportView) -> str:
        return f"{report.reported_by_name} {report.reported_by}".strip()

    return RowsModel(
        labels,
        [
            ("super.number", lambda r: r.number),
            ("super.item", lambda r: r.item_name),
            ("super.applicant", lambda r: r.applicant_display),
            ("super.clerk", clerk),
            ("super.reason", lambda r: r.reason),
            ("super.basis", lambda r: r.basis),
            ("super.time", lambda r: when(r.reported_at, zone)),
        ],
    )


def decided_model(labels: Labels, zone: ZoneInfo) -> RowsModel[RejectionReportView]:
    return RowsModel(
        labels,
        [
            ("super.number", lambda r: r.number),
            ("super.item", lambda r: r.item_name),
            ("super.status", lambda r: decision_label(labels, r.status)),
            ("super.comment", lambda r: r.comment),
            ("super.decided_at", lambda r: when(r.decided_at, zone)),
        ],
    )


def exceptions_model(labels: Labels, zone: ZoneInfo) -> RowsModel[ExceptionView]:
    return RowsModel(
        labels,
        [
            ("super.number", lambda e: e.notice_number),
            ("super.material", lambda e: e.material),
            ("super.reason", lambda e: e.reason),
            ("super.by", lambda e: f"{e.supervisor_name} {e.supervisor_no}".strip()),
            ("super.clerk", lambda e: f"{e.staff_name} {e.staff_no}".strip()),
            ("super.approved_at", lambda e: when(e.approved_at, zone)),
        ],
    )


def table(model: RowsModel[object], stretch: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.verticalHeader().setMinimumSectionSize(36)
    # a reason is read in full: long ones wrap and their row grows
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return view


# ---- the page ------------------------------------------------------------------------------
class SupervisorPage(QWidget):
    def __init__(
        self, ctx: UiContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._runner = ctx.runner
        self._service = ctx.services.supervision
        self._session = session
        self._reading = False
        zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.pending = reports_model(self.t, zone)
        self.decided = decided_model(self.t, zone)
        self.exceptions = exceptions_model(self.t, zone)
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def _build(self) -> None:
        self.pending_view = table(self.pending, (4, 5))  # type: ignore[arg-type]
        self.decided_view = table(self.decided, (3,))  # type: ignore[arg-type]
        self.exceptions_view = table(self.exceptions, (2,))  # type: ignore[arg-type]
        self.count = label("", 13, bold=True)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.t("super.comment_hint"))
        self.approve_button = QPushButton(self.t("super.approve") + "  Ctrl+Y")
        self.approve_button.setObjectName("primary")
        self.return_button = QPushButton(self.t("super.return") + "  Ctrl+T")
        for button, approve, key in (
            (self.approve_button, True, "Ctrl+Y"),
            (self.return_button, False, "Ctrl+T"),
        ):
            button.clicked.connect(lambda _=False, approve=approve: self.decide(approve))
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, approve=approve: self.decide(approve))
            self.addAction(action)
        refresh = QPushButton(self.t("super.refresh"))
        refresh.clicked.connect(self.refresh)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(label(self.t("super.pending"), 15, bold=True))
        top.addWidget(self.count, 1, Qt.AlignmentFlag.AlignRight)
        top.addWidget(refresh)
        layout.addLayout(top)
        layout.addWidget(self.pending_view, 3)
        decide = QHBoxLayout()
        decide.addWidget(label(self.t("super.comment"), 13))
        decide.addWidget(self.comment, 1)
        decide.addWidget(self.approve_button)
        decide.addWidget(self.return_button)
        layout.addLayout(decide)
        layout.addWidget(self.message)
        below = QHBoxLayout()
        for title, view in (
            ("super.recent", self.decided_view),
            ("super.exceptions", self.exceptions_view),
        ):
            column = QVBoxLayout()
            column.addWidget(label(self.t(title), 14, bold=True))
            column.addWidget(view)
            below.addLayout(column, 1)
        layout.addLayout(below, 2)

    # ---- reading ----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: object) -> None:  # noqa: N802
        self.timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        if self._reading:
            return
        self._reading = True
        self._runner.submit(self._read, on_done=self.apply, on_error=self._read_failed)

    def _read(
        self,
    ) -> tuple[
        tuple[RejectionReportView, ...], tuple[RejectionReportView, ...], tuple[ExceptionView, ...]
    ]:
        """Worker side: the three lists in one job, so they show one moment."""
        service = self._service
        return service.pending_reports(), service.recent_reports(), service.exceptions()

    def _read_failed(self, text: str) -> None:
        self._reading = False
        self.message.error(text)

    def apply(
        self,
        lists: tuple[
            tuple[RejectionReportView, ...],
            tuple[RejectionReportView, ...],
            tuple[ExceptionView, ...],
        ],
    ) -> None:
        self._reading = False
        pending, recent, exceptions = lists
        selected = self.selected()
        self.pending.set_rows(pending)
        self.decided.set_rows(tuple(r for r in recent if r.status != "pending"))
        self.exceptions.set_rows(exceptions)
        numbers = [r.number for r in pending]
        if pending:
            keep = numbers.index(selected.number) if selected and selected.number in numbers else 0
            self.pending_view.selectRow(keep)
        self.count.setText(
            self.t("super.count", count=len(pending)) if pending else self.t("super.none")
        )

    def selected(self) -> RejectionReportView | None:
        return self.pending.row_at(self.pending_view.currentIndex().row())

    # ---- deciding ---------------------------------------------------------------------
    def decide(self, approve: bool) -> None:
        report = self.selected()
        if report is None:
            self.message.info(self.t("super.none"))
            return
        self._runner.submit(
            self._service.decide,
            self._session,
            report.number,
            approve,
            self.comment.text(),
            on_done=self._decided,
            on_error=self.message.error,
        )

    def _decided(self, report: RejectionReportView) -> None:
        decision = decision_label(self.t, report.status)
        self.message.info(self.t("super.decided", number=report.number, decision=decision))
        self.comment.clear()
        self.refresh()

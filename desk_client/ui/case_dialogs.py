"""The dialogs of 我的办件: an action with its reasons, and the case view with its timeline.

CaseActionDialog asks what an action needs (a pause: its start, the special step, the reason
and the legal basis; an extension: the days, the reason and the supervisor's staff number and
password typed at the clerk's window; a withdrawal or transfer: the reason, the department).
It checks nothing itself: ``submitted`` carries the values, the page calls the service, and a
refusal comes back into ``message`` with everything typed kept. The page closes the dialog
once the service agreed.

CaseViewDialog shows one case (CaseDetail): its facts, the timeline (accepted, started,
paused, resumed, extended, warned, completed ...) and the pauses, with buttons that reprint
the written notices the applicant was given (特殊环节告知书, 恢复计时, 延长办理期限通知书).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.cases import next_case_state
from desk_client.core.deadlines import Pause
from desk_client.core.errors import DeskError
from desk_client.services.dto import StaffSession
from desk_client.services.dto_cases import CaseDetail, CaseView, TimelineEntry
from desk_client.ui.i18n import Labels
from desk_client.ui.models import RowsModel
from desk_client.ui.widgets import MessageLine, label

#: 行政许可法 Art. 45: the special steps that stop the clock; the default basis of a pause.
PAUSE_BASIS = "《中华人民共和国行政许可法》第四十五条"
#: The fields each action asks for, in order.
FIELDS: dict[str, tuple[str, ...]] = {
    "pause": ("start_day", "step", "reason", "basis"),
    "resume": ("end_day",),
    "extend": ("days", "reason", "supervisor", "password"),
    "complete": (),
    "withdraw": ("reason",),
    "transfer": ("department", "reason"),
}
#: The notice a timeline event gave the applicant (printing kind, button label key).
NOTICES = {
    "case.paused": ("pause", "view.print_pause"),
    "case.resumed": ("resume", "view.print_resume"),
    "case.extended": ("extension", "view.print_extension"),
}
MAX_EXTENSION = 15  # the longest statutory extension (joint handling); core checks the rest
#: How each action's dialog values reach the service (session and number come first).
CALLS: dict[str, Callable[[Any, StaffSession, str, dict[str, Any]], CaseView]] = {
    "start": lambda s, who, n, v: s.start(who, n),
    "pause": lambda s, who, n, v: s.pause(
        who, n, v["start_day"], v["step"], v["reason"], v["basis"]
    ),
    "resume": lambda s, who, n, v: s.resume(who, n, v["end_day"]),
    "extend": lambda s, who, n, v: s.extend(
        who, n, v["days"], v["reason"], v["supervisor"], v["password"]
    ),
    "complete": lambda s, who, n, v: s.complete(who, n),
    "withdraw": lambda s, who, n, v: s.withdraw(who, n, v["reason"]),
    "transfer": lambda s, who, n, v: s.transfer(who, n, v["department"], v["reason"]),
}
#: The notice printed right after an action (Art. 45: in writing).
PRINTED_AFTER = {"pause": "pause", "resume": "resume", "extend": "extension"}


def allowed(case: CaseView, action: str) -> bool:
    """core.cases decides which actions a case takes now (the buttons only follow it)."""
    try:
        next_case_state(case.state, action, case.paused_since is not None)
    except (DeskError, ValueError):
        return False
    return True


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def buttons_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


class CaseActionDialog(QDialog):
    """``submitted`` with {field: value}; see FIELDS for the fields of each action."""

    submitted = Signal(object)

    def __init__(
        self,
        labels: Labels,
        action: str,
        case: CaseView,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = labels
        self.action = action
        self.case = case
        self.setWindowTitle(f"{labels(f'dlg.{action}')} · {case.number}")
        self.edits: dict[str, QWidget] = {}
        self.message = MessageLine()
        intro = label(self._intro(), 13)
        intro.setWordWrap(True)
        form = QFormLayout()
        for name in FIELDS[action]:
            self.edits[name] = self._edit(name, today)
            form.addRow(labels(self._label_key(name)), self.edits[name])
        ok = QPushButton(labels(f"case.{action}"))
        ok.setObjectName("primary")
        ok.setDefault(True)
        ok.clicked.connect(self._submit)
        cancel = QPushButton(labels("dialog.cancel"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons_row(cancel, ok))
        self.setMinimumWidth(600)

    def _intro(self) -> str:
        case = self.case
        action = self.t(f"case.{self.action}")
        return self.t("dlg.confirm", action=action, number=case.number, item=case.item_name)

    @staticmethod
    def _label_key(name: str) -> str:
        return {"start_day": "dlg.start_day", "end_day": "dlg.end_day"}.get(name, f"dlg.{name}")

    def _edit(self, name: str, today: date) -> QWidget:
        if name in ("start_day", "end_day"):
            day = QDateEdit(qdate(today))
            day.setCalendarPopup(True)
            day.setDisplayFormat("yyyy-MM-dd")
            return day
        if name == "days":
            days = QSpinBox()
            days.setRange(1, MAX_EXTENSION)
            days.setValue(min(10, MAX_EXTENSION))
            return days
        edit = QLineEdit()
        if name == "password":
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if name == "basis":
            edit.setText(PAUSE_BASIS)
        if name == "step":
            edit.setPlaceholderText(self.t("dlg.step_hint"))
        return edit

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, edit in self.edits.items():
            if isinstance(edit, QDateEdit):
                found[name] = pydate(edit.date())
            elif isinstance(edit, QSpinBox):
                found[name] = edit.value()
            elif isinstance(edit, QLineEdit):
                found[name] = edit.text() if name == "password" else edit.text().strip()
        return found

    def _submit(self) -> None:
        self.message.clear_text()
        self.submitted.emit(self.values())


# ---- the case view -------------------------------------------------------------------------
def timeline_model(labels: Labels, zone: ZoneInfo) -> RowsModel[TimelineEntry]:
    return RowsModel(
        labels,
        [
            ("view.when", lambda e: e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")),
            ("view.event", lambda e: labels.event(e.type)),
            ("view.actor", lambda e: e.actor),
            ("view.detail", lambda e: e.detail),
        ],
    )


def pauses_model(labels: Labels) -> RowsModel[Pause]:
    return RowsModel(
        labels,
        [
            ("view.from", lambda p: p.start.isoformat()),
            ("view.until", lambda p: p.end.isoformat() if p.end else labels("view.open_end")),
            ("view.reason", lambda p: p.reason),
        ],
    )


def read_only_table(model: RowsModel[Any], stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class CaseViewDialog(QDialog):
    """One case; ``print_requested`` (number, kind, paper) asks the page to reprint a notice."""

    print_requested = Signal(str, str, str)

    def __init__(
        self, labels: Labels, zone: ZoneInfo, detail: CaseDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.t = labels
        self.detail = detail
        case = detail.case
        self.setWindowTitle(labels("view.title", number=case.number))
        self.timeline = timeline_model(labels, zone)
        self.timeline.set_rows(detail.timeline)
        self.pauses = pauses_model(labels)
        self.pauses.set_rows(detail.pauses)
        title = label(f"{case.number}  {case.item_name}", 17, bold=True)
        title.setStyleSheet("color: #0d3b66;")
        self.facts = label(self._facts(case, zone), 13)
        self.facts.setWordWrap(True)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.facts)
        layout.addWidget(label(labels("view.timeline"), 14, bold=True))
        layout.addWidget(read_only_table(self.timeline, 3), 3)
        layout.addWidget(label(labels("view.pauses"), 14, bold=True))
        layout.addWidget(read_only_table(self.pauses, 2), 1)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        self.resize(980, 640)

    def _facts(self, case: CaseView, zone: ZoneInfo) -> str:
        t = self.t
        limit = t("cases.limit", days=case.limit_days) if case.limit_days else t("cases.instant")
        return t(
            "view.facts",
            item=case.item_code,
            applicant=case.applicant_display,
            accepted=case.accepted_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            limit=limit,
            deadline=case.deadline.isoformat() if case.deadline else t("view.no_deadline"),
            state=t(f"case.state.{case.state}"),
        )

    def _buttons(self) -> QHBoxLayout:
        given = {entry.type for entry in self.detail.timeline}
        self.print_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for event, (kind, key) in NOTICES.items():
            button = QPushButton(self.t(key))
            button.setEnabled(event in given)
            button.clicked.connect(lambda _=False, kind=kind: self._print(kind))
            self.print_buttons[kind] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton(self.t("view.close"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        return row

    def _print(self, kind: str) -> None:
        self.print_requested.emit(self.detail.case.number, kind, "80mm")

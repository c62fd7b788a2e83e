"""The dialog of one step on a follow-up (回访): 回访记录, 整改, 申诉, 复核, 办结, 改派.

It shows the rating being followed up (when, window, number, staff member, level, reasons,
comment; never anything about the person who rated) and what was recorded so far, then asks
what the step needs: a text (checked by core.rating_followups.check_followup_text before it
is sent, so an empty or too long text is refused at once), for 复核 the finding (upheld or
rejected) and a note, for 改派 the staff member. ``submitted`` carries the values; the page
calls the service, and a refusal comes back into ``message`` with everything typed kept. The
page closes the dialog once the service agreed.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.errors import DeskError
from desk_client.core.rating_followups import check_followup_text
from desk_client.core.ratings import level_name
from desk_client.services.dto_ratings import FollowUpView
from desk_client.ui.case_dialogs import buttons_row
from desk_client.ui.i18n import Labels
from desk_client.ui.rating_models import moment, reasons_text, ref_text
from desk_client.ui.widgets import MessageLine, label

#: The text each step asks for: (core's name of the text, the label of the field).
TEXTS = {
    "contact": ("contact_note", "fu.text.contact"),
    "rectify": ("rectification", "fu.text.rectify"),
    "appeal": ("appeal_reason", "fu.text.appeal"),
    "decide": ("appeal_note", "fu.text.decide"),
    "close": ("close_note", "fu.text.close"),
}
ACTIONS = ("contact", "rectify", "appeal", "decide", "close", "reassign")


def history_lines(labels: Labels, view: FollowUpView, zone: ZoneInfo) -> list[str]:
    """What was recorded on the follow-up so far, one line per step."""
    pattern = "%m-%d %H:%M"
    lines = []
    if view.contact_note:
        at = moment(view.contacted_at, zone, pattern)
        lines.append(
            labels("fu.contacted_line", at=at, by=view.contacted_by, text=view.contact_note)
        )
    if view.rectification:
        at = moment(view.rectified_at, zone, pattern)
        lines.append(
            labels("fu.rectified_line", at=at, by=view.rectified_by, text=view.rectification)
        )
    if view.appeal_reason:
        lines.append(labels("fu.appeal_line", by=view.appeal_by, text=view.appeal_reason))
    if view.appeal_note:
        lines.append(labels("fu.decided_line", by=view.appeal_decided_by, text=view.appeal_note))
    return lines


class FollowUpDialog(QDialog):
    """``submitted`` with {"text": str} and, for decide, {"upheld": bool}; for reassign
    {"staff_no": str}."""

    submitted = Signal(object)

    def __init__(  # noqa: PLR0917
        self,
        labels: Labels,
        action: str,
        view: FollowUpView,
        zone: ZoneInfo,
        staff: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = labels
        self.action = action
        self.view = view
        self.setWindowTitle(labels("fu.title", id=view.id, action=labels(f"fu.{action}")))
        self.message = MessageLine()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.choices = QButtonGroup(self)
        self.staff_box = QComboBox()
        self.staff_box.setEditable(True)
        layout = QVBoxLayout(self)
        self._facts(layout, zone)
        layout.addLayout(self._fields(staff or {}))
        layout.addWidget(self.message)
        submit = QPushButton(labels("fu.submit"))
        submit.setObjectName("primary")
        submit.clicked.connect(self.submit)
        cancel = QPushButton(labels("fu.cancel"))
        cancel.clicked.connect(self.reject)
        layout.addLayout(buttons_row(submit, cancel))
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self).activated.connect(self.submit)
        self.resize(720, 460)

    def _facts(self, layout: QVBoxLayout, zone: ZoneInfo) -> None:
        t, rating = self.t, self.view.rating
        line = t(
            "fu.rating_line",
            time=moment(rating.submitted_at, zone, "%Y-%m-%d %H:%M"),
            window=rating.window,
            ref=ref_text(rating),
            staff=rating.staff_name or rating.staff_no,
            level=level_name(rating.overall, t.language),
        )
        reasons = reasons_text(rating.reasons, t.language) or "—"
        layout.addWidget(label(line, 14, bold=True))
        why = label(t("fu.reasons_line", reasons=reasons, comment=rating.comment or "—"), 13)
        why.setWordWrap(True)
        layout.addWidget(why)
        history = history_lines(t, self.view, zone)
        if history:
            layout.addWidget(label(t("fu.history"), 13, bold=True))
            done = label("\n".join(history), 12)
            done.setWordWrap(True)
            layout.addWidget(done)

    def _fields(self, staff: dict[str, str]) -> QFormLayout:
        form = QFormLayout()
        if self.action == "reassign":
            for staff_no, name in sorted(staff.items()):
                self.staff_box.addItem(f"{staff_no} {name}", staff_no)
            self.staff_box.setCurrentIndex(self.staff_box.findData(self.view.assignee_no))
            form.addRow(self.t("fu.assignee"), self.staff_box)
            return form
        if self.action == "decide":
            for key, upheld in (("fu.uphold", True), ("fu.reject", False)):
                button = QRadioButton(self.t(key))
                button.setProperty("upheld", upheld)
                self.choices.addButton(button)
                form.addRow("", button)
        form.addRow(self.t(TEXTS[self.action][1]), self.text)
        return form

    def values(self) -> dict[str, Any]:
        """The checked values, or a DeskError naming what is wrong."""
        if self.action == "reassign":
            return {"staff_no": self.chosen_staff()}
        text = check_followup_text(self.text.toPlainText(), TEXTS[self.action][0])
        if self.action != "decide":
            return {"text": text}
        chosen = self.choices.checkedButton()
        return {"text": text, "upheld": chosen is not None and bool(chosen.property("upheld"))}

    def chosen_staff(self) -> str:
        index = self.staff_box.currentIndex()
        typed = self.staff_box.currentText().strip()
        if index >= 0 and self.staff_box.itemText(index) == typed:
            return str(self.staff_box.itemData(index))
        return typed.split(" ")[0] if typed else ""

    def submit(self) -> None:
        if self.action == "decide" and self.choices.checkedButton() is None:
            self.message.error(self.t("fu.choose"))
            return
        try:
            values = self.values()
        except DeskError as error:
            self.message.error(error.message(self.t.language))
            return
        self.message.clear_text()
        self.submitted.emit(values)

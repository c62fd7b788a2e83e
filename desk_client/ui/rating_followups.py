"""回访 (a supervisor's tab of 评价): the follow-ups of bad ratings, and the steps on them.

The rows come from FollowUpService.followups() (the central database, read directly: this is
supervisor work and it is online) through the worker, when the tab is shown, after every
step, when a bad rating arrives and every REFRESH_MS while shown. Each row is coloured by its
due day like 督办 (green, yellow near the day, red past it, 缺少日历 without calendar data),
closed ones grey. The steps are buttons with keys in the tab: Ctrl+1 回访记录, Ctrl+2 整改,
Ctrl+3 申诉, Ctrl+4 复核, Ctrl+5 办结, Ctrl+6 改派; each opens a FollowUpDialog, and a
refusal (core's rules, checked again by the service) stays in the dialog, changing nothing.

FollowUpActions is the part 今日评价 shares: a clerk there may appeal a bad rating of their
own, which is the one step core.rating_followups.may_act lets a clerk take.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desk_client.core.rating_followups import may_act
from desk_client.services.app import Services
from desk_client.services.dto import StaffSession
from desk_client.services.dto_ratings import FollowUpView
from desk_client.ui.case_dialogs import read_only_table
from desk_client.ui.context import UiContext
from desk_client.ui.rating_dialogs import ACTIONS, FollowUpDialog
from desk_client.ui.rating_models import followups_model
from desk_client.ui.widgets import MessageLine, label

REFRESH_MS = 10_000
Call = Callable[[Services, StaffSession, int, dict[str, Any]], FollowUpView]
CALLS: dict[str, Call] = {
    "contact": lambda s, who, i, v: s.rating_followups.contact(who, i, v["text"]),
    "rectify": lambda s, who, i, v: s.rating_followups.rectify(who, i, v["text"]),
    "appeal": lambda s, who, i, v: s.rating_followups.request_appeal(who, i, v["text"]),
    "decide": lambda s, who, i, v: s.rating_followups.decide_appeal(who, i, v["upheld"], v["text"]),
    "close": lambda s, who, i, v: s.rating_followups.close(who, i, v["text"]),
    "reassign": lambda s, who, i, v: s.rating_followups.reassign(who, i, v["staff_no"]),
}


def allowed(session: StaffSession, view: FollowUpView | None, action: str) -> bool:
    """Who may take the step (core); whether it fits the follow-up the service says."""
    if view is None or view.state == "closed":
        return False
    return may_act(session.role, action, session.staff_no, view.rating.staff_no)


def staff_names(services: Services) -> dict[str, str]:
    """Worker: the hall's staff by number, for 改派."""
    return {no: name for no, (name, _phone) in services.cover.staff().items()}


class FollowUpActions(QObject):
    """Open a step's dialog for a follow-up, call the service, report. ``done`` with the
    updated FollowUpView once the service agreed."""

    done = Signal(object)

    def __init__(
        self, ctx: UiContext, session: StaffSession, message: MessageLine, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._ctx = ctx
        self.session = session
        self.message = message
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.staff: dict[str, str] = {}
        self.dialog: FollowUpDialog | None = None

    def open(self, action: str, view: FollowUpView) -> None:
        parent = self.parent()
        widget = parent if isinstance(parent, QWidget) else None
        dialog = FollowUpDialog(self.t, action, view, self.zone, self.staff, widget)
        dialog.submitted.connect(lambda values: self._call(action, view, values, dialog))
        self.dialog = dialog
        dialog.open()

    def _call(
        self, action: str, view: FollowUpView, values: dict[str, Any], dialog: FollowUpDialog
    ) -> None:
        def finished(updated: FollowUpView) -> None:
            dialog.accept()
            name = self.t(f"fu.{action}")
            self.message.info(self.t("fu.done", id=updated.id, action=name))
            self.done.emit(updated)

        args = (self._ctx.services, self.session, view.id, values)
        self._ctx.runner.submit(
            CALLS[action], *args, on_done=finished, on_error=dialog.message.error
        )


class FollowUpsPage(QWidget):
    """``changed`` after a step went through (the board's figures may have moved)."""

    changed = Signal()

    def __init__(self, ctx: UiContext, session: StaffSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.t = ctx.labels
        self._ctx = ctx
        self.session = session
        zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.model = followups_model(self.t, zone)
        self.message = MessageLine()
        self.steps = FollowUpActions(ctx, session, self.message, self)
        self.steps.done.connect(self._stepped)
        self._reading = False
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def _build(self) -> None:
        self.count = label("", 13, bold=True)
        self.show_closed = QCheckBox(self.t("fu.show_closed"))
        self.show_closed.toggled.connect(lambda _: self.refresh(force=True))
        refresh = QPushButton(self.t("fu.refresh"))
        refresh.clicked.connect(lambda: self.refresh(force=True))
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.show_closed)
        top.addWidget(refresh)
        self.view = read_only_table(self.model, self.model.columnCount() - 1)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.view.activated.connect(lambda _: self.act("contact"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._buttons())
        layout.addWidget(self.message)
        self.model.modelReset.connect(self._counted)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for number, action in enumerate(ACTIONS, start=1):
            key = f"Ctrl+{number}"
            button = QPushButton(f"{self.t(f'fu.{action}')}  {key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(partial(self.act, action))
            self.buttons[action] = button
            row.addWidget(button)
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(key))
            shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.triggered.connect(partial(self.act, action))
            self.addAction(shortcut)
        row.addStretch(1)
        return row

    # ---- reading ----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.steps.staff:
            self._ctx.runner.submit(
                staff_names, self._ctx.services, on_done=self._got_staff, on_error=lambda _: None
            )
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.timer.stop()
        super().hideEvent(event)

    def _got_staff(self, staff: dict[str, str]) -> None:
        self.steps.staff = staff

    def refresh(self, force: bool = False) -> None:
        if self._reading and not force:
            return
        self._reading = True
        state = "all" if self.show_closed.isChecked() else "open"
        self._ctx.runner.submit(
            self._ctx.services.rating_followups.followups,
            state,
            on_done=self.apply,
            on_error=self._failed,
        )

    def _failed(self, text: str) -> None:
        self._reading = False
        self.message.error(text)

    def apply(self, rows: tuple[FollowUpView, ...]) -> None:
        self._reading = False
        chosen = self.selected()
        self.model.set_rows(rows)
        ids = [row.id for row in rows]
        if chosen is not None and chosen.id in ids:
            self.view.selectRow(ids.index(chosen.id))
        elif rows:
            self.view.selectRow(0)
        self._update_buttons()

    def _counted(self) -> None:
        rows = self.model.rows()
        red = sum(1 for row in rows if row.level == "red")
        yellow = sum(1 for row in rows if row.level == "yellow")
        self.count.setText(self.t("fu.count", count=len(rows), red=red, yellow=yellow))

    def selected(self) -> FollowUpView | None:
        current = self.view.currentIndex()
        return self.model.row_at(current.row()) if current.isValid() else None

    def select(self, followup_id: int) -> None:
        ids = [row.id for row in self.model.rows()]
        if followup_id in ids:
            self.view.selectRow(ids.index(followup_id))

    def _update_buttons(self) -> None:
        view = self.selected()
        for action, button in self.buttons.items():
            button.setEnabled(allowed(self.session, view, action))

    # ---- steps ------------------------------------------------------------------------
    def act(self, action: str) -> None:
        view = self.selected()
        if view is None:
            self.message.error(self.t("fu.none_selected"))
            return
        self.steps.open(action, view)

    def _stepped(self, _view: FollowUpView) -> None:
        self.refresh(force=True)
        self.changed.emit()

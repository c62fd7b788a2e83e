"""评价 (Ctrl+E): this window's ratings today and, for a supervisor, 回访 and 评价统计.

TodayPage lists the ratings of this window today, newest first, from the PC's mirror
(RatingService.window_ratings), read again whenever the feed brings one for this window. A
rating shows here only once the citizen submitted it: the program never offers a way to rate
and never sees a choice before it is sent. Bad ratings are marked red with their reasons.
The one step a clerk may take is 申诉 on a bad rating of their own (a mistaken or malicious
rating), which a supervisor then decides in 回访.

RatingsPage holds the tabs: 今日评价 for everyone; 回访 (ui.rating_followups) and 评价统计
(ui.rating_stats) for supervisors and administrators.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desk_client.core.ratings import satisfaction
from desk_client.services.app import Services
from desk_client.services.dto import StaffSession
from desk_client.services.dto_ratings import FollowUpView, RatingView
from desk_client.ui.case_dialogs import read_only_table
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.rating_followups import FollowUpActions, FollowUpsPage
from desk_client.ui.rating_models import percent, ratings_model
from desk_client.ui.rating_stats import StatsPage
from desk_client.ui.supervisor import SUPERVISOR_ROLES
from desk_client.ui.widgets import MessageLine, label

PRINT_KEY = "Ctrl+Shift+R"


def followup_of(services: Services, visit_id: str) -> FollowUpView | None:
    """Worker: the open follow-up of the rating of ``visit_id``, if it has one."""
    found = services.rating_followups.followups("open")
    return next((view for view in found if view.rating.visit_id == visit_id), None)


def count_text(labels: Labels, rows: tuple[RatingView, ...]) -> str:
    counted = [row for row in rows if not row.excluded]
    levels: dict[int, int] = {}
    for row in counted:
        levels[row.overall] = levels.get(row.overall, 0) + 1
    bad = sum(1 for row in counted if row.bad)
    share = percent(satisfaction(levels))
    return labels("rating.count", count=len(counted), satisfaction=share, bad=bad)


def may_appeal(session: StaffSession, view: RatingView | None) -> bool:
    """A clerk appeals only a bad rating of their own; a supervisor any bad one."""
    if view is None or not view.bad or view.excluded:
        return False
    return session.role in SUPERVISOR_ROLES or view.staff_no == session.staff_no


class TodayPage(QWidget):
    """今日评价; ``print_requested`` asks the window to print the last code's slip."""

    print_requested = Signal()

    def __init__(self, ctx: UiContext, session: StaffSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.t = ctx.labels
        self._ctx = ctx
        self.session = session
        self.window_number = session.window_number or 0
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.model = ratings_model(self.t, self.zone)
        self.message = MessageLine()
        self.steps = FollowUpActions(ctx, session, self.message, self)
        self.steps.done.connect(lambda _: self.refresh())
        self._reading = False
        self._again = False  # a rating arrived while reading: read once more after
        self._build()

    def _build(self) -> None:
        self.count = label("", 14, bold=True)
        hint = label(self.t("rating.hint"), 12)
        hint.setStyleSheet("color: #5b6b7a;")
        hint.setWordWrap(True)
        self.view = read_only_table(self.model, self.model.columnCount() - 2)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.appeal_button = QPushButton(self.t("rating.appeal"))
        self.appeal_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.appeal_button.clicked.connect(self.appeal)
        self.print_button = QPushButton(f"{self.t('rating.print')}  {PRINT_KEY}")
        self.print_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.print_button.clicked.connect(self.print_requested.emit)
        row = QHBoxLayout()
        row.addWidget(self.appeal_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        for widget in (self.count, hint):
            layout.addWidget(widget)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._update_buttons()

    def today(self) -> date:
        return self._ctx.services.clock.now().astimezone(self.zone).date()

    def refresh(self) -> None:
        if self._reading:
            self._again = True
            return
        self._reading = True
        self._ctx.runner.submit(
            self._ctx.services.ratings.window_ratings,
            self.window_number,
            self.today(),
            on_done=self.apply,
            on_error=self._failed,
        )

    def _failed(self, text: str) -> None:
        self._reading = False
        self.message.error(text)

    def apply(self, rows: tuple[RatingView, ...]) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self.refresh()
        self.model.set_rows(rows)
        self.count.setText(count_text(self.t, rows))
        if rows and not self.view.currentIndex().isValid():
            self.view.selectRow(0)
        self._update_buttons()

    def selected(self) -> RatingView | None:
        current = self.view.currentIndex()
        return self.model.row_at(current.row()) if current.isValid() else None

    def select_visit(self, visit_id: str) -> None:
        visits = [row.visit_id for row in self.model.rows()]
        if visit_id in visits:
            self.view.selectRow(visits.index(visit_id))

    def _update_buttons(self) -> None:
        self.appeal_button.setEnabled(may_appeal(self.session, self.selected()))

    def appeal(self) -> None:
        view = self.selected()
        if not may_appeal(self.session, view) or view is None:
            return

        def found(followup: FollowUpView | None) -> None:
            if followup is None:
                self.message.error(self.t("rating.appeal_none"))
                return
            self.steps.open("appeal", followup)

        services = self._ctx.services
        self._ctx.runner.submit(
            followup_of, services, view.visit_id, on_done=found, on_error=self.message.error
        )


class RatingsPage(QTabWidget):
    """The 评价 tab's body; a clerk has one page, so the tab bar hides."""

    def __init__(self, ctx: UiContext, session: StaffSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.t = ctx.labels
        self.today = TodayPage(ctx, session)
        self.addTab(self.today, self.t("rating.tab.today"))
        self.followups: FollowUpsPage | None = None
        self.stats: StatsPage | None = None
        if session.role in SUPERVISOR_ROLES:
            self.followups = FollowUpsPage(ctx, session)
            self.stats = StatsPage(ctx, self.today.today())
            self.addTab(self.followups, self.t("rating.tab.followups"))
            self.addTab(self.stats, self.t("rating.tab.stats"))
        self.setTabBarAutoHide(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.currentChanged.connect(self._shown)

    def _shown(self, _index: int) -> None:
        if self.currentWidget() is self.stats and self.stats is not None:
            self.stats.start_once()

"""AB岗 in the clerk window: the covering banner, the A-and-B-away warning, my absences.

CoverBanner is the line above the tabs while the person logged in covers an absent A:
"代岗：王芳（请假至 11-25 17:30）". While it shows, A's open inquiries and cases are in this
person's lists (the services put them there) and each step is recorded as this person on
behalf of A. WarningBanner is the supervisor's red line while a post's A and B are away at
the same time today (CoverService.warnings): it appears at once (read again every
POLL_MS and after every sync) and at login, and the start-of-day summary lists it too.

CoverPage is the AB岗 tab (Ctrl+Shift+A): my absences (record: Ctrl+N, cancel: Ctrl+Delete),
the posts I hold, who is away today; a supervisor also gets the hall's views (cover_admin).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.app import Services
from desk_client.services.dto import StaffSession
from desk_client.services.dto_inquiries import AbsenceView, CoverState, CoverWarning, PostView
from desk_client.ui.case_dialogs import buttons_row, read_only_table
from desk_client.ui.context import UiContext
from desk_client.ui.i18n import Labels
from desk_client.ui.models import RowsModel
from desk_client.ui.supervisor import SUPERVISOR_ROLES
from desk_client.ui.widgets import MessageLine, add_section

POLL_MS = 30_000
KINDS = ("leave", "meeting", "training", "other")
COVER_STYLE = (
    "background: #e8f1fb; color: #0d3b66; font-size: 17px; padding: 8px 12px;"
    " border-left: 6px solid #1f5f99;"
)
WARNING_STYLE = "background: #c62828; color: #ffffff; font-size: 17px; padding: 8px 12px;"


@dataclass(frozen=True)
class CoverNews:
    """One read for the banners: whom I cover, the absences now, the warnings of today."""

    state: CoverState
    absences: tuple[AbsenceView, ...]
    warnings: tuple[CoverWarning, ...]
    names: dict[str, str] = field(default_factory=dict)


def read_news(services: Services, session: StaffSession, today: date) -> CoverNews:
    """Worker: the supervisor's warnings only for a supervisor (a clerk cannot act on them)."""
    cover = services.cover
    if session.role not in SUPERVISOR_ROLES:
        return CoverNews(cover.state(session), cover.absences(), ())
    names = {no: name for no, name, _phone in services.inquiries.colleagues()}
    return CoverNews(cover.state(session), cover.absences(), cover.warnings(today), names)


def stamp(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%m-%d %H:%M")


def post_text(labels: Labels, post: str) -> str:
    """window:3 -> 3 号窗口; role:guide -> 导服岗; an unknown role as it is."""
    kind, _, name = post.partition(":")
    if kind == "window":
        return labels("cover.post_window", number=name)
    key = f"cover.role.{name}"
    text = labels(key)
    return name if text == key else text


def kind_text(labels: Labels, kind: str) -> str:
    key = f"cover.kind.{kind}"
    text = labels(key)
    return kind if text == key else text


def cover_text(labels: Labels, news: CoverNews, zone: ZoneInfo) -> str:
    """代岗：王芳（请假至 11-25 17:30）, one part per A covered."""
    parts = []
    for staff_no, name, until in news.state.covering:
        away = next((a for a in news.absences if a.staff_no == staff_no), None)
        kind = kind_text(labels, away.kind) if away is not None else ""
        parts.append(
            labels("cover.part", name=name or staff_no, kind=kind, until=stamp(until, zone))
        )
    return labels("cover.banner", who="；".join(parts)) if parts else ""


def warning_text(
    labels: Labels,
    warnings: Sequence[CoverWarning],
    zone: ZoneInfo,
    names: Mapping[str, str] | None = None,
) -> str:
    def named(staff_no: str) -> str:
        name = (names or {}).get(staff_no, "")
        return labels("inq.staff", name=name, staff_no=staff_no) if name else staff_no

    parts = [
        labels(
            "cover.warning_part",
            post=post_text(labels, w.post),
            a=named(w.a_no),
            b=named(w.b_no),
            start=stamp(w.start, zone),
            end=stamp(w.end, zone),
        )
        for w in warnings
    ]
    return labels("cover.warning", parts="；".join(parts)) if parts else ""


class CoverBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverBanner")
        self.setWordWrap(True)
        self.setStyleSheet(COVER_STYLE)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class WarningBanner(CoverBanner):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverWarning")
        self.setStyleSheet(WARNING_STYLE)


# ---- absences --------------------------------------------------------------------------------
def absences_model(labels: Labels, zone: ZoneInfo) -> RowsModel[AbsenceView]:
    return RowsModel(
        labels,
        [
            ("cover.col.staff", lambda a: f"{a.staff_name} {a.staff_no}".strip()),
            ("cover.col.kind", lambda a: kind_text(labels, a.kind)),
            ("cover.col.start", lambda a: stamp(a.start, zone)),
            ("cover.col.end", lambda a: stamp(a.end, zone)),
            ("cover.col.note", lambda a: a.note),
        ],
    )


def posts_model(labels: Labels) -> RowsModel[PostView]:
    return RowsModel(
        labels,
        [
            ("cover.col.post", lambda p: post_text(labels, p.post)),
            ("cover.col.a", lambda p: f"{p.a_name} {p.a_no}".strip()),
            ("cover.col.b", lambda p: f"{p.b_name} {p.b_no}".strip()),
        ],
    )


def qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)


def pydatetime(value: QDateTime, zone: ZoneInfo) -> datetime:
    day, at = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), at.hour(), at.minute(), tzinfo=zone)


class AbsenceDialog(QDialog):
    """``submitted`` with (staff_no, kind, start, end, note); a supervisor may name anyone."""

    submitted = Signal(object)

    def __init__(
        self, labels: Labels, session: StaffSession, now: datetime, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.t = labels
        self.zone = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
        self.setWindowTitle(labels("cover.record_title"))
        self.staff_no = QLineEdit(session.staff_no)
        self.staff_no.setReadOnly(session.role not in SUPERVISOR_ROLES)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_text(labels, kind), kind)
        start = now.replace(second=0, microsecond=0)
        end = datetime.combine(start.date(), time(17, 30), start.tzinfo)
        end = end if end > start else start + timedelta(hours=1)
        self.start, self.end = QDateTimeEdit(qdatetime(start)), QDateTimeEdit(qdatetime(end))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        self.note = QLineEdit()
        self.message = MessageLine()
        form = QFormLayout()
        for key, widget in (
            ("cover.col.staff", self.staff_no),
            ("cover.col.kind", self.kind),
            ("cover.col.start", self.start),
            ("cover.col.end", self.end),
            ("cover.col.note", self.note),
        ):
            form.addRow(labels(key), widget)
        ok = QPushButton(labels("cover.record"))
        ok.setObjectName("primary")
        ok.setDefault(True)
        ok.clicked.connect(self._submit)
        cancel = QPushButton(labels("dialog.cancel"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons_row(cancel, ok))
        self.setMinimumWidth(560)

    def values(self) -> tuple[str, str, datetime, datetime, str]:
        return (
            self.staff_no.text().strip(),
            str(self.kind.currentData()),
            pydatetime(self.start.dateTime(), self.zone),
            pydatetime(self.end.dateTime(), self.zone),
            self.note.text().strip(),
        )

    def _submit(self) -> None:
        self.message.clear_text()
        self.submitted.emit(self.values())


@dataclass(frozen=True)
class MyCover:
    mine: tuple[AbsenceView, ...]
    today: tuple[AbsenceView, ...]
    posts: tuple[PostView, ...]


def read_mine(services: Services, session: StaffSession, today: date) -> MyCover:
    cover = services.cover
    mine = tuple(a for a in cover.absences() if a.staff_no == session.staff_no)
    posts = tuple(p for p in cover.posts() if session.staff_no in (p.a_no, p.b_no))
    return MyCover(mine, cover.absences(today), posts)


class CoverPage(QWidget):
    """``changed`` after an absence was recorded or cancelled (the banners read again)."""

    changed = Signal()

    def __init__(
        self, ctx: UiContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.t = ctx.labels
        self._services = ctx.services
        self._runner = ctx.runner
        self.session = session
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.mine = absences_model(self.t, self.zone)
        self.today_model = absences_model(self.t, self.zone)
        self.my_posts = posts_model(self.t)
        self.dialog: AbsenceDialog | None = None
        self.message = MessageLine()
        self.admin: Any = None
        self._build(ctx)

    def _build(self, ctx: UiContext) -> None:
        self.mine_view = read_only_table(self.mine, 4)
        record = QPushButton(f"{self.t('cover.record')}  Ctrl+N")
        record.clicked.connect(self.record)
        cancel = QPushButton(f"{self.t('cover.cancel')}  Ctrl+Delete")
        cancel.clicked.connect(self.cancel_selected)
        row = QHBoxLayout()
        for widget in (record, cancel):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        personal = QWidget()
        top = QHBoxLayout(personal)
        left, right = QVBoxLayout(), QVBoxLayout()
        self._section(left, "cover.my_absences", self.mine_view, 2)
        left.addLayout(row)
        self._section(right, "cover.my_posts", read_only_table(self.my_posts, 2), 2)
        self._section(right, "cover.away_today", read_only_table(self.today_model, 4), 3)
        top.addLayout(left, 1)
        top.addLayout(right, 1)
        if self.session.role in SUPERVISOR_ROLES:  # the hall's views, mine as the first tab
            from desk_client.ui.cover_admin import CoverAdmin

            self.admin = CoverAdmin(ctx, self.session)
            self.admin.insertTab(0, personal, self.t("cover.tab.mine"))
            self.admin.setCurrentIndex(0)
            self.admin.changed.connect(self._admin_changed)
            layout.addWidget(self.admin, 1)
            layout.addWidget(self.admin.message)
        else:
            layout.addWidget(personal, 1)
        layout.addWidget(self.message)
        self._shortcut("Ctrl+N", self.record)
        self._shortcut("Ctrl+Delete", self.cancel_selected)

    def _section(self, layout: QVBoxLayout, key: str, view: QWidget, stretch: int) -> None:
        add_section(layout, self.t(key), view, stretch)

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def now(self) -> datetime:
        return self._services.clock.now().astimezone(self.zone)

    def start(self) -> None:
        self.refresh()
        if self.admin is not None:
            self.admin.start()

    def refresh(self) -> None:
        self._runner.submit(
            read_mine,
            self._services,
            self.session,
            self.now().date(),
            on_done=self.apply,
            on_error=self.message.error,
        )

    def apply(self, found: MyCover) -> None:
        self.mine.set_rows(found.mine)
        self.today_model.set_rows(found.today)
        self.my_posts.set_rows(found.posts)

    def record(self) -> None:
        dialog = AbsenceDialog(self.t, self.session, self.now(), self)
        dialog.submitted.connect(lambda values: self._record(dialog, values))
        self.dialog = dialog
        dialog.open()

    def _record(self, dialog: AbsenceDialog, values: tuple[Any, ...]) -> None:
        def done(absence: AbsenceView) -> None:
            dialog.accept()
            self.message.info(
                self.t(
                    "cover.recorded",
                    name=absence.staff_name,
                    kind=kind_text(self.t, absence.kind),
                    start=stamp(absence.start, self.zone),
                    end=stamp(absence.end, self.zone),
                )
            )
            self._changed()

        self._runner.submit(
            self._services.cover.record_absence,
            self.session,
            *values,
            on_done=done,
            on_error=dialog.message.error,
        )

    def cancel_selected(self) -> None:
        rows = self.mine_view.selectionModel().selectedRows()
        absence = self.mine.row_at(rows[0].row()) if rows else None
        if absence is None:
            self.message.error(self.t("cover.none_selected"))
            return
        self.cancel(absence)

    def cancel(self, absence: AbsenceView) -> None:
        def done(_: object) -> None:
            self.message.info(self.t("cover.cancelled", name=absence.staff_name))
            self._changed()

        self._runner.submit(
            self._services.cover.cancel_absence,
            self.session,
            absence.id,
            on_done=done,
            on_error=self.message.error,
        )

    def _admin_changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def _changed(self) -> None:
        self.refresh()
        if self.admin is not None:
            self.admin.refresh()
        self.changed.emit()

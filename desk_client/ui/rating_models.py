"""Table models of the rating pages: today's ratings, the follow-ups (回访), the statistics.

Each is a ui.models.RowsModel over the services' frozen rows (RatingView, FollowUpView,
RatingStatRow) with colours on top: a bad rating's row is pale red with its level in dark
red, a follow-up has the warning colours of 督办 by its due day (green, yellow near the day,
red past it, ? without calendar, grey when closed). Level, indicator and reason names are
core.ratings' own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desk_client.core.ratings import INDICATORS, LEVELS, level_name, reason_name
from desk_client.services.dto_ratings import FollowUpView, RatingStatRow, RatingView
from desk_client.ui.cases_model import LEVEL_COLOURS
from desk_client.ui.i18n import Labels
from desk_client.ui.models import Column, Index, Row, RowsModel

BAD_COLOURS = LEVEL_COLOURS["red"]
CLOSED_COLOURS = ("#f4f6f8", "#e1e6eb", "#5b6b7a")
#: Columns whose text reads from the left (long texts); the rest are centred.
LEFT_COLUMNS = ("rating.col.reasons", "rating.col.comment", "fu.col.notes", "stats.col.label")


def moment(at: datetime | None, zone: ZoneInfo, pattern: str = "%H:%M") -> str:
    return at.astimezone(zone).strftime(pattern) if at else ""


def reasons_text(reasons: Sequence[str], language: str) -> str:
    return "、".join(reason_name(code, language) for code in reasons)


def mark_text(labels: Labels, view: RatingView) -> str:
    marks = [key for key, on in (("bad", view.bad), ("defaulted", view.defaulted)) if on]
    if view.excluded:
        marks.append("excluded")
    return " · ".join(labels(f"rating.mark.{mark}") for mark in marks)


def ref_text(view: RatingView) -> str:
    """The ticket or case number; a dash when this PC did not make the code (and the rating
    names no case)."""
    return view.ref or "—"


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


class ColouredRows(RowsModel[Row]):
    """RowsModel with a colour scheme per row: (row background, level cell, level text)."""

    def __init__(
        self,
        labels: Labels,
        columns: Sequence[Column],
        colours: Callable[[Row], tuple[str, str, str] | None],
        level_column: str,
    ) -> None:
        super().__init__(labels, columns)
        self._colours = colours
        self._level_column = level_column
        self._keys = tuple(key for key, _ in columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        key = self._keys[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and key in LEFT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key in LEFT_COLUMNS:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        colours = self._colours(row)
        if colours is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QColor(colours[1] if key == self._level_column else colours[0])
        if colours is not None and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(colours[2]) if key == self._level_column else None
        return super().data(index, role)


def ratings_model(labels: Labels, zone: ZoneInfo) -> ColouredRows[RatingView]:
    """今日评价: newest first as the services give them; bad ones marked."""
    language = labels.language

    def indicator(key: str) -> Callable[[RatingView], str]:
        return lambda view: level_name(int(getattr(view, key)), language)

    columns: list[Column] = [
        ("rating.col.time", lambda v: moment(v.submitted_at, zone)),
        ("rating.col.ref", ref_text),
        *((f"rating.ind.{key}", indicator(key)) for key in INDICATORS),
        ("rating.col.reasons", lambda v: reasons_text(v.reasons, language)),
        ("rating.col.comment", lambda v: v.comment),
        ("rating.col.mark", lambda v: mark_text(labels, v)),
    ]
    return ColouredRows(
        labels, columns, lambda v: BAD_COLOURS if v.bad else None, "rating.ind.overall"
    )


def followup_colours(view: FollowUpView) -> tuple[str, str, str] | None:
    if view.level == "closed":
        return CLOSED_COLOURS
    return LEVEL_COLOURS.get(view.level)


def level_label(labels: Labels, view: FollowUpView) -> str:
    return labels("fu.level.closed") if view.level == "closed" else labels(f"level.{view.level}")


def notes_text(view: FollowUpView) -> str:
    return " / ".join(text for text in (view.contact_note, view.rectification) if text)


def followups_model(labels: Labels, zone: ZoneInfo) -> ColouredRows[FollowUpView]:
    """回访: one row per bad rating's follow-up, coloured by its due day."""
    language = labels.language
    columns: list[Column] = [
        ("fu.col.level", lambda f: level_label(labels, f)),
        ("fu.col.due", lambda f: f.due_day.isoformat() if f.due_day else labels("fu.no_day")),
        ("fu.col.rated", lambda f: moment(f.rating.submitted_at, zone, "%m-%d %H:%M")),
        ("rating.col.window", lambda f: str(f.rating.window)),
        ("rating.col.ref", lambda f: ref_text(f.rating)),
        ("rating.col.staff", lambda f: f.rating.staff_name or f.rating.staff_no),
        ("rating.ind.overall", lambda f: level_name(f.rating.overall, language)),
        ("rating.col.reasons", lambda f: reasons_text(f.rating.reasons, language)),
        ("rating.col.comment", lambda f: f.rating.comment),
        ("fu.col.assignee", lambda f: f.assignee_name or f.assignee_no),
        ("fu.col.state", lambda f: labels(f"fu.state.{f.state}")),
        ("fu.col.appeal", lambda f: labels(f"fu.appeal.{f.appeal_state}")),
        ("fu.col.notes", notes_text),
    ]
    return ColouredRows(labels, columns, followup_colours, "fu.col.level")


def stats_model(labels: Labels) -> RowsModel[RatingStatRow]:
    """评价统计: one row per window, staff member, item or day."""

    def level_count(position: int) -> Callable[[RatingStatRow], str]:
        return lambda row: str(row.levels[position])

    columns: list[Column] = [
        ("stats.col.label", lambda r: r.label or r.key),
        ("stats.col.count", lambda r: str(r.count)),
        *((f"rating.level.{level}", level_count(i)) for i, level in enumerate(LEVELS)),
        ("stats.col.satisfaction", lambda r: percent(r.satisfaction)),
        ("stats.col.average", lambda r: f"{r.average:.2f}"),
        ("stats.col.bad", lambda r: str(r.bad)),
        ("stats.col.defaulted", lambda r: str(r.defaulted)),
        ("stats.col.excluded", lambda r: str(r.excluded)),
    ]
    return ColouredRows(labels, columns, lambda r: None, "")

"""今日提醒: the start-of-day summary, shown at a person's first login of the day.

CaseService.summary(session) gives today's red (overdue) and yellow (near the deadline) cases:
the clerk's own, or the whole hall's for a supervisor. The dialog lists them with the same
countdown cells as 我的办件. Whether this is the first login of the day is remembered per staff
number in a small JSON file beside the PC's local store; it is read and written by the worker
(``first_today``), never on the GUI thread. Nothing red or yellow: no dialog.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QTableView, QVBoxLayout, QWidget

from desk_client.config import Config, data_dir
from desk_client.core.clock import Clock
from desk_client.core.workdays import WorkCalendar
from desk_client.services.dto_cases import DaySummary
from desk_client.ui.case_dialogs import buttons_row
from desk_client.ui.cases_model import CasesModel
from desk_client.ui.cases_proxy import CasesProxy
from desk_client.ui.cases_view import WIDTHS, cases_table, size_columns
from desk_client.ui.i18n import Labels
from desk_client.ui.widgets import label

SUMMARY_COLUMNS = ("number", "item", "applicant", "deadline", "remaining", "level")
SEEN_FILE = "summary-seen.json"


def seen_path(config: Config) -> Path:
    """Beside the local store (one file per PC); the data folder when there is none."""
    folder = Path(config.local_store).parent if config.local_store else data_dir()
    return folder / SEEN_FILE


def first_today(path: Path, staff_no: str, day: date) -> bool:
    """Worker side: True the first time ``staff_no`` asks on ``day``, then False that day.

    An unreadable file counts as never seen (the summary shows once more, which is harmless).
    """
    try:
        seen = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        seen = {}
    if not isinstance(seen, dict):
        seen = {}
    if seen.get(staff_no) == day.isoformat():
        return False
    seen[staff_no] = day.isoformat()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(seen, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return True


def has_news(summary: DaySummary) -> bool:
    return bool(summary.red or summary.yellow)


class SummaryDialog(QDialog):
    def __init__(  # noqa: PLR0917
        self,
        labels: Labels,
        zone: ZoneInfo,
        clock: Clock,
        config: Config,
        summary: DaySummary,
        calendar: WorkCalendar | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = labels
        self.summary = summary
        self.setWindowTitle(labels("summary.title", day=summary.day.isoformat()))
        layout = QVBoxLayout(self)
        layout.addWidget(label(labels("summary.title", day=summary.day.isoformat()), 17, bold=True))
        self.models: dict[str, CasesModel] = {}
        self.views: dict[str, QTableView] = {}
        yellow = (config.yellow_days, config.yellow_percent)
        for level, rows in (("red", summary.red), ("yellow", summary.yellow)):
            model = CasesModel(labels, zone, clock.now, config.close_time, yellow, SUMMARY_COLUMNS)
            model.set_calendar(calendar)
            model.set_rows(rows)
            view = cases_table(CasesProxy(model))
            view.sortByColumn(SUMMARY_COLUMNS.index("remaining"), Qt.SortOrder.AscendingOrder)
            size_columns(view, WIDTHS, SUMMARY_COLUMNS)
            view.setMinimumHeight(34 * min(len(rows), 6) + 40)
            self.models[level], self.views[level] = model, view
            heading = label(labels(f"summary.{level}", count=len(rows)), 14, bold=True)
            heading.setStyleSheet("color: #7f1010;" if level == "red" else "color: #5d4300;")
            layout.addWidget(heading)
            layout.addWidget(view, max(1, min(len(rows), 6)))
        if not has_news(summary):
            layout.addWidget(label(labels("summary.none"), 14))
        ok = QPushButton(labels("summary.ok"))
        ok.setObjectName("primary")
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        layout.addLayout(buttons_row(ok))
        self.resize(1300, 620)

"""The supervisor's 排班 page: a day's roster (5+2 weekends: which windows open, who works which
shift) and the categories served that day, edited in place or imported from a file.

- 添加 puts the chosen person at the chosen window for a shift; 删除所选 takes the selected
  rows off; 复制到 copies the whole day to another (last Saturday's to the next). Each is one
  write of a whole day (services.cover.save_roster_day, copy_roster_day), checked by the
  import's rules and refused, changing nothing, when the roster changed since it was shown:
  the page then reads the day again.
- Copying over a day that has a roster asks first, on the page: the button turns into
  确认替换 and the line says how many rows would go; choosing another day or date disarms it.
- 导入 CSV checks the whole file and lists every problem by line, changing nothing when there
  is one; 导出本月 CSV writes the shown day's month in the same format, for a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFileDialog

from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from desk_client.ui.case_dialogs import pydate, read_only_table
from desk_client.ui.cover_tabs import Tab, day_edit
from desk_client.ui.models import RowsModel
from desk_client.ui.problems import ProblemList, refusal_lines
from desk_client.ui.widgets import label

if TYPE_CHECKING:
    from desk_client.ui.cover_admin import CoverAdmin

Entry = tuple[int, str, str]
Problems = tuple[int, tuple[str, ...]]
SHIFTS = ("day", "am", "pm")


def import_roster(services: Services, path: str, language: str) -> Problems:
    """Worker: (rows imported, ()) or (0, the refusal and each problem with its line)."""
    try:
        count = int(services.cover.import_roster(path))
    except DeskError as error:
        return 0, refusal_lines(error, language)
    return count, ()


@dataclass(frozen=True)
class RosterDay:
    day: date
    rows: tuple[Entry, ...]
    served: tuple[str, ...]
    names: dict[str, str]
    windows: tuple[int, ...]
    kind: str  # core.workdays.day_kind: workday, makeup, rest, holiday


def read_roster(services: Services, day: date) -> RosterDay:
    categories = {c.code: f"{c.prefix} {c.name}" for c in services.queue.list_categories()}
    served = tuple(categories.get(code, code) for code in services.cover.categories_served(day))
    names = {no: name for no, (name, _phone) in services.cover.staff().items()}
    windows = tuple(sorted(w.number for w in services.queue.list_windows()))
    kind = services.cover.day_kind(day)
    return RosterDay(day, services.cover.roster(day), served, names, windows, kind)


class RosterTab(Tab):
    def __init__(self, admin: CoverAdmin) -> None:
        super().__init__(admin)
        self.names: dict[str, str] = {}
        self.shown: RosterDay | None = None
        self.armed: tuple[date, date, tuple[Entry, ...]] | None = None
        self.model: RowsModel[Entry] = RowsModel(
            self.t,
            [
                ("cover.col.window", lambda r: self.t("cover.post_window", number=r[0])),
                ("cover.col.staff", lambda r: f"{self.names.get(r[1], '')} {r[1]}".strip()),
                ("cover.col.shift", lambda r: self.t(f"cover.shift.{r[2]}")),
            ],
        )
        self.day = day_edit(admin.next_saturday())
        self.day.dateChanged.connect(lambda _: self.refresh())
        self.row(
            label(self.t("cover.day"), 12),
            self.day,
            self.button("cover.import_roster", self.choose_file),
            self.button("cover.export_roster", self.choose_export),
        )
        self.served = label("", 13, bold=True)
        self.served.setWordWrap(True)
        self.view = read_only_table(self.model, 1)
        self.layout_.addWidget(self.served)
        self.layout_.addWidget(self.view, 1)
        self._edit_rows()
        self.problems = ProblemList()
        self.layout_.addWidget(self.problems)

    def _edit_rows(self) -> None:
        self.window_box, self.staff_box, self.shift_box = QComboBox(), QComboBox(), QComboBox()
        for shift in SHIFTS:
            self.shift_box.addItem(self.t(f"cover.shift.{shift}"), shift)
        self.staff_box.setMinimumWidth(160)
        self.row(
            label(self.t("cover.col.window"), 12),
            self.window_box,
            label(self.t("cover.col.staff"), 12),
            self.staff_box,
            label(self.t("cover.col.shift"), 12),
            self.shift_box,
            self.button("cover.roster_add", self.add),
            self.button("cover.roster_remove", self.remove),
        )
        self.target = day_edit(self.admin.next_saturday() + timedelta(days=7))
        self.target.dateChanged.connect(lambda _: self._disarm())
        self.copy_button = self.button("cover.roster_copy", self.copy)
        self.row(label(self.t("cover.roster_copy_to"), 12), self.target, self.copy_button)

    # -- reading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._disarm()
        self.shown = None  # no edit until the day on screen has been read
        self.submit(read_roster, self.admin.services, pydate(self.day.date()), done=self.apply)

    def apply(self, found: RosterDay) -> None:
        if found.day != pydate(self.day.date()):
            return  # an answer for a day no longer shown
        self.shown, self.names = found, found.names
        self.model.set_rows(())
        self.model.set_rows(found.rows)
        served = "、".join(found.served) or self.t("cover.nothing_served")
        day = self.t(
            "cover.day_of",
            day=found.day.isoformat(),
            weekday=self.t(f"cover.weekday.{found.day.weekday()}"),
            kind=self.t(f"cover.day_kind.{found.kind}"),
        )
        self.served.setText(self.t("cover.served", day=day, categories=served))
        windows = [(self.t("cover.post_window", number=n), n) for n in found.windows]
        self._fill(self.window_box, windows)
        people = [(f"{name} {no}", no) for no, name in sorted(self.names.items())]
        self._fill(self.staff_box, people)

    @staticmethod
    def _fill(box: QComboBox, items: Sequence[tuple[str, object]]) -> None:
        """The box's items, keeping the current choice when it is still offered."""
        current = box.currentData()
        box.clear()
        for text, data in items:
            box.addItem(text, data)
        kept = box.findData(current)
        box.setCurrentIndex(kept if kept >= 0 else 0)

    # -- editing ---------------------------------------------------------------------------

    def add(self) -> None:
        boxes = (self.window_box, self.staff_box, self.shift_box)
        if self.shown is None or any(box.currentIndex() < 0 for box in boxes):
            self.admin.message.error(self.t("cover.roster_not_read"))
            return
        entry = (boxes[0].currentData(), boxes[1].currentData(), boxes[2].currentData())
        self._save([*self.shown.rows, entry])

    def remove(self) -> None:
        picked = {index.row() for index in self.view.selectionModel().selectedRows()}
        if self.shown is None or not picked:
            key = "cover.roster_not_read" if self.shown is None else "cover.roster_none_selected"
            self.admin.message.error(self.t(key))
            return
        self._save([row for i, row in enumerate(self.shown.rows) if i not in picked])

    def _save(self, entries: Sequence[Entry]) -> None:
        assert self.shown is not None
        self.problems.hide()
        cover, shown = self.admin.services.cover, self.shown
        self.admin.runner.submit(
            cover.save_roster_day,
            self.admin.session,
            shown.day,
            tuple(entries),
            shown.rows,
            on_done=lambda _: self.admin.done("cover.roster_saved"),
            on_error=self._refused,
        )

    def _refused(self, text: str) -> None:
        """Nothing was written; the day is read again (it may have changed meanwhile)."""
        self.admin.message.error(text)
        self.refresh()

    # -- copying to another day --------------------------------------------------------------

    def copy(self) -> None:
        if self.shown is None:
            self.admin.message.error(self.t("cover.roster_not_read"))
            return
        shown, target = self.shown, pydate(self.target.date())
        if self.armed is not None and self.armed[:2] == (shown.day, target):
            self._copy(shown, target, self.armed[2])
            return
        read = self.admin.services.cover.roster
        self.submit(read, target, done=lambda rows: self._ask(shown, target, rows))

    def _ask(self, shown: RosterDay, target: date, rows: tuple[Entry, ...]) -> None:
        """An empty day is copied to at once; a planned one only after a second press."""
        if not rows:
            self._copy(shown, target, rows)
            return
        self.armed = (shown.day, target, rows)
        self.copy_button.setText(self.t("cover.roster_copy_confirm"))
        day = target.isoformat()
        self.admin.message.error(self.t("cover.roster_copy_replaces", day=day, count=len(rows)))

    def _copy(self, shown: RosterDay, target: date, replaced: tuple[Entry, ...]) -> None:
        self._disarm()
        copy = partial(
            self.admin.services.cover.copy_roster_day, shown=shown.rows, replaced=replaced
        )

        def copied(rows: tuple[Entry, ...]) -> None:
            day = target.isoformat()
            self.admin.message.info(self.t("cover.roster_copied", day=day, count=len(rows)))
            self.admin.done("")

        self.admin.runner.submit(
            copy, self.admin.session, shown.day, target, on_done=copied, on_error=self._refused
        )

    def _disarm(self) -> None:
        self.armed = None
        self.copy_button.setText(self.t("cover.roster_copy"))

    # -- importing a file ------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.t("cover.import_roster"), str(Path.home()), self.t("cal.csv_filter")
        )
        if path:
            self.import_file(path)

    def month(self) -> tuple[date, date]:
        """The first and last day of the shown day's month: a month's weekends are planned
        together."""
        first = pydate(self.day.date()).replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)

    def choose_export(self) -> None:
        first, _ = self.month()
        default = str(Path.home() / self.t("cover.roster_file", month=first.strftime("%Y-%m")))
        path, _ = QFileDialog.getSaveFileName(
            self, self.t("cover.export_roster"), default, self.t("cal.csv_filter")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        def done(count: int) -> None:
            self.admin.message.info(self.t("cover.roster_exported", count=count, path=path))

        export = self.admin.services.cover.export_roster
        self.submit(export, path, *self.month(), done=done)

    def import_file(self, path: str) -> None:
        self.problems.hide()
        self.submit(import_roster, self.admin.services, path, self.t.language, done=self._imported)

    def _imported(self, outcome: Problems) -> None:
        count, problems = outcome
        if problems:  # the refusal's headline, then each problem with its line
            self.admin.message.error(problems[0])
            self.problems.show_lines(problems)
            return
        self.admin.message.info(self.t("cover.roster_imported", count=count))
        self.admin.done("")

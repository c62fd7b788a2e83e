"""The materials of one service item with the clerk's tick for each (材料核对).

One row per material of the item, in the guide's order: name, form, copies, required or
the condition in words, the status (齐全 / 缺少 / 不符合要求 / 不适用) and the reason of a
non-conforming material. The clerk ticks in ui.materials_view (keys 1-4 or a combobox);
the reason cell is plain text.

On a return visit (补正) the model knows what the earlier one-time notice listed: those rows
are highlighted, and asking for anything else is refused here, through the core rule
``enforce_one_time``, until a supervisor's approval for that material is added. The refusal
is emitted as ``new_demand`` so the page can offer the approval dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from desk_client.core.catalogue import Material, ServiceItem
from desk_client.core.checklist import (
    ExceptionApproval,
    MaterialCheck,
    MaterialStatus,
    enforce_one_time,
    validate_checks,
)
from desk_client.core.errors import DeskError
from desk_client.ui.i18n import Labels
from desk_client.ui.i18n_checklist import form_text, status_text

Index = QModelIndex | QPersistentModelIndex
NAME, FORM, COPIES, NEED, STATUS, REASON = range(6)
HEADERS = ("mat.name", "mat.form", "mat.copies", "mat.need", "mat.status", "mat.reason")
#: Keys 1-4 on a selected row, in the order the legend shows them.
KEY_STATUS = {
    Qt.Key.Key_1: MaterialStatus.PRESENT,
    Qt.Key.Key_2: MaterialStatus.MISSING,
    Qt.Key.Key_3: MaterialStatus.NONCONFORMING,
    Qt.Key.Key_4: MaterialStatus.NOT_APPLICABLE,
}
PROBLEMS = frozenset({MaterialStatus.MISSING, MaterialStatus.NONCONFORMING})
STATUS_COLOURS = {
    MaterialStatus.PRESENT: "#1b5e20",
    MaterialStatus.MISSING: "#b71c1c",
    MaterialStatus.NONCONFORMING: "#b45309",
    MaterialStatus.NOT_APPLICABLE: "#5b6b7a",
}
LISTED_BACKGROUND = "#fff4d6"  # on the earlier notice: what the applicant was told to bring
APPROVED_BACKGROUND = "#efe7fb"  # an exception a supervisor approved


@dataclass(frozen=True)
class MaterialRow:
    material: Material
    status: MaterialStatus | None = None  # None: not ticked yet
    reason: str = ""
    listed: bool = False


class MaterialsModel(QAbstractTableModel):
    """The checklist of one item. ``refused`` carries a refusal's text for the message line;
    ``new_demand`` (material, status, message) a return visit's request the one-time rule
    forbids without a supervisor's approval."""

    refused = Signal(str)
    new_demand = Signal(str, object, str)
    ticks_changed = Signal()

    def __init__(self, labels: Labels, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._labels = labels
        self._item: ServiceItem | None = None
        self._rows: list[MaterialRow] = []
        self._listed: frozenset[str] | None = None
        self._approvals: dict[str, ExceptionApproval] = {}

    # ---- loading ----------------------------------------------------------------------
    def load(self, item: ServiceItem | None, listed: Sequence[str] | None = None) -> None:
        """A new visit (``listed`` None: nothing ticked yet) or a return visit: the listed
        materials are left for the clerk to check again, every other required one preset
        齐全. A conditional one the notice did not ask for is preset 不适用: presetting it 齐全
        would put a paper nobody handed in on the acceptance notice's list of received ones."""
        self.beginResetModel()
        self._item = item
        self._listed = None if listed is None else frozenset(listed)
        self._approvals = {}
        self._rows = [self._first_row(m) for m in (item.materials if item else ())]
        self.endResetModel()
        self.ticks_changed.emit()

    def _first_row(self, material: Material) -> MaterialRow:
        if self._listed is None:
            return MaterialRow(material)
        if material.name in self._listed:
            return MaterialRow(material, listed=True)
        preset = MaterialStatus.PRESENT if material.required else MaterialStatus.NOT_APPLICABLE
        return MaterialRow(material, preset)

    @property
    def item(self) -> ServiceItem | None:
        return self._item

    @property
    def return_visit(self) -> bool:
        return self._listed is not None

    def approvals(self) -> tuple[ExceptionApproval, ...]:
        return tuple(self._approvals.values())

    def add_approval(self, approval: ExceptionApproval) -> None:
        self._approvals[approval.material] = approval
        row = self.row_of(approval.material)
        if row >= 0:
            self._changed(row, NAME, REASON)

    def row_of(self, name: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.material.name == name), -1)

    def row_at(self, row: int) -> MaterialRow:
        return self._rows[row]

    def checks(self) -> tuple[MaterialCheck, ...]:
        """The ticked rows; an unticked one is left out, and the service names it."""
        return tuple(
            MaterialCheck(r.material.name, r.status, r.reason.strip())
            for r in self._rows
            if r.status is not None
        )

    def counts(self) -> tuple[int, int]:
        """(unticked, missing or non-conforming)."""
        unticked = sum(r.status is None for r in self._rows)
        return unticked, sum(r.status in PROBLEMS for r in self._rows)

    # ---- changing a tick ---------------------------------------------------------------
    def set_status(self, row: int, status: MaterialStatus) -> bool:
        """Tick one row; a refusal changes nothing and is emitted with its message."""
        current = self._rows[row]
        check = MaterialCheck(current.material.name, status)
        problem = self._refusal(current.material, check)
        if problem is not None:
            self._emit_refusal(problem, current.material.name, status)
            return False
        keep = current.reason if status is MaterialStatus.NONCONFORMING else ""
        self._rows[row] = replace(current, status=status, reason=keep)
        self._changed(row, STATUS, REASON)
        self.ticks_changed.emit()
        return True

    def set_reason(self, row: int, reason: str) -> bool:
        current = self._rows[row]
        if current.status is not MaterialStatus.NONCONFORMING:
            return False
        check = MaterialCheck(current.material.name, current.status, reason.strip())
        problem = self._refusal(current.material, check, reason_given=True)
        if problem is not None:
            self.refused.emit(problem.message(self._labels.language))
            return False
        self._rows[row] = replace(current, reason=reason.strip())
        self._changed(row, REASON, REASON)
        return True

    def _refusal(
        self, material: Material, check: MaterialCheck, *, reason_given: bool = False
    ) -> DeskError | None:
        """The core rules, for this one row: not_applicable only for a conditional
        material, an over-long reason, and the one-time rule on a return visit."""
        only = replace(self._item, materials=(material,)) if self._item else None
        try:
            wants_reason = check.status is MaterialStatus.NONCONFORMING and not reason_given
            if only is not None and not wants_reason:  # the reason comes next, in its cell
                validate_checks(only, (check,))
            if self._listed is not None:
                enforce_one_time(self._listed, (check,), tuple(self._approvals.values()))
        except DeskError as error:
            return error
        return None

    def _emit_refusal(self, error: DeskError, name: str, status: MaterialStatus) -> None:
        text = error.message(self._labels.language)
        if error.code == "checklist.new_demand":
            self.new_demand.emit(name, status, text)
        else:
            self.refused.emit(text)

    def _changed(self, row: int, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(row, first), self.index(row, last))

    # ---- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self._rows[index.row()]
        if index.column() == STATUS or (
            index.column() == REASON and row.status is MaterialStatus.NONCONFORMING
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(row, index.column())
        return self._look(row, index.column(), role)

    def _text(self, row: MaterialRow, column: int) -> str:
        m, t = row.material, self._labels
        if column == NEED:
            return t("mat.required") if m.required else t("mat.conditional", condition=m.condition)
        if column == STATUS:
            return status_text(row.status, t.language) if row.status else t("mat.unticked")
        if column == REASON:
            needed = row.status is MaterialStatus.NONCONFORMING and not row.reason
            return t("mat.reason_needed") if needed else row.reason
        if column == FORM:
            return form_text(m.form, t.language)
        return str(m.copies) if column == COPIES else self._name_text(row)

    def _name_text(self, row: MaterialRow) -> str:
        name = row.material.name
        if row.listed:
            return self._labels("mat.listed_mark", name=name)
        if name in self._approvals:
            return self._labels("mat.approved_mark", name=name)
        return name

    def _edit_value(self, row: MaterialRow, column: int) -> Any:
        if column == STATUS:
            return row.status.value if row.status else ""
        if column == REASON:
            return row.reason
        return self._text(row, column)

    def _look(self, row: MaterialRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            centred = column in (FORM, COPIES, STATUS)
            horizontal = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _background(self, row: MaterialRow) -> QColor | None:
        if row.listed:
            return QColor(LISTED_BACKGROUND)
        if row.material.name in self._approvals:
            return QColor(APPROVED_BACKGROUND)
        return None

    def _colour(self, row: MaterialRow, column: int) -> QColor | None:
        if column == STATUS:
            return QColor(STATUS_COLOURS[row.status]) if row.status else QColor("#8a96a3")
        if column == REASON and row.status is MaterialStatus.NONCONFORMING and not row.reason:
            return QColor("#b71c1c")
        return None

    def _tooltip(self, row: MaterialRow) -> str | None:
        m = row.material
        parts = [
            self._labels(key, text=text)
            for key, text in (("mat.source", m.source), ("mat.notes", m.notes))
            if text
        ]
        approval = self._approvals.get(m.name)
        if approval is not None:
            parts.append(
                self._labels("mat.approval", name=approval.supervisor_name, reason=approval.reason)
            )
        return "\n".join(parts) or None

    def setData(  # noqa: N802
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == STATUS:
            try:
                status = MaterialStatus(value)
            except ValueError:
                return False
            return self.set_status(index.row(), status)
        if index.column() == REASON:
            return self.set_reason(index.row(), str(value))
        return False

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return self._labels(HEADERS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

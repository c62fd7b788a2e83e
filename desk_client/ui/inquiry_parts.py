"""The two halves of the inquiry form's left side: the person and matter, the materials.

PersonBox: channel, person or organisation, name, phone, an optional ID number (checked with
core's GB 11643 / GB 32100 rules when the field is left, then shown masked; Backspace starts
over), the matter and the optional service item (``pick_requested`` asks the form to open
the item picker). MaterialsBox: the materials received, name and copies, edited in place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import check_credit_code, check_resident_id
from desk_client.ui.applicant_form import IdEdit
from desk_client.ui.i18n import Labels
from desk_client.ui.inquiries_model import ReceivedModel
from desk_client.ui.widgets import label

CHANNELS = ("visit", "phone", "letter", "online")
KINDS = ("person", "organisation")


def no_focus_button(text: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(slot)
    return button


class PersonBox(QGroupBox):
    """``refused`` with a DeskError of the ID check; ``pick_requested`` for the picker."""

    refused = Signal(object)
    id_accepted = Signal()
    pick_requested = Signal()

    def __init__(self, labels: Labels, today: Callable[[], date]) -> None:
        super().__init__(labels("inq.person_box"))
        self.t = labels
        self._today = today
        self.item_code = ""
        self.channel, self.kind = QComboBox(), QComboBox()
        for code in CHANNELS:
            self.channel.addItem(labels(f"inq.channel.{code}"), code)
        for code in KINDS:
            self.kind.addItem(labels(f"inq.kind.{code}"), code)
        self.name, self.phone, self.id_edit = QLineEdit(), QLineEdit(), IdEdit()
        self.id_edit.setPlaceholderText(labels("inq.id_hint"))
        self.id_edit.editingFinished.connect(self.check_id)
        self.matter = QPlainTextEdit()
        self.matter.setTabChangesFocus(True)
        self.matter.setPlaceholderText(labels("inq.matter_hint"))
        self.matter.setMaximumHeight(160)
        self.item_label = label(labels("inq.no_item"), 12)
        self.item_label.setWordWrap(True)
        form = QFormLayout(self)
        for key, widget in (
            ("inq.channel", self.channel),
            ("inq.kind", self.kind),
            ("inq.name", self.name),
            ("inq.phone_of_person", self.phone),
            ("inq.id_number", self.id_edit),
            ("inq.matter", self.matter),
        ):
            form.addRow(labels(key), widget)
        form.addRow(labels("inq.item"), self._item_row())

    def _item_row(self) -> QVBoxLayout:
        """The item's code and name on a line of their own, the buttons under them."""
        buttons = QHBoxLayout()
        pick = f"{self.t('inq.pick_item')}  Ctrl+F"
        buttons.addWidget(no_focus_button(pick, self.pick_requested.emit))
        buttons.addWidget(no_focus_button(self.t("inq.clear_item"), lambda: self.set_item("", "")))
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(self.item_label)
        column.addLayout(buttons)
        return column

    def fields(self) -> dict[str, QWidget]:
        return {
            "channel": self.channel,
            "kind": self.kind,
            "name": self.name,
            "phone": self.phone,
            "id": self.id_edit,
            "matter": self.matter,
            "item": self.item_label,
        }

    def check_id(self) -> None:
        number = self.id_edit.number()
        if not number or self.id_edit.isReadOnly():
            return
        try:
            if self.kind.currentData() == "organisation":
                checked = check_credit_code(number)
            else:
                checked = check_resident_id(number, self._today())
        except DeskError as error:
            self.refused.emit(error)
            return
        self.id_edit.show_masked(checked)
        self.id_accepted.emit()

    def set_item(self, code: str, name: str) -> None:
        self.item_code = code
        self.item_label.setText(f"{code}  {name}" if code else self.t("inq.no_item"))

    def clear(self) -> None:
        for edit in (self.name, self.phone):
            edit.clear()
        self.id_edit.start_over()
        self.matter.clear()
        self.set_item("", "")
        self.channel.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)


class MaterialsBox(QGroupBox):
    def __init__(self, labels: Labels) -> None:
        super().__init__(labels("inq.materials_box"))
        self.model = ReceivedModel(labels)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(1, 90)
        buttons = QHBoxLayout()
        buttons.addWidget(no_focus_button(f"{labels('inq.add_material')}  Ctrl+N", self.add))
        remove = f"{labels('inq.remove_material')}  Ctrl+Delete"
        buttons.addWidget(no_focus_button(remove, self.remove))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def add(self) -> None:
        row = self.model.add()
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove(self) -> None:
        current = self.view.currentIndex()
        if current.isValid():
            self.model.remove(current.row())

"""The small transfer dialog (转移): to another category, or to a named window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.dto import CategoryInfo, WindowInfo
from desk_client.ui.i18n import Labels, window_text


class TransferDialog(QDialog):
    """Pick one target; ``target()`` gives (category_code, target_window)."""

    def __init__(
        self,
        labels: Labels,
        categories: Sequence[CategoryInfo],
        windows: Sequence[WindowInfo],
        own_window: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(labels("transfer.title"))
        self.by_category = QRadioButton(labels("transfer.to_category"))
        self.by_window = QRadioButton(labels("transfer.to_window"))
        self.by_category.setChecked(True)
        self.category_box = QComboBox()
        for category in categories:
            self.category_box.addItem(f"{category.prefix} {category.name}", category.code)
        self.window_box = QComboBox()
        for window in windows:
            if window.number != own_window:
                text = window_text(labels, window)
                self.window_box.addItem(text, window.number)
        self.category_box.activated.connect(lambda _: self.by_category.setChecked(True))
        self.window_box.activated.connect(lambda _: self.by_window.setChecked(True))
        buttons = QDialogButtonBox()
        buttons.addButton(labels("transfer.ok"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(labels("transfer.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.by_category, self.category_box)
        form.addRow(self.by_window, self.window_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def target(self) -> tuple[str | None, int | None]:
        if self.by_window.isChecked():
            number = self.window_box.currentData()
            return None, int(number) if number is not None else None
        code = self.category_box.currentData()
        return (str(code) if code is not None else None), None

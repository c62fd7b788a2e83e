"""Small shared pieces: the calm house style, the red offline banner, the message line."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

#: One family list for every window: the CJK font loaded at start-up comes first.
FONT_FAMILIES = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif"]

STYLE = """
QWidget { color: #1f2a37; }
QMainWindow, QDialog { background: #f4f6f8; }
QPushButton {
    background: #ffffff; border: 1px solid #b8c4d0; border-radius: 8px;
    padding: 10px 16px; font-size: 18px;
}
QPushButton:hover { background: #eaf1f8; }
QPushButton:pressed { background: #d6e4f2; }
QPushButton:disabled { color: #9aa6b2; background: #f0f2f4; }
QPushButton#primary { background: #1f5f99; color: #ffffff; border-color: #1f5f99; }
QPushButton#primary:hover { background: #2a6fad; }
QPushButton#category {
    background: #1f5f99; color: #ffffff; border: none; border-radius: 14px;
    font-size: 30px; padding: 10px;
}
QPushButton#priority { font-size: 20px; }
QPushButton#priority:checked { background: #2e7d32; color: #ffffff; border-color: #2e7d32; }
QLineEdit, QComboBox { padding: 6px 8px; font-size: 18px; border: 1px solid #b8c4d0;
    border-radius: 6px; background: #ffffff; }
QTableView { background: #ffffff; border: 1px solid #d5dde5; font-size: 16px;
    gridline-color: #e6ebf0; selection-background-color: #d6e4f2; selection-color: #1f2a37; }
QHeaderView::section { background: #e9eef3; border: none; padding: 6px; font-size: 15px; }
QLabel#banner { background: #c62828; color: #ffffff; font-size: 18px; padding: 8px 12px; }
QLabel#message { font-size: 17px; padding: 4px 2px; }
QLabel#sectionTitle { font-size: 17px; font-weight: bold; color: #3b4a5a; }
QFrame#card { background: #ffffff; border: 1px solid #d5dde5; border-radius: 12px; }
QStatusBar { font-size: 14px; color: #3b4a5a; }
QStatusBar QLabel { padding: 0 14px; }
"""


def font(point_size: int, *, bold: bool = False) -> QFont:
    result = QFont()
    result.setFamilies(FONT_FAMILIES)
    result.setPointSize(point_size)
    result.setBold(bold)
    return result


def label(text: str = "", point_size: int = 14, *, bold: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setFont(font(point_size, bold=bold))
    return widget


def add_section(layout: QBoxLayout, text: str, view: QWidget, stretch: int) -> QLabel:
    """A titled list: the section title (QLabel#sectionTitle), then ``view``; the title."""
    title = label(text, 14, bold=True)
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    layout.addWidget(view, stretch)
    return title


class Banner(QLabel):
    """The red line across the top while the central database cannot be reached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.show()

    def follow(self, online: bool, text: str) -> None:
        """Hidden while online; shows ``text`` while offline."""
        if online:
            self.hide()
        else:
            self.show_text(text)


class MessageLine(QLabel):
    """One line for the last refusal (red) or confirmation (green); never a pop-up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setMinimumHeight(32)

    def error(self, text: str) -> None:
        self.setStyleSheet("color: #b71c1c;")
        self.setText(text)

    def info(self, text: str) -> None:
        self.setStyleSheet("color: #1b5e20;")
        self.setText(text)

    def clear_text(self) -> None:
        self.setText("")


def table_view(model: QAbstractItemModel) -> QTableView:
    """A read-only list of rows, one selected at a time, that never takes the keyboard."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return view

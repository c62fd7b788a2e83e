"""The clerk window's layout (ui.clerk.ClerkWindow): which widget goes where, and its keys.

Kept apart from the window's behaviour: the window declares the widgets made here and acts on
them; nothing here talks to a service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.ui.clerk_pages import add_shortcut
from desk_client.ui.ticket_card import TicketCard
from desk_client.ui.widgets import MessageLine, add_section, label, table_view

if TYPE_CHECKING:
    from desk_client.ui.clerk import ClerkWindow

#: (shortcut, label key, method name)
ACTIONS = (
    ("F1", "clerk.call", "call_next"),
    ("F2", "clerk.recall", "recall"),
    ("F3", "clerk.no_show", "no_show"),
    ("F4", "clerk.finish", "finish"),
    ("F5", "clerk.transfer", "transfer"),
    ("F6", "clerk.hold", "hold"),
)
EMERGENCY_KEY = "F8"
LOGOUT_KEY = "Ctrl+Shift+L"


def build(window: ClerkWindow) -> None:
    """The window's widgets: the card and the F-key grid left, the queues right, the status
    bar with the logout. Actions are the window's methods, named in ACTIONS."""
    window.setWindowTitle(
        window.t("clerk.title", window=window.window_number, name=window.session.hall.name)
    )
    window.banner = window.mode.banner
    window.message = MessageLine()
    central = QWidget()
    outer = QVBoxLayout(central)
    outer.addWidget(window.banner)
    body = QHBoxLayout()
    body.setSpacing(20)
    body.addLayout(_left_column(window), 3)
    body.addLayout(_right_column(window), 2)
    outer.addLayout(body)
    window.setCentralWidget(central)
    _build_status_bar(window)
    window.resize(1280, 800)


def _left_column(window: ClerkWindow) -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(14)
    window.card = TicketCard(window.t)
    column.addWidget(window.card, 3)
    column.addWidget(window.message)
    grid = QGridLayout()
    grid.setSpacing(12)
    window.buttons = {}
    for index, (key, label_key, method) in enumerate(ACTIONS):
        button = QPushButton(f"{key}  {window.t(label_key)}")
        button.setMinimumHeight(64)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if method == "call_next":
            button.setObjectName("primary")
        button.clicked.connect(getattr(window, method))
        window.buttons[method] = button
        grid.addWidget(button, index // 3, index % 3)
        add_shortcut(window, key, getattr(window, method))
    column.addLayout(grid)
    column.addLayout(_reinstate_row(window))
    add_shortcut(window, EMERGENCY_KEY, window.mode.issue)
    return column


def _reinstate_row(window: ClerkWindow) -> QHBoxLayout:
    row = QHBoxLayout()
    window.reinstate_edit = QLineEdit()
    window.reinstate_edit.setPlaceholderText(window.t("clerk.reinstate_hint"))
    window.reinstate_edit.returnPressed.connect(window.reinstate)
    button = QPushButton(window.t("clerk.reinstate"))
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(window.reinstate)
    row.addWidget(window.reinstate_edit, 1)
    row.addWidget(button)
    return row


def _right_column(window: ClerkWindow) -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(8)
    window.queues_view = table_view(window.queues)
    window.held_view = table_view(window.held)
    window.served_view = table_view(window.served)
    resume = QPushButton(f"F7  {window.t('clerk.resume')}")
    resume.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    resume.clicked.connect(window.resume)
    window.buttons["resume"] = resume
    add_shortcut(window, "F7", window.resume)
    add_shortcut(window, "F9", window.customer.toggle)
    column.addWidget(window.mode.panel, 2)  # offline, in place of the central queues
    queues = add_section(column, window.t("clerk.queues"), window.queues_view, 2)
    window.mode.central_only = (queues, window.queues_view)
    add_section(column, window.t("clerk.held"), window.held_view, 1)
    column.addWidget(resume)
    add_section(column, window.t("clerk.served"), window.served_view, 3)
    return column


def _build_status_bar(window: ClerkWindow) -> None:
    bar = window.statusBar()
    staff = window.t("status.staff", name=window.session.name, staff_no=window.session.staff_no)
    bar.addWidget(label(window.t("status.window", window=window.window_number), 11))
    bar.addWidget(label(staff, 11))
    window.mode.add_to(bar)
    logout = QPushButton(f"{window.t('clerk.logout')}  {LOGOUT_KEY}")
    logout.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    logout.clicked.connect(window.log_out)
    bar.addPermanentWidget(logout)
    add_shortcut(window, LOGOUT_KEY, window.log_out)

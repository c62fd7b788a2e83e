"""The clerk window's card: the window's current ticket, large (当前号)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout

from desk_client.services.dto import TicketView
from desk_client.ui.i18n import Labels
from desk_client.ui.widgets import label


class TicketCard(QFrame):
    """Number, category, state: what the clerk reads at a glance."""

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self.t = labels
        self.setObjectName("card")
        self.number_label = label("", 96, bold=True)
        self.number_label.setStyleSheet("color: #0d3b66;")
        self.category_label = label("", 22)
        self.state_label = label("", 18)
        self.state_label.setStyleSheet("color: #3b4a5a;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        for widget in (self.number_label, self.category_label, self.state_label):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)

    def show_idle(self, hint_key: str) -> None:
        """No ticket: say so, and which key calls one (``hint_key``)."""
        self.show_number(self.t("clerk.no_ticket"), self.t(hint_key), "")

    def show_ticket(self, ticket: TicketView) -> None:
        calls = self.t("clerk.calls", count=ticket.call_count) if ticket.call_count else ""
        state = "  ·  ".join(part for part in (self.t.state(ticket.state), calls) if part)
        self.show_number(ticket.number, ticket.category_name, state)

    def show_number(self, number: str, category: str, state: str) -> None:
        self.number_label.setText(number)
        self.category_label.setText(category)
        self.state_label.setText(state)

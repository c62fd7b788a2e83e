"""Reception / self-service kiosk (取号机, --mode kiosk).

Big category buttons, a 绿色通道 toggle for the priority lane, appointment check-in by code.
Issuing goes through the worker; the slip is built by services.printing.ticket_slip (also in
the worker: reportlab and the rasteriser are slow-ish) and printed by DocumentPrinter.
On a weekend or holiday (5+2) only the categories the roster's open windows serve are offered
(CoverService.categories_served); the buttons are read again when the day changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.services.app import Services
from desk_client.services.dto import CategoryInfo, HallBoard, IssuedTicket, PrintedDocument
from desk_client.ui.context import UiContext
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import Banner, MessageLine, label

BOARD_REFRESH_MS = 5000


def today_of(services: Services) -> date:
    return services.clock.now().astimezone(ZoneInfo(services.config.timezone)).date()


def served_categories(services: Services, day: date) -> tuple[CategoryInfo, ...]:
    """Worker: the categories served on ``day`` (all on a working day), in the hall's order."""
    served = set(services.cover.categories_served(day))
    return tuple(c for c in services.queue.list_categories() if c.code in served)


class KioskWindow(QMainWindow):
    def __init__(self, ctx: UiContext, printer: DocumentPrinter) -> None:
        super().__init__()
        self.ctx = ctx
        self.t = ctx.labels
        self.printer = printer
        self.category_buttons: dict[str, QPushButton] = {}
        self.categories: tuple[CategoryInfo, ...] = ()
        self.last_issued: IssuedTicket | None = None
        self.last_document: PrintedDocument | None = None
        self.day: date | None = None
        self._build()
        printer.printed.connect(lambda _where: self.message.info(self.t("kiosk.printed")))
        printer.failed.connect(self.message.error)
        retry = ctx.services.config.retry_s
        ctx.monitor.changed.connect(
            lambda s: self.banner.follow(s.online, self.t("banner.offline", seconds=retry))
        )
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh_board)

    def _build(self) -> None:
        self.setWindowTitle(self.t("kiosk.title"))
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(18)
        self.banner = Banner()
        self.hall_label = label("", 30, bold=True)
        choose = label(self.t("kiosk.choose"), 22)
        for widget in (self.hall_label, choose):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.priority = QPushButton(self.t("kiosk.priority"))
        self.priority.setObjectName("priority")
        self.priority.setCheckable(True)
        self.priority.setMinimumHeight(56)
        self.message = MessageLine()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (self.banner, self.hall_label, choose):
            layout.addWidget(widget)
        layout.addLayout(self.grid, 3)
        layout.addWidget(self.priority)
        layout.addLayout(self._appointment_row())
        layout.addWidget(self._result_card(), 2)
        layout.addWidget(self.message)
        self.setCentralWidget(root)
        self.resize(1080, 1000)

    def _appointment_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.appointment = QLineEdit()
        self.appointment.setPlaceholderText(self.t("kiosk.appointment_hint"))
        self.appointment.setMinimumHeight(52)
        self.appointment.returnPressed.connect(self.check_in)
        button = QPushButton(self.t("kiosk.check_in"))
        button.setMinimumHeight(52)
        button.clicked.connect(self.check_in)
        row.addWidget(label(self.t("kiosk.appointment"), 18))
        row.addWidget(self.appointment, 1)
        row.addWidget(button)
        return row

    def _result_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        self.result_caption = label("", 20)
        self.result_number = label("", 80, bold=True)
        self.result_number.setStyleSheet("color: #0d3b66;")
        self.result_detail = label("", 20)
        box = QVBoxLayout(card)
        for widget in (self.result_caption, self.result_number, self.result_detail):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(widget)
        return card

    def start(self) -> None:
        self.show()
        self.refresh_board()
        self.timer.start(BOARD_REFRESH_MS)

    def load_categories(self) -> None:
        day = today_of(self.ctx.services)

        def loaded(categories: tuple[CategoryInfo, ...]) -> None:
            self.day = day
            self.set_categories(categories)

        self.ctx.runner.submit(
            served_categories, self.ctx.services, day, on_done=loaded, on_error=self.message.error
        )

    def set_categories(self, categories: Sequence[CategoryInfo]) -> None:
        self.categories = tuple(categories)
        for button in self.category_buttons.values():
            button.deleteLater()
        self.category_buttons.clear()
        columns = 2 if len(categories) > 3 else 1
        for index, category in enumerate(categories):
            button = QPushButton(f"{category.prefix}  {category.name}")
            button.setObjectName("category")
            button.setMinimumHeight(132)
            button.clicked.connect(lambda _=False, code=category.code: self.issue(code))
            self.grid.addWidget(button, index // columns, index % columns)
            self.category_buttons[category.code] = button

    def refresh_board(self) -> None:
        if self.day != today_of(self.ctx.services):  # at start, and after midnight
            self.load_categories()
        self.ctx.runner.submit(
            self.ctx.services.queue.hall_board, on_done=self._got_board, on_error=lambda _: None
        )

    def _got_board(self, board: HallBoard) -> None:
        self.hall_label.setText(board.hall.name)
        waiting = {queue.code: queue.waiting for queue in board.queues}
        for category in self.categories:
            button = self.category_buttons.get(category.code)
            if button is not None:
                count = self.t("kiosk.waiting_now", count=waiting.get(category.code, 0))
                button.setText(f"{category.prefix}  {category.name}\n{count}")

    def issue(self, category_code: str) -> None:
        priority = self.priority.isChecked()
        self.ctx.runner.submit(
            lambda: self.ctx.services.queue.issue_ticket(category_code, priority=priority),
            on_done=self._issued,
            on_error=self.message.error,
        )

    def check_in(self) -> None:
        code = self.appointment.text().strip().upper()
        if not code:
            self.appointment.setFocus()
            return
        self.ctx.runner.submit(
            self.ctx.services.queue.check_in_appointment,
            code,
            on_done=self._issued,
            on_error=self.message.error,
        )

    def _issued(self, issued: IssuedTicket) -> None:
        self.show_issued(issued)
        self.ctx.runner.submit(
            self.ctx.services.printing.ticket_slip,
            issued,
            on_done=self._print,
            on_error=self.message.error,
        )
        self.refresh_board()

    def show_issued(self, issued: IssuedTicket) -> None:
        self.last_issued = issued
        self.priority.setChecked(False)
        self.appointment.clear()
        self.result_caption.setText(self.t("kiosk.issued"))
        self.result_number.setText(issued.ticket.number)
        detail = [self.t("kiosk.ahead", count=issued.people_ahead)]
        if issued.estimated_wait_min is not None:
            detail.append(self.t("kiosk.wait", minutes=issued.estimated_wait_min))
        self.result_detail.setText(
            "，".join(detail) if not self.t.language.startswith("en") else ", ".join(detail)
        )
        self.message.clear_text()

    def _print(self, document: PrintedDocument) -> None:
        self.last_document = document
        self.printer.print_document(document, self)

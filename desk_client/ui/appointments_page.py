"""The clerk window's 预约 page (Ctrl+Shift+Y): book a citizen's visit, see the day's list.

A weekend (5+2) visit booked on a weekday, or the return visit after a one-time notice: the
clerk picks the service and the date, chooses a slot ("10:00–10:30  余 3/4"; a full slot and
one already begun cannot be chosen), types the name and, optionally, a phone, and presses
预约并打印凭条. services.appointments.book decides everything (capacity, the day served, the
name and phone); the page only shows its answer:

- booked: the slip prints through the pages' DocumentPrinter like every other slip, name and
  phone are cleared for the next person, the status line reads the code, day and slot out
  ("已预约 YY261128007：2026-11-28（星期六）10:00–10:30"), slots and list are read again. A
  slip that cannot be built does not undo the booking: the line says both.
- refused: the refusal's message in the status line, the field it is about (name, phone)
  framed in red, and nothing in the form changes, so the clerk corrects and presses again.
- a day that does not serve the service (a holiday, a weekend day whose roster serves other
  services) shows the service's refusal where the slots would be.

The day's list shares the form's date: every service's appointments of that day, with who
came (已签到 and the ticket's number). 按预约码查找 above it shows a code's day and selects its
row; 补打凭条 prints the selected one's slip again; 取消所选预约 asks on the page first, as
排班's 复制 does (ui.appointments_actions); 改约 loads the selected booking into the form,
whose button then moves it to the slot chosen (ui.appointments_reschedule). The page reads
again when it is shown and after every change; an answer for a date or service no longer
shown is dropped. Every service call runs on the worker. Another page may fill the form in
(``prefill``: the checklist's 预约补正时间 after a one-time notice; ui.appointments_prefill);
the clerk still chooses the slot and books.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.core.errors import DeskError
from desk_client.services.dto import CategoryInfo, StaffSession
from desk_client.services.dto_appointments import AppointmentView, SlotView
from desk_client.ui import appointments_reschedule as reschedule
from desk_client.ui.appointments_actions import ask_cancel, find_row, list_buttons, select_sought
from desk_client.ui.appointments_jobs import (
    Booked,
    BookRequest,
    SlotsRead,
    book_and_slip,
    list_categories,
    read_day,
    read_slots,
)
from desk_client.ui.appointments_model import AppointmentsModel, booked_text, slot_line
from desk_client.ui.appointments_prefill import Prefill, apply_prefill, usable_phone
from desk_client.ui.case_dialogs import pydate
from desk_client.ui.context import UiContext
from desk_client.ui.cover_tabs import day_edit
from desk_client.ui.printing import DocumentPrinter
from desk_client.ui.widgets import MessageLine, label, table_view

BAD_FIELD = "border: 2px solid #c62828;"
#: The date and the slots read as large as the other fields (the house STYLE sizes those).
PAGE_STYLE = """
QDateEdit { padding: 6px 8px; font-size: 18px; }
QListWidget { font-size: 17px; }
QListWidget::item { padding: 3px 4px; }
"""
#: The form field a refusal is about, by its code.
FIELD_OF_CODE = {"appointment.bad_name": "name", "appointment.bad_phone": "phone"}
START = Qt.ItemDataRole.UserRole


class AppointmentsPage(QWidget):
    #: The day's list's controls, built by ui.appointments_actions (find_row, list_buttons).
    code_edit: QLineEdit
    find_button: QPushButton
    reprint_button: QPushButton
    cancel_button: QPushButton
    reschedule_button: QPushButton

    def __init__(self, ctx: UiContext, session: StaffSession, printer: DocumentPrinter) -> None:
        super().__init__()
        self.ctx = ctx
        self.t = ctx.labels
        self._services = ctx.services
        self._runner = ctx.runner
        self.session = session
        self.printer = printer
        self.zone = ZoneInfo(session.hall.timezone or ctx.services.config.timezone)
        self.model = AppointmentsModel(self.t, self.zone)
        self.categories: tuple[CategoryInfo, ...] = ()
        self.shown_slots: SlotsRead | None = None
        self.armed: str | None = None  # the code 确认取消 would cancel
        self.seek: tuple[date, str] | None = None  # the row 按预约码查找 selects once read
        self.busy = False
        self.last: AppointmentView | None = None
        self.moving: AppointmentView | None = None  # the booking the form moves (改约)
        self.wanted: Prefill | None = None  # prefill's, until the services are listed
        self._slip_for = ""  # the booked line a failing slip is reported with
        self._build()
        printer.failed.connect(self._print_failed)
        printer.printed.connect(lambda _where: self._slip_done())

    # ---- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        body = QHBoxLayout()
        body.addWidget(self._form_box(), 2)
        body.addWidget(self._day_box(), 5)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.setStyleSheet(PAGE_STYLE)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)

    def _form_box(self) -> QGroupBox:
        box = QGroupBox(self.t("appt.book_box"))
        self.category = QComboBox()
        self.category.currentIndexChanged.connect(lambda _: self.refresh_slots())
        self.day = day_edit(self.today())
        self.day.dateChanged.connect(lambda _: self.refresh())
        self.slots = QListWidget()
        self.slots.setMinimumWidth(240)
        self.closed = QLabel()
        self.closed.setWordWrap(True)
        self.closed.setStyleSheet("color: #8a4b00; font-size: 16px;")
        self.closed.hide()
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.name.setPlaceholderText(self.t("appt.name_hint"))
        self.phone.setPlaceholderText(self.t("appt.phone_hint"))
        self.fields = {"name": self.name, "phone": self.phone}
        for edit in self.fields.values():
            edit.returnPressed.connect(self.book)
        self.book_button = QPushButton(self.t("appt.book"))
        self.book_button.setObjectName("primary")
        self.book_button.clicked.connect(self.book)
        return self._lay_out_form(box)

    def _lay_out_form(self, box: QGroupBox) -> QGroupBox:
        top, bottom = QFormLayout(), QFormLayout()
        top.addRow(self.t("appt.category"), self.category)
        top.addRow(self.t("appt.day"), self.day)
        bottom.addRow(self.t("appt.name"), self.name)
        bottom.addRow(self.t("appt.phone"), self.phone)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(label(self.t("appt.slots"), 13, bold=True))
        layout.addWidget(self.slots, 1)
        layout.addWidget(self.closed, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.book_button)
        return box

    def _day_box(self) -> QGroupBox:
        box = QGroupBox(self.t("appt.day_box"))
        self.count = label("", 13, bold=True)
        self.view = table_view(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.disarm())
        layout = QVBoxLayout(box)
        layout.addLayout(find_row(self))
        layout.addWidget(self.view, 1)
        layout.addLayout(list_buttons(self))
        return box

    # ---- reading ------------------------------------------------------------------------
    def today(self) -> date:
        return self._services.clock.now().astimezone(self.zone).date()

    def shown_day(self) -> date:
        return pydate(self.day.date())

    def start(self) -> None:
        """The page is shown: the services (a supervisor may have added one), then the day."""
        self._runner.submit(
            list_categories,
            self._services,
            on_done=self.set_categories,
            on_error=self.message.error,
        )
        self.refresh()
        self.name.setFocus()

    def set_categories(self, categories: tuple[CategoryInfo, ...]) -> None:
        """The services in the hall's order, keeping the one chosen when still offered; a
        prefill waiting for them is applied now."""
        before = self.category.currentData()
        self.categories = tuple(categories)
        self.category.blockSignals(True)
        self.category.clear()
        for category in self.categories:
            self.category.addItem(f"{category.prefix} {category.name}", category.code)
        kept = self.category.findData(before)
        self.category.setCurrentIndex(max(kept, 0) if self.categories else -1)
        self.category.blockSignals(False)
        if self.wanted is not None:
            apply_prefill(self, self.wanted)
        elif self.category.currentData() != before or self.shown_slots is None:
            self.refresh_slots()

    def prefill(self, category_code: str, name: str, phone: str, note: str) -> None:
        """Fill the form in for a booking another page asks for; nothing is booked. It is
        applied once the services are listed (on the worker): the category must be one."""
        reschedule.stop(self, say=False)  # the form books for the page that asks
        self.wanted = Prefill(category_code, name, usable_phone(phone), note)
        self._mark(None)
        self.message.info(note)
        job = (list_categories, self._services)
        self._runner.submit(*job, on_done=self.set_categories, on_error=self.message.error)

    def refresh(self) -> None:
        """The slots and the list of the date shown, read again."""
        self.disarm()
        self.seek = None
        self.refresh_slots()
        self._runner.submit(
            read_day,
            self._services,
            self.shown_day(),
            on_done=self._apply_day,
            on_error=self.message.error,
        )

    def refresh_slots(self) -> None:
        code = self.category.currentData()
        if code is None:
            return  # the services are not read yet; set_categories reads the slots then
        self.shown_slots = None
        args = (self._services, str(code), self.shown_day(), self.t.language)
        self._runner.submit(read_slots, *args, on_done=self._apply_slots, on_error=self._no_slots)

    def _apply_slots(self, found: SlotsRead) -> None:
        if (found.category_code, found.day) != (self.category.currentData(), self.shown_day()):
            return  # an answer for a service or day no longer shown
        self.shown_slots = found
        kept = self._selected_start()
        self.slots.clear()
        now = self._services.clock.now()
        for slot in found.slots:
            text, open_ = slot_line(self.t, slot, self.zone, now)
            item = QListWidgetItem(text)
            item.setData(START, slot.start)
            if not open_:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.slots.addItem(item)
            if open_ and slot.start == kept:  # the slot chosen before, when still open
                self.slots.setCurrentItem(item)
        self._show_closed(found.refusal or ("" if found.slots else self.t("appt.no_slots")))

    def _no_slots(self, text: str) -> None:
        self.slots.clear()
        self._show_closed(text)

    def _show_closed(self, text: str) -> None:
        """The refusal in the slots' place, or the slots when there is none."""
        self.closed.setText(text)
        self.closed.setVisible(bool(text))
        self.slots.setVisible(not text)

    def _apply_day(self, found: tuple[date, tuple[AppointmentView, ...]]) -> None:
        day, rows = found
        if day != self.shown_day():
            return
        self.model.set_rows(rows)
        self.count.setText(self.t("appt.count", **self.model.counts()))
        select_sought(self, day)

    def _selected_start(self) -> object:
        item = self.slots.currentItem()
        return item.data(START) if item is not None and item.isSelected() else None

    def chosen_slot(self) -> SlotView | None:
        """The slot chosen in the list, provided the list is of the service and date on
        screen: between a new date and its slots, a slot of the old date is no choice."""
        shown, start = self.shown_slots, self._selected_start()
        if shown is None or start is None:
            return None
        if (shown.category_code, shown.day) != (self.category.currentData(), self.shown_day()):
            return None
        return next((s for s in shown.slots if s.start == start), None)

    # ---- booking ------------------------------------------------------------------------
    def book(self) -> None:
        if self.busy:
            return
        self._mark(None)
        code, slot = self.category.currentData(), self.chosen_slot()
        if code is None or slot is None:
            key = "appt.no_category" if code is None else "appt.pick_slot"
            self.message.error(self.t(key))
            return
        moves = self.moving.code if self.moving is not None else ""
        request = BookRequest(str(code), slot.start, self.name.text(), self.phone.text(), moves)
        self.busy = True
        self.book_button.setEnabled(False)
        job = (book_and_slip, self._services, request, self.session, self.t, self.zone)
        self._runner.submit(*job, on_done=self._booked, on_error=self._failed)

    def _failed(self, text: str) -> None:
        """An unexpected failure (the worker logged it): nothing to undo in the form."""
        self.busy = False
        self.book_button.setEnabled(True)
        self.message.error(text)

    def _booked(self, result: Booked) -> None:
        self.busy = False
        self.book_button.setEnabled(True)
        if result.error is not None:
            self._refused(result.error)
            return
        if result.view is None:
            return
        self.last = view = result.view
        reschedule.stop(self, say=False)
        self.name.clear()
        self.phone.clear()
        said = reschedule.moved_text(self, view) if view.replaces else None
        self.announce(result, said or booked_text(self.t, view, self.zone))
        self.refresh()

    def announce(self, result: Booked, text: str) -> None:
        """The code, day and slot read out; the slip sent to the printer, or why it was not."""
        if result.slip_error:
            self.message.error(self.t("appt.slip_failed", booked=text, reason=result.slip_error))
        else:
            self.message.info(text)
        if result.slip is not None:
            self._slip_for = text
            self.printer.print_document(result.slip, self)

    def _refused(self, error: DeskError) -> None:
        """The message and the field it is about; the slots are read again, since a slot
        filling up or a roster changing meanwhile is the usual reason."""
        self.message.error(error.message(self.t.language))
        field = FIELD_OF_CODE.get(error.code)
        self._mark(field)
        if field is None:
            self.refresh_slots()

    def _mark(self, name: str | None) -> None:
        for field, widget in self.fields.items():
            widget.setStyleSheet(BAD_FIELD if field == name else "")
        if name is not None:
            self.fields[name].setFocus()

    def _print_failed(self, reason: str) -> None:
        """The shared printer failed; it is this page's slip if one is on its way."""
        if self._slip_for:
            self.message.error(self.t("appt.slip_failed", booked=self._slip_for, reason=reason))
            self._slip_for = ""

    def _slip_done(self) -> None:
        self._slip_for = ""

    # ---- the day's list (ui.appointments_actions) ------------------------------------------
    def selected(self) -> AppointmentView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def cancel(self) -> None:
        ask_cancel(self)

    def disarm(self) -> None:
        self.armed = None
        self.cancel_button.setText(self.t("appt.cancel"))

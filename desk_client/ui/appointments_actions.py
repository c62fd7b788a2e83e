"""What the clerk does with the 预约 page's day's list (ui.appointments_page): find an
appointment by its code, reprint its slip, cancel it; 改约 moves it (its own module,
ui.appointments_reschedule).

- 按预约码查找: the citizen rings to cancel, or shows the text message with the code. The
  code typed or scanned (Enter searches) is asked of services.appointments.find; the page
  then shows that appointment's day and service, and selects its row once the day is read
  (``page.seek``: any other reading of the page forgets it). A code the service does not
  know leaves the page as it was, with the service's refusal in the status line.
- 补打凭条: the citizen lost the slip, or the printer jammed. The selected appointment is
  read again on the worker, and only one still booked gets a new slip, printed like the
  first; its last line says when and by whom it was reprinted (补打), since the appointment
  does not keep when it was booked. A cancelled, checked-in or missed one gets the reason.
- 取消所选预约 asks on the page first: the first press names what would be cancelled and
  turns the button into 确认取消; the second, on the same row, cancels.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton

from desk_client.services.dto_appointments import AppointmentView
from desk_client.ui import appointments_reschedule as reschedule
from desk_client.ui.appointments_jobs import Booked, cancel_appointment, reprint_slip
from desk_client.ui.appointments_model import state_text
from desk_client.ui.appointments_model import when as when_words
from desk_client.ui.case_dialogs import qdate
from desk_client.ui.i18n import entry_of

if TYPE_CHECKING:
    from desk_client.ui.appointments_page import AppointmentsPage

#: A code is 11 characters; the field is sized for that, not for the page's width.
CODE_FIELD_WIDTH = 200


def find_row(page: AppointmentsPage) -> QHBoxLayout:
    """The line above the day's list: its count, then the code field and 按预约码查找."""
    page.code_edit = QLineEdit()
    page.code_edit.setPlaceholderText(page.t("appt.find_hint"))
    page.code_edit.setFixedWidth(CODE_FIELD_WIDTH)
    page.code_edit.returnPressed.connect(lambda: find(page))
    page.find_button = QPushButton(page.t("appt.find"))
    page.find_button.clicked.connect(lambda: find(page))
    row = QHBoxLayout()
    row.addWidget(page.count)
    row.addStretch(1)
    row.addWidget(page.code_edit)
    row.addWidget(page.find_button)
    return row


def list_buttons(page: AppointmentsPage) -> QHBoxLayout:
    """The line below the day's list: 改约 (ui.appointments_reschedule), 补打凭条 and
    取消所选预约 for the selected row."""
    page.reschedule_button = QPushButton(page.t("appt.reschedule"))
    page.reschedule_button.clicked.connect(lambda: reschedule.toggle(page))
    page.reprint_button = QPushButton(page.t("appt.reprint"))
    page.reprint_button.clicked.connect(lambda: reprint(page))
    page.cancel_button = QPushButton(page.t("appt.cancel"))
    page.cancel_button.clicked.connect(page.cancel)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(page.reschedule_button)
    row.addWidget(page.reprint_button)
    row.addWidget(page.cancel_button)
    return row


def when(page: AppointmentsPage, view: AppointmentView) -> dict[str, str]:
    """The day, weekday and slot of ``view`` in the page's words and on the hall's clock."""
    return when_words(page.t, view, page.zone)


# ---- 按预约码查找 ---------------------------------------------------------------------------
def find(page: AppointmentsPage) -> None:
    code = page.code_edit.text().strip()
    if not code:
        page.message.error(page.t("appt.find_empty"))
        return
    page.ctx.runner.submit(
        page.ctx.services.appointments.find,
        code,
        on_done=lambda view: _found(page, view),
        on_error=page.message.error,
    )


def _found(page: AppointmentsPage, view: AppointmentView) -> None:
    """Its day and service shown (one reading of both, as a prefill does), its row sought;
    a move (改约) under way is given up: the clerk has turned to another booking."""
    reschedule.stop(page, say=False)
    day = view.start.astimezone(page.zone).date()
    index = page.category.findData(view.category_code)
    for widget in (page.category, page.day):
        widget.blockSignals(True)
    page.category.setCurrentIndex(max(index, page.category.currentIndex()))
    page.day.setDate(qdate(day))
    for widget in (page.category, page.day):
        widget.blockSignals(False)
    page.refresh()
    page.seek = (day, view.code)
    state = state_text(page.t, view)
    words = when(page, view) | {"category": view.category_name, "state": state}
    page.message.info(page.t("appt.found", code=view.code, name=view.name, **words))
    page.code_edit.selectAll()  # the next scan replaces it


def select_sought(page: AppointmentsPage, day: date) -> None:
    """Called when ``day``'s list is shown: the row a find asked for is selected."""
    if page.seek is None or page.seek[0] != day:
        return
    code, page.seek = page.seek[1], None
    rows = page.model.rows()
    row = next((i for i, v in enumerate(rows) if v.code == code), None)
    if row is not None:
        page.view.selectRow(row)
        page.view.scrollTo(page.model.index(row, 0))


# ---- 补打凭条 ----------------------------------------------------------------------------
def reprint(page: AppointmentsPage) -> None:
    shown = page.selected()
    if shown is None:
        page.message.error(page.t("appt.reprint_none"))
        return
    job = (reprint_slip, page.ctx.services, shown.code, page.session, page.t, page.zone)
    page.ctx.runner.submit(
        *job, on_done=lambda done: _reprinted(page, shown, done), on_error=page.message.error
    )


def _reprinted(page: AppointmentsPage, shown: AppointmentView, result: Booked) -> None:
    """The slip to the printer (or why it was not built); no slip at all: not booked now."""
    view = result.view
    if view is None:
        return
    if result.slip is not None or result.slip_error:
        words = when(page, view)
        page.announce(result, page.t("appt.reprinted", code=view.code, name=view.name, **words))
        return
    page.message.error(refused_text(page, view))
    if view.state != shown.state:
        page.refresh()  # the list showed it booked: cancelled or checked in meanwhile


def refused_text(page: AppointmentsPage, view: AppointmentView) -> str:
    """Why ``view`` gets no new slip; a state this front end does not know, as it is."""
    key = f"appt.reprint_refused.{view.state}"
    if entry_of(key) is None:
        return f"{view.code} {state_text(page.t, view)}"
    return page.t(key, code=view.code, ticket=view.ticket_number)


# ---- 取消所选预约 ---------------------------------------------------------------------------
def ask_cancel(page: AppointmentsPage) -> None:
    """The first press names what would go; the second, on the same row, cancels it."""
    view = page.selected()
    if view is None:
        page.message.error(page.t("appt.none_selected"))
        return
    if page.armed == view.code:
        _cancel(page, view)
        return
    page.armed = view.code
    page.cancel_button.setText(page.t("appt.cancel_confirm"))
    words = when(page, view)
    asks = page.t("appt.cancel_asks", code=view.code, name=view.name, **words)
    page.message.error(asks)


def _cancel(page: AppointmentsPage, view: AppointmentView) -> None:
    page.disarm()

    def cancelled(done: AppointmentView) -> None:
        page.message.info(page.t("appt.cancelled_done", code=done.code))
        page.refresh()

    def refused(text: str) -> None:
        page.message.error(text)
        page.refresh()  # it may have changed meanwhile (checked in at the kiosk)

    job = (cancel_appointment, page.ctx.services, view.code, page.session.staff_id)
    page.ctx.runner.submit(*job, on_done=cancelled, on_error=refused)

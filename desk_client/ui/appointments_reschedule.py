"""改约 on the 预约 page (ui.appointments_page): the citizen rings, "I can't come on Saturday,
move me to Sunday 10:00".

The clerk selects the booking in the day's list and presses 改约: its service, day, name and
phone fill the form, which then moves instead of booking (``page.moving`` is the booking,
None while the form books): the form's button reads 确认改约, 改约 reads 放弃改约, and the
service, name and phone are locked, since the move keeps them (the service reads them from
the booking, not from the form). The clerk picks the new date and slot and confirms; the
page sends the request as a booking (ui.appointments_jobs.BookRequest's ``replaces``) and
services.appointments.reschedule books the new slot and cancels the old one in one
transaction. A refusal (the slot filled meanwhile, the very slot it has) leaves the booking
where it was and the form moving, to pick another slot; a move done prints the new slip as
a booking does and the form books again (the page's ``_booked``). 放弃改约, a prefill from
another page or a code found returns the form to booking without changing anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_client.services.dto_appointments import AppointmentView
from desk_client.ui.appointments_model import state_text, when
from desk_client.ui.case_dialogs import qdate

if TYPE_CHECKING:
    from desk_client.ui.appointments_page import AppointmentsPage


def toggle(page: AppointmentsPage) -> None:
    """改约 or 放弃改约; nothing while a booking or a move is on its way, whose answer
    decides what the form shows next."""
    if page.busy:
        return
    if page.moving is None:
        begin(page)
    else:
        stop(page)


def begin(page: AppointmentsPage) -> None:
    """The selected booking into the form; one not booked (any more) is said why."""
    view = page.selected()
    if view is None:
        page.message.error(page.t("appt.reschedule_none"))
        return
    if view.state != "booked":
        state = state_text(page.t, view)
        page.message.error(page.t("appt.reschedule_not_booked", code=view.code, state=state))
        return
    _mode(page, view)
    for widget in (page.category, page.day):
        widget.blockSignals(True)  # one read of the slots and the list, below
    index = page.category.findData(view.category_code)
    page.category.setCurrentIndex(max(index, page.category.currentIndex()))
    page.day.setDate(qdate(view.start.astimezone(page.zone).date()))
    for widget in (page.category, page.day):
        widget.blockSignals(False)
    page.name.setText(view.name)
    page.phone.setText(view.phone)
    page.refresh()
    page.message.info(page.t("appt.reschedule_asks", code=view.code, name=view.name))
    page.slots.setFocus()


def stop(page: AppointmentsPage, *, say: bool = True) -> None:
    """Back to booking, the form's name and phone (the moved booking's) cleared."""
    moved = page.moving
    if moved is None:
        return
    _mode(page, None)
    page.name.clear()
    page.phone.clear()
    if say:
        page.message.info(page.t("appt.reschedule_quitted", code=moved.code))


def moved_text(page: AppointmentsPage, view: AppointmentView) -> str:
    """已改约 YY261128007 → YY261129001（张三）：2026-11-29（星期日）10:00–10:30，原预约已取消."""
    words = when(page.t, view, page.zone)
    return page.t("appt.rescheduled", old=view.replaces, code=view.code, name=view.name, **words)


def _mode(page: AppointmentsPage, moving: AppointmentView | None) -> None:
    """The form books (None) or moves ``moving``: its buttons' words and what is locked."""
    page.moving = moving
    on = moving is not None
    page.book_button.setText(page.t("appt.reschedule_confirm" if on else "appt.book"))
    page.reschedule_button.setText(page.t("appt.reschedule_quit" if on else "appt.reschedule"))
    page.category.setEnabled(not on)
    page.name.setReadOnly(on)
    page.phone.setReadOnly(on)

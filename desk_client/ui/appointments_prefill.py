"""A booking another page asks the 预约 page for (AppointmentsPage.prefill): the checklist's
预约补正时间, the return visit after a one-time notice.

The request waits until the page has listed the hall's services (on the worker), so the
category chosen is one the hall offers; then the service, the name and the phone are filled,
the date is tomorrow (the clerk changes it as the applicant wishes), the slots have the focus
and the status line says whose visit it is. A phone the booking would refuse is left out
rather than stopping the clerk. Nothing is booked until the clerk presses 预约并打印凭条.
Kept apart from the page's own reading and booking, as ui.clerk_layout is from the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from desk_client.core.appointments import clean_phone
from desk_client.core.errors import DeskError
from desk_client.ui.case_dialogs import qdate

if TYPE_CHECKING:
    from desk_client.ui.appointments_page import AppointmentsPage


@dataclass(frozen=True)
class Prefill:
    category_code: str
    name: str
    phone: str
    note: str  # the status line's words: whose visit, and why


def usable_phone(phone: str) -> str:
    """The phone as the booking takes it, or "" for one it would refuse."""
    try:
        return clean_phone(phone)
    except DeskError:
        return ""


def apply_prefill(page: AppointmentsPage, wanted: Prefill) -> None:
    """Called by the page once its services are listed."""
    page.wanted = None
    index = page.category.findData(wanted.category_code)
    for widget in (page.category, page.day):
        widget.blockSignals(True)  # one read of the new day's slots and list, below
    page.category.setCurrentIndex(max(index, page.category.currentIndex()))
    page.day.setDate(qdate(page.today() + timedelta(days=1)))
    for widget in (page.category, page.day):
        widget.blockSignals(False)
    page.name.setText(wanted.name)
    page.phone.setText(wanted.phone)
    page.refresh()
    _say(page, wanted, found=index >= 0)


def _say(page: AppointmentsPage, wanted: Prefill, *, found: bool) -> None:
    if found:
        page.message.info(wanted.note)
        page.slots.setFocus()
    else:  # the item's service is not one of the hall's: the clerk chooses one
        code = wanted.category_code
        page.message.error(page.t("appt.prefill_no_category", code=code, note=wanted.note))
        page.category.setFocus()

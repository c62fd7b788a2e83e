"""The 预约 page's jobs on the worker: the slots of a day, the day's list, booking (or moving,
改约) with its slip, cancelling, reprinting a slip (ui.appointments_page and
ui.appointments_actions show their answers).

The runner hands only a refusal's text to the GUI thread; where the page needs more (the
code of a refused booking, to frame its field; a day that does not serve, shown in the
slots' place) the job returns the refusal as data instead of raising it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from desk_client.services.dto import CategoryInfo, PrintedDocument, StaffSession
from desk_client.services.dto_appointments import AppointmentView, SlotView
from desk_client.ui.i18n import Labels


@dataclass(frozen=True)
class SlotsRead:
    """A day's slots of a service, or why there are none (``refusal``, in the page's words)."""

    category_code: str
    day: date
    slots: tuple[SlotView, ...]
    refusal: str = ""


@dataclass(frozen=True)
class BookRequest:
    """预约并打印凭条's request; with ``replaces`` (确认改约) it moves that appointment to
    ``start`` instead, whose category, name and phone the service keeps."""

    category_code: str
    start: datetime
    name: str
    phone: str
    replaces: str = ""


@dataclass(frozen=True)
class Booked:
    """The worker's answer to 预约并打印凭条: the refusal as data (the runner would pass only
    its text, and the page frames the field it names), or the booking and its slip. 补打凭条
    answers with it too: the appointment as it stands and its new slip."""

    view: AppointmentView | None = None
    slip: PrintedDocument | None = None
    slip_error: str = ""
    error: DeskError | None = None


def read_slots(services: Services, code: str, day: date, language: str) -> SlotsRead:
    """Worker: the slots, or the refusal shown in their place (a day that does not serve)."""
    try:
        return SlotsRead(code, day, services.appointments.slots(code, day))
    except DeskError as error:
        return SlotsRead(code, day, (), error.message(language))


def read_day(services: Services, day: date) -> tuple[date, tuple[AppointmentView, ...]]:
    return day, services.appointments.day(day)


def list_categories(services: Services) -> tuple[CategoryInfo, ...]:
    return services.queue.list_categories()


def cancel_appointment(services: Services, code: str, staff_id: int) -> AppointmentView:
    return services.appointments.cancel(code, staff_id=staff_id)


def booking_line(
    labels: Labels, session: StaffSession, at: datetime, *, reprint: bool = False
) -> str:
    """The slip's last line: when, where and by whom it was booked. A reprint's says when and
    by whom it was reprinted (补打): the appointment does not keep when it was booked."""
    key = "appt.reprinted_text" if reprint else "appt.booked_text"
    time, name = at.strftime("%Y-%m-%d %H:%M"), session.name
    if session.window_number:
        return labels(key, time=time, window=session.window_number, name=name)
    return labels(f"{key}_here", time=time, name=name)


def book_and_slip(
    services: Services, request: BookRequest, session: StaffSession, labels: Labels, zone: ZoneInfo
) -> Booked:
    """Worker: book (or move, 改约), then build the slip; a slip that fails leaves the
    booking standing."""
    appointments, staff_id = services.appointments, session.staff_id
    try:
        if request.replaces:
            view = appointments.reschedule(request.replaces, request.start, staff_id=staff_id)
        else:
            view = appointments.book(
                request.category_code, request.start, request.name, request.phone,
                staff_id=staff_id, source="window",
            )  # fmt: skip
    except DeskError as error:
        return Booked(error=error)
    line = booking_line(labels, session, services.clock.now().astimezone(zone))
    return with_slip(services, view, session, line, labels.language)


def reprint_slip(
    services: Services, code: str, session: StaffSession, labels: Labels, zone: ZoneInfo
) -> Booked:
    """Worker: 补打凭条. The appointment is read again, since the list may be older than a
    cancellation or a check-in meanwhile; only one still booked gets a slip (``slip`` and
    ``slip_error`` empty otherwise: the page says why from the state)."""
    view = services.appointments.find(code)
    if view.state != "booked":
        return Booked(view=view)
    line = booking_line(labels, session, services.clock.now().astimezone(zone), reprint=True)
    return with_slip(services, view, session, line, labels.language)


def with_slip(
    services: Services, view: AppointmentView, session: StaffSession, line: str, language: str
) -> Booked:
    try:
        slip = services.printing.appointment_slip(view, session.hall.name, line)
    except DeskError as error:
        return Booked(view=view, slip_error=error.message(language))
    return Booked(view=view, slip=slip)

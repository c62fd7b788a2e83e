"""The words and the table of the 预约 page: a slot's line, an appointment's state, the day's list.

AppointmentsModel is a ui.models.RowsModel over services.appointments.day's rows
(AppointmentView): 时间, 预约码, 业务, 姓名, 电话 (the masked phone_display: the list is on a
screen the citizen at the window can see), 状态 (已签到 names the ticket the check-in issued),
来源. Rows that no longer wait for anybody (cancelled, missed) are grey, a check-in green, so
the clerk sees at a glance who came. Times are shown on the hall's clock.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desk_client.services.dto_appointments import AppointmentView, SlotView
from desk_client.ui.i18n import Labels, entry_of
from desk_client.ui.models import Index, RowsModel

#: Text colours by state; a booked row keeps the table's own.
STATE_COLOURS = {"checked_in": "#1b5e20", "cancelled": "#8a96a3", "missed": "#8a96a3"}


def slot_span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """10:00–10:30 (an en dash, as the slip prints it), on the hall's clock."""
    return f"{start.astimezone(zone):%H:%M}–{end.astimezone(zone):%H:%M}"


def weekday(labels: Labels, day: date) -> str:
    return labels(f"cover.weekday.{day.weekday()}")


def slot_line(labels: Labels, slot: SlotView, zone: ZoneInfo, now: datetime) -> tuple[str, bool]:
    """The slot as the list shows it, and whether it can be chosen: a full slot cannot, nor
    one already begun (the service would refuse both; the list says so before it is asked)."""
    span = slot_span(slot.start, slot.end, zone)
    if slot.start <= now:
        return labels("appt.slot_begun", slot=span), False
    if slot.free <= 0:
        return labels("appt.slot_full", slot=span, capacity=slot.capacity), False
    return labels("appt.slot", slot=span, free=slot.free, capacity=slot.capacity), True


def state_text(labels: Labels, view: AppointmentView) -> str:
    """已预约 / 已签到 A012 / 已取消 / 未到; a state this front end does not know, as it is."""
    key = f"appt.state.{view.state}"
    return labels(key, ticket=view.ticket_number).strip() if entry_of(key) else view.state


def source_text(labels: Labels, view: AppointmentView) -> str:
    """Where it was booked, with the staff number that booked it: 窗口 1003."""
    key = f"appt.source.{view.source}"
    source = labels(key) if entry_of(key) else view.source
    return f"{source} {view.booked_by_no}".strip()


def when(labels: Labels, view: AppointmentView, zone: ZoneInfo) -> dict[str, str]:
    """The day, weekday and slot of ``view`` on the hall's clock, as the labels take them."""
    day = view.start.astimezone(zone).date()
    slot = slot_span(view.start, view.end, zone)
    return {"day": day.isoformat(), "weekday": weekday(labels, day), "slot": slot}


def booked_text(labels: Labels, view: AppointmentView, zone: ZoneInfo) -> str:
    """已预约 YY261128007：2026-11-28（星期六）10:00–10:30, what the clerk reads out."""
    day = view.start.astimezone(zone).date()
    return labels(
        "appt.booked",
        code=view.code,
        day=day.isoformat(),
        weekday=weekday(labels, day),
        slot=slot_span(view.start, view.end, zone),
    )


class AppointmentsModel(RowsModel[AppointmentView]):
    """The day's appointments, in the service's order (start time, then code)."""

    def __init__(self, labels: Labels, zone: ZoneInfo) -> None:
        super().__init__(
            labels,
            [
                ("appt.col.time", lambda v: slot_span(v.start, v.end, zone)),
                ("appt.col.code", lambda v: v.code),
                ("appt.col.category", lambda v: v.category_name),
                ("appt.col.name", lambda v: v.name),
                ("appt.col.phone", lambda v: v.phone_display),
                ("appt.col.state", lambda v: state_text(labels, v)),
                ("appt.col.source", lambda v: source_text(labels, v)),
            ],
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            view = self.row_at(index.row())
            colour = STATE_COLOURS.get(view.state) if view is not None else None
            return QColor(colour) if colour else None
        return super().data(index, role)

    def counts(self) -> dict[str, int]:
        """How many rows in all and in each state, for the line above the list."""
        found = {"count": len(self.rows()), "checked_in": 0, "cancelled": 0}
        for view in self.rows():
            if view.state in found:
                found[view.state] += 1
        return found

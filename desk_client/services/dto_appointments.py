"""Plain, immutable results of the appointment use cases (预约: booking, the day's list).

Times are aware datetimes in the hall's time zone. ``state`` is a core.appointments state
value as a plain string (booked | checked_in | cancelled | missed), so a front end needs no
core import to show it. ``phone_display`` is the masked phone (138****5678) that screens and
slips show; ``phone`` itself is for the clerk who rings the citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SlotView:
    """One bookable slot of a category on a day: how many are booked of its capacity."""

    start: datetime
    end: datetime
    booked: int
    capacity: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


@dataclass(frozen=True)
class AppointmentView:
    """One appointment (预约) as lists, slips and the CLI show it. ``source`` tells where it
    was booked (window | admin | import); ``booked_by_no`` the staff number that booked or
    "" ; ``ticket_number`` the queue number its check-in issued, "" until checked in;
    ``replaces`` the code of the appointment it was moved from (改约), "" for one booked anew."""

    code: str
    category_code: str
    category_name: str
    start: datetime
    end: datetime
    name: str
    phone: str
    phone_display: str
    state: str
    source: str
    booked_by_no: str
    ticket_number: str
    replaces: str = ""


@dataclass(frozen=True)
class AppointmentSettingsView:
    """The hall's booking rules: slot length, bookings per category and slot, opening hours
    ("09:00-12:00,13:30-17:00"), how many days ahead one may book, and the 爽约限制: a
    person (by phone) with ``no_show_limit`` missed appointments within the last
    ``no_show_days`` days may not book (0: off)."""

    slot_minutes: int
    per_slot: int
    hours: str
    horizon_days: int
    no_show_limit: int = 0
    no_show_days: int = 90


@dataclass(frozen=True)
class ImportedFile:
    """What an appointments import did: ``added`` new bookings, ``already`` rows the hall
    held from an earlier import of the same bookings (skipped)."""

    added: int
    already: int


@dataclass(frozen=True)
class AppointmentStatsRow:
    """One line of the appointments report (预约统计): ``key`` a day (2026-11-28) or a
    category's code. ``booked`` counts every appointment of it, whatever became of it; of
    those ``checked_in`` came, ``cancelled`` were cancelled and ``missed`` (爽约) ended
    without a check-in; the rest are still to come. ``show_rate`` (到场率) is checked_in /
    (checked_in + missed), None while there are neither."""

    key: str
    booked: int
    checked_in: int
    cancelled: int
    missed: int
    show_rate: float | None

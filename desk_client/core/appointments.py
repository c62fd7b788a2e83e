"""Appointments (预约): the hall's booking rules, its slots, and the checks on a booking.

A hall opens for appointments in periods ("09:00-12:00,13:30-17:00"), cut into slots of a
fixed length from each period's start; a slot that would run past its period's end is not
offered (a citizen booked for 11:45-12:15 would arrive to a closed counter). Each category
takes ``per_slot`` bookings per slot, up to ``horizon_days`` ahead. A code is "YY" + the
slot's day (yymmdd) + the hall's sequence of that day, so a clerk reading one out knows the
day at once. A hall may suspend booking for a person who missed (爽约) too many appointments
lately (:func:`check_no_shows`), and count its appointments by state for a period
(:func:`show_rate`, :func:`check_report_request`). Nothing here reads a database or the clock:
callers pass ``now`` or ``today``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from desk_client.core.errors import DeskError
from desk_client.core.messages_appointments import SETTING_NAMES, SETTING_RULES

SLOT_MINUTES = (5, 240)
PER_SLOT = (1, 500)
HORIZON_DAYS = (1, 366)
#: Misses that suspend booking (0: never), and the days they are counted over.
NO_SHOW_LIMIT = (0, 20)
NO_SHOW_DAYS = (1, 366)
#: The longest period a report covers (both ends counted), as the ratings' statistics.
REPORT_MAX_DAYS = 366
REPORT_BY = ("day", "category")
#: The stored hours text (appointment_settings.hours) is at most this long: five periods.
HOURS_MAX = 64
NAME_MAX = 50
PHONE_DIGITS = (7, 20)
CODE_PREFIX = "YY"

Period = tuple[time, time]
Slot = tuple[datetime, datetime]

_PERIOD_RE = re.compile(r"(\d{1,2}):(\d{2})\s*[-–~～至]\s*(\d{1,2}):(\d{2})")
_PERIOD_SPLIT = re.compile(r"[,，;；、]")
_PHONE_RE = re.compile(r"\+?[0-9][0-9 \-]*")


class AppointmentState(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    MISSED = "missed"  # the slot ended and nobody checked in (爽约)


def _bad(field: str, value: object, rule: str, **rule_params: object) -> DeskError:
    """appointment.bad_settings naming the field, its value and the rule it breaks."""
    name, name_en = SETTING_NAMES[field]
    text, text_en = SETTING_RULES[rule]
    return DeskError(
        "appointment.bad_settings",
        field=name,
        field_en=name_en,
        value=value,
        rule=text.format(**rule_params),
        rule_en=text_en.format(**rule_params),
    )


def _within(field: str, value: int, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(field, value, "range", low=low, high=high)
    return value


def parse_hours(text: str) -> tuple[Period, ...]:
    """ "09:00-12:00,13:30-17:00" -> the periods; ascending, none overlapping (touching is
    fine), each of a start before its end; full-width commas and dashes are read too."""
    parts = [part.strip() for part in _PERIOD_SPLIT.split(text.strip())]
    if not parts or not all(parts):
        raise _bad("hours", text, "hours_format")
    periods = tuple(_period(part, text) for part in parts)
    for (_, end), (start, _) in itertools.pairwise(periods):
        if start < end:
            raise _bad("hours", text, "hours_order")
    if len(format_hours(periods)) > HOURS_MAX:
        raise _bad("hours", text, "hours_many")
    return periods


def _period(part: str, text: str) -> Period:
    found = _PERIOD_RE.fullmatch(part)
    if found is None:
        raise _bad("hours", text, "hours_format")
    h1, m1, h2, m2 = (int(group) for group in found.groups())
    if max(h1, h2) > 23 or max(m1, m2) > 59:
        raise _bad("hours", text, "hours_format")
    start, end = time(h1, m1), time(h2, m2)
    if not start < end:
        raise _bad("hours", text, "hours_order")
    return start, end


def format_hours(periods: Sequence[Period]) -> str:
    return ",".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in periods)


@dataclass(frozen=True)
class AppointmentRules:
    """A hall's booking rules; the defaults are what a hall without settings uses. Build a
    checked one with :func:`make_rules`."""

    slot_minutes: int = 30
    per_slot: int = 4
    hours: tuple[Period, ...] = ((time(9), time(12)), (time(13, 30), time(17)))
    horizon_days: int = 30
    #: 爽约限制: booking is refused to a phone with this many misses (0: off) within the
    #: last ``no_show_days`` days.
    no_show_limit: int = 0
    no_show_days: int = 90

    @property
    def hours_text(self) -> str:
        return format_hours(self.hours)

    @property
    def slot(self) -> timedelta:
        return timedelta(minutes=self.slot_minutes)


DEFAULT_RULES = AppointmentRules()


def make_rules(
    slot_minutes: int,
    per_slot: int,
    hours: str,
    horizon_days: int,
    *,
    no_show_limit: int = 0,
    no_show_days: int = 90,
) -> AppointmentRules:
    """Checked rules, or appointment.bad_settings naming the first field that is wrong
    (also when a period is too short to hold one slot: it would offer nothing)."""
    rules = AppointmentRules(
        _within("slot_minutes", slot_minutes, SLOT_MINUTES),
        _within("per_slot", per_slot, PER_SLOT),
        parse_hours(hours),
        _within("horizon_days", horizon_days, HORIZON_DAYS),
        _within("no_show_limit", no_show_limit, NO_SHOW_LIMIT),
        _within("no_show_days", no_show_days, NO_SHOW_DAYS),
    )
    for start, end in rules.hours:
        if _minutes(end) - _minutes(start) < rules.slot_minutes:
            raise _bad("hours", hours, "hours_short", minutes=rules.slot_minutes)
    return rules


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def day_slots(day: date, rules: AppointmentRules, zone: ZoneInfo) -> list[Slot]:
    """Every slot of ``day`` as (start, end) in the hall's zone, in order: each period is cut
    from its start, and a slot that would end after its period is left out."""
    slots: list[Slot] = []
    for opens, closes in rules.hours:
        start = datetime.combine(day, opens, tzinfo=zone)
        last = datetime.combine(day, closes, tzinfo=zone) - rules.slot
        while start <= last:
            slots.append((start, start + rules.slot))
            start += rules.slot
    return slots


def check_slot(start: datetime, now: datetime, rules: AppointmentRules, zone: ZoneInfo) -> Slot:
    """The slot that begins at ``start`` (aware), or the refusal: appointment.past when it
    has already begun, appointment.too_far beyond the horizon, appointment.off_grid when no
    slot begins then."""
    local = start.astimezone(zone)
    at = f"{local:%Y-%m-%d %H:%M}"
    if local <= now:
        raise DeskError("appointment.past", at=at)
    last_day = now.astimezone(zone).date() + timedelta(days=rules.horizon_days)
    if local.date() > last_day:
        raise DeskError(
            "appointment.too_far", at=at, days=rules.horizon_days, last=last_day.isoformat()
        )
    for slot in day_slots(local.date(), rules, zone):
        if slot[0] == local:
            return slot
    raise DeskError(
        "appointment.off_grid", at=at, minutes=rules.slot_minutes, hours=rules.hours_text
    )


def clean_person(name: str, phone: str = "") -> tuple[str, str]:
    """The name stripped (1..50 characters, no control characters: appointment.bad_name)
    and the phone normalised to its digits and an optional leading + ("" when none given;
    7..20 digits, spaces and hyphens allowed between: appointment.bad_phone)."""
    cleaned = name.strip()
    controls = any(unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029" for ch in cleaned)
    if not 1 <= len(cleaned) <= NAME_MAX or controls:
        raise DeskError("appointment.bad_name", max=NAME_MAX)
    return cleaned, clean_phone(phone)


def clean_phone(phone: str) -> str:
    text = unicodedata.normalize("NFKC", phone).strip()  # full-width digits read as digits
    if not text:
        return ""
    digits = "".join(ch for ch in text if ch.isdigit())
    low, high = PHONE_DIGITS
    if _PHONE_RE.fullmatch(text) is None or not low <= len(digits) <= high:
        raise DeskError("appointment.bad_phone", phone=phone.strip(), low=low, high=high)
    return ("+" if text.startswith("+") else "") + digits


def mask_phone(phone: str) -> str:
    """138****5678: a long number keeps its first three digits and last four; a shorter
    one (a local landline) its first two and last two; stars for the rest. "" stays ""."""
    plus, digits = ("+", phone[1:]) if phone.startswith("+") else ("", phone)
    if len(digits) >= 11:
        head, tail = 3, 4
    elif len(digits) >= 7:
        head, tail = 2, 2
    else:
        head, tail = 0, min(1, len(digits) - 1) if digits else 0
    hidden = len(digits) - head - tail
    return plus + digits[:head] + "*" * hidden + digits[len(digits) - tail :]


def appointment_code(day: date, seq: int) -> str:
    """YY261128007: the slot's day and the hall's sequence of that day (three digits, more
    past 999, so a code is never reused)."""
    if seq < 1:
        raise ValueError("appointment sequences start at 1")
    return f"{CODE_PREFIX}{day:%y%m%d}{seq:03d}"


def read_code(text: str) -> str:
    """A typed or scanned code as stored (spaces around dropped, upper case)."""
    return text.strip().upper()


def appointment_state(
    *, checked_in: bool, cancelled: bool, slot_end: datetime, now: datetime
) -> AppointmentState:
    """Checked in and cancelled are facts; otherwise it is missed once its slot has ended."""
    if checked_in:
        return AppointmentState.CHECKED_IN
    if cancelled:
        return AppointmentState.CANCELLED
    return AppointmentState.MISSED if now >= slot_end else AppointmentState.BOOKED


# -- 爽约限制: the no-show limit ------------------------------------------------------------


@dataclass(frozen=True)
class NoShowBlock:
    """A suspension: ``misses`` counted over the last ``days`` days; booking again from
    ``until``."""

    misses: int
    days: int
    until: date


def no_show_since(today: date, days: int) -> date:
    """The first day whose misses still count on ``today``: a miss counts on its own day and
    the ``days`` - 1 days after, so it stops counting ``days`` days after it."""
    return today - timedelta(days=days - 1)


def no_show_block(
    missed: Sequence[date], today: date, rules: AppointmentRules
) -> NoShowBlock | None:
    """Whether the misses (the days of a person's missed appointments) suspend booking on
    ``today``; None when the limit is off or not reached. Booking opens again on the day the
    limit-th most recent miss stops counting: the older ones have gone by then, so fewer than
    the limit remain."""
    limit, days = rules.no_show_limit, rules.no_show_days
    if limit == 0:
        return None
    since = no_show_since(today, days)
    counted = sorted((day for day in missed if day >= since), reverse=True)
    if len(counted) < limit:
        return None
    return NoShowBlock(len(counted), days, counted[limit - 1] + timedelta(days=days))


def check_no_shows(
    missed: Sequence[date], today: date, rules: AppointmentRules, phone: str
) -> None:
    """appointment.no_show_blocked when :func:`no_show_block` suspends the person whose
    (normalised) phone booked the misses; it names the phone masked, as slips show it."""
    block = no_show_block(missed, today, rules)
    if block is not None:
        raise DeskError(
            "appointment.no_show_blocked", phone=mask_phone(phone), misses=block.misses,
            days=block.days, limit=rules.no_show_limit, until=block.until.isoformat(),
        )  # fmt: skip


# -- 预约统计: the report ---------------------------------------------------------------------


def check_report_request(start: date, end: date, by: str) -> None:
    """A report's period runs forward and spans at most REPORT_MAX_DAYS days (both ends
    counted); it is grouped by day or by category."""
    if by not in REPORT_BY:
        raise DeskError("appointment.report_by", by=by)
    if start > end or (end - start).days + 1 > REPORT_MAX_DAYS:
        raise DeskError(
            "appointment.report_range", start=start.isoformat(), end=end.isoformat(),
            max=REPORT_MAX_DAYS,
        )  # fmt: skip


def show_rate(checked_in: int, missed: int) -> float | None:
    """到场率: the share of the appointments that came of those that came or missed one
    (cancelled and still-to-come ones say nothing of it); None when there are neither."""
    settled = checked_in + missed
    return checked_in / settled if settled else None

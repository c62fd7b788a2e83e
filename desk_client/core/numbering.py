"""Ticket numbers and the hall's service day.

A number is the category prefix and a per-day sequence, zero-padded to three digits
(A001 ... A999, then A1000: never wraps, so a number is unique within its day).
The service day is the calendar date in the hall's time zone (default Asia/Shanghai), so a
ticket issued at 23:59 local time belongs to that day even though it is 15:59 UTC.
Emergency numbers (offline walk-ins) carry the PC's desk number: W03-001, unique by
construction (see :func:`choose_desk`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"
NUMBER_WIDTH = 3
PREFIX_RE = re.compile(r"^[A-Z]{1,2}$")


def hall_zone(name: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    return ZoneInfo(name)


def service_day(moment: datetime, zone: ZoneInfo) -> date:
    """The hall's calendar date at ``moment`` (which must be timezone-aware)."""
    if moment.tzinfo is None:
        raise ValueError("service_day needs an aware datetime")
    return moment.astimezone(zone).date()


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """Midnight of ``day`` in the hall's zone, as an aware UTC datetime."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return day_start(day, zone), day_start(day + timedelta(days=1), zone)


def format_number(prefix: str, sequence: int) -> str:
    if sequence < 1:
        raise ValueError("ticket sequences start at 1")
    return f"{prefix}{sequence:0{NUMBER_WIDTH}d}"


def parse_number(number: str) -> tuple[str, int]:
    """Split 'A001' into ('A', 1); raises ValueError for anything else."""
    match = re.fullmatch(r"([A-Z]{1,2})(\d{3,})", number.strip().upper())
    if match is None:
        raise ValueError(f"not a ticket number: {number!r}")
    return match.group(1), int(match.group(2))


def valid_prefix(prefix: str) -> bool:
    return bool(PREFIX_RE.fullmatch(prefix))


def emergency_prefix(desk: int) -> str:
    return f"W{desk:02d}-"


def emergency_number(desk: int, sequence: int) -> str:
    """A walk-in number made while the central queue is unreachable: W03-001 (desk 3)."""
    return f"{emergency_prefix(desk)}{sequence:03d}"


def choose_desk(wanted: int | None, taken: Collection[int], windows: Collection[int]) -> int:
    """The desk number (机位号) the central database gives a PC the first time it registers.

    Numbers a PC makes on its own (notices, inquiries, emergency walk-ins) carry its desk
    number, so PCs that share a window number never make the same one: two guide desks
    (no window), a spare PC logged in at a busy window, any of them offline. A PC wanting its
    window's number gets it when no other PC holds it, so its numbers read as that window's;
    any other PC gets the first number after every window and desk of the hall.
    """
    if wanted is not None and wanted >= 1 and wanted not in taken:
        return wanted
    return max((*taken, *windows, 0)) + 1


SCAN_TAG = "DESK"


@dataclass(frozen=True)
class ScannedTicket:
    """What a ticket's QR code says: the hall, the service day and the number."""

    hall_code: str | None
    day: date | None
    number: str


def ticket_scan_code(hall_code: str, day: date, number: str) -> str:
    """The text in a ticket slip's QR code: DESK|demo|2026-11-23|A001.

    A window's barcode scanner types it into the number field, so a citizen who missed the
    call can be reinstated (过号恢复) from the slip without the clerk typing the number.
    """
    return f"{SCAN_TAG}|{hall_code}|{day.isoformat()}|{number}"


def read_ticket_input(text: str) -> ScannedTicket:
    """A typed number ('a001') or a scanned code; raises ValueError for anything else."""
    parts = text.strip().split("|")
    if len(parts) == 4 and parts[0] == SCAN_TAG:
        prefix, seq = parse_number(parts[3])
        return ScannedTicket(parts[1], date.fromisoformat(parts[2]), format_number(prefix, seq))
    if len(parts) != 1:
        raise ValueError(f"not a ticket code: {text!r}")
    prefix, seq = parse_number(parts[0])
    return ScannedTicket(None, None, format_number(prefix, seq))

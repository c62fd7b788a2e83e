"""Written notices handed to an applicant: their kinds, numbers and full content.

一次性告知单 (one-time notice / 补正材料通知书), 受理通知书 (acceptance), 不予受理通知书
(rejection). A notice is stored with its whole content (``NoticeContent``) so it can be
reprinted exactly and audited; the printed slip is laid out from that content alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from desk_client.core.checklist import Applicant, ApplicantKind, MaterialStatus
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import shorten


class NoticeKind(StrEnum):
    ONE_TIME = "one_time"  # 一次性告知单
    ACCEPTANCE = "acceptance"  # 受理通知书
    REJECTION = "rejection"  # 不予受理通知书


#: The letters a notice number starts with: GZ2026-03-0012 (告知), SL… (受理), BY… (不予).
NOTICE_PREFIX: dict[NoticeKind, str] = {
    NoticeKind.ONE_TIME: "GZ",
    NoticeKind.ACCEPTANCE: "SL",
    NoticeKind.REJECTION: "BY",
}

NOTICE_TITLES: dict[NoticeKind, str] = {
    NoticeKind.ONE_TIME: "一次性告知单",
    NoticeKind.ACCEPTANCE: "受理通知书",
    NoticeKind.REJECTION: "不予受理通知书",
}

#: What a rejection notice must tell the applicant (陈述、申辩、行政复议、行政诉讼).
RIGHTS_TEXT = (
    "申请人对本决定有陈述、申辩的权利；如不服本决定，可自收到本通知书之日起六十日内依法申请"
    "行政复议，或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。"
)


@dataclass(frozen=True)
class NoticeLine:
    """One material the applicant must still bring (or bring again, corrected)."""

    material: str
    problem: MaterialStatus  # MISSING or NONCONFORMING
    requirement: str  # form, copies, condition, where to obtain it, notes, in words
    reason: str = ""  # why it does not conform


@dataclass(frozen=True)
class NoticeContent:
    """Everything a notice says, exactly as printed (domain.md: "One-time notice content").

    ``issued_at`` is aware (UTC); slips show it in ``timezone``. ``lines`` are the missing and
    non-conforming materials (one-time notice); ``received`` the materials taken in
    (acceptance); ``refusal_*`` the reason and its legal basis (rejection). ``refers_to`` is the
    earlier notice of a return visit.
    """

    kind: NoticeKind
    number: str
    hall_code: str
    hall_name: str
    issued_at: datetime
    item_code: str
    item_name: str
    department: str
    applicant: Applicant
    legal_basis: str = ""
    promised_days: int | None = None
    statutory_days: int | None = None
    fee: str = ""
    enquiry_phone: str = ""
    complaint_phone: str = ""
    clerk_no: str = ""
    clerk_name: str = ""
    clerk_phone: str = ""
    window_number: int | None = None
    lines: tuple[NoticeLine, ...] = ()
    received: tuple[str, ...] = ()
    refusal_reason: str = ""
    refusal_basis: str = ""
    refers_to: str = ""
    timezone: str = "Asia/Shanghai"
    deadline: date | None = None  # 办结期限 of an acceptance notice (issue 5)


# Numbers ---------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"(GZ|SL|BY)([0-9]{4})-([0-9]{2,})-([0-9]{4,})")
_KIND_BY_PREFIX = {prefix: kind for kind, prefix in NOTICE_PREFIX.items()}
_NUMBER_MAX = 32
SCAN_TAG = "DESKN"


def notice_number_prefix(kind: NoticeKind, year: int, desk: int | None) -> str:
    """GZ2026-03-: what every notice of this kind, year and desk begins with."""
    if not 1000 <= year <= 9999 or (desk is not None and desk < 0):
        raise ValueError(f"no notice number for year {year}, desk {desk}")
    return f"{NOTICE_PREFIX[kind]}{year:04d}-{desk or 0:02d}-"


def format_notice_number(kind: NoticeKind, year: int, desk: int | None, seq: int) -> str:
    """GZ2026-03-0012: kind, year, the issuing PC's desk (sync.desks: the window's number for
    a PC at its own window; 00 for none before desks), the desk's sequence.

    The sequence is zero-padded to four digits and simply grows beyond (GZ2026-03-12345).
    """
    if seq < 1:
        raise ValueError(f"no notice number for sequence {seq}")
    return f"{notice_number_prefix(kind, year, desk)}{seq:04d}"


def parse_notice_number(text: str) -> tuple[NoticeKind, int, int, int]:
    """(kind, year, window, seq) of a number typed in any case; only the canonical spelling
    is accepted, so one notice has exactly one number."""
    normalised = text.strip().upper()
    # Bounded before int(): Python refuses to convert a string of thousands of digits.
    match = _NUMBER_RE.fullmatch(normalised) if len(normalised) <= _NUMBER_MAX else None
    if match is not None and normalised.isascii():
        kind = _KIND_BY_PREFIX[match.group(1)]
        year, window, seq = (int(match.group(i)) for i in (2, 3, 4))
        if (
            seq >= 1
            and year >= 1000
            and format_notice_number(kind, year, window, seq) == normalised
        ):
            return kind, year, window, seq
    raise DeskError("notice.bad_number", text=shorten(text.strip()))


def normalise_notice_number(text: str) -> str:
    kind, year, window, seq = parse_notice_number(text)
    return format_notice_number(kind, year, window, seq)


def notice_scan_code(hall_code: str, number: str) -> str:
    """The text in a notice's QR code: DESKN|demo|GZ2026-03-0012 (a scanner types it)."""
    return f"{SCAN_TAG}|{hall_code}|{number}"


def read_notice_input(text: str) -> tuple[str | None, str]:
    """(hall, number) of a scanned code, (None, number) of a typed number; the number
    normalised. A ticket's code or anything else is refused with notice.bad_number."""
    parts = text.strip().split("|")
    if len(parts) == 3 and parts[0] == SCAN_TAG and parts[1].strip():
        return parts[1].strip(), normalise_notice_number(parts[2])
    if len(parts) == 1:
        return None, normalise_notice_number(parts[0])
    raise DeskError("notice.bad_number", text=shorten(text.strip()))


# Stored content --------------------------------------------------------------------------

_E = TypeVar("_E", bound=StrEnum)
_STRUCTURED = ("kind", "issued_at", "applicant", "lines", "received", "deadline")
_OPTIONAL_INTS = ("promised_days", "statutory_days", "window_number")


def content_to_dict(content: NoticeContent) -> dict[str, Any]:
    """The content as JSON-able data (stored, synced); ``content_from_dict`` reverses it."""
    if content.issued_at.tzinfo is None:
        raise ValueError("a notice's issued_at must be timezone-aware")
    data: dict[str, Any] = {
        f.name: getattr(content, f.name) for f in fields(content) if f.name not in _STRUCTURED
    }
    data["kind"] = content.kind.value
    data["issued_at"] = content.issued_at.isoformat()
    data["applicant"] = {f.name: str(getattr(content.applicant, f.name)) for f in fields(Applicant)}
    data["lines"] = [_line_to_dict(line) for line in content.lines]
    data["received"] = list(content.received)
    data["deadline"] = None if content.deadline is None else content.deadline.isoformat()
    return data


def _line_to_dict(line: NoticeLine) -> dict[str, str]:
    return {
        "material": line.material,
        "problem": line.problem.value,
        "requirement": line.requirement,
        "reason": line.reason,
    }


def content_from_dict(data: Mapping[str, Any]) -> NoticeContent:
    """The content stored by ``content_to_dict``; ValueError (and nothing else) when the data
    is not such content, so a sync handler can refuse a malformed event with the reason."""
    if not isinstance(data, Mapping):
        raise ValueError("notice content is not an object")
    plain: dict[str, Any] = {}
    for f in fields(NoticeContent):
        if f.name in _STRUCTURED or (f.name not in data and f.default is not MISSING):
            continue
        reader = _optional_int if f.name in _OPTIONAL_INTS else _text
        plain[f.name] = reader(data, f.name)
    return NoticeContent(
        kind=_enum(NoticeKind, data, "kind"),
        issued_at=_moment(data, "issued_at"),
        applicant=_applicant(_mapping(data, "applicant")),
        lines=tuple(_line(_as_mapping(item, "lines")) for item in _list(data, "lines")),
        received=tuple(_text_value(item, "received") for item in _list(data, "received")),
        deadline=_optional_day(data, "deadline"),
        **plain,
    )


def _require(data: Mapping[str, Any], key: str) -> Any:
    if key not in data:
        raise ValueError(f"notice content lacks {key!r}")
    return data[key]


def _text_value(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"notice content: {key!r} is not text")
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    return _text_value(_require(data, key), key)


def _optional_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"notice content: {key!r} is not a whole number")


def _as_mapping(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"notice content: {key!r} is not an object")
    return value


def _mapping(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    return _as_mapping(_require(data, key), key)


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"notice content: {key!r} is not a list")
    return value


def _enum(enum: type[_E], data: Mapping[str, Any], key: str) -> _E:
    value = _text(data, key)
    try:
        return enum(value)
    except ValueError:
        raise ValueError(
            f"notice content: {key!r} is not one of {[e.value for e in enum]}"
        ) from None


def _moment(data: Mapping[str, Any], key: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_text(data, key))
    except ValueError:
        raise ValueError(f"notice content: {key!r} is not an ISO date and time") from None
    if moment.tzinfo is None:
        raise ValueError(f"notice content: {key!r} has no UTC offset")
    return moment


def _optional_day(data: Mapping[str, Any], key: str) -> date | None:
    """An ISO date, or None when absent (content stored before issue 5 has no deadline)."""
    value = data.get(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(_text_value(value, key))
    except ValueError:
        raise ValueError(f"notice content: {key!r} is not an ISO date") from None


def _applicant(data: Mapping[str, Any]) -> Applicant:
    texts = {key: _text(data, key) for key in ("name", "id_number", "phone", "contact")}
    return Applicant(kind=_enum(ApplicantKind, data, "kind"), **texts)


def _line(data: Mapping[str, Any]) -> NoticeLine:
    return NoticeLine(
        material=_text(data, "material"),
        problem=_enum(MaterialStatus, data, "problem"),
        requirement=_text(data, "requirement"),
        reason=_text(data, "reason"),
    )

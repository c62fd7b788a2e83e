"""The first-inquiry responsibility log (首问负责制): states, steps, numbers, the form's checks.

The first staff member a person asks owns the inquiry (首问责任人) until it is closed; the
handler is whoever must act now. The steps, as a transition table:

    open --answer--> answered              (on the spot; closed)
    open --guide--> guided                 (outside the hall's remit; closed)
    open --follow_up--> follow_up          (a reply promised within N working days)
    open | follow_up --refer--> referred   (转办 to a colleague or a department)
    referred --accept--> in_hand           (the receiver takes it)
    referred | in_hand --hand_back--> open (the receiver returns it, with a reason)
    in_hand | follow_up --reply--> replied
    replied --close--> closed              (the owner has told the person)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from desk_client.core.catalogue_cells import CODE_RE
from desk_client.core.deadlines import Level, level
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import check_credit_code, check_phone, check_resident_id, shorten
from desk_client.core.messages_inquiries import (
    CONTACT_REASONS,
    INQUIRY_STATE_NAMES,
    INQUIRY_STEP_NAMES,
    INQUIRY_TEXT_NAMES,
)
from desk_client.core.notices import SCAN_TAG, notice_scan_code
from desk_client.core.workdays import WorkCalendar


class InquiryChannel(StrEnum):
    VISIT = "visit"  # 来访
    PHONE = "phone"  # 来电
    LETTER = "letter"  # 来信
    ONLINE = "online"  # 网上


class PersonKind(StrEnum):
    PERSON = "person"  # 个人: resident ID number
    ORGANISATION = "organisation"  # 单位: unified social credit code


class InquiryState(StrEnum):
    OPEN = "open"  # 待处理
    ANSWERED = "answered"  # 已当场答复
    GUIDED = "guided"  # 已引导至他处
    FOLLOW_UP = "follow_up"  # 待答复
    REFERRED = "referred"  # 已转办
    IN_HAND = "in_hand"  # 承办中
    REPLIED = "replied"  # 已答复 (the owner still has to tell the person)
    CLOSED = "closed"  # 已办结


class InquiryAction(StrEnum):
    """A step of an inquiry (each is an event: inquiry.answered, inquiry.referred, ...)."""

    ANSWER = "answer"
    GUIDE = "guide"
    FOLLOW_UP = "follow_up"
    REFER = "refer"
    ACCEPT = "accept"
    HAND_BACK = "hand_back"
    REPLY = "reply"
    CLOSE = "close"


S, A = InquiryState, InquiryAction
INITIAL_STATE = S.OPEN
TRANSITIONS: dict[tuple[InquiryState, InquiryAction], InquiryState] = {
    (S.OPEN, A.ANSWER): S.ANSWERED,
    (S.OPEN, A.GUIDE): S.GUIDED,
    (S.OPEN, A.FOLLOW_UP): S.FOLLOW_UP,
    (S.OPEN, A.REFER): S.REFERRED,
    (S.FOLLOW_UP, A.REFER): S.REFERRED,
    (S.REFERRED, A.ACCEPT): S.IN_HAND,
    (S.REFERRED, A.HAND_BACK): S.OPEN,
    (S.IN_HAND, A.HAND_BACK): S.OPEN,
    (S.IN_HAND, A.REPLY): S.REPLIED,
    (S.FOLLOW_UP, A.REPLY): S.REPLIED,
    (S.REPLIED, A.CLOSE): S.CLOSED,
}
CLOSED_STATES = frozenset({S.ANSWERED, S.GUIDED, S.CLOSED})
#: Steps the receiver of a referral takes; every other step is the owner's.
RECEIVER_STEPS = frozenset({A.ACCEPT, A.HAND_BACK})


def next_inquiry_state(
    state: InquiryState | str, step: InquiryAction | str, number: str = ""
) -> InquiryState:
    """The state after ``step``, or DeskError("inquiry.transition_forbidden").

    ValueError for a state or step that does not exist at all (a programming error).
    """
    current, action = InquiryState(state), InquiryAction(step)
    following = TRANSITIONS.get((current, action))
    if following is None:
        state_zh, state_en = INQUIRY_STATE_NAMES[current.value]
        step_zh, step_en = INQUIRY_STEP_NAMES[action.value]
        raise DeskError(
            "inquiry.transition_forbidden",
            number=number,
            state=state_zh,
            state_en=state_en,
            step=step_zh,
            step_en=step_en,
        )
    return following


def allowed_steps(state: InquiryState | str) -> frozenset[InquiryAction]:
    current = InquiryState(state)
    return frozenset(action for (origin, action) in TRANSITIONS if origin is current)


def is_closed(state: InquiryState | str) -> bool:
    """True once nothing more happens: answered, guided or closed."""
    return InquiryState(state) in CLOSED_STATES


def handler_after(
    step: InquiryAction | str, owner_no: str, handler_no: str, to_staff_no: str = ""
) -> str:
    """Who must act after ``step`` (the handler): a referral to a colleague hands the inquiry
    to that colleague; one to a department leaves it with the owner, who follows it up with
    the department; handing back, a reply and everything else return it to the owner, who
    tells the person. ``handler_no`` is the handler before the step (kept by accept)."""
    action = InquiryAction(step)
    if action is A.REFER:
        return to_staff_no or owner_no
    if action is A.ACCEPT:
        return handler_no
    return owner_no


# Numbers ---------------------------------------------------------------------------------

PREFIX = "SW"  # 首问 (shǒu wèn)
_NUMBER_RE = re.compile(r"SW([0-9]{4})-([0-9]{2,})-([0-9]{4,})")
_NUMBER_MAX = 32


def inquiry_number_prefix(year: int, desk: int) -> str:
    """SW2026-03-: what every inquiry number of this year and desk begins with."""
    return f"{PREFIX}{year:04d}-{desk:02d}-"


def format_inquiry_number(year: int, desk: int | None, seq: int) -> str:
    """SW2026-03-0001: the year, the logging PC's desk (sync.desks: its window's number at its
    own window; 00 for a guide before desks), the desk's sequence.

    The sequence is zero-padded to four digits and simply grows beyond (SW2026-03-12345).
    """
    if not 1000 <= year <= 9999 or seq < 1 or (desk is not None and desk < 0):
        raise ValueError(f"no inquiry number for year {year}, desk {desk}, sequence {seq}")
    return f"{inquiry_number_prefix(year, desk or 0)}{seq:04d}"


def parse_inquiry_number(text: str) -> tuple[int, int, int]:
    """(year, desk, seq) of a number typed in any case; only the canonical spelling is
    accepted, so one inquiry has one number. DeskError("inquiry.bad_number") otherwise."""
    normalised = text.strip().upper()
    # Bounded before int(): Python refuses to convert a string of thousands of digits.
    match = _NUMBER_RE.fullmatch(normalised) if len(normalised) <= _NUMBER_MAX else None
    if match is not None and normalised.isascii():
        year, desk, seq = (int(group) for group in match.groups())
        if seq >= 1 and year >= 1000 and format_inquiry_number(year, desk, seq) == normalised:
            return year, desk, seq
    raise DeskError("inquiry.bad_number", text=shorten(text.strip()))


def normalise_inquiry_number(text: str) -> str:
    return format_inquiry_number(*parse_inquiry_number(text))


def inquiry_scan_code(hall_code: str, number: str) -> str:
    """The QR code's text on the receipt slip: DESKN|demo|SW2026-03-0001, as for notices."""
    return notice_scan_code(hall_code, number)


def read_inquiry_input(text: str) -> tuple[str | None, str]:
    """(hall, number) of a scanned slip, (None, number) of a typed number; the number
    normalised; DeskError("inquiry.bad_number") for anything else."""
    parts = text.strip().split("|")
    if len(parts) == 3 and parts[0] == SCAN_TAG and parts[1].strip():
        return parts[1].strip(), normalise_inquiry_number(parts[2])
    if len(parts) == 1:
        return None, normalise_inquiry_number(parts[0])
    raise DeskError("inquiry.bad_number", text=shorten(text.strip()))


def looks_like_inquiry_input(text: str) -> bool:
    """True when a lookup's text is meant as a number (typed or scanned), not a phone/name."""
    stripped = text.strip().upper()
    return stripped.startswith((PREFIX, SCAN_TAG + "|"))


# Reply dates and warning levels ------------------------------------------------------------

MAX_REPLY_DAYS = 60


def reply_date(today: date, days: int, calendar: WorkCalendar) -> date:
    """The promised reply date: the ``days``-th working day after ``today`` (1..60).

    DeskError("inquiry.reply_days") outside that range; calendar.missing for a year the
    calendar lacks (a wrong promise is worse than none)."""
    if not 1 <= days <= MAX_REPLY_DAYS:
        raise DeskError("inquiry.reply_days", days=days, max=MAX_REPLY_DAYS)
    return calendar.working_days_after(today, days)


def check_reply_date(reply: date, today: date) -> date:
    """A promised reply date may be today or later, never in the past."""
    if reply < today:
        raise DeskError("inquiry.reply_in_past", reply=reply, today=today)
    return reply


def follow_up_level(  # noqa: PLR0917 - mirrors deadlines.level, as promised to the others
    today: date,
    logged: date,
    reply: date,
    calendar: WorkCalendar,
    yellow_days: int,
    yellow_percent: int,
) -> Level:
    """The warning level of a follow-up, exactly like a case's: the reply date is the
    deadline, the day it was logged the acceptance, the working days between the limit."""
    if today > reply:
        return Level.RED
    try:
        limit = calendar.count_working_days(logged, reply)
    except DeskError as error:
        if error.code != "calendar.missing":
            raise
        return Level.MISSING
    return level(today, reply, limit, logged, calendar, yellow_days, yellow_percent)


# Texts of the steps ------------------------------------------------------------------------

MAX_TEXT = 1000


def check_text(text: str, what: str, required: bool = True) -> str:
    """A step's text stripped (``what``: answer, reply, reason, body, note); required ones
    need 1..1000 characters, optional ones at most 1000."""
    stripped = text.strip()
    too_long = len(stripped) > MAX_TEXT
    if too_long or (required and not stripped):
        zh, en = INQUIRY_TEXT_NAMES[what]
        raise DeskError("inquiry.text_required", what=zh, what_en=en, max=MAX_TEXT)
    return stripped


def check_referral_target(to_staff_no: str, department: str, actor: str) -> tuple[str, str]:
    """(staff_no, department) of a referral: exactly one of them, and not oneself."""
    staff, body = to_staff_no.strip(), department.strip()
    if bool(staff) == bool(body):
        raise DeskError("inquiry.refer_target")
    if staff and staff == actor:
        raise DeskError("inquiry.refer_self", staff_no=staff)
    return staff, body


# The form (首问登记) -------------------------------------------------------------------------

MAX_NAME = 100
MAX_MATERIAL_NAME = 200
MAX_QUANTITY = 99
MAX_MATERIALS = 50


@dataclass(frozen=True, slots=True)
class CheckedDraft:
    """An inquiry form that passed :func:`check_draft`: enums, stripped texts, a normalised
    phone and id number ("" when not given)."""

    channel: InquiryChannel
    person_kind: PersonKind
    person_name: str
    phone: str
    matter: str
    item_code: str
    id_number: str
    materials: tuple[tuple[str, int], ...]


def check_draft(
    channel: str,
    person_kind: str,
    person_name: str,
    phone: str,
    matter: str,
    *,
    item_code: str = "",
    id_number: str = "",
    materials: Iterable[tuple[str, int]] = (),
    today: date,
) -> CheckedDraft:
    """The form normalised, or the first DeskError in the order the form reads: channel,
    kind, name, phone (required for a phone inquiry, validated whenever given), id number
    (resident ID of a person, credit code of an organisation), matter, item code, materials.
    """
    kind = _enum(PersonKind, person_kind, "inquiry.person_kind", "kind")
    checked_channel = _enum(InquiryChannel, channel, "inquiry.channel", "channel")
    return CheckedDraft(
        channel=checked_channel,
        person_kind=kind,
        person_name=_bounded(person_name, MAX_NAME, "inquiry.name"),
        phone=check_contact(phone, required=checked_channel is InquiryChannel.PHONE),
        id_number=_id_number(id_number, kind, today),
        matter=_matter(matter),
        item_code=_item_code(item_code),
        materials=check_materials(materials),
    )


def check_contact(phone: str, required: bool, reason: str = "phone") -> str:
    """The phone stripped ("" when optional and blank); inquiry.contact_required when a
    ``reason`` (phone, follow_up) needs one; phone.invalid when it is not a number."""
    stripped = phone.strip()
    if not stripped:
        if required:
            zh, en = CONTACT_REASONS[reason]
            raise DeskError("inquiry.contact_required", reason=zh, reason_en=en)
        return ""
    return check_phone(stripped)


def check_materials(materials: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Each material's name 1..200 characters and quantity 1..99; at most 50 of them."""
    given = tuple(materials)
    if len(given) > MAX_MATERIALS:
        raise DeskError("inquiry.materials_count", count=len(given), max=MAX_MATERIALS)
    checked = []
    for position, (name, quantity) in enumerate(given, start=1):
        stripped = name.strip()
        if not 1 <= len(stripped) <= MAX_MATERIAL_NAME:
            raise DeskError("inquiry.material_name", position=position, max=MAX_MATERIAL_NAME)
        if isinstance(quantity, bool) or not 1 <= quantity <= MAX_QUANTITY:
            shown = shorten(stripped)
            raise DeskError(
                "inquiry.material_quantity", name=shown, quantity=quantity, max=MAX_QUANTITY
            )
        checked.append((stripped, quantity))
    return tuple(checked)


_E = TypeVar("_E", bound=StrEnum)


def _enum(kind: type[_E], value: str, code: str, param: str) -> _E:
    try:
        return kind(value.strip())
    except ValueError:
        raise DeskError(code, **{param: shorten(value.strip())}) from None


def _bounded(text: str, maximum: int, code: str) -> str:
    stripped = text.strip()
    if not 1 <= len(stripped) <= maximum:
        raise DeskError(code, max=maximum)
    return stripped


def _matter(text: str) -> str:
    stripped = text.strip()
    if not 1 <= len(stripped) <= MAX_TEXT:
        raise DeskError("inquiry.matter", max=MAX_TEXT, length=len(stripped))
    return stripped


def _item_code(code: str) -> str:
    stripped = code.strip()
    if stripped and not CODE_RE.fullmatch(stripped):
        raise DeskError("inquiry.item_code", item_code=shorten(stripped))
    return stripped


def _id_number(number: str, kind: PersonKind, today: date) -> str:
    if not number.strip():
        return ""
    if kind is PersonKind.ORGANISATION:
        return check_credit_code(number)
    return check_resident_id(number, today)

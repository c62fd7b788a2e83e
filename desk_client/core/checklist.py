"""The checklist at the window: the applicant, each material's state, the one-time rule.

一次性告知: everything missing or not conforming is told at once, in writing; on the return
visit (补正) nothing new may be demanded unless a supervisor approves it with a written reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from desk_client.core.catalogue import FORM_LABELS, Material, MaterialForm, ServiceItem
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import check_credit_code, check_phone, check_resident_id, shorten

if TYPE_CHECKING:
    from desk_client.core.notices import NoticeLine

#: Field limits, shared by the applicant check, the services and the forms (the phone's,
#: PHONE_MAX, lives in idnumbers).
NAME_MAX = 100
CONTACT_MAX = 100
REASON_MAX = 500


class ApplicantKind(StrEnum):
    PERSON = "person"  # 自然人: resident ID number (GB 11643)
    ORGANISATION = "organisation"  # 法人或其他组织: unified social credit code (GB 32100)


@dataclass(frozen=True)
class Applicant:
    """Who applies. ``id_number`` is the full resident ID or credit code; it is masked
    wherever it is shown or printed, unless a clerk reveals it on purpose (recorded)."""

    kind: ApplicantKind
    name: str
    id_number: str
    phone: str = ""
    contact: str = ""  # an organisation's contact person


class MaterialStatus(StrEnum):
    PRESENT = "present"  # 齐全
    MISSING = "missing"  # 缺
    NONCONFORMING = "nonconforming"  # 不符合 (with the reason)
    NOT_APPLICABLE = "not_applicable"  # a conditional material whose condition does not apply


STATUS_LABELS: dict[MaterialStatus, str] = {
    MaterialStatus.PRESENT: "齐全",
    MaterialStatus.MISSING: "缺少",
    MaterialStatus.NONCONFORMING: "不符合要求",
    MaterialStatus.NOT_APPLICABLE: "不适用",
}


@dataclass(frozen=True)
class MaterialCheck:
    """The clerk's tick for one material of the item, by the material's name."""

    name: str
    status: MaterialStatus
    reason: str = ""  # required for NONCONFORMING


@dataclass(frozen=True)
class ExceptionApproval:
    """A supervisor's approval to ask, on a return visit, for a material the notice did not
    list: the one exception to the one-time rule, always with a written reason."""

    material: str
    reason: str
    supervisor_no: str
    supervisor_name: str
    approved_at: datetime


# The applicant ---------------------------------------------------------------------------

_EMPTY_CODES = {"name": "applicant.name_empty", "contact": "applicant.contact_required"}
# Control characters and lone surrogates break printing and storage. Private-use characters
# stay allowed: rare characters in names (生僻字) are often typed through them.
_REFUSED_CATEGORIES = ("Cc", "Cs")


def _checked_text(value: str, field: str, limit: int, *, required: bool) -> str:
    text = value.strip()
    if required and not text:
        raise DeskError(_EMPTY_CODES[field])
    if len(text) > limit:
        raise DeskError(f"applicant.{field}_too_long", length=len(text), limit=limit)
    bad = next((ch for ch in text if unicodedata.category(ch) in _REFUSED_CATEGORIES), None)
    if bad is not None:
        raise DeskError(f"applicant.{field}_characters", char=f"U+{ord(bad):04X}")
    return text


def _checked_phone(phone: str) -> str:
    if not phone.strip():
        raise DeskError("applicant.phone_required")
    return check_phone(phone)


def check_applicant(applicant: Applicant, today: date) -> Applicant:
    """The applicant normalised (trimmed, upper-case X, checked numbers); DeskError if not.

    A person needs a resident ID number and a phone; an organisation a credit code, a phone
    and a contact person (联系人).
    """
    name = _checked_text(applicant.name, "name", NAME_MAX, required=True)
    person = applicant.kind == ApplicantKind.PERSON
    if person:
        id_number = check_resident_id(applicant.id_number, today)
    else:
        id_number = check_credit_code(applicant.id_number)
    phone = _checked_phone(applicant.phone)
    contact = _checked_text(applicant.contact, "contact", CONTACT_MAX, required=not person)
    return replace(applicant, name=name, id_number=id_number, phone=phone, contact=contact)


# The ticks -------------------------------------------------------------------------------

#: What a notice must tell: a material that is missing or must be brought again.
TO_TELL = frozenset({MaterialStatus.MISSING, MaterialStatus.NONCONFORMING})


def _by_name(checks: Iterable[MaterialCheck]) -> dict[str, MaterialCheck]:
    """Each material's tick; the first one wins (validated ticks have no duplicates)."""
    found: dict[str, MaterialCheck] = {}
    for check in checks:
        found.setdefault(check.name, check)
    return found


def _validate_check(materials: dict[str, Material], check: MaterialCheck, seen: set[str]) -> None:
    material = materials.get(check.name)
    if material is None:
        raise DeskError("checklist.unknown_material", material=shorten(check.name))
    if check.name in seen:
        raise DeskError("checklist.duplicate", material=check.name)
    reason = check.reason.strip()
    if check.status == MaterialStatus.NONCONFORMING and not reason:
        raise DeskError("checklist.reason_required", material=check.name)
    if len(reason) > REASON_MAX:
        raise DeskError(
            "checklist.reason_too_long", material=check.name, length=len(reason), limit=REASON_MAX
        )
    if check.status == MaterialStatus.NOT_APPLICABLE and material.required:
        raise DeskError("checklist.not_conditional", material=check.name)


def validate_checks(item: ServiceItem, checks: Sequence[MaterialCheck]) -> None:
    """Every material of the item ticked exactly once, and each tick makes sense."""
    materials = {material.name: material for material in item.materials}
    seen: set[str] = set()
    for check in checks:
        _validate_check(materials, check, seen)
        seen.add(check.name)
    unticked = next((m.name for m in item.materials if m.name not in seen), None)
    if unticked is not None:
        raise DeskError("checklist.missing_tick", material=unticked)


def _tidy(text: str) -> str:
    """A catalogue phrase without the punctuation that would double up when joined."""
    return text.strip().rstrip("；;。.，, ")


def _form_text(material: Material) -> str:
    label = "电子版" if material.form == MaterialForm.ELECTRONIC else FORM_LABELS[material.form]
    return f"{label}{material.copies}份" if material.copies > 0 else label


def _condition_text(condition: str) -> str:
    text = _tidy(condition)
    if not text:
        return "视情况提供"
    return text if "提供" in text else f"{text}需提供"


def requirement(material: Material) -> str:
    """The requirement in words: 原件1份；委托他人办理的需提供；向户籍所在地派出所申请；…"""
    parts = [_form_text(material)]
    if not material.required:
        parts.append(_condition_text(material.condition))
    parts += [_tidy(material.source), _tidy(material.notes)]
    return "；".join(part for part in parts if part)


def notice_lines(item: ServiceItem, checks: Iterable[MaterialCheck]) -> tuple[NoticeLine, ...]:
    """The missing and non-conforming materials, in the item's order, each with its
    requirement written out: exactly what the one-time notice lists."""
    # Imported here: notices imports this module for Applicant and MaterialStatus.
    from desk_client.core.notices import NoticeLine

    ticks = _by_name(checks)
    lines: list[NoticeLine] = []
    for material in item.materials:
        check = ticks.get(material.name)
        if check is not None and check.status in TO_TELL:
            line = NoticeLine(
                material.name, check.status, requirement(material), check.reason.strip()
            )
            lines.append(line)
    return tuple(lines)


def is_complete(item: ServiceItem, checks: Sequence[MaterialCheck]) -> bool:
    """Nothing to tell and every required material present: the application can be accepted."""
    if notice_lines(item, checks):
        return False
    ticks = _by_name(checks)
    return all(
        material.name in ticks and ticks[material.name].status == MaterialStatus.PRESENT
        for material in item.materials
        if material.required
    )


def received(item: ServiceItem, checks: Iterable[MaterialCheck]) -> tuple[str, ...]:
    """The materials taken in, for the acceptance notice: 营业执照 原件 1份."""
    ticks = _by_name(checks)
    return tuple(
        f"{m.name} {FORM_LABELS[m.form]} {m.copies}份"
        for m in item.materials
        if m.name in ticks and ticks[m.name].status == MaterialStatus.PRESENT
    )


# The one-time rule -----------------------------------------------------------------------


def new_demands(listed: frozenset[str], checks: Iterable[MaterialCheck]) -> tuple[str, ...]:
    """Materials ticked missing or non-conforming on a return visit that the earlier notice
    did not list: each would break the one-time rule (一次性告知) without an approval."""
    names = (check.name for check in checks if check.status in TO_TELL)
    return tuple(dict.fromkeys(name for name in names if name not in listed))


def enforce_one_time(
    listed: frozenset[str],
    checks: Iterable[MaterialCheck],
    approvals: Iterable[ExceptionApproval],
) -> None:
    """Refuse a new demand that no supervisor approved with a written reason."""
    approved = {a.material for a in approvals if a.reason.strip()}
    for name in new_demands(listed, checks):
        if name not in approved:
            raise DeskError("checklist.new_demand", material=shorten(name))

"""The checklist at the window: the applicant, each material's state, the one-time rule.

一次性告知: everything missing or not conforming is told at once, in writing; on the return
visit (补正) nothing new may be demanded unless a supervisor approves it with a written reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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

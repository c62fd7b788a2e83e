"""The service catalogue (办事指南): what an item is, what it needs, how long it may take.

Plain frozen dataclasses, shared by every layer: the store keeps them, services return them,
printing lays them out. Codes of enums are English and stable (they are stored and exported);
the Chinese labels are what people read and what an imported file may also use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ItemKind(StrEnum):
    """办件类型. An instant case closes the same day; the others count down."""

    INSTANT = "instant"  # 即办件
    PROMISED = "promised"  # 承诺件
    JOINT = "joint"  # 联办件
    ESCALATED = "escalated"  # 上报件


class MaterialForm(StrEnum):
    ORIGINAL = "original"  # 原件
    COPY = "copy"  # 复印件
    ELECTRONIC = "electronic"  # 电子


KIND_LABELS: dict[ItemKind, str] = {
    ItemKind.INSTANT: "即办件",
    ItemKind.PROMISED: "承诺件",
    ItemKind.JOINT: "联办件",
    ItemKind.ESCALATED: "上报件",
}

FORM_LABELS: dict[MaterialForm, str] = {
    MaterialForm.ORIGINAL: "原件",
    MaterialForm.COPY: "复印件",
    MaterialForm.ELECTRONIC: "电子",
}


@dataclass(frozen=True)
class Material:
    """One material an applicant brings (申请材料).

    ``required`` False means conditional: ``condition`` says in words when it is needed
    (e.g. 委托他人办理的).
    """

    name: str
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = 1
    required: bool = True
    condition: str = ""
    source: str = ""  # 来源渠道: where to obtain it
    notes: str = ""


@dataclass(frozen=True)
class SpecialStep:
    """特殊环节: hearing, inspection, expert review ... ``counts`` False stops the clock."""

    name: str
    days: int  # the time it needs, in working days
    legal_basis: str = ""
    counts: bool = False


@dataclass(frozen=True)
class RefusalGround:
    """One reason an item may be refused (不予受理), with the rule that allows it."""

    reason: str
    legal_basis: str


@dataclass(frozen=True)
class ServiceItem:
    """One service item (事项) of a hall's catalogue.

    ``category`` is the code of the hall's queue category (业务类别) that serves it.
    ``promised_days`` None means the item promises nothing and the statutory limit applies.
    """

    code: str
    name: str
    department: str
    category: str
    kind: ItemKind
    legal_basis: str = ""
    promised_days: int | None = None
    statutory_days: int | None = None
    fee: str = "不收费"
    enquiry_phone: str = ""
    complaint_phone: str = ""
    weekend: bool = False  # 5+2: available on weekend and holiday sessions
    steps: tuple[SpecialStep, ...] = ()
    materials: tuple[Material, ...] = ()
    refusal_grounds: tuple[RefusalGround, ...] = field(default=())

    def material(self, name: str) -> Material | None:
        return next((m for m in self.materials if m.name == name), None)

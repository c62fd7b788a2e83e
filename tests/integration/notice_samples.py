"""Notices as a window would issue them, for the printing tests (built with the core rules,
so the requirement texts are the ones the checklist really writes)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pypdf

from desk_client.core.catalogue import ItemKind, Material, MaterialForm, ServiceItem
from desk_client.core.checklist import (
    Applicant,
    ApplicantKind,
    MaterialCheck,
    MaterialStatus,
    notice_lines,
    received,
)
from desk_client.core.notices import NoticeContent, NoticeKind

HALL = "示范市政务服务中心"
FULL_ID = "11010519491231002X"
MASKED_ID = "1101**********002X"
CREDIT_CODE = "91350100M000100Y43"
ISSUED = datetime(2026, 11, 22, 2, 5, tzinfo=UTC)  # 10:05 in Asia/Shanghai
ISSUED_LOCAL = "2026年11月22日10:05"
REASON = "租赁合同已过期，且未载明房屋用途"

MATERIALS = (
    Material("《个体工商户登记（备案）申请书》", source="窗口领取或在网上办事大厅下载"),
    Material("经营者身份证明", MaterialForm.COPY, notes="核验原件"),
    Material("经营场所使用证明", MaterialForm.COPY, notes="房屋产权证明或租赁合同"),
    Material("委托代理人身份证明及授权委托书", required=False, condition="委托他人办理的"),
    Material("前置审批许可文件", MaterialForm.COPY, required=False, condition="涉及前置许可的"),
)

ITEM = ServiceItem(
    code="000131127004",
    name="个体工商户设立登记",
    department="示范市市场监督管理局",
    category="A",
    kind=ItemKind.PROMISED,
    legal_basis="《促进个体工商户发展条例》第八条；《市场主体登记管理条例》第十九条",
    promised_days=3,
    statutory_days=15,
    fee="不收费",
    enquiry_phone="0591-87654321",
    complaint_phone="12345",
    materials=MATERIALS,
)

CHECKS = (
    MaterialCheck(MATERIALS[0].name, MaterialStatus.PRESENT),
    MaterialCheck(MATERIALS[1].name, MaterialStatus.MISSING),
    MaterialCheck(MATERIALS[2].name, MaterialStatus.NONCONFORMING, REASON),
    MaterialCheck(MATERIALS[3].name, MaterialStatus.MISSING),
    MaterialCheck(MATERIALS[4].name, MaterialStatus.NOT_APPLICABLE),
)

PERSON = Applicant(ApplicantKind.PERSON, "张三", FULL_ID, "13800138000")
COMPANY = Applicant(
    ApplicantKind.ORGANISATION, "示范市某某商贸有限公司", CREDIT_CODE, "0591-83330000", "王五"
)


def content(kind: NoticeKind, number: str, **changes: object) -> NoticeContent:
    base = NoticeContent(
        kind=kind,
        number=number,
        hall_code="demo",
        hall_name=HALL,
        issued_at=ISSUED,
        item_code=ITEM.code,
        item_name=ITEM.name,
        department=ITEM.department,
        applicant=PERSON,
        legal_basis=ITEM.legal_basis,
        promised_days=ITEM.promised_days,
        statutory_days=ITEM.statutory_days,
        fee=ITEM.fee,
        enquiry_phone=ITEM.enquiry_phone,
        complaint_phone=ITEM.complaint_phone,
        clerk_no="0123",
        clerk_name="李四",
        clerk_phone="0591-87654322",
        window_number=3,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


ONE_TIME = content(NoticeKind.ONE_TIME, "GZ2026-03-0012", lines=notice_lines(ITEM, CHECKS))
ALL_PRESENT = [MaterialCheck(m.name, MaterialStatus.PRESENT) for m in MATERIALS]
ACCEPTANCE = content(NoticeKind.ACCEPTANCE, "SL2026-03-0007", received=received(ITEM, ALL_PRESENT))
REJECTION = content(
    NoticeKind.REJECTION,
    "BY2026-03-0002",
    refusal_reason="申请的经营范围属于本市负面清单禁止类项目",
    refusal_basis="《市场主体登记管理条例》第二十六条",
)


def many_materials(count: int) -> NoticeContent:
    """A one-time notice listing ``count`` materials, each with a name of its own."""
    materials = tuple(
        Material(f"第{i}号材料证明文件", MaterialForm.COPY, notes=f"加盖公章的第{i}号说明")
        for i in range(1, count + 1)
    )
    item = replace(ITEM, materials=materials)
    checks = [MaterialCheck(m.name, MaterialStatus.MISSING) for m in materials]
    return replace(ONE_TIME, number="GZ2026-03-0040", lines=notice_lines(item, checks))


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text without any whitespace (CJK lines break anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return ["".join(page.extract_text().split()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return "".join(pages_text(pdf))

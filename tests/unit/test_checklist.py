"""The applicant check, the ticks, the missing list and the one-time rule (一次性告知)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.catalogue import ItemKind, Material, MaterialForm, ServiceItem
from desk_client.core.checklist import (
    CONTACT_MAX,
    NAME_MAX,
    REASON_MAX,
    Applicant,
    ApplicantKind,
    ExceptionApproval,
    MaterialCheck,
    MaterialStatus,
    check_applicant,
    enforce_one_time,
    is_complete,
    new_demands,
    notice_lines,
    received,
    requirement,
    validate_checks,
)
from desk_client.core.errors import DeskError

TODAY = date(2026, 11, 23)
PRESENT, MISSING = MaterialStatus.PRESENT, MaterialStatus.MISSING
NONCONFORMING, NOT_APPLICABLE = MaterialStatus.NONCONFORMING, MaterialStatus.NOT_APPLICABLE
APPROVED_AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)

PROXY = Material(
    "委托书",
    condition="委托他人办理的",
    required=False,
    source="向户籍所在地派出所申请",
    notes="须在有效期内",
)
ITEM = ServiceItem(
    code="00013112700401",
    name="个体工商户设立登记",
    department="市场监督管理局",
    category="A",
    kind=ItemKind.INSTANT,
    materials=(
        Material("个体工商户设立登记申请书"),
        Material("经营者身份证明", form=MaterialForm.COPY, copies=2),
        Material("经营场所使用证明", notes="租赁合同或房产证明；"),
        PROXY,
        Material("电子照片", form=MaterialForm.ELECTRONIC, required=False),
    ),
)


def person(**changes: Any) -> Applicant:
    base = Applicant(ApplicantKind.PERSON, " 张三 ", "11010519491231002x", " 13800138000 ")
    return replace(base, **changes)


def company(**changes: Any) -> Applicant:
    base = Applicant(
        ApplicantKind.ORGANISATION, "某某有限公司", "91350100m000100y43", "0591-87654321", "李四"
    )
    return replace(base, **changes)


def ticks(*statuses: MaterialStatus, reason: str = "已过期") -> list[MaterialCheck]:
    return [
        MaterialCheck(m.name, s, reason if s == NONCONFORMING else "")
        for m, s in zip(ITEM.materials, statuses, strict=True)
    ]


def code_of(call: object) -> str:
    assert callable(call)
    with pytest.raises(DeskError) as error:
        call()
    assert error.value.message("zh_CN") and error.value.message("en")
    return error.value.code


# The applicant ---------------------------------------------------------------------------


def test_a_person_is_normalised() -> None:
    checked = check_applicant(person(), TODAY)
    assert checked == Applicant(ApplicantKind.PERSON, "张三", "11010519491231002X", "13800138000")


def test_an_organisation_is_normalised() -> None:
    checked = check_applicant(company(contact=" 李四 "), TODAY)
    assert (checked.id_number, checked.contact) == ("91350100M000100Y43", "李四")


@pytest.mark.parametrize(
    ("applicant", "code"),
    [
        (person(name="  "), "applicant.name_empty"),
        (person(name="张" * (NAME_MAX + 1)), "applicant.name_too_long"),
        (person(name="张\n三"), "applicant.name_characters"),
        (person(id_number="11010519491231002"), "id.length"),
        (person(id_number="110105194912310021"), "id.checksum"),
        (person(id_number="91350100M000100Y43"), "id.characters"),
        (person(phone=""), "applicant.phone_required"),
        (person(phone="12345"), "phone.invalid"),
        (person(contact="王" * (CONTACT_MAX + 1)), "applicant.contact_too_long"),
        (company(id_number="11010519491231002X"), "credit.checksum"),
        (company(id_number="91350100M000100Y4"), "credit.length"),
        (company(contact=" "), "applicant.contact_required"),
        (company(contact="李\x00四"), "applicant.contact_characters"),
        (company(phone=" "), "applicant.phone_required"),
    ],
)
def test_a_bad_applicant_is_refused_with_the_reason(applicant: Applicant, code: str) -> None:
    before = replace(applicant)
    assert code_of(lambda: check_applicant(applicant, TODAY)) == code
    assert applicant == before


def test_names_at_the_limit_and_rare_characters_are_accepted() -> None:
    rare = "\ue000" + "𠀀" + "·买买提"  # private-use and extension-B characters: 生僻字
    assert check_applicant(person(name=rare), TODAY).name == rare
    assert check_applicant(person(name="张" * NAME_MAX), TODAY).name == "张" * NAME_MAX


@given(
    st.sampled_from(ApplicantKind),
    st.text(max_size=120),
    st.text(max_size=24),
    st.text(max_size=20),
    st.text(max_size=120),
)
def test_the_applicant_check_refuses_with_desk_error_or_returns(
    kind: ApplicantKind, name: str, number: str, phone: str, contact: str
) -> None:
    applicant = Applicant(kind, name, number, phone, contact)
    try:
        checked = check_applicant(applicant, TODAY)
    except DeskError as error:
        assert error.message("zh_CN") and error.message("en")
    else:
        assert checked.name == checked.name.strip() and checked.name


# The ticks ---------------------------------------------------------------------------------


def test_a_full_set_of_ticks_is_valid() -> None:
    validate_checks(ITEM, ticks(PRESENT, NONCONFORMING, MISSING, NOT_APPLICABLE, PRESENT))


@pytest.mark.parametrize(
    ("checks", "code"),
    [
        (ticks(PRESENT, PRESENT, PRESENT, PRESENT, PRESENT)[:4], "checklist.missing_tick"),
        ([*ticks(PRESENT, PRESENT, PRESENT, PRESENT, PRESENT), MaterialCheck("户口本", MISSING)],
         "checklist.unknown_material"),
        ([*ticks(PRESENT, PRESENT, PRESENT, PRESENT, PRESENT), MaterialCheck("委托书", MISSING)],
         "checklist.duplicate"),
        (ticks(PRESENT, NONCONFORMING, PRESENT, PRESENT, PRESENT, reason=" "),
         "checklist.reason_required"),
        (ticks(PRESENT, NONCONFORMING, PRESENT, PRESENT, PRESENT, reason="x" * (REASON_MAX + 1)),
         "checklist.reason_too_long"),
        (ticks(NOT_APPLICABLE, PRESENT, PRESENT, PRESENT, PRESENT), "checklist.not_conditional"),
    ],
)  # fmt: skip
def test_bad_ticks_are_refused(checks: list[MaterialCheck], code: str) -> None:
    assert code_of(lambda: validate_checks(ITEM, checks)) == code


def test_the_first_unticked_material_is_named() -> None:
    with pytest.raises(DeskError) as error:
        validate_checks(ITEM, ticks(PRESENT, PRESENT, PRESENT, PRESENT, PRESENT)[2:])
    assert error.value.params == {"material": "个体工商户设立登记申请书"}


# The requirement and the missing list ----------------------------------------------------


def test_the_requirement_is_written_out_in_chinese() -> None:
    assert (
        requirement(PROXY) == "原件1份；委托他人办理的需提供；向户籍所在地派出所申请；须在有效期内"
    )
    assert requirement(ITEM.materials[1]) == "复印件2份"
    assert requirement(ITEM.materials[2]) == "原件1份；租赁合同或房产证明"
    assert requirement(ITEM.materials[4]) == "电子版1份；视情况提供"
    assert requirement(Material("授权书", required=False, condition="需提供时。")) == (
        "原件1份；需提供时"
    )


def test_the_notice_lists_missing_and_nonconforming_in_item_order() -> None:
    checks = list(reversed(ticks(MISSING, NONCONFORMING, PRESENT, MISSING, NOT_APPLICABLE)))
    lines = notice_lines(ITEM, checks)
    assert [(line.material, line.problem, line.reason) for line in lines] == [
        ("个体工商户设立登记申请书", MISSING, ""),
        ("经营者身份证明", NONCONFORMING, "已过期"),
        ("委托书", MISSING, ""),
    ]
    assert lines[2].requirement == requirement(PROXY)


def test_received_lists_what_was_taken_in() -> None:
    checks = ticks(PRESENT, PRESENT, MISSING, NOT_APPLICABLE, PRESENT)
    assert received(ITEM, checks) == (
        "个体工商户设立登记申请书 原件 1份",
        "经营者身份证明 复印件 2份",
        "电子照片 电子 1份",
    )


def test_complete_only_with_every_required_material_present() -> None:
    assert is_complete(ITEM, ticks(PRESENT, PRESENT, PRESENT, NOT_APPLICABLE, NOT_APPLICABLE))
    assert not is_complete(ITEM, ticks(PRESENT, PRESENT, PRESENT, MISSING, NOT_APPLICABLE))
    assert not is_complete(ITEM, ticks(PRESENT, PRESENT, PRESENT, PRESENT, PRESENT)[1:])
    assert not is_complete(ITEM, [])


@st.composite
def items_and_checks(draw: st.DrawFn) -> tuple[ServiceItem, list[MaterialCheck]]:
    names = draw(st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=8))
    materials = [Material(name, required=draw(st.booleans()), condition="如需") for name in names]
    item = replace(ITEM, materials=tuple(materials))
    checks = []
    for material in materials:
        allowed = [PRESENT, MISSING, NONCONFORMING]
        allowed += [] if material.required else [NOT_APPLICABLE]
        status = draw(st.sampled_from(allowed))
        reason = (
            draw(st.text(min_size=1, max_size=5).filter(str.strip))
            if status == NONCONFORMING
            else ""
        )
        checks.append(MaterialCheck(material.name, status, reason))
    return item, draw(st.permutations(checks))


@given(items_and_checks())
def test_lines_are_exactly_the_missing_and_nonconforming_in_item_order(
    drawn: tuple[ServiceItem, list[MaterialCheck]],
) -> None:
    item, checks = drawn
    validate_checks(item, checks)
    status = {check.name: check.status for check in checks}
    expected = [m.name for m in item.materials if status[m.name] in {MISSING, NONCONFORMING}]
    lines = notice_lines(item, checks)
    assert [line.material for line in lines] == expected
    assert all(line.problem == status[line.material] for line in lines)
    required_present = all(status[m.name] == PRESENT for m in item.materials if m.required)
    assert is_complete(item, checks) == (not lines and required_present)
    assert len(received(item, checks)) == sum(s == PRESENT for s in status.values())


# The one-time rule -----------------------------------------------------------------------


def approval(material: str, reason: str = "原告知单遗漏，经负责人同意") -> ExceptionApproval:
    return ExceptionApproval(material, reason, "S001", "王主任", APPROVED_AT)


def test_a_return_visit_may_ask_again_for_what_was_listed() -> None:
    listed = frozenset({"经营者身份证明", "委托书"})
    checks = ticks(PRESENT, MISSING, PRESENT, NONCONFORMING, NOT_APPLICABLE)
    assert new_demands(listed, checks) == ()
    enforce_one_time(listed, checks, ())


def test_a_new_demand_needs_an_approval_with_a_reason() -> None:
    listed = frozenset({"委托书"})
    checks = ticks(MISSING, PRESENT, NONCONFORMING, MISSING, NOT_APPLICABLE)
    assert new_demands(listed, checks) == ("个体工商户设立登记申请书", "经营场所使用证明")
    with pytest.raises(DeskError) as error:
        enforce_one_time(listed, checks, [approval("个体工商户设立登记申请书")])
    assert (error.value.code, error.value.params) == (
        "checklist.new_demand",
        {"material": "经营场所使用证明"},
    )
    blank = [approval("个体工商户设立登记申请书"), approval("经营场所使用证明", " ")]
    assert code_of(lambda: enforce_one_time(listed, checks, blank)) == "checklist.new_demand"
    approved = [approval("个体工商户设立登记申请书"), approval("经营场所使用证明")]
    enforce_one_time(listed, checks, approved)


@given(
    st.lists(
        st.tuples(st.sampled_from("ABCDEFG"), st.sampled_from(MaterialStatus)),
        unique_by=lambda pair: pair[0],
    ),
    st.frozensets(st.sampled_from("ABCDEFG")),
    st.frozensets(st.sampled_from("ABCDEFG")),
)
def test_enforce_accepts_exactly_the_listed_or_approved(
    pairs: list[tuple[str, MaterialStatus]], listed: frozenset[str], approved: frozenset[str]
) -> None:
    checks = [MaterialCheck(name, status, "原因") for name, status in pairs]
    demanded = {name for name, status in pairs if status in {MISSING, NONCONFORMING}}
    assert set(new_demands(listed, checks)) == demanded - listed
    approvals = [approval(name) for name in sorted(approved)]
    if demanded <= listed | approved:
        enforce_one_time(listed, checks, approvals)
    else:
        with pytest.raises(DeskError) as error:
            enforce_one_time(listed, checks, approvals)
        assert error.value.params["material"] in demanded - listed - approved

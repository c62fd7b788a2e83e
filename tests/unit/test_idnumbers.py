"""Resident ID numbers (GB 11643), credit codes (GB 32100), phones, and masking."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.checklist import Applicant, ApplicantKind
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import (
    CREDIT_ALPHABET,
    check_credit_code,
    check_phone,
    check_resident_id,
    credit_check_char,
    id_check_char,
    mask_applicant,
    mask_id,
)

TODAY = date(2026, 11, 23)

VALID_IDS = [
    "11010519491231002X",  # the standard's own example
    "110101199003074477",
    "350102198001011233",
    "440306199912310050",
    "510107200002290037",  # born on a leap day
    "620102190001010010",  # born on the earliest accepted day
]

VALID_CREDIT_CODES = [
    "91350100M000100Y43",
    "914403001922038216",
    "91330100799655058B",
    "9144030071526726XG",
    "12100000400000770U",
]


def code_of(error: pytest.ExceptionInfo[DeskError]) -> str:
    return error.value.code


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_resident_ids_pass_unchanged(number: str) -> None:
    assert check_resident_id(number, TODAY) == number


def test_a_resident_id_is_trimmed_and_its_x_upper_cased() -> None:
    assert check_resident_id("  11010519491231002x\t", TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "code", "params"),
    [
        ("", "id.length", {"length": 0}),
        ("11010519491231002", "id.length", {"length": 17}),
        ("11010519491231002X1", "id.length", {"length": 19}),
        ("1101051949123100 X", "id.characters", {"char": " ", "position": 17}),
        ("1101051949123100XX", "id.characters", {"char": "X", "position": 17}),
        ("11010519491231002Y", "id.characters", {"char": "Y", "position": 18}),
        ("１１010519491231002X", "id.characters", {"char": "１", "position": 1}),
        ("110105194902300025", "id.birth_date", {"birth": "19490230"}),
        ("110105194913010025", "id.birth_date", {"birth": "19491301"}),
        ("110105189912310025", "id.birth_date", {"birth": "18991231"}),
        ("110105202611240025", "id.birth_date", {"birth": "20261124"}),
        ("110105194912310021", "id.checksum", {"expected": "X", "number": "1101**********0021"}),
        ("11010519491231003X", "id.checksum", {"number": "1101**********003X"}),
    ],
)
def test_invalid_resident_ids_say_why(number: str, code: str, params: dict[str, object]) -> None:
    with pytest.raises(DeskError) as error:
        check_resident_id(number, TODAY)
    assert code_of(error) == code
    assert params.items() <= error.value.params.items()


def test_a_birth_date_of_today_is_accepted() -> None:
    first17 = "11010520261123002"
    assert check_resident_id(first17 + id_check_char(first17), TODAY).startswith(first17)


def test_no_message_shows_a_whole_id_number() -> None:
    for number in ("110105194912310021", "110105202611240025"):
        with pytest.raises(DeskError) as error:
            check_resident_id(number, TODAY)
        for language in ("zh_CN", "en"):
            assert number not in error.value.message(language)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_any_seventeen_digits_with_their_check_pass_if_the_birth_date_does(first17: str) -> None:
    number = first17 + id_check_char(first17)
    try:
        date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
        born_ok = "19000101" <= first17[6:14] <= TODAY.strftime("%Y%m%d")
    except ValueError:
        born_ok = False
    if born_ok:
        assert check_resident_id(number, TODAY) == number
    else:
        with pytest.raises(DeskError) as error:
            check_resident_id(number, TODAY)
        assert code_of(error) == "id.birth_date"


@given(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
)
def test_any_region_birth_date_and_sequence_with_their_check_pass(
    region: str, born: date, sequence: str
) -> None:
    first17 = region + born.strftime("%Y%m%d") + sequence
    assert check_resident_id(first17 + id_check_char(first17).lower(), TODAY) == (
        first17 + id_check_char(first17)
    )


@given(
    st.sampled_from(VALID_IDS),
    st.integers(0, 17),
    st.sampled_from("0123456789X"),
)
def test_changing_any_one_character_of_a_valid_id_fails(
    number: str, position: int, replacement: str
) -> None:
    changed = number[:position] + replacement + number[position + 1 :]
    if changed == number:
        return
    with pytest.raises(DeskError) as error:
        check_resident_id(changed, TODAY)
    assert code_of(error) in {"id.characters", "id.birth_date", "id.checksum"}


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_valid_credit_codes_pass(code: str) -> None:
    assert check_credit_code(code) == code


def test_a_credit_code_is_trimmed_and_upper_cased() -> None:
    assert check_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "error_code", "params"),
    [
        ("", "credit.length", {"length": 0}),
        ("91350100M000100Y4", "credit.length", {"length": 17}),
        ("91350100M000100Y433", "credit.length", {"length": 19}),
        ("91350100I000100Y43", "credit.characters", {"char": "I", "position": 9}),
        ("91350100O000100Y43", "credit.characters", {"char": "O", "position": 9}),
        ("91350100M000100Y4Z", "credit.characters", {"char": "Z", "position": 18}),
        ("91350100M0001 0Y43", "credit.characters", {"char": " ", "position": 14}),
        ("91350100M000100Y44", "credit.checksum", {"expected": "3"}),
        ("91350100M000100Y34", "credit.checksum", {}),
    ],
)
def test_invalid_credit_codes_say_why(
    code: str, error_code: str, params: dict[str, object]
) -> None:
    with pytest.raises(DeskError) as error:
        check_credit_code(code)
    assert code_of(error) == error_code
    assert params.items() <= error.value.params.items()
    assert error.value.message("zh_CN") and error.value.message("en")


@given(st.text(alphabet=CREDIT_ALPHABET, min_size=17, max_size=17))
def test_any_code_with_its_check_character_passes(first17: str) -> None:
    assert check_credit_code(first17 + credit_check_char(first17)) == first17 + credit_check_char(
        first17
    )


@given(st.sampled_from(VALID_CREDIT_CODES), st.integers(0, 17), st.sampled_from(CREDIT_ALPHABET))
def test_changing_any_one_character_of_a_credit_code_fails(
    code: str, position: int, replacement: str
) -> None:
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code:
        return
    with pytest.raises(DeskError) as error:
        check_credit_code(changed)
    assert code_of(error) == "credit.checksum"


@given(st.text(max_size=40))
def test_the_validators_refuse_with_desk_error_or_return(text: str) -> None:
    checks: list[Callable[[], str]] = [
        partial(check_resident_id, text, TODAY),
        partial(check_credit_code, text),
        partial(check_phone, text),
    ]
    for check in checks:
        try:
            result = check()
        except DeskError as error:
            assert error.message("zh_CN") and error.message("en")
        else:
            assert result == result.strip() and result


@given(st.text(alphabet="0123456789Xx -", min_size=15, max_size=21))
def test_near_miss_numbers_never_escape_as_other_errors(text: str) -> None:
    with contextlib.suppress(DeskError):
        check_resident_id(text, TODAY)
    with contextlib.suppress(DeskError):
        check_credit_code(text)


@pytest.mark.parametrize(
    ("given_number", "masked"),
    [
        ("11010519491231002X", "1101**********002X"),
        ("11010519491231002x", "1101**********002x"),
        ("91350100M000100Y43", "91**************43"),
        ("AB123456", "AB****56"),
        ("1234567", "*******"),
        ("", ""),
    ],
)
def test_mask_id(given_number: str, masked: str) -> None:
    assert mask_id(given_number) == masked


@given(st.text(max_size=40))
def test_masking_never_reveals_more_than_eight_characters(text: str) -> None:
    masked = mask_id(text)
    assert len(masked) == len(text.strip())
    shown = sum(1 for original, out in zip(text.strip(), masked, strict=True) if out != "*")
    assert shown <= 8
    assert all(out in {"*", original} for original, out in zip(text.strip(), masked, strict=True))


@pytest.mark.parametrize(
    "phone",
    [
        "13800138000",
        "19912345678",
        "0591-87654321",
        "059187654321",
        "010-1234567",
        "0591-87654321-806",
        " 13800138000 ",
    ],
)
def test_valid_phones(phone: str) -> None:
    assert check_phone(phone) == phone.strip()


@pytest.mark.parametrize(
    "phone",
    ["", "12800138000", "1380013800", "138001380001", "87654321", "0591-0765432", "0591 87654321",
     "13800138000x", "１３８００１３８０００", "0591-87654321-1234567"],
)  # fmt: skip
def test_invalid_phones(phone: str) -> None:
    with pytest.raises(DeskError) as error:
        check_phone(phone)
    assert code_of(error) == "phone.invalid"


def test_a_person_is_shown_masked_and_an_organisation_with_its_whole_code() -> None:
    person = Applicant(ApplicantKind.PERSON, "张三", "11010519491231002X", "13800138000")
    company = Applicant(ApplicantKind.ORGANISATION, "某某有限公司", "91350100M000100Y43")
    assert mask_applicant(person) == "张三（1101**********002X）"
    assert mask_applicant(company) == "某某有限公司（91350100M000100Y43）"

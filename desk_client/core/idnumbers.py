"""Identity numbers and phone numbers typed at the window, checked and masked.

居民身份证号码 (GB 11643): 17 digits and a check character, with the birth date inside.
统一社会信用代码 (GB 32100): 18 characters of a 31-letter alphabet, the last a check character.
A full resident ID number is personal data: it is masked on every screen, slip and message
(first 4, ten stars, last 4); a credit code is public and shown whole.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from desk_client.core.errors import DeskError

if TYPE_CHECKING:
    from desk_client.core.checklist import Applicant

DIGITS = "0123456789"
ID_LENGTH = 18
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH = date(1900, 1, 1)

CREDIT_LENGTH = 18
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

PHONE_MAX = 32
# [0-9], not \d: \d also matches Arabic-Indic and full-width digits.
MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
LANDLINE_RE = re.compile(r"0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}(-[0-9]{1,6})?")
SHOWN_MAX = 24  # how much of a refused value a message quotes


def shorten(value: str) -> str:
    """A refused value as a message may quote it: never a whole screenful."""
    return value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…"


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of 17 digits."""
    total = sum(int(ch) * weight for ch, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def _id_birth_date(number: str, today: date) -> None:
    text = number[6:14]
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise DeskError("id.birth_date", birth=text) from None
    if not EARLIEST_BIRTH <= born <= today:
        raise DeskError("id.birth_date", birth=text)


def _id_characters(number: str) -> None:
    for position, ch in enumerate(number, start=1):
        last = position == ID_LENGTH
        if ch not in DIGITS and not (last and ch == "X"):
            raise DeskError("id.characters", char=shorten(ch), position=position)


def check_resident_id(number: str, today: date) -> str:
    """The number normalised (surrounding spaces gone, upper-case X); DeskError if invalid.

    Checked in the order a clerk can act on: length, characters, birth date, check character.
    """
    normalised = number.strip().upper()
    if len(normalised) != ID_LENGTH:
        raise DeskError("id.length", length=len(normalised))
    _id_characters(normalised)
    _id_birth_date(normalised, today)
    expected = id_check_char(normalised[:17])
    if normalised[17] != expected:
        raise DeskError("id.checksum", expected=expected, number=mask_id(normalised))
    return normalised


def credit_check_char(first17: str) -> str:
    """The GB 32100 check character of 17 characters of the credit-code alphabet."""
    values = (CREDIT_ALPHABET.index(ch) for ch in first17)
    total = sum(value * weight for value, weight in zip(values, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(code: str) -> str:
    """The code normalised (stripped, upper case); DeskError if it is not a valid code."""
    normalised = code.strip().upper()
    if len(normalised) != CREDIT_LENGTH:
        raise DeskError("credit.length", length=len(normalised))
    for position, ch in enumerate(normalised, start=1):
        if ch not in CREDIT_ALPHABET:
            raise DeskError("credit.characters", char=shorten(ch), position=position)
    expected = credit_check_char(normalised[:17])
    if normalised[17] != expected:
        raise DeskError("credit.checksum", expected=expected, number=normalised)
    return normalised


def looks_like_resident_id(number: str) -> bool:
    return (
        len(number) == ID_LENGTH
        and all(ch in DIGITS for ch in number[:17])
        and number[17] in DIGITS + "Xx"
    )


def mask_id(number: str) -> str:
    """1101**********002X for a resident ID; 12**…**78 for anything of 8 or more; else stars.

    Never shows more than 8 characters, whatever it is given.
    """
    text = number.strip()
    if looks_like_resident_id(text):
        return text[:4] + "*" * 10 + text[-4:]
    if len(text) >= 8:
        return text[:2] + "*" * (len(text) - 4) + text[-2:]
    return "*" * len(text)


def check_phone(phone: str) -> str:
    """A mobile (13800138000) or landline (0591-87654321, 059187654321, optional -ext).

    Returns the number stripped of surrounding spaces; DeskError("phone.invalid") otherwise.
    """
    normalised = phone.strip()
    valid = len(normalised) <= PHONE_MAX and (
        MOBILE_RE.fullmatch(normalised) is not None or LANDLINE_RE.fullmatch(normalised) is not None
    )
    if not valid:
        raise DeskError("phone.invalid", phone=shorten(normalised))
    return normalised


def mask_applicant(applicant: Applicant) -> str:
    """How an applicant is shown: 张三（1101**********002X）, or a company with its whole code."""
    # Imported here: checklist imports this module for its checks.
    from desk_client.core.checklist import ApplicantKind

    if applicant.kind == ApplicantKind.ORGANISATION:
        return f"{applicant.name}（{applicant.id_number}）"
    return f"{applicant.name}（{mask_id(applicant.id_number)}）"

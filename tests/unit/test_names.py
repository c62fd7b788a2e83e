"""Names masked for paper the public can see: the surname stays, the rest are stars."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.names import COMPOUND_SURNAMES, SEPARATORS, mask_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("王小明", "王**"),
        ("欧阳娜娜", "欧阳**"),
        ("司马光", "司马*"),
        ("欧阳", "欧*"),  # a 复姓 alone would leave nothing to hide: one character is kept
        ("上官婉儿", "上官**"),
        ("买买提·艾力", "买**·**"),
        ("John Smith", "J*** *****"),
        ("  李四 ", "李*"),
        ("张", "*"),
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_a_name_already_masked_is_unchanged() -> None:
    for name in ("张三", "欧阳娜娜", "买买提·艾力", "张"):
        assert mask_name(mask_name(name)) == mask_name(name)


def test_the_compound_surnames_are_two_characters_each() -> None:
    assert all(len(surname) == 2 for surname in COMPOUND_SURNAMES)
    assert {"欧阳", "司马", "诸葛", "上官", "慕容"} <= COMPOUND_SURNAMES


NAMES = st.text(st.characters(categories=["Lo", "Lu", "Ll"]) | st.sampled_from("·"), max_size=8)


@given(NAMES)
def test_only_the_surname_and_separators_show(name: str) -> None:
    """Every character after the first (after the first two for a 复姓) is a star or a
    separator; the length is kept, so the shape of the name reads but not the name."""
    masked = mask_name(name)
    text = name.strip()
    assert len(masked) == len(text)
    keep = 2 if len(text) > 2 and text[:2] in COMPOUND_SURNAMES else min(1, len(text) - 1)
    assert masked[:keep] == text[:keep]
    assert all(ch == "*" or ch in SEPARATORS for ch in masked[keep:])

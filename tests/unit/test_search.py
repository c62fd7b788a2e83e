"""The item picker's search: code, name, department, pinyin initials and full pinyin."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.search import (
    CODE_PREFIX,
    DEPARTMENT_SUBSTRING,
    EXACT_CODE,
    INITIALS_SUBSTRING,
    NAME_ABBREVIATION,
    NAME_PREFIX,
    NAME_SUBSTRING,
    PINYIN_SUBSTRING,
    SearchKeys,
    full_pinyin,
    initials,
    rank,
    rank_all,
    search_keys,
)

CATALOGUE = [
    ("00013112700401", "企业设立登记", "福州市市场监督管理局"),
    ("00013112700402", "企业变更登记", "福州市市场监督管理局"),
    ("00013112700403", "企业注销登记", "福州市市场监督管理局"),
    ("000131127005", "个体工商户设立登记", "鼓楼区市场监管局"),
    ("00087100300001", "住房公积金提取", "福州住房公积金中心"),
    ("00001400700001", "居民身份证申领", "福州市公安局"),
    ("00012200600001", "城乡居民基本养老保险参保登记", "福州市人力资源和社会保障局"),
    ("00012100200001", "不动产首次登记", "福州市不动产登记中心"),
]
KEYED = [(code, search_keys(code, name, department)) for code, name, department in CATALOGUE]


def found(query: str, limit: int = 50) -> list[str]:
    return rank_all(query, KEYED, limit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("住房公积金", "zfgjj"),
        ("住房公积金提取", "zfgjjtq"),
        ("A级纳税人（企业）", "ajnsrqy"),
        ("重庆 ABC-12，。", "cqabc12"),
        ("ＧＪＪ", "gjj"),
        ("", ""),
    ],
)
def test_initials(text: str, expected: str) -> None:
    assert initials(text) == expected


def test_full_pinyin() -> None:
    assert full_pinyin("住房公积金") == "zhufanggongjijin"


def test_gjj_finds_the_housing_fund_first() -> None:
    assert found("gjj")[0] == "00087100300001"
    assert found("GJJ") == found("gjj") == found("ＧＪＪ")


def test_a_whole_code_finds_its_item_first() -> None:
    assert found("00013112700401")[0] == "00013112700401"
    assert rank("00013112700401", KEYED[0][1]) == EXACT_CODE


def test_a_code_prefix_finds_its_sub_items() -> None:
    assert found("000131127004") == ["00013112700401", "00013112700402", "00013112700403"]


def test_a_department_finds_its_items_even_abbreviated() -> None:
    by_department = found("市场监管")
    assert by_department[0] == "000131127005"  # 市场监管局: a plain substring first
    assert set(by_department) == {
        "00013112700401",
        "00013112700402",
        "00013112700403",
        "000131127005",
    }


def test_full_pinyin_and_several_words() -> None:
    assert found("gongjijin") == ["00087100300001"]
    assert found("企业 注销") == ["00013112700403"]
    assert found("登记 bdc") == ["00012100200001"]


def test_no_match_and_an_empty_query() -> None:
    assert found("户口迁移") == []
    assert found("xyzq") == []
    assert found("   ") == [code for code, _ in KEYED]
    assert found("", limit=2) == ["00013112700401", "00013112700402"]
    assert found("登记", limit=0) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("0001311270040", CODE_PREFIX),
        ("企业", NAME_PREFIX),
        ("设立", NAME_SUBSTRING),
        ("sldj", INITIALS_SUBSTRING),
        ("福州市市场", DEPARTMENT_SUBSTRING),
        ("sheli", PINYIN_SUBSTRING),
        ("企登", NAME_ABBREVIATION),
        ("注销", None),
    ],
)
def test_ranks_of_one_item(query: str, expected: int | None) -> None:
    assert rank(query, KEYED[0][1]) == expected


def test_better_matches_come_first() -> None:
    keyed = [
        ("department", search_keys("X3", "社保卡补办", "登记中心")),
        ("substring", search_keys("X2", "不动产登记", "自然资源局")),
        ("prefix", search_keys("X1", "登记证明", "自然资源局")),
        ("code", search_keys("登记", "其他", "其他")),
    ]
    assert rank_all("登记", keyed, 10) == ["code", "prefix", "substring", "department"]


@given(st.text(max_size=10), st.text(max_size=10), st.text(max_size=10), st.text(max_size=10))
def test_any_query_ranks_or_misses_and_an_items_own_code_and_name_find_it(
    query: str, code: str, name: str, department: str
) -> None:
    keys = search_keys(code, name, department)
    assert isinstance(keys, SearchKeys)
    found_rank = rank(query, keys)
    assert found_rank is None or found_rank >= EXACT_CODE
    if code.strip() and not any(ch.isspace() for ch in code.strip()):
        assert rank(code, keys) is not None
    if name.strip():
        assert rank(name, keys) is not None


@pytest.mark.parametrize(("_code", "name", "department"), CATALOGUE)
def test_initials_agree_with_pypinyins_first_letters(
    _code: str, name: str, department: str
) -> None:
    from pypinyin import Style, lazy_pinyin

    for text in (name, department):
        assert initials(text) == "".join(lazy_pinyin(text, style=Style.FIRST_LETTER))

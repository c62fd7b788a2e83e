"""The item picker's search: by code, name, department and pinyin (a clerk types "gjj").

Everything that costs (pinyin, normalising) is done once per item in ``search_keys``; a
keystroke only runs string operations over the precomputed keys, because a county hall's
catalogue has some 2,000 items and the list refreshes on every key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from pypinyin import lazy_pinyin

T = TypeVar("T")

_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")
#: A query of Chinese characters also finds their abbreviation: 市场监管 -> 市场监督管理局.
_SUBSEQUENCE_MIN = 2

# Lower is better. A query matches at its best rank.
EXACT_CODE, CODE_PREFIX, NAME_PREFIX, NAME_SUBSTRING = 0, 1, 2, 3
INITIALS_PREFIX, INITIALS_SUBSTRING, DEPARTMENT_SUBSTRING, DEPARTMENT_INITIALS = 4, 5, 6, 7
PINYIN_SUBSTRING, DEPARTMENT_PINYIN, CODE_SUBSTRING = 8, 9, 10
NAME_ABBREVIATION, DEPARTMENT_ABBREVIATION = 11, 12


def _fold(text: str) -> str:
    """Full-width letters and digits to ASCII (an IME may type ＧＪＪ), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


_OTHER = "\x00"  # marks a run that is not Chinese, so it is kept as it is


def _keep_as_is(chars: str) -> str:
    return _OTHER + chars


def _ascii(piece: str) -> str:
    return _ASCII_ALNUM.sub("", piece.lower())


@lru_cache(maxsize=4096)  # departments repeat across a catalogue
def _pinyin_forms(text: str) -> tuple[str, str]:
    """(initials, full pinyin) from one pypinyin pass: the costly part of building keys."""
    pieces = lazy_pinyin(_fold(text), errors=_keep_as_is)
    first, full = [], []
    for piece in pieces:
        kept = _ascii(piece)
        first.append(kept if piece.startswith(_OTHER) else kept[:1])
        full.append(kept)
    return "".join(first), "".join(full)


def initials(text: str) -> str:
    """住房公积金 -> zfgjj; ASCII letters and digits kept lower-cased, punctuation dropped."""
    return _pinyin_forms(text)[0]


def full_pinyin(text: str) -> str:
    """住房公积金 -> zhufanggongjijin."""
    return _pinyin_forms(text)[1]


@dataclass(frozen=True, slots=True)
class SearchKeys:
    """One item's precomputed search keys (all folded to lower case)."""

    code: str
    name: str
    department: str
    name_initials: str
    department_initials: str
    name_pinyin: str
    department_pinyin: str


def search_keys(code: str, name: str, department: str) -> SearchKeys:
    name_initials, name_pinyin = _pinyin_forms(name)
    department_initials, department_pinyin = _pinyin_forms(department)
    return SearchKeys(
        code=_fold(code).strip(),
        name=_fold(name),
        department=_fold(department),
        name_initials=name_initials,
        department_initials=department_initials,
        name_pinyin=name_pinyin,
        department_pinyin=department_pinyin,
    )


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    abbreviation: re.Pattern[str] | None  # the characters in order, anything between


def _term(text: str) -> _Term:
    chinese = not text.isascii() and len(text) >= _SUBSEQUENCE_MIN
    pattern = re.compile(".*?".join(map(re.escape, text)), re.DOTALL) if chinese else None
    return _Term(text, pattern)


@lru_cache(maxsize=256)
def _prepare(query: str) -> tuple[_Term, ...]:
    return tuple(_term(word) for word in _fold(query).split())


#: After the exact code, the checks in order: (rank, key field, prefix match or substring).
_ORDER: tuple[tuple[int, str, bool], ...] = (
    (CODE_PREFIX, "code", True),
    (NAME_PREFIX, "name", True),
    (NAME_SUBSTRING, "name", False),
    (INITIALS_PREFIX, "name_initials", True),
    (INITIALS_SUBSTRING, "name_initials", False),
    (DEPARTMENT_SUBSTRING, "department", False),
    (DEPARTMENT_INITIALS, "department_initials", False),
    (PINYIN_SUBSTRING, "name_pinyin", False),
    (DEPARTMENT_PINYIN, "department_pinyin", False),
    (CODE_SUBSTRING, "code", False),
)


def _rank_term(term: _Term, keys: SearchKeys) -> int | None:
    text = term.text
    if keys.code == text:
        return EXACT_CODE
    for position, field, prefix in _ORDER:
        value: str = getattr(keys, field)
        if value.startswith(text) if prefix else text in value:
            return position
    return _rank_abbreviation(term, keys)


def _rank_abbreviation(term: _Term, keys: SearchKeys) -> int | None:
    if term.abbreviation is None:
        return None
    if term.abbreviation.search(keys.name):
        return NAME_ABBREVIATION
    if term.abbreviation.search(keys.department):
        return DEPARTMENT_ABBREVIATION
    return None


def _rank_prepared(terms: tuple[_Term, ...], keys: SearchKeys) -> int | None:
    """Every word of the query must match; the item ranks by its weakest word."""
    worst = EXACT_CODE
    for term in terms:
        found = _rank_term(term, keys)
        if found is None:
            return None
        worst = max(worst, found)
    return worst


def rank(query: str, keys: SearchKeys) -> int | None:
    """None when the item does not match; else lower is better. An empty query matches all."""
    return _rank_prepared(_prepare(query), keys)


def rank_all(query: str, keyed: Sequence[tuple[T, SearchKeys]], limit: int) -> list[T]:
    """The best ``limit`` matches, best first; equal ranks keep the given order."""
    terms = _prepare(query)
    found: list[tuple[int, int, T]] = []
    for index, (value, keys) in enumerate(keyed):
        position = _rank_prepared(terms, keys)
        if position is not None:
            found.append((position, index, value))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [value for _, _, value in found[: max(limit, 0)]]

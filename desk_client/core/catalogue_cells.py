"""Reading one cell of a catalogue file: text, codes, whole numbers, yes/no, kinds, forms.

A parser returns the value or raises :class:`BadCellError` with a message code; the record
reader (core.catalogue_rows) turns that into a RowProblem that names the place, so every bad
cell of a file is reported, not just the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from desk_client.core.catalogue import FORM_LABELS, KIND_LABELS, ItemKind, MaterialForm

#: A cell as a reader hands it over: text (CSV), a typed cell (XLSX) or a JSON value.
Raw = object

CODE_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")
INT_RE = re.compile(r"[+-]?[0-9]+")
#: Control characters (tab and line breaks aside) and lone surrogates: no form shows them,
#: XLSX cannot hold them, and a surrogate cannot even be written as UTF-8.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_DAYS = 365
MAX_COPIES = 99
#: Text limits: the central columns where there is one (store.catalogue_schema), else sane.
LIMITS = {
    "name": 200, "department": 100, "category": 32, "fee": 200, "enquiry_phone": 32,
    "complaint_phone": 32, "legal_basis": 2000, "condition": 500, "source": 200, "notes": 500,
    "reason": 500, "step": 100, "material": 200,
}  # fmt: skip
TRUE_WORDS = frozenset({"是", "true", "1", "yes", "y", "必需", "必要"})
FALSE_WORDS = frozenset({"否", "false", "0", "no", "n", "非必需", "条件"})


class BadCellError(Exception):
    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


def cell_text(value: Raw) -> str:
    """A cell as text: numbers from a spreadsheet read as digits (15.0 -> "15")."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadCellError("catalogue.wrong_type", expected="文本", expected_en="text")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    # One kind of line break: XLSX turns \r\n into \n, so anything else would not round-trip.
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def text(limit: int, required: bool = False) -> Callable[[Raw], str]:
    def parse(value: Raw) -> str:
        result = cell_text(value)
        if required and not result:
            raise BadCellError("catalogue.required")
        if CONTROL_RE.search(result):
            raise BadCellError("catalogue.control_chars")
        if len(result) > limit:
            raise BadCellError("catalogue.too_long", max=limit, length=len(result))
        return result

    return parse


def parse_code(value: Raw) -> str:
    result = cell_text(value)
    if not result:
        raise BadCellError("catalogue.required")
    if not CODE_RE.fullmatch(result):
        raise BadCellError("catalogue.bad_code", value=result[:80])
    return result


def whole_number(value: Raw, low: int, high: int) -> int | None:
    """An integer in [low, high]; empty is None. "three", 1.5 and "15天" are refused."""
    if isinstance(value, bool):
        raise BadCellError("catalogue.not_integer", value=value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        shown = cell_text(value)
        if not shown:
            return None
        if not INT_RE.fullmatch(shown) or len(shown) > 12:
            raise BadCellError("catalogue.not_integer", value=shown[:80])
        number = int(shown)
    if not low <= number <= high:
        raise BadCellError("catalogue.out_of_range", value=number, low=low, high=high)
    return number


def days(value: Raw) -> int | None:
    return whole_number(value, 0, MAX_DAYS)


def copies(value: Raw) -> int:
    number = whole_number(value, 1, MAX_COPIES)
    return 1 if number is None else number


def flag(default: bool) -> Callable[[Raw], bool]:
    """是/否, true/false, 1/0 (and a spreadsheet's own booleans); empty is ``default``."""

    def parse(value: Raw) -> bool:
        if isinstance(value, bool):
            return value
        word = cell_text(value).lower()
        if not word:
            return default
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        raise BadCellError("catalogue.bad_bool", value=word[:80])

    return parse


def _words(labels: Mapping[str, str], *extra: tuple[str, str]) -> dict[str, str]:
    """Accepted spellings -> code: the code, the Chinese label, the label without 件."""
    words = {code: code for code in labels}
    words |= {label: code for code, label in labels.items()}
    words |= {label.removesuffix("件"): code for code, label in labels.items()}
    return words | dict(extra)


KIND_WORDS = _words({k.value: v for k, v in KIND_LABELS.items()})
FORM_WORDS = _words(
    {k.value: v for k, v in FORM_LABELS.items()},
    ("电子版", MaterialForm.ELECTRONIC.value),
    ("电子件", MaterialForm.ELECTRONIC.value),
)


def parse_kind(value: Raw) -> ItemKind:
    word = cell_text(value)
    if not word:
        raise BadCellError("catalogue.required")
    found = KIND_WORDS.get(word) or KIND_WORDS.get(word.lower())
    if found is None:
        raise BadCellError("catalogue.bad_kind", value=word[:80])
    return ItemKind(found)


def parse_form(value: Raw) -> MaterialForm:
    word = cell_text(value)
    if not word:
        return MaterialForm.ORIGINAL
    found = FORM_WORDS.get(word) or FORM_WORDS.get(word.lower())
    if found is None:
        raise BadCellError("catalogue.bad_form", value=word[:80])
    return MaterialForm(found)


def cell_text_or_none(value: Raw) -> str | None:
    try:
        return cell_text(value) or None
    except BadCellError:
        return None

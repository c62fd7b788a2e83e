"""The message catalogue: every code speaks zh_CN and en; errors carry codes, not sentences."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import desk_client
from desk_client.core.errors import DeskError
from desk_client.core.messages import (
    ACTION_NAMES,
    LANGUAGES,
    MESSAGES,
    STATE_NAMES,
    action_name,
    normalise_language,
    state_name,
    translate,
)
from desk_client.core.queue import Action, TicketState


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_has_both_languages(code: str) -> None:
    entry = MESSAGES[code]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[language].strip() for language in LANGUAGES)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in entry["zh_CN"]), "zh_CN must be Chinese"


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_both_languages_name_the_same_things(code: str) -> None:
    """en may use an English variant of a field (state_en for state), never drop one."""
    zh, en = (fields(MESSAGES[code][language]) for language in LANGUAGES)
    assert {name.removesuffix("_en") for name in en} == zh


def test_every_state_and_action_has_names() -> None:
    assert set(STATE_NAMES) == {state.value for state in TicketState}
    assert set(ACTION_NAMES) == {action.value for action in Action}
    assert state_name("no_show", "en") == "no-show" and action_name("recall") == "重呼"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("zh", "zh_CN"), ("zh-CN", "zh_CN"), ("en_US", "en"), ("EN", "en"), ("fr", "zh_CN")],
)
def test_normalise_language(given: str, expected: str) -> None:
    assert normalise_language(given) == expected


def test_translate_fills_parameters() -> None:
    assert translate("queue.unknown_window", "en", window=7) == "There is no window 7"
    assert translate("queue.unknown_window", window=7) == "没有 7 号窗口"


def test_translate_survives_an_unknown_code_or_missing_parameter() -> None:
    assert translate("no.such.code", "en") == "no.such.code"
    assert "{window}" in translate("queue.unknown_window", "en")


def test_desk_error_keeps_code_and_params() -> None:
    error = DeskError("ticket.not_found", number="A404")
    assert (error.code, error.params) == ("ticket.not_found", {"number": "A404"})
    assert error.message() == "找不到号票 A404" and str(error) == "No ticket A404"


def test_a_parameter_may_be_called_code_or_language() -> None:
    """translate() takes its own code and language positionally, so a refusal may name an
    item's code without clashing with them."""
    error = DeskError("queue.unknown_category", category="X", code="A1", language="en")
    assert error.message("en") == "There is no category 'X'"
    assert translate("queue.unknown_window", "en", window=3, code="c") == "There is no window 3"


def _raised_codes() -> set[str]:
    """Every code a DeskError is raised with literally in the package's source."""
    root = Path(desk_client.__file__).parent
    found: set[str] = set()
    for path in root.rglob("*.py"):
        found.update(re.findall(r'DeskError\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text("utf-8")))
    return found


def test_every_code_the_program_raises_has_a_message() -> None:
    """A refusal without a catalogue entry would reach the clerk as its bare code."""
    codes = _raised_codes()
    assert len(codes) > 50  # the scan found the package's refusals
    assert sorted(codes - set(MESSAGES)) == []

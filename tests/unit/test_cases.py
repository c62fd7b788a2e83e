"""The lifecycle of a case: every (state, paused, action) either moves as the rules say or is
refused by name in both languages."""

from __future__ import annotations

import itertools

import pytest

from desk_client.core.cases import CaseAction, CaseState, is_open, next_case_state
from desk_client.core.errors import DeskError
from desk_client.core.messages_cases import CASE_ACTION_NAMES, CASE_STATE_NAMES

S, A = CaseState, CaseAction

ALLOWED: dict[tuple[CaseState, bool, CaseAction], CaseState] = {
    (S.ACCEPTED, False, A.START): S.IN_PROGRESS,
    (S.ACCEPTED, False, A.PAUSE): S.IN_PROGRESS,
    (S.IN_PROGRESS, False, A.PAUSE): S.IN_PROGRESS,
    (S.ACCEPTED, True, A.RESUME): S.IN_PROGRESS,
    (S.IN_PROGRESS, True, A.RESUME): S.IN_PROGRESS,
    **{
        (state, paused, A.EXTEND): state
        for state in (S.ACCEPTED, S.IN_PROGRESS)
        for paused in (False, True)
    },
    **{
        (state, paused, action): closed
        for state in (S.ACCEPTED, S.IN_PROGRESS)
        for paused in (False, True)
        for action, closed in (
            (A.COMPLETE, S.COMPLETED),
            (A.WITHDRAW, S.WITHDRAWN),
            (A.TRANSFER, S.TRANSFERRED),
        )
    },
}

EVERY = list(itertools.product(CaseState, (False, True), CaseAction))


@pytest.mark.parametrize(("state", "paused", "action"), EVERY)
def test_every_transition(state: CaseState, paused: bool, action: CaseAction) -> None:
    expected = ALLOWED.get((state, paused, action))
    if expected is not None:
        assert next_case_state(state, action, paused) is expected
        return
    with pytest.raises(DeskError) as error:
        next_case_state(state.value, action.value, paused, number="SL2025-03-0007")
    assert error.value.code == "case.transition_forbidden"
    zh, en = error.value.message("zh_CN"), error.value.message("en")
    assert "SL2025-03-0007" in zh and "SL2025-03-0007" in en
    assert CASE_ACTION_NAMES[action][0] in zh and CASE_ACTION_NAMES[action][1] in en


def test_a_paused_case_says_it_is_paused() -> None:
    with pytest.raises(DeskError) as error:
        next_case_state("in_progress", "pause", paused=True, number="SL2025-03-0007")
    assert error.value.message("en") == "Case SL2025-03-0007 is paused; it cannot be paused"
    assert error.value.message("zh_CN") == "办件 SL2025-03-0007 当前为“暂停计时”，不能暂停计时"


def test_a_closed_case_names_its_state() -> None:
    with pytest.raises(DeskError) as error:
        next_case_state("completed", "withdraw", paused=False, number="SL2025-03-0007")
    assert error.value.message("en") == ("Case SL2025-03-0007 is completed; it cannot be withdrawn")


def test_open_states_and_names() -> None:
    assert [state for state in CaseState if is_open(state)] == [S.ACCEPTED, S.IN_PROGRESS]
    assert set(CASE_STATE_NAMES) == {state.value for state in CaseState} | {"paused"}
    assert set(CASE_ACTION_NAMES) == {action.value for action in CaseAction}


def test_an_unknown_state_or_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="archived"):
        next_case_state("archived", "start", paused=False)
    with pytest.raises(ValueError, match="reopen"):
        next_case_state("accepted", "reopen", paused=False)

"""The ticket state machine: every allowed move, every refused one, and the recall limit."""

from __future__ import annotations

from itertools import product

import pytest

from desk_client.core.errors import DeskError
from desk_client.core.messages import action_name, state_name
from desk_client.core.queue import (
    ACTIVE_STATES,
    FINAL_STATES,
    OPEN_STATES,
    TRANSITIONS,
    Action,
    TicketState,
    allowed_actions,
    next_state,
    recall_outcome,
)

S, A = TicketState, Action

EXPECTED = {
    (S.WAITING, A.CALL): S.CALLED,
    (S.CALLED, A.RECALL): S.CALLED,
    (S.CALLED, A.START): S.SERVING,
    (S.CALLED, A.FINISH): S.DONE,
    (S.SERVING, A.FINISH): S.DONE,
    (S.CALLED, A.NO_SHOW): S.NO_SHOW,
    (S.NO_SHOW, A.REINSTATE): S.WAITING,
    (S.CALLED, A.TRANSFER): S.WAITING,
    (S.SERVING, A.TRANSFER): S.WAITING,
    (S.CALLED, A.HOLD): S.HELD,
    (S.SERVING, A.HOLD): S.HELD,
    (S.HELD, A.RESUME): S.SERVING,
    (S.WAITING, A.CANCEL): S.CANCELLED,
    (S.HELD, A.CANCEL): S.CANCELLED,
    (S.WAITING, A.CLOSE): S.CLOSED,
    (S.CALLED, A.CLOSE): S.CLOSED,
    (S.SERVING, A.CLOSE): S.CLOSED,
    (S.HELD, A.CLOSE): S.CLOSED,
}
FORBIDDEN = [pair for pair in product(S, A) if pair not in EXPECTED]


def test_the_table_is_exactly_the_documented_machine() -> None:
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("state", "action"), list(EXPECTED))
def test_allowed_transition(state: TicketState, action: Action) -> None:
    assert next_state(state, action, "A001") == EXPECTED[(state, action)]
    assert next_state(state.value, action.value) == EXPECTED[(state, action)]  # plain strings


@pytest.mark.parametrize(("state", "action"), FORBIDDEN)
def test_forbidden_transition_names_the_ticket_in_both_languages(
    state: TicketState, action: Action
) -> None:
    with pytest.raises(DeskError) as caught:
        next_state(state, action, "B017")
    error = caught.value
    assert error.code == "ticket.transition_forbidden"
    zh, en = error.message("zh_CN"), error.message("en")
    assert "B017" in zh and state_name(state, "zh_CN") in zh and action_name(action, "zh_CN") in zh
    assert "B017" in en and state_name(state, "en") in en and action_name(action, "en") in en
    assert zh != en and "{" not in zh + en
    assert str(error) == en


def test_final_states_allow_nothing() -> None:
    for state in FINAL_STATES:
        assert allowed_actions(state) == frozenset()


def test_allowed_actions_match_the_table() -> None:
    assert allowed_actions(S.CALLED) == {
        A.RECALL,
        A.START,
        A.FINISH,
        A.NO_SHOW,
        A.TRANSFER,
        A.HOLD,
        A.CLOSE,
    }
    assert allowed_actions("no_show") == {A.REINSTATE}


def test_state_sets() -> None:
    assert {S.CALLED, S.SERVING} == ACTIVE_STATES
    assert {state for state, action in EXPECTED if action is A.CLOSE} == OPEN_STATES
    assert not (OPEN_STATES & FINAL_STATES)
    assert S.NO_SHOW not in OPEN_STATES | FINAL_STATES  # reinstatable until the day closes


def test_unknown_state_or_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        next_state("lost", A.CALL)
    with pytest.raises(ValueError):
        next_state(S.WAITING, "teleport")


@pytest.mark.parametrize(("calls", "expected_count"), [(1, 2), (2, 3)])
def test_recall_below_the_limit_calls_again(calls: int, expected_count: int) -> None:
    outcome = recall_outcome(calls, limit=3)
    assert outcome.state is S.CALLED
    assert outcome.call_count == expected_count
    assert not outcome.became_no_show


@pytest.mark.parametrize("calls", [3, 4, 10])
def test_recall_at_or_past_the_limit_is_a_no_show(calls: int) -> None:
    outcome = recall_outcome(calls, limit=3)
    assert outcome.state is S.NO_SHOW
    assert outcome.became_no_show
    assert outcome.call_count == calls  # an unanswered recall is not counted as a call


def test_recall_sequence_with_the_default_limit() -> None:
    calls, states = 1, []
    for _ in range(3):
        outcome = recall_outcome(calls)
        states.append(outcome.state)
        calls = outcome.call_count
    assert states == [S.CALLED, S.CALLED, S.NO_SHOW]
    assert calls == 3


def test_limit_of_one_means_no_recall() -> None:
    assert recall_outcome(1, limit=1).became_no_show


def test_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        recall_outcome(1, limit=0)

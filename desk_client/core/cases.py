"""The lifecycle of a case (办件): accepted -> in progress -> completed / withdrawn / transferred.

Pausing (特殊环节, the clock stops) is a flag beside the state, not a state of its own: a paused
case is still accepted or in progress, and closing it (办结, 撤回, 转办/联办) also closes its
open pause. A closed case accepts nothing more.
"""

from __future__ import annotations

from enum import StrEnum

from desk_client.core.errors import DeskError
from desk_client.core.messages_cases import CASE_ACTION_NAMES, CASE_STATE_NAMES


class CaseState(StrEnum):
    ACCEPTED = "accepted"  # 已受理
    IN_PROGRESS = "in_progress"  # 办理中
    COMPLETED = "completed"  # 已办结
    WITHDRAWN = "withdrawn"  # 已撤回
    TRANSFERRED = "transferred"  # 已转办 (联办: handed to another department)


class CaseAction(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    COMPLETE = "complete"
    WITHDRAW = "withdraw"
    TRANSFER = "transfer"


OPEN_STATES = frozenset({CaseState.ACCEPTED, CaseState.IN_PROGRESS})
CLOSING = {
    CaseAction.COMPLETE: CaseState.COMPLETED,
    CaseAction.WITHDRAW: CaseState.WITHDRAWN,
    CaseAction.TRANSFER: CaseState.TRANSFERRED,
}


def is_open(state: str) -> bool:
    """True while the case counts down (accepted or in progress, paused or not)."""
    return state in OPEN_STATES


def next_case_state(state: str, action: str, paused: bool, number: str = "") -> CaseState:
    """The state after ``action``, or DeskError("case.transition_forbidden").

    - start: only an accepted case that is not paused -> in progress;
    - pause: an open case that is not paused -> in progress (a special step is handling);
    - resume: only a paused case -> in progress;
    - extend: any open case, paused or not -> unchanged;
    - complete / withdraw / transfer: any open case, paused or not (its pause ends with it).
    """
    current, act = CaseState(state), CaseAction(action)
    allowed = _allowed(current, act, paused)
    if allowed is None:
        raise _forbidden(current, act, paused, number)
    return allowed


def _allowed(state: CaseState, action: CaseAction, paused: bool) -> CaseState | None:
    if state not in OPEN_STATES:
        return None
    if action in CLOSING:
        return CLOSING[action]
    if action is CaseAction.EXTEND:
        return state
    if action is CaseAction.START:
        return CaseState.IN_PROGRESS if state is CaseState.ACCEPTED and not paused else None
    if action is CaseAction.PAUSE:
        return None if paused else CaseState.IN_PROGRESS
    return CaseState.IN_PROGRESS if paused else None  # resume


def _forbidden(state: CaseState, action: CaseAction, paused: bool, number: str) -> DeskError:
    shown = "paused" if paused and state in OPEN_STATES else state.value
    state_zh, state_en = CASE_STATE_NAMES[shown]
    action_zh, action_en = CASE_ACTION_NAMES[action.value]
    return DeskError(
        "case.transition_forbidden",
        number=number,
        state=state_zh,
        state_en=state_en,
        action=action_zh,
        action_en=action_en,
    )

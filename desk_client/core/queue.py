"""The ticket state machine (取号 -> 叫号 -> 办理 -> 办结).

    waiting --call--> called --start--> serving --finish--> done
    called --recall--> called (call_count + 1; past the limit it becomes no_show)
    called --no_show--> no_show --reinstate--> waiting (same day, behind K others)
    called|serving --transfer--> waiting (other category or a named window, issue time kept)
    called|serving --hold--> held --resume--> serving
    waiting|held --cancel--> cancelled
    any open state --close--> closed (at the start of the next service day)

Finishing straight from "called" is allowed: the citizen came and was served at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desk_client.core.errors import DeskError
from desk_client.core.messages import action_name, state_name


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    HELD = "held"
    CANCELLED = "cancelled"
    CLOSED = "closed"


class Action(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    HOLD = "hold"
    RESUME = "resume"
    CANCEL = "cancel"
    REINSTATE = "reinstate"
    CLOSE = "close"


S, A = TicketState, Action

TRANSITIONS: dict[tuple[TicketState, Action], TicketState] = {
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
    **{(state, A.CLOSE): S.CLOSED for state in (S.WAITING, S.CALLED, S.SERVING, S.HELD)},
}

#: A window has at most one ticket in these states (backed by a unique index centrally).
ACTIVE_STATES = frozenset({S.CALLED, S.SERVING})
#: States a ticket may still leave today; at day start they are closed.
OPEN_STATES = frozenset({S.WAITING, S.CALLED, S.SERVING, S.HELD})
FINAL_STATES = frozenset({S.DONE, S.CANCELLED, S.CLOSED})

DEFAULT_RECALL_LIMIT = 3


def next_state(state: TicketState | str, action: Action | str, number: str = "") -> TicketState:
    """The state after ``action``, or a DeskError naming the ticket, its state and the action."""
    current, wanted = TicketState(state), Action(action)
    target = TRANSITIONS.get((current, wanted))
    if target is None:
        raise DeskError(
            "ticket.transition_forbidden",
            number=number,
            state=state_name(current, "zh_CN"),
            state_en=state_name(current, "en"),
            action=action_name(wanted, "zh_CN"),
            action_en=action_name(wanted, "en"),
        )
    return target


def allowed_actions(state: TicketState | str) -> frozenset[Action]:
    current = TicketState(state)
    return frozenset(action for (src, action) in TRANSITIONS if src == current)


@dataclass(frozen=True)
class RecallOutcome:
    """What a recall does: call again, or turn into a no-show once the limit is used up."""

    state: TicketState
    call_count: int
    became_no_show: bool


def recall_outcome(call_count: int, limit: int = DEFAULT_RECALL_LIMIT) -> RecallOutcome:
    """``call_count`` calls have gone unanswered; ``limit`` calls in all are allowed.

    The first call counts as one. With limit 3: call (1), recall (2), recall (3), and the
    next recall finds the limit used up and marks the ticket a no-show (过号).
    """
    if limit < 1:
        raise ValueError("recall limit must be at least 1")
    if call_count >= limit:
        return RecallOutcome(S.NO_SHOW, call_count, became_no_show=True)
    return RecallOutcome(S.CALLED, call_count + 1, became_no_show=False)

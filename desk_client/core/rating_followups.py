"""The follow-up of a bad rating (差评回访): call the rater, fix the cause, or appeal.

Every 差评 gets a follow-up owned by a named supervisor and due a number of working days
after the service day. Its steps:

    contact    record the call to the rater (回访)           open | contacted -> contacted
    rectify    record what was fixed (整改)                  state unchanged
    appeal     the rated staff member or a supervisor asks for review (申诉), once
    decide     another supervisor decides the appeal (复核): upheld closes the follow-up and
               takes the rating out of the figures; rejected leaves it to be followed up
    close      办结: needs a recorded call and a rectification, and no appeal waiting

A :class:`FollowUpStatus` holds what the rules look at; :func:`next_followup_state` returns
the status after a step or raises the DeskError the supervisor reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from desk_client.core.deadlines import Level
from desk_client.core.errors import DeskError
from desk_client.core.inquiries import follow_up_level
from desk_client.core.messages_ratings import (
    APPEAL_STATE_NAMES,
    FOLLOWUP_ACTION_NAMES,
    FOLLOWUP_TEXT_NAMES,
)
from desk_client.core.workdays import WorkCalendar


class FollowUpState(StrEnum):
    OPEN = "open"  # 待回访
    CONTACTED = "contacted"  # 已回访
    CLOSED = "closed"  # 已办结


class AppealState(StrEnum):
    NONE = "none"
    REQUESTED = "requested"  # 申诉待复核
    UPHELD = "upheld"  # 申诉成立: the rating no longer counts
    REJECTED = "rejected"  # 申诉不成立


class FollowUpAction(StrEnum):
    CONTACT = "contact"
    RECTIFY = "rectify"
    APPEAL = "appeal"
    DECIDE = "decide"
    CLOSE = "close"
    REASSIGN = "reassign"


#: Roles that handle follow-ups; a clerk may only appeal a rating of their own.
HANDLING_ROLES = frozenset({"supervisor", "admin"})
TEXT_MAX = 500  # the rating_followups text columns


@dataclass(frozen=True, slots=True)
class FollowUpStatus:
    """What the rules of the next step look at; ``appeal_by`` is who requested the appeal."""

    state: FollowUpState = FollowUpState.OPEN
    appeal: AppealState = AppealState.NONE
    contacted: bool = False
    rectified: bool = False
    appeal_by: str = ""


def _refusal(code: str, action: FollowUpAction) -> DeskError:
    zh, en = FOLLOWUP_ACTION_NAMES[action.value]
    return DeskError(code, action=zh, action_en=en)


def _appeal(status: FollowUpStatus, actor: str) -> FollowUpStatus:
    if status.appeal is AppealState.REQUESTED:
        raise _refusal("followup.appeal_pending", FollowUpAction.APPEAL)
    if status.appeal is not AppealState.NONE:
        zh, en = APPEAL_STATE_NAMES[status.appeal.value]
        raise DeskError("followup.appeal_done", result=zh, result_en=en)
    return replace(status, appeal=AppealState.REQUESTED, appeal_by=actor)


def _decide(status: FollowUpStatus, actor: str, upheld: bool | None) -> FollowUpStatus:
    if upheld is None:
        raise ValueError("deciding an appeal needs upheld=True or False")
    if status.appeal is not AppealState.REQUESTED:
        raise DeskError("followup.appeal_not_requested")
    if actor and actor == status.appeal_by:
        raise DeskError("followup.own_appeal")
    if upheld:
        return replace(status, appeal=AppealState.UPHELD, state=FollowUpState.CLOSED)
    return replace(status, appeal=AppealState.REJECTED)


def _close(status: FollowUpStatus) -> FollowUpStatus:
    if status.appeal is AppealState.REQUESTED:
        raise _refusal("followup.appeal_pending", FollowUpAction.CLOSE)
    if not status.contacted:
        raise DeskError("followup.needs_contact")
    if not status.rectified:
        raise DeskError("followup.needs_rectification")
    return replace(status, state=FollowUpState.CLOSED)


def next_followup_state(
    status: FollowUpStatus,
    action: FollowUpAction | str,
    *,
    actor: str = "",
    upheld: bool | None = None,
) -> FollowUpStatus:
    """The status after ``action`` by staff member ``actor`` (``upheld`` for decide).

    Nothing happens to a closed follow-up (followup.closed). Who may take a step at all is
    :func:`check_may_act`'s question; this one answers whether the step fits the status.
    ValueError for an unknown action or a decide without ``upheld``.
    """
    step = FollowUpAction(action)
    if status.state is FollowUpState.CLOSED:
        raise _refusal("followup.closed", step)
    if step is FollowUpAction.CONTACT:
        return replace(status, state=FollowUpState.CONTACTED, contacted=True)
    if step is FollowUpAction.RECTIFY:
        return replace(status, rectified=True)
    if step is FollowUpAction.APPEAL:
        return _appeal(status, actor)
    if step is FollowUpAction.DECIDE:
        return _decide(status, actor, upheld)
    if step is FollowUpAction.CLOSE:
        return _close(status)
    return status  # reassign changes the owner, not the status


def may_act(role: str, action: FollowUpAction | str, actor_no: str, rated_staff_no: str) -> bool:
    """Supervisors and admins take every step; a clerk only appeals a rating of their own."""
    if role in HANDLING_ROLES:
        return True
    own = bool(actor_no) and actor_no == rated_staff_no
    return FollowUpAction(action) is FollowUpAction.APPEAL and own


def check_may_act(
    role: str, action: FollowUpAction | str, actor_no: str, rated_staff_no: str
) -> None:
    """DeskError("followup.not_allowed") unless :func:`may_act`."""
    if not may_act(role, action, actor_no, rated_staff_no):
        raise _refusal("followup.not_allowed", FollowUpAction(action))


def check_followup_text(text: str, what: str, *, required: bool = True) -> str:
    """A step's text stripped: ``what`` is contact_note, rectification, appeal_reason,
    appeal_note or close_note; at most 500 characters, required ones not empty."""
    stripped = text.strip()
    zh, en = FOLLOWUP_TEXT_NAMES[what]
    if required and not stripped:
        raise DeskError("followup.text_required", what=zh, what_en=en)
    if len(stripped) > TEXT_MAX:
        raise DeskError(
            "followup.text_too_long", what=zh, what_en=en, max=TEXT_MAX, length=len(stripped)
        )
    return stripped


def followup_level(
    due_day: date | None,
    today: date,
    calendar: WorkCalendar,
    thresholds: tuple[int, int],
    *,
    created: date,
    closed: bool = False,
) -> str:
    """The follow-up's light on the board: ``closed`` once closed, ``missing`` when its due
    day could not be computed (the calendar lacks the year), otherwise green, yellow or red
    exactly like an inquiry's promised reply (core.inquiries.follow_up_level): ``created``
    is the day it was opened, ``thresholds`` the hall's (yellow days, yellow percent)."""
    if closed:
        return "closed"
    if due_day is None:
        return Level.MISSING.value
    days, percent = thresholds
    return follow_up_level(today, created, due_day, calendar, days, percent).value

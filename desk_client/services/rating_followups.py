"""FollowUpService: the supervisor's work on bad ratings (差评回访, 整改, 申诉复核).

Every 差评 opens a follow-up in the rating's own transaction (services.rating_page), owned by
the hall's named supervisor and due a number of working days after the service day. The steps
are online, like the other supervisor decisions (services.supervision): each is ONE central
transaction that locks the follow-up, asks core.rating_followups whether the step fits (who
may take it, in which state) and writes it, so two supervisors cannot both decide one appeal.
An upheld appeal takes the rating out of the figures (``excluded``) and closes the follow-up.

The rules of who may act: supervisors and admins take every step; a clerk may only appeal a
bad rating of their own; nobody decides an appeal they requested.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.rating_followups import (
    HANDLING_ROLES,
    AppealState,
    FollowUpAction,
    FollowUpState,
    FollowUpStatus,
    check_followup_text,
    check_may_act,
    next_followup_state,
)
from desk_client.core.ratings import check_stats_request, followup_rate
from desk_client.services.calendar import CalendarService
from desk_client.services.context import Context
from desk_client.services.cover_settings import Staff
from desk_client.services.dto import StaffSession
from desk_client.services.dto_ratings import FollowUpSummary, FollowUpView
from desk_client.services.rating_views import central_staff, followup_light, followup_view
from desk_client.store import hall, rating_followups_repo
from desk_client.store.rating_rows import FollowUpRow

STATES = ("open", "all")  # open: not closed yet


def status_of(row: FollowUpRow) -> FollowUpStatus:
    """What core's rules look at, read off the stored follow-up."""
    return FollowUpStatus(
        state=FollowUpState(row.state),
        appeal=AppealState(row.appeal_state),
        contacted=row.contacted_at is not None,
        rectified=row.rectified_at is not None,
        appeal_by=row.appeal_by,
    )


class FollowUpService:
    def __init__(self, ctx: Context, calendar: CalendarService) -> None:
        self._ctx = ctx
        self._calendar = calendar

    # -- reading ----------------------------------------------------------------------------

    def followups(self, state: str = "open") -> tuple[FollowUpView, ...]:
        """The hall's follow-ups, oldest first: ``open`` the ones not closed, ``all``."""
        if state not in STATES:
            raise ValueError(f"follow-ups are listed by {STATES}, not {state!r}")

        def work(conn: Connection) -> tuple[list[FollowUpRow], Staff]:
            hall_id, _ = self._ctx.hall(conn)
            rows = rating_followups_repo.followups(conn, hall_id, open_only=state == "open")
            return rows, central_staff(conn, hall_id)

        return self._views(*self._ctx.read(work))

    def _views(self, rows: list[FollowUpRow], staff: Staff) -> tuple[FollowUpView, ...]:
        light = self._light()
        return tuple(followup_view(row, staff, light(row)) for row in rows)

    def _light(self) -> Callable[[FollowUpRow], str]:
        """Each follow-up's level today, on this PC's working-day calendar."""
        today, calendar = self._ctx.today(), self._calendar.calendar()
        config = self._ctx.config
        thresholds = (config.yellow_days, config.yellow_percent)
        return lambda row: followup_light(row, today, calendar, thresholds)

    def summary(self, start: date, end: date) -> FollowUpSummary:
        """For the bad ratings with a service day in [start, end] (upheld appeals left out):
        how many, how many were followed up (a contact recorded) and the rate (回访率). And,
        whatever the period, the follow-ups not closed today and how many of them are red."""
        check_stats_request(start, end, "day")

        def work(conn: Connection) -> tuple[list[FollowUpRow], list[FollowUpRow]]:
            hall_id, _ = self._ctx.hall(conn)
            period = rating_followups_repo.followups_between(conn, hall_id, start, end)
            return period, rating_followups_repo.followups(conn, hall_id, open_only=True)

        period, still_open = self._ctx.read(work)
        counted = [row for row in period if not row.rating.excluded]
        followed = sum(1 for row in counted if row.contacted_at is not None)
        light = self._light()
        overdue = sum(1 for row in still_open if light(row) == "red")
        rate = followup_rate(len(counted), followed)
        return FollowUpSummary(len(counted), followed, rate, len(still_open), overdue)

    # -- the steps ------------------------------------------------------------------------------

    def contact(self, session: StaffSession, followup_id: int, note: str) -> FollowUpView:
        """回访: the call to the rater and what was said (the state becomes contacted)."""
        text = check_followup_text(note, "contact_note")
        values = {"contact_note": text} | self._stamp(session, "contacted")
        return self._step(session, followup_id, FollowUpAction.CONTACT, values)

    def rectify(self, session: StaffSession, followup_id: int, measures: str) -> FollowUpView:
        """整改: what was done about the cause (recorded again, the latest one kept)."""
        text = check_followup_text(measures, "rectification")
        values = {"rectification": text} | self._stamp(session, "rectified")
        return self._step(session, followup_id, FollowUpAction.RECTIFY, values)

    def request_appeal(self, session: StaffSession, followup_id: int, reason: str) -> FollowUpView:
        """申诉: the rated staff member (or a supervisor/admin) asks for a review of a
        mistaken or malicious rating, once."""
        text = check_followup_text(reason, "appeal_reason")
        values = {"appeal_reason": text, "appeal_by": session.staff_no}
        return self._step(session, followup_id, FollowUpAction.APPEAL, values)

    def decide_appeal(
        self, session: StaffSession, followup_id: int, upheld: bool, note: str
    ) -> FollowUpView:
        """复核: another supervisor or admin decides. Upheld: the rating no longer counts and
        the follow-up is closed; rejected: the follow-up goes on."""
        text = check_followup_text(note, "appeal_note")
        values: dict[str, Any] = {"appeal_note": text, "appeal_decided_by": session.staff_no}
        values |= {"appeal_decided_at": self._ctx.now()}
        if upheld:
            values |= self._stamp(session, "closed")
        action = FollowUpAction.DECIDE
        return self._step(session, followup_id, action, values, upheld=upheld)

    def close(self, session: StaffSession, followup_id: int, note: str) -> FollowUpView:
        """办结: once the rater was contacted and a rectification recorded, no appeal waiting."""
        text = check_followup_text(note, "close_note", required=False)
        values = {"close_note": text} | self._stamp(session, "closed")
        return self._step(session, followup_id, FollowUpAction.CLOSE, values)

    def reassign(self, session: StaffSession, followup_id: int, staff_no: str) -> FollowUpView:
        """改派: another active supervisor or admin of the hall owns it from now on."""
        wanted = staff_no.strip()
        values = {"assignee_no": wanted}
        action = FollowUpAction.REASSIGN
        return self._step(session, followup_id, action, values, assignee=wanted)

    def _stamp(self, session: StaffSession, name: str) -> dict[str, Any]:
        """``<name>_at`` now and ``<name>_by`` the staff member acting."""
        return {f"{name}_at": self._ctx.now(), f"{name}_by": session.staff_no}

    def _step(
        self,
        session: StaffSession,
        followup_id: int,
        action: FollowUpAction,
        values: dict[str, Any],
        *,
        upheld: bool | None = None,
        assignee: str | None = None,
    ) -> FollowUpView:
        """Lock the follow-up, check who acts and whether the step fits, write it; the
        follow-up as it is now. A refusal raises before anything is written."""

        def work(conn: Connection) -> tuple[list[FollowUpRow], Staff]:
            hall_id, info = self._ctx.hall(conn)
            row = _locked(conn, hall_id, followup_id)
            check_may_act(session.role, action, session.staff_no, row.rating.staff_no)
            actor = session.staff_no
            status = next_followup_state(status_of(row), action, actor=actor, upheld=upheld)
            if assignee is not None:
                _check_assignee(conn, hall_id, assignee)
            _write_step(conn, (hall_id, info.code), row, status, values)
            found = rating_followups_repo.followup(conn, hall_id, followup_id, lock=False)
            assert found is not None  # read back in the same transaction
            return [found], central_staff(conn, hall_id)

        return self._views(*self._ctx.write(work))[0]


def _locked(conn: Connection, hall_id: int, followup_id: int) -> FollowUpRow:
    """The hall's follow-up, locked until the transaction ends; followup.not_found."""
    row = rating_followups_repo.followup(conn, hall_id, followup_id, lock=True)
    if row is None:
        raise DeskError("followup.not_found", id=followup_id)
    return row


def _write_step(
    conn: Connection,
    hall: tuple[int, str],
    row: FollowUpRow,
    status: FollowUpStatus,
    values: dict[str, Any],
) -> None:
    """The step's columns and the new state; an appeal just upheld excludes the rating."""
    states = {"state": status.state.value, "appeal_state": status.appeal.value}
    rating_followups_repo.update_followup(conn, row.id, **values, **states)
    if status.appeal is AppealState.UPHELD and row.appeal_state != AppealState.UPHELD:
        hall_id, hall_code = hall
        rating_followups_repo.exclude_rating(conn, hall_code, hall_id, row.rating_id)


def _check_assignee(conn: Connection, hall_id: int, staff_no: str) -> None:
    row = hall.staff_by_no(conn, hall_id, staff_no) if staff_no else None
    if row is None or not row.active or row.role not in HANDLING_ROLES:
        raise DeskError("followup.assignee", staff_no=staff_no)

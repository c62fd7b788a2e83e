"""What a rating and its follow-up look like to the front ends (pure: no database).

Shared by services.ratings (the window's feed), services.rating_followups (the supervisor's
回访 list) and services.rating_stats: the staff name from the hall's directory, ``bad`` from
core.ratings, the follow-up's light from core.rating_followups.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Connection

from desk_client.core.ratings import followup_level, is_bad
from desk_client.core.workdays import WorkCalendar
from desk_client.services.cover_settings import Staff
from desk_client.services.dto_ratings import FollowUpView, RatingView
from desk_client.store import hall
from desk_client.store.rating_followups_repo import CLOSED
from desk_client.store.rating_rows import FollowUpRow, RatingRow


def staff_name(staff: Staff, staff_no: str) -> str:
    """The name of a staff member of the directory; the number itself when unknown."""
    return staff.get(staff_no, (staff_no, ""))[0] if staff_no else ""


def central_staff(conn: Connection, hall_id: int) -> Staff:
    """The hall's active staff by number, read centrally (the supervisor's screens are
    online: a colleague added today has a name before this PC's next sync)."""
    return {str(row.staff_no): (str(row.name), "") for row in hall.active_staff(conn, hall_id)}


def rating_view(row: RatingRow, staff: Staff, ref: str = "") -> RatingView:
    """``ref``: the ticket or case number when this PC made the code; else the case number."""
    return RatingView(
        seq=row.seq,
        visit_id=row.visit_id,
        window=row.window_number,
        staff_no=row.staff_no,
        staff_name=staff_name(staff, row.staff_no),
        ref=ref or row.case_number,
        item_code=row.item_code,
        overall=row.overall,
        efficiency=row.efficiency,
        competence=row.competence,
        attitude=row.attitude,
        reasons=row.reasons,
        comment=row.comment,
        defaulted=row.defaulted,
        excluded=row.excluded,
        bad=is_bad(row.overall),
        service_day=row.service_day,
        submitted_at=row.submitted_at,
    )


def followup_light(
    row: FollowUpRow, today: date, calendar: WorkCalendar, thresholds: tuple[int, int]
) -> str:
    """green | yellow | red like an inquiry's promised reply, counted from the rating's
    service day; missing without a due day; closed once closed."""
    closed = row.state == CLOSED
    created = row.rating.service_day
    return followup_level(row.due_day, today, calendar, thresholds, created=created, closed=closed)


def followup_view(row: FollowUpRow, staff: Staff, level: str) -> FollowUpView:
    return FollowUpView(
        id=row.id,
        rating=rating_view(row.rating, staff, row.visit_ref),
        assignee_no=row.assignee_no,
        assignee_name=staff_name(staff, row.assignee_no),
        due_day=row.due_day,
        level=level,
        state=row.state,
        contact_note=row.contact_note,
        contacted_at=row.contacted_at,
        contacted_by=row.contacted_by,
        rectification=row.rectification,
        rectified_at=row.rectified_at,
        rectified_by=row.rectified_by,
        appeal_state=row.appeal_state,
        appeal_reason=row.appeal_reason,
        appeal_by=row.appeal_by,
        appeal_note=row.appeal_note,
        appeal_decided_by=row.appeal_decided_by,
        close_note=row.close_note,
        closed_by=row.closed_by,
        closed_at=row.closed_at,
        created_at=row.created_at,
    )

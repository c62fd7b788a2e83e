"""The pure parts of the rating services (issue 7): views, the follow-up's light and due day,
the figures and their CSV, the rating.visit payload (which the central handler accepts) and
the follow-up status read off a stored row. No database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from desk_client.core.rating_followups import AppealState, FollowUpState, FollowUpStatus
from desk_client.core.workdays import WorkCalendar
from desk_client.services.rating_codes import Visit, visit_payload
from desk_client.services.rating_followups import status_of
from desk_client.services.rating_page import followup_due
from desk_client.services.rating_stats import csv_text, stat_row
from desk_client.services.rating_views import followup_light, rating_view, staff_name
from desk_client.services.ratings import settings_view
from desk_client.store.local_ratings import CodeRow
from desk_client.store.rating_rows import FollowUpRow, RatingCount, RatingRow, SettingsRow
from desk_client.sync.handlers_ratings import validate_visit

NOW = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)
STAFF = {"1003": ("王芳", "0591-87000005")}
RATING = RatingRow(
    seq=7, visit_id="0" * 32, window_number=3, staff_no="1003", case_number="SL2025-03-0001",
    item_code="GJJ-001", overall=2, efficiency=2, competence=3, attitude=1,
    reasons=("slow",), comment="等太久", defaulted=False, excluded=False,
    service_day=date(2025, 9, 30), submitted_at=NOW,
)  # fmt: skip
FOLLOWUP = FollowUpRow(
    id=1, rating_id=9, rating=RATING, assignee_no="S001", due_day=date(2025, 10, 14),
    state="open", contact_note="", contacted_at=None, contacted_by="", rectification="",
    rectified_at=None, rectified_by="", appeal_state="none", appeal_reason="", appeal_by="",
    appeal_note="", appeal_decided_by="", appeal_decided_at=None, close_note="",
    closed_by="", closed_at=None, created_at=NOW,
)  # fmt: skip


def test_a_rating_view_names_the_staff_and_falls_back_to_the_case_number() -> None:
    view = rating_view(RATING, STAFF)
    assert (view.staff_name, view.ref, view.bad, view.window) == ("王芳", "SL2025-03-0001", True, 3)
    assert rating_view(RATING, STAFF, "B012").ref == "B012"
    assert rating_view(replace(RATING, overall=3), {}).staff_name == "1003"
    assert staff_name(STAFF, "") == ""


def test_the_follow_up_is_due_in_working_days_and_lit_like_a_promised_reply() -> None:
    calendar = WorkCalendar()
    # 2025-09-30 + 5 working days over the National Day holiday (domain.md).
    assert followup_due(calendar, date(2025, 9, 30), 5) == date(2025, 10, 14)
    assert followup_due(calendar, date(2031, 3, 3), 5) is None  # the calendar lacks 2031
    thresholds = (1, 80)
    assert followup_light(FOLLOWUP, date(2025, 10, 9), calendar, thresholds) == "green"
    assert followup_light(FOLLOWUP, date(2025, 10, 14), calendar, thresholds) == "yellow"
    assert followup_light(FOLLOWUP, date(2025, 10, 15), calendar, thresholds) == "red"
    assert followup_light(replace(FOLLOWUP, due_day=None), NOW.date(), calendar, thresholds) == (
        "missing"
    )
    closed = replace(FOLLOWUP, state="closed")
    assert followup_light(closed, date(2025, 12, 1), calendar, thresholds) == "closed"


def test_the_status_of_a_stored_follow_up() -> None:
    assert status_of(FOLLOWUP) == FollowUpStatus()
    worked = replace(
        FOLLOWUP, state="contacted", contacted_at=NOW, rectified_at=NOW,
        appeal_state="requested", appeal_by="1003",
    )  # fmt: skip
    assert status_of(worked) == FollowUpStatus(
        FollowUpState.CONTACTED, AppealState.REQUESTED, True, True, "1003"
    )


def test_figures_of_a_group_and_their_csv_in_both_languages() -> None:
    row = stat_row(RatingCount("3", (2, 1, 0, 0, 1), defaulted=1, excluded=2), "3号窗口")
    assert (row.count, row.bad, row.defaulted, row.excluded) == (4, 1, 1, 2)
    assert (row.satisfaction, row.average) == (0.75, 3.75)
    empty = stat_row(RatingCount("4", (0, 0, 0, 0, 0), 0, 1), "4号窗口")
    assert (empty.satisfaction, empty.average) == (1.0, 0.0)
    text = csv_text((row, empty), "window", "zh_CN")
    lines = text.splitlines()
    assert text.startswith("\ufeff编号,窗口,评价数,非常满意,满意,基本满意,不满意,非常不满意,满意率")
    assert lines[1:] == [
        "3,3号窗口,4,2,1,0,0,1,75.00%,3.75,1,1,2",
        "4,4号窗口,0,0,0,0,0,0,100.00%,0.00,0,0,1",
    ]
    english = csv_text((row,), "item", "en").splitlines()[0]
    assert english == (
        "\ufeffKey,Item,Ratings,Very satisfied,Satisfied,Fairly satisfied,Dissatisfied,"
        "Very dissatisfied,Satisfaction,Average,Bad,Defaulted,Excluded"
    )


def test_the_visit_payload_is_what_the_central_handler_accepts() -> None:
    visit = Visit("case", "SL2025-03-0001", 3, "1003", date(2025, 9, 30), item_code="GJJ-001",
                  case_number="SL2025-03-0001")  # fmt: skip
    code = CodeRow(
        visit_id="01" * 16, kind=visit.kind, ref=visit.ref, window_number=3, staff_no="1003",
        item_code="GJJ-001", category_code="", case_number=visit.case_number,
        url="http://127.0.0.1:8765/rate/x.y", issued_at=NOW,
        expires_at=datetime(2025, 10, 7, 2, 0, tzinfo=UTC),
    )  # fmt: skip
    payload = visit_payload(code, visit.service_day)
    assert validate_visit(payload) is None
    assert (payload["service_day"], payload["expires_at"]) == (
        "2025-09-30", "2025-10-07T02:00:00+00:00",
    )  # fmt: skip


def test_the_settings_view_shows_no_named_supervisor_as_empty() -> None:
    row = SettingsRow(1, "ab" * 32, None, 7, 5, None, 0, NOW)
    view = settings_view(row, "https://rate.example.cn/rate")
    assert (view.followup_staff_no, view.base_url) == ("", "https://rate.example.cn/rate")

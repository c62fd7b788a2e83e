"""Cases and the working-day calendar, centrally (issue 5, revision 0005).

Cases are opened and moved on the clerk's PC first and arrive through the ``case.*`` events
(sync.handlers_cases); ``number`` (the acceptance notice's number) is unique per hall.
``case_events`` is the timeline the case view shows; ``case_pauses`` the special steps that
stop the clock (行政许可法第四十五条). The PC that records an event computes the new deadline
and sends it, so the central row never needs the calendar to follow a case.

``holidays`` is national (the State Council's notice), not per hall: its rows override the
chinese-calendar package. ``calendar_state`` is one row whose ``version`` every change bumps,
so a PC refreshes its cached copy only when the calendar moved.
"""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.schema import BigId, LongText, UTCDateTime, metadata

#: The first central schema revision that has these tables.
CASES_SINCE = "0005"


def _id() -> sa.Column[int]:
    return sa.Column("id", BigId, primary_key=True, autoincrement=True)


def _hall() -> sa.Column[int]:
    return sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False)


def _case_key(table: str) -> sa.ForeignKeyConstraint:
    """(hall_id, number) -> cases: a timeline row or pause never outlives its case."""
    return sa.ForeignKeyConstraint(
        ["hall_id", "number"],
        ["cases.hall_id", "cases.number"],
        name=f"fk_{table}_case_cases",
    )


cases = sa.Table(
    "cases",
    metadata,
    _id(),
    _hall(),
    sa.Column("number", sa.String(32), nullable=False),  # the acceptance notice's number
    sa.Column("item_code", sa.String(64), nullable=False),
    sa.Column("item_name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # core.catalogue item kind
    sa.Column("applicant_name", sa.String(200), nullable=False),
    sa.Column("applicant_display", sa.String(200), nullable=False),  # masked, for screens
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("window_number", sa.Integer, nullable=True),
    sa.Column("accepted_at", UTCDateTime, nullable=False),
    sa.Column("accepted_day", sa.Date, nullable=False),  # the hall's local date
    sa.Column("limit_days", sa.Integer, nullable=False),
    sa.Column("extension_days", sa.Integer, nullable=False),
    sa.Column("deadline", sa.Date, nullable=True),  # NULL while a pause has no end
    sa.Column("state", sa.String(16), nullable=False),  # core.cases.CaseState
    sa.Column("paused_since", sa.Date, nullable=True),
    sa.Column("level", sa.String(16), nullable=False),  # core.deadlines.Level
    sa.Column("closed_at", UTCDateTime, nullable=True),  # NULL while open
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("hall_id", "number"),
    # The supervisor's board: a hall's open cases (closed_at IS NULL) by deadline.
    sa.Index("ix_cases_board", "hall_id", "closed_at", "deadline"),
    sa.Index("ix_cases_staff", "hall_id", "staff_no", "closed_at"),
)

#: The timeline: one row per applied case event (``detail`` is the payload as JSON).
case_events = sa.Table(
    "case_events",
    metadata,
    _id(),
    sa.Column("hall_id", BigId, nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("on_behalf_of", sa.String(64), nullable=True),
    sa.Column("detail", LongText, nullable=False),
    _case_key("case_events"),
    sa.Index("ix_case_events_case", "hall_id", "number", "at"),
)

#: The special steps that stop the clock; ``end_day`` NULL while the pause runs.
case_pauses = sa.Table(
    "case_pauses",
    metadata,
    _id(),
    sa.Column("hall_id", BigId, nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("start_day", sa.Date, nullable=False),
    sa.Column("end_day", sa.Date, nullable=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("basis", sa.Text, nullable=False),
    sa.Column("step", sa.String(200), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),  # its case.paused
    _case_key("case_pauses"),
    sa.Index("ix_case_pauses_case", "hall_id", "number", "start_day"),
)

#: National overrides of the chinese-calendar package: make-up working days, holidays.
holidays = sa.Table(
    "holidays",
    metadata,
    sa.Column("day", sa.Date, primary_key=True, autoincrement=False),
    sa.Column("working", sa.Boolean, nullable=False),
    sa.Column("reason", sa.String(200), nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

#: One row (id 1): ``version`` is bumped by every change of ``holidays``.
calendar_state = sa.Table(
    "calendar_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=True),
)

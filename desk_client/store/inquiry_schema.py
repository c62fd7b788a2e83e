"""First-inquiry log (首问负责), A/B post cover (AB岗), the roster and the hall directory,
centrally (issue 6, revision 0006).

Inquiries are logged and moved on the clerk's PC first and arrive through the ``inquiry.*``
events (sync.handlers_inquiries); ``number`` (SW2026-03-0012) is unique per hall.
``inquiry_events`` is the timeline every step leaves, with actor and on_behalf_of (a B acting
for an absent A). Absences are recorded local-first too (``absence.recorded`` /
``absence.cancelled``; the row's id is the recording event's id).

Posts, the roster (排班, 5+2 weekends included) and the departments directory are written
centrally and directly by a supervisor or desk-admin; every such write bumps the hall's
``cover_state.version`` so a PC refreshes its cached copies only when they moved.
"""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.schema import BigId, LongText, UTCDateTime, metadata

#: The first central schema revision that has these tables.
INQUIRIES_SINCE = "0006"


def _id() -> sa.Column[int]:
    return sa.Column("id", BigId, primary_key=True, autoincrement=True)


def _hall() -> sa.Column[int]:
    return sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False)


inquiries = sa.Table(
    "inquiries",
    metadata,
    _id(),
    _hall(),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("window_number", sa.Integer, nullable=False),  # 0: a guide without a window
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),  # visit | phone | letter | online
    sa.Column("person_kind", sa.String(16), nullable=False),  # person | organisation
    sa.Column("person_name", sa.String(200), nullable=False),
    sa.Column("person_display", sa.String(200), nullable=False),  # masked, for screens
    sa.Column("phone", sa.String(32), nullable=False),
    sa.Column("id_number", sa.String(32), nullable=False),  # whole ("" if none); masked on show
    sa.Column("matter", sa.Text, nullable=False),
    sa.Column("item_code", sa.String(64), nullable=False),
    sa.Column("materials", sa.Text, nullable=False),  # JSON [[name, quantity], ...]
    sa.Column("owner_no", sa.String(32), nullable=False),  # 首问责任人
    sa.Column("handler_no", sa.String(32), nullable=False),  # who must act now ("" = dept)
    sa.Column("department", sa.String(200), nullable=False),  # referred to / guided to
    sa.Column("contact", sa.String(500), nullable=False),  # that department's contact
    sa.Column("state", sa.String(16), nullable=False),  # core.inquiries state
    sa.Column("promised_reply", sa.Date, nullable=True),
    sa.Column("logged_day", sa.Date, nullable=False),  # the hall's local date, for the level
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("on_behalf_of", sa.String(32), nullable=False),  # of the latest step ("" if none)
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("referred_at", UTCDateTime, nullable=True),  # the latest referral
    sa.Column("closed_at", UTCDateTime, nullable=True),  # NULL while open
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("hall_id", "number"),
    sa.Index("ix_inquiries_handler", "hall_id", "handler_no", "closed_at"),
    sa.Index("ix_inquiries_owner", "hall_id", "owner_no", "closed_at"),
    sa.Index("ix_inquiries_phone", "hall_id", "phone"),
    sa.Index("ix_inquiries_name", "hall_id", "person_name"),
    sa.Index("ix_inquiries_created", "hall_id", "created_at"),
)

#: The timeline: one row per applied inquiry event (``detail`` is the payload as JSON).
inquiry_events = sa.Table(
    "inquiry_events",
    metadata,
    _id(),
    sa.Column("hall_id", BigId, nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("on_behalf_of", sa.String(64), nullable=False),
    sa.Column("detail", LongText, nullable=False),
    sa.ForeignKeyConstraint(
        ["hall_id", "number"],
        ["inquiries.hall_id", "inquiries.number"],
        name="fk_inquiry_events_inquiry_inquiries",
    ),
    sa.Index("ix_inquiry_events_inquiry", "hall_id", "number", "at"),
)

#: A post is a window ("window:3") or a role ("role:guide"): its A and its B (staff numbers).
posts = sa.Table(
    "posts",
    metadata,
    _id(),
    _hall(),
    sa.Column("post", sa.String(32), nullable=False),
    sa.Column("a_no", sa.String(32), nullable=False),
    sa.Column("b_no", sa.String(32), nullable=False),
    sa.Column("updated_by", sa.String(32), nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("hall_id", "post"),
)

#: Leave, meetings, training: ``start_at``/``end_at`` in UTC; cancelled ones are kept.
absences = sa.Table(
    "absences",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # the absence.recorded event's id
    _hall(),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # leave | meeting | training | other
    sa.Column("start_at", UTCDateTime, nullable=False),
    sa.Column("end_at", UTCDateTime, nullable=False),
    sa.Column("note", sa.String(500), nullable=False),
    sa.Column("recorded_by", sa.String(32), nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("cancelled_by", sa.String(32), nullable=True),
    sa.Column("cancelled_at", UTCDateTime, nullable=True),
    sa.Index("ix_absences_staff", "hall_id", "staff_no", "start_at"),
    sa.Index("ix_absences_end", "hall_id", "end_at"),
)

#: The roster (排班): who sits at which window on a day (weekends decide what is served).
roster = sa.Table(
    "roster",
    metadata,
    _id(),
    _hall(),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("window_number", sa.Integer, nullable=False),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("shift", sa.String(8), nullable=False),  # am | pm | day
    sa.UniqueConstraint("hall_id", "day", "window_number", "shift"),
)

#: The hall directory of departments, for referrals and "guided elsewhere".
departments = sa.Table(
    "departments",
    metadata,
    _id(),
    _hall(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("contact", sa.String(100), nullable=False),
    sa.Column("phone", sa.String(32), nullable=False),
    sa.Column("address", sa.String(200), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.UniqueConstraint("hall_id", "name"),
)

#: One row per hall: ``version`` is bumped by every write of posts, roster or departments.
cover_state = sa.Table(
    "cover_state",
    metadata,
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), primary_key=True, autoincrement=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

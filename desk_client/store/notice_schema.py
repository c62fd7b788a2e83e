"""Written notices and what hangs on them, centrally (issue 4, revision 0004).

Notices are written on the clerk's PC first and arrive through the ``notice.issued`` event
(sync.handlers_notices); ``number`` is unique per hall, so a second notice with the same
number is refused as poison rather than stored twice. A rejection (不予受理) also gets its
``rejection_reports`` row (否定报备), which a supervisor decides centrally. The one-time rule's
exceptions and every deliberate reveal of a resident ID number are kept for audit.
"""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.schema import BigId, LongText, UTCDateTime, metadata

#: The first central schema revision that has these tables.
NOTICES_SINCE = "0004"


def _hall() -> sa.Column[int]:
    return sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False)


def _id() -> sa.Column[int]:
    return sa.Column("id", BigId, primary_key=True, autoincrement=True)


notices = sa.Table(
    "notices",
    metadata,
    _id(),
    _hall(),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # core.notices.NoticeKind
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("window_number", sa.Integer, nullable=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("item_code", sa.String(64), nullable=False),
    sa.Column("applicant_name", sa.String(200), nullable=False),
    sa.Column("applicant_kind", sa.String(16), nullable=False),
    sa.Column("applicant_id_number", sa.String(32), nullable=False),
    sa.Column("applicant_phone", sa.String(32), nullable=False),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("issued_at", UTCDateTime, nullable=False),
    sa.Column("refers_to", sa.String(32), nullable=False),  # "" when not a return visit
    sa.Column("content", LongText, nullable=False),  # core.notices.content_to_dict, as JSON
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.UniqueConstraint("hall_id", "number"),
    sa.Index("ix_notices_hall_issued", "hall_id", "issued_at"),
)

rejection_reports = sa.Table(
    "rejection_reports",
    metadata,
    _id(),
    _hall(),
    sa.Column("number", sa.String(32), nullable=False),  # the rejection notice's number
    sa.Column("status", sa.String(16), nullable=False),  # pending | approved | returned
    sa.Column("reported_by", sa.String(32), nullable=False),
    sa.Column("reported_at", UTCDateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("basis", sa.Text, nullable=False),
    sa.Column("print_first", sa.Boolean, nullable=False),  # printed at once, reported after
    sa.Column("decided_by", sa.String(32), nullable=True),
    sa.Column("decided_at", UTCDateTime, nullable=True),
    sa.Column("comment", sa.Text, nullable=True),
    sa.UniqueConstraint("hall_id", "number"),
    sa.Index("ix_rejection_reports_status", "hall_id", "status", "reported_at"),
)

#: A supervisor's approval to ask for a material the earlier notice did not list.
one_time_exceptions = sa.Table(
    "one_time_exceptions",
    metadata,
    _id(),
    _hall(),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.Column("refers_to", sa.String(32), nullable=False),  # the earlier one-time notice
    sa.Column("material", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("supervisor_no", sa.String(32), nullable=False),
    sa.Column("supervisor_name", sa.String(100), nullable=False),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("approved_at", UTCDateTime, nullable=False),
    sa.Index("ix_one_time_exceptions_recent", "hall_id", "approved_at"),
)

#: A clerk looked at an applicant's full resident ID number on purpose.
id_reveals = sa.Table(
    "id_reveals",
    metadata,
    _id(),
    _hall(),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("notice_number", sa.String(32), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
)

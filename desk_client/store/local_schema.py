"""The local store, one SQLite file per PC: who this device is, what it printed, its outbox,
the login cache, (issue 4) the hall's catalogue copy and the notices, (issue 5) the cases
and the cached working-day calendar, and (issue 6) the inquiries, absences and the cached
posts, roster and departments."""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.schema import BigId, UTCDateTime

local_metadata = sa.MetaData(
    naming_convention={"uq": "uq_%(table_name)s_%(column_0_N_name)s", "pk": "pk_%(table_name)s"}
)

device = sa.Table(
    "device",
    local_metadata,
    sa.Column("device_id", sa.String(36), primary_key=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

printed_documents = sa.Table(
    "printed_documents",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("pdf", sa.LargeBinary, nullable=False),
)

# The sync engine (issue 3): the outbox, the sync cursor, and the local-by-nature records.

#: Every event this device recorded, in client_seq order, with its chain link and sync status.
outbox = sa.Table(
    "outbox",
    local_metadata,
    sa.Column("client_seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(8), nullable=False),  # pending | acked | rejected
    sa.Column("reason", sa.String(500), nullable=True),
    sa.Column("acked_at", UTCDateTime, nullable=True),
    sa.Index("ix_outbox_status", "status", "client_seq"),
)

#: key/value: "cursor" (last pulled server_seq), "acked" (last acknowledged client_seq),
#: "desk" (this PC's desk number, sync.desks).
sync_state = sa.Table(
    "sync_state",
    local_metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

#: Offline walk-ins (应急号): W03-001, per window per service day, unique by construction.
emergency_tickets = sa.Table(
    "emergency_tickets",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("service_day", sa.Date, nullable=False),
    sa.Column("window_number", sa.Integer, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("number", sa.String(16), nullable=False),
    sa.Column("category_code", sa.String(32), nullable=False),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("issued_at", UTCDateTime, nullable=False),
    sa.Column("called_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("service_day", "window_number", "seq"),
)

#: Logins and logouts at this PC's window.
sessions = sa.Table(
    "sessions",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("window_number", sa.Integer, nullable=True),
    sa.Column("kind", sa.String(8), nullable=False),  # login | logout
    sa.Column("at", UTCDateTime, nullable=False),
)

#: Events of the hall pulled from the central database (other devices' records).
inbox = sa.Table(
    "inbox",
    local_metadata,
    sa.Column("server_seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Column("status", sa.String(8), nullable=False),
)

# Offline login (issue 3 follow-up): what the last online login at this PC saw centrally, so
# staff can log in and serve walk-ins after a restart during an outage (store/local_cache.py).

#: The hall this PC serves, as last read centrally.
cached_hall = sa.Table(
    "cached_hall",
    local_metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("cached_at", UTCDateTime, nullable=False),
    sa.Column("phone", sa.String(32), nullable=False, server_default=""),  # 0004
    sa.Column("address", sa.String(200), nullable=False, server_default=""),  # 0004
)

#: Staff who logged in online at this PC: the central scrypt HASH, never a password.
cached_staff = sa.Table(
    "cached_staff",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("staff_no", sa.String(32), primary_key=True),
    sa.Column("staff_id", sa.BigInteger, nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("cached_at", UTCDateTime, nullable=False),
    sa.Column("phone", sa.String(32), nullable=False, server_default=""),  # 0004
)

cached_categories = sa.Table(
    "cached_categories",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("category_id", sa.BigInteger, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("prefix", sa.String(2), nullable=False),
)

#: category_codes: the codes the window serves, comma-separated, in order.
cached_windows = sa.Table(
    "cached_windows",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("window_id", sa.BigInteger, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("category_codes", sa.String(1000), nullable=False),
)

# The catalogue and the notices (issue 4, local revision 0004).

#: Which catalogue_version of the hall cached_items holds (replaced together with it).
cached_catalogue = sa.Table(
    "cached_catalogue",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("cached_at", UTCDateTime, nullable=False),
)

#: The hall's catalogue as last synced, so the item picker works offline. ``data`` is the
#: whole item (store.catalogue_repo.item_to_dict) as JSON.
cached_items = sa.Table(
    "cached_items",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("initials", sa.String(500), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)

#: This PC's notices and those of the hall's other PCs (projected from the pull).
#: ``event_id`` is the notice.issued event of a pulled notice (NULL for one written here).
notices = sa.Table(
    "notices",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("window_number", sa.Integer, nullable=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("item_code", sa.String(64), nullable=False),
    sa.Column("item_name", sa.String(200), nullable=False),
    sa.Column("applicant_name", sa.String(200), nullable=False),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("refers_to", sa.String(32), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=True),
    sa.UniqueConstraint("hall_code", "number"),
    sa.Index("ix_notices_seq", "hall_code", "kind", "year", "window_number", "seq"),
    sa.Index("ix_notices_created", "hall_code", "created_at"),
)

# Cases and the working-day calendar (issue 5, local revision 0005).

#: This PC's cases and, projected from the pull, those of the hall's other PCs: the mirror
#: of the central ``cases`` row, kept by store.local_cases.
cases = sa.Table(
    "cases",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("item_code", sa.String(64), nullable=False),
    sa.Column("item_name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("applicant_name", sa.String(200), nullable=False),
    sa.Column("applicant_display", sa.String(200), nullable=False),
    sa.Column("staff_no", sa.String(32), nullable=False),
    sa.Column("window_number", sa.Integer, nullable=True),
    sa.Column("accepted_at", UTCDateTime, nullable=False),
    sa.Column("accepted_day", sa.Date, nullable=False),
    sa.Column("limit_days", sa.Integer, nullable=False),
    sa.Column("extension_days", sa.Integer, nullable=False),
    sa.Column("deadline", sa.Date, nullable=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("paused_since", sa.Date, nullable=True),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("closed_at", UTCDateTime, nullable=True),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("hall_code", "number"),
    sa.Index("ix_cases_open", "hall_code", "closed_at", "deadline"),
    sa.Index("ix_cases_staff", "hall_code", "staff_no", "closed_at", "deadline"),
)

#: The timeline of the local cases. ``event_id`` is the case event's id (NULL only when the
#: caller wrote the row before its event was sealed).
case_events = sa.Table(
    "case_events",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=True, unique=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("on_behalf_of", sa.String(64), nullable=True),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Index("ix_case_events_case", "hall_code", "number", "at"),
)

#: The pauses of the local cases: the deadline is recomputed from them on this PC.
case_pauses = sa.Table(
    "case_pauses",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("start_day", sa.Date, nullable=False),
    sa.Column("end_day", sa.Date, nullable=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("basis", sa.Text, nullable=False),
    sa.Column("step", sa.String(200), nullable=False),
    sa.Index("ix_case_pauses_case", "hall_code", "number", "start_day"),
)

#: Which central calendar_state.version cached_holidays holds (one row, id 1).
cached_calendar = sa.Table(
    "cached_calendar",
    local_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("cached_at", UTCDateTime, nullable=False),
)

#: The central holidays as last synced, so deadlines are computed offline too.
cached_holidays = sa.Table(
    "cached_holidays",
    local_metadata,
    sa.Column("day", sa.Date, primary_key=True, autoincrement=False),
    sa.Column("working", sa.Boolean, nullable=False),
    sa.Column("reason", sa.String(200), nullable=False),
)

# Inquiries and cover (issue 6, local revision 0006).


def _text(name: str, length: int) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=False)


#: This PC's inquiries and, projected from the pull, the hall's others: the mirror of the
#: central ``inquiries`` row (store.local_inquiries); numbering reads (year, window, seq).
inquiries = sa.Table(
    "inquiries",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    _text("hall_code", 32),
    _text("number", 32),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("window_number", sa.Integer, nullable=False),  # 0: no window
    sa.Column("seq", sa.Integer, nullable=False),
    *(_text(name, 16) for name in ("channel", "person_kind")),
    *(_text(name, 200) for name in ("person_name", "person_display")),
    *(_text(name, 32) for name in ("phone", "id_number")),
    sa.Column("matter", sa.Text, nullable=False),
    _text("item_code", 64),
    sa.Column("materials", sa.Text, nullable=False),
    *(_text(name, 32) for name in ("owner_no", "handler_no")),
    _text("department", 200),
    _text("contact", 500),
    _text("state", 16),
    sa.Column("promised_reply", sa.Date, nullable=True),
    sa.Column("logged_day", sa.Date, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    _text("on_behalf_of", 32),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("referred_at", UTCDateTime, nullable=True),
    sa.Column("closed_at", UTCDateTime, nullable=True),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("hall_code", "number"),
    sa.Index("ix_inquiries_seq", "hall_code", "year", "window_number", "seq"),
    sa.Index("ix_inquiries_handler", "hall_code", "handler_no", "closed_at"),
    sa.Index("ix_inquiries_owner", "hall_code", "owner_no", "closed_at"),
    sa.Index("ix_inquiries_phone", "hall_code", "phone"),
    sa.Index("ix_inquiries_name", "hall_code", "person_name"),
)

#: The timeline of the local inquiries (``event_id`` NULL only before its event was sealed).
inquiry_events = sa.Table(
    "inquiry_events",
    local_metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    _text("hall_code", 32),
    _text("number", 32),
    sa.Column("event_id", sa.String(36), nullable=True, unique=True),
    _text("type", 64),
    sa.Column("at", UTCDateTime, nullable=False),
    _text("actor", 64),
    _text("on_behalf_of", 64),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Index("ix_inquiry_events_inquiry", "hall_code", "number", "at"),
)

#: Absences recorded here and, projected from the pull, the hall's others (id = event id).
absences = sa.Table(
    "absences",
    local_metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    _text("hall_code", 32),
    _text("staff_no", 32),
    _text("kind", 16),
    sa.Column("start_at", UTCDateTime, nullable=False),
    sa.Column("end_at", UTCDateTime, nullable=False),
    _text("note", 500),
    _text("recorded_by", 32),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("cancelled_by", sa.String(32), nullable=True),
    sa.Column("cancelled_at", UTCDateTime, nullable=True),
    sa.Index("ix_absences_staff", "hall_code", "staff_no", "start_at"),
)

#: Which central cover_state.version the three cached tables below hold.
cached_cover = sa.Table(
    "cached_cover",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("cached_at", UTCDateTime, nullable=False),
)

cached_posts = sa.Table(
    "cached_posts",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("post", sa.String(32), primary_key=True),
    _text("a_no", 32),
    _text("b_no", 32),
)

cached_roster = sa.Table(
    "cached_roster",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("window_number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("shift", sa.String(8), primary_key=True),
    _text("staff_no", 32),
)

cached_departments = sa.Table(
    "cached_departments",
    local_metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), primary_key=True),
    _text("contact", 100),
    _text("phone", 32),
    _text("address", 200),
    sa.Column("position", sa.Integer, nullable=False),
)

"""Inquiries, absences and the cover copies in the local store (issue 6).

An inquiry is written here first (local-first): the flow service records each event with
``LocalStore.record_in`` and applies the same event to the local mirror with
:func:`apply_event` in that transaction, exactly as the central handler will
(store.inquiry_changes), so this PC's copy and the central row agree. Absences likewise (the
absence's id is its ``absence.recorded`` event's id, known once the event is sealed). Events
recorded on the hall's other PCs arrive with the pull (:func:`project_pulled`, chained in
services.sync): a referral from another PC reaches this PC's inbox that way.

Numbers (SW2026-03-0012) are taken from the local inquiries (which include the other PCs'
of the hall, projected from the pull), per year and window, so logging never waits on the
network; a clash of two PCs on one window is refused centrally as poison.

Posts, the roster and the departments are cached: replaced as a whole in one transaction
(:func:`replace_cover`) after a sync that saw a newer central cover version.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.inquiries import inquiry_number_prefix
from desk_client.store import cover_repo, db
from desk_client.store.case_changes import AppliedEvent
from desk_client.store.cases_repo import hall_id_of
from desk_client.store.inquiry_changes import (
    ABSENCE_CANCELLED,
    ABSENCE_RECORDED,
    ABSENCE_TYPES,
    INQUIRY_TYPES,
    InquiryTables,
    apply_absence,
    apply_inquiry,
    read_absence,
    read_inquiry,
    read_record,
)
from desk_client.store.inquiry_rows import (
    AbsenceRow,
    CoverSnapshot,
    DepartmentRow,
    InquiryRecord,
    InquiryRow,
    PostRow,
    RosterRow,
    department_from_row,
    roster_from_row,
)
from desk_client.store.local import LocalStore, PulledRow
from desk_client.store.local_schema import (
    absences,
    cached_cover,
    cached_departments,
    cached_posts,
    cached_roster,
    device,
    inquiries,
    inquiry_events,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
#: How far back the cached roster reaches (the reports read the central one).
ROSTER_PAST_DAYS = 31


def local_tables(hall_code: str) -> InquiryTables:
    return InquiryTables(inquiries, inquiry_events, {"hall_code": hall_code})


def apply_event(
    conn: Connection,
    hall_code: str,
    type: str,
    payload: Mapping[str, Any],
    *,
    event_id: str | None = None,
    actor: str = "",
) -> str | None:
    """Apply one inquiry.* or absence.* event to this PC's copy, in the caller's transaction
    (the one that records the event). Returns the reason it cannot apply (nothing written):
    an unknown inquiry, a number that exists, a step its state forbids, an overlapping or
    unknown absence; None when applied."""
    event = AppliedEvent(type, payload, event_id, actor)
    if type in ABSENCE_TYPES:
        return apply_absence(conn, absences, {"hall_code": hall_code}, event)
    t = local_tables(hall_code)
    found = read_inquiry(conn, t, str(payload["number"]))
    known = {} if found is None else {found.number: found}
    return apply_inquiry(conn, t, known, event)


def next_seq(conn: Connection, hall_code: str, year: int, desk: int) -> int:
    """The next sequence of a year and desk (the number's middle part, store.local.number_desk),
    from the local rows."""
    i = inquiries.c
    where = [i.hall_code == hall_code, i.number.like(f"{inquiry_number_prefix(year, desk)}%")]
    last = conn.execute(sa.select(sa.func.max(i.seq)).where(*where)).scalar_one_or_none()
    return int(last or 0) + 1


# -- reading --------------------------------------------------------------------------------


def get_inquiry(conn: Connection, hall_code: str, number: str) -> InquiryRow | None:
    return read_inquiry(conn, local_tables(hall_code), number)


def inquiry_record(conn: Connection, hall_code: str, number: str) -> InquiryRecord | None:
    """The inquiry with its timeline (what the detail view shows), or None."""
    return read_record(conn, local_tables(hall_code), number)


def read_local(local: LocalStore, work: Callable[[Connection], T]) -> T:
    """Run ``work`` on a read connection of the local store."""
    with db.read(local.engine()) as conn:
        return work(conn)


def local_absences(
    conn: Connection,
    hall_code: str,
    span: tuple[datetime, datetime] | None = None,
    staff_no: str | None = None,
) -> list[AbsenceRow]:
    """The active absences held here (recorded here or pulled), by start."""
    return cover_repo.absences_in(conn, absences, {"hall_code": hall_code}, span, staff_no)


def local_overlap(
    conn: Connection, hall_code: str, staff_no: str, span: tuple[datetime, datetime]
) -> AbsenceRow | None:
    """An active absence of ``staff_no`` held here that overlaps ``span`` (absence.overlaps
    is refused before anything is recorded)."""
    found = local_absences(conn, hall_code, span, staff_no)
    return found[0] if found else None


def local_absence(conn: Connection, hall_code: str, absence_id: str) -> AbsenceRow | None:
    return read_absence(conn, absences, {"hall_code": hall_code}, absence_id)


# -- the cached posts, roster and departments ---------------------------------------------------


def cached_version(conn: Connection, hall_code: str) -> int | None:
    """The central cover version held here; None before the first refresh."""
    query = sa.select(cached_cover.c.version).where(cached_cover.c.hall_code == hall_code)
    found = conn.execute(query).scalar_one_or_none()
    return None if found is None else int(found)


def replace_cover(conn: Connection, hall_code: str, snap: CoverSnapshot, now: datetime) -> None:
    """The whole copy and its version, in the caller's transaction."""
    for table in (cached_posts, cached_roster, cached_departments, cached_cover):
        conn.execute(table.delete().where(table.c.hall_code == hall_code))
    key = {"hall_code": hall_code}
    posts = [key | {"post": p.post, "a_no": p.a_no, "b_no": p.b_no} for p in snap.posts]
    roster = [
        key
        | {"day": r.day, "window_number": r.window_number, "shift": r.shift}
        | {"staff_no": r.staff_no}
        for r in snap.roster
    ]
    departments = [
        key
        | {"name": d.name, "contact": d.contact, "phone": d.phone, "address": d.address}
        | {"position": position}
        for position, d in enumerate(snap.departments, start=1)
    ]
    for table, rows in ((cached_posts, posts), (cached_roster, roster)):
        if rows:
            conn.execute(table.insert(), rows)
    if departments:
        conn.execute(cached_departments.insert(), departments)
    values = {"hall_code": hall_code, "version": snap.version, "cached_at": now}
    conn.execute(cached_cover.insert().values(**values))


def load_posts(conn: Connection, hall_code: str) -> list[PostRow]:
    p = cached_posts.c
    found = conn.execute(sa.select(cached_posts).where(p.hall_code == hall_code))
    rows = [PostRow(row.post, row.a_no, row.b_no) for row in found]
    return sorted(rows, key=lambda row: cover_repo.post_order(row.post))


def load_roster(
    conn: Connection, hall_code: str, start: date, end: date | None = None
) -> list[RosterRow]:
    """The cached roster from ``start`` to ``end`` (inclusive; one day without ``end``)."""
    r = cached_roster.c
    where = [r.hall_code == hall_code, r.day.between(start, end or start)]
    query = sa.select(cached_roster).where(*where).order_by(r.day, r.window_number, r.shift)
    return [roster_from_row(row) for row in conn.execute(query)]


def load_departments(conn: Connection, hall_code: str) -> list[DepartmentRow]:
    d = cached_departments.c
    query = sa.select(cached_departments).where(d.hall_code == hall_code).order_by(d.position)
    return [department_from_row(row) for row in conn.execute(query)]


def refresh_cover(
    local: LocalStore,
    hall_code: str,
    read_central: Callable[[Callable[[Connection], Any]], Any],
    today: date,
    now: datetime,
) -> bool:
    """Copy the hall's central posts, roster (from ROSTER_PAST_DAYS before ``today`` on) and
    departments here when their version moved; True if so. ``read_central(work)`` runs
    ``work`` on a central read connection (services.context.Context.read). Called after
    every successful sync (services.sync.after_sync)."""
    held = read_local(local, lambda conn: cached_version(conn, hall_code))
    since = today - timedelta(days=ROSTER_PAST_DAYS)

    def current(conn: Connection) -> CoverSnapshot | None:
        hall_id = hall_id_of(conn, hall_code)
        if cover_repo.cover_version(conn, hall_id) == held:
            return None
        return cover_repo.snapshot(conn, hall_id, since)

    snap: CoverSnapshot | None = read_central(current)
    if snap is None:
        return False
    with local.write() as conn:
        replace_cover(conn, hall_code, snap, now)
    return True


# -- projection of pulled events ----------------------------------------------------------------


def _seen(conn: Connection, hall_code: str, row: PulledRow, payload: Mapping[str, Any]) -> bool:
    """Projected before: its timeline step is here, its absence is here (or cancelled)."""
    if row.type == ABSENCE_RECORDED:
        return local_absence(conn, hall_code, row.event_id) is not None
    if row.type == ABSENCE_CANCELLED:
        found = local_absence(conn, hall_code, str(payload["id"]))
        return found is not None and not found.active
    e = inquiry_events.c
    return conn.execute(sa.select(e.id).where(e.event_id == row.event_id)).first() is not None


def _project_one(conn: Connection, hall_code: str, row: PulledRow) -> None:
    payload = json.loads(row.payload)
    if not isinstance(payload, dict):
        raise TypeError("payload is not a JSON object")
    if _seen(conn, hall_code, row, payload):
        return
    actor = str(payload.get("actor") or payload.get("recorded_by") or "")
    reason = apply_event(conn, hall_code, row.type, payload, event_id=row.event_id, actor=actor)
    if reason is not None:
        log.warning("pulled event %s (%s) not projected: %s", row.event_id, row.type, reason)


def project_pulled(conn: Connection, rows: Sequence[PulledRow], hall_code: str) -> None:
    """Project the hall's inquiry and absence events recorded on OTHER PCs.

    This PC's own events were applied when they were recorded; rejected events changed
    nothing centrally and change nothing here. Each row runs in a savepoint: one that fails
    (an older or newer client's payload, an inquiry this PC never saw) is logged and
    skipped, never raised, because a failing hook would stop the pull for good.
    """
    own = conn.execute(sa.select(device.c.device_id)).scalar_one_or_none()
    wanted = (*INQUIRY_TYPES, *ABSENCE_TYPES)
    for row in rows:
        if row.type not in wanted or row.status != "applied" or row.device_id == own:
            continue
        try:
            with conn.begin_nested():
                _project_one(conn, hall_code, row)
        except (DeskError, ValueError, KeyError, TypeError, sa.exc.SQLAlchemyError) as exc:
            log.warning("pulled event %s (%s) skipped: %s", row.event_id, row.type, exc)

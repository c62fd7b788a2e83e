"""Inquiries centrally (issue 6), and the reads shared with the local mirror.

Rows arrive through the inquiry events (sync.handlers_inquiries, applied by
store.inquiry_changes); this module only reads. Every query takes an
:class:`~desk_client.store.inquiry_changes.InquiryTables` (``central_tables`` here,
store.local_inquiries.local_tables for this PC's copy), so the lookup, the inbox and the
reports read the central database and the local store with the same code.

Open means not closed (closed_at IS NULL: answered, guided and closed inquiries are done), so
the inbox and "mine" are range reads of the (hall, handler|owner, closed_at) indexes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.inquiries import InquiryState
from desk_client.store.cases_repo import hall_id_of
from desk_client.store.inquiry_changes import InquiryTables, read_inquiry, read_record
from desk_client.store.inquiry_rows import InquiryRecord, InquiryRow, StepRow, inquiry_from_row
from desk_client.store.inquiry_rows import step_from_row as _step
from desk_client.store.inquiry_schema import inquiries, inquiry_events

#: At most this many rows answer a lookup (the newest first).
LOOKUP_LIMIT = 50


def central_tables(hall_id: int) -> InquiryTables:
    return InquiryTables(inquiries, inquiry_events, {"hall_id": hall_id})


def tables_of(conn: Connection, hall_code: str) -> InquiryTables:
    """The central tables of a hall by its code (DeskError hall.not_found when unknown)."""
    return central_tables(hall_id_of(conn, hall_code))


def get_inquiry(conn: Connection, hall_code: str, number: str) -> InquiryRow | None:
    return read_inquiry(conn, tables_of(conn, hall_code), number)


def inquiry_record(conn: Connection, hall_code: str, number: str) -> InquiryRecord | None:
    """The inquiry with its timeline (in time order), or None when unknown."""
    return read_record(conn, tables_of(conn, hall_code), number)


# -- the shared reads -------------------------------------------------------------------------


def _rows(conn: Connection, query: sa.Select[tuple[object, ...]]) -> list[InquiryRow]:
    return [inquiry_from_row(row) for row in conn.execute(query)]


def _like(text: str) -> str:
    """A LIKE pattern that finds ``text`` anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find(
    conn: Connection,
    t: InquiryTables,
    *,
    number: str = "",
    phone: str = "",
    name: str = "",
    limit: int = LOOKUP_LIMIT,
) -> list[InquiryRow]:
    """The inquiries with this number, or this phone, or a name containing ``name`` (the
    first criterion given counts), newest first; [] when none is given."""
    i = t.inquiries.c
    if number:
        condition = i.number == number
    elif phone:
        condition = i.phone == phone
    elif name:
        condition = i.person_name.like(_like(name), escape="\\")
    else:
        return []
    query = sa.select(t.inquiries).where(*t.where(t.inquiries), condition)
    return _rows(conn, query.order_by(i.created_at.desc(), i.number.desc()).limit(limit))


def handled_by(conn: Connection, t: InquiryTables, staff_nos: Collection[str]) -> list[InquiryRow]:
    """The open inquiries whose handler is one of ``staff_nos`` (the inbox: referred to them,
    in their hands, replied for the owner to close, handed back), oldest first."""
    i = t.inquiries.c
    where = [*t.where(t.inquiries), i.handler_no.in_(set(staff_nos)), i.closed_at.is_(None)]
    return _rows(conn, sa.select(t.inquiries).where(*where).order_by(i.created_at, i.number))


def owned_by(conn: Connection, t: InquiryTables, staff_nos: Collection[str]) -> list[InquiryRow]:
    """The open inquiries that one of ``staff_nos`` owns (首问责任人), oldest first."""
    i = t.inquiries.c
    where = [*t.where(t.inquiries), i.owner_no.in_(set(staff_nos)), i.closed_at.is_(None)]
    return _rows(conn, sa.select(t.inquiries).where(*where).order_by(i.created_at, i.number))


def follow_ups(
    conn: Connection,
    t: InquiryTables,
    *,
    owners: Collection[str] | None = None,
    due_by: date | None = None,
) -> list[InquiryRow]:
    """Inquiries waiting for a promised reply (state follow_up), earliest reply date
    first: of some owners only, and due on or before ``due_by`` when given."""
    i = t.inquiries.c
    where = [*t.where(t.inquiries), i.state == InquiryState.FOLLOW_UP.value]
    if owners is not None:
        where.append(i.owner_no.in_(set(owners)))
    if due_by is not None:
        where.append(i.promised_reply <= due_by)
    query = sa.select(t.inquiries).where(*where).order_by(i.promised_reply, i.number)
    return _rows(conn, query)


def logged_between(
    conn: Connection, t: InquiryTables, start: datetime, end: datetime
) -> list[InquiryRow]:
    """The inquiries logged in [start, end), in that order (for the reports)."""
    i = t.inquiries.c
    where = [*t.where(t.inquiries), i.created_at >= start, i.created_at < end]
    return _rows(conn, sa.select(t.inquiries).where(*where).order_by(i.created_at, i.number))


def steps_between(
    conn: Connection,
    t: InquiryTables,
    start: datetime,
    end: datetime,
    types: Sequence[str] = (),
) -> list[tuple[str, StepRow]]:
    """(number, step) of the steps taken in [start, end), of ``types`` only when given, in
    time order (the reports' referral turnaround)."""
    e = t.events.c
    where = [*t.where(t.events), e.at >= start, e.at < end]
    if types:
        where.append(e.type.in_(set(types)))
    query = sa.select(t.events).where(*where).order_by(e.at, e.id)
    return [(row.number, _step(row)) for row in conn.execute(query)]


def timelines(
    conn: Connection, t: InquiryTables, numbers: Sequence[str]
) -> dict[str, tuple[StepRow, ...]]:
    """The timelines of several inquiries in one query, by number (time order)."""
    if not numbers:
        return {}
    e = t.events.c
    query = sa.select(t.events).where(*t.where(t.events, numbers)).order_by(e.at, e.id)
    found: dict[str, list[StepRow]] = {number: [] for number in numbers}
    for row in conn.execute(query):
        found[row.number].append(_step(row))
    return {number: tuple(steps) for number, steps in found.items()}

"""Central reads and writes of notices, rejection reports (否定报备) and their audit trail.

Notices and exceptions arrive through the sync ingest (sync.handlers_notices); what is
written here directly is a supervisor's decision on a rejection report, which must be central
(the supervisor sits at another PC than the clerk who reported it): :func:`decide` locks the
report row and refuses anything that is no longer pending, so two supervisors deciding at the
same moment cannot both win.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.checklist import Applicant
from desk_client.core.errors import DeskError
from desk_client.core.notices import NoticeKind, content_from_dict
from desk_client.store.notice_schema import (
    id_reveals,
    notices,
    one_time_exceptions,
    rejection_reports,
)
from desk_client.store.schema import halls, staff

PENDING, APPROVED, RETURNED = "pending", "approved", "returned"


@dataclass(frozen=True)
class CentralNotice:
    """A notice as the central database holds it; ``report_status`` for a rejection."""

    number: str
    kind: NoticeKind
    content: dict[str, Any]  # core.notices.content_to_dict form
    staff_no: str
    issued_at: datetime
    device_id: str
    report_status: str | None
    comment: str


@dataclass(frozen=True)
class ReportRow:
    """A rejection report with what a supervisor's list shows of its notice."""

    number: str
    status: str  # pending | approved | returned
    item_name: str
    applicant: Applicant  # full ID number: mask it for display (core.idnumbers)
    reported_by: str
    reported_by_name: str
    reported_at: datetime
    reason: str
    basis: str
    print_first: bool
    decided_by: str
    decided_at: datetime | None
    comment: str


@dataclass(frozen=True)
class ExceptionRow:
    refers_to: str
    material: str
    reason: str
    supervisor_no: str
    supervisor_name: str
    staff_no: str
    staff_name: str
    approved_at: datetime


# -- notices ---------------------------------------------------------------------------------


def notice_by_number(conn: Connection, hall_id: int, number: str) -> CentralNotice | None:
    n, r = notices.c, rejection_reports.c
    on = sa.and_(r.hall_id == n.hall_id, r.number == n.number)
    query = (
        sa.select(n.number, n.kind, n.content, n.staff_no, n.issued_at, n.device_id)
        .add_columns(r.status, r.comment)
        .select_from(notices.outerjoin(rejection_reports, on))
        .where(n.hall_id == hall_id, n.number == number)
    )
    row = conn.execute(query).first()
    if row is None:
        return None
    return CentralNotice(
        number=row.number,
        kind=NoticeKind(row.kind),
        content=json.loads(row.content),
        staff_no=row.staff_no,
        issued_at=row.issued_at,
        device_id=row.device_id,
        report_status=row.status,
        comment=row.comment or "",
    )


# -- rejection reports -------------------------------------------------------------------------


def _reports() -> sa.Select[Any]:
    r, n, s = rejection_reports.c, notices.c, staff.c
    return (
        sa.select(rejection_reports, n.content, s.name.label("reported_by_name"))
        .join(notices, sa.and_(n.hall_id == r.hall_id, n.number == r.number))
        .outerjoin(staff, sa.and_(s.hall_id == r.hall_id, s.staff_no == r.reported_by))
    )


def _report(row: Any) -> ReportRow:
    content = content_from_dict(json.loads(row.content))
    return ReportRow(
        number=row.number,
        status=row.status,
        item_name=content.item_name,
        applicant=content.applicant,
        reported_by=row.reported_by,
        reported_by_name=row.reported_by_name or "",
        reported_at=row.reported_at,
        reason=row.reason,
        basis=row.basis,
        print_first=bool(row.print_first),
        decided_by=row.decided_by or "",
        decided_at=row.decided_at,
        comment=row.comment or "",
    )


def report_by_number(conn: Connection, hall_id: int, number: str) -> ReportRow | None:
    r = rejection_reports.c
    row = conn.execute(_reports().where(r.hall_id == hall_id, r.number == number)).first()
    return None if row is None else _report(row)


def pending_reports(conn: Connection, hall_id: int, limit: int = 200) -> list[ReportRow]:
    """Waiting for a decision, oldest first (the supervisor works through them in order)."""
    r = rejection_reports.c
    query = (
        _reports()
        .where(r.hall_id == hall_id, r.status == PENDING)
        .order_by(r.reported_at, r.id)
        .limit(limit)
    )
    return [_report(row) for row in conn.execute(query)]


def recent_reports(conn: Connection, hall_id: int, limit: int = 50) -> list[ReportRow]:
    """Every status, newest first."""
    r = rejection_reports.c
    query = _reports().where(r.hall_id == hall_id).order_by(r.reported_at.desc(), r.id.desc())
    return [_report(row) for row in conn.execute(query.limit(limit))]


def report_status(conn: Connection, hall_id: int, number: str) -> tuple[str, str] | None:
    """(status, comment) of a notice's rejection report; None when there is none."""
    r = rejection_reports.c
    query = sa.select(r.status, r.comment).where(r.hall_id == hall_id, r.number == number)
    row = conn.execute(query).first()
    return None if row is None else (str(row.status), row.comment or "")


def decide(  # noqa: PLR0917 - the positional signature the services were promised
    conn: Connection,
    hall_id: int,
    number: str,
    supervisor_no: str,
    approve: bool,
    comment: str,
    now: datetime,
) -> ReportRow:
    """Approve or return a pending report (the caller's write transaction).

    The row is locked first; one already decided is refused with report.already_decided
    (nothing changes), an unknown number with report.not_found.
    """
    r = rejection_reports.c
    where = (r.hall_id == hall_id, r.number == number)
    locked = sa.select(r.status).where(*where).with_for_update()
    status = conn.execute(locked).scalar_one_or_none()
    if status is None:
        raise DeskError("report.not_found", number=number)
    if status != PENDING:
        raise DeskError("report.already_decided", number=number, status=status)
    conn.execute(
        rejection_reports.update()
        .where(*where)
        .values(
            status=APPROVED if approve else RETURNED,
            decided_by=supervisor_no,
            decided_at=now,
            comment=comment,
        )
    )
    found = report_by_number(conn, hall_id, number)
    assert found is not None  # locked above
    return found


# -- exceptions, reveals, contacts -----------------------------------------------------------


def recent_exceptions(conn: Connection, hall_id: int, limit: int = 50) -> list[ExceptionRow]:
    """The newest exceptions, with the clerk's name (blank for a staff number no longer
    in the hall's table)."""
    e, s = one_time_exceptions.c, staff.c
    query = (
        sa.select(
            e.refers_to,
            e.material,
            e.reason,
            e.supervisor_no,
            e.supervisor_name,
            e.staff_no,
            sa.func.coalesce(s.name, "").label("staff_name"),
            e.approved_at,
        )
        .outerjoin(staff, sa.and_(s.hall_id == e.hall_id, s.staff_no == e.staff_no))
        .where(e.hall_id == hall_id)
        .order_by(e.approved_at.desc(), e.id.desc())
        .limit(limit)
    )
    return [ExceptionRow(**row._mapping) for row in conn.execute(query)]


def reveal_count(conn: Connection, hall_id: int, notice_number: str) -> int:
    """How often a notice's ID number was revealed (audit)."""
    i = id_reveals.c
    query = sa.select(sa.func.count()).where(i.hall_id == hall_id, i.notice_number == notice_number)
    return int(conn.execute(query).scalar_one())


def staff_phones(conn: Connection, hall_id: int) -> dict[str, str]:
    s = staff.c
    return dict(conn.execute(sa.select(s.staff_no, s.phone).where(s.hall_id == hall_id)).all())


def hall_contact(conn: Connection, hall_id: int) -> tuple[str, str]:
    """(phone, address) of the hall."""
    h = halls.c
    row = conn.execute(sa.select(h.phone, h.address).where(h.id == hall_id)).one()
    return str(row.phone), str(row.address)

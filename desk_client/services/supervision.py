"""The supervisor's view: rejection reports (否定报备) to decide, one-time exceptions to see.

Reports and exceptions reach the central database through the sync of the clerks' PCs; the
decision is one central transaction (the report row is locked, and a report already decided
is refused), so two supervisors clicking at once cannot both decide it. The clerk's PC reads
the decision back with ChecklistService.refresh_status.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import mask_applicant
from desk_client.services.context import Context
from desk_client.services.dto import StaffSession
from desk_client.services.dto_notices import ExceptionView, RejectionReportView
from desk_client.services.notice_rows import REASON_LIMIT
from desk_client.store import notices_central

SUPERVISORS = ("supervisor", "admin")


def report_view(row: notices_central.ReportRow) -> RejectionReportView:
    return RejectionReportView(
        number=row.number,
        item_name=row.item_name,
        applicant_display=mask_applicant(row.applicant),
        reported_by=row.reported_by,
        reported_by_name=row.reported_by_name,
        reason=row.reason,
        basis=row.basis,
        reported_at=row.reported_at,
        status=row.status,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        comment=row.comment,
    )


def exception_view(row: notices_central.ExceptionRow) -> ExceptionView:
    return ExceptionView(
        notice_number=row.refers_to,
        material=row.material,
        reason=row.reason,
        supervisor_no=row.supervisor_no,
        staff_no=row.staff_no,
        approved_at=row.approved_at,
        supervisor_name=row.supervisor_name,
        staff_name=row.staff_name,
    )


class SupervisorService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def pending_reports(self) -> tuple[RejectionReportView, ...]:
        """Reports waiting for a decision, oldest first."""
        return self._read(notices_central.pending_reports)

    def recent_reports(self, limit: int = 50) -> tuple[RejectionReportView, ...]:
        """Every report of the hall, newest first (pending and decided)."""
        return self._read(
            lambda conn, hall_id: notices_central.recent_reports(conn, hall_id, limit)
        )

    def _read(
        self, rows: Callable[[Connection, int], Sequence[notices_central.ReportRow]]
    ) -> tuple[RejectionReportView, ...]:
        def work(conn: Connection) -> tuple[RejectionReportView, ...]:
            hall_id, _ = self._ctx.hall(conn)
            return tuple(report_view(row) for row in rows(conn, hall_id))

        return self._ctx.read(work)

    def decide(
        self, session: StaffSession, number: str, approve: bool, comment: str
    ) -> RejectionReportView:
        """Approve (the clerk may print) or return (comment required) a pending report."""
        if session.role not in SUPERVISORS:
            raise DeskError("report.not_supervisor")
        said = comment.strip()
        if not approve and not said:
            raise DeskError("report.comment_required", limit=REASON_LIMIT)
        if len(said) > REASON_LIMIT:
            raise DeskError("report.comment_too_long", limit=REASON_LIMIT)
        wanted, now = number.strip().upper(), self._ctx.now()

        def work(conn: Connection) -> RejectionReportView:
            hall_id, _ = self._ctx.hall(conn)
            row = notices_central.decide(
                conn, hall_id, wanted, session.staff_no, approve, said, now
            )
            return report_view(row)

        return self._ctx.write(work)

    def exceptions(self, limit: int = 50) -> tuple[ExceptionView, ...]:
        """The hall's recorded exceptions to the one-time rule, newest first."""

        def work(conn: Connection) -> tuple[ExceptionView, ...]:
            hall_id, _ = self._ctx.hall(conn)
            return tuple(
                exception_view(r) for r in notices_central.recent_exceptions(conn, hall_id, limit)
            )

        return self._ctx.read(work)

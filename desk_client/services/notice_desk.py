"""Finding, printing and revealing notices: the reading half of the checklist flow.

A notice is looked up on this PC first (its own notices and those the pull brought from the
hall's other PCs), then centrally when the central database can be reached: a notice issued a
minute ago at the next window may not have been pulled yet. Only a rejection's status changes
after it is written, and only by the supervisor's central decision (refresh_status).
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.notices import NoticeKind, content_from_dict, read_notice_input
from desk_client.services.context import Context
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_notices import (
    STATUS_APPROVED,
    STATUS_AWAITING,
    STATUS_ISSUED,
    STATUS_REPORTED,
    STATUS_RETURNED,
    NoticeView,
)
from desk_client.services.notice_rows import notice_view
from desk_client.services.printing import PrintService
from desk_client.services.sync import SyncService
from desk_client.store import db, local_notices, notices_central
from desk_client.store.db import UNREACHABLE
from desk_client.store.local import LocalStore

PAPERS = ("80mm", "a4")
#: A rejection report's central status -> the notice's status (pending keeps the local one).
DECIDED = {"approved": STATUS_APPROVED, "returned": STATUS_RETURNED}


def local_view(row: local_notices.NoticeRow) -> NoticeView:
    content = content_from_dict(row.content)
    return notice_view(content, row.status, row.staff_no, row.created_at, row.comment)


def central_view(found: notices_central.CentralNotice, print_first: bool) -> NoticeView:
    """A notice read centrally; a rejection's status comes from its report row."""
    content = content_from_dict(found.content)
    status = STATUS_ISSUED
    if found.kind is NoticeKind.REJECTION:
        pending = STATUS_REPORTED if print_first else STATUS_AWAITING
        status = DECIDED.get(found.report_status or "", pending)
    return notice_view(content, status, found.staff_no, found.issued_at, found.comment)


class NoticeDesk:
    def __init__(self, ctx: Context, sync: SyncService, printing: PrintService) -> None:
        self._ctx = ctx
        self._sync = sync
        self._printing = printing

    @property
    def _local(self) -> LocalStore:
        return self._sync.local

    @property
    def _hall_code(self) -> str:
        return self._ctx.config.hall_code

    # -- finding -----------------------------------------------------------------------------

    def number_of(self, text: str) -> str:
        """The notice number typed or scanned (DESKN|hall|number); another hall's is refused."""
        hall, number = read_notice_input(text)
        if hall is not None and hall != self._hall_code:
            raise DeskError("notice.other_hall", number=number, hall=hall)
        return number

    def notice(self, number: str) -> NoticeView:
        """The notice, from this PC or the central database; refused when neither has it."""
        wanted = self.number_of(number)
        found = self._from_local(wanted) or self._from_central(wanted)
        if found is None:
            raise DeskError("notice.not_found", number=wanted)
        return found

    def _from_local(self, number: str) -> NoticeView | None:
        with db.read(self._local.engine()) as conn:
            row = local_notices.get_notice(conn, self._hall_code, number)
        return None if row is None else local_view(row)

    def _from_central(self, number: str) -> NoticeView | None:
        """None when the central database does not have it or cannot be reached."""

        def work(conn: Connection) -> NoticeView | None:
            hall_id, _ = self._ctx.hall(conn)
            found = notices_central.notice_by_number(conn, hall_id, number)
            if found is None:
                return None
            report = notices_central.report_by_number(conn, hall_id, number)
            return central_view(found, report is not None and report.print_first)

        try:
            return self._ctx.read(work)
        except DeskError as exc:
            if exc.code not in UNREACHABLE:
                raise
            return None

    def history(self, query: str = "", limit: int = 100) -> tuple[NoticeView, ...]:
        """This PC's notices (and pulled ones), newest first, by number, applicant or item."""
        with db.read(self._local.engine()) as conn:
            rows = local_notices.search_history(conn, self._hall_code, query.strip(), limit)
        return tuple(local_view(row) for row in rows)

    # -- a rejection's status ------------------------------------------------------------------

    def refresh_status(self, number: str) -> NoticeView:
        """Read the supervisor's decision centrally (when reachable) into the local notice."""
        view = self.notice(number)
        if view.kind is not NoticeKind.REJECTION:
            return view
        report = self._central_report(view.number)
        if report is None or report[0] not in DECIDED:
            return view
        status, comment = DECIDED[report[0]], report[1]
        with self._local.write() as conn:
            local_notices.set_status(conn, self._hall_code, view.number, status, comment)
        return notice_view(view.content, status, view.staff_no, view.created_at, comment)

    def _central_report(self, number: str) -> tuple[str, str] | None:
        """(status, comment) of the notice's central report; None when unknown or away."""

        def work(conn: Connection) -> tuple[str, str] | None:
            hall_id, _ = self._ctx.hall(conn)
            return notices_central.report_status(conn, hall_id, number)

        try:
            return self._ctx.read(work)
        except DeskError as exc:
            if exc.code not in UNREACHABLE:
                raise
            return None

    # -- printing and revealing ----------------------------------------------------------------

    def print_notice(self, number: str, paper: str = "80mm") -> PrintedDocument:
        """The notice's PDF and pages (stored for reprint); a rejection only once approved."""
        chosen = paper.strip().lower()
        if chosen not in PAPERS:
            raise DeskError("notice.bad_paper", paper=paper)
        view = self.notice(number)
        if view.status == STATUS_AWAITING:
            view = self.refresh_status(view.number)
        if view.status == STATUS_AWAITING:
            raise DeskError("notice.awaiting_approval", number=view.number)
        if not view.printable:
            raise DeskError("notice.returned", number=view.number, comment=view.comment)
        return self._printing.notice(view.content, chosen)

    def reveal_id(self, session: StaffSession, number: str) -> str:
        """The applicant's full ID number, after recording who looked (id.revealed)."""
        view = self.notice(number)
        now = self._ctx.now()
        payload = {"number": view.number, "staff_no": session.staff_no, "at": now.isoformat()}
        self._local.record("id.revealed", payload, session.staff_no, now)
        self._sync.wake()
        return view.content.applicant.id_number
